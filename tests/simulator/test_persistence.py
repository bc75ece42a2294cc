"""What a learner creates survives a restart of the simulator, as threads did on the real service."""

import openai
import pytest

from simulator.launch import SimulatorProcess


def snapshot(client, assistant_id, thread_id, file_id, data_file_id) -> dict:
    return {
        "assistant": client.beta.assistants.retrieve(assistant_id).model_dump(),
        "thread": client.beta.threads.retrieve(thread_id).model_dump(),
        "messages": [m.model_dump() for m in client.beta.threads.messages.list(thread_id, order="asc")],
        "files": [client.files.retrieve(file_id).model_dump(), client.files.retrieve(data_file_id).model_dump()],
        # the API never gave back the bytes of an `assistants` file, so a `user_data` one shows the bytes survive
        "bytes": client.files.content(data_file_id).read(),
    }


@pytest.mark.parametrize("kill", [False, True], ids=["stopped", "killed"])
def test_everything_is_there_after_a_restart(tmp_simulator, kill):
    first = tmp_simulator()
    client = openai.OpenAI(base_url=first.base_url, api_key="sk-test", max_retries=0)
    data = "日期,销售额\n2024-01-23,100\n".encode()
    file = client.files.create(file=("mydata.csv", data), purpose="assistants")
    data_file = client.files.create(file=("notes.csv", data), purpose="user_data")
    assistant = client.beta.assistants.create(
        name="小U",
        instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
        model="gpt-4-turbo",
        tool_resources={"code_interpreter": {"file_ids": [file.id]}},
        tools=[{"type": "code_interpreter"}],
    )
    thread = client.beta.threads.create(
        metadata={"fullname": "王卓然", "username": "taliux"},
        messages=[{"role": "user", "content": "你好"}, {"role": "assistant", "content": "有什么可以帮您?"}],
    )
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你是谁?", metadata={"turn": "3"})
    before = snapshot(client, assistant.id, thread.id, file.id, data_file.id)
    assert before["bytes"] == data and len(before["messages"]) == 3
    first.stop(kill=kill)

    with pytest.raises(openai.APIConnectionError):
        client.beta.threads.retrieve(thread.id)  # really gone, not answered by something else

    with SimulatorProcess(first.db, port=first.port) as second:
        again = openai.OpenAI(base_url=second.base_url, api_key="sk-test", max_retries=0)
        assert snapshot(again, assistant.id, thread.id, file.id, data_file.id) == before
        # and the restarted store goes on numbering after what it had: new messages list after the old ones
        newest = again.beta.threads.messages.create(thread_id=thread.id, role="user", content="还在吗?")
        assert again.beta.threads.messages.list(thread.id, limit=1).data[0].id == newest.id
