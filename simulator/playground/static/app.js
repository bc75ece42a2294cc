// Assistants Playground: edit an assistant, chat with it on a thread, inspect its runs, copy it as code;
// and the Responses API (POST /v1/responses) in a tab of its own. One file on purpose: the page is served as
// plain modules with no build step, and its tabs share one state object and one set of renderers.
import { api, ApiError, getKey, setKey, DEFAULT_KEY, API_BASE } from "./api.js";
import { pythonSnippet, responsesSnippet } from "./snippet.js";
import { t, LANG, translatePage, chooseLanguage } from "./i18n.js";

const FEATURES = { responses: true };

const THREADS_STORAGE = "playground.threads"; // the API cannot list threads: the page remembers them
const $ = (id) => document.getElementById(id);

const state = {
  assistants: [],
  assistant: null, // the saved assistant being edited (null: a new one)
  codeFiles: [], // [{id, filename}] for tool_resources.code_interpreter.file_ids
  attachments: [], // [{id, filename}] for the next message
  fileSearch: false, // does this server have /v1/vector_stores?
  vectorStores: [], // the key's vector stores, for the file_search picker
  threadId: null,
  run: null, // the run the chat is driving
  streaming: false,
  lastUserText: "",
  inspectedRunId: null,
  serverBaseUrl: API_BASE.href.replace(/\/$/, ""),
  rawObjects: {},
};

// -- small DOM helpers --------------------------------------------------------------------------

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key in node && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function message(error) {
  if (error instanceof ApiError) return error.message;
  return error && error.message ? error.message : String(error);
}

function showError(target, error) {
  $(target).textContent = error ? message(error) : "";
}

function flash(target, text) {
  const node = $(target);
  node.textContent = text;
  clearTimeout(node._timer);
  node._timer = setTimeout(() => (node.textContent = ""), 2500);
}

function time(seconds) {
  return seconds ? new Date(seconds * 1000).toLocaleTimeString(LANG) : "—";
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // http:// pages other than localhost have no clipboard API: fall back to a selection copy
    const area = el("textarea", { style: "position:fixed;opacity:0" });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
}

// -- raw JSON dialog --------------------------------------------------------------------------

function rawButton(label, load) {
  return el("button", {
    type: "button",
    class: "small",
    text: "JSON",
    "aria-label": t("raw_json_of", { label }),
    onclick: async () => {
      try {
        showJson(label, typeof load === "function" ? await load() : load);
      } catch (error) {
        showJson(label, { error: message(error) });
      }
    },
  });
}

function showJson(title, object) {
  $("json-title").textContent = title;
  $("json-body").textContent = JSON.stringify(object, null, 2);
  $("json-dialog").showModal();
  $("json-body").focus();
}

// -- API key ----------------------------------------------------------------------------------

function setupKey() {
  const input = $("api-key");
  input.value = getKey();
  input.placeholder = DEFAULT_KEY;
  input.addEventListener("change", () => {
    setKey(input.value);
    input.value = getKey();
    loadAssistants();
  });
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    input.dispatchEvent(new Event("change"));
  });
  $("key-show").addEventListener("click", () => {
    const shown = input.type === "text";
    input.type = shown ? "password" : "text";
    $("key-show").textContent = shown ? t("show") : t("hide");
    $("key-show").setAttribute("aria-pressed", String(!shown));
  });
}

// -- assistants -------------------------------------------------------------------------------

async function loadAssistants(selectId) {
  showError("assistant-error", null);
  try {
    const page = await api.get("assistants?limit=100&order=desc");
    state.assistants = page.data;
  } catch (error) {
    state.assistants = [];
    showError("assistant-error", error);
  }
  const select = $("assistant-select");
  select.replaceChildren(el("option", { value: "", text: t("new_assistant_option") }));
  for (const a of state.assistants) {
    select.append(el("option", { value: a.id, text: `${a.name || t("unnamed")} · ${a.id}` }));
  }
  const wanted = selectId ?? state.assistant?.id ?? localStorage.getItem("playground.assistant") ?? "";
  const found = state.assistants.find((a) => a.id === wanted);
  select.value = found ? found.id : "";
  await editAssistant(found || null);
}

async function editAssistant(assistant) {
  state.assistant = assistant;
  if (assistant) localStorage.setItem("playground.assistant", assistant.id);
  showError("assistant-error", null);
  $("assistant-id").textContent = assistant ? assistant.id : t("not_saved");
  $("copy-assistant-id").disabled = !assistant;
  $("raw-assistant").disabled = !assistant;
  $("delete-assistant").disabled = !assistant;
  $("save-assistant").textContent = assistant ? t("save_changes") : t("create");
  $("a-name").value = assistant?.name ?? "";
  $("a-instructions").value = assistant?.instructions ?? "";
  $("a-model").value = assistant?.model ?? "gpt-4o";
  setTemperature(assistant?.temperature ?? 1);
  const tools = assistant?.tools ?? [];
  $("t-code").checked = tools.some((t) => t.type === "code_interpreter");
  $("t-fs").checked = tools.some((t) => t.type === "file_search");
  pickers.assistant.render(assistant?.tool_resources?.file_search?.vector_store_ids?.[0] ?? "");
  $("functions").replaceChildren();
  for (const tool of tools.filter((t) => t.type === "function")) addFunctionEditor(tool.function);
  state.codeFiles = [];
  const ids = assistant?.tool_resources?.code_interpreter?.file_ids ?? [];
  for (const id of ids) {
    let filename = id;
    try {
      filename = (await api.get(`files/${encodeURIComponent(id)}`)).filename;
    } catch {
      // a deleted file still shows its id
    }
    state.codeFiles.push({ id, filename });
  }
  renderCodeFiles();
  updateSnippet();
}

function setTemperature(value) {
  $("a-temperature").value = value;
  $("a-temperature-range").value = value;
}

// One list item per file, each with a button that removes it (code-interpreter files, message attachments).
function fileItems(files, onRemove) {
  return files.map((file, i) =>
    el(
      "li",
      {},
      el("span", { text: file.filename, title: file.id }),
      el("button", {
        type: "button",
        text: "×",
        "aria-label": t("remove_file", { name: file.filename }),
        onclick: () => {
          files.splice(i, 1);
          onRemove();
        },
      }),
    ),
  );
}

function renderCodeFiles() {
  $("code-files-box").hidden = !$("t-code").checked;
  $("code-files").replaceChildren(
    ...fileItems(state.codeFiles, () => {
      renderCodeFiles();
      updateSnippet();
    }),
  );
}

// -- file search: a vector store for the tool (the assistant's tool_resources, or the Responses tool's ids) ----------

async function loadVectorStores(errorTarget = "assistant-error") {
  if (!state.fileSearch) return;
  try {
    state.vectorStores = (await api.get("vector_stores?limit=100&order=desc")).data;
  } catch (error) {
    showError(errorTarget, error);
  }
}

