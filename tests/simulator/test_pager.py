"""One pager for every list: order, limit, after, before, has_more, first_id and last_id as the real API paged.

`before` is the page just before the cursor, in the list's order, where the list defines it; where the spec
does not (files, containers, container files, response input items, conversation items) it is ignored, as
are query parameters no list defines (see simulator.http.requests.list_params).
"""

from __future__ import annotations

import httpx
import pytest
from openai import OpenAI

HEADERS = {"OpenAI-Beta": "assistants=v2", "Authorization": "Bearer sk-pager"}


@pytest.fixture(scope="module")
def lists(tmp_path_factory):
    """Five objects in each list, oldest first: (path, ids, whether the list defines `before`)."""
    from simulator.launch import SimulatorProcess

    simulator = SimulatorProcess(tmp_path_factory.mktemp("pager") / "own.db", args=("--isolate-keys",)).start()
    client = OpenAI(base_url=simulator.base_url, api_key="sk-pager", max_retries=0)
    http = httpx.Client(base_url=simulator.base_url, headers=HEADERS, timeout=30)
    made = {}
    made["assistants"] = ("/assistants", [http.post("/assistants", json={"model": "gpt-4o"}).json()["id"] for _ in range(5)], True)
    thread = http.post("/threads", json={"messages": [{"role": "user", "content": f"m{i}"} for i in range(5)]}).json()
    made["messages"] = (f"/threads/{thread['id']}/messages", [m["id"] for m in http.get(f"/threads/{thread['id']}/messages", params={"order": "asc"}).json()["data"]], True)
    files = [client.files.create(file=(f"f{i}.txt", b"text %d" % i), purpose="assistants").id for i in range(5)]
    made["files"] = ("/files", files, False)
    made["vector stores"] = ("/vector_stores", [client.vector_stores.create(name=f"s{i}").id for i in range(5)], True)
    store = made["vector stores"][1][4]  # the newest: one more store would be a sixth in the list above
    for file_id in files:
        client.vector_stores.files.create(vector_store_id=store, file_id=file_id)
    made["vector store files"] = (f"/vector_stores/{store}/files", files, True)
    conversation = client.conversations.create(items=[{"type": "message", "role": "user", "content": f"c{i}"} for i in range(5)])
    made["conversation items"] = (f"/conversations/{conversation.id}/items", [i.id for i in client.conversations.items.list(conversation.id, order="asc").data], False)
    response = client.responses.create(model="gpt-4o", input=[{"role": "user", "content": f"r{i}"} for i in range(5)])
    made["response input items"] = (f"/responses/{response.id}/input_items", [i.id for i in client.responses.input_items.list(response.id, order="asc").data], False)
    made["containers"] = ("/containers", [client.containers.create(name=f"k{i}").id for i in range(5)], False)
    container = made["containers"][1][0]
    made["container files"] = (f"/containers/{container}/files", [client.containers.files.create(container, file=(f"x{i}.txt", b"x")).id for i in range(5)], False)
    yield http, made
    http.close()
    simulator.stop()


NAMES = ["assistants", "messages", "files", "vector stores", "vector store files", "conversation items", "response input items", "containers", "container files"]


def ids_of(page: dict) -> list[str]:
    return [item["id"] for item in page["data"]]


@pytest.mark.parametrize("name", NAMES)
def test_every_list_pages_alike(lists, name):
    http, made = lists
    path, ids, has_before = made[name]
    assert len(ids) == 5 and len(set(ids)) == 5

    def get(**params) -> dict:
        answer = http.get(path, params=params)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        assert page["object"] == "list"
        assert page["first_id"] == (page["data"][0]["id"] if page["data"] else None)
        assert page["last_id"] == (page["data"][-1]["id"] if page["data"] else None)
        return page

    newest = get()
    assert ids_of(newest) == ids[::-1] and newest["has_more"] is False  # desc by default
    first = get(order="asc", limit=2)
    assert ids_of(first) == ids[:2] and first["has_more"] is True and first["first_id"] == ids[0] and first["last_id"] == ids[1]
    following = get(order="asc", limit=2, after=first["last_id"])
    assert ids_of(following) == ids[2:4] and following["has_more"] is True
    assert ids_of(get(order="asc", limit=2, after=ids[3])) == ids[4:] and get(order="asc", after=ids[3])["has_more"] is False
    assert ids_of(get(limit=2, after=ids[3])) == [ids[2], ids[1]]  # desc: after is further down the list
    assert ids_of(get(after=ids[0])) == []
    # A query parameter no list defines is ignored, as the real API ignored it.
    assert ids_of(get(order="asc", limit=2, colour="blue")) == ids[:2]
    before_desc = get(limit=2, before=ids[3])
    before_asc = get(order="asc", limit=2, before=ids[3])
    if has_before:  # the page just before the cursor, in the list's order; has_more: more lie beyond it
        assert ids_of(before_desc) == [ids[4]] and before_desc["has_more"] is False
        assert ids_of(before_asc) == [ids[1], ids[2]] and before_asc["has_more"] is True
        assert ids_of(get(order="asc", before=ids[0])) == []
    else:  # not a parameter of this list: the page is the one without it
        assert ids_of(before_desc) == [ids[4], ids[3]] and before_desc["has_more"] is True
        assert ids_of(before_asc) == ids[:2] and before_asc["has_more"] is True


@pytest.mark.parametrize("name", NAMES)
def test_a_cursor_from_elsewhere_is_refused(lists, name):
    http, made = lists
    path, _, _ = made[name]
    answer = http.get(path, params={"after": "nope_000"})
    assert answer.status_code == 400 and answer.json()["error"]["param"] == "after"
