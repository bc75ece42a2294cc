"""Checks for lesson 02 (threads): what update does to metadata (predicted), an update that keeps the user, an index of threads, a function that forgot its index."""

from __future__ import annotations

import openai

from . import Report, check, is_function, kind, nothing_yet, object_id, predicted, say, stored


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


METADATA_PREDICTIONS = {"a": "all three pairs", "b": "only channel", "c": "a 400: metadata cannot be changed"}


@check("02.1", "predict what update keeps", "预测 update 会保留什么")
def check_update_prediction(report: Report, client, prediction, probe) -> Report:
    """Exercise 02.1 (predict): what a thread's metadata holds after update(metadata={"channel": "app"}), predicted and then seen."""
    choice = predicted(report, prediction, METADATA_PREDICTIONS)
    found = _retrieve(client, report, probe, "probe", say("then find out: create the thread, update it, keep it in probe", "然后验证：创建线程、更新它，把它存进 probe"))
    if found is None:
        return report
    metadata = found.metadata or {}
    if not report.expect(
        metadata.get("channel") == "app",
        say('the update went through: channel is "app"', '更新生效了：channel 是 "app"'),
        say(f"probe's metadata is {metadata}: it was not updated with channel \"app\"", f"probe 的 metadata 是 {metadata}：还没有用 channel \"app\" 更新"),
        say("send the update the task describes, with nothing but the channel", "按任务说的发送更新：只传 channel"),
    ):
        return report
    if set(metadata) != {"channel"}:
        report.miss(
            say(f"probe's metadata is {metadata}: the experiment sends only {{\"channel\": \"app\"}} to a thread created with a user", f"probe 的 metadata 是 {metadata}：这个实验要给一个带用户信息的线程只发送 {{\"channel\": \"app\"}}"),
            say("create the thread with fullname and username, then update it with the channel alone, to see what happens", "先创建带 fullname 和 username 的线程，再只用 channel 更新它，看看会怎样"),
        )
        return report
    report.ok(say("after the update, metadata holds only the channel", "更新之后，metadata 里只剩 channel"))
    if choice is not None:
        report.expect(
            choice == "b",
            say("your prediction held: update replaces metadata as a whole", "你的预测没错：update 会整体替换 metadata"),
            say(f'you predicted "{choice}" ({METADATA_PREDICTIONS[choice]}), but only channel was left', f'你预测的是 "{choice}"，但只剩下了 channel'),
            say("metadata is one field: sending it sends all of it, and what you leave out is gone. Change your prediction to what you saw", "metadata 是一个字段：发送它就是发送全部，没写进去的就没了。把预测改成你看到的结果"),
        )
    return report


@check("02.2", "the user moved to the app", "用户换到了 App")
def check_channel_update(report: Report, client, thread) -> Report:
    """Exercise 02.2: the thread's metadata gained channel="app" and kept fullname and username."""
    stored = _retrieve(client, report, thread, "my_thread", say("run the cell: it creates the thread and updates it", "运行这个单元格：它会创建线程并更新它"))
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
            say("update replaces metadata as a whole (exercise 02.1): what else must the dict you send hold?", "update 会整体替换 metadata（见练习 02.1）：你发送的字典里还必须有什么？"),
        )
    else:
        report.ok(say("fullname and username are still there", "fullname 和 username 都还在"))
    return report


@check("02.3", "your own index of threads", "自己维护的线程索引")
def check_thread_index(report: Report, client, index) -> Report:
    """Exercise 02.3: a dict username -> thread id, one thread per user, each thread's metadata naming its user."""
    if index is None:
        nothing_yet(report, "threads_by_user", say("a dict: each username is a key, and its value names that user's thread", "一个 dict：每个用户名是一个键，值指向该用户的线程"))
        return report
    if not isinstance(index, dict) or len(index) < 2:
        report.miss(
            say(f"`threads_by_user` should be a dict of at least two users; it is {kind(index)}", f"`threads_by_user` 应该是至少包含两个用户的 dict；现在是{kind(index)}"),
            say("one entry per user: username → that user's thread id", "每个用户一项：用户名 → 该用户的线程 id"),
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
            stored = client.beta.threads.retrieve(thread_id) if isinstance(thread_id, str) and thread_id.startswith("thread_") else None
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


@check("02.4", "the user who lost their history", "丢了历史的用户")
def check_thread_for(report: Report, client, thread_for) -> Report:
    """Exercise 02.4 (debug): thread_for(client, username, index) forgot to record new threads; fixed, a user's second visit finds the first thread."""
    import uuid

    if not is_function(report, thread_for, "thread_for"):
        return report
    username, index = f"user-{uuid.uuid4().hex[:8]}", {}
    try:
        first = thread_for(client, username, index)
        second = thread_for(client, username, index)
    except Exception as error:
        report.miss(say(f"thread_for raised {type(error).__name__}: {error}", f"thread_for 抛出了 {type(error).__name__}：{error}"), say("what does the index hold, and what does retrieve take?", "索引里存的是什么？retrieve 接受的又是什么？"))
        return report
    if object_id(first) is None or not object_id(first).startswith("thread_"):
        report.miss(say(f"thread_for returned {kind(first)}, not a thread", f"thread_for 返回了{kind(first)}，不是线程"), say("return the thread", "返回线程"))
        return report
    report.ok(say("a new user gets a thread", "新用户得到了一个线程"))
    if not report.expect(
        object_id(second) == object_id(first),
        say("the user's second visit finds the same thread: the history is kept", "用户第二次来时找到的是同一个线程：历史保留了"),
        say("the user's second visit got a new, empty thread: their history is lost", "用户第二次来时得到了一个新的空线程：历史丢了"),
        say("after the first call, what does `index` hold? Print it", "第一次调用之后，`index` 里有什么？打印出来看看"),
    ):
        return report
    report.expect(
        index.get(username) == object_id(first),
        say("the index records the user's thread id", "索引记录了用户的线程 id"),
        say(f"the index holds {kind(index.get(username))} for the user, not the thread's id", f"索引里该用户对应的是{kind(index.get(username))}，不是线程的 id"),
        say("keep ids in the index: an id is what you can save in a file or a database", "索引里存 id：id 才是能存进文件或数据库的东西"),
    )
    return report