function storeLabel(vs) {
  const counts = vs.file_counts || {};
  return t("store_label", { name: vs.name || t("unnamed"), done: counts.completed ?? 0, total: counts.total ?? 0, id: vs.id });
}

/** One tab's vector store picker: #{prefix}t-fs, #{prefix}fs-box, -store, -store-info, -refresh, -upload. */
function storePicker({ prefix, errorTarget, storeName, onChange }) {
  const $p = (id) => $(`${prefix}${id}`);
  const info = (text) => ($p("fs-store-info").textContent = text);
  const picker = {
    /** The picker with `selected` chosen (an id not in the list still shows). */
    render(selected = $p("fs-store").value) {
      $p("fs-box").hidden = !$p("t-fs").checked;
      const select = $p("fs-store");
      select.replaceChildren(el("option", { value: "", text: t("none_option") }));
      for (const vs of state.vectorStores) select.append(el("option", { value: vs.id, text: storeLabel(vs) }));
      if (selected && !state.vectorStores.some((vs) => vs.id === selected)) select.append(el("option", { value: selected, text: selected }));
      select.value = selected;
      const vs = state.vectorStores.find((v) => v.id === selected);
      info(vs ? t("store_status", { status: vs.status }) : selected ? "" : t("pick_store"));
    },
    /** The store to search, or "" (the tool is off, or no store is picked). */
    value() {
      return $p("t-fs").checked ? $p("fs-store").value : "";
    },
    async createFromFiles(event) {
      const input = event.target;
      const count = input.files.length;
      const uploaded = [];
      showError(errorTarget, null);
      info(t("uploading", { count }));
      const error = await uploadFiles(input, uploaded, () => info(t("uploaded", { done: uploaded.length, count })));
      if (error) {
        showError(errorTarget, error);
        info("");
        return;
      }
      try {
        let vs = await api.post("vector_stores", { name: storeName(), file_ids: uploaded.map((f) => f.id) });
        info(t("indexing"));
        for (let i = 0; i < 120 && vs.status === "in_progress"; i++) {
          await new Promise((r) => setTimeout(r, 250));
          vs = await api.get(`vector_stores/${vs.id}`);
        }
        await loadVectorStores(errorTarget);
        if (!state.vectorStores.some((v) => v.id === vs.id)) state.vectorStores.unshift(vs);
        picker.render(vs.id);
        onChange();
      } catch (err) {
        showError(errorTarget, err);
        info("");
      }
    },
  };
  $p("t-fs").addEventListener("change", () => picker.render());
  $p("fs-store").addEventListener("change", () => picker.render());
  $p("fs-refresh").addEventListener("click", async () => {
    await loadVectorStores(errorTarget);
    picker.render();
  });
  $p("fs-upload").addEventListener("change", (event) => picker.createFromFiles(event));
  return picker;
}

const pickers = {}; // assistant, responses: made at start

const EXAMPLE_FUNCTION = {
  name: "get_current_temperature",
  description: "Get the current temperature for a specific location",
  parameters: {
    type: "object",
    properties: {
      location: { type: "string", description: "The city and state, e.g., San Francisco, CA" },
      unit: { type: "string", enum: ["Celsius", "Fahrenheit"], description: "The temperature unit to use." },
    },
    required: ["location", "unit"],
  },
};

const EMPTY_FUNCTION = {
  name: "my_function",
  description: "What the function does, so the model knows when to call it",
  parameters: { type: "object", properties: {}, required: [] },
};

let functionCounter = 0;

function addFunctionEditor(definition, holder = $("functions"), onChange = updateSnippet) {
  const n = ++functionCounter;
  const area = el("textarea", {
    id: `function-${n}`,
    class: "mono",
    spellcheck: "false",
    rows: "10",
    "aria-describedby": `function-${n}-error`,
  });
  area.value = JSON.stringify(definition, null, 2);
  const title = el("span", { class: "function-name", text: definition.name || "function" });
  const error = el("p", { class: "error", id: `function-${n}-error`, role: "alert" });
  const box = el(
    "div",
    { class: "function" },
    el(
      "div",
      { class: "pane-head" },
      el("label", { for: area.id, class: "inline", text: "" }, t("function_label"), title),
      el("button", {
        type: "button",
        class: "small danger",
        text: t("remove"),
        "aria-label": t("remove_function", { name: definition.name || "" }).trim(),
        onclick: () => {
          box.remove();
          onChange();
        },
      }),
    ),
    area,
    error,
  );
  area.addEventListener("input", () => {
    error.textContent = "";
    box.classList.remove("invalid");
    try {
      title.textContent = JSON.parse(area.value).name || "function";
      box.querySelector("button.danger").setAttribute("aria-label", t("remove_function", { name: title.textContent }));
    } catch {
      // keep the last good name while typing
    }
    onChange();
  });
  holder.append(box);
  return area;
}

/** The functions as written; a JSON syntax error is shown at its editor and stops the save. */
function readFunctions({ report, holder = $("functions") }) {
  const out = [];
  let ok = true;
  for (const box of holder.querySelectorAll(".function")) {
    const area = box.querySelector("textarea");
    const error = box.querySelector(".error");
    try {
      const value = JSON.parse(area.value);
      // Accept a whole tool ({"type": "function", "function": {...}}) pasted from code, too.
      out.push(value && value.type === "function" && value.function ? value.function : value);
      if (report) error.textContent = "";
    } catch (e) {
      ok = false;
      if (report) {
        error.textContent = t("invalid_json", { error: e.message });
        box.classList.add("invalid");
      }
    }
  }
  return ok ? out : null;
}

function assistantBody({ report = false } = {}) {
  const functions = readFunctions({ report });
  if (functions === null) return null;
  const tools = [];
  if ($("t-code").checked) tools.push({ type: "code_interpreter" });
  if (state.fileSearch && $("t-fs").checked) tools.push({ type: "file_search" });
  for (const f of functions) tools.push({ type: "function", function: f });
  const body = {
    name: $("a-name").value.trim() || null,
    instructions: $("a-instructions").value || null,
    model: $("a-model").value.trim(),
    tools,
  };
  const temperature = $("a-temperature").value;
  if (temperature !== "") body.temperature = Number(temperature);
  if ($("t-code").checked || state.assistant) {
    body.tool_resources = { code_interpreter: { file_ids: $("t-code").checked ? state.codeFiles.map((f) => f.id) : [] } };
  }
  if (state.fileSearch && ($("t-fs").checked || state.assistant?.tool_resources?.file_search)) {
    const store = pickers.assistant?.value() ?? "";
    body.tool_resources = { ...(body.tool_resources || {}), file_search: { vector_store_ids: store ? [store] : [] } };
  }
  return body;
}

