"""The file_search tool in runs: stores from tool_resources and attachments, the tool call step, citations, streams."""

from __future__ import annotations

from pathlib import Path

import httpx2 as httpx
import openai
import pytest

from helpers.citations import with_footnotes
from tests.support.sse import read_events

DOCS = Path(__file__).resolve().parents[2] / "data" / "uap_docs"
INCLUDE = "step_details.tool_calls[*].file_search.results[*].content"
HEADERS = {"Authorization": "Bearer sk-test", "OpenAI-Beta": "assistants=v2"}


def doc(name: str) -> tuple[str, bytes]:
    return name, (DOCS / name).read_bytes()


@pytest.fixture(scope="module")
def uap(base_url):
    """小U with the UAP documentation in a vector store of its own."""
    client = openai.OpenAI(base_url=base_url, api_key="sk-test", max_retries=0)
    store = client.vector_stores.create(name="UAP docs")
    client.vector_stores.file_batches.upload_and_poll(store.id, files=[doc(p.name) for p in sorted(DOCS.iterdir())])
    assistant = client.beta.assistants.create(
        name="小U",
        model="gpt-4o",
        instructions="你叫小U，你是 UAP 框架的助手。",
        tools=[{"type": "file_search"}],
        tool_resources={"file_search": {"vector_store_ids": [store.id]}},
    )
    names = {f.id: client.files.retrieve(f.id).filename for f in client.vector_stores.files.list(store.id, limit=100)}
    return {"store": store, "assistant": assistant, "names": names}


def ask(client, assistant_id: str, question: str, **run):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": question}])
    done = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant_id, **run)
    assert done.status == "completed", done.last_error
    message = client.beta.threads.messages.list(thread.id, run_id=done.id).data[0]
    return thread, done, message


def search_call(client, thread_id: str, run_id: str, **query):
    steps = client.beta.threads.runs.steps.list(run_id=run_id, thread_id=thread_id, order="asc", **query).data
    assert [s.type for s in steps] == ["tool_calls", "message_creation"]
    return steps[0], steps[0].step_details.tool_calls[0]


def test_answer_quotes_and_cites_the_right_file(client, uap):
    thread, run, message = ask(client, uap["assistant"].id, "密码连续输错几次会锁定账号？")
    text = message.content[0].text
    assert "5 次密码错误" in text.value and text.value.startswith("根据")  # quoted, in Chinese
    assert text.annotations, text.value
    for annotation in text.annotations:
        assert annotation.type == "file_citation"
        assert text.value[annotation.start_index : annotation.end_index] == annotation.text  # slices exactly its marker
        assert annotation.text.startswith("【") and annotation.text.endswith("†source】")
    assert uap["names"][text.annotations[0].file_citation.file_id] == "06_认证与安全.md"
    step, call = search_call(client, thread.id, run.id)
    assert call.type == "file_search" and call.file_search.ranking_options.ranker == "default_2024_08_21"
    assert call.file_search.results[0].file_name == "06_认证与安全.md" and call.file_search.results[0].content is None
    assert step.usage.total_tokens > 0 and run.usage.total_tokens >= step.usage.total_tokens


def test_english_question_english_answer(client, uap):
    _, _, message = ask(client, uap["assistant"].id, "Where should the Kubernetes liveness and readiness probes point?")
    text = message.content[0].text
    assert text.value.startswith("According to") and "/uap/actuator/health/liveness" in text.value
    assert uap["names"][text.annotations[0].file_citation.file_id] == "07_deployment_guide.txt"


def test_include_returns_the_chunks(client, uap):
    thread, run, _ = ask(client, uap["assistant"].id, "批量插入数据很慢怎么办？", include=[INCLUDE])
    _, call = search_call(client, thread.id, run.id, include=[INCLUDE])
    assert "rewriteBatchedStatements" in call.file_search.results[0].content[0].text
    step = client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id, order="asc").data[0]
    plain = client.beta.threads.runs.steps.retrieve(step.id, run_id=run.id, thread_id=thread.id)
    assert plain.step_details.tool_calls[0].file_search.results[0].content is None
    full = client.beta.threads.runs.steps.retrieve(step.id, run_id=run.id, thread_id=thread.id, include=[INCLUDE])
    assert full.step_details.tool_calls[0].file_search.results[0].content[0].type == "text"
    with pytest.raises(openai.BadRequestError, match="Supported values"):
        client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id, include=["step_details.nope"])


