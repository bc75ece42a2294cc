"""The lessons' graded quiz questions (shown by `helpers.quiz.quiz("NN")`): each option explains itself, right or wrong."""

from __future__ import annotations

from helpers.quiz_widget import Question, Quiz


def q(ask: tuple[str, str], options: list[tuple[str, str]], answer: int, why: list[tuple[str, str]], code: str = "") -> Question:
    """A question from (English, Chinese) pairs: the options, the right one's index, and why for each option."""
    pair = lambda texts: {"en": texts[0], "zh-CN": texts[1]}  # noqa: E731
    assert len(options) == len(why) and 0 <= answer < len(options)
    return Question(pair(ask), [pair(o) for o in options], answer, [pair(w) for w in why], code)


QUIZZES = {
    "00": Quiz("00", [
        q(
            ("With the Assistants API, where does a conversation's history live?", "用 Assistants API 时，对话历史保存在哪里？"),
            [("in your program, which sends it with every call", "在你的程序里，每次调用都要发送"), ("on the server, in a thread", "在服务端的线程里"), ("in the assistant's instructions", "在助手的 instructions 里")],
            1,
            [
                ("That is chat completions: there you send the whole conversation each time.", "那是 chat completions：在那里每次都要发送整段对话。"),
                ("A thread keeps the turns, and you add only the new message.", "线程保存各轮对话，你只需添加新消息。"),
                ("Instructions are standing orders, the same for every conversation; the turns are in a thread.", "instructions 是长期指令，对每段对话都一样；各轮对话在线程里。"),
            ],
        ),
        q(
            ("Predict: what does this print, right after the call?", "预测：调用刚返回时，这段代码打印什么？"),
            [("queued", "queued"), ("completed", "completed"), ("None: the answer is not there yet", "None：回答还没有生成")],
            0,
            [
                ("A run starts queued; its status moves on while you poll or stream.", "运行从 queued 开始；你轮询或流式接收时，状态会继续变化。"),
                ("A run may take many steps; the API does not wait for them. You poll (or stream) until it ends.", "一次运行可能要很多步，API 不会等它们做完。你要轮询（或流式接收）直到它结束。"),
                ("The run object is there at once, with a status; its answer will be a message in the thread.", "运行对象会立即返回，带着状态；它的回答之后会成为线程里的一条消息。"),
            ],
            code='run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id)\nprint(run.status)',
        ),
        q(
            ("Which API replaced the Assistants API after 2026-08-26?", "2026-08-26 之后，哪个 API 接替了 Assistants API？"),
            [("Chat Completions", "Chat Completions"), ("GPTs", "GPTs"), ("the Responses API, with the Conversations API", "Responses API 加 Conversations API")],
            2,
            [
                ("Chat completions is older and still there, but it keeps no conversation and runs no tools for you.", "Chat completions 更早就有、现在也还在，但它不保存对话，也不替你执行工具。"),
                ("GPTs are built in ChatGPT, without code; they never were an API.", "GPTs 是在 ChatGPT 里搭的，不写代码；它从来不是 API。"),
                ("A thread becomes a conversation, and a run becomes a response.", "线程变成对话（conversation），运行变成响应（response）。"),
            ],
        ),
        q(
            ("A call prints a DeprecationWarning. What happened to the call?", "一次调用打印了 DeprecationWarning。这次调用怎么样了？"),
            [("it failed: the warning is its error", "失败了：警告就是它的错误"), ("it went through; the warning is about OpenAI's service", "照常完成；警告说的是 OpenAI 的服务"), ("it went to OpenAI instead of the simulator", "它被发到了 OpenAI，而不是模拟器")],
            1,
            [
                ("A warning is not an exception: the call returned its object.", "警告不是异常：调用照常返回了对象。"),
                ("The SDK marks the Assistants API deprecated; the call itself worked.", "SDK 把 Assistants API 标记为已弃用；调用本身成功了。"),
                ("The address comes from OPENAI_BASE_URL, which points at the simulator; the warning does not change it.", "地址来自 OPENAI_BASE_URL，它指向模拟器；警告不会改变它。"),
            ],
        ),
    ]),
    "01": Quiz("01", [
        q(
            ("Who runs the ask_database function?", "谁来执行 ask_database 函数？"),
            [("the model", "模型"), ("your code", "你的代码"), ("the Assistants API", "Assistants API")],
            1,
            [
                ("The model only writes the call's arguments (an SQL query); it runs nothing.", "模型只写出调用参数（一条 SQL），它什么都不执行。"),
                ("The function tool is a JSON Schema description; your code runs the query and sends back its output.", "函数工具只是一段 JSON Schema 描述；由你的代码执行查询，再把结果发回去。"),
                ("The API runs its own tools (code interpreter, file search), never your functions: it has no access to your database.", "API 只执行它自己的工具（代码解释器、文件搜索），从不执行你的函数：它根本连不到你的数据库。"),
            ],
        ),
        q(
            ("Predict: what does this print?", "预测：这段代码打印什么？"),
            [("None 0", "None 0"), ("你叫小U,你 0", "你叫小U,你 0"), ("你叫小U,你 1", "你叫小U,你 1")],
            2,
            [
                ("update does not clear what you leave out.", "update 不会清空你没传的字段。"),
                ("The instructions stayed, and so did the tool: update leaves alone what you do not send.", "instructions 保留了，工具也一样：update 不会动你没传的字段。"),
                ("update changes only the fields you send: instructions and tools stay.", "update 只修改你传入的字段：instructions 和工具都保留。"),
            ],
            code='xiaou = client.beta.assistants.update(xiaou.id, metadata={"team": "UAP"})\nprint(xiaou.instructions[:5], len(xiaou.tools))',
        ),
        q(
            ("Old code sends tools=[{\"type\": \"retrieval\"}]. What happens?", "旧代码传入 tools=[{\"type\": \"retrieval\"}]，会怎样？"),
            [("a 400 (openai.BadRequestError), and nothing is created", "400（openai.BadRequestError），什么都不会创建"), ("the assistant is created without the tool", "助手照样创建，只是没有这个工具"), ("it is renamed to file_search for you", "它会被自动改名为 file_search")],
            0,
            [
                ("The error body's message says what is wrong and param names the field: since v2 the tool is file_search.", "错误体的 message 说明错在哪，param 指出字段：从 v2 起这个工具叫 file_search。"),
                ("The API checks the whole request first; a bad part refuses all of it.", "API 先检查整个请求；有一处不对，整个请求都会被拒绝。"),
                ("The API never rewrites a request for you: it tells you what is wrong.", "API 从不替你改写请求：它只告诉你哪里错了。"),
            ],
        ),
    ]),
    "02": Quiz("02", [
        q(
            ("Does a thread belong to an assistant?", "线程属于某个助手吗？"),
            [("yes: it is created for one assistant", "是的：它是为某个助手创建的"), ("no: a run joins an assistant and a thread", "不属于：运行把助手和线程连在一起"), ("yes, once a run has used it", "运行用过它之后就属于了")],
            1,
            [
                ("threads.create takes no assistant at all.", "threads.create 根本不接受助手参数。"),
                ("Different runs on one thread may even use different assistants.", "同一个线程上的不同运行，甚至可以用不同的助手。"),
                ("A run uses a thread without owning it; the next run may use another assistant.", "运行只是使用线程，并不拥有它；下一次运行可以换一个助手。"),
            ],
        ),
        q(
            ("Predict: what does this cell show?", "预测：这个单元格会显示什么？"),
            [("a thread whose metadata is {'age': '30'}", "一个 metadata 是 {'age': '30'} 的线程"), ("a thread whose metadata is {'age': 30}", "一个 metadata 是 {'age': 30} 的线程"), ("a 400 (openai.BadRequestError) naming metadata.age", "一个 400（openai.BadRequestError），指出 metadata.age")],
            2,
            [
                ("The API converts nothing: it refuses what does not fit.", "API 不会替你转换：不合规定的就拒绝。"),
                ("Metadata values must be strings; nothing is created.", "metadata 的值必须是字符串；什么都不会创建。"),
                ("Metadata values are strings (up to 512 characters); the error's param names the key.", "metadata 的值是字符串（最长 512 个字符）；错误的 param 指出了是哪个键。"),
            ],
            code='client.beta.threads.create(metadata={"age": 30})',
        ),
        q(
            ("What happens to a thread's messages when the thread is deleted?", "删除线程时，线程里的消息会怎样？"),
            [("they are deleted with it", "跟着一起删除"), ("they stay, and can be listed by thread id", "留下来，仍能按线程 id 列出"), ("they move to the assistant", "转移到助手那里")],
            0,
            [
                ("Retrieving the thread, or listing its messages, is then a 404.", "之后再 retrieve 线程或列出它的消息，都会得到 404。"),
                ("Messages live inside their thread; listing them afterwards is a 404.", "消息存在于线程之内；之后再列出会得到 404。"),
                ("Messages never belong to an assistant; they go with their thread.", "消息从来不属于助手；它们和线程同生共死。"),
            ],
        ),
    ]),
    "03": Quiz("03", [
        q(
            ("What can messages.update change?", "messages.update 能修改什么？"),
            [("the content and the metadata", "内容和 metadata"), ("only the metadata", "只有 metadata"), ("the role, to turn a question into an answer", "角色：把问题变成回答")],
            1,
            [
                ("Content is fixed once written: delete the message and add a new one instead.", "内容一旦写入就不能改：要改就删掉这条消息，再添加一条新的。"),
                ("A message's words are history; only your own notes about it (metadata) change.", "消息的内容是历史；能改的只有你对它的标注（metadata）。"),
                ("Neither role nor content can change: a message records who said what.", "角色和内容都不能改：消息记录的是谁说了什么。"),
            ],
        ),
        q(
            ("Predict: a thread holds 45 messages. How many list calls does read_all (exercise 03.3) make, with the default page size?", "预测：一个线程有 45 条消息。用默认页大小，read_all（练习 03.3）要调用几次 list？"),
            [("1", "1"), ("2", "2"), ("3", "3")],
            2,
            [
                ("One page holds at most 20 by default; has_more says more follow.", "默认一页最多 20 条；has_more 表示后面还有。"),
                ("Two pages hold 40: the last 5 need a third.", "两页只有 40 条：剩下的 5 条还要第三页。"),
                ("Pages of 20, 20 and 5, each after the previous page's last_id, until has_more is false.", "20、20、5 三页，每页都从上一页的 last_id 之后开始，直到 has_more 为 false。"),
            ],
        ),
        q(
            ("role=\"system\" is refused in a thread. Where does a system prompt go?", "线程拒绝 role=\"system\"。system 提示词应该放哪里？"),
            [("into the assistant's instructions (or a run's)", "放进助手的 instructions（或某次运行的 instructions）"), ("into the first user message", "放进第一条用户消息"), ("into the thread's metadata", "放进线程的 metadata")],
            0,
            [
                ("A thread holds only what users and the assistant said; standing orders are the assistant's.", "线程里只放用户和助手说的话；长期指令属于助手。"),
                ("Then the model reads the orders as something the user said, and a user could argue with them.", "那样模型会把指令当成用户说的话，用户也可以和它争辩。"),
                ("Metadata is for your application: the model never reads it.", "metadata 是给你的应用用的：模型根本不会读它。"),
            ],
        ),
    ]),
    "04": Quiz("04", [
        q(
            ("runs.create has returned. Is the answer in the thread now?", "runs.create 返回了。现在线程里已经有回答了吗？"),
            [("yes: create waits for the model", "有了：create 会等模型答完"), ("most likely not: the run is queued", "多半还没有：运行还在 queued"), ("yes, but only when stream=True", "有了，但只在 stream=True 时")],
            1,
            [
                ("That is create_and_poll: create returns at once, before the model has started.", "那是 create_and_poll：create 会立即返回，模型还没开始。"),
                ("Poll (runs.retrieve, or create_and_poll) or stream until the run is completed.", "要轮询（runs.retrieve，或 create_and_poll）或流式接收，直到运行 completed。"),
                ("Streaming sends the answer as it is written; it still is not there when the call returns.", "流式会边写边发回答；调用返回时回答同样还没写好。"),
            ],
        ),
        q(
            ("Predict: a run on this thread is in_progress. What does this call do?", "预测：这个线程上有一次运行正处于 in_progress。这个调用会怎样？"),
            [("adds the message; the run reads it too", "添加消息；运行也会读到它"), ("waits until the run is over, then adds it", "等运行结束再添加"), ("a 400: the thread is locked while a run is active", "返回 400：运行活动期间线程被锁住")],
            2,
            [
                ("A run reads the thread as it was when it started; the API refuses changes meanwhile.", "运行读取的是它开始时的线程；在此期间 API 拒绝修改。"),
                ("The API never waits for you: it answers at once.", "API 从不替你等待：它会立即答复。"),
                ("Wait until the run is over (or cancel it), then add the message.", "等运行结束（或取消它），再添加消息。"),
            ],
            code='client.beta.threads.messages.create(thread_id=thread.id, role="user", content="还有问题")',
        ),
        q(
            ("A run failed with rate_limit_exceeded. Retry at once?", "运行以 rate_limit_exceeded 失败。要立刻重试吗？"),
            [("yes, a few times in a row", "要，连续多试几次"), ("no: wait (and check your quota) first", "不要：先等一等（并检查额度）"), ("no: change the prompt", "不要：改一改提示词")],
            1,
            [
                ("Retrying at once only adds to the limit you hit. Retry at once for passing errors such as server_error.", "立刻重试只会让限流更严重。只有 server_error 这类临时错误才适合立刻重试。"),
                ("A rate limit passes with time, or needs more quota.", "限流会随时间过去，或者需要更多额度。"),
                ("That is for invalid_prompt: the input was the problem. Here it was how often you asked.", "那是针对 invalid_prompt 的：问题出在输入。这里的问题是请求太频繁。"),
            ],
        ),
        q(
            ("A run ended incomplete. What happened?", "一次运行以 incomplete 结束。发生了什么？"),
            [("a token limit you set was reached", "达到了你设置的 token 上限"), ("the server crashed halfway", "服务器中途崩溃了"), ("the run is still going", "运行还在继续")],
            0,
            [
                ("incomplete_details.reason says which (max_completion_tokens or max_prompt_tokens); the message holds the text so far.", "incomplete_details.reason 说明是哪一个（max_completion_tokens 或 max_prompt_tokens）；消息里是已经写出的部分。"),
                ("A server error makes a run failed, with last_error.", "服务器出错会让运行 failed，并带上 last_error。"),
                ("incomplete is terminal: the run will not move again.", "incomplete 是终态：运行不会再变化。"),
            ],
        ),
    ]),
    "05": Quiz("05", [
        q(
            ("Does a streamed run store a different message from a polled one?", "流式运行存下的消息，和轮询得到的运行有区别吗？"),
            [("yes: a streamed reply is stored in pieces", "有：流式的回复是分段存储的"), ("no: same run, same steps, same message", "没有：同样的运行、同样的步骤、同样的消息"), ("a streamed reply is not stored at all", "流式的回复根本不会存储")],
            1,
            [
                ("The pieces are only how it travels; the thread stores one message, whole.", "分段只是传输的方式；线程里存的是一整条消息。"),
                ("Streaming only tells you about the run as it happens.", "流式只是在运行进行时把情况告诉你。"),
                ("messages.list afterwards shows the reply, as for any run.", "之后用 messages.list 就能看到回复，和任何运行一样。"),
            ],
        ),
        q(
            ("Why does on_text_delta print with end=\"\" and flush=True?", "on_text_delta 为什么用 end=\"\" 和 flush=True 打印？"),
            [("so the pieces join on one line and show at once", "让片段连成一行，并且立刻显示"), ("so the SDK knows the piece was handled", "让 SDK 知道这个片段处理过了"), ("to make the stream faster", "让流更快")],
            0,
            [
                ("Without end=\"\" each piece takes a line; without flush it waits in Python's output buffer.", "没有 end=\"\"，每个片段各占一行；没有 flush，它会停在 Python 的输出缓冲区里。"),
                ("The SDK ignores what a callback prints or returns.", "SDK 不关心回调打印或返回什么。"),
                ("Printing changes nothing on the server: it only changes when you see the text.", "打印不会改变服务端的任何东西：它只决定你什么时候看到文字。"),
            ],
        ),
        q(
            ("A streamed run needs your functions. Where does its stream stop?", "一次流式运行需要调用你的函数。它的流停在哪里？"),
            [("at thread.run.completed, with the calls in the message", "在 thread.run.completed，调用写在消息里"), ("at thread.run.requires_action", "在 thread.run.requires_action"), ("it waits, open, until you send the outputs", "它保持打开并等待，直到你提交输出")],
            1,
            [
                ("The run is not over: it waits for your outputs.", "运行还没结束：它在等你的输出。"),
                ("Run the functions and call submit_tool_outputs_stream(...), which opens a new stream for the rest.", "执行函数，再调用 submit_tool_outputs_stream(...)，它会为剩下的部分打开一个新的流。"),
                ("The stream ends; submitting the outputs opens a new one.", "这个流会结束；提交输出时会打开一个新的流。"),
            ],
        ),
    ]),
    "06": Quiz("06", [
        q(
            ("Who computes the number in a code-interpreter answer?", "代码解释器的回答里，那个数字是谁算出来的？"),
            [("the model, in its head", "模型，在“脑子”里算"), ("Python, running the model's code", "Python，运行模型写的代码"), ("the Assistants API's calculator", "Assistants API 自带的计算器")],
            1,
            [
                ("The model writes code; the tool runs it, and the model answers from the output.", "模型写代码；工具运行它，模型再根据输出作答。"),
                ("The model may round or rephrase the output, but the number comes from running code.", "模型可能会四舍五入或换种说法，但数字来自运行代码。"),
                ("There is no calculator: the tool is a Python sandbox.", "没有什么计算器：这个工具是一个 Python 沙箱。"),
            ],
        ),
        q(
            ("Predict: under which path does the code find an uploaded file?", "预测：代码在哪个路径下找到上传的文件？"),
            [("/mnt/data/sales.csv, its file name", "/mnt/data/sales.csv，它的文件名"), ("/mnt/data/<file id>", "/mnt/data/<文件 id>"), ("./sales.csv, next to the code", "./sales.csv，就在代码旁边")],
            1,
            [
                ("The tool names files by id: two uploads may share a name.", "工具按 id 命名文件：两次上传可能用同一个文件名。"),
                ("By its id, not its original name; the model reads the path it was given.", "按 id，而不是原来的文件名；模型读取的是给它的路径。"),
                ("The sandbox keeps files under /mnt/data/, named by id.", "沙箱把文件放在 /mnt/data/ 下，按 id 命名。"),
            ],
            code='file = client.files.create(file=open("../data/sales.csv", "rb"), purpose="assistants")',
        ),
        q(
            ("The stream is gone. Where do you find the code a run executed?", "流已经没了。到哪里找一次运行执行过的代码？"),
            [("in the run's tool_calls step", "在运行的 tool_calls 步骤里"), ("in the reply's text", "在回复的文本里"), ("nowhere: it was only streamed", "哪里都没有：它只在流里出现过")],
            0,
            [
                ("Each code_interpreter call keeps its input (the code) and outputs.", "每次 code_interpreter 调用都保存了它的 input（代码）和 outputs。"),
                ("The reply gives the result, not necessarily the code.", "回复给出的是结果，不一定有代码。"),
                ("Streaming only shows what the run records: the steps keep it.", "流式只是展示运行记录下来的东西：步骤里都保存着。"),
            ],
        ),
        q(
            ("Can you download the CSV you uploaded for assistants?", "你为助手上传的 CSV，能再下载回来吗？"),
            [("yes, with client.files.content", "能，用 client.files.content"), ("no: a 400; only files the tool made (assistants_output) download", "不能：返回 400；只有工具生成的文件（assistants_output）可以下载"), ("only from the sandbox, with code", "只能在沙箱里用代码读取")],
            1,
            [
                ("files.content works for the tool's outputs, such as a chart, not for your uploads.", "files.content 适用于工具的输出，比如图表，而不是你上传的文件。"),
                ("You have the file already; the API keeps uploads for the tools.", "文件本来就在你手里；API 保存上传的文件是给工具用的。"),
                ("Code in the sandbox can read it, but that is not a download: files.content answers 400.", "沙箱里的代码可以读它，但那不算下载：files.content 返回 400。"),
            ],
        ),
    ]),
    "07": Quiz("07", [
        q(
            ("Predict: what do you pass to your function?", "预测：应该把什么传给你的函数？"),
            [("call.function.arguments, as it is", "原样传 call.function.arguments"), ("**json.loads(call.function.arguments)", "**json.loads(call.function.arguments)"), ("call.function.name", "call.function.name")],
            1,
            [
                ("arguments is a JSON string, such as '{\"query\": \"SELECT ...\"}': parse it first.", "arguments 是 JSON 字符串，比如 '{\"query\": \"SELECT ...\"}'：要先解析。"),
                ("Parsed, it is a dict of the declared parameters: pass it as keyword arguments.", "解析之后是按声明的参数组成的字典：作为关键字参数传入。"),
                ("The name says which function to call, not with what.", "名字说明调用哪个函数，而不是用什么参数调用。"),
            ],
            code="for call in run.required_action.submit_tool_outputs.tool_calls:\n    output = available_functions[call.function.name](...)",
        ),
        q(
            ("The run asked for two calls. You submit the output of one. What happens?", "运行请求了两次调用。你只提交了其中一个的输出。会怎样？"),
            [("the run goes on with one answer", "运行带着一个结果继续"), ("a 400; the run keeps waiting", "返回 400；运行继续等待"), ("the run fails", "运行失败")],
            1,
            [
                ("Every call must get exactly one output, in one submission.", "每次调用都必须恰好有一个输出，而且要一次提交。"),
                ("Nothing changes: send both outputs together.", "什么都不会改变：把两个输出一起提交。"),
                ("The API refuses the submission; the run itself is untouched and still waits.", "API 拒绝这次提交；运行本身不受影响，仍在等待。"),
            ],
        ),
        q(
            ("Your function raises in the middle of a run. What should your code do?", "运行进行到一半，你的函数抛出了异常。你的代码应该怎么做？"),
            [("nothing: the run fails by itself", "什么都不用做：运行会自己失败"), ("cancel the run", "取消运行"), ("catch it and send the error back as the output", "捕获它，把错误作为输出发回去")],
            2,
            [
                ("The API never sees your exception: the run waits until it expires.", "API 根本看不到你的异常：运行会一直等到过期。"),
                ("That loses the conversation's turn; the model could have explained or retried.", "那样这一轮就白费了；模型本可以解释错误或者重试。"),
                ("The model reads the error like any output, and can explain it or try again.", "模型会像读任何输出一样读这个错误，可以解释它或者再试一次。"),
            ],
        ),
        q(
            ("How do you forbid tool calls for one run?", "怎样在某一次运行里禁止调用工具？"),
            [("tool_choice=\"none\"", "tool_choice=\"none\""), ("tools=[] on the assistant", "把助手的 tools 设为 []"), ("parallel_tool_calls=False", "parallel_tool_calls=False")],
            0,
            [
                ("tool_choice steers one run: \"none\" forbids, a named function forces.", "tool_choice 只控制这一次运行：\"none\" 表示禁止，指定函数表示强制。"),
                ("That changes the assistant for every later run too.", "那会改掉助手，之后的每次运行都受影响。"),
                ("That allows one call per step; it forbids nothing.", "那只是每步最多一次调用，什么都没有禁止。"),
            ],
        ),
    ]),
    "08": Quiz("08", [
        q(
            ("Your file batch says completed. Are all its files searchable?", "文件批次显示 completed。里面的文件都能检索了吗？"),
            [("yes: completed means every file worked", "是的：completed 表示每个文件都成功了"), ("not necessarily: look at file_counts.failed", "不一定：要看 file_counts.failed"), ("no: wait another minute", "还不行：再等一分钟")],
            1,
            [
                ("A batch completes even when files failed; its status says the work is over, not that it all worked.", "即使有文件失败，批次也会 completed；它的状态只说明处理结束了，不说明全部成功。"),
                ("Then read each failed file's last_error (unsupported_file, invalid_file...).", "再看每个失败文件的 last_error（unsupported_file、invalid_file……）。"),
                ("completed is final: waiting changes nothing for a file that failed.", "completed 是终态：对失败的文件，再等也没用。"),
            ],
        ),
        q(
            ("What is 【0:1†source】 in an answer?", "回答里的 【0:1†source】 是什么？"),
            [("a citation marker: an annotation names its file", "引用标记：有一个注解指明它引用的文件"), ("a formatting bug of the model", "模型的格式错误"), ("a link the user can click", "用户可以点击的链接")],
            0,
            [
                ("The text's annotations hold a file_citation whose start_index and end_index slice the marker.", "文本的 annotations 里有一个 file_citation，它的 start_index 和 end_index 正好圈出这个标记。"),
                ("It is on purpose: it marks where the model cited a search result. Render it as a footnote.", "它是有意为之的：标出模型在哪里引用了检索结果。把它渲染成脚注。"),
                ("It is plain text: your code turns it into something readable (exercise 08.4).", "它只是纯文本：要靠你的代码把它变成可读的形式（练习 08.4）。"),
            ],
        ),
        q(
            ("Predict: what does this call get?", "预测：这个调用会得到什么？"),
            [("a store with overlapping chunks", "一个文本块互相重叠的向量存储"), ("a 400: the overlap may be at most half the chunk size", "400：重叠最多只能是块大小的一半"), ("a store with the default chunking", "一个使用默认分块的向量存储")],
            1,
            [
                ("300 is more than half of 400: the API refuses it.", "300 超过了 400 的一半：API 会拒绝。"),
                ("And max_chunk_size_tokens must be between 100 and 4096.", "另外 max_chunk_size_tokens 必须在 100 到 4096 之间。"),
                ("The API never falls back to defaults for a value it refuses: nothing is created.", "对于它拒绝的值，API 不会退回默认设置：什么都不会创建。"),
            ],
            code='client.vector_stores.create(chunking_strategy={"type": "static", "static": {"max_chunk_size_tokens": 400, "chunk_overlap_tokens": 300}})',
        ),
        q(
            ("How do you keep a forgotten store from costing money forever?", "怎样避免一个被遗忘的向量存储永远产生费用？"),
            [("expires_after, counted from its last use", "设置 expires_after，从最后一次使用开始计时"), ("nothing: stores are free", "不用管：向量存储是免费的"), ("delete its files but keep the store", "删掉里面的文件，保留向量存储")],
            0,
            [
                ("expires_after={\"anchor\": \"last_active_at\", \"days\": N}, or delete it when done.", "expires_after={\"anchor\": \"last_active_at\", \"days\": N}，或者用完就删除。"),
                ("Storage was billed per GB per day beyond the first GB.", "超出第一个 GB 之后，存储按每 GB 每天计费。"),
                ("That shrinks usage_bytes, but the store itself stays until it is deleted or expires.", "这样能减少 usage_bytes，但向量存储本身要等删除或过期才会消失。"),
            ],
        ),
    ]),
    "09": Quiz("09", [
        q(
            ("Predict: what does this request get?", "预测：这个请求会得到什么？"),
            [("a response that sees both histories", "一个能看到两段历史的响应"), ("a 400: conversation and previous_response_id exclude each other", "400：conversation 和 previous_response_id 不能同时使用"), ("the conversation wins; previous_response_id is ignored", "以 conversation 为准，previous_response_id 被忽略")],
            1,
            [
                ("The API does not merge histories: it refuses the request.", "API 不会合并两段历史：它会拒绝这个请求。"),
                ("Pick one: a conversation on the server, a chain of responses, or the whole history as input.", "三选一：服务端的对话、响应链，或者把整段历史作为 input 发送。"),
                ("Nothing is ignored silently: the request is refused, and nothing is created.", "不会有什么被悄悄忽略：请求被拒绝，什么都不会创建。"),
            ],
            code='client.responses.create(**XIAO_U, previous_response_id=first.id, conversation=conversation.id, input="hi")',
        ),
        q(
            ("The model wants your function. What is the response's status?", "模型需要调用你的函数。响应的状态是什么？"),
            [("requires_action", "requires_action"), ("completed, with a function_call item in its output", "completed，输出里有一个 function_call 条目"), ("in_progress, until you send the output", "in_progress，直到你提交输出")],
            1,
            [
                ("There is no requires_action any more: a response is over when it returns.", "已经没有 requires_action 了：响应返回时就已经结束。"),
                ("Run the function and send a new request with a function_call_output of the same call_id.", "执行函数，再发一个新请求，带上 call_id 相同的 function_call_output。"),
                ("Nothing waits on the server: your next request carries the output.", "服务端不会等待：你的下一个请求会带上输出。"),
            ],
        ),
        q(
            ("What replaced create_and_poll?", "什么取代了 create_and_poll？"),
            [("one responses.create, which returns the finished response", "一次 responses.create，它返回已经完成的响应"), ("responses.create_and_poll", "responses.create_and_poll"), ("a run on a conversation", "在对话上的一次运行")],
            0,
            [
                ("With background=True it returns queued, and then you poll responses.retrieve.", "如果加上 background=True，它会返回 queued，然后你再轮询 responses.retrieve。"),
                ("There is no such helper: the call itself waits.", "没有这样的辅助方法：这个调用本身就会等待。"),
                ("There are no runs: a response is the one thing that answers.", "没有运行了：作答的只有响应。"),
            ],
        ),
        q(
            ("You listed a thread's messages into a conversation and it reads backwards. Why?", "你把线程的消息列出来放进对话，结果对话是倒着的。为什么？"),
            [("conversations store items newest first", "对话按最新在前的顺序保存条目"), ("messages.list gives the newest first unless order=\"asc\"", "除非指定 order=\"asc\"，messages.list 会先给出最新的"), ("the migration reverses roles", "迁移时角色被颠倒了")],
            1,
            [
                ("A conversation keeps items in the order you give them.", "对话按你给出的顺序保存条目。"),
                ("List with order=\"asc\", as thread_to_conversation does (exercise 09.5).", "用 order=\"asc\" 列出，就像 thread_to_conversation 那样（练习 09.5）。"),
                ("Roles are copied as they are; only the order is upside down.", "角色是原样复制的；只是顺序倒了。"),
            ],
        ),
    ]),
    "10": Quiz("10", [
        q(
            ("小U answers a schedule question on the Assistants API. Which status does the run stop in before your ask_database runs?", "小U 在 Assistants API 上回答一个课程表问题。在你的 ask_database 运行之前，运行停在哪个状态？"),
            [("requires_action", "requires_action"), ("in_progress", "in_progress"), ("completed, with the SQL in its message", "completed，SQL 写在它的消息里")],
            0,
            [
                ("The run waits for your outputs; your handler submits them and the run goes on.", "运行在等你的输出；事件处理器提交之后，运行继续。"),
                ("in_progress is while the model works; a function call needs you, so the run stops for it.", "in_progress 是模型在工作的时候；函数调用需要你来执行，所以运行会停下来等。"),
                ("The model does not answer until it has the rows: it asks for them first.", "模型拿到查询结果之前不会作答：它会先要结果。"),
            ],
        ),
        q(
            ("A user comes back the next day. What does 小U need to pick up the conversation on the Responses API?", "用户第二天回来了。在 Responses API 上，小U 需要什么才能接着聊？"),
            [("nothing: the API remembers the last user", "什么都不需要：API 记得上一个用户"), ("the conversation's id, kept in your own map from user to conversation", "对话的 id，记在你自己的“用户 → 对话”映射里"), ("every earlier message, sent again as input", "之前的每一条消息，作为 input 重新发送")],
            1,
            [
                ("The API has no idea who your users are; you keep that link.", "API 不知道你的用户是谁；这个对应关系要你自己保存。"),
                ("Send `conversation=<id>` and the server adds the earlier items for you.", "发送 `conversation=<id>`，服务端会替你带上之前的条目。"),
                ("That is the chat completions way; a conversation keeps the items on the server.", "那是 chat completions 的做法；对话会把条目保存在服务端。"),
            ],
        ),
        q(
            ("Where does the usage report's total come from?", "用量报告的总数从哪里来？"),
            [("counting the characters of the answers", "数回答的字数"), ("the usage the server reported on each run or response", "服务端在每次运行或每个响应上报告的 usage"), ("the model's price list alone", "只看模型的价目表")],
            1,
            [
                ("Tokens are not characters, and the prompt (thread, instructions, search results) counts too.", "token 不是字数，而且提示词（线程、指令、检索结果）也要计入。"),
                ("Each run's or response's `usage` is what was billed; add them up, then multiply by the prices.", "每次运行或每个响应的 `usage` 就是计费的依据；把它们加起来，再乘以单价。"),
                ("Prices turn tokens into money; the tokens come from `usage`.", "单价把 token 换成钱；token 数来自 `usage`。"),
            ],
        ),
    ]),
}
