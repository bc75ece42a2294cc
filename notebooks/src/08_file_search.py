"""Lesson 08's source: `make lessons` writes notebooks/08_file_search.ipynb (and zh-CN/) from CELLS and runs it."""

from tools.lessons import FILTER, FIRST_CELL, exercise, join, quiz_cells

CELLS = [
    (
        "md",
        {
            "en": """
# 08 · File search

**What you will be able to do**

- put documents into a **vector store** and wait until they are ingested (`upload_and_poll`, file batches);
- give 小U the `file_search` tool, so it answers from the UAP documentation and **cites** it;
- turn the raw citation markers (`【4:0†source】`) into footnotes a reader can follow;
- search a vector store on its own, with filters, `max_num_results` and ranking options;
- choose a chunking strategy, and know what storage costs;
- notice and handle the usual trouble: raw markers in the answer, files that fail to ingest.

A vector store cuts each file into **chunks**, embeds them, and indexes them. The `file_search` tool searches
those chunks with the user's question and hands the best ones to the model, which answers from them and says
where each piece came from.

*Prerequisites: lessons 01–04 (assistants, threads, messages, runs) and 06 (tools, files).*
""",
            "zh-CN": """
# 08 · 文件检索（File search）

**学完本课你将能够**

- 把文档放进**向量存储**（vector store），并等它们处理完成（`upload_and_poll`、文件批次）；
- 给小U加上 `file_search` 工具，让它根据 UAP 文档作答并**标注引用**；
- 把原始的引用标记（`【4:0†source】`）变成读者能查看的脚注；
- 单独使用向量存储的搜索，以及过滤条件、`max_num_results` 和排序选项；
- 选择分块策略，了解存储的费用；
- 发现并处理常见问题：回答里的原始标记、处理失败的文件。

向量存储把每个文件切成**文本块**（chunk），为它们计算向量并建立索引。`file_search` 工具用用户的问题搜索这些文本块，把最好的几块交给模型；模型据此作答，并说明每一部分出自哪里。

*前置知识：第 01–04 课（助手、线程、消息、运行）和第 06 课（工具、文件）。*
""",
        },
    ),
    ("code", join(FILTER, FIRST_CELL)),
    (
        "md",
        {
            "en": """
## Put the UAP documentation into a vector store

The course ships 小U's knowledge: eight documents about UAP (a Java framework), in Chinese and English, as Markdown,
plain text and PDF. A file batch uploads them all, adds them to a new store, and waits until every file is
processed.
""",
            "zh-CN": """
## 把 UAP 文档放进向量存储

课程附带了小U的知识：八篇关于 UAP（一个 Java 框架）的文档，有中文也有英文，格式有 Markdown、纯文本和 PDF。一个文件批次就能把它们全部上传、加进新建的向量存储，并等到每个文件都处理完。
""",
        },
    ),
    (
        "code",
        """
from pathlib import Path

docs = sorted(Path("../data/uap_docs").iterdir())
print([p.name for p in docs])

store = client.vector_stores.create(name="UAP 文档")
batch = client.vector_stores.file_batches.upload_and_poll(store.id, files=[open(p, "rb") for p in docs])
print(batch.status, batch.file_counts)
""",
    ),
    (
        "md",
        {
            "en": """
Each file in the store has a status (`in_progress`, then `completed`, `failed` or `cancelled`), the chunking
strategy it was cut with, and `usage_bytes`: what its chunks take. The store adds them up.
""",
            "zh-CN": """
向量存储里的每个文件都有状态（先是 `in_progress`，然后是 `completed`、`failed` 或 `cancelled`）、切分它所用的分块策略，以及 `usage_bytes`：它的文本块占用的字节数。向量存储的 `usage_bytes` 是所有文件的总和。
""",
        },
    ),
    (
        "code",
        {"en": """
names = {f.id: client.files.retrieve(f.id).filename for f in client.vector_stores.files.list(store.id, limit=100)}
for f in sorted(client.vector_stores.files.list(store.id, limit=100), key=lambda f: names[f.id]):
    print(f"{names[f.id]:32} {f.status:10} {f.usage_bytes:6} bytes  chunks of {f.chunking_strategy.static.max_chunk_size_tokens} tokens")
store = client.vector_stores.retrieve(store.id)
print(store.status, store.usage_bytes, "bytes in all")
""", "zh-CN": """
names = {f.id: client.files.retrieve(f.id).filename for f in client.vector_stores.files.list(store.id, limit=100)}
for f in sorted(client.vector_stores.files.list(store.id, limit=100), key=lambda f: names[f.id]):
    print(f"{names[f.id]:32} {f.status:10} {f.usage_bytes:6} 字节  文本块上限 {f.chunking_strategy.static.max_chunk_size_tokens} token")
store = client.vector_stores.retrieve(store.id)
print(store.status, store.usage_bytes, "字节（合计）")
"""},
    ),
    (
        "md",
        {
            "en": """
## 小U answers from the documents

Two things make an assistant search: the `file_search` tool, and a vector store in its `tool_resources` (a
thread can bring one of its own too).
""",
            "zh-CN": """
## 小U根据文档作答

让助手去检索需要两样东西：`file_search` 工具，以及它 `tool_resources` 里的一个向量存储（线程也可以带上自己的向量存储）。
""",
        },
    ),
    (
        "code",
        """
assistant = client.beta.assistants.create(
    name="小U",
    instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
    model="gpt-4o",
    tools=[{"type": "file_search"}],
    tool_resources={"file_search": {"vector_store_ids": [store.id]}},
)
thread = client.beta.threads.create(messages=[{"role": "user", "content": "密码连续输错几次会锁定账号?"}])
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
message = client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0]
print(run.status)
print(message.content[0].text.value)
""",
    ),
    (
        "md",
        {
            "en": """
The answer quotes the documentation, and after each quote stands a marker such as `【0:0†source】`. That is not for
the reader: it is where the model cited a search result. Each marker has an **annotation** of type
`file_citation`, naming the file; `start_index` and `end_index` slice exactly the marker out of the text.
""",
            "zh-CN": """
回答引用了文档，每段引文后面跟着一个 `【0:0†source】` 这样的标记。它不是写给读者看的：那是模型引用某条搜索结果的位置。每个标记都有一个 `file_citation` 类型的**注解**（annotation），写明出自哪个文件；`start_index` 和 `end_index` 恰好从文本中切出这个标记。
""",
        },
    ),
    (
        "code",
        """
text = message.content[0].text
for annotation in text.annotations:
    show_json(annotation)
    print(repr(text.value[annotation.start_index:annotation.end_index]), "->", names[annotation.file_citation.file_id])
""",
    ),
    (
        "md",
        {
            "en": """
Shown raw, the markers puzzle readers, and the file ids mean nothing to them. `helpers/citations.py` replaces
each marker with `[1]`, `[2]` … (one number per file) and lists the files below, as footnotes:
""",
            "zh-CN": """
原样显示的话，这些标记会让读者摸不着头脑，文件 id 对他们也毫无意义。`helpers/citations.py` 把每个标记换成 `[1]`、`[2]`……（每个文件一个编号），并在下面列出文件，就像脚注：
""",
        },
    ),
    (
        "code",
        """
from helpers.citations import with_footnotes

print(with_footnotes(message, client))
""",
    ),
    (
        "md",
        {
            "en": """
### What the run did

The run made a `tool_calls` step with one `file_search` call before it wrote the message. The call lists the
results (file, score) and the ranking options used; the chunks' text comes only when you ask for it with
`include`.
""",
            "zh-CN": """
### 运行做了什么

运行在写消息之前，先做了一个 `tool_calls` 步骤，里面有一个 `file_search` 调用。调用列出了结果（文件、得分）和所用的排序选项；文本块的内容只有用 `include` 要求时才会返回。
""",
        },
    ),
    (
        "code",
        """
INCLUDE = ["step_details.tool_calls[*].file_search.results[*].content"]
steps = client.beta.threads.runs.steps.list(thread_id=thread.id, run_id=run.id, order="asc", include=INCLUDE)
call = steps.data[0].step_details.tool_calls[0]
print(steps.data[0].type, call.type, call.file_search.ranking_options)
for result in call.file_search.results[:4]:
    print(f"{result.score:.3f}  {result.file_name:32} {result.content[0].text[:40]!r}")
""",
    ),
    (
        "md",
        {
            "en": """
## The search endpoint on its own

`client.vector_stores.search` runs the same search without a model: handy to see what the tool would find, or to
build your own retrieval. `max_num_results` caps the results (1–50); each carries its file, score and text.
""",
            "zh-CN": """
## 单独使用搜索接口

`client.vector_stores.search` 不经过模型，执行同样的搜索：可以用来看工具会找到什么，或者搭建你自己的检索流程。`max_num_results` 限制结果条数（1–50）；每条结果带着它的文件、得分和文本。
""",
        },
    ),
    (
        "code",
        """
page = client.vector_stores.search(store.id, query="How do I refresh an expired access token?", max_num_results=3)
for hit in page.data:
    print(f"{hit.score:.3f}  {hit.filename:32} {hit.content[0].text[:50]!r}")
""",
    ),
    (
        "md",
        {
            "en": """
Files can carry **attributes** (up to 16 keys: strings, numbers, booleans), and a search can filter on them.
Here each file gets its language, and the search keeps to English documents:
""",
            "zh-CN": """
文件可以带**属性**（attributes，最多 16 个键：字符串、数字或布尔值），搜索可以按属性过滤。这里给每个文件标上语言，然后只在英文文档里搜索：
""",
        },
    ),
    (
        "code",
        """
import re

for file_id, name in names.items():
    lang = "zh" if re.search(r"[\\u4e00-\\u9fff]", name) else "en"
    client.vector_stores.files.update(file_id, vector_store_id=store.id, attributes={"lang": lang})

english = client.vector_stores.search(store.id, query="401 未登录", filters={"type": "eq", "key": "lang", "value": "en"}, max_num_results=3)
for hit in english.data:
    print(f"{hit.score:.3f}  {hit.filename:32} {hit.attributes}")
""",
    ),
    (
        "md",
        {
            "en": """
## Chunking and ranking: what they change

**Chunking.** By default (`auto`) files are cut into chunks of at most 800 tokens, each overlapping the previous
one by 400. A `static` strategy sets both: `max_chunk_size_tokens` between 100 and 4096, and
`chunk_overlap_tokens` at most half of it. Small chunks give precise, short results but can cut an answer in two;
big ones keep context but bring more text the model must read (and you pay for). Overlap stores text twice:
`usage_bytes` shows it.
""",
            "zh-CN": """
## 分块与排序：它们改变了什么

**分块。** 默认（`auto`）把文件切成最多 800 个 token 的文本块，相邻两块重叠 400 个 token。`static` 策略可以自己设定：`max_chunk_size_tokens` 在 100 到 4096 之间，`chunk_overlap_tokens` 不超过它的一半。小块让结果精确而简短，但可能把一个答案切成两半；大块保留更多上下文，但模型要读的文本也更多，你付的钱也更多。重叠部分会存两遍：`usage_bytes` 能看出来。
""",
        },
    ),
    (
        "code",
        {"en": """
guide = [p for p in docs if p.name == "07_deployment_guide.txt"][0]
for strategy in ({"type": "auto"},
                 {"type": "static", "static": {"max_chunk_size_tokens": 100, "chunk_overlap_tokens": 50}},
                 {"type": "static", "static": {"max_chunk_size_tokens": 4096, "chunk_overlap_tokens": 0}}):
    trial = client.vector_stores.create(name="chunking trial")
    added = client.vector_stores.files.upload_and_poll(vector_store_id=trial.id, file=open(guide, "rb"), chunking_strategy=strategy)
    top = client.vector_stores.search(trial.id, query="terminationGracePeriodSeconds", max_num_results=1).data[0]
    print(f"{str(added.chunking_strategy.static):58} usage {added.usage_bytes:5} bytes, best chunk {len(top.content[0].text):5} characters")
    client.vector_stores.delete(trial.id)
    client.files.delete(added.id)  # the trial's file: deleting a store leaves its files
""", "zh-CN": """
guide = [p for p in docs if p.name == "07_deployment_guide.txt"][0]
for strategy in ({"type": "auto"},
                 {"type": "static", "static": {"max_chunk_size_tokens": 100, "chunk_overlap_tokens": 50}},
                 {"type": "static", "static": {"max_chunk_size_tokens": 4096, "chunk_overlap_tokens": 0}}):
    trial = client.vector_stores.create(name="chunking trial")
    added = client.vector_stores.files.upload_and_poll(vector_store_id=trial.id, file=open(guide, "rb"), chunking_strategy=strategy)
    top = client.vector_stores.search(trial.id, query="terminationGracePeriodSeconds", max_num_results=1).data[0]
    print(f"{str(added.chunking_strategy.static):58} 占用 {added.usage_bytes:5} 字节，最佳文本块 {len(top.content[0].text):5} 个字符")
    client.vector_stores.delete(trial.id)
    client.files.delete(added.id)  # 试验用的文件：删除向量存储不会删除其中的文件
"""},
    ),
    (
        "md",
        {
            "en": """
**Ranking.** Every result has a score between 0 and 1. `ranking_options` says how results are ranked:
`ranker` `auto` re-ranks the best candidates by how well they match, `none` keeps the first-stage order;
`score_threshold` drops results below a score. A threshold too high finds nothing, and then the assistant has
nothing to cite. The tool takes the same options, and `max_num_results`, in the assistant's `tools`.
""",
            "zh-CN": """
**排序。** 每条结果都有一个 0 到 1 之间的得分。`ranking_options` 决定结果怎样排序：`ranker` 为 `auto` 时会按匹配程度对最好的候选重新排序，为 `none` 时保持第一阶段的顺序；`score_threshold` 去掉得分低于它的结果。阈值太高就什么都找不到，助手也就无从引用。工具在助手的 `tools` 里接受同样的选项，以及 `max_num_results`。
""",
        },
    ),
    (
        "code",
        """
question = "Scheduled jobs run twice after scaling to two replicas"
for options in ({"ranker": "none"}, {"ranker": "auto"}, {"ranker": "auto", "score_threshold": 0.6}):
    found = client.vector_stores.search(store.id, query=question, max_num_results=3, ranking_options=options)
    print(options, [(hit.filename, round(hit.score, 3)) for hit in found.data])

strict = client.beta.assistants.update(assistant.id, tools=[{"type": "file_search", "file_search": {"max_num_results": 5, "ranking_options": {"score_threshold": 0.5}}}])
print(strict.tools[0].file_search)
""",
    ),
    (
        "md",
        {
            "en": """
## What it costs

The original lesson priced vector storage at **\\$0.10 per GB per day, the first GB free**, counted on each store's
`usage_bytes` (file_search calls were billed on top, per call). UAP's documents are a few kilobytes; a company wiki
is not:
""",
            "zh-CN": """
## 费用

原课程给出的向量存储价格是**每 GB 每天 0.10 美元，第一个 GB 免费**，按每个向量存储的 `usage_bytes` 计算（file_search 调用另按次计费）。UAP 的文档只有几 KB；公司的知识库可就不是了：
""",
        },
    ),
    (
        "code",
        {"en": """
def storage_cost_per_day(usage_bytes, free_gb=1.0, usd_per_gb_day=0.10):
    gb = usage_bytes / 1e9
    return max(0.0, gb - free_gb) * usd_per_gb_day

for size in (store.usage_bytes, 3 * 10**9, 50 * 10**9):
    print(f"{size:>14,} bytes: ${storage_cost_per_day(size):6.2f} a day, ${30 * storage_cost_per_day(size):7.2f} a month")
""", "zh-CN": """
def storage_cost_per_day(usage_bytes, free_gb=1.0, usd_per_gb_day=0.10):
    gb = usage_bytes / 1e9
    return max(0.0, gb - free_gb) * usd_per_gb_day

for size in (store.usage_bytes, 3 * 10**9, 50 * 10**9):
    print(f"{size:>14,} 字节：每天 ${storage_cost_per_day(size):6.2f}，每月 ${30 * storage_cost_per_day(size):7.2f}（美元）")
"""},
    ),
    (
        "md",
        {
            "en": """
A store you forget keeps costing. `expires_after` lets it go by itself a number of days after it was last used
(`anchor` is always `last_active_at`); `expires_at` says when, and an expired store has status `expired`. The
stores that threads make for you (below) expire after 7 days.
""",
            "zh-CN": """
被遗忘的向量存储会一直计费。`expires_after` 让它在最后一次使用若干天后自动失效（`anchor` 固定是 `last_active_at`）；`expires_at` 给出时间点，过期的向量存储状态为 `expired`。线程替你创建的向量存储（见下文）7 天后过期。
""",
        },
    ),
    (
        "code",
        """
store = client.vector_stores.update(store.id, expires_after={"anchor": "last_active_at", "days": 7})
print(store.expires_after, store.expires_at - store.last_active_at, "seconds")
""",
    ),
    (
        "md",
        {
            "en": """
## The usual trouble

**Raw markers.** Printing `text.value` shows `【0:0†source】` to your users. Render footnotes (above), or at least
remove the markers with the annotations' `start_index`/`end_index`.

**Files that fail.** A batch ends `completed` even when some files failed: look at `file_counts.failed`, then at
each failed file's `last_error`. Unsupported types (an Excel sheet, say) fail with `unsupported_file`; files that
cannot be read (a broken PDF) with `invalid_file`.
""",
            "zh-CN": """
## 常见问题

**原始标记。** 直接打印 `text.value` 会把 `【0:0†source】` 展示给用户。渲染成脚注（见上文），或者至少用注解的 `start_index`/`end_index` 去掉这些标记。

**处理失败的文件。** 即使有文件失败，批次也会以 `completed` 结束：要看 `file_counts.failed`，再看每个失败文件的 `last_error`。不支持的类型（比如 Excel 表格）以 `unsupported_file` 失败；无法读取的文件（比如损坏的 PDF）以 `invalid_file` 失败。
""",
        },
    ),
    (
        "code",
        """
broken = client.vector_stores.create(name="problems")
batch = client.vector_stores.file_batches.upload_and_poll(broken.id, files=[("sales.xlsx", b"PK\\x03\\x04..."), ("manual.pdf", b"%PDF-1.4 truncated")])
print(batch.status, batch.file_counts)
for f in sorted(client.vector_stores.files.list(broken.id, filter="failed"), key=lambda f: f.last_error.code):
    print(f.status, f.last_error.code, "-", f.last_error.message.replace(f.id, "<file id>"))
""",
    ),
    (
        "md",
        {
            "en": """
**Files given with a message.** An attachment with the `file_search` tool goes into the thread's own vector store,
which the API creates for you the first time (7 days' expiry). The file must be ingested before it can be
found: the run waits for that.
""",
            "zh-CN": """
**随消息提供的文件。** 带 `file_search` 工具的附件会放进线程自己的向量存储；第一次时 API 会替你创建它（7 天后过期）。文件要处理完才能被检索到：运行会等它处理完。
""",
        },
    ),
    (
        "code",
        """
faq = client.files.create(file=open("../data/uap_docs/08_troubleshooting_faq.pdf", "rb"), purpose="assistants")
searcher = client.beta.assistants.create(name="小U", model="gpt-4o", tools=[{"type": "file_search"}])
faq_thread = client.beta.threads.create(messages=[{
    "role": "user",
    "content": "Chinese characters appear as question marks in the database. What should I check?",
    "attachments": [{"file_id": faq.id, "tools": [{"type": "file_search"}]}],
}])
thread_store_id = client.beta.threads.retrieve(faq_thread.id).tool_resources.file_search.vector_store_ids[0]
print(client.vector_stores.retrieve(thread_store_id).expires_after)
faq_run = client.beta.threads.runs.create_and_poll(thread_id=faq_thread.id, assistant_id=searcher.id)
print(with_footnotes(client.beta.threads.messages.list(thread_id=faq_thread.id, run_id=faq_run.id).data[0], client))
""",
    ),
    (
        "md",
        {
            "en": """
**What here depends on the simulator:** retrieval is the simulator's own, not OpenAI's: a small embedding model
(WordLlama) and keyword search (SQLite's trigram full-text index), fused by reciprocal rank and re-ranked, so
scores and the order of close results differ from what OpenAI returned. Its scripted model answers by quoting the
best matching passage of the best results, in the question's language; a real model writes its own answer from the
same chunks.
""",
            "zh-CN": """
**本课哪些地方依赖模拟器：** 检索是模拟器自己实现的，不是 OpenAI 的：一个小型向量模型（WordLlama）加上关键词检索（SQLite 的三元组全文索引），用倒数排名融合（RRF）合并后再重排，所以得分以及相近结果的先后顺序与 OpenAI 返回的不同。脚本模型作答时会引用最佳结果中最匹配的段落，并使用提问所用的语言；真实模型会根据同样的文本块自己组织回答。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Exercises

Each exercise has a cell for your code (replace the `None`), then a **check** that reads what the API now holds
(or calls your function on a store of its own) and says what is right, what is missing, and a hint. Run it as often
as you like; open the hints one at a time if you are stuck. The clean-up at the end leaves what the exercises make,
so you can come back to them after running the whole notebook.

### Exercise 08.1 · Build: a store that cleans up after itself

Create a vector store `my_store` with at least three of the UAP documents in it, processed, that expires by itself
**3 days after it was last used**.
""",
            "zh-CN": """
## 练习

每个练习都有一个写代码的单元格（把 `None` 换成你的代码），后面跟一个**检查**：它读取 API 现在保存的内容（或在它自己的向量存储上调用你的函数），告诉你哪些做对了、还缺什么，并给出提示。可以反复运行；卡住了就一个一个打开提示。最后的清理会保留练习创建的对象，所以运行完整个 notebook 之后，仍然可以回来做练习。

### 练习 08.1 · 动手做：会自己清理的向量存储

创建一个向量存储 `my_store`，放进至少三份 UAP 文档并等它们处理完；它要在**最后一次使用 3 天后**自动过期。
""",
        },
    ),
    *exercise(
        None,
        "my_store = None",
        """
from helpers.checks.file_search import check_store

check_store(client, my_store)
""",
        """
my_store = client.vector_stores.create(name="小U 的资料", expires_after={"anchor": "last_active_at", "days": 3})
my_batch = client.vector_stores.file_batches.upload_and_poll(my_store.id, files=[open(p, "rb") for p in docs])
print(my_batch.status, my_batch.file_counts)
""",
        hints=[
            {"en": "Two calls: one makes the store (with its expiry), one puts the files in and waits.", "zh-CN": "两次调用：一次创建向量存储（带上过期设置），一次放进文件并等待处理完。"},
            {"en": "`expires_after={\"anchor\": \"last_active_at\", \"days\": ...}` works on `create` as on `update`; `file_batches.upload_and_poll(store_id, files=[...])` waits.", "zh-CN": "`expires_after={\"anchor\": \"last_active_at\", \"days\": ...}` 在 `create` 和 `update` 上都能用；`file_batches.upload_and_poll(store_id, files=[...])` 会等待处理完成。"},
        ],
    )[1:],
    *exercise(
        {
            "en": """
### Exercise 08.2 · Predict: a strict search

You search `my_store` for `How do I refresh an expired access token?` with `max_num_results=3` and
`ranking_options={"score_threshold": 0.99}`. What comes back?

- **a** 3 results anyway: `max_num_results` says how many
- **b** none, or only results scoring 0.99 or more
- **c** a 400: the threshold is too high

Write your letter in `my_prediction` **before running anything**. Then find out: run that search and keep the page
in `strict`.
""",
            "zh-CN": """
### 练习 08.2 · 预测：一次严格的搜索

你用 `max_num_results=3` 和 `ranking_options={"score_threshold": 0.99}` 在 `my_store` 里搜索 `How do I refresh an expired access token?`。会返回什么？

- **a** 照样 3 条结果：`max_num_results` 决定条数
- **b** 一条也没有，或者只有得分不低于 0.99 的结果
- **c** 400：阈值太高了

**什么都别运行**，先把你选的字母写进 `my_prediction`。然后验证：执行这次搜索，把结果页存进 `strict`。
""",
        },
        {"en": """
my_prediction = None  # "a", "b" or "c"
strict = None
""", "zh-CN": """
my_prediction = None  # "a"、"b" 或 "c"
strict = None
"""},
        """
from helpers.checks.file_search import check_search

check_search(client, my_prediction, my_store, strict)
""",
        """
my_prediction = "b"
strict = client.vector_stores.search(
    my_store.id,
    query="How do I refresh an expired access token?",
    max_num_results=3,
    ranking_options={"score_threshold": 0.99},
)
print(len(strict.data), [round(hit.score, 3) for hit in strict.data])
""",
        hints=[
            {"en": "Look at the scores the \"Chunking and ranking\" section printed.", "zh-CN": "看看“分块与排序”一节打印出来的得分。"},
            {"en": "`client.vector_stores.search(store_id, query=..., max_num_results=..., ranking_options={...})`.", "zh-CN": "`client.vector_stores.search(store_id, query=..., max_num_results=..., ranking_options={...})`。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 08.3 · Build: 小U answers from your store

Make an assistant that searches **`my_store`**, ask it a question the documents answer on a new thread `my_thread`,
and print the answer with footnotes (`with_footnotes`). The check looks for a search of your store and for
citations that point into its results.
""",
            "zh-CN": """
### 练习 08.3 · 动手做：小U根据你的向量存储作答

创建一个检索 **`my_store`** 的助手，在新线程 `my_thread` 上问一个文档能回答的问题，并用脚注打印回答（`with_footnotes`）。检查会寻找对你的向量存储的检索，以及指向检索结果的引用。
""",
        },
        "my_thread = None",
        """
from helpers.checks.file_search import check_cited_answer

check_cited_answer(client, my_thread, my_store)
""",
        """
my_assistant = client.beta.assistants.create(
    name="小U",
    model="gpt-4o",
    tools=[{"type": "file_search"}],
    tool_resources={"file_search": {"vector_store_ids": [my_store.id]}},
)
my_thread = client.beta.threads.create(messages=[{"role": "user", "content": "批量插入数据很慢怎么办?"}])
my_run = client.beta.threads.runs.create_and_poll(thread_id=my_thread.id, assistant_id=my_assistant.id)
print(with_footnotes(client.beta.threads.messages.list(thread_id=my_thread.id, run_id=my_run.id).data[0], client))
""",
        hints=[
            {"en": "\"小U answers from the documents\" says which two things make an assistant search.", "zh-CN": "“小U根据文档作答”一节说明了让助手检索需要哪两样东西。"},
            {"en": "`tools=[{\"type\": \"file_search\"}]` and `tool_resources={\"file_search\": {\"vector_store_ids\": [...]}}`, with your store's id.", "zh-CN": "`tools=[{\"type\": \"file_search\"}]` 和 `tool_resources={\"file_search\": {\"vector_store_ids\": [...]}}`，填上你的向量存储的 id。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 08.4 · Modify: footnotes of your own

The cell below prints each citation marker of a reply and the file it names. Turn it into a function
`footnotes(message)` that **returns** the reply's text with each marker replaced by `[1]`, `[2]` … (one number per
file, in order of first citation), without `helpers.citations`. The check calls it on a cited reply of its own.
""",
            "zh-CN": """
### 练习 08.4 · 改一改：自己做脚注

下面的单元格打印出回复里的每个引用标记，以及它指向的文件。把它改成一个函数 `footnotes(message)`：**返回**回复的文本，其中每个标记都换成 `[1]`、`[2]` ……（每个文件一个编号，按第一次被引用的顺序），不使用 `helpers.citations`。检查会用它自己的一条带引用的回复来调用这个函数。
""",
        },
        """
def footnotes(message):
    text = message.content[0].text
    for annotation in text.annotations:
        print(repr(text.value[annotation.start_index:annotation.end_index]), "->", annotation.file_citation.file_id)
""",
        """
from helpers.checks.file_search import check_footnotes

check_footnotes(client, footnotes)
""",
        {"en": """
def footnotes(message):
    text = message.content[0].text
    numbers = {}  # file id -> its footnote number, in order of first citation
    for annotation in text.annotations:
        numbers.setdefault(annotation.file_citation.file_id, len(numbers) + 1)
    value = text.value
    for annotation in sorted(text.annotations, key=lambda a: a.start_index, reverse=True):  # from the end: indices stay right
        number = numbers[annotation.file_citation.file_id]
        value = value[:annotation.start_index] + f"[{number}]" + value[annotation.end_index:]
    return value


print(footnotes(client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0]))
""", "zh-CN": """
def footnotes(message):
    text = message.content[0].text
    numbers = {}  # 文件 id -> 它的脚注编号，按第一次被引用的顺序
    for annotation in text.annotations:
        numbers.setdefault(annotation.file_citation.file_id, len(numbers) + 1)
    value = text.value
    for annotation in sorted(text.annotations, key=lambda a: a.start_index, reverse=True):  # 从后往前：索引才不会错位
        number = numbers[annotation.file_citation.file_id]
        value = value[:annotation.start_index] + f"[{number}]" + value[annotation.end_index:]
    return value


print(footnotes(client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0]))
"""},
        hints=[
            {"en": "Replacing a marker by `[1]` changes the length of the text: what happens to the indices of the markers after it?", "zh-CN": "把标记换成 `[1]` 会改变文本长度：它后面那些标记的索引会怎样？"},
            {"en": "Number the files first (a dict, in order of first citation); then replace the markers from the last one to the first.", "zh-CN": "先给文件编号（用一个 dict，按第一次被引用的顺序）；再从最后一个标记往前逐个替换。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 08.5 · Debug: the helpdesk that never searched

`make_helpdesk(store_id)` should make an assistant that answers from a store's documents. As written, the API
refuses it; and once that is fixed, its answers never cite anything. Find the two mistakes and fix the function.
The check calls it with a store of its own and asks about locked accounts.
""",
            "zh-CN": """
### 练习 08.5 · 找错：从不检索的客服

`make_helpdesk(store_id)` 应该创建一个根据向量存储里的文档作答的助手。照现在的写法，API 会拒绝它；修好这一处之后，它的回答又从来不带引用。找到这两个错误并修好这个函数。检查会用它自己的向量存储调用这个函数，并问一个关于账号锁定的问题。
""",
        },
        """
def make_helpdesk(store_id):
    return client.beta.assistants.create(
        name="小U",
        model="gpt-4o",
        tool_resources={"file_search": {"vector_store_ids": store_id}},
    )
""",
        """
from helpers.checks.file_search import check_helpdesk

check_helpdesk(client, make_helpdesk)
""",
        {"en": """
def make_helpdesk(store_id):
    return client.beta.assistants.create(
        name="小U",
        model="gpt-4o",
        tools=[{"type": "file_search"}],  # the tool that searches
        tool_resources={"file_search": {"vector_store_ids": [store_id]}},  # a list of ids
    )
""", "zh-CN": """
def make_helpdesk(store_id):
    return client.beta.assistants.create(
        name="小U",
        model="gpt-4o",
        tools=[{"type": "file_search"}],  # 负责检索的工具
        tool_resources={"file_search": {"vector_store_ids": [store_id]}},  # id 的列表
    )
"""},
        hints=[
            {"en": "Read the 400: its `param` names the field, and its message says what type it wants.", "zh-CN": "读一读这个 400：`param` 指出了字段，message 说明了它要什么类型。"},
            {"en": "Resources are what a tool may use; without the tool itself in `tools`, nothing uses them.", "zh-CN": "资源是给工具用的；`tools` 里没有这个工具，就没有谁会去用它们。"},
        ],
    ),
    *quiz_cells("08"),
    (
        "md",
        {
            "en": """
Then answer these in your own words (the answer key is at the very end of the lesson):

**4.** What does a vector store hold, and what does `usage_bytes` measure?

**5.** How do you see the chunks the run searched and found?
""",
            "zh-CN": """
再用自己的话回答下面几题（答案在本课最后）：

**4.** 向量存储里保存的是什么？`usage_bytes` 衡量的是什么？

**5.** 怎样查看运行检索到的那些文本块？
""",
        },
    ),
    (
        "md",
        {
            "en": """
## The same with the Responses API

Vector stores stay as they are: a response names them on its `file_search` tool (with `max_num_results`,
`ranking_options` and `filters`, as the assistant's tool took them). The answer carries no markers: each
`file_citation` annotation gives the file's name and an `index`, the place in the text the citation belongs.
`include=["file_search_call.results"]` brings back what the search found, as `include` did for run steps.
""",
            "zh-CN": """
## 用 Responses API 做同样的事

向量存储保持不变：响应在它的 `file_search` 工具上指明它们（`max_num_results`、`ranking_options`、`filters` 也和助手的工具一样可用）。回答里没有标记：每个 `file_citation` 注解给出文件名和 `index`，也就是引用在文本中的位置。`include=["file_search_call.results"]` 带回搜索找到的结果，就像 `include` 对运行步骤的作用。
""",
        },
    ),
    (
        "code",
        """
response = client.responses.create(
    model="gpt-4o",
    instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
    tools=[{"type": "file_search", "vector_store_ids": [store.id]}],
    input="密码连续输错几次会锁定账号?",
    include=["file_search_call.results"],
)
search, answer = response.output[0], response.output[-1].content[0]
print(search.type, search.queries, [(hit.filename, round(hit.score, 3)) for hit in search.results[:3]])
print(answer.text)
for annotation in answer.annotations:
    print(annotation.type, annotation.filename, annotation.index)
""",
    ),
    (
        "md",
        {
            "en": """
Footnotes are simpler now: put `[n]` at each annotation's `index`, working from the end so the earlier indexes
still point where they should.
""",
            "zh-CN": """
脚注现在更简单了：在每个注解的 `index` 处插入 `[n]`，从后往前插，这样前面的 `index` 仍然指向原来的位置。
""",
        },
    ),
    (
        "code",
        """
def footnotes(text):
    numbers = {}
    for annotation in text.annotations:
        numbers.setdefault(annotation.filename, len(numbers) + 1)
    value = text.text
    for annotation in sorted(text.annotations, key=lambda a: a.index, reverse=True):
        value = value[:annotation.index] + f"[{numbers[annotation.filename]}]" + value[annotation.index:]
    return value + "\\n\\n" + "\\n".join(f"[{n}] {name}" for name, n in numbers.items())

print(footnotes(answer))
""",
    ),
    (
        "md",
        {
            "en": """
## Clean up

What a lesson creates stays in the simulator's database, as it stayed on OpenAI's servers, and every run of this
notebook creates it again. Delete what you no longer need.

One thing to know first: **deleting a vector store does not delete its files.** They are files of their own
(`client.files`), which another store or a message may still use, so the API leaves them. `delete_store` below
deletes a store, then the files that were in it:
""",
            "zh-CN": """
## 清理

本课创建的对象会留在模拟器的数据库里，就像当年留在 OpenAI 的服务器上一样；而且每运行一遍这个 notebook 都会再创建一遍。不再需要的就删掉。

先要知道一件事：**删除向量存储不会删除其中的文件**。它们是独立的文件（`client.files`），别的向量存储或消息可能还在用，所以 API 会留下它们。下面的 `delete_store` 先删除向量存储，再删除原来在其中的文件：
""",
        },
    ),
    (
        "code",
        {"en": """
def delete_store(vector_store_id):
    file_ids = [f.id for f in client.vector_stores.files.list(vector_store_id)]  # before the store is gone
    deleted = client.vector_stores.delete(vector_store_id).deleted
    for file_id in file_ids:
        client.files.delete(file_id)
    return deleted, len(file_ids)

for vector_store_id in (store.id, broken.id, thread_store_id):
    deleted, files = delete_store(vector_store_id)
    print(deleted, f"with its {files} file(s)")
for a in (assistant, searcher):
    print(client.beta.assistants.delete(a.id).deleted)
print(client.beta.threads.delete(faq_thread.id).deleted)
# the exercises' store and assistant, once you are done with them (my_store expires by itself, but not its files):
# delete_store(my_store.id); client.beta.assistants.delete(my_assistant.id)
""", "zh-CN": """
def delete_store(vector_store_id):
    file_ids = [f.id for f in client.vector_stores.files.list(vector_store_id)]  # 趁向量存储还在，先记下文件
    deleted = client.vector_stores.delete(vector_store_id).deleted
    for file_id in file_ids:
        client.files.delete(file_id)
    return deleted, len(file_ids)

for vector_store_id in (store.id, broken.id, thread_store_id):
    deleted, files = delete_store(vector_store_id)
    print(deleted, f"连同其中的 {files} 个文件")
for a in (assistant, searcher):
    print(client.beta.assistants.delete(a.id).deleted)
print(client.beta.threads.delete(faq_thread.id).deleted)
# 练习用的向量存储和助手，做完练习再删（my_store 会自己过期，但其中的文件不会）：
# delete_store(my_store.id); client.beta.assistants.delete(my_assistant.id)
"""},
    ),
    (
        "md",
        {
            "en": """
With file search, 小U answers from its documentation and says where each answer came from. Lesson 09 turns to the
Responses API that replaced the Assistants API; vector stores stay as they are, and its `file_search` tool names
them by id.
""",
            "zh-CN": """
有了文件检索，小U能根据文档作答，并说明每个回答出自哪里。第 09 课转向取代 Assistants API 的 Responses API；向量存储保持不变，它的 `file_search` 工具按 id 指定向量存储。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Answer key

**4.** The files' chunks with their embeddings, ready to search; `usage_bytes` is what those chunks take, the
figure storage is billed on.

**5.** List (or retrieve) the run's steps with
`include=["step_details.tool_calls[*].file_search.results[*].content"]`.
""",
            "zh-CN": """
## 答案

**4.** 文件切分出的文本块及其向量，随时可以检索；`usage_bytes` 是这些文本块占用的空间，存储费用就按它计算。

**5.** 列出（或获取）运行步骤时加上 `include=["step_details.tool_calls[*].file_search.results[*].content"]`。
""",
        },
    ),
]