/** Put the API's refusal next to the function it is about (param "tools[i].function..."), else above the buttons. */
function showAssistantRefusal(error, body) {
  const match = /^tools\[(\d+)\]/.exec(error.param || "");
  if (match) {
    const tool = body.tools[Number(match[1])];
    const index = body.tools.filter((t) => t.type === "function").indexOf(tool);
    const box = $("functions").querySelectorAll(".function")[index];
    if (box) {
      box.classList.add("invalid");
      box.querySelector(".error").textContent = message(error);
      box.querySelector("textarea").focus();
      showError("assistant-error", t("refused_function"));
      return;
    }
  }
  showError("assistant-error", error);
}

async function saveAssistant(event) {
  event.preventDefault();
  showError("assistant-error", null);
  const body = assistantBody({ report: true });
  if (!body) {
    showError("assistant-error", t("fix_json"));
    return;
  }
  if (!body.model) {
    showError("assistant-error", t("choose_model"));
    $("a-model").focus();
    return;
  }
  $("save-assistant").disabled = true;
  try {
    const existed = !!state.assistant;
    const saved = existed ? await api.post(`assistants/${state.assistant.id}`, body) : await api.post("assistants", body);
    await loadAssistants(saved.id);
    flash("assistant-status", existed ? t("saved") : t("created", { id: saved.id }));
  } catch (error) {
    showAssistantRefusal(error, body);
  } finally {
    $("save-assistant").disabled = false;
  }
}

async function deleteAssistant() {
  const a = state.assistant;
  if (!a || !confirm(t("confirm_delete", { name: a.name || a.id }))) return;
  try {
    await api.del(`assistants/${a.id}`);
    state.assistant = null;
    localStorage.removeItem("playground.assistant");
    flash("assistant-status", t("deleted", { id: a.id }));
    await loadAssistants("");
  } catch (error) {
    showError("assistant-error", error);
  }
}

async function uploadFiles(input, list, render) {
  const files = [...input.files];
  input.value = "";
  for (const file of files) {
    try {
      const uploaded = await api.upload(file, "assistants");
      knowFileName(uploaded);
      list.push({ id: uploaded.id, filename: uploaded.filename });
    } catch (error) {
      return error;
    }
    render();
  }
  return null;
}

function setupAssistantForm() {
  $("assistant-select").addEventListener("change", (e) => editAssistant(state.assistants.find((a) => a.id === e.target.value) || null));
  $("new-assistant").addEventListener("click", () => {
    $("assistant-select").value = "";
    editAssistant(null);
    $("a-name").focus();
  });
  $("assistant-form").addEventListener("submit", saveAssistant);
  $("assistant-form").addEventListener("input", updateSnippet);
  $("assistant-form").addEventListener("change", updateSnippet);
  $("delete-assistant").addEventListener("click", deleteAssistant);
  $("copy-assistant-id").addEventListener("click", async () => {
    await copyText(state.assistant.id);
    flash("assistant-status", t("id_copied"));
  });
  $("raw-assistant").addEventListener("click", async () => {
    try {
      showJson(t("assistant_json", { id: state.assistant.id }), await api.get(`assistants/${state.assistant.id}`));
    } catch (error) {
      showError("assistant-error", error);
    }
  });
  $("a-temperature-range").addEventListener("input", (e) => ($("a-temperature").value = e.target.value));
  $("a-temperature").addEventListener("input", (e) => ($("a-temperature-range").value = e.target.value));
  $("t-code").addEventListener("change", renderCodeFiles);
  pickers.assistant = storePicker({ prefix: "", errorTarget: "assistant-error", storeName: () => t("store_name", { name: $("a-name").value.trim() || "Playground" }), onChange: updateSnippet });
  $("code-upload").addEventListener("change", async (e) => {
    const error = await uploadFiles(e.target, state.codeFiles, renderCodeFiles);
    showError("assistant-error", error);
    updateSnippet();
  });
  $("add-function").addEventListener("click", () => addFunctionEditor(EMPTY_FUNCTION).focus());
  $("add-example").addEventListener("click", () => addFunctionEditor(EXAMPLE_FUNCTION).focus());
}

// -- threads ----------------------------------------------------------------------------------

function savedThreads() {
  try {
    return JSON.parse(localStorage.getItem(THREADS_STORAGE)) || [];
  } catch {
    return [];
  }
}

function rememberThread(id, title) {
  const threads = savedThreads().filter((t) => t.id !== id);
  threads.unshift({ id, title: title.slice(0, 40), created: Date.now() });
  localStorage.setItem(THREADS_STORAGE, JSON.stringify(threads.slice(0, 50)));
}

function forgetThread(id) {
  localStorage.setItem(THREADS_STORAGE, JSON.stringify(savedThreads().filter((t) => t.id !== id)));
}

function renderThreadSelect() {
  const select = $("thread-select");
  select.replaceChildren(el("option", { value: "", text: t("new_thread_option") }));
  for (const th of savedThreads()) select.append(el("option", { value: t.id, text: `${th.title || t("empty_thread")} · ${th.id}` }));
  select.value = state.threadId || "";
}

function emptyChat() {
  return el("p", { class: "empty", text: t("empty_chat") });
}

async function openThread(id) {
  state.threadId = id || null;
  state.run = null;
  state.inspectedRunId = null;
  $("tool-form").hidden = true;
  showError("chat-error", null);
  $("thread-id").textContent = id || t("thread_none");
  $("raw-thread").disabled = !id;
  localStorage.setItem("playground.thread", id || "");
  renderThreadSelect();
  const box = $("messages");
  box.replaceChildren();
  if (!id) {
    box.append(emptyChat());
    await refreshInspector();
    return;
  }
  try {
    const page = await api.get(`threads/${id}/messages?order=asc&limit=100`);
    for (const m of page.data) renderMessage(m);
    if (!page.data.length) box.append(emptyChat());
    const lastUser = [...page.data].reverse().find((m) => m.role === "user");
    if (lastUser) state.lastUserText = textOf(lastUser);
    const runs = await api.get(`threads/${id}/runs?limit=1&order=desc`);
    const last = runs.data[0];
    if (last && ["queued", "in_progress", "requires_action", "cancelling"].includes(last.status)) {
      state.run = last;
      if (last.status === "requires_action") showToolForm(last);
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      forgetThread(id);
      state.threadId = null;
      renderThreadSelect();
      box.append(emptyChat());
    }
    showError("chat-error", error);
  }
  updateRunControls();
  await refreshInspector();
}

// -- messages ---------------------------------------------------------------------------------

function textOf(msg) {
  return (msg.content || [])
    .filter((c) => c.type === "text")
    .map((c) => c.text.value)
    .join("\n");
}

function messageNode(id) {
  return $("messages").querySelector(`[data-message="${CSS.escape(id)}"]`);
}

