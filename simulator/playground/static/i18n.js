// The page's words in English and Chinese: the browser's language by default, ?lang=en|zh-CN to force one, the
// choice remembered in localStorage. Chinese follows README.zh-CN.md's 术语表 and Chinese typography (full-width
// punctuation); API names, fields and values (previous_response_id, completed) stay as the API spells them.

const STORAGE = "playground.lang";
export const LANGUAGES = { en: "English", "zh-CN": "中文" };

/** "zh", "zh-TW", "zh-Hans-CN" → zh-CN; "en-GB" → en; anything else → null. */
function known(tag) {
  if (!tag) return null;
  if (/^zh\b/i.test(tag)) return "zh-CN";
  if (/^en\b/i.test(tag)) return "en";
  return null;
}

function pick() {
  const forced = known(new URLSearchParams(location.search).get("lang"));
  if (forced) {
    localStorage.setItem(STORAGE, forced);
    return forced;
  }
  const chosen = known(localStorage.getItem(STORAGE));
  if (chosen) return chosen;
  for (const tag of navigator.languages || [navigator.language]) {
    const found = known(tag);
    if (found) return found;
  }
  return "en";
}

export const LANG = pick();

/** Choose a language from the page's switch: remembered, and the page reloads in it (a ?lang= follows along). */
export function chooseLanguage(language) {
  localStorage.setItem(STORAGE, language);
  const here = new URL(location.href);
  if (here.searchParams.has("lang")) {
    here.searchParams.set("lang", language);
    location.replace(here.href);
  } else {
    location.reload();
  }
}

