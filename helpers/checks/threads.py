"""Checks for lesson 02 (threads): a thread that records its user, a metadata update that keeps it, and an index of threads by user."""

from __future__ import annotations

import openai

from . import Report, check, object_id, say, stored


def _retrieve(client, report: Report, thread, name: str, how: str):
    """The stored thread, or None after saying what is missing."""
    return stored(report, client.beta.threads.retrieve, thread, name, how, ('thread', '线程'))


def _expect_user(report: Report, metadata: dict) -> None:
    for key, example in (("fullname", "王卓然"), ("username", "taliux")):
        value = metadata.get(key)
        report.expect(
            isinstance(value, str) and value.strip() != "",
            say(f"metadata holds the user's {key}: {value}", f"metadata 记录了用户的 {key}：{value}"),
            say(f"metadata has no {key} (it holds {metadata})", f"metadata 里没有 {key}（现在是 {metadata}）"),
            say(f'metadata={{"fullname": ..., "username": ...}}, e.g. "{key}": "{example}"', f'metadata={{"fullname": ..., "username": ...}},比如 "{key}": "{example}"'),
        )


@check("02.1", "a thread of your own", "属于你的线程")
def check_user_thread(report: Report, client, thread) -> Report:
    """Exercise 02.1: a thread whose metadata records its user: fullname and username."""
    stored = _retrieve(client, report, thread, "my_thread", say('client.beta.threads.create(metadata={"fullname": ..., "username": ...})', 'client.beta.threads.create(metadata={"fullname": ..., "username": ...})'))
    if stored is not None:
        _expect_user(report, stored.metadata or {})
    return report


@check("02.2", "the user moved to the app", "用户换到了 App")
def check_channel_update(report: Report, client, thread) -> Report:
    """Exercise 02.2: the thread's metadata gained channel="app" and kept fullname and username."""
    stored = _retrieve(client, report, thread, "my_thread", say("client.beta.threads.update(my_thread.id, metadata={...})", "client.beta.threads.update(my_thread.id, metadata={...})"))
    if stored is None:
        return report
    metadata = stored.metadata or {}
    report.expect(
        metadata.get("channel") == "app",
        say('metadata says channel is "app"', 'metadata 里 channel 是 "app"'),
        say(f'channel is {metadata.get("channel")!r}, not "app"', f'channel 是 {metadata.get("channel")!r}，不是 "app"'),
        say('add "channel": "app" to the metadata you send', '在发送的 metadata 里加上 "channel": "app"'),
    )
    if not all(metadata.get(key) for key in ("fullname", "username")):
        report.miss(
            say(f"the user's fullname and username were lost (metadata is now {metadata})", f"用户的 fullname 和 username 丢了（metadata 现在是 {metadata}）"),
            say("update replaces metadata as a whole: send {**my_thread.metadata, \"channel\": \"app\"}", "update 会整体替换 metadata：发送 {**my_thread.metadata, \"channel\": \"app\"}"),
        )
    else:
        report.ok(say("fullname and username are still there", "fullname 和 username 都还在"))
    return report


@check("02.3", "your own index of threads", "自己维护的线程索引")
def check_thread_index(report: Report, client, index) -> Report:
    """Exercise 02.3: a dict username -> thread id, one thread per user, each thread's metadata naming its user."""
    if not isinstance(index, dict) or len(index) < 2:
        report.miss(
            say(f"`threads_by_user` should be a dict of at least two users; it is {index!r}", f"`threads_by_user` 应该是至少包含两个用户的 dict；现在是 {index!r}"),
            say('threads_by_user = {"taliux": thread_a.id, "xiaoming": thread_b.id}', 'threads_by_user = {"taliux": thread_a.id, "xiaoming": thread_b.id}'),
        )
        return report
    report.ok(say(f"the index names {len(index)} users", f"索引里有 {len(index)} 个用户"))
    ids = {username: object_id(value) for username, value in index.items()}
    report.expect(
        len(set(ids.values())) == len(ids),
        say("each user has a thread of their own", "每个用户都有自己的线程"),
        say("two users share one thread", "有两个用户共用了同一个线程"),
        say("create one thread per user: a thread is one conversation", "每个用户创建一个线程：一个线程就是一段对话"),
    )
    for username, thread_id in ids.items():
        try:
            stored = client.beta.threads.retrieve(thread_id) if thread_id else None
        except openai.NotFoundError:
            stored = None
        if stored is None:
            report.miss(
                say(f"{username}: {thread_id!r} names no thread on the server", f"{username}：{thread_id!r} 在服务器上找不到对应线程"),
                say("store each thread's id (thread.id) as the value", "值要存线程的 id(thread.id)"),
            )
            continue
        owner = (stored.metadata or {}).get("username")
        report.expect(
            owner == username,
            say(f"{username}: the thread's metadata names its user", f"{username}：线程的 metadata 记录了它的用户"),
            say(f"{username}: the thread's metadata says username={owner!r}", f"{username}：线程 metadata 里的 username 是 {owner!r}"),
            say('create each thread with metadata={"username": username}', '创建每个线程时带上 metadata={"username": username}'),
        )
    return report