function fileLink(fileId, label) {
  return el("button", {
    type: "button",
    class: "link",
    text: label,
    onclick: async () => {
      try {
        const href = await api.blobUrl(fileId);
        const a = el("a", { href, download: label.replace(/^.*\//, "") || fileId });
        document.body.append(a);
        a.click();
        a.remove();
      } catch (error) {
        showError("chat-error", error);
      }
    },
  });
}

const fileNames = new Map(); // file id -> Promise of its filename

/** A file's name: known from its upload, else looked up once (a deleted file keeps its id). */
function fileName(fileId) {
  if (!fileNames.has(fileId)) fileNames.set(fileId, api.get(`files/${encodeURIComponent(fileId)}`).then((f) => f.filename, () => fileId));
  return fileNames.get(fileId);
}

function knowFileName(file) {
  fileNames.set(file.id, Promise.resolve(file.filename));
}

/** A citation's file, shown by its name (looked up once) with the id on hover. */
function citedFile(fileId) {
  const link = fileLink(fileId, "…");
  link.title = fileId;
  fileName(fileId).then((name) => (link.textContent = name));
  return link;
}

/** An attachment's file: its name, with the id on hover. */
function attachedFile(fileId) {
  const node = el("span", { class: "file-name", title: fileId, "data-file": fileId, text: "…" });
  fileName(fileId).then((name) => (node.textContent = name));
  return node;
}

/** Text with its annotations (citations, file paths) turned into numbered notes. */
function renderText(text) {
  const annotations = [...(text.annotations || [])].sort((a, b) => a.start_index - b.start_index);
  const body = el("div", { class: "text" });
  const notes = el("ol", { class: "notes" });
  let at = 0;
  annotations.forEach((a, i) => {
    const start = a.start_index ?? at;
    if (start < at) return;
    body.append(text.value.slice(at, start));
    if (a.type === "file_path") {
      body.append(fileLink(a.file_path.file_id, a.text.replace(/^sandbox:/, "") || a.file_path.file_id));
    } else {
      const n = notes.children.length + 1;
      body.append(el("sup", { class: "cite", title: a.text, text: `[${n}]` }));
      const fileId = a.file_citation?.file_id;
      notes.append(el("li", { class: "citation" }, fileId ? citedFile(fileId) : a.text));
    }
    at = a.end_index ?? start;
  });
  body.append(text.value.slice(at));
  return notes.children.length ? [body, notes] : [body];
}

function renderContent(node, content) {
  const holder = node.querySelector(".content");
  holder.replaceChildren();
  for (const part of content || []) {
    if (part.type === "text") holder.append(...renderText(part.text));
    else if (part.type === "image_file") {
      const img = el("img", { alt: t("image", { id: part.image_file.file_id }) });
      api.blobUrl(part.image_file.file_id).then((src) => (img.src = src), () => (img.alt = t("image", { id: part.image_file.file_id }) + t("not_available")));
      holder.append(img);
    } else if (part.type === "image_url") holder.append(el("img", { alt: "image", src: part.image_url.url }));
  }
}

function renderMessage(msg) {
  $("messages").querySelector(".empty")?.remove();
  let node = messageNode(msg.id);
  if (!node) {
    node = el(
      "article",
      { class: `msg ${msg.role}`, "data-message": msg.id, "aria-label": msg.role === "user" ? t("you") : t("assistant") },
      el("div", { class: "who" }, msg.role === "user" ? t("you") : t("assistant"), rawButton(t("message_json", { id: msg.id }), () => api.get(`threads/${msg.thread_id}/messages/${msg.id}`))),
      el("div", { class: "content" }),
      el("div", { class: "attached" }),
    );
    $("messages").append(node);
  }
  node.classList.toggle("streaming", msg.status === "in_progress");
  renderContent(node, msg.content);
  const attached = [...new Set((msg.attachments || []).map((a) => a.file_id))];
  if (attached.length) {
    const names = attached.flatMap((id, i) => (i ? [", ", attachedFile(id)] : [attachedFile(id)]));
    node.querySelector(".attached").replaceChildren(el("p", { class: "muted" }, t("attached"), names));
  }
  scrollChat();
  return node;
}

/** thread.message.delta: append each text piece to its content part, as it arrives. */
function applyDelta(delta) {
  const node = messageNode(delta.id);
  if (!node) return;
  const holder = node.querySelector(".content");
  node._parts ??= [];
  for (const part of delta.delta.content || []) {
    if (part.type === "text") {
      let target = node._parts[part.index];
      if (!target) {
        target = el("div", { class: "text" });
        node._parts[part.index] = target;
        holder.append(target);
      }
      target.append(part.text?.value ?? "");
    } else if (part.type === "image_file") {
      renderContent(node, [part]);
    }
  }
  scrollChat();
}

function scrollChat() {
  const box = $("messages");
  box.scrollTop = box.scrollHeight;
}

function renderAttachments() {
  $("attachments").replaceChildren(...fileItems(state.attachments, renderAttachments));
}

// -- runs ------------------------------------------------------------------------------------

const ACTIVE = ["queued", "in_progress", "cancelling"];

function updateRunControls() {
  const run = state.run;
  const active = run && (ACTIVE.includes(run.status) || run.status === "requires_action");
  $("cancel-run").disabled = !active;
  $("send").disabled = state.streaming || !!active;
  $("run-status").replaceChildren();
  if (run) $("run-status").append(t("run") + " ", el("span", { class: `badge ${run.status}`, text: run.status.replace("_", " ") }));
}

async function sendMessage(event) {
  event?.preventDefault();
  const input = $("composer-input");
  const text = input.value.trim();
  showError("chat-error", null);
  if (!text) return;
  if (!state.assistant) {
    showError("chat-error", t("pick_assistant_first"));
    return;
  }
  if (state.streaming || (state.run && (ACTIVE.includes(state.run.status) || state.run.status === "requires_action"))) return;
  state.streaming = true;
  updateRunControls();
  try {
    if (!state.threadId) {
      const thread = await api.post("threads", {});
      state.threadId = thread.id;
      rememberThread(thread.id, text);
      localStorage.setItem("playground.thread", thread.id);
      $("thread-id").textContent = thread.id;
      $("raw-thread").disabled = false;
      renderThreadSelect();
    }
    const tools = [{ type: "code_interpreter" }];
    if (state.fileSearch) tools.push({ type: "file_search" });
    const body = { role: "user", content: text };
    if (state.attachments.length) body.attachments = state.attachments.map((f) => ({ file_id: f.id, tools }));
    const msg = await api.post(`threads/${state.threadId}/messages`, body);
    input.value = "";
    state.attachments = [];
    renderAttachments();
    state.lastUserText = text;
    renderMessage(msg);
    updateSnippet();
    await streamRun(`threads/${state.threadId}/runs`, { assistant_id: state.assistant.id });
  } catch (error) {
    showError("chat-error", error);
  } finally {
    state.streaming = false;
    updateRunControls();
  }
}

async function streamRun(path, body) {
  state.streaming = true;
  updateRunControls();
  try {
    for await (const { event, data } of api.stream(path, body)) {
      handleEvent(event, data);
      if (event === "done") break;
    }
  } finally {
    state.streaming = false;
    updateRunControls();
    await refreshInspector();
  }
}

let inspectorTimer = null;
function refreshInspectorSoon() {
  clearTimeout(inspectorTimer);
  inspectorTimer = setTimeout(refreshInspector, 150);
}

function handleEvent(event, data) {
  if (event.startsWith("thread.run.step.")) {
    refreshInspectorSoon();
  } else if (event.startsWith("thread.run.")) {
    state.run = data;
    state.inspectedRunId = data.id;
    updateRunControls();
    if (data.status === "requires_action") showToolForm(data);
    if (["failed", "expired", "incomplete"].includes(data.status)) {
      const why = data.last_error?.message || data.incomplete_details?.reason || data.status;
      showError("chat-error", t("run_ended", { status: data.status, why }));
    }
    refreshInspectorSoon();
  } else if (event === "thread.message.created" || event === "thread.message.completed" || event === "thread.message.incomplete") {
    const node = renderMessage(data);
    node._parts = [];
  } else if (event === "thread.message.delta") {
    applyDelta(data);
  } else if (event === "error") {
    showError("chat-error", data?.error?.message || data?.message || t("stream_error"));
  }
}

function showToolForm(run) {
  const calls = run.required_action?.submit_tool_outputs?.tool_calls || [];
  const holder = $("tool-calls");
  holder.replaceChildren();
  calls.forEach((call, i) => {
    let args = call.function.arguments;
    try {
      args = JSON.stringify(JSON.parse(args), null, 2);
    } catch {
      // show as sent
    }
    const id = `tool-output-${i}`;
    holder.append(
      el(
        "div",
        { class: "tool-call", "data-call": call.id },
        el("div", { class: "function-name", text: `${call.function.name}(…)` }),
        el("pre", { text: args, "aria-label": t("arguments_of", { name: call.function.name }) }),
        el("label", { for: id, text: t("output_of", { name: call.function.name, id: call.id }) }),
        el("textarea", { id, rows: "2", class: "mono", placeholder: t("output_placeholder"), "data-call": call.id }),
      ),
    );
  });
  $("tool-form").hidden = false;
  holder.querySelector("textarea")?.focus();
}

async function submitOutputs(event) {
  event?.preventDefault();
  const run = state.run;
  if (!run || run.status !== "requires_action") return;
  const tool_outputs = [...$("tool-calls").querySelectorAll("textarea")].map((area) => ({ tool_call_id: area.dataset.call, output: area.value }));
  showError("chat-error", null);
  $("submit-outputs").disabled = true;
  try {
    await streamRun(`threads/${run.thread_id}/runs/${run.id}/submit_tool_outputs`, { tool_outputs });
    if (state.run?.status !== "requires_action") $("tool-form").hidden = true;
  } catch (error) {
    showError("chat-error", error);
  } finally {
    $("submit-outputs").disabled = false;
  }
}

async function cancelRun() {
  const run = state.run;
  if (!run) return;
  try {
    state.run = await api.post(`threads/${run.thread_id}/runs/${run.id}/cancel`);
    $("tool-form").hidden = true;
    updateRunControls();
    // A stream still open reports the end itself; otherwise wait for the cancel to settle.
    if (!state.streaming) {
      for (let i = 0; i < 20 && state.run.status === "cancelling"; i++) {
        await new Promise((r) => setTimeout(r, 250));
        state.run = await api.get(`threads/${run.thread_id}/runs/${run.id}`);
      }
      updateRunControls();
      refreshInspector();
    }
  } catch (error) {
    showError("chat-error", error);
  }
}

function onEnter(handler) {
  return (event) => {
    // isComposing: Enter that confirms a Chinese/Japanese IME candidate must not send.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      handler();
    }
  };
}

function setupChat() {
  $("composer").addEventListener("submit", sendMessage);
  $("composer-input").addEventListener("keydown", onEnter(() => sendMessage()));
  $("tool-form").addEventListener("submit", submitOutputs);
  $("tool-calls").addEventListener("keydown", (event) => {
    if (event.target.tagName === "TEXTAREA") onEnter(() => submitOutputs())(event);
  });
  $("cancel-run").addEventListener("click", cancelRun);
  $("new-thread").addEventListener("click", () => {
    openThread(null);
    $("composer-input").focus();
  });
  $("thread-select").addEventListener("change", (e) => openThread(e.target.value));
  $("raw-thread").addEventListener("click", async () => {
    try {
      showJson(t("thread_json", { id: state.threadId }), await api.get(`threads/${state.threadId}`));
    } catch (error) {
      showError("chat-error", error);
    }
  });
  $("attach").addEventListener("change", async (e) => {
    const error = await uploadFiles(e.target, state.attachments, renderAttachments);
    showError("chat-error", error);
  });
}

// -- inspector -------------------------------------------------------------------------------

async function refreshInspector() {
  const select = $("run-select");
  const summary = $("run-summary");
  const steps = $("steps");
  if (!state.threadId) {
    select.replaceChildren();
    summary.replaceChildren(el("p", { class: "muted", text: t("no_run_yet") }));
    steps.replaceChildren();
    return;
  }
  const threadId = state.threadId;
  try {
    const runs = (await api.get(`threads/${threadId}/runs?limit=50&order=desc`)).data;
    if (threadId !== state.threadId) return;
    select.replaceChildren(...runs.map((r) => el("option", { value: r.id, text: `${time(r.created_at)} · ${r.status} · ${r.id}` })));
    const run = runs.find((r) => r.id === state.inspectedRunId) || runs[0];
    if (!run) {
      summary.replaceChildren(el("p", { class: "muted", text: t("no_run_on_thread") }));
      steps.replaceChildren();
      return;
    }
    select.value = run.id;
    renderRunSummary(run);
    const page = await api.get(`threads/${threadId}/runs/${run.id}/steps?order=asc&limit=100`);
    steps.replaceChildren(...page.data.map((step, i) => renderStep(step, i, run)));
  } catch (error) {
    summary.replaceChildren(el("p", { class: "error", text: message(error) }));
  }
}

function renderRunSummary(run) {
  const usage = run.usage;
  const rows = [
    [t("status"), el("span", { class: `badge ${run.status}`, "data-testid": "run-status", text: run.status })],
    [t("run"), el("code", { text: run.id })],
    [t("assistant"), el("code", { text: run.assistant_id })],
    [t("model"), run.model],
    [t("started"), time(run.started_at || run.created_at)],
    [t("finished"), time(run.completed_at || run.cancelled_at || run.failed_at)],
    [t("usage"), usage ? t("usage_value", { prompt: usage.prompt_tokens, completion: usage.completion_tokens, total: usage.total_tokens }) : t("usage_pending")],
  ];
  if (run.last_error) rows.push([t("error"), `${run.last_error.code}: ${run.last_error.message}`]);
  if (run.incomplete_details) rows.push([t("incomplete"), run.incomplete_details.reason]);
  $("run-summary").replaceChildren(
    el("dl", {}, rows.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", {}, v ?? "—")])),
    el("div", { class: "row" }, rawButton(t("run_json", { id: run.id }), () => api.get(`threads/${run.thread_id}/runs/${run.id}`))),
  );
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function renderStep(step, i, run) {
  const details = step.step_details;
  const kind = details.type === "message_creation" ? t("message_creation") : t("tool_calls");
  const body = el("div", {});
  if (details.type === "message_creation") {
    const id = details.message_creation.message_id;
    body.append(el("p", { class: "kv" }, t("created_message"), el("code", { text: id })));
    const cites = el("ul", {});
    body.append(cites);
    api.get(`threads/${run.thread_id}/messages/${id}`).then(
      (msg) => {
        for (const part of msg.content) {
          for (const a of part.text?.annotations || []) {
            const fileId = a.file_citation?.file_id || a.file_path?.file_id;
            const target = !fileId ? "" : a.type === "file_path" ? fileLink(fileId, fileId) : citedFile(fileId);
            cites.append(el("li", {}, `${a.type === "file_path" ? t("file") : t("citation")} “${a.text}” → `, target));
          }
        }
      },
      () => {},
    );
  } else {
    for (const call of details.tool_calls || []) body.append(renderToolCall(call));
    if (!(details.tool_calls || []).length) body.append(el("p", { class: "kv", text: t("no_tool_calls") }));
  }
  if (step.last_error) body.append(el("p", { class: "error", text: `${step.last_error.code}: ${step.last_error.message}` }));
  if (step.usage) body.append(el("p", { class: "kv", text: t("step_tokens", { total: step.usage.total_tokens, prompt: step.usage.prompt_tokens, completion: step.usage.completion_tokens }) }));
  return el(
    "li",
    { class: "step", "data-step": step.id },
    el(
      "div",
      { class: "pane-head" },
      el("span", { class: "step-title" }, `${i + 1}. ${kind} `, el("span", { class: `badge ${step.status}`, text: step.status })),
      rawButton(t("step_json", { id: step.id }), () => api.get(`threads/${run.thread_id}/runs/${run.id}/steps/${step.id}`)),
    ),
    body,
  );
}

function renderToolCall(call) {
  if (call.type === "function") {
    return el(
      "div",
      { class: "tool-call-view" },
      el("p", { class: "kv" }, t("function"), el("code", { text: call.function.name }), " ", el("code", { class: "muted", text: call.id })),
      el("pre", { "aria-label": t("arguments"), text: pretty(call.function.arguments) }),
      call.function.output === null || call.function.output === undefined
        ? el("p", { class: "kv", text: t("output_waiting") })
        : [el("p", { class: "kv", text: t("output") }), el("pre", { "aria-label": t("output"), text: call.function.output })],
    );
  }
  if (call.type === "code_interpreter") {
    const ci = call.code_interpreter;
    const outputs = (ci.outputs || []).map((out) => {
      if (out.type === "logs") return [el("p", { class: "kv", text: t("logs") }), el("pre", { text: out.logs })];
      if (out.type === "image") {
        const img = el("img", { alt: t("output_image", { id: out.image.file_id }) });
        api.blobUrl(out.image.file_id).then((src) => (img.src = src), () => (img.alt += t("not_available")));
        return img;
      }
      return el("pre", { text: JSON.stringify(out, null, 2) });
    });
    return el("div", { class: "tool-call-view" }, el("p", { class: "kv", text: t("ci_input") }), el("pre", { text: ci.input }), outputs);
  }
  if (call.type === "file_search") {
    const results = call.file_search?.results || [];
    return el(
      "div",
      { class: "tool-call-view" },
      el("p", { class: "kv", text: t("fs_results", { count: results.length }) }),
      el("ul", {}, results.map((r) => el("li", {}, t("score", { name: r.file_name || r.file_id, score: r.score })))),
    );
  }
  return el("pre", { text: JSON.stringify(call, null, 2) });
}

function setupInspector() {
  $("run-select").addEventListener("change", (e) => {
    state.inspectedRunId = e.target.value;
    refreshInspector();
  });
  $("refresh-inspector").addEventListener("click", refreshInspector);
  // tabs: Inspector | Copy as code (arrow keys move between them)
  const tabs = [$("tab-inspector"), $("tab-code")];
  const select = (tab) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute("aria-controls")).hidden = !on;
    }
    if (tab.id === "tab-code") updateSnippet();
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (e) => {
      if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
        const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
        select(next);
        next.focus();
      }
    });
  });
}

