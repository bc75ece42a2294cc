"""The Playground fits its window (no horizontal scrollbar) and speaks the reader's language: the browser's by default,
?lang= to force one, the choice remembered; the Chinese UI in Chinese typography and the glossary's terms."""

from __future__ import annotations

import re

import pytest

playwright = pytest.importorskip("playwright.sync_api", reason="pytest-playwright is not installed (see tests/browser/conftest.py)")
expect = playwright.expect

from tests.browser.test_playground import open_page  # noqa: E402
from tests.course.test_zh_cn import glossary, rejected_in  # noqa: E402

FITS = "document.documentElement.scrollWidth <= window.innerWidth"

# What the Chinese UI must say (a few labels from each part of the page), and its English.
LABELS = {
    "#send": ("Send", "发送"),
    "label[for=t-code]": ("Code interpreter", "代码解释器"),
    "label[for=attach]": ("Attach files", "添加附件"),
    "#assistant-heading": ("Assistant", "助手"),
    "#tab-inspector": ("Inspector", "检查器"),
    "label[for=r-t-fs]": ("File search", "文件检索"),
    "#r-send": ("Send", "发送"),
}


def labels_are(page, language):
    column = 0 if language == "en" else 1
    for selector, texts in LABELS.items():
        expect(page.locator(selector)).to_have_text(texts[column])
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("width", [1280, 800])
@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_no_horizontal_scrollbar_in_either_tab(page, server, width, language, screenshot):
    page.set_viewport_size({"width": width, "height": 800})
    open_page(page, server.root + f"/playground/?lang={language}")
    assert page.evaluate(FITS), page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    # Every tool's box open too: each holds a file input, and the widest labels.
    page.check("#t-code")
    page.check("#t-fs")
    assert page.evaluate(FITS), page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    screenshot(f"assistants_{language}_{width}")
    page.click("#tab-responses")
    expect(page.locator("#mode-responses")).to_be_visible()
    page.check("#r-t-code")
    page.check("#r-t-fs")
    assert page.evaluate(FITS), page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    screenshot(f"responses_{language}_{width}")


def test_an_english_browser_gets_the_english_ui(page, server):
    open_page(page, server.root + "/playground/")
    labels_are(page, "en")


@pytest.mark.browser_context_args(locale="zh-CN")
def test_a_chinese_browser_gets_the_chinese_ui(page, server):
    open_page(page, server.root + "/playground/")
    labels_are(page, "zh-CN")
    expect(page.locator("#composer-input")).to_have_attribute("placeholder", re.compile("Enter 发送"))
    expect(page.locator("#messages .empty")).to_contain_text("助手")


def test_lang_forces_a_language_and_the_choice_is_remembered(page, server):
    open_page(page, server.root + "/playground/?lang=zh-CN")
    labels_are(page, "zh-CN")
    open_page(page, server.root + "/playground/")  # an English browser, but the choice stays
    labels_are(page, "zh-CN")
    expect(page.locator("#lang")).to_have_value("zh-CN")
    page.select_option("#lang", "en")  # the switch in the top bar
    expect(page.locator("#send")).to_have_text("Send")
    labels_are(page, "en")
    open_page(page, server.root + "/playground/")
    labels_are(page, "en")


@pytest.mark.browser_context_args(locale="zh-CN")
def test_dynamic_text_is_chinese_too(page, server):
    open_page(page, server.root + "/playground/")
    page.click("#new-assistant")
    page.fill("#a-name", "中文界面")
    page.click("#save-assistant")
    expect(page.locator("#assistant-status")).to_contain_text("已创建 asst_")
    page.fill("#composer-input", "你好")
    page.press("#composer-input", "Enter")
    expect(page.locator("#run-status")).to_contain_text("completed", timeout=30_000)
    expect(page.locator(".msg.user .who")).to_contain_text("你")
    page.click("#refresh-inspector")
    expect(page.locator("#run-summary")).to_contain_text("用量")
    expect(page.locator("#steps .step").first).to_contain_text("创建消息")


def test_every_chinese_string_keeps_chinese_typography_and_the_glossary(page, server):
    open_page(page, server.root + "/playground/")
    strings = page.evaluate("async () => (await import('./i18n.js')).STRINGS")
    assert len(strings) > 100
    rows = glossary()
    problems = []
    for key, (english, chinese) in strings.items():
        if not english or not chinese:
            problems.append(f"{key}: a language is missing")
        if re.search(r"[\u4e00-\u9fff][,:;?!()]", chinese):
            problems.append(f"{key}: ASCII punctuation after Chinese: {chinese}")
        if re.search(r"[\u4e00-\u9fff]\.(\s|$)", chinese):
            problems.append(f"{key}: an ASCII full stop after Chinese: {chinese}")
        for _, (_, rejected) in rows.items():
            found = rejected_in(chinese, rejected)
            if found:
                problems.append(f"{key}: {found} (the glossary's rejected variants): {chinese}")
        if set(re.findall(r"\{(\w+)\}", english)) != set(re.findall(r"\{(\w+)\}", chinese)):
            problems.append(f"{key}: the two languages fill in different values")
    assert not problems, "\n".join(problems)
    # The glossary's terms where the UI names those things.
    for english, chinese in [("code interpreter", "代码解释器"), ("file search", "文件检索"), ("vector store", "向量存储"), ("thread", "线程")]:
        assert rows[english][0].startswith(chinese)
        assert any(chinese in zh for _, zh in strings.values()), english
