// "Copy as code": the page's assistant and conversation as a Python script for the OpenAI SDK.

/** A JSON value as a Python literal, indented like black would. */
export function py(value, indent = "") {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "None";
  if (typeof value === "string") return JSON.stringify(value); // JSON string escapes are valid Python
  const flat = oneLine(value);
  if (flat.length + indent.length <= 72) return flat;
  const inner = indent + "    ";
  if (Array.isArray(value)) {
    if (!value.length) return "[]";
    return "[\n" + value.map((v) => inner + py(v, inner) + ",\n").join("") + indent + "]";
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (!entries.length) return "{}";
  return "{\n" + entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${py(v, inner)},\n`).join("") + indent + "}";
}

function oneLine(value) {
  if (value === null || typeof value !== "object") return py(value);
  if (Array.isArray(value)) return "[" + value.map(oneLine).join(", ") + "]";
  return "{" + Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(", ") + "}";
}

function kwargs(pairs, indent = "    ") {
  return pairs
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `${indent}${k}=${py(v, indent)},\n`)
    .join("");
}

function resources(fileIds, storeIds) {
  const out = {};
  if (fileIds.length) out.code_interpreter = { file_ids: fileIds };
  if (storeIds.length) out.file_search = { vector_store_ids: storeIds };
  return Object.keys(out).length ? out : undefined;
}

export function pythonSnippet({ baseUrl, apiKey, assistant, assistantId, message }) {
  const tools = assistant.tools || [];
  const hasFunctions = tools.some((t) => t.type === "function");
  const fileIds = assistant.tool_resources?.code_interpreter?.file_ids || [];
  const storeIds = tools.some((t) => t.type === "file_search") ? assistant.tool_resources?.file_search?.vector_store_ids || [] : [];
  const lines = [];
  if (hasFunctions) lines.push("import json", "");
  lines.push(
    "from openai import OpenAI",
    "",
    "# In the course's notebooks .env sets OPENAI_BASE_URL and OPENAI_API_KEY, and OpenAI() alone is enough.",
    `client = OpenAI(base_url=${py(baseUrl)}, api_key=${py(apiKey)})`,
    "",
    "assistant = client.beta.assistants.create(\n" +
      kwargs([
        ["name", assistant.name],
        ["instructions", assistant.instructions],
        ["model", assistant.model || "gpt-4o"],
        ["temperature", assistant.temperature],
        ["tools", tools.length ? tools : undefined],
        ["tool_resources", resources(fileIds, storeIds)],
      ]) +
      ")",
  );
  if (assistantId) lines.push(`# The Playground saved this assistant as ${assistantId}; to reuse it instead:`, `# assistant = client.beta.assistants.retrieve(${py(assistantId)})`);
  lines.push("");
  if (hasFunctions) {
    lines.push(
      "",
      "def call_function(name, arguments):",
      '    """Run your own code for each function the assistant calls; the model reads the string returned."""',
      '    return f"TODO: the result of {name}({arguments})"',
      "",
      "",
    );
  }
  lines.push(
    "thread = client.beta.threads.create()",
    `client.beta.threads.messages.create(thread_id=thread.id, role="user", content=${py(message)})`,
    "run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)",
  );
  if (hasFunctions) {
    lines.push(
      'while run.status == "requires_action":',
      "    tool_outputs = []",
      "    for call in run.required_action.submit_tool_outputs.tool_calls:",
      "        output = call_function(call.function.name, json.loads(call.function.arguments))",
      '        tool_outputs.append({"tool_call_id": call.id, "output": output})',
      "    run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=thread.id, run_id=run.id, tool_outputs=tool_outputs)",
    );
  }
  lines.push(
    "",
    'if run.status == "completed":',
    '    messages = client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id, order="asc")',
    "    for message in messages.data:",
    "        for part in message.content:",
    '            if part.type == "text":',
    "                print(part.text.value)",
    "else:",
    '    print("The run ended", run.status, run.last_error)',
    "",
  );
  return lines.join("\n");
}

/** The Responses tab as Python: client.responses.create, and the function-call loop when there are functions. */
export function responsesSnippet({ baseUrl, apiKey, model, instructions, tools, input }) {
  const hasFunctions = tools.some((t) => t.type === "function");
  const lines = [];
  if (hasFunctions) lines.push("import json", "");
  lines.push(
    "from openai import OpenAI",
    "",
    "# In the course's notebooks .env sets OPENAI_BASE_URL and OPENAI_API_KEY, and OpenAI() alone is enough.",
    `client = OpenAI(base_url=${py(baseUrl)}, api_key=${py(apiKey)})`,
    "",
  );
  if (tools.length) lines.push(`tools = ${py(tools)}`, "");
  if (hasFunctions) {
    lines.push(
      "",
      "def call_function(name, arguments):",
      '    """Run your own code for each function the model calls; the model reads the string returned."""',
      '    return f"TODO: the result of {name}({arguments})"',
      "",
      "",
    );
  }
  lines.push(
    "response = client.responses.create(\n" +
      kwargs([
        ["model", model],
        ["instructions", instructions || undefined],
        ["input", input],
      ]) +
      (tools.length ? "    tools=tools,\n" : "") +
      ")",
  );
  if (hasFunctions) {
    lines.push(
      'while any(item.type == "function_call" for item in response.output):',
      "    outputs = []",
      "    for item in response.output:",
      '        if item.type == "function_call":',
      "            output = call_function(item.name, json.loads(item.arguments))",
      '            outputs.append({"type": "function_call_output", "call_id": item.call_id, "output": output})',
      "    response = client.responses.create(",
      `        model=${py(model)},`,
      ...(instructions ? [`        instructions=${py(instructions, "        ")},`] : []),
      "        previous_response_id=response.id,",
      "        input=outputs,",
      "        tools=tools,",
      "    )",
    );
  }
  lines.push("", "print(response.output_text)", "");
  return lines.join("\n");
}