// -- copy as code -----------------------------------------------------------------------------

function updateSnippet() {
  const body = assistantBody() || { ...(state.assistant || {}), tools: state.assistant?.tools || [] };
  $("code-snippet").textContent = pythonSnippet({
    baseUrl: state.serverBaseUrl,
    apiKey: getKey(),
    assistant: body,
    assistantId: state.assistant?.id,
    message: state.lastUserText || "Hello!",
  });
}

function setupCode() {
  $("copy-code").addEventListener("click", async () => {
    updateSnippet();
    await copyText($("code-snippet").textContent);
    flash("copy-status", t("copied"));
  });
}

// -- modes: Assistants | Responses ------------------------------------------------------------

function setupModes() {
  const tabs = [$("tab-assistants"), $("tab-responses")].filter((t) => !t.hidden);
  const select = (tab) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute("aria-controls")).hidden = !on;
    }
    localStorage.setItem("playground.mode", tab.id);
    if (tab.id === "tab-responses") updateResponsesSnippet();
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (e) => {
      if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
        const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
        select(next);
        next.focus();
      }
    });
  });
  const saved = tabs.find((t) => t.id === localStorage.getItem("playground.mode"));
  if (saved) select(saved);
}

// -- the Responses API ------------------------------------------------------------------------

const rstate = {
  codeFiles: [], // [{id, filename}] for the code interpreter's container
  previousId: null, // the last response's id: the next request's previous_response_id
  last: null, // the last response object, for "Last response JSON"
  busy: false,
  lastInput: "",
};

