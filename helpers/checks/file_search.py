"""Checks for lesson 08 (file search): the learner's vector store, a strict search predicted, cited answers from that store, footnotes, and a helpdesk run by its check."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

from . import Report, check, is_function, kind, nothing_yet, object_id, predicted, say, wrong_kind
from .code_interpreter import latest_run
from .runs import fetch, ident


@check("08.1", "a vector store for 小U", "给小U的向量存储")
def check_store(report: Report, client, vector_store, minimum: int = 3) -> Report:
    """Exercise 08.1: a vector store whose files (at least `minimum`) were all ingested."""
    if vector_store is None:
        nothing_yet(report, "my_store", say("a store of your own, with the documents in it, processed", "一个你自己的向量存储，放进文档，并等它们处理完"))
        return report
    if wrong_kind(report, vector_store, "my_store", ("vector store", "向量存储"), "vs_"):
        return report
    store_id = ident(vector_store)
    if not store_id:
        report.miss(say("no vector store to look at", "没有可检查的向量存储"), say("pass the VectorStore your code created", "传入你的代码创建的向量存储"))
        return report
    found = fetch(report, "vector store", client.vector_stores.retrieve, store_id)
    if found is None:
        return report
    counts = found.file_counts
    report.expect(
        counts.total >= minimum,
        say(f"it holds {counts.total} files", f"里面有 {counts.total} 个文件"),
        say(f"it holds {counts.total} file(s), fewer than {minimum}", f"里面只有 {counts.total} 个文件，少于 {minimum} 个"),
        say("add the UAP documents with client.vector_stores.file_batches.upload_and_poll(store.id, files=[...])", "用 client.vector_stores.file_batches.upload_and_poll(store.id, files=[...]) 加入 UAP 文档"),
    )
    report.expect(
        counts.in_progress == 0,
        say("no file is still being processed", "没有仍在处理中的文件"),
        say(f"{counts.in_progress} file(s) are still in_progress", f"还有 {counts.in_progress} 个文件在 in_progress"),
        say("wait for ingestion: use upload_and_poll / create_and_poll, or poll until the status is no longer in_progress", "等待处理完成：用 upload_and_poll / create_and_poll，或者轮询到状态不再是 in_progress"),
    )
    if counts.failed:
        failed = client.vector_stores.files.list(store_id, filter="failed", limit=100).data
        reasons = "; ".join(f"{f.id}: {f.last_error.code}" for f in failed if f.last_error) or "?"
        report.miss(
            say(f"{counts.failed} file(s) failed ({reasons})", f"{counts.failed} 个文件处理失败（{reasons}）"),
            say("read each failed file's last_error; upload a supported type (.md, .txt, .pdf, .docx …) instead", "看每个失败文件的 last_error；换成支持的类型（.md、.txt、.pdf、.docx……）重新上传"),
        )
    expiry = found.expires_after
    report.expect(
        expiry is not None and expiry.days == 3 and expiry.anchor == "last_active_at",
        say("it expires 3 days after it was last used", "它在最后一次使用 3 天后过期"),
        say(f"its expiry is {expiry.days} days" if expiry else "it never expires", f"它的过期时间是 {expiry.days} 天" if expiry else "它永不过期"),
        say("a store takes expires_after when it is created (or updated): the anchor and a number of days", "向量存储在创建（或更新）时接受 expires_after：锚点和天数"),
    )
    report.expect(
        counts.completed >= minimum and found.usage_bytes > 0,
        say(f"{counts.completed} files completed, {found.usage_bytes} bytes stored", f"{counts.completed} 个文件已完成，存储了 {found.usage_bytes} 字节"),
        say("fewer files completed than expected", "完成的文件比预期少"),
        say("check file_counts and each file's status", "检查 file_counts 和每个文件的 status"),
    )
    return report


THRESHOLD_PREDICTIONS = {"a": "3 results anyway", "b": "none, or only results scoring 0.99 or more", "c": "a 400: the threshold is too high"}


@check("08.2", "predict a strict search", "预测一次严格的搜索")
def check_search(report: Report, client, prediction, vector_store, page) -> Report:
    """Exercise 08.2 (predict): a search with score_threshold 0.99 keeps only results scoring that high (usually none)."""
    choice = predicted(report, prediction, THRESHOLD_PREDICTIONS)
    if vector_store is None:
        nothing_yet(report, "my_store", say("build it in exercise 08.1 first", "先在练习 08.1 里建好它"))
        return report
    if page is None:
        nothing_yet(report, "strict", say("then find out: search my_store with that threshold, and keep the page", "然后验证：用这个阈值搜索 my_store，保存结果页"))
        return report
    if wrong_kind(report, vector_store, "my_store", ("vector store", "向量存储"), "vs_"):
        return report
    data = getattr(page, "data", None)
    if not isinstance(data, list):
        report.miss(say(f"`strict` is {kind(page)}, not the page that vector_stores.search returned", f"`strict` 是{kind(page)}，不是 vector_stores.search 返回的结果页"), say("keep what the search call returned", "保存搜索调用的返回值"))
        return report
    if fetch(report, "vector store", client.vector_stores.retrieve, ident(vector_store)) is None:
        return report
    low = [hit for hit in data if getattr(hit, "score", 0) < 0.99]
    if not report.expect(
        not low and len(data) <= 3,
        say(f"the strict search kept {len(data)} result(s)", f"严格的搜索留下了 {len(data)} 条结果"),
        say(f"this page holds {len(data)} result(s), {len(low)} scoring under 0.99: it was not searched with that threshold", f"这一页有 {len(data)} 条结果，其中 {len(low)} 条得分低于 0.99：它不是用这个阈值搜出来的"),
        say("ranking_options={\"score_threshold\": 0.99} and max_num_results=3, on the search call", "在搜索调用上传 ranking_options={\"score_threshold\": 0.99} 和 max_num_results=3"),
    ):
        return report
    if choice is not None:
        report.expect(
            choice == "b",
            say("your prediction held: a threshold drops results, it never fills up to max_num_results", "你的预测没错：阈值只会去掉结果，不会凑满 max_num_results"),
            say(f'you predicted "{choice}" ({THRESHOLD_PREDICTIONS[choice]}), but the search answered with {len(data)} result(s)', f'你预测的是 "{choice}"，但搜索返回了 {len(data)} 条结果'),
            say("max_num_results is a ceiling, and score_threshold a floor: too high, and there is nothing to cite. Change your prediction to what you saw", "max_num_results 是上限，score_threshold 是下限：阈值太高就没有可引用的内容了。把预测改成你看到的结果"),
        )
    return report


@check("08.3", "小U answers with citations", "小U带引用作答")
def check_cited_answer(report: Report, client, thread, vector_store=None) -> Report:
    """Exercise 08.3: a completed run that searched **the learner's** store and answered with citations that point into the results."""
    run = latest_run(
        report,
        client,
        thread,
        how=say(
            "a new thread with a question the documents answer, run with an assistant that has file_search and my_store",
            "新线程里问一个文档能回答的问题，用带 file_search 和 my_store 的助手运行",
        ),
    )
    if run is None:
        return report
    if not report.expect(
        run.status == "completed",
        say("the run completed", "运行已完成"),
        say(f"the run ended {run.status}", f"运行以 {run.status} 结束"),
        say("run it with create_and_poll and look at run.last_error", "用 create_and_poll 运行，并查看 run.last_error"),
    ):
        return report
    steps = client.beta.threads.runs.steps.list(thread_id=run.thread_id, run_id=run.id, order="asc").data
    searches = [call for step in steps if step.type == "tool_calls" for call in step.step_details.tool_calls if call.type == "file_search"]
    found = {r.file_id for call in searches for r in (call.file_search.results or [])}
    if not report.expect(
        bool(searches),
        say("the run searched the files (a file_search tool call)", "运行搜索了文件（有 file_search 工具调用）"),
        say("the run made no file_search call", "运行没有调用 file_search"),
        say("two things make an assistant search: the tool, and a store in its tool resources", "让助手搜索需要两样东西：这个工具，以及工具资源里的向量存储"),
    ):
        return report
    if vector_store is not None:
        store_id = ident(vector_store)
        assistant = client.beta.assistants.retrieve(run.assistant_id)
        thread_obj = client.beta.threads.retrieve(run.thread_id)
        searched = {vs for owner in (assistant, thread_obj) if owner.tool_resources and owner.tool_resources.file_search for vs in owner.tool_resources.file_search.vector_store_ids or []}
        in_store = {f.id for f in client.vector_stores.files.list(store_id, limit=100).data} if store_id else set()
        if not report.expect(
            store_id in searched and found <= in_store,
            say("it searched your store, my_store", "它搜索的是你的向量存储 my_store"),
            say("the run searched other stores, not my_store" if searched else "the run searched no store of yours", "这次运行搜索的是别的向量存储，不是 my_store" if searched else "这次运行没有搜索你的向量存储"),
            say("the assistant (or the thread) names the stores to search in tool_resources: name yours", "助手（或线程）在 tool_resources 里指定要搜索的向量存储：写上你的"),
        ):
            return report
    messages = client.beta.threads.messages.list(thread_id=run.thread_id, run_id=run.id).data
    text = next((part.text for m in messages for part in m.content if part.type == "text"), None)
    annotations = [a for a in (text.annotations if text else []) if a.type == "file_citation"]
    if not report.expect(
        bool(annotations),
        say(f"the answer carries {len(annotations)} citation(s)", f"回答带有 {len(annotations)} 处引用"),
        say("the answer cites nothing", "回答没有任何引用"),
        say("ask something the documents answer, e.g. 密码连续输错几次会锁定账号?", "问一个文档能回答的问题，比如 密码连续输错几次会锁定账号？"),
    ):
        return report
    report.expect(
        all(text.value[a.start_index : a.end_index] == a.text for a in annotations) and all(a.file_citation.file_id in found for a in annotations),
        say("each citation marks its place in the text and points at a search result", "每处引用都标出了它在文本中的位置，并指向一条搜索结果"),
        say("a citation does not match the text or the search results", "有引用与文本或搜索结果对不上"),
        say("use the message as the API returned it, not an edited copy", "使用 API 返回的原始消息，不要用改过的副本"),
    )
    return report


