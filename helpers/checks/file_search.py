"""Checks for lesson 08 (file search): the learner's vector store, a search of it, and an answer with citations."""

from __future__ import annotations

from . import Report, check, nothing_yet, say
from .code_interpreter import latest_run
from .runs import fetch, ident


@check("08.1", "a vector store for 小U", "给小U的向量存储")
def check_store(report: Report, client, vector_store, minimum: int = 3) -> Report:
    """Exercise 08.1: a vector store whose files (at least `minimum`) were all ingested."""
    if vector_store is None:
        nothing_yet(
            report,
            "my_store",
            say(
                'my_store = client.vector_stores.create(name=...), then add the documents with file_batches.upload_and_poll(my_store.id, files=[...])',
                'my_store = client.vector_stores.create(name=...)，然后用 file_batches.upload_and_poll(my_store.id, files=[...]) 加入文档',
            ),
        )
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
    report.expect(
        counts.completed >= minimum and found.usage_bytes > 0,
        say(f"{counts.completed} files completed, {found.usage_bytes} bytes stored", f"{counts.completed} 个文件已完成，存储了 {found.usage_bytes} 字节"),
        say("fewer files completed than expected", "完成的文件比预期少"),
        say("check file_counts and each file's status", "检查 file_counts 和每个文件的 status"),
    )
    return report


@check("08.2", "search on its own", "单独使用搜索")
def check_search(report: Report, client, vector_store, page, most: int = 3) -> Report:
    """Exercise 08.2: a search of the store, at most `most` results, best first, each with its text."""
    if vector_store is None or page is None:
        for name, value, how in (
            ("my_store", vector_store, say("build it in exercise 08.1 first", "先在练习 08.1 里建好它")),
            (
                "my_results",
                page,
                say(
                    "my_results = client.vector_stores.search(my_store.id, query=..., max_num_results=3)",
                    "my_results = client.vector_stores.search(my_store.id, query=..., max_num_results=3)",
                ),
            ),
        ):
            if value is None:
                nothing_yet(report, name, how)
        return report
    store_id = ident(vector_store)
    data = getattr(page, "data", None)
    if not store_id or data is None:
        report.miss(
            say("pass your vector store and the page that client.vector_stores.search returned", "传入你的向量存储，以及 client.vector_stores.search 返回的结果页"),
            say("my_results = client.vector_stores.search(my_store.id, query=..., max_num_results=3)", "my_results = client.vector_stores.search(my_store.id, query=..., max_num_results=3)"),
        )
        return report
    data = list(data)
    if not report.expect(
        bool(data),
        say(f"the search found {len(data)} result(s)", f"搜索找到了 {len(data)} 条结果"),
        say("the search found nothing", "搜索什么都没找到"),
        say("ask about something the documents cover, and keep score_threshold low (or leave it out)", "问文档里有的内容，score_threshold 设低一点（或者不设）"),
    ):
        return report
    report.expect(
        len(data) <= most,
        say(f"at most {most} results", f"最多 {most} 条结果"),
        say(f"{len(data)} results: more than {most}", f"{len(data)} 条结果：多于 {most} 条"),
        say(f"pass max_num_results={most}", f"传入 max_num_results={most}"),
    )
    stored = fetch(report, "vector store", client.vector_stores.files.list, store_id, limit=100)
    ids = {f.id for f in stored.data} if stored is not None else set()
    report.expect(
        all(hit.file_id in ids for hit in data),
        say("every result comes from your store", "每条结果都来自你的向量存储"),
        say("some results come from another store", "有结果来自别的向量存储"),
        say("search the store you built in exercise 08.1: client.vector_stores.search(my_store.id, ...)", "搜索练习 08.1 建好的向量存储：client.vector_stores.search(my_store.id, ...)"),
    )
    scores = [hit.score for hit in data]
    report.expect(
        scores == sorted(scores, reverse=True) and all(hit.content and hit.content[0].text for hit in data),
        say("results come best first, each with the chunk's text", "结果按得分从高到低排列，每条都带着文本块内容"),
        say("the page is not a search result as the API returns it", "这不是 API 返回的搜索结果页"),
        say("keep the page as returned; read hit.filename, hit.score and hit.content[0].text", "原样保留返回的结果页；读取 hit.filename、hit.score 和 hit.content[0].text"),
    )
    return report


@check("08.3", "小U answers with citations", "小U带引用作答")
def check_cited_answer(report: Report, client, thread) -> Report:
    """Exercise 08.3: a completed run that searched the files and answered with citations that point into the results."""
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
        say('give the assistant tools=[{"type": "file_search"}] and tool_resources={"file_search": {"vector_store_ids": [my_store.id]}}', '给助手加上 tools=[{"type": "file_search"}] 和 tool_resources={"file_search": {"vector_store_ids": [my_store.id]}}'),
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