function responsesTools({ report = false } = {}) {
  const functions = readFunctions({ report, holder: $("r-functions") });
  if (functions === null) return null;
  const tools = [];
  // The code interpreter runs in a container the API starts ("auto"), with the files uploaded here in it.
  if ($("r-t-code").checked) {
    const file_ids = rstate.codeFiles.map((f) => f.id);
    tools.push({ type: "code_interpreter", container: file_ids.length ? { type: "auto", file_ids } : { type: "auto" } });
  }
  if (state.fileSearch && $("r-t-fs").checked) {
    const store = pickers.responses?.value() ?? "";
    tools.push({ type: "file_search", vector_store_ids: store ? [store] : [] });
  }
  // The Responses API's function tools are flat: {type, name, description, parameters, strict}.
  // `strict` is required there; false unless the JSON says so (strict needs additionalProperties: false).
  return [...tools, ...functions.map((f) => ({ type: "function", ...f, strict: f.strict ?? false }))];
}

function responsesBody(input, { report = false } = {}) {
  const tools = responsesTools({ report });
  if (tools === null) return null;
  const body = { model: $("r-model").value.trim(), input };
  const instructions = $("r-instructions").value;
  if (instructions) body.instructions = instructions;
  if (tools.length) body.tools = tools;
  // The code's output and the search's results, for the page to show (the API leaves them out unless asked).
  const include = [];
  if (tools.some((t) => t.type === "code_interpreter")) include.push("code_interpreter_call.outputs");
  if (tools.some((t) => t.type === "file_search")) include.push("file_search_call.results");
  if (include.length) body.include = include;
  if (rstate.previousId) body.previous_response_id = rstate.previousId;
  return body;
}

