"""The code_interpreter tool through the SDK: the model writes code, the sandbox really runs it."""

from __future__ import annotations

import csv
import io
import threading
import time
from pathlib import Path

import pytest
from openai import AssistantEventHandler, OpenAI
from typing_extensions import override

from simulator.sandbox import PNG_SIGNATURE

SALES = Path(__file__).resolve().parents[2] / "data" / "sales.csv"
SEED_CODE = "import math\n\n# 计算 1234567 的平方根\nsquare_root = math.sqrt(1234567)\nsquare_root"


class EventHandler(AssistantEventHandler):
    """The seed's handler, word for word."""

    @override
    def on_text_created(self, text) -> None:
        """响应输出创建事件"""
        print("\nassistant > ", end="", flush=True)

    @override
    def on_text_delta(self, delta, snapshot):
        """响应输出生成的流片段"""
        print(delta.value, end="", flush=True)

    @override
    def on_tool_call_created(self, tool_call):
        """响应工具调用"""
        print(f"\nassistant > {tool_call.type}\n", flush=True)

    @override
    def on_tool_call_delta(self, delta, snapshot):
        """响应工具调用的流片段"""
        if delta.type == "code_interpreter":
            if delta.code_interpreter.input:
                print(delta.code_interpreter.input, end="", flush=True)
            if delta.code_interpreter.outputs:
                print("\n\noutput >", flush=True)
                for output in delta.code_interpreter.outputs:
                    if output.type == "logs":
                        print(f"\n{output.logs}", flush=True)


def column_total(data: bytes, column: str) -> float:
    return sum(float(row[column]) for row in csv.DictReader(io.StringIO(data.decode("utf-8"))))


def ask(client, assistant_id: str, prompt: str, **thread_kwargs):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": prompt, **thread_kwargs}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant_id, poll_interval_ms=50)
    steps = list(client.beta.threads.runs.steps.list(thread_id=thread.id, run_id=run.id, order="asc"))
    reply = client.beta.threads.messages.list(thread_id=thread.id).data[0]
    return run, steps, reply


def code_calls(steps):
    return [step.step_details.tool_calls[0].code_interpreter for step in steps if step.type == "tool_calls"]


@pytest.fixture
def demo_assistant(client):
    return client.beta.assistants.create(name="Demo Assistant", instructions="你是人工智能助手。你可以通过代码回答很多数学问题。", tools=[{"type": "code_interpreter"}], model="gpt-4-turbo")


@pytest.fixture
def analyst(client):
    return client.beta.assistants.create(name="CodeInterpreterWithFileDemo", instructions="你是数据分析师,按要求分析数据。", model="gpt-4-turbo", tools=[{"type": "code_interpreter"}])


def test_the_seeds_square_root_streams_its_code_and_real_output(client, demo_assistant, capsys):
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content="用代码计算 1234567 的平方根")
    with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=demo_assistant.id, event_handler=EventHandler()) as stream:
        stream.until_done()
    assert capsys.readouterr().out == f"\nassistant > code_interpreter\n\n{SEED_CODE}\n\noutput >\n\n1111.1107055554814\n\nassistant > 1234567 的平方根是约 1111.11。"
    run = client.beta.threads.runs.list(thread_id=thread.id).data[0]
    (call,) = code_calls(client.beta.threads.runs.steps.list(thread_id=thread.id, run_id=run.id))
    assert call.input == SEED_CODE
    assert [(o.type, o.logs) for o in call.outputs] == [("logs", "1111.1107055554814")]


def test_the_stream_carries_the_code_then_its_outputs(client, demo_assistant):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "用代码计算 1234567 的平方根"}])
    with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=demo_assistant.id) as stream:
        events = list(stream)
    names = [e.event for e in events]
    assert names.index("thread.run.step.created") < names.index("thread.run.step.delta") < names.index("thread.run.step.completed") < names.index("thread.message.created")
    deltas = [e.data.delta.step_details.tool_calls[0] for e in events if e.event == "thread.run.step.delta"]
    assert deltas[0].id.startswith("call_") and deltas[0].code_interpreter.input == ""
    assert "".join(d.code_interpreter.input or "" for d in deltas) == SEED_CODE
    assert deltas[-1].code_interpreter.outputs[0].model_dump() == {"index": 0, "type": "logs", "logs": "1111.1107055554814"}


