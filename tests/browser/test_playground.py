"""The Playground page in a real browser: assistants, streamed chat, function calls, the inspector,
copy as code (run with the SDK), a path prefix as under jupyter-server-proxy, and Chinese text."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api", reason="pytest-playwright is not installed (see tests/browser/conftest.py)")
expect = playwright.expect

SALES_CSV = Path(__file__).resolve().parents[2] / "data" / "sales.csv"

# The course's ask_database function (lesson: 创建 Assistant 时声明 Function).
ASK_DATABASE = {
    "name": "ask_database",
    "description": "Use this function to answer user questions about course schedule. Output should be a fully formed SQL query.",
    "parameters": {
        "type": "object",
        "properties": {"query": {"type": "string", "description": "SQL query extracting info to answer the user's question."}},
        "required": ["query"],
    },
}


def open_page(page, url):
    page.goto(url)
    expect(page.locator("body")).to_have_attribute("data-ready", "true")


def create_assistant(page, name, instructions="", functions=(), example=False):
    page.click("#new-assistant")
    page.fill("#a-name", name)
    page.fill("#a-instructions", instructions)
    if example:
        page.click("#add-example")
    for function in functions:
        page.click("#add-function")
        page.locator("#functions textarea").last.fill(json.dumps(function, ensure_ascii=False, indent=2))
    page.click("#save-assistant")
    expect(page.locator("#assistant-status")).to_contain_text("Created asst_")
    assistant_id = page.locator("#assistant-id").inner_text()
    assert assistant_id.startswith("asst_")
    return assistant_id


def send(page, text):
    page.fill("#composer-input", text)
    page.press("#composer-input", "Enter")  # Enter sends


def last_reply(page):
    return page.locator(".msg.assistant").last


def test_create_assistant_with_function_tool(page, server, client):
    open_page(page, server.root + "/playground/")
    assistant_id = create_assistant(page, "Weather bot", "Answer with the temperature.", example=True)
    saved = client.beta.assistants.retrieve(assistant_id)
    assert saved.name == "Weather bot"
    assert [t.function.name for t in saved.tools if t.type == "function"] == ["get_current_temperature"]
    assert saved.tools[0].function.parameters["required"] == ["location", "unit"]
    # The saved assistant is in the list, and edits are saved to it.
    expect(page.locator("#assistant-select")).to_have_value(assistant_id)
    page.fill("#a-temperature", "0.2")
    page.click("#save-assistant")
    expect(page.locator("#assistant-status")).to_have_text("Saved.")
    assert client.beta.assistants.retrieve(assistant_id).temperature == pytest.approx(0.2)


def test_a_refused_function_shows_the_api_message_at_its_editor(page, server):
    open_page(page, server.root + "/playground/")
    page.click("#add-function")
    bad = {"name": "broken", "parameters": {"type": "objekt"}}
    page.locator("#functions textarea").last.fill(json.dumps(bad))
    page.click("#save-assistant")
    error = page.locator("#functions .function .error").last
    expect(error).to_contain_text("Invalid schema for function 'broken'")
    expect(page.locator("#assistant-error")).to_contain_text("refused this function")
    # Not JSON at all: said before anything is sent.
    page.locator("#functions textarea").last.fill("{name: broken")
    page.click("#save-assistant")
    expect(error).to_contain_text("Not valid JSON")


def test_chat_streams_the_reply(page, server):
    open_page(page, server.root + "/playground/")
    create_assistant(page, "Tutor", "You are a helpful assistant.")
    # Record every length the reply's text goes through as it arrives.
    page.evaluate(
        """() => {
        window.seen = [];
        new MutationObserver(() => {
          const reply = [...document.querySelectorAll('.msg.assistant')].pop();
          if (reply) window.seen.push(reply.querySelector('.content').textContent.length);
        }).observe(document.getElementById('messages'), {subtree: true, childList: true, characterData: true});
      }"""
    )
    send(page, "Hello! Please tell me about the Assistants API.")
    expect(page.locator(".msg.user")).to_have_text(re.compile("Hello! Please tell me"))
    expect(page.locator("#run-status")).to_contain_text("completed", timeout=30_000)
    reply = last_reply(page).locator(".content").inner_text()
    assert reply.strip()
    seen = page.evaluate("window.seen")
    partial = {n for n in seen if 0 < n < len(reply)}
    assert len(partial) >= 3, f"the reply did not arrive in pieces: {seen[:20]}"
    # The thread is remembered for the next visit (the API cannot list threads).
    thread_id = page.locator("#thread-id").inner_text()
    assert thread_id.startswith("thread_")
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(page.locator("#thread-id")).to_have_text(thread_id)
    expect(last_reply(page)).to_contain_text(reply.strip()[:20])


def run_until_requires_action(page):
    send(page, "张三上了几堂课?")
    form = page.locator("#tool-form")
    expect(form).to_be_visible(timeout=30_000)
    expect(page.locator("#run-status")).to_contain_text("requires action")
    call = page.locator("#tool-calls .tool-call").first
    expect(call).to_contain_text("ask_database")
    expect(call.locator("pre")).to_contain_text("SELECT COUNT(*)")
    return call


def test_requires_action_then_submitted_output_completes_the_run(page, server, screenshot):
    open_page(page, server.root + "/playground/")
    create_assistant(page, "瓜瓜", "你叫瓜瓜。你是AGI课堂的助手。", functions=[ASK_DATABASE])
    call = run_until_requires_action(page)
    screenshot("requires_action")
    call.locator("textarea").fill("[(4,)]")
    page.click("#submit-outputs")
    expect(last_reply(page)).to_have_text(re.compile("张三一共上了4堂课"), timeout=30_000)
    expect(page.locator("#tool-form")).to_be_hidden()
    expect(page.locator("#run-status")).to_contain_text("completed")
    screenshot("completed")


def test_the_inspector_shows_the_run_and_its_steps(page, server, screenshot):
    open_page(page, server.root + "/playground/")
    create_assistant(page, "瓜瓜", "", functions=[ASK_DATABASE])
    run_until_requires_action(page).locator("textarea").fill("[(4,)]")
    page.locator("#tool-calls textarea").first.press("Enter")  # Enter submits here too
    expect(page.locator("#run-status")).to_contain_text("completed", timeout=30_000)
    page.click("#refresh-inspector")
    summary = page.locator("#run-summary")
    expect(summary.locator("[data-testid=run-status]")).to_have_text("completed")
    expect(summary).to_contain_text(re.compile(r"\d+ prompt \+ \d+ completion = \d+ tokens"))
    steps = page.locator("#steps .step")
    expect(steps).to_have_count(2)
    expect(steps.nth(0)).to_contain_text("Tool calls")
    expect(steps.nth(0)).to_contain_text("ask_database")
    expect(steps.nth(0)).to_contain_text("SELECT COUNT(*) AS count FROM Courses WHERE instructor = '张三';")
    expect(steps.nth(0)).to_contain_text("[(4,)]")
    expect(steps.nth(1)).to_contain_text("Message creation")
    expect(steps.nth(1)).to_contain_text("msg_")
    screenshot("inspector")
    # The raw JSON of the run, on demand.
    summary.get_by_role("button", name=re.compile("raw JSON of Run")).click()
    dialog = page.locator("#json-dialog")
    expect(dialog).to_be_visible()
    raw = json.loads(page.locator("#json-body").inner_text())
    assert raw["object"] == "thread.run" and raw["status"] == "completed" and raw["usage"]["total_tokens"] > 0
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_copied_code_runs_with_the_sdk(page, server, tmp_path):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_page(page, server.root + "/playground/")
    page.fill("#api-key", "sk-test")
    page.press("#api-key", "Enter")
    create_assistant(page, "Course helper", "你叫瓜瓜。", functions=[ASK_DATABASE])
    send(page, "张三上了几堂课?")
    expect(page.locator("#tool-form")).to_be_visible(timeout=30_000)
    page.click("#tab-code")
    page.click("#copy-code")
    expect(page.locator("#copy-status")).to_have_text("Copied.")
    code = page.evaluate("navigator.clipboard.readText()")
    assert "from openai import OpenAI" in code
    assert f'OpenAI(base_url="{server.root}/v1", api_key="sk-test")' in code
    assert "client.beta.assistants.create(" in code and "runs.create_and_poll(" in code
    assert '"name": "ask_database"' in code and "submit_tool_outputs_and_poll" in code
    script = tmp_path / "snippet.py"
    script.write_text(code, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # The reply to the snippet's own run, built from its stub's output for the call it made.
    assert "TODO: the result of ask_database" in result.stdout and "张三" in result.stdout, result.stdout


def test_the_page_works_under_a_path_prefix(page, server, prefix_proxy):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    # No trailing slash: the page's own redirect must keep the prefix.
    open_page(page, prefix_proxy.url + "playground")
    assert page.url == prefix_proxy.url + "playground/"
    create_assistant(page, "Behind a proxy")
    send(page, "Hello from behind a proxy")
    expect(page.locator("#run-status")).to_contain_text("completed", timeout=30_000)
    expect(last_reply(page).locator(".content")).not_to_be_empty()
    outside = [url for url in requests if not url.startswith(prefix_proxy.url) and not url.startswith(("blob:", "data:"))]
    assert outside == []
    assert any("/v1/threads/" in r for r in prefix_proxy.requests)


def test_chinese_text_renders_with_a_cjk_font(page, server, screenshot):
    open_page(page, server.root + "/playground/")
    create_assistant(page, "中文助手", "请用中文回答。")
    send(page, "你好,请介绍一下你自己。")
    message = page.locator(".msg.user .content")
    expect(message).to_have_text("你好,请介绍一下你自己。")
    expect(page.locator("#assistant-select")).to_contain_text("中文助手")
    expect(page.locator("#run-status")).to_contain_text("completed", timeout=30_000)
    screenshot("chinese")
    # Which fonts chromium actually drew the message with: a CJK one, not boxes.
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": ".msg.user .content .text"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cjk = [f for f in fonts if re.search(r"CJK|Hei|Song|Ming|Gothic|PingFang|YaHei|Han Sans", f["familyName"], re.IGNORECASE)]
    assert cjk, f"no CJK font drew the text: {fonts}"
    assert sum(f["glyphCount"] for f in cjk) >= 10


def test_code_interpreter_with_an_uploaded_file_draws_a_chart(page, server, screenshot):
    open_page(page, server.root + "/playground/")
    page.click("#new-assistant")
    page.fill("#a-name", "Data analyst")
    page.check("#t-code")
    page.set_input_files("#code-upload", str(SALES_CSV))
    expect(page.locator("#code-files li")).to_have_text(re.compile("sales.csv"))
    page.click("#save-assistant")
    expect(page.locator("#assistant-status")).to_contain_text("Created asst_")
    send(page, "画出每月销售额的柱状图")
    expect(page.locator("#run-status")).to_contain_text("completed", timeout=60_000)
    image = last_reply(page).locator("img")
    expect(image).to_have_attribute("src", re.compile("^blob:"))  # fetched with the key, via /v1/files/{id}/content
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") > 100
    page.click("#refresh-inspector")
    step = page.locator("#steps .step").first
    expect(step).to_contain_text("Code interpreter input")
    expect(step).to_contain_text("pd.read_csv")
    expect(step.locator("img")).to_have_attribute("src", re.compile("^blob:"))
    expect(step).not_to_contain_text("[object")
    screenshot("code_interpreter")


def test_an_attached_file_shows_by_its_name(page, server):
    open_page(page, server.root + "/playground/")
    create_assistant(page, "Attachments")
    page.set_input_files("#attach", str(SALES_CSV))
    expect(page.locator("#attachments li")).to_have_text(re.compile("sales.csv"))
    send(page, "Hello")
    attached = page.locator(".msg.user .attached")
    expect(attached).to_contain_text("sales.csv")
    expect(attached).not_to_contain_text("file-")  # the id only on hover
    expect(page.locator("#run-status")).to_contain_text("completed", timeout=30_000)
    # Reopened from the server (the message carries ids only): still the name.
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(page.locator(".msg.user .attached")).to_contain_text("sales.csv")
    expect(page.locator(".msg.user .attached")).not_to_contain_text("file-")