function setResponsesBusy(busy) {
  rstate.busy = busy;
  $("r-send").disabled = busy;
  $("r-submit-outputs").disabled = busy;
}

function setPrevious(response) {
  rstate.last = response;
  rstate.previousId = response?.id ?? null;
  $("r-response-id").textContent = rstate.previousId || t("previous_none");
  $("r-raw").disabled = !response;
}

function rEmpty() {
  return el("p", { class: "empty", text: t("r_empty") });
}

function rNewConversation() {
  setPrevious(null);
  $("r-messages").replaceChildren(rEmpty());
  $("r-tool-form").hidden = true;
  $("r-status").replaceChildren();
  showError("r-error", null);
}

function rScroll() {
  $("r-messages").scrollTop = $("r-messages").scrollHeight;
}

function rBubble(role, id, text = "", label = t("function_call")) {
  $("r-messages").querySelector(".empty")?.remove();
  const who = role === "user" ? t("you") : role === "assistant" ? t("assistant") : label;
  const node = el(
    "article",
    { class: `msg ${role}`, "data-item": id || "", "aria-label": who },
    el("div", { class: "who" }, who),
    el("div", { class: "content" }, text ? el("div", { class: "text", text }) : null),
  );
  $("r-messages").append(node);
  rScroll();
  return node;
}

function rItemNode(id) {
  return id ? $("r-messages").querySelector(`[data-item="${CSS.escape(id)}"]`) : null;
}

/** A message item's finished text, with its annotations (file citations) as notes. */
function rRenderMessage(node, item) {
  const holder = node.querySelector(".content");
  holder.replaceChildren();
  for (const part of item.content || []) {
    if (part.type === "output_text") {
      // The Responses API's citations carry an index (a point) instead of a start/end range.
      const annotations = (part.annotations || []).map((a) => ({ ...a, start_index: a.start_index ?? a.index, end_index: a.end_index ?? a.index, text: a.text ?? a.filename ?? "", file_citation: a.file_citation ?? (a.file_id ? { file_id: a.file_id } : undefined) }));
      holder.append(...renderText({ value: part.text, annotations }));
    } else if (part.type === "refusal") holder.append(el("div", { class: "text error", text: part.refusal }));
  }
}

function rRenderFunctionCall(item) {
  const node = rItemNode(item.id) || rBubble("tool", item.id);
  node.querySelector(".content").replaceChildren(
    el("p", { class: "kv" }, el("code", { text: `${item.name}(…)` }), " ", el("code", { class: "muted", text: item.call_id })),
    el("pre", { text: pretty(item.arguments || "") }),
  );
  rScroll();
}

/** A code_interpreter_call: the code (streamed in as it is written), then what it printed and drew. */
function rRenderCodeCall(item) {
  const node = rItemNode(item.id) || rBubble("tool", item.id, "", t("code_interpreter"));
  const outputs = (item.outputs || []).map((out) => {
    if (out.type === "logs") return [el("p", { class: "kv", text: t("output") }), el("pre", { class: "logs", text: out.logs })];
    if (out.type === "image") return el("img", { alt: t("output_image", { id: "" }).trim(), src: out.url });
    return el("pre", { text: JSON.stringify(out, null, 2) });
  });
  node.querySelector(".content").replaceChildren(
    el("p", { class: "kv" }, el("code", { class: "muted", text: item.container_id || "" })),
    el("pre", { class: "code-input", text: item.code || "" }),
    ...outputs.flat(),
  );
  rScroll();
}

/** A file_search_call: what it searched for, and how many results came back. */
function rRenderSearch(item) {
  const node = rItemNode(item.id) || rBubble("tool", item.id, "", t("file_search"));
  const results = item.results || [];
  const done = item.status === "completed";
  node.querySelector(".content").replaceChildren(
    el("p", { class: "kv", text: t("queries", { queries: (item.queries || []).join(" · ") || "…" }) }),
    ...(done ? [el("ul", {}, results.map((r) => el("li", {}, t("score", { name: r.filename || r.file_id, score: Number(r.score).toFixed(2) })))), el("p", { class: "kv", text: t("results", { count: results.length }) })] : []),
  );
  rScroll();
}

function rStatus(text, status) {
  $("r-status").replaceChildren(el("span", { class: `badge ${status}`, "data-testid": "response-status", text }));
}

function rHandleEvent(event, data) {
  const type = data?.type || event;
  if (type === "response.created" || type === "response.in_progress") {
    rStatus(data.response.status.replace("_", " "), data.response.status);
  } else if (type === "response.output_item.added") {
    const item = data.item;
    if (item.type === "message") rBubble("assistant", item.id).classList.add("streaming");
    else if (item.type === "function_call") rRenderFunctionCall(item);
    else if (item.type === "code_interpreter_call") rRenderCodeCall(item);
    else if (item.type === "file_search_call") rRenderSearch(item);
  } else if (type === "response.code_interpreter_call_code.delta") {
    rItemNode(data.item_id)?.querySelector("pre.code-input")?.append(data.delta);
    rScroll();
  } else if (type === "response.output_text.delta") {
    const node = rItemNode(data.item_id) || rBubble("assistant", data.item_id);
    const holder = node.querySelector(".content");
    node._parts ??= [];
    let target = node._parts[data.content_index ?? 0];
    if (!target) {
      target = el("div", { class: "text" });
      node._parts[data.content_index ?? 0] = target;
      holder.append(target);
    }
    target.append(data.delta);
    rScroll();
  } else if (type === "response.output_item.done") {
    const item = data.item;
    const node = rItemNode(item.id);
    if (item.type === "message" && node) {
      node.classList.remove("streaming");
      rRenderMessage(node, item);
    } else if (item.type === "function_call") rRenderFunctionCall(item);
    else if (item.type === "code_interpreter_call") rRenderCodeCall(item);
    else if (item.type === "file_search_call") rRenderSearch(item);
  } else if (type === "response.completed" || type === "response.incomplete" || type === "response.failed") {
    const response = data.response;
    setPrevious(response);
    rStatus(response.status, response.status);
    if (response.status === "failed") showError("r-error", t("response_failed", { why: response.error?.message || t("no_reason") }));
    if (response.status === "incomplete") showError("r-error", t("response_incomplete", { why: response.incomplete_details?.reason || t("no_reason") }));
    rShowToolForm(response);
  } else if (type === "error") {
    showError("r-error", data?.message || data?.error?.message || t("stream_error"));
  }
}