def test_tool_options_limit_and_threshold(client, uap):
    limited = client.beta.assistants.update(uap["assistant"].id, tools=[{"type": "file_search", "file_search": {"max_num_results": 2}}])
    thread, run, _ = ask(client, limited.id, "多数据源怎么切换？")
    assert len(search_call(client, thread.id, run.id)[1].file_search.results) == 2
    strict = [{"type": "file_search", "file_search": {"ranking_options": {"ranker": "auto", "score_threshold": 0.99}}}]
    thread, run, message = ask(client, limited.id, "How do I refresh an expired access token?", tools=strict)
    _, call = search_call(client, thread.id, run.id)
    assert call.file_search.results == [] and call.file_search.ranking_options.score_threshold == 0.99
    assert message.content[0].text.value == "I could not find anything about that in the files." and message.content[0].text.annotations == []
    client.beta.assistants.update(uap["assistant"].id, tools=[{"type": "file_search"}])


def test_thread_vector_store_made_inline(client):
    file = client.files.create(file=doc("05_数据访问.md"), purpose="assistants")
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[{"type": "file_search"}])
    thread = client.beta.threads.create(
        messages=[{"role": "user", "content": "乐观锁冲突时会抛出什么异常？"}],
        tool_resources={"file_search": {"vector_stores": [{"file_ids": [file.id], "metadata": {"made": "inline"}}]}},
    )
    ids = thread.tool_resources.file_search.vector_store_ids
    store = client.vector_stores.retrieve(ids[0])
    assert len(ids) == 1 and store.metadata == {"made": "inline"} and store.expires_after.days == 7
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    assert run.status == "completed", run.last_error
    answer = client.beta.threads.messages.list(thread.id, run_id=run.id).data[0].content[0].text
    assert "OptimisticLockException" in answer.value and answer.annotations[0].file_citation.file_id == file.id


@pytest.mark.parametrize("where", ["assistant", "thread", "thread update", "create and run"])
def test_a_refused_request_leaves_no_store_made_inline(client, where):
    file = client.files.create(file=doc("05_数据访问.md"), purpose="assistants")
    marker = {"made": f"inline, then refused: {where}"}
    resources = {"file_search": {"vector_stores": [{"file_ids": [file.id], "metadata": marker}]}}
    with pytest.raises((openai.BadRequestError, openai.NotFoundError)):  # a field checked after the store was made
        if where == "assistant":
            client.beta.assistants.create(model="gpt-4o", tool_resources=resources, temperature=5)
        elif where == "thread":
            client.beta.threads.create(tool_resources=resources, extra_body={"colour": "blue"})
        elif where == "thread update":
            client.beta.threads.update(client.beta.threads.create().id, tool_resources=resources, extra_body={"colour": "blue"})
        else:
            client.beta.threads.create_and_run(assistant_id="asst_none", thread={"tool_resources": resources})
    assert not [store for store in client.vector_stores.list(limit=100) if store.metadata == marker]


def test_attachments_go_into_the_threads_store(client):
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[{"type": "file_search"}])
    file = client.files.create(file=doc("08_troubleshooting_faq.pdf"), purpose="assistants")
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread.id, role="user", content="Scheduled jobs run twice after scaling to two replicas. How do I fix it?", attachments=[{"file_id": file.id, "tools": [{"type": "file_search"}]}])
    ids = client.beta.threads.retrieve(thread.id).tool_resources.file_search.vector_store_ids
    assert len(ids) == 1 and client.vector_stores.files.retrieve(file.id, vector_store_id=ids[0]).id == file.id
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    assert run.status == "completed", run.last_error
    answer = client.beta.threads.messages.list(thread.id, run_id=run.id).data[0]
    assert "@UapScheduled" in answer.content[0].text.value
    assert with_footnotes(answer, client).endswith("[1] 08_troubleshooting_faq.pdf")


def test_unknown_store_in_tool_resources_is_refused(client):
    with pytest.raises(openai.BadRequestError, match="vector store 'vs_nope' does not exist"):
        client.beta.assistants.create(model="gpt-4o", tools=[{"type": "file_search"}], tool_resources={"file_search": {"vector_store_ids": ["vs_nope"]}})
    with pytest.raises(openai.BadRequestError, match="chunk_overlap_tokens"):
        client.beta.threads.create(tool_resources={"file_search": {"vector_stores": [{"file_ids": [], "chunking_strategy": {"type": "static", "static": {"max_chunk_size_tokens": 100, "chunk_overlap_tokens": 60}}}]}})


