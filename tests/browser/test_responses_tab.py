"""The Playground's Responses tab (POST /v1/responses, streamed, chained by previous_response_id, function calls
answered with function_call_output) and file search on the Assistants tab (a vector store made from uploads, cited)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

playwright = pytest.importorskip("playwright.sync_api", reason="pytest-playwright is not installed (see tests/browser/conftest.py)")
expect = playwright.expect

from tests.browser.test_playground import ASK_DATABASE, last_reply, open_page, send  # noqa: E402

DOCS = Path(__file__).resolve().parents[2] / "data" / "uap_docs"


def open_responses(page, url):
    open_page(page, url)
    page.click("#tab-responses")
    expect(page.locator("#mode-responses")).to_be_visible()
    expect(page.locator("#mode-assistants")).to_be_hidden()


def say(page, text):
    page.fill("#r-input", text)
    page.press("#r-input", "Enter")


def status(page):
    return page.locator("#r-status [data-testid=response-status]")


def test_a_responses_turn_streams_and_the_next_one_chains(page, server, client, screenshot, tmp_path):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_responses(page, server.root + "/playground/")
    page.fill("#r-instructions", "你叫小U。")
    page.evaluate(
        """() => {
        window.seen = [];
        new MutationObserver(() => {
          const reply = [...document.querySelectorAll('#r-messages .msg.assistant')].pop();
          if (reply) window.seen.push(reply.querySelector('.content').textContent.length);
        }).observe(document.getElementById('r-messages'), {subtree: true, childList: true, characterData: true});
      }"""
    )
    say(page, "Hello! Please tell me about the Responses API.")
    expect(status(page)).to_have_text("completed", timeout=30_000)
    reply = page.locator("#r-messages .msg.assistant").last.locator(".content").inner_text().strip()
    assert reply
    partial = {n for n in page.evaluate("window.seen") if 0 < n < len(reply)}
    assert len(partial) >= 3, "the reply did not arrive in output_text deltas"
    first_id = page.locator("#r-response-id").inner_text()
    assert first_id.startswith("resp_")
    stored = client.responses.retrieve(first_id)
    assert stored.output_text.strip() == reply and stored.instructions == "你叫小U。"

    say(page, "And again?")
    expect(page.locator("#r-response-id")).not_to_have_text(first_id, timeout=30_000)
    expect(status(page)).to_have_text("completed")
    second_id = page.locator("#r-response-id").inner_text()
    assert client.responses.retrieve(second_id).previous_response_id == first_id
    expect(page.locator("#r-messages .msg.user")).to_have_count(2)
    screenshot("responses_chat")

    # The raw JSON of the last response, on demand.
    page.click("#r-raw")
    raw = json.loads(page.locator("#json-body").inner_text())
    assert raw["object"] == "response" and raw["id"] == second_id and raw["previous_response_id"] == first_id
    page.keyboard.press("Escape")

    # Copy as code: client.responses.create, and it runs.
    page.click("#r-copy-code")
    expect(page.locator("#r-copy-status")).to_have_text("Copied.")
    code = page.evaluate("navigator.clipboard.readText()")
    assert "client.responses.create(" in code and 'instructions="你叫小U。"' in code and 'input="And again?"' in code
    script = tmp_path / "snippet.py"
    script.write_text(code, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.strip(), result.stderr


def test_a_function_call_is_answered_from_the_form(page, server, client, screenshot, tmp_path):
    open_responses(page, server.root + "/playground/")
    page.click("#r-add-function")
    page.locator("#r-functions textarea").last.fill(json.dumps(ASK_DATABASE, ensure_ascii=False, indent=2))
    say(page, "张三上了几堂课?")
    form = page.locator("#r-tool-form")
    expect(form).to_be_visible(timeout=30_000)
    call = form.locator(".tool-call").first
    expect(call).to_contain_text("ask_database")
    expect(call.locator("pre")).to_contain_text("SELECT COUNT(*)")
    expect(page.locator("#r-messages .msg.tool")).to_contain_text("ask_database")
    asked_id = page.locator("#r-response-id").inner_text()
    screenshot("responses_function_call")
    call.locator("textarea").fill("[(4,)]")
    page.click("#r-submit-outputs")
    expect(page.locator("#r-messages .msg.assistant").last).to_have_text(re.compile("张三一共上了4堂课"), timeout=30_000)
    expect(form).to_be_hidden()
    answered = client.responses.retrieve(page.locator("#r-response-id").inner_text())
    assert answered.previous_response_id == asked_id
    items = client.responses.input_items.list(answered.id).data
    assert items[0].type == "function_call_output" and items[0].output == "[(4,)]"
    screenshot("responses_function_answered")
    # The snippet has the function loop, and it runs.
    code = page.locator("#r-code-snippet").inner_text()
    assert '"type": "function_call_output"' in code and "previous_response_id=response.id" in code
    script = tmp_path / "snippet.py"
    script.write_text(code, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert result.returncode == 0 and "张三" in result.stdout, result.stderr + result.stdout


def test_the_api_message_is_shown_when_a_response_is_refused(page, server):
    bad = {"name": "broken", "parameters": {"type": "objekt"}}
    body = {"model": "gpt-4o", "input": "hi", "stream": True, "tools": [{"type": "function", **bad, "strict": False}]}
    refused = httpx.post(server.root + "/v1/responses", json=body, headers={"Authorization": "Bearer sk-test"})
    assert refused.status_code == 400
    open_responses(page, server.root + "/playground/")
    page.click("#r-add-function")
    page.locator("#r-functions textarea").last.fill(json.dumps(bad))
    say(page, "hi")
    expect(page.locator("#r-error")).to_have_text(refused.json()["error"]["message"])
    expect(page.locator("#r-input")).to_have_value("hi")  # given back to send again
    expect(page.locator("#r-messages .msg.user")).to_have_count(0)


def test_file_search_with_a_store_made_from_uploads_cites_the_file(page, server, client, screenshot):
    open_page(page, server.root + "/playground/")
    expect(page.locator("#fs-tool")).to_be_visible()
    page.click("#new-assistant")
    page.fill("#a-name", "小U")
    page.fill("#a-instructions", "你叫小U，你是 UAP 框架的助手。")
    page.check("#t-fs")
    page.set_input_files("#fs-upload", [str(DOCS / "06_认证与安全.md"), str(DOCS / "07_deployment_guide.txt")])
    expect(page.locator("#fs-store")).to_have_value(re.compile("^vs_"), timeout=30_000)
    expect(page.locator("#fs-store-info")).to_have_text("Status: completed")
    store_id = page.locator("#fs-store").input_value()
    page.click("#save-assistant")
    expect(page.locator("#assistant-status")).to_contain_text("Created asst_")
    saved = client.beta.assistants.retrieve(page.locator("#assistant-id").inner_text())
    assert saved.tool_resources.file_search.vector_store_ids == [store_id]
    assert [t.type for t in saved.tools] == ["file_search"]
    send(page, "密码连续输错几次会锁定账号？")
    expect(page.locator("#run-status")).to_contain_text("completed", timeout=60_000)
    reply = last_reply(page)
    expect(reply.locator(".text").first).to_contain_text("5 次密码错误")
    expect(reply.locator("sup").first).to_have_text("[1]")
    expect(reply.locator(".text").first).not_to_contain_text("†source】")  # the marker became a [n]
    expect(reply.locator(".notes li").first).to_have_text("06_认证与安全.md")  # the file's name, not its id
    screenshot("file_search")
    page.click("#tab-code")
    expect(page.locator("#code-snippet")).to_contain_text(f'"file_search": {{"vector_store_ids": ["{store_id}"]}}')
    # Picking an existing store by id works the same, and a reload shows it picked.
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(page.locator("#t-fs")).to_be_checked()
    expect(page.locator("#fs-store")).to_have_value(store_id)


@pytest.mark.parametrize("prompt", ["用代码计算 2**100", "Use code to compute 2**100"])
def test_the_code_interpreter_runs_code_in_the_responses_tab(page, server, client, prompt, screenshot):
    open_responses(page, server.root + "/playground/")
    page.check("#r-t-code")
    say(page, prompt)
    expect(status(page)).to_have_text("completed", timeout=60_000)
    call = page.locator("#r-messages .msg.tool").first
    expect(call).to_contain_text("2**100")  # the code it ran
    expect(call).to_contain_text("1267650600228229401496703205376")  # and what the code printed
    expect(page.locator("#r-messages .msg.assistant").last).to_contain_text("1267650600228229401496703205376")
    stored = client.responses.retrieve(page.locator("#r-response-id").inner_text())
    assert [item.type for item in stored.output] == ["code_interpreter_call", "message"]
    expect(page.locator("#r-code-snippet")).to_contain_text('"type": "code_interpreter"')
    screenshot("responses_code_interpreter")


def test_file_search_in_the_responses_tab_with_a_store_made_from_uploads(page, server, client, screenshot):
    open_responses(page, server.root + "/playground/")
    page.check("#r-t-fs")
    page.set_input_files("#r-fs-upload", [str(DOCS / "06_认证与安全.md"), str(DOCS / "07_deployment_guide.txt")])
    expect(page.locator("#r-fs-store")).to_have_value(re.compile("^vs_"), timeout=30_000)
    expect(page.locator("#r-fs-store-info")).to_have_text("Status: completed")
    store_id = page.locator("#r-fs-store").input_value()
    say(page, "密码连续输错几次会锁定账号？")
    expect(status(page)).to_have_text("completed", timeout=60_000)
    reply = page.locator("#r-messages .msg.assistant").last
    expect(reply.locator(".text").first).to_contain_text("5 次密码错误")
    expect(reply.locator(".notes li").first).to_have_text("06_认证与安全.md")
    expect(page.locator("#r-messages .msg.tool").first).to_contain_text("密码连续输错几次会锁定账号")  # the search's query
    stored = client.responses.retrieve(page.locator("#r-response-id").inner_text())
    assert stored.tools[0].type == "file_search" and stored.tools[0].vector_store_ids == [store_id]
    expect(page.locator("#r-code-snippet")).to_contain_text(store_id)
    screenshot("responses_file_search")
    # A store made elsewhere (the Assistants tab, a lesson) is in the picker too.
    made = client.vector_stores.create(name="made elsewhere")
    page.click("#r-fs-refresh")
    expect(page.locator(f"#r-fs-store option[value={made.id}]")).to_have_count(1)
