"""The capstone's check (lesson 10) against finished builds on both APIs, typical wrong ones, and nonsense, through the real simulator."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from helpers.checks.capstone import check_capstone

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

DOCS = Path(__file__).resolve().parents[2] / "data" / "uap_docs"
INSTRUCTIONS = "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。"
ASK_DATABASE = {
    "name": "ask_database",
    "description": "Use this function to answer user questions about course schedule. Output should be a fully formed SQL query.",
    "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
}


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "en")


@pytest.fixture(scope="module")
def store(base_url):
    from openai import OpenAI

    client = OpenAI(base_url=base_url, api_key="sk-test", max_retries=0)
    made = client.vector_stores.create(name="UAP docs")
    client.vector_stores.file_batches.upload_and_poll(made.id, files=[(p.name, p.read_bytes()) for p in sorted(DOCS.iterdir())])
    return made


def ask_database(query: str) -> str:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE Courses (id INTEGER PRIMARY KEY, course_date DATE, start_time TIME, end_time TIME, course_name TEXT, instructor TEXT)")
    conn.executemany(
        "INSERT INTO Courses (course_date, start_time, end_time, course_name, instructor) VALUES (?, ?, ?, ?, ?)",
        [("2024-01-23", "20:00", "22:00", "aaaaa", "张三"), ("2024-02-22", "20:00", "22:00", "eeeeeee", "李四"), ("2024-02-24", "20:00", "22:00", "fffff", "李四")],
    )
    return str(conn.execute(query).fetchall())


def mapped(sessions: Path, user: str, make) -> str:
    saved = json.loads(sessions.read_text()) if sessions.exists() else {}
    if user not in saved:
        saved[user] = make()
        sessions.write_text(json.dumps(saved))
    return saved[user]


def assistants_build(client, store, sessions: Path, *, tools=("file_search", "function"), one_thread=True, answer_calls=True, usage="all", returns="the run"):
    """小U on the Assistants API (polling: the check cannot see streaming), with knobs that make the usual mistakes."""
    declared = [{"type": "file_search"}] * ("file_search" in tools) + [{"type": "function", "function": ASK_DATABASE}] * ("function" in tools)
    xiaou = client.beta.assistants.create(model="gpt-4o", instructions=INSTRUCTIONS, tools=declared, tool_resources={"file_search": {"vector_store_ids": [store.id]}})

    def thread_for(user):
        if not one_thread:
            return client.beta.threads.create().id
        return mapped(sessions, user, lambda: client.beta.threads.create().id)

    def ask(user, question):
        thread_id = thread_for(user)
        client.beta.threads.messages.create(thread_id=thread_id, role="user", content=question)
        run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=xiaou.id)
        while run.status == "requires_action":
            calls = run.required_action.submit_tool_outputs.tool_calls
            outputs = [{"tool_call_id": c.id, "output": ask_database(**json.loads(c.function.arguments)) if answer_calls else ""} for c in calls]
            run = client.beta.threads.runs.submit_tool_outputs_and_poll(run_id=run.id, thread_id=thread_id, tool_outputs=outputs)
        if returns == "every run":  # the thread's runs, newest first (runs.list's default order)
            return list(client.beta.threads.runs.list(thread_id=thread_id))
        return run

    def usage_report(user):
        runs = list(client.beta.threads.runs.list(thread_id=thread_for(user)))
        counted = runs[:1] if usage == "last" else runs
        return {"total_tokens": sum(run.usage.total_tokens for run in counted if run.usage)}

    return ask, usage_report


def responses_build(client, store, sessions: Path, *, return_all=True, save=True):
    """小U on the Responses API: streamed turns in one conversation per user, and a ledger of response ids."""
    config = {"model": "gpt-4o", "instructions": INSTRUCTIONS, "tools": [{"type": "file_search", "vector_store_ids": [store.id]}, {"type": "function", **ASK_DATABASE, "strict": False}]}
    ledger: dict[str, list[str]] = {}
    remembered: dict[str, str] = {}  # where a build that never saves its map keeps it

    def conversation_for(user):
        if save:
            return mapped(sessions, user, lambda: client.conversations.create().id)
        if user not in remembered:
            remembered[user] = client.conversations.create().id
        return remembered[user]

    def turn(conversation_id, given):
        with client.responses.stream(**config, conversation=conversation_id, input=given) as stream:
            for _ in stream:
                pass
        return stream.get_final_response()

    def ask(user, question):
        conversation_id = conversation_for(user)
        made = [turn(conversation_id, question)]
        while calls := [item for item in made[-1].output if item.type == "function_call"]:
            made.append(turn(conversation_id, [{"type": "function_call_output", "call_id": c.call_id, "output": ask_database(**json.loads(c.arguments))} for c in calls]))
        ledger.setdefault(user, []).extend(response.id for response in made)
        return made if return_all else made[-1]

    def usage_report(user):
        usages = [client.responses.retrieve(response_id).usage for response_id in ledger.get(user, [])]
        return {"input_tokens": sum(u.input_tokens for u in usages), "output_tokens": sum(u.output_tokens for u in usages), "total_tokens": sum(u.total_tokens for u in usages)}

    return ask, usage_report


def missing(report) -> str:
    assert not report.passed, report.text()
    return " | ".join(what for what, _ in report.missing)


def test_a_finished_assistants_build_passes(client, store, tmp_path):
    sessions = tmp_path / "sessions.json"
    ask, usage_report = assistants_build(client, store, sessions)
    report = check_capstone(client, ask, usage_report, sessions)
    assert report.passed, report.text()
    said = " | ".join(report.right)
    assert "both tools" in said and "citing 06_认证与安全.md" in said and "call ask_database" in said and "same thread" in said
    assert "sessions.json maps capstone-check" in said and "what the server counted" in said
    thread_id = json.loads(sessions.read_text())["capstone-check"]
    report = check_capstone(client, ask, usage_report, str(sessions))  # a second session: the thread saved in the map goes on
    assert report.passed, report.text()
    assert json.loads(sessions.read_text())["capstone-check"] == thread_id


def test_a_finished_responses_build_passes(client, store, tmp_path):
    sessions = tmp_path / "conversations.json"
    ask, usage_report = responses_build(client, store, sessions)
    report = check_capstone(client, ask, usage_report, sessions)
    assert report.passed, report.text()
    said = " | ".join(report.right)
    assert "the response has both tools" in said and "same conversation" in said and "answer uses it" in said


def test_what_a_wrong_assistants_build_is_told(client, store, tmp_path):
    only_search = assistants_build(client, store, tmp_path / "a.json", tools=("file_search",))
    assert "lacks ask_database" in missing(check_capstone(client, *only_search, tmp_path / "a.json"))
    only_database = assistants_build(client, store, tmp_path / "b.json", tools=("function",))
    assert "cites no file" in missing(check_capstone(client, *only_database, tmp_path / "b.json"))
    every_time_new = assistants_build(client, store, tmp_path / "c.json", one_thread=False)
    assert "2 different threads" in missing(check_capstone(client, *every_time_new, tmp_path / "c.json"))
    silent = assistants_build(client, store, tmp_path / "d.json", answer_calls=False)
    assert "no output was sent back" in missing(check_capstone(client, *silent, tmp_path / "d.json"))
    last_run_only = assistants_build(client, store, tmp_path / "e.json", usage="last")
    assert "my_usage_report grew by" in missing(check_capstone(client, *last_run_only, tmp_path / "e.json"))


def test_an_answer_that_ignores_what_ask_database_returned_is_told(client, store, tmp_path):
    """ask returns every run of the user's thread, newest first: ask_database was called and its output sent back (in
    the newest run), but the answer the check reads is the last run returned, the one to the documents question. It
    knows nothing of that output: it quotes the lockout rule (5 tries, 15 minutes, UAP-4031), not the 2 courses."""
    every_run = assistants_build(client, store, tmp_path / "sessions.json", returns="every run")
    report = check_capstone(client, *every_run, tmp_path / "sessions.json")
    said = " | ".join(report.right)
    assert "call ask_database" in said and "its output came back: [(2,)]" in said, report.text()
    assert ("the answer does not use what ask_database returned", "after the output goes back, the run goes on and answers: return the run that finished") in report.missing, report.text()


def test_what_a_wrong_responses_build_is_told(client, store, tmp_path):
    answer_only = responses_build(client, store, tmp_path / "a.json", return_all=False)
    assert "not the response that asked for the function" in missing(check_capstone(client, *answer_only, tmp_path / "a.json"))
    never_saved = responses_build(client, store, tmp_path / "b.json", save=False)
    assert "cannot read the session map b.json" in missing(check_capstone(client, *never_saved, tmp_path / "b.json"))
    elsewhere = tmp_path / "c.json"
    elsewhere.write_text(json.dumps({"capstone-check": "conv_somewhere_else"}))
    ask, usage_report = responses_build(client, store, tmp_path / "c2.json")
    assert "c.json does not map capstone-check" in missing(check_capstone(client, ask, usage_report, elsewhere))


def test_nonsense_gets_a_report_never_an_exception(client, store, tmp_path, monkeypatch):
    ask, usage_report = responses_build(client, store, tmp_path / "s.json")
    assert missing(check_capstone(client, None, None, None)).count("still None") == 3
    assert "`my_ask` is a int, not a function" in missing(check_capstone(client, 42, usage_report, "s.json"))
    assert "`MY_SESSIONS` is a list" in missing(check_capstone(client, ask, usage_report, ["s.json"]))
    assert "not a run or a list of responses" in missing(check_capstone(client, lambda user, question: "42", usage_report, "s.json"))
    assert "raised ZeroDivisionError" in missing(check_capstone(client, lambda user, question: 1 / 0, usage_report, "s.json"))
    assert "not a dict with a number under total_tokens" in missing(check_capstone(client, ask, lambda user: "lots", "s.json"))
    assert "raised KeyError" in missing(check_capstone(client, ask, lambda user: {}["total_tokens"], "s.json"))
    assert "the check could not go on" in missing(check_capstone(None, ask, usage_report, tmp_path / "s.json"))
    monkeypatch.setenv("COURSE_LANGUAGE", "zh-CN")
    report = check_capstone(client, None, usage_report, "s.json")
    assert report.text().startswith("✗ 练习 10.1 · 完整的小U：还差一点") and "`my_ask` 仍是 None" in report.text()
