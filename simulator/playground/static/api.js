// The page's only door to the simulator: JSON requests, multipart uploads and server-sent events.
// Every URL is relative to the page, so it works at /playground/ and behind a path prefix
// such as /user/alice/proxy/8765/playground/ (jupyter-server-proxy).

import { t } from "./i18n.js";

export const API_BASE = new URL("../v1/", location.href);

const KEY_STORAGE = "playground.apiKey";
export const DEFAULT_KEY = "sk-local";

export function getKey() {
  return localStorage.getItem(KEY_STORAGE) || DEFAULT_KEY;
}

export function setKey(key) {
  localStorage.setItem(KEY_STORAGE, key.trim() || DEFAULT_KEY);
}

/** A refusal from the API, carrying the envelope's own message. */
export class ApiError extends Error {
  constructor(status, error) {
    super((error && error.message) || `HTTP ${status}`);
    this.status = status;
    this.type = error && error.type;
    this.param = error && error.param;
    this.code = error && error.code;
  }
}

function headers(extra = {}) {
  return {
    Authorization: `Bearer ${getKey()}`,
    "OpenAI-Beta": "assistants=v2",
    ...extra,
  };
}

export function url(path) {
  return new URL(path.replace(/^\//, ""), API_BASE);
}

async function refusal(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: keep the status alone
  }
  return new ApiError(response.status, body && body.error ? body.error : { message: `HTTP ${response.status} ${response.statusText}` });
}

async function send(method, path, body, extraHeaders = {}) {
  let response;
  try {
    response = await fetch(url(path), {
      method,
      headers: headers(body === undefined ? extraHeaders : { "Content-Type": "application/json", ...extraHeaders }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, { message: t("unreachable", { error: error.message }) });
  }
  if (!response.ok) throw await refusal(response);
  return response;
}

export const api = {
  async get(path) {
    return (await send("GET", path)).json();
  },
  async post(path, body = {}) {
    return (await send("POST", path, body)).json();
  },
  async del(path) {
    return (await send("DELETE", path)).json();
  },
  /** GET that answers with the status only (for probing optional endpoints). */
  async exists(path) {
    try {
      const response = await fetch(url(path), { headers: headers() });
      return response.ok;
    } catch {
      return false;
    }
  },
  async upload(file, purpose = "assistants") {
    const form = new FormData();
    form.append("purpose", purpose);
    form.append("file", file, file.name);
    let response;
    try {
      response = await fetch(url("files"), { method: "POST", headers: headers(), body: form });
    } catch (error) {
      throw new ApiError(0, { message: t("unreachable", { error: error.message }) });
    }
    if (!response.ok) throw await refusal(response);
    return response.json();
  },
  /** A file's bytes as an object URL (an <img> cannot send the Authorization header itself). */
  async blobUrl(fileId) {
    const response = await send("GET", `files/${encodeURIComponent(fileId)}/content`);
    return URL.createObjectURL(await response.blob());
  },
  /** POST with stream: true; yields {event, data} for each server-sent event until `done`. */
  async *stream(path, body, signal) {
    let response;
    try {
      response = await fetch(url(path), {
        method: "POST",
        headers: headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
        body: JSON.stringify({ ...body, stream: true }),
        signal,
      });
    } catch (error) {
      throw new ApiError(0, { message: t("unreachable", { error: error.message }) });
    }
    if (!response.ok) throw await refusal(response);
    yield* parseEvents(response.body);
  },
};

/** Server-sent events from a fetch body: `event:` and `data:` lines, events split by a blank line. */
export async function* parseEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const parsed = parseBlock(block);
        if (parsed) yield parsed;
      }
    }
    const parsed = parseBlock(buffer);
    if (parsed) yield parsed;
  } finally {
    reader.releaseLock();
  }
}

function parseBlock(block) {
  let event = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  if (!data.length) return null;
  const text = data.join("\n");
  if (text === "[DONE]") return { event: "done", data: null };
  try {
    return { event, data: JSON.parse(text) };
  } catch {
    return { event, data: text };
  }
}