@pytest.mark.parametrize(
    ("prompt", "output", "reply"),
    [
        ("用代码计算 2 的平方根", "1.4142135623730951", "2 的平方根是约 1.41。"),
        ("用代码计算 144 的平方根", "12.0", "144 的平方根是 12。"),
        ("What is the square root of 10?", "3.1622776601683795", "The square root of 10 is about 3.16."),
        ("用代码计算 2**100", "1267650600228229401496703205376", "2**100 的计算结果是 1267650600228229401496703205376。"),
        ("compute 2**100 with code", "1267650600228229401496703205376", "2**100 = 1267650600228229401496703205376"),
    ],
)
def test_other_numbers_are_computed_by_the_code(client, demo_assistant, prompt, output, reply):
    run, steps, message = ask(client, demo_assistant.id, prompt)
    assert run.status == "completed"
    assert code_calls(steps)[0].outputs[0].logs == output
    assert message.content[0].text.value == reply


def test_without_the_tool_no_code_runs(client):
    assistant = client.beta.assistants.create(model="gpt-4o", name="plain")
    run, steps, _ = ask(client, assistant.id, "用代码计算 1234567 的平方根")
    assert run.status == "completed" and [s.type for s in steps] == ["message_creation"]


def test_an_uploaded_csvs_total_is_computed_by_executed_code(client, analyst):
    with open(SALES, "rb") as handle:
        file = client.files.create(file=handle, purpose="assistants")
    assistant = client.beta.assistants.update(analyst.id, tool_resources={"code_interpreter": {"file_ids": [file.id]}})
    assert assistant.tool_resources.code_interpreter.file_ids == [file.id]
    run, steps, message = ask(client, assistant.id, "统计总销售额")
    (call,) = code_calls(steps)
    assert f"pd.read_csv('/mnt/data/{file.id}')" in call.input
    expected = f"{column_total(SALES.read_bytes(), '销售额'):,.2f}"
    assert call.outputs[0].logs == f"总销售额: {expected}\n"
    assert message.content[0].text.value == f"总销售额是 {expected}(按 `销售额` 列求和)。"


@pytest.mark.parametrize(("column", "prompt"), [("amount", "统计总销售额"), ("Revenue", "统计总销售额"), ("sales_usd", "What are the total sales?")])
def test_an_unseen_column_is_found_by_the_model_correcting_itself(client, analyst, column, prompt):
    data = f"order_date,customer,{column}\n2024-01-02,a,10.25\n2024-02-03,b,20\n2024-02-09,c,7.5\n".encode()
    file = client.files.create(file=("orders.csv", data), purpose="assistants")
    attachment = {"attachments": [{"file_id": file.id, "tools": [{"type": "code_interpreter"}]}]}
    run, steps, message = ask(client, analyst.id, prompt, **attachment)
    first, second = code_calls(steps)
    assert "Traceback (most recent call last)" in first.outputs[0].logs and "KeyError" in first.outputs[0].logs
    assert "df.columns" in second.input and "Traceback" not in second.outputs[0].logs
    total = f"{column_total(data, column):,.2f}"
    assert f"`{column}`" in message.content[0].text.value and total in message.content[0].text.value


def test_a_column_named_as_asked_needs_no_correction(client, analyst):
    data = b"date,region,sales\n2024-03-01,east,5\n2024-03-02,west,6.5\n"
    file = client.files.create(file=("sales_en.csv", data), purpose="assistants")
    thread_resources = {"code_interpreter": {"file_ids": [file.id]}}
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "What are the total sales?"}], tool_resources=thread_resources)
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=analyst.id, poll_interval_ms=50)
    steps = list(client.beta.threads.runs.steps.list(thread_id=thread.id, run_id=run.id))
    assert len(code_calls(steps)) == 1
    assert client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value == "The total sales are 11.50 (the sum of the `sales` column)."


@pytest.mark.parametrize(
    ("first", "follow_up", "opening"),
    [
        ("统计总销售额", "用刚才的 df 算一下销售额的总和", "直接用会话里已有的 df"),
        ("What are the total sales?", "Using df from before, what is the total of the sales column?", "Using the df already in this session"),
    ],
)
def test_a_follow_up_uses_the_df_the_first_call_left_in_the_threads_session(client, analyst, first, follow_up, opening):
    with open(SALES, "rb") as handle:
        file = client.files.create(file=handle, purpose="assistants")
    assistant = client.beta.assistants.update(analyst.id, tool_resources={"code_interpreter": {"file_ids": [file.id]}})
    thread = client.beta.threads.create()
    for prompt in (first, follow_up):  # one thread: the second run's code runs in the session the first one left
        client.beta.threads.messages.create(thread_id=thread.id, role="user", content=prompt)
        run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, poll_interval_ms=50)
        assert run.status == "completed", run
    (call,) = code_calls(client.beta.threads.runs.steps.list(thread_id=thread.id, run_id=run.id))
    assert "read_csv" not in call.input and "df[" in call.input, call.input
    total = f"{column_total(SALES.read_bytes(), '销售额'):,.2f}"
    assert total in call.outputs[0].logs and "Traceback" not in call.outputs[0].logs, call.outputs[0].logs
    reply = client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value
    assert reply.startswith(opening) and total in reply, reply


