"""Checks for lesson 01 (assistants): a more focused 小U, a weather assistant with a function tool, and paging by hand."""

from __future__ import annotations

from . import Report, check, say, stored


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
        say("update(xiaou.id, temperature=0.2)", "update(xiaou.id, temperature=0.2)"),
    )
    instructions = stored.instructions or ""
    report.expect(
        "小U" in instructions and "UAP" in instructions,
        say("the instructions still say who 小U is", "instructions 仍然说明小U是谁"),
        say("the instructions lost who 小U is (小U, UAP)", "instructions 丢了小U的身份（小U、UAP）"),
        say("update replaces the whole instructions text: send the old text plus the new sentence", "update 会整体替换 instructions：把原文加上新的一句一起发送"),
    )
    report.expect(
        any(word in instructions.lower() for word in ("简短", "简洁", "简明", "short", "brief", "concise")),
        say("the instructions ask for short answers", "instructions 要求回答简短"),
        say("the instructions do not ask for short answers", "instructions 里没有要求回答简短"),
        say('add a sentence such as "回答要简短。"', '加一句，比如“回答要简短。”'),
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
    instructions = (stored.instructions or "").lower()
    report.expect(
        "天气" in instructions or "weather" in instructions,
        say("its instructions are about the weather", "instructions 说明了它负责天气"),
        say("its instructions do not mention the weather", "instructions 里没有提到天气"),
        say('e.g. instructions="你是天气助手,用 get_weather 查询城市天气。"', '比如 instructions="你是天气助手，用 get_weather 查询城市天气。"'),
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
    truth = [a.id for a in client.beta.assistants.list(limit=100)]  # the SDK walks every page itself
    if len(truth) < 2:
        report.miss(say("the server holds fewer than 2 assistants, too few to page through", "服务器上的助手少于 2 个，没法翻页"), say("run the cells above that create 小U and the weather assistant", "先运行上面创建小U和天气助手的单元格"))
        return report
    for page_size in sorted({1 if len(truth) <= 30 else 7, min(len(truth) - 1, 100) or 1}):  # the API takes limit 1..100
        try:
            ids = list(all_assistant_ids(client, page_size))
        except Exception as error:  # the learner's code: say what it raised, and where to look
            report.miss(
                say(f"all_assistant_ids(client, {page_size}) raised {type(error).__name__}: {error}", f"all_assistant_ids(client, {page_size}) 抛出了 {type(error).__name__}：{error}"),
                say("pass page_size as limit=, and the last id you saw as after=", "把 page_size 作为 limit= 传入，把上一页最后一个 id 作为 after= 传入"),
            )
            return report
        if sorted(ids) != sorted(truth):
            report.miss(
                say(f"with pages of {page_size}, it found {len(ids)} of the {len(truth)} assistants", f"每页 {page_size} 个时，它找到了 {len(truth)} 个助手中的 {len(ids)} 个"),
                say("keep asking while page.has_more, with after=page.last_id", "只要 page.has_more 为真就继续请求，after=page.last_id"),
            )
            return report
    report.ok(say("it finds every assistant, whatever the page size", "无论每页多大，都能找到全部助手"))
    report.expect(
        ids == truth,
        say("newest first, as the API lists them", "按 API 默认的顺序：最新的在前"),
        say("the ids are not newest first", "id 的顺序不是最新的在前"),
        say("keep the default order (desc) and append each page's ids in turn", "保持默认顺序（desc），按顺序追加每一页的 id"),
    )
    return report
