"""The exercise checks of lessons 01–03, against right answers and the wrong ones learners typically give, through a real simulator."""

from __future__ import annotations

import openai
import pytest

from helpers.checks import assistants, introduction, messages, threads  # introduction: the language test below

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

XIAOU = "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。"
ASK_DATABASE = {"name": "ask_database", "description": "course schedule", "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}}


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "en")


def passed(report) -> bool:
    assert report.right or report.missing, "a report always says something"
    return report.passed


def missing(report) -> str:
    """Everything the report says is missing, with its hints: what a learner reads."""
    assert not report.passed
    return "\n".join(f"{what} | {hint}" for what, hint in report.missing)


# --- lesson 01 ---------------------------------------------------------------------------------------


def xiaou(client, **changes):
    settings = {"name": "小U", "model": "gpt-4-turbo", "instructions": XIAOU, "tools": [{"type": "function", "function": ASK_DATABASE}]}
    return client.beta.assistants.create(**{**settings, **changes})


def test_focused_xiaou(client):
    assert passed(assistants.check_focused_xiaou(client, xiaou(client, temperature=0.2, instructions=XIAOU + "回答要简短。")))
    assert passed(assistants.check_focused_xiaou(client, xiaou(client, temperature=0.2, instructions=XIAOU + " Keep answers short.")))

    assert passed(assistants.check_focused_xiaou(client, xiaou(client, temperature=0.2, instructions=XIAOU + "请用一两句话回答。")))
    assert passed(assistants.check_focused_xiaou(client, xiaou(client, temperature=0.2, instructions="每次回答不超过两句话。" + XIAOU)))
    untouched = missing(assistants.check_focused_xiaou(client, xiaou(client)))
    assert "temperature is 1.0" in untouched and "short answers" in untouched
    assert "nothing asks for short answers" in missing(assistants.check_focused_xiaou(client, xiaou(client, temperature=0.2)))
    replaced = missing(assistants.check_focused_xiaou(client, xiaou(client, temperature=0.2, instructions="回答要简短。")))
    assert "lost who 小U is" in replaced and "replaces the whole" in replaced
    assert "ask_database tool is gone" in missing(assistants.check_focused_xiaou(client, xiaou(client, temperature=0.2, instructions=XIAOU + "回答要简短。", tools=[])))
    assert "None" in missing(assistants.check_focused_xiaou(client, None))
    assert "no assistant" in missing(assistants.check_focused_xiaou(client, "asst_doesnotexist0000000000"))


def weather(client, *, instructions="你是天气助手,回答天气问题。", **function):
    spec = {
        "name": "get_weather",
        "description": "查询城市天气",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
        **function,
    }
    return client.beta.assistants.create(model="gpt-4o", instructions=instructions, tools=[{"type": "function", "function": spec}])


