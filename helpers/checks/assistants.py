"""Checks for lesson 01 (assistants): a more focused 小U, a weather assistant with a function tool, and paging by hand."""

from __future__ import annotations

import openai

from . import Report, check, is_function, kind, object_id, predicted, say, stored

XIAOU = "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。"


def _retrieve(client, report: Report, assistant, name: str, how: str):
    """The stored assistant, or None after saying what is missing."""
    return stored(report, client.beta.assistants.retrieve, assistant, name, how, ('assistant', '助手'))


def _functions(assistant) -> dict:
    return {tool.function.name: tool.function for tool in assistant.tools if tool.type == "function"}


@check("01.1", "a more focused 小U", "更稳定、更简洁的小U")
def check_focused_xiaou(report: Report, client, assistant) -> Report:
    """Exercise 01.1: 小U updated to temperature 0.2 and instructions asking for short answers, tool kept."""
    stored = _retrieve(client, report, assistant, "xiaou", say("update xiaou with client.beta.assistants.update(...)", "用 client.beta.assistants.update(...) 更新 xiaou"))
    if stored is None:
        return report
    report.expect(
        stored.temperature is not None and abs(stored.temperature - 0.2) < 1e-9,
        say("temperature is 0.2", "temperature 是 0.2"),
        say(f"temperature is {stored.temperature}, not 0.2", f"temperature 是 {stored.temperature}，不是 0.2"),
        say("temperature is a setting like the others: the update can change it too", "temperature 和其他设置一样：这次更新也可以改它"),
    )
    instructions = stored.instructions or ""
    report.expect(
        "小U" in instructions and "UAP" in instructions,
        say("the instructions still say who 小U is", "instructions 仍然说明小U是谁"),
        say("the instructions lost who 小U is (小U, UAP)", "instructions 丢了小U的身份（小U、UAP）"),
        say("update replaces the whole instructions text: send the old text plus the new sentence", "update 会整体替换 instructions：把原文加上新的一句一起发送"),
    )
    report.expect(
        bool(instructions.strip()) and instructions.strip() != XIAOU,
        say("the instructions say something more than before", "instructions 比原来多说了些东西"),
        say("the instructions are as they were: nothing asks for short answers", "instructions 和原来一样：没有要求回答简短"),
        say("add a sentence of your own that asks for short answers", "自己加一句话，要求回答简短"),
    )
    report.expect(
        "ask_database" in _functions(stored),
        say("the ask_database tool is still there", "ask_database 工具还在"),
        say("the ask_database tool is gone", "ask_database 工具不见了"),
        say("leave tools out of update() and they stay as they were", "update() 不传 tools，工具就保持不变"),
    )
    return report


@check("01.2", "a weather assistant", "天气助手")
def check_weather_assistant(report: Report, client, assistant) -> Report:
    """Exercise 01.2: a weather assistant whose function tool get_weather takes a required string `city`."""
    stored = _retrieve(client, report, assistant, "weather_assistant", say("create it with client.beta.assistants.create(...)", "用 client.beta.assistants.create(...) 创建"))
    if stored is None:
        return report
    report.expect(
        bool((stored.instructions or "").strip()),
        say("it has instructions", "它有 instructions"),
        say("it has no instructions", "它没有 instructions"),
        say("instructions say what the assistant is for: without them it is a model with a tool and no purpose", "instructions 说明助手是做什么的：没有它，就只是一个带工具却没有目标的模型"),
    )
    functions = _functions(stored)
    hint_tool = say(
        'tools=[{"type": "function", "function": {"name": "get_weather", "description": ..., "parameters": {...}}}]',
        'tools=[{"type": "function", "function": {"name": "get_weather", "description": ..., "parameters": {...}}}]',
    )
    if not report.expect(
        "get_weather" in functions,
        say("it has a function tool named get_weather", "它有一个名为 get_weather 的函数工具"),
        say(f"no function tool named get_weather (functions: {sorted(functions) or 'none'})", f"没有名为 get_weather 的函数工具（现有函数：{sorted(functions) or '无'}）"),
        hint_tool,
    ):
        return report
    function = functions["get_weather"]
    report.expect(
        bool(function.description),
        say("get_weather has a description", "get_weather 有 description"),
        say("get_weather has no description", "get_weather 没有 description"),
        say("the model decides when to call a function from its description: say what it does", "模型根据 description 决定何时调用函数：写清它做什么"),
    )
    parameters = function.parameters or {}
    city = (parameters.get("properties") or {}).get("city")
    report.expect(
        parameters.get("type") == "object",
        say('its parameters are a JSON Schema "object"', 'parameters 是 JSON Schema 的 "object"'),
        say('its parameters are not of type "object"', 'parameters 的 type 不是 "object"'),
        say('"parameters": {"type": "object", "properties": {...}, "required": [...]}', '"parameters": {"type": "object", "properties": {...}, "required": [...]}'),
    )
    report.expect(
        isinstance(city, dict) and city.get("type") == "string",
        say("it takes a `city` string", "它接收字符串参数 `city`"),
        say("it has no `city` parameter of type string", "它没有 string 类型的 `city` 参数"),
        say('"properties": {"city": {"type": "string", "description": "城市名,如 北京"}}', '"properties": {"city": {"type": "string", "description": "城市名,如 北京"}}'),
    )
    report.expect(
        "city" in (parameters.get("required") or []),
        say("`city` is required", "`city` 是必填参数"),
        say("`city` is not in `required`", "`city` 不在 `required` 里"),
        say('"required": ["city"]: without it the model may call get_weather with no city', '"required": ["city"]:否则模型可能不带城市就调用 get_weather'),
    )
    return report