DOCS = Path(__file__).resolve().parents[2] / "data" / "uap_docs"
QUESTION = "密码连续输错几次会锁定账号?"


@contextlib.contextmanager
def _store_of_its_own(client, name: str, files: list[tuple[str, bytes]]) -> Iterator[list]:
    """A vector store the check makes, with `files` in it; yields a list for the threads and assistants it makes there.

    Afterwards all of it is deleted, the files too: deleting a store leaves its files (they are files of their own,
    as in the real API), and a check run again and again must not pile them up in the learner's file list."""
    store = client.vector_stores.create(name=name)
    made: list = [store]
    file_ids: list[str] = []
    try:
        file_ids += [client.files.create(file=file, purpose="assistants").id for file in files]
        client.vector_stores.file_batches.create_and_poll(store.id, file_ids=file_ids)
        yield made
    finally:
        for obj in reversed(made):
            ident = object_id(obj)
            if ident is None:
                continue
            with contextlib.suppress(Exception):  # what the learner's code made may be gone already
                if ident.startswith("asst_"):
                    client.beta.assistants.delete(ident)
                elif ident.startswith("thread_"):
                    client.beta.threads.delete(ident)
        client.vector_stores.delete(store.id)
        for file_id in file_ids:
            client.files.delete(file_id)