// key: [English, Chinese]. {name} is filled in by t().
export const STRINGS = {
  title: ["Assistants Playground · offline simulator", "Assistants Playground · 离线模拟器"],
  skip: ["Skip to the message box", "跳到消息输入框"],
  heading: ["Assistants Playground", "Assistants Playground"],
  tag: ["offline simulator", "离线模拟器"],
  api_tabs: ["API", "API"],
  tab_assistants: ["Assistants", "Assistants API"],
  tab_responses: ["Responses", "Responses API"],
  language: ["Language", "语言"],
  api_key: ["API key", "API 密钥"],
  show: ["Show", "显示"],
  hide: ["Hide", "隐藏"],
  key_help: [
    "Stored in this browser only. The simulator accepts any non-empty key; in classroom mode each key sees only its own assistants.",
    "只保存在这个浏览器里。模拟器接受任何非空的密钥；课堂模式下，每个密钥只能看到自己的助手。",
  ],
  assistant: ["Assistant", "助手"],
  new: ["New", "新建"],
  saved_assistants: ["Saved assistants", "已保存的助手"],
  id: ["ID", "ID"],
  not_saved: ["not saved yet", "尚未保存"],
  copy_id: ["Copy ID", "复制 ID"],
  name: ["Name", "名称"],
  name_placeholder: ["Math tutor", "数学辅导老师"],
  instructions: ["Instructions", "指令（instructions）"],
  instructions_placeholder: ["You are a helpful assistant.", "你是一个乐于助人的助手。"],
  model: ["Model", "模型"],
  temperature: ["Temperature", "温度（temperature）"],
  temperature_slider: ["Temperature slider", "温度滑块"],
  tools: ["Tools", "工具"],
  code_interpreter: ["Code interpreter", "代码解释器"],
  code_files: ["Code interpreter files", "代码解释器的文件"],
  upload_files: ["Upload files", "上传文件"],
  file_search: ["File search", "文件检索"],
  vector_store: ["Vector store", "向量存储"],
  refresh: ["Refresh", "刷新"],
  new_store: ["New store from files", "用文件新建向量存储"],
  functions: ["Functions", "函数"],
  add_function: ["Add function", "添加函数"],
  add_example: ["Add example", "添加示例"],
  create: ["Create", "创建"],
  save_changes: ["Save changes", "保存修改"],
  delete: ["Delete", "删除"],
  chat: ["Chat", "聊天"],
  thread: ["Thread", "线程"],
  new_thread: ["New thread", "新建线程"],
  thread_none: ["a new thread starts with your first message", "发送第一条消息时创建新线程"],
  messages: ["Messages", "消息"],
  tool_form_title: ["The run needs your function outputs", "运行在等待你的函数输出"],
  submit_outputs: ["Submit outputs", "提交输出"],
  message: ["Message", "消息"],
  composer_placeholder: ["Message the assistant… (Enter sends, Shift+Enter adds a line)", "给助手发消息……（Enter 发送，Shift+Enter 换行）"],
  attachments: ["Attachments", "附件"],
  attach_files: ["Attach files", "添加附件"],
  cancel_run: ["Cancel run", "取消运行"],
  send: ["Send", "发送"],
  inspector_and_code: ["Inspector and code", "检查器和代码"],
  details: ["Details", "详情"],
  inspector: ["Inspector", "检查器"],
  copy_as_code: ["Copy as code", "复制为代码"],
  run: ["Run", "运行"],
  no_run_yet: ["No run yet. Send a message to start one.", "还没有运行。发送一条消息就会开始一个运行。"],
  steps: ["Steps", "运行步骤"],
  code_help: [
    "Python with the OpenAI SDK: the assistant as configured on the left, then a thread and a run.",
    "使用 OpenAI SDK 的 Python 代码：左侧配置的助手，然后是一个线程和一个运行。",
  ],
  copy_code: ["Copy code", "复制代码"],
  request: ["Request", "请求"],
  new_conversation: ["New conversation", "新对话"],
  r_code_help: ["The code runs in a container the API starts for it (type auto).", "代码在 API 为它启动的容器里运行（类型 auto）。"],
  last_response_json: ["Last response JSON", "上一个响应的 JSON"],
  previous_response: ["Previous response", "上一个响应"],
  previous_none: ["none: the next turn starts a conversation", "无：下一轮开始新的对话"],
  responses_messages: ["Responses messages", "响应的消息"],
  r_tool_form_title: ["The model called your functions: answer with function_call_output", "模型调用了你的函数：用 function_call_output 回答"],
  send_outputs: ["Send outputs", "发送输出"],
  input: ["Input", "输入"],
  r_placeholder: ["Input for the model… (Enter sends, Shift+Enter adds a line)", "给模型的输入……（Enter 发送，Shift+Enter 换行）"],
  r_code_heading_help: ["Python with the OpenAI SDK: the request on the left with your last input.", "使用 OpenAI SDK 的 Python 代码：左侧的请求，加上你最后一次的输入。"],
  close: ["Close", "关闭"],
  copy: ["Copy", "复制"],

  raw_json_of: ["Show the raw JSON of {label}", "显示 {label} 的原始 JSON"],
  new_assistant_option: ["— New assistant —", "—— 新建助手 ——"],
  unnamed: ["(unnamed)", "（未命名）"],
  remove_file: ["Remove {name}", "移除 {name}"],
  store_label: ["{name} · {done}/{total} files · {id}", "{name} · {done}/{total} 个文件 · {id}"],
  none_option: ["— none —", "—— 无 ——"],
  store_status: ["Status: {status}", "状态：{status}"],
  pick_store: ["Pick a store, or make one from files.", "选一个向量存储，或者用文件新建一个。"],
  uploading: ["Uploading {count} file(s)…", "正在上传 {count} 个文件……"],
  uploaded: ["Uploaded {done} of {count}…", "已上传 {done}/{count} 个……"],
  indexing: ["Indexing the files…", "正在为文件建立索引……"],
  store_name: ["{name} files", "{name} 的文件"],
  function_label: ["Function ", "函数 "],
  remove: ["Remove", "移除"],
  remove_function: ["Remove function {name}", "移除函数 {name}"],
  invalid_json: ["Not valid JSON: {error}", "不是有效的 JSON：{error}"],
  refused_function: ["The API refused this function: see the message under it.", "API 拒绝了这个函数：看它下面的说明。"],
  fix_json: ["Fix the function JSON first.", "请先修正函数的 JSON。"],
  choose_model: ["Choose a model, e.g. gpt-4o.", "请选择模型，例如 gpt-4o。"],
  saved: ["Saved.", "已保存。"],
  created: ["Created {id}.", "已创建 {id}。"],
  confirm_delete: ["Delete the assistant {name}? Its threads stay.", "删除助手 {name}？它的线程会保留。"],
  deleted: ["Deleted {id}.", "已删除 {id}。"],
  id_copied: ["Assistant ID copied.", "已复制助手 ID。"],
  new_thread_option: ["— New thread —", "—— 新建线程 ——"],
  empty_thread: ["(empty)", "（空）"],
  empty_chat: [
    "Pick or create an assistant on the left, then say something. Replies stream in here; the Inspector shows each run's steps.",
    "在左侧选择或创建一个助手，然后发一条消息。回复会以流式显示在这里；检查器会显示每个运行的运行步骤。",
  ],
  image: ["Image {id}", "图片 {id}"],
  not_available: [" (not available)", "（无法获取）"],
  you: ["You", "你"],
  attached: ["Attached: ", "附件："],
  pick_assistant_first: ["Create (or pick) an assistant first: a run needs an assistant_id.", "请先创建（或选择）一个助手：运行需要 assistant_id。"],
  run_ended: ["The run ended {status}: {why}", "运行以 {status} 结束：{why}"],
  stream_error: ["The stream reported an error.", "流报告了一个错误。"],
  arguments_of: ["Arguments of {name}", "{name} 的参数"],
  output_of: ["Output of {name} ({id})", "{name} 的输出（{id}）"],
  output_placeholder: ["e.g. {\"temperature\": 22}", "例如 {\"temperature\": 22}"],
  no_run_on_thread: ["No run on this thread yet.", "这个线程上还没有运行。"],
  status: ["Status", "状态"],
  started: ["Started", "开始"],
  finished: ["Finished", "结束"],
  usage: ["Usage", "用量"],
  usage_value: ["{prompt} prompt + {completion} completion = {total} tokens", "提示词 {prompt} + 补全 {completion} = {total} 个 token"],
  usage_pending: ["— (until the run ends)", "——（运行结束后显示）"],
  error: ["Error", "错误"],
  incomplete: ["Incomplete", "未完成"],
  message_creation: ["Message creation", "创建消息"],
  tool_calls: ["Tool calls", "工具调用"],
  created_message: ["Created message ", "创建的消息 "],
  file: ["File", "文件"],
  citation: ["Citation", "引用"],
  no_tool_calls: ["No tool calls yet.", "还没有工具调用。"],
  step_tokens: ["{total} tokens ({prompt} prompt, {completion} completion)", "{total} 个 token（提示词 {prompt}，补全 {completion}）"],
  function: ["Function ", "函数 "],
  arguments: ["Arguments", "参数"],
  output: ["Output", "输出"],
  output_waiting: ["Output: waiting for submit_tool_outputs", "输出：等待 submit_tool_outputs"],
  logs: ["Logs", "日志"],
  output_image: ["Output image {id}", "输出图片 {id}"],
  ci_input: ["Code interpreter input", "代码解释器的输入"],
  fs_results: ["File search: {count} result(s)", "文件检索：{count} 条结果"],
  score: ["{name} (score {score})", "{name}（得分 {score}）"],
  copied: ["Copied.", "已复制。"],
  r_empty: [
    "Say something: the reply streams in as output_text deltas, and each turn continues the last one by previous_response_id.",
    "发一条消息：回复以 output_text 的 delta 流式到达，每一轮都通过 previous_response_id 接着上一轮。",
  ],
  function_call: ["Function call", "函数调用"],
  queries: ["Queries: {queries}", "查询：{queries}"],
  results: ["{count} result(s)", "{count} 条结果"],
  response_failed: ["The response failed: {why}", "响应失败：{why}"],
  response_incomplete: ["The response is incomplete: {why}", "响应未完成：{why}"],
  no_reason: ["no reason given", "没有给出原因"],
  fs_needs_store: ["File search needs a vector store: pick one, or make one from files.", "文件检索需要一个向量存储：选一个，或者用文件新建一个。"],
  answer_calls_first: ["Answer the function calls first (or start a new conversation).", "请先回答函数调用（或开始新对话）。"],
  response: ["Response {id}", "响应 {id}"],
  assistant_json: ["Assistant {id}", "助手 {id}"],
  thread_json: ["Thread {id}", "线程 {id}"],
  message_json: ["Message {id}", "消息 {id}"],
  run_json: ["Run {id}", "运行 {id}"],
  step_json: ["Step {id}", "运行步骤 {id}"],
  unreachable: ["Cannot reach the simulator ({error}). Is it still running?", "连不上模拟器（{error}）。它还在运行吗？"],
};