def test_weather_assistant(client):
    assert passed(assistants.check_weather_assistant(client, weather(client)))
    assert passed(assistants.check_weather_assistant(client, weather(client, instructions="You answer questions about the weather.")))

    assert passed(assistants.check_weather_assistant(client, weather(client, instructions="你是气象助手。")))
    assert "no instructions" in missing(assistants.check_weather_assistant(client, weather(client, instructions="")))
    assert "no function tool named get_weather" in missing(assistants.check_weather_assistant(client, weather(client, name="weather")))
    assert "no description" in missing(assistants.check_weather_assistant(client, weather(client, description="")))
    no_city = weather(client, parameters={"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]})
    said = missing(assistants.check_weather_assistant(client, no_city))
    assert "no `city` parameter" in said and "not in `required`" in said
    optional = weather(client, parameters={"type": "object", "properties": {"city": {"type": "string"}}})
    assert "not in `required`" in missing(assistants.check_weather_assistant(client, optional))
    number = weather(client, parameters={"type": "object", "properties": {"city": {"type": "integer"}}, "required": ["city"]})
    assert "of type string" in missing(assistants.check_weather_assistant(client, number))
    code_only = client.beta.assistants.create(model="gpt-4o", instructions="天气", tools=[{"type": "code_interpreter"}])
    assert "functions: none" in missing(assistants.check_weather_assistant(client, code_only))
    assert "None" in missing(assistants.check_weather_assistant(client, None))


def test_all_assistant_ids(client):
    for _ in range(3):
        client.beta.assistants.create(model="gpt-4o")

    def by_hand(client, page_size=2):
        page = client.beta.assistants.list(limit=page_size)
        ids = [a.id for a in page.data]
        while page.has_more:
            page = client.beta.assistants.list(limit=page_size, after=page.last_id)
            ids += [a.id for a in page.data]
        return ids

    assert passed(assistants.check_all_assistant_ids(client, by_hand))
    assert passed(assistants.check_all_assistant_ids(client, lambda client, page_size=2: [a.id for a in client.beta.assistants.list(limit=page_size)]))

    def first_page_only(client, page_size=2):
        return [a.id for a in client.beta.assistants.list(limit=page_size).data]

    assert "it found" in missing(assistants.check_all_assistant_ids(client, first_page_only))
    assert "not newest first" in missing(assistants.check_all_assistant_ids(client, lambda client, page_size=2: by_hand(client, page_size)[::-1]))

    def forgets_after(client, page_size=2):
        page = client.beta.assistants.list(limit=page_size)
        return [a.id for a in page.data] + [a.id for a in client.beta.assistants.list(limit=page_size).data] if page.has_more else [a.id for a in page.data]

    assert "it found" in missing(assistants.check_all_assistant_ids(client, forgets_after))
    assert "raised TypeError" in missing(assistants.check_all_assistant_ids(client, lambda client: []))
    assert "not a function" in missing(assistants.check_all_assistant_ids(client, None))
    assert "assistant objects, not their ids" in missing(assistants.check_all_assistant_ids(client, lambda client, page_size=2: list(client.beta.assistants.list(limit=page_size))))
    assert "not a list of ids" in missing(assistants.check_all_assistant_ids(client, lambda client, page_size=2: 42))
    assert "not a function" in missing(assistants.check_all_assistant_ids(client, client.beta.assistants.create(model="gpt-4o")))


def test_01_4_predict_the_first_page(client):
    check = assistants.check_first_page

    def three():
        for name in ["first", "second", "third"]:
            client.beta.assistants.create(model="gpt-4o", name=name)
        return client.beta.assistants.list(limit=2).data

    page = three()
    assert passed(check(client, "b", [a.name for a in page]))
    assert passed(check(client, "B", page)), "the assistants themselves, and a capital letter, are right too"
    said = missing(check(client, "a", [a.name for a in page]))
    assert 'you predicted "a"' in said and 'default order is "desc"' in said
    assert "but the server lists" in missing(check(client, "b", ["first", "second"]))
    assert "still None" in missing(check(client, None, None))
    assert "still None" in missing(check(client, "b", None))
    assert "one of" in missing(check(client, "desc", [a.name for a in page]))
    for nonsense in [42, "third", {"a": 1}, ["x"]]:
        assert "the two names of the first page" in missing(check(client, "b", nonsense))


def test_01_5_find_an_assistant_on_any_page(client):
    check = assistants.check_find_assistant

    def fixed(client, name):
        for assistant in client.beta.assistants.list(limit=2):
            if assistant.name == name:
                return assistant
        return None

    def by_hand(client, name):
        page = client.beta.assistants.list(limit=100)
        while True:
            for assistant in page.data:
                if assistant.name == name:
                    return assistant.id
            if not page.has_more:
                return None
            page = client.beta.assistants.list(limit=100, after=page.last_id)

    assert passed(check(client, fixed))
    assert passed(check(client, by_hand)), "an id, and pages of 100 by hand, are right too"

    def first_page_only(client, name):
        for assistant in client.beta.assistants.list(limit=2).data:
            if assistant.name == name:
                return assistant
        return None

    assert "did not find" in missing(check(client, first_page_only))

    def newest(client, name):
        return client.beta.assistants.list(limit=1).data[0]

    assert "not the assistant with that name" in missing(check(client, newest))

    def never_none(client, name):
        return fixed(client, name) or client.beta.assistants.list(limit=1).data[0]

    assert "does not answer None" in missing(check(client, never_none))
    assert "raised ZeroDivisionError" in missing(check(client, lambda client, name: 1 / 0))
    assert "not the function" in missing(check(client, "find_assistant"))


# --- lesson 02 ---------------------------------------------------------------------------------------


def test_02_1_predict_what_update_keeps(client):
    check = threads.check_update_prediction

    def probe(**changes):
        made = client.beta.threads.create(metadata={"fullname": "王卓然", "username": "taliux"})
        return client.beta.threads.update(made.id, metadata=changes or {"channel": "app"})

    assert passed(check(client, "b", probe()))
    assert passed(check(client, "'B'", probe().id)), "an id, and a quoted capital letter, are right too"
    said = missing(check(client, "a", probe()))
    assert 'you predicted "a"' in said and "sending it sends all of it" in said
    assert "the experiment sends only" in missing(check(client, "b", probe(fullname="王卓然", username="taliux", channel="app")))
    assert "not updated" in missing(check(client, "b", client.beta.threads.create(metadata={"fullname": "王卓然"})))
    assert "still None" in missing(check(client, None, probe()))
    assert "still None" in missing(check(client, "b", None))
    assert "one of" in missing(check(client, "only channel", probe()))
    assert "not a thread" in missing(check(client, "b", 42))


def test_channel_update(client):
    user = {"fullname": "王卓然", "username": "taliux"}
    right = client.beta.threads.create(metadata=user)
    assert 'not "app"' in missing(threads.check_channel_update(client, right)), "the thread as the exercise starts"
    client.beta.threads.update(right.id, metadata={**user, "channel": "app"})
    assert passed(threads.check_channel_update(client, right))

    replaced = client.beta.threads.create(metadata=user)
    client.beta.threads.update(replaced.id, metadata={"channel": "app"})  # the typical slip: metadata is replaced as a whole
    assert "were lost" in missing(threads.check_channel_update(client, replaced))
    web = client.beta.threads.create(metadata={**user, "channel": "web"})
    assert "'web'" in missing(threads.check_channel_update(client, web))


def test_thread_index(client):
    def thread_of(username):
        return client.beta.threads.create(metadata={"username": username}).id

    assert passed(threads.check_thread_index(client, {"taliux": thread_of("taliux"), "xiaoming": thread_of("xiaoming")}))
    shared = thread_of("taliux")
    assert "share one thread" in missing(threads.check_thread_index(client, {"taliux": shared, "xiaoming": shared}))
    swapped = missing(threads.check_thread_index(client, {"taliux": thread_of("xiaoming"), "xiaoming": thread_of("taliux")}))
    assert "username='xiaoming'" in swapped
    assert "names no thread" in missing(threads.check_thread_index(client, {"taliux": thread_of("taliux"), "xiaoming": "xiaoming"}))
    assert "at least two users" in missing(threads.check_thread_index(client, {"taliux": thread_of("taliux")}))
    assert "at least two users" in missing(threads.check_thread_index(client, [thread_of("a"), thread_of("b")]))
    assert "still None" in missing(threads.check_thread_index(client, None))
    objects = {"taliux": client.beta.threads.retrieve(thread_of("taliux")), "xiaoming": client.beta.threads.retrieve(thread_of("xiaoming"))}
    assert passed(threads.check_thread_index(client, objects)), "threads instead of ids name the same threads"


def test_02_4_a_function_that_remembers_new_threads(client):
    check = threads.check_thread_for

    def fixed(client, username, index):
        if username in index:
            return client.beta.threads.retrieve(index[username])
        thread = client.beta.threads.create(metadata={"username": username})
        index[username] = thread.id
        return thread

    def with_setdefault(client, username, index):
        return client.beta.threads.retrieve(index.setdefault(username, client.beta.threads.create().id) if username in index else index.setdefault(username, client.beta.threads.create().id))

    assert passed(check(client, fixed))
    assert passed(check(client, with_setdefault)), "another way to record it"

    def forgets(client, username, index):
        if username in index:
            return client.beta.threads.retrieve(index[username])
        return client.beta.threads.create(metadata={"username": username})

    assert "history is lost" in missing(check(client, forgets))

    def keeps_objects(client, username, index):
        if username in index:
            return client.beta.threads.retrieve(index[username])
        index[username] = client.beta.threads.create()
        return index[username]

    assert "raised" in missing(check(client, keeps_objects)), "retrieve takes an id: storing the object breaks the second visit"

    def rebinds(client, username, index):
        if username in index:
            return client.beta.threads.retrieve(index[username])
        thread = client.beta.threads.create()
        index = {username: thread.id}  # noqa: F841  the typical slip: a new local dict, the caller's stays empty
        return thread

    assert "history is lost" in missing(check(client, rebinds))
    assert "not a thread" in missing(check(client, lambda client, username, index: "thread"))
    assert "not the function" in missing(check(client, None))


# --- lesson 03 ---------------------------------------------------------------------------------------


def test_03_1_predict_the_content_and_tag_the_question(client):
    check = messages.check_tagged_message
    thread = client.beta.threads.create()

    def add(content="如何安装 UAP?", role="user", **extra):
        return client.beta.threads.messages.create(thread_id=thread.id, role=role, content=content, **extra)

    assert passed(check(client, "b", add(metadata={"intent": "install"})))
    assert passed(check(client, "b", add("How do I install UAP?", metadata={"intent": "install"}))), "any wording of the question"
    untagged = add()
    assert "no intent" in missing(check(client, "b", untagged))
    client.beta.threads.messages.update(untagged.id, thread_id=thread.id, metadata={"intent": "install"})
    assert passed(check(client, "b", untagged)), "tagging it later counts too"

    said = missing(check(client, "a", add(metadata={"intent": "install"})))
    assert 'you predicted "a"' in said and "content is always a list" in said
    assert "role is 'assistant'" in missing(check(client, "b", add(role="assistant", metadata={"intent": "install"})))
    assert "needs the message itself" in missing(check(client, "b", add(metadata={"intent": "install"}).id))
    gone = client.beta.threads.create()
    lost = client.beta.threads.messages.create(thread_id=gone.id, role="user", content="如何安装 UAP?", metadata={"intent": "install"})
    client.beta.threads.delete(gone.id)
    assert "was its thread deleted" in missing(check(client, "b", lost))
    assert "still None" in missing(check(client, None, None))
    assert "one of" in missing(check(client, "list", add(metadata={"intent": "install"})))
    assert "the id of a thread" in missing(check(client, "b", thread.id))


def test_03_2_the_file_is_handed_over(client):
    check = messages.check_attached_file
    thread = client.beta.threads.create()
    csv = client.files.create(file=("sales.csv", b"month,sales\n1,100\n"), purpose="assistants")
    notes = client.files.create(file=("notes.txt", b"hello"), purpose="assistants")

    def add(attachments=None):
        extra = {"attachments": attachments} if attachments is not None else {}
        return client.beta.threads.messages.create(thread_id=thread.id, role="user", content="分析一下", **extra)

    for_code = {"file_id": csv.id, "tools": [{"type": "code_interpreter"}]}
    assert passed(check(client, thread, add([for_code])))
    assert passed(check(client, thread, add([{"file_id": notes.id, "tools": [{"type": "file_search"}]}, for_code]))), "the CSV as the second attachment"
    assert passed(check(client, thread, add([{"file_id": csv.id, "tools": [{"type": "code_interpreter"}, {"type": "file_search"}]}]))), "both tools"

    assert "does not hand it over" in missing(check(client, thread, add()))
    assert "no code_interpreter" in missing(check(client, thread, add([{"file_id": csv.id, "tools": [{"type": "file_search"}]}])))
    assert "no attachment is a .csv file" in missing(check(client, thread, add([{"file_id": notes.id, "tools": [{"type": "code_interpreter"}]}])))
    tuned = client.files.create(file=("sales.csv", b'{"prompt": "a"}\n'), purpose="fine-tune")
    assert "purpose 'fine-tune'" in missing(check(client, thread, add([{"file_id": tuned.id, "tools": [{"type": "code_interpreter"}]}])))
    gone = client.files.create(file=("sales.csv", b"month,sales\n"), purpose="assistants")
    attached = add([{"file_id": gone.id, "tools": [{"type": "code_interpreter"}]}])
    client.files.delete(gone.id)
    assert "not on the server" in missing(check(client, thread, attached))
    assert "still None" in missing(check(client, thread, None))
    assert "not a message" in missing(check(client, thread, 42))


def test_read_all(client):
    def by_hand(client, thread_id):
        page = client.beta.threads.messages.list(thread_id=thread_id, order="asc")
        texts = [m.content[0].text.value for m in page.data]
        while page.has_more:
            page = client.beta.threads.messages.list(thread_id=thread_id, order="asc", after=page.last_id)
            texts += [m.content[0].text.value for m in page.data]
        return texts

    assert passed(messages.check_read_all(client, by_hand))
    assert passed(messages.check_read_all(client, lambda client, thread_id: list(client.beta.threads.messages.list(thread_id=thread_id, order="asc")))), "the SDK's own paging, returning messages, counts"
    one_page = missing(messages.check_read_all(client, lambda client, thread_id: [m.content[0].text.value for m in client.beta.threads.messages.list(thread_id=thread_id, order="asc").data]))
    assert "it read 20" in one_page
    assert "not oldest first" in missing(messages.check_read_all(client, lambda client, thread_id: by_hand(client, thread_id)[::-1]))
    assert "raised KeyError" in missing(messages.check_read_all(client, lambda client, thread_id: {}["boom"]))
    assert "still None" in missing(messages.check_read_all(client, None))
    assert "not a list of texts" in missing(messages.check_read_all(client, lambda client, thread_id: 25))
    assert "not a function" in missing(messages.check_read_all(client, "read_all"))


def test_03_4_the_latest_turns_in_chat_order(client):
    check = messages.check_last_turns

    def fixed(client, thread_id, n=3):
        page = client.beta.threads.messages.list(thread_id=thread_id, limit=n)
        return [m.content[0].text.value for m in reversed(page.data)]

    def every_then_slice(client, thread_id, n=3):
        return [m.content[0].text.value for m in client.beta.threads.messages.list(thread_id=thread_id, order="asc")][-n:]

    assert passed(check(client, fixed))
    assert passed(check(client, every_then_slice)), "reading all and keeping the last n is right too"

    def broken(client, thread_id, n=3):
        return [m.content[0].text.value for m in client.beta.threads.messages.list(thread_id=thread_id, order="asc", limit=n).data]

    def newest_on_top(client, thread_id, n=3):
        return [m.content[0].text.value for m in client.beta.threads.messages.list(thread_id=thread_id, limit=n).data]

    assert "the first 3 messages" in missing(check(client, broken))
    assert "newest at the top" in missing(check(client, newest_on_top))
    assert "it shows nothing" in missing(check(client, lambda client, thread_id, n=3: []))
    assert "not a list of texts" in missing(check(client, lambda client, thread_id, n=3: client.beta.threads.messages.list(thread_id=thread_id, limit=n)))
    assert "raised ZeroDivisionError" in missing(check(client, lambda client, thread_id, n=3: 1 / 0))
    assert "not the function" in missing(check(client, 3))


def test_read_all_leaves_no_thread_behind(client, monkeypatch):
    """The check's long thread goes even when the learner's read_all raises.

    Only the thread this check made is looked at (recorded as the check creates it, through this test's own client),
    never the server's threads as a whole: other tests share the simulator. The report is read first: the check turns
    a failure of its own create or delete into a line of the report, so such a failure is named (with the server's
    answer) instead of showing up only as a thread that did not go."""
    created = []
    original = client.beta.threads.create

    def recording(**kwargs):
        thread = original(**kwargs)
        created.append(thread.id)
        return thread

    monkeypatch.setattr(client.beta.threads, "create", recording)
    report = messages.check_read_all(client, lambda client, thread_id: 1 / 0)
    assert [what for what, _ in report.missing] == ["read_all raised ZeroDivisionError: division by zero"], report.text()
    (made,) = created
    with pytest.raises(openai.NotFoundError):
        client.beta.threads.retrieve(made)


# --- the learner's language ----------------------------------------------------------------------------


def test_reports_speak_chinese_in_the_chinese_notebooks(client, monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "zh-CN")
    report = threads.check_channel_update(client, client.beta.threads.create(metadata={"channel": "app"}))
    text = report.text()
    assert text.startswith("✗ 练习 02.2 · 用户换到了 App：还差一点")
    assert "丢了" in text and "提示：update 会整体替换 metadata" in text
    assert introduction.check_lesson_thread(client, None).text().splitlines()[1] == "  ✗ 还没有可检查的内容：`my_thread` 仍是 None"
    ok = assistants.check_weather_assistant(client, weather(client)).text()
    assert ok.startswith("✓ 练习 01.2 · 天气助手：通过") and "`city` 是必填参数" in ok


def test_the_language_follows_the_notebook_folder(client, monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_LANGUAGE")
    (tmp_path / "zh-CN").mkdir()
    monkeypatch.chdir(tmp_path / "zh-CN")
    assert "还差一点" in messages.check_read_all(client, None).text()
    monkeypatch.chdir(tmp_path)
    assert "not yet" in messages.check_read_all(client, None).text()


def test_all_assistant_ids_on_a_server_with_more_than_a_page_of_assistants(tmp_simulator):
    """A shared server (the test session's, a classroom's) can hold over 100 assistants; the check's own pages stay within limit's 1..100."""
    from openai import OpenAI

    own = tmp_simulator()
    client = OpenAI(base_url=own.base_url, api_key="sk-test", max_retries=0)

    def sdk_pages(client, page_size=2):
        return [a.id for a in client.beta.assistants.list(limit=page_size)]

    assert passed(assistants.check_all_assistant_ids(client, sdk_pages)), "an empty server (after a clean-up): the check brings assistants of its own"
    assert client.beta.assistants.list().data == [], "and takes them away again"
    assert "it found" in missing(assistants.check_all_assistant_ids(client, lambda client, page_size=2: []))
    for i in range(102):
        client.beta.assistants.create(model="gpt-4o", name=f"a{i}")

    def by_hand(client, page_size=2):
        page = client.beta.assistants.list(limit=page_size)
        ids = [a.id for a in page.data]
        while page.has_more:
            page = client.beta.assistants.list(limit=page_size, after=page.last_id)
            ids += [a.id for a in page.data]
        return ids

    assert passed(assistants.check_all_assistant_ids(client, by_hand))