def test_stream_shows_the_search_then_the_cited_message(base_url, uap):
    with httpx.Client(base_url=base_url, headers=HEADERS, timeout=30) as http:
        thread = http.post("/threads", json={"messages": [{"role": "user", "content": "What fields does the ApiResult envelope contain?"}]}).json()
        with http.stream("POST", f"/threads/{thread['id']}/runs", params={"include[]": INCLUDE}, json={"assistant_id": uap["assistant"].id, "stream": True}) as response:
            events = read_events(response)
    names = [event for event, _ in events]
    first = names.index("thread.run.step.created")
    assert names[first : first + 3] == ["thread.run.step.created", "thread.run.step.in_progress", "thread.run.step.delta"]
    delta = events[first + 2][1]["delta"]["step_details"]["tool_calls"][0]
    assert delta["type"] == "file_search" and delta["file_search"] == {} and delta["index"] == 0
    completed = events[names.index("thread.run.step.completed")][1]
    assert completed["type"] == "tool_calls" and completed["step_details"]["tool_calls"][0]["file_search"]["results"][0]["content"][0]["text"]
    assert names.index("thread.run.step.completed") < names.index("thread.message.created")
    cited = [part for event, data in events if event == "thread.message.delta" for part in data["delta"]["content"] if "annotations" in part["text"] and part["text"]["annotations"]]
    final = [data for event, data in events if event == "thread.message.completed"][0]["content"][0]["text"]
    assert cited and [a["text"] for part in cited for a in part["text"]["annotations"]] == [a["text"] for a in final["annotations"]]
    assert all(final["value"][a["start_index"] : a["end_index"]] == a["text"] for a in final["annotations"])
    assert names[-2:] == ["thread.run.completed", "done"]


def test_footnotes_helper():
    value = "A“x”【3:0†source】 B“y”【3:1†source】 C【3:2†source】 raw【9:9†source】"
    cited = [("【3:0†source】", "file-a"), ("【3:1†source】", "file-b"), ("【3:2†source】", "file-a")]
    annotations = [{"type": "file_citation", "text": marker, "start_index": value.index(marker), "end_index": value.index(marker) + len(marker), "file_citation": {"file_id": file_id}} for marker, file_id in cited]
    message = {"content": [{"type": "text", "text": {"value": value, "annotations": annotations}}]}
    out = with_footnotes(message, filenames={"file-a": "a.md", "file-b": "b.pdf"})
    assert out == "A“x”[1] B“y”[2] C[1] raw\n\n[1] a.md\n[2] b.pdf"  # one number per file; a marker with no annotation goes


def test_a_real_model_backend_gets_file_search_as_a_function(tmp_path):
    """A Chat Completions backend is offered file_search({"query"}); its call searches the stores, and the passages go back under their markers."""
    import json

    from simulator.launch import SimulatorProcess
    from tests.support.fake_chat import Text, ToolCalls, fake_chat

    with fake_chat() as fake:
        args = ("--model-backend", "openai-compatible", "--model-base-url", fake.base_url, "--model-api-key", "sk-backend")
        with SimulatorProcess(tmp_path / "backed.db", args=args) as simulator:
            client = openai.OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)
            store = client.vector_stores.create(name="docs")
            added = client.vector_stores.files.upload_and_poll(vector_store_id=store.id, file=doc("06_认证与安全.md"))
            assistant = client.beta.assistants.create(model="gpt-4o", tools=[{"type": "file_search"}], tool_resources={"file_search": {"vector_store_ids": [store.id]}})
            fake.push(ToolCalls([("file_search", json.dumps({"query": "账号锁定"}))]), Text(["连续 5 次密码错误后锁定 15 分钟。【0:0†source】"]))
            thread = client.beta.threads.create(messages=[{"role": "user", "content": "密码输错几次会锁定?"}])
            run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, poll_interval_ms=20)
            assert run.status == "completed", run.last_error
            assert [t["function"]["name"] for t in fake.requests[0]["tools"]] == ["file_search"]
            sent = fake.requests[1]["messages"][-1]
            assert sent["role"] == "tool" and sent["content"].startswith("【0:0†source】 06_认证与安全.md\n")
            text = client.beta.threads.messages.list(thread.id, run_id=run.id).data[0].content[0].text
            assert [a.file_citation.file_id for a in text.annotations] == [added.id]
            assert text.value[text.annotations[0].start_index : text.annotations[0].end_index] == "【0:0†source】"