/** The page's text for `key` in its language, with {name} filled in from `values`. */
export function t(key, values = {}) {
  const entry = STRINGS[key];
  if (!entry) return key;
  const text = entry[LANG === "zh-CN" ? 1 : 0];
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// The static page (index.html is written in English): [selector, what to set, key].
const STATIC = [
  ["title", "text", "title"],
  [".skip", "text", "skip"],
  [".topbar h1", "text", "heading"],
  [".topbar .tag", "text", "tag"],
  [".modes", "aria-label", "api_tabs"],
  ["#tab-assistants", "text", "tab_assistants"],
  ["#tab-responses", "text", "tab_responses"],
  ["label[for=lang]", "text", "language"],
  ["label[for=api-key]", "text", "api_key"],
  ["#key-show", "text", "show"],
  ["#key-help", "text", "key_help"],
  ["#assistant-heading", "text", "assistant"],
  ["#new-assistant", "text", "new"],
  ["label[for=assistant-select]", "text", "saved_assistants"],
  ["#assistant-form .idline > span", "text", "id"],
  ["#assistant-id", "text", "not_saved"],
  ["#copy-assistant-id", "text", "copy_id"],
  ["label[for=a-name]", "text", "name"],
  ["#a-name", "placeholder", "name_placeholder"],
  ["label[for=a-instructions]", "text", "instructions"],
  ["#a-instructions", "placeholder", "instructions_placeholder"],
  ["label[for=a-model]", "text", "model"],
  ["label[for=a-temperature]", "text", "temperature"],
  ["#a-temperature-range", "aria-label", "temperature_slider"],
  ["fieldset.tools legend", "text", "tools"],
  ["label[for=t-code]", "text", "code_interpreter"],
  ["#code-files", "aria-label", "code_files"],
  ["label[for=code-upload]", "text", "upload_files"],
  ["label[for=t-fs]", "text", "file_search"],
  ["label[for=fs-store]", "text", "vector_store"],
  ["#fs-refresh", "text", "refresh"],
  ["label[for=fs-upload]", "text", "new_store"],
  [".tool .label", "text", "functions"],
  ["#add-function", "text", "add_function"],
  ["#add-example", "text", "add_example"],
  ["#save-assistant", "text", "create"],
  ["#delete-assistant", "text", "delete"],
  ["#chat-heading", "text", "chat"],
  ["label[for=thread-select]", "text", "thread"],
  ["#new-thread", "text", "new_thread"],
  ["#mode-assistants .chat .idline > span", "text", "thread"],
  ["#thread-id", "text", "thread_none"],
  ["#messages", "aria-label", "messages"],
  ["#tool-form-title", "text", "tool_form_title"],
  ["#submit-outputs", "text", "submit_outputs"],
  ["label[for=composer-input]", "text", "message"],
  ["#composer-input", "placeholder", "composer_placeholder"],
  ["#attachments", "aria-label", "attachments"],
  ["label[for=attach]", "text", "attach_files"],
  ["#cancel-run", "text", "cancel_run"],
  ["#send", "text", "send"],
  [".side", "aria-label", "inspector_and_code"],
  [".subtabs", "aria-label", "details"],
  ["#tab-inspector", "text", "inspector"],
  ["#tab-code", "text", "copy_as_code"],
  ["label[for=run-select]", "text", "run"],
  ["#refresh-inspector", "text", "refresh"],
  ["#run-summary .muted", "text", "no_run_yet"],
  ["#panel-inspector h3", "text", "steps"],
  ["#panel-code > p.muted", "text", "code_help"],
  ["#copy-code", "text", "copy_code"],
  ["#r-settings-heading", "text", "request"],
  ["#r-new", "text", "new_conversation"],
  ["label[for=r-instructions]", "text", "instructions"],
  ["#r-instructions", "placeholder", "instructions_placeholder"],
  ["label[for=r-model]", "text", "model"],
  ["label[for=r-t-code]", "text", "code_interpreter"],
  ["#r-code-help", "text", "r_code_help"],
  ["#r-code-files", "aria-label", "code_files"],
  ["label[for=r-code-upload]", "text", "upload_files"],
  ["label[for=r-t-fs]", "text", "file_search"],
  ["label[for=r-fs-store]", "text", "vector_store"],
  ["#r-fs-refresh", "text", "refresh"],
  ["label[for=r-fs-upload]", "text", "new_store"],
  ["#r-add-function", "text", "add_function"],
  ["#r-add-example", "text", "add_example"],
  ["#r-chat-heading", "text", "chat"],
  ["#r-raw", "text", "last_response_json"],
  ["#mode-responses .idline > span", "text", "previous_response"],
  ["#r-response-id", "text", "previous_none"],
  ["#r-messages", "aria-label", "responses_messages"],
  ["#r-tool-form-title", "text", "r_tool_form_title"],
  ["#r-submit-outputs", "text", "send_outputs"],
  ["label[for=r-input]", "text", "input"],
  ["#r-input", "placeholder", "r_placeholder"],
  ["#r-send", "text", "send"],
  ["#r-code-heading", "text", "copy_as_code"],
  ["#mode-responses .side > p.muted", "text", "r_code_heading_help"],
  ["#r-copy-code", "text", "copy_code"],
  ["#json-copy", "text", "copy"],
  ["#json-close", "text", "close"],
];

/** Put the page's static text in its language, and <html lang> with it (fonts and screen readers read it). */
export function translatePage() {
  document.documentElement.lang = LANG;
  for (const [selector, what, key] of STATIC) {
    for (const node of document.querySelectorAll(selector)) {
      if (what === "text") {
        // The element's own words, not its children (a heading keeps its tag, a label its input).
        const own = [...node.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.data.trim());
        if (own) own.data = own.data.replace(own.data.trim(), t(key));
        else if (!node.children.length) node.textContent = t(key);
      } else node.setAttribute(what, t(key));
    }
  }
}