def _cited_message(client):
    """A reply citing two files twice, made by the check: a store of the UAP documents, an assistant on it, one run (all deleted after)."""
    with _store_of_its_own(client, "check 08", [(path.name, path.read_bytes()) for path in sorted(DOCS.iterdir())]) as made:
        store = made[0]
        assistant = client.beta.assistants.create(model="gpt-4o", tools=[{"type": "file_search"}], tool_resources={"file_search": {"vector_store_ids": [store.id]}})
        made.append(assistant)
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "UAP 怎么部署和配置数据库连接?"}])
        made.append(thread)
        run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
        return client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0]


@check("08.4", "footnotes of your own", "自己做脚注")
def check_footnotes(report: Report, client, footnotes) -> Report:
    """Exercise 08.4 (modify): footnotes(message) replaces each citation marker by [n] (one number per file), keeping the rest of the text."""
    if not callable(footnotes):
        report.miss(say(f"`footnotes` is {kind(footnotes)}, not a function", f"`footnotes` 是{kind(footnotes)}，不是函数"), say("run the cell that defines it", "运行定义它的单元格"))
        return report
    message = _cited_message(client)
    text = message.content[0].text
    marks = [a for a in text.annotations if a.type == "file_citation"]
    try:
        shown = footnotes(message)
    except Exception as error:
        report.miss(say(f"footnotes(message) raised {type(error).__name__}: {error}", f"footnotes(message) 抛出了 {type(error).__name__}：{error}"), say("it gets a message: its text is message.content[0].text, with .value and .annotations", "它拿到的是一条消息：文本在 message.content[0].text，有 .value 和 .annotations"))
        return report
    if not isinstance(shown, str):
        report.miss(say(f"footnotes returned {kind(shown)}, not text", f"footnotes 返回了{kind(shown)}，不是文本"), say("return the text to show", "返回要显示的文本"))
        return report
    if not report.expect(
        not any(a.text in shown for a in marks),
        say(f"no raw marker is left (there were {len(marks)})", f"原始标记一个都不剩了（原来有 {len(marks)} 个）"),
        say(f"raw markers are still there, such as {marks[0].text!r}" if marks else "", f"原始标记还在，比如 {marks[0].text!r}" if marks else ""),
        say("each annotation's start_index and end_index slice its marker out of the text", "每个注解的 start_index 和 end_index 正好圈出它的标记"),
    ):
        return report
    numbered = re.findall(r"\[(\d+)\]", shown)
    files = list(dict.fromkeys(a.file_citation.file_id for a in marks))
    report.expect(
        len(numbered) >= len(marks) and {int(n) for n in numbered} >= set(range(1, len(files) + 1)),
        say("each marker became a number such as [1], one per file", "每个标记都变成了 [1] 这样的编号，每个文件一个"),
        say(f"the markers became {numbered}, but {len(files)} files are cited: one number per file" if numbered else "the markers are gone, but there are no footnote numbers", f"标记变成了 {numbered}，可被引用的文件有 {len(files)} 个：每个文件一个编号" if numbered else "标记去掉了，可是没有脚注编号"),
        say("replace each marker with [n], n being the file's place in order of first citation", "把每个标记换成 [n]，n 是该文件第一次被引用的次序"),
    )
    rest = re.sub(r"\[\d+\]", "", shown)
    expected = text.value
    for a in sorted(marks, key=lambda a: a.start_index, reverse=True):
        expected = expected[: a.start_index] + expected[a.end_index :]
    report.expect(
        expected.strip() in rest or re.sub(r"\s+", "", expected) in re.sub(r"\s+", "", rest),
        say("the rest of the answer is unchanged", "回答的其余部分保持不变"),
        say("the text around the markers changed", "标记周围的文字被改动了"),
        say("cut out exactly each marker's slice, from the end backwards so the indices stay right", "精确地切掉每个标记的那一段；从后往前切，索引才不会错位"),
    )
    return report