function rShowToolForm(response) {
  const calls = (response.output || []).filter((item) => item.type === "function_call");
  const holder = $("r-tool-calls");
  holder.replaceChildren();
  calls.forEach((call, i) => {
    const id = `r-tool-output-${i}`;
    holder.append(
      el(
        "div",
        { class: "tool-call", "data-call": call.call_id },
        el("div", { class: "function-name", text: `${call.name}(…)` }),
        el("pre", { text: pretty(call.arguments || ""), "aria-label": t("arguments_of", { name: call.name }) }),
        el("label", { for: id, text: t("output_of", { name: call.name, id: call.call_id }) }),
        el("textarea", { id, rows: "2", class: "mono", placeholder: t("output_placeholder"), "data-call": call.call_id }),
      ),
    );
  });
  $("r-tool-form").hidden = !calls.length;
  holder.querySelector("textarea")?.focus();
}

async function rStream(input) {
  showError("r-error", null);
  const body = responsesBody(input, { report: true });
  if (!body) {
    showError("r-error", t("fix_json"));
    return false;
  }
  if ((body.tools || []).some((t) => t.type === "file_search" && !t.vector_store_ids.length)) {
    showError("r-error", t("fs_needs_store"));
    return false;
  }
  setResponsesBusy(true);
  try {
    for await (const { event, data } of api.stream("responses", body)) rHandleEvent(event, data);
    return true;
  } catch (error) {
    showError("r-error", error);
    $("r-status").replaceChildren();
    return false;
  } finally {
    $("r-messages").querySelectorAll(".streaming").forEach((n) => n.classList.remove("streaming"));
    setResponsesBusy(false);
  }
}

async function rSend(event) {
  event?.preventDefault();
  const text = $("r-input").value.trim();
  if (!text || rstate.busy) return;
  if (!$("r-tool-form").hidden) {
    showError("r-error", t("answer_calls_first"));
    return;
  }
  rstate.lastInput = text;
  updateResponsesSnippet();
  const bubble = rBubble("user", "", text);
  $("r-input").value = "";
  if (!(await rStream(text))) {
    // Refused: give the text back so it can be sent again.
    bubble.remove();
    $("r-input").value = text;
  }
}

async function rSubmitOutputs(event) {
  event?.preventDefault();
  if (rstate.busy) return;
  const outputs = [...$("r-tool-calls").querySelectorAll("textarea")].map((area) => ({ type: "function_call_output", call_id: area.dataset.call, output: area.value }));
  if (!outputs.length) return;
  if (await rStream(outputs)) {
    if (!(rstate.last?.output || []).some((i) => i.type === "function_call")) $("r-tool-form").hidden = true;
  }
}

function rRenderCodeFiles() {
  $("r-code-box").hidden = !$("r-t-code").checked;
  $("r-code-files").replaceChildren(
    ...fileItems(rstate.codeFiles, () => {
      rRenderCodeFiles();
      updateResponsesSnippet();
    }),
  );
  updateResponsesSnippet();
}

function updateResponsesSnippet() {
  const tools = responsesTools() ?? [];
  $("r-code-snippet").textContent = responsesSnippet({
    baseUrl: state.serverBaseUrl,
    apiKey: getKey(),
    model: $("r-model").value.trim() || "gpt-4o",
    instructions: $("r-instructions").value,
    tools,
    input: rstate.lastInput || "Hello!",
  });
}

function setupResponses() {
  rNewConversation();
  $("r-composer").addEventListener("submit", rSend);
  $("r-input").addEventListener("keydown", onEnter(() => rSend()));
  $("r-tool-form").addEventListener("submit", rSubmitOutputs);
  $("r-tool-calls").addEventListener("keydown", (event) => {
    if (event.target.tagName === "TEXTAREA") onEnter(() => rSubmitOutputs())(event);
  });
  $("r-new").addEventListener("click", () => {
    rNewConversation();
    $("r-input").focus();
  });
  $("r-raw").addEventListener("click", () => rstate.last && showJson(t("response", { id: rstate.last.id }), rstate.last));
  $("r-settings").addEventListener("input", updateResponsesSnippet);
  $("r-settings").addEventListener("submit", (e) => e.preventDefault());
  $("r-add-function").addEventListener("click", () => addFunctionEditor(EMPTY_FUNCTION, $("r-functions"), updateResponsesSnippet).focus());
  $("r-add-example").addEventListener("click", () => addFunctionEditor(EXAMPLE_FUNCTION, $("r-functions"), updateResponsesSnippet).focus());
  $("r-t-code").addEventListener("change", rRenderCodeFiles);
  $("r-code-upload").addEventListener("change", async (e) => {
    const error = await uploadFiles(e.target, rstate.codeFiles, rRenderCodeFiles);
    showError("r-error", error);
    updateResponsesSnippet();
  });
  pickers.responses = storePicker({ prefix: "r-", errorTarget: "r-error", storeName: () => t("store_name", { name: "Playground" }), onChange: updateResponsesSnippet });
  $("r-t-fs").addEventListener("change", updateResponsesSnippet);
  $("r-copy-code").addEventListener("click", async () => {
    updateResponsesSnippet();
    await copyText($("r-code-snippet").textContent);
    flash("r-copy-status", t("copied"));
  });
}

// -- start ------------------------------------------------------------------------------------

function setupLanguage() {
  translatePage();
  const select = $("lang");
  select.value = LANG;
  select.addEventListener("change", () => chooseLanguage(select.value));
}

async function start() {
  setupLanguage();
  $("tab-responses").hidden = !FEATURES.responses;
  setupModes();
  setupResponses();
  $("json-close").addEventListener("click", () => $("json-dialog").close());
  $("json-copy").addEventListener("click", () => copyText($("json-body").textContent));
  setupKey();
  setupAssistantForm();
  setupChat();
  setupInspector();
  setupCode();
  try {
    const config = await (await fetch("config.json")).json();
    if (config.base_url) state.serverBaseUrl = config.base_url;
  } catch {
    // the page's own location is the fallback
  }
  // file_search needs vector stores; the simulator may not have them.
  state.fileSearch = await api.exists("vector_stores?limit=1");
  $("fs-tool").hidden = !state.fileSearch;
  $("r-fs-tool").hidden = !state.fileSearch;
  await loadVectorStores();
  pickers.responses.render();
  await loadAssistants();
  await openThread(localStorage.getItem("playground.thread") || null);
  document.body.dataset.ready = "true";
}

start();