def test_a_chart_comes_back_as_an_image_file_in_the_step_and_the_reply(client, analyst):
    with open(SALES, "rb") as handle:
        file = client.files.create(file=handle, purpose="assistants")
    run, steps, message = ask(client, analyst.id, "按月画出销售额的柱状图", attachments=[{"file_id": file.id, "tools": [{"type": "code_interpreter"}]}])
    (call,) = code_calls(steps)
    logs, image = call.outputs
    assert logs.type == "logs" and "2024-06" in logs.logs and image.type == "image"
    assert [part.type for part in message.content] == ["image_file", "text"]
    assert message.content[0].image_file.file_id == image.image.file_id
    chart = client.files.retrieve(image.image.file_id)
    assert chart.purpose == "assistants_output" and chart.filename.endswith(".png")
    png = client.files.content(chart.id).read()
    assert png.startswith(PNG_SIGNATURE) and len(png) == chart.bytes
    assert chart.id in [f.id for f in client.files.list(purpose="assistants_output")]


def test_a_runaway_snippet_cannot_hang_the_run_or_the_server(tmp_simulator):
    simulator = tmp_simulator(env={"SIMULATOR_CODE_TIMEOUT": "2", "SIMULATOR_IN_PROGRESS_HOLD": "0"})
    client = OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[{"type": "code_interpreter"}])
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "用代码计算 1 到 1000000000 的整数之和"}])
    run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id)
    answered = []

    def other_learner() -> None:  # the server keeps answering while the sandbox grinds
        other = OpenAI(base_url=simulator.base_url, api_key="sk-other", max_retries=0, timeout=5)
        answered.append(other.beta.assistants.list().object)

    helper = threading.Thread(target=other_learner)
    helper.start()
    helper.join(10)
    assert answered == ["list"]
    deadline = time.monotonic() + 30
    while run.status in ("queued", "in_progress") and time.monotonic() < deadline:
        time.sleep(0.1)
        run = client.beta.threads.runs.retrieve(run.id, thread_id=thread.id)
    assert run.status == "completed"
    (call,) = code_calls(client.beta.threads.runs.steps.list(thread_id=thread.id, run_id=run.id))
    assert "TimeoutError: the code ran longer than the sandbox's 2-second limit and was stopped." in call.outputs[0].logs
    reply = client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value
    assert reply.startswith("代码运行出错:TimeoutError")


def test_cancelling_a_run_stops_its_code_at_once(tmp_simulator):
    simulator = tmp_simulator(env={"SIMULATOR_CODE_TIMEOUT": "120", "SIMULATOR_IN_PROGRESS_HOLD": "0"})
    client = OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[{"type": "code_interpreter"}])
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "用代码计算 1 到 1000000000 的整数之和"}])
    run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # until the code is running: its step shows the input, no outputs yet
        steps = client.beta.threads.runs.steps.list(thread_id=thread.id, run_id=run.id).data
        if steps and steps[0].step_details.tool_calls:
            break
        time.sleep(0.05)
    (call,) = code_calls(steps)
    assert call.input.endswith("total = sum(range(1, 1000000000 + 1))\nprint(total)") and call.outputs == [] and steps[0].status == "in_progress"
    client.beta.threads.runs.cancel(run.id, thread_id=thread.id)
    while run.status not in ("cancelled", "completed", "failed") and time.monotonic() < deadline:  # far below the 120 s limit
        time.sleep(0.05)
        run = client.beta.threads.runs.retrieve(run.id, thread_id=thread.id)
    assert run.status == "cancelled"
    assert client.beta.threads.runs.steps.list(thread_id=thread.id, run_id=run.id).data[0].status == "cancelled"


def test_asked_about_a_file_it_was_not_given_the_model_says_how_to_give_it(client, demo_assistant):
    run, steps, message = ask(client, demo_assistant.id, "统计总销售额")
    assert [s.type for s in steps] == ["message_creation"]
    assert "client.files.create" in message.content[0].text.value and "attachments" in message.content[0].text.value