@check("08.5", "the helpdesk that never searched", "从不检索的客服")
def check_helpdesk(report: Report, client, make_helpdesk) -> Report:
    """Exercise 08.5 (debug): make_helpdesk(store_id) gave the store but not the tool (and the ids as a string); fixed, its assistant searches the store and cites it."""
    if not is_function(report, make_helpdesk, "make_helpdesk"):
        return report
    with _store_of_its_own(client, "check 08.5", [(name, (DOCS / name).read_bytes()) for name in ("06_认证与安全.md",)]) as made:
        _helpdesk(report, client, make_helpdesk, made)
    return report


def _helpdesk(report: Report, client, make_helpdesk, made: list) -> None:
    """The helpdesk made on the check's store (`made[0]`), asked about locked accounts; what it makes goes into `made`."""
    import openai

    try:
        helpdesk = make_helpdesk(made[0].id)
    except openai.BadRequestError as error:
        body = error.body if isinstance(error.body, dict) else {}
        report.miss(say(f"creating the assistant gets a 400: {body.get('message', error)}", f"创建助手得到 400：{body.get('message', error)}"), say(f"the error's param ({body.get('param')}) names the field: what type does it want?", f"错误的 param（{body.get('param')}）指出了字段：它要的是什么类型？"))
        return
    except Exception as error:
        report.miss(say(f"make_helpdesk raised {type(error).__name__}: {error}", f"make_helpdesk 抛出了 {type(error).__name__}：{error}"), say("keep its shape: a store id in, an assistant out", "保持它的样子：传入向量存储 id，返回一个助手"))
        return
    if object_id(helpdesk) is None or not object_id(helpdesk).startswith("asst_"):
        report.miss(say(f"make_helpdesk returned {kind(helpdesk)}, not an assistant", f"make_helpdesk 返回了{kind(helpdesk)}，不是助手"), say("return the assistant you created", "返回你创建的助手"))
        return
    made.append(helpdesk)
    report.ok(say("make_helpdesk creates an assistant", "make_helpdesk 创建了一个助手"))
    thread = client.beta.threads.create(messages=[{"role": "user", "content": QUESTION}])
    made.append(thread)
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=object_id(helpdesk))
    steps = client.beta.threads.runs.steps.list(thread_id=thread.id, run_id=run.id).data
    searched = any(call.type == "file_search" for step in steps if step.type == "tool_calls" for call in step.step_details.tool_calls)
    if not report.expect(
        searched,
        say("asked about locked accounts, it searched the store", "问到账号锁定时，它检索了向量存储"),
        say("asked about locked accounts, it never searched: the store is there, but no tool uses it", "问到账号锁定时，它根本没有检索：向量存储给了，却没有工具去用它"),
        say("what else, besides tool_resources, makes an assistant search?", "除了 tool_resources，还需要什么才能让助手检索？"),
    ):
        return
    reply = client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[0].text
    report.expect(
        any(a.type == "file_citation" for a in reply.annotations),
        say("and it answered with citations", "并且带着引用作答"),
        say("it searched, but the answer cites nothing", "它检索了，回答却没有任何引用"),
        say("search the store the function was given (store_id)", "检索函数拿到的那个向量存储（store_id）"),
    )