@check("01.3", "every assistant, page by page", "一页一页列出所有助手")
def check_all_assistant_ids(report: Report, client, all_assistant_ids) -> Report:
    """Exercise 01.3: a function all_assistant_ids(client, page_size) that pages by hand and returns every id, newest first."""
    if not callable(all_assistant_ids):
        report.miss(
            say("`all_assistant_ids` is not a function yet", "`all_assistant_ids` 还不是一个函数"),
            say("def all_assistant_ids(client, page_size=2): ... return ids", "def all_assistant_ids(client, page_size=2): ... return ids"),
        )
        return report
    made = []
    if len(client.beta.assistants.list(limit=3).data) < 3:  # too few to page through (a fresh server, a clean-up): the check makes its own
        made = [client.beta.assistants.create(model="gpt-4o", name=f"page filler {n}") for n in range(3)]
    try:
        _page_through(report, client, all_assistant_ids)
    finally:
        for assistant in made:
            client.beta.assistants.delete(assistant.id)
    return report


def _page_through(report: Report, client, all_assistant_ids) -> None:
    truth = [a.id for a in client.beta.assistants.list(limit=100)]  # the SDK walks every page itself
    for page_size in sorted({1 if len(truth) <= 30 else 7, min(len(truth) - 1, 100) or 1}):  # the API takes limit 1..100
        try:
            ids = all_assistant_ids(client, page_size)
            ids = list(ids) if isinstance(ids, (list, tuple)) or hasattr(ids, "__iter__") and not isinstance(ids, (str, dict)) else ids
        except Exception as error:  # the learner's code: say what it raised, and where to look
            report.miss(
                say(f"all_assistant_ids(client, {page_size}) raised {type(error).__name__}: {error}", f"all_assistant_ids(client, {page_size}) 抛出了 {type(error).__name__}：{error}"),
                say("pass page_size as limit=, and the last id you saw as after=", "把 page_size 作为 limit= 传入，把上一页最后一个 id 作为 after= 传入"),
            )
            return
        if not isinstance(ids, list):
            report.miss(
                say(f"all_assistant_ids(client, {page_size}) returned {kind(ids)}, not a list of ids", f"all_assistant_ids(client, {page_size}) 返回了{kind(ids)}，不是 id 列表"),
                say("collect the ids in a list, and return it", "把 id 收集进一个列表，再返回它"),
            )
            return
        if any(not isinstance(one, str) for one in ids):
            objects = any(isinstance(getattr(one, "id", None), str) for one in ids)
            report.miss(
                say("it returns assistant objects, not their ids" if objects else "it returns something other than id strings", "它返回的是助手对象，不是它们的 id" if objects else "它返回的不是 id 字符串"),
                say("each assistant's id is its .id", "每个助手的 id 是它的 .id"),
            )
            return
        if sorted(ids) != sorted(truth):
            report.miss(
                say(f"with pages of {page_size}, it found {len(ids)} of the {len(truth)} assistants", f"每页 {page_size} 个时，它找到了 {len(truth)} 个助手中的 {len(ids)} 个"),
                say("keep asking while page.has_more, with after=page.last_id", "只要 page.has_more 为真就继续请求，after=page.last_id"),
            )
            return
    report.ok(say("it finds every assistant, whatever the page size", "无论每页多大，都能找到全部助手"))
    report.expect(
        ids == truth,
        say("newest first, as the API lists them", "按 API 默认的顺序：最新的在前"),
        say("the ids are not newest first", "id 的顺序不是最新的在前"),
        say("keep the default order (desc) and append each page's ids in turn", "保持默认顺序（desc），按顺序追加每一页的 id"),
    )
    return


LIST_PREDICTIONS = {"a": "first, second", "b": "third, second", "c": "second, third"}


@check("01.4", "predict the first page", "预测第一页")
def check_first_page(report: Report, client, prediction, seen) -> Report:
    """Exercise 01.4 (predict): which two of three assistants list(limit=2) gives (newest first), predicted and then seen."""
    choice = predicted(report, prediction, LIST_PREDICTIONS)
    if seen is None:
        report.miss(say("nothing to check yet: `seen` is still None", "还没有可检查的内容：`seen` 仍是 None"), say("then create the three, list them with limit=2, and keep the names you got", "然后创建这三个助手，用 limit=2 列出，保存得到的名字"))
        return report
    names = [getattr(one, "name", one) for one in seen] if isinstance(seen, (list, tuple)) else None
    if names is None or len(names) != 2 or not all(isinstance(name, str) for name in names):
        report.miss(
            say(f"`seen` is {kind(seen)}: the two names of the first page were expected", f"`seen` 是{kind(seen)}：应该是第一页的两个名字"),
            say("[a.name for a in page.data]", "[a.name for a in page.data]"),
        )
        return report
    newest = [a.name for a in client.beta.assistants.list(limit=2).data]
    if not report.expect(
        names == newest,
        say(f"`seen` is {names}, what the server lists first", f"`seen` 是 {names}，正是服务器列在最前面的两个"),
        say(f"`seen` is {names}, but the server lists {newest} first", f"`seen` 是 {names}，但服务器最前面列出的是 {newest}"),
        say("create the three, in order, right before listing: the first page holds the newest", "按顺序创建这三个助手，紧接着再列出：第一页是最新的"),
    ):
        return report
    report.expect(
        names == ["third", "second"],
        say("they are third and second: the newest first", "它们是 third 和 second：最新的在前"),
        say(f"the names are {names}, not the three the task names", f"名字是 {names}，不是任务里说的那三个"),
        say('name them "first", "second" and "third", created in that order', '按顺序创建，分别命名为 "first"、"second"、"third"'),
    )
    if choice is not None:
        report.expect(
            choice == "b",
            say("your prediction held: lists are newest first (order=\"desc\") unless you ask otherwise", "你的预测没错：除非另有要求，列表都是最新的在前（order=\"desc\"）"),
            say(f'you predicted "{choice}" ({LIST_PREDICTIONS[choice]}), but the page held third, second', f'你预测的是 "{choice}"（{LIST_PREDICTIONS[choice]}），但第一页是 third、second'),
            say('a list\'s default order is "desc": newest first; order="asc" gives the oldest first. Change your prediction to what you saw', '列表默认 order="desc"：最新的在前；order="asc" 才是最早的在前。把预测改成你看到的结果'),
        )
    return report


@check("01.5", "the assistant that could not be found", "找不到的助手")
def check_find_assistant(report: Report, client, find_assistant) -> Report:
    """Exercise 01.5 (debug): find_assistant(client, name) looked only at the first page; fixed, it finds an older one and answers None for none."""
    if not is_function(report, find_assistant, "find_assistant"):
        return report
    import uuid

    name = f"exercise-01.5-{uuid.uuid4().hex[:8]}"
    made = [client.beta.assistants.create(model="gpt-4o", name=name)]
    made += [client.beta.assistants.create(model="gpt-4o", name=f"newer-{n}") for n in range(3)]  # push it off the first pages
    try:
        try:
            found = find_assistant(client, name)
        except Exception as error:
            report.miss(say(f"find_assistant(client, name) raised {type(error).__name__}: {error}", f"find_assistant(client, name) 抛出了 {type(error).__name__}：{error}"), say("keep its shape: it takes the client and a name, and returns an assistant or None", "保持它的样子：接收 client 和名字，返回一个助手或 None"))
            return report
        if not report.expect(
            object_id(found) == made[0].id,
            say("it finds an assistant created before three newer ones", "它能找到在三个新助手之前创建的助手"),
            say("it did not find an assistant created before three newer ones" if found is None else f"it returned {kind(found) if object_id(found) is None else object_id(found)}, not the assistant with that name", "它没找到一个在三个新助手之前创建的助手" if found is None else "它返回的不是那个名字的助手"),
            say("how many assistants does `.data` hold? Compare with looping over the page itself", "`.data` 里有几个助手？和直接遍历 page 对象比一比"),
        ):
            return report
        try:
            nobody = find_assistant(client, name + "-nobody")
        except Exception as error:
            report.miss(say(f"for a name nobody has, it raised {type(error).__name__}", f"对一个不存在的名字，它抛出了 {type(error).__name__}"), say("answer None when no assistant has that name", "没有助手叫这个名字时，返回 None"))
            return report
        report.expect(
            nobody is None,
            say("for a name nobody has, it answers None", "对一个不存在的名字，它返回 None"),
            say("for a name nobody has, it does not answer None", "对一个不存在的名字，它没有返回 None"),
            say("return None only after looking at every page", "看完所有页之后，再返回 None"),
        )
    finally:
        for assistant in made:
            try:
                client.beta.assistants.delete(assistant.id)
            except openai.APIError:
                pass
    return report
