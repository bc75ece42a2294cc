"""The zh-CN edition reads as a native edition: the glossary's terms, Chinese typography, no stray math, Chinese reports.

Each check is a small function run over every notebook, and also run here against a deliberately wrong input, so a
check that could never fail would show.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from helpers.checks import Report, runs
from tools import lessons

ROOT = Path(__file__).resolve().parents[2]
CHINESE = sorted((ROOT / "notebooks" / "zh-CN").glob("[0-9][0-9]_*.ipynb"))
ENGLISH = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CJK = "\u3400-\u9fff\uf900-\ufaff"

# Every API noun of lessons 00–09 has a row in the glossary.
NOUNS = [
    "assistant", "thread", "message", "run", "run step", "tool", "function calling", "code interpreter", "file",
    "vector store", "file search", "chunk", "citation", "annotation", "response", "conversation", "item",
    "container", "stream", "event", "token", "usage", "instructions", "model",
]


def glossary() -> dict[str, tuple[str, list[str]]]:
    """README.zh-CN.md's 术语表: each English term (every name in its first cell) → (its Chinese, the variants not to use)."""
    text = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    section = text.split("## 术语表", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("English", "") or set(cells[0]) <= set("-"):
            continue
        english, chinese, rejected = cells
        variants = [variant for variant in re.split(r"[、,，]", rejected) if variant.strip()]
        for name in re.split(r"\s*/\s*", re.sub(r"（.*?）", "", english)):
            rows[name.strip()] = (chinese, [variant.strip() for variant in variants])
    return rows


def rejected_in(text: str, rejected: list[str]) -> list[str]:
    """The glossary's rejected variants that occur in text."""
    return [variant for variant in rejected if variant in text]


def prose(markdown: str) -> str:
    """Markdown without what keeps its own punctuation: code blocks, inline code, link targets, URLs."""
    markdown = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    markdown = re.sub(r"`[^`\n]*`", " ", markdown)
    return re.sub(r"\]\([^)]*\)|https?://\S+", " ", markdown)


def ascii_after_chinese(markdown: str) -> list[str]:
    """Each ASCII , : ; ? ! ( ) right after a Chinese character in the prose, with a little context."""
    text = prose(markdown)
    return [text[max(0, m.start() - 8) : m.end() + 8] for m in re.finditer(f"[{CJK}][,:;?!()]", text)]


def dollar_pairs(markdown: str) -> list[str]:
    """Paragraphs with two unescaped `$` or more: JupyterLab renders the text between them as math."""
    return [para for para in re.split(r"\n\s*\n", prose(markdown)) if len(re.findall(r"(?<!\\)\$", para)) >= 2]


def markdown_cells(path: Path) -> list[str]:
    return [cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "markdown"]


def every_source(path: Path) -> str:
    """What a reader of the notebook reads, outputs aside: markdown and code."""
    return "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)


# -- the glossary -------------------------------------------------------------------------------------------


def test_the_glossary_names_every_api_noun():
    terms = glossary()
    assert [noun for noun in NOUNS if noun not in terms] == []
    assert terms["vector store"] == ("向量存储", ["向量库", "向量数据库"])


@pytest.mark.parametrize("path", CHINESE, ids=[path.stem for path in CHINESE])
def test_no_rejected_variant_in_the_chinese_notebooks(path):
    rejected = [variant for _, variants in glossary().values() for variant in variants]
    assert rejected_in(every_source(path), rejected) == []


def test_a_rejected_variant_is_found():
    """The check against a wrong input: the old 向量库 of lesson 08."""
    rejected = glossary()["vector store"][1]
    assert rejected_in("通过向量库把 UAP 文档交给小U", rejected) == ["向量库"]
    assert rejected_in("通过向量存储把 UAP 文档交给小U", rejected) == []


# -- Chinese typography ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", CHINESE, ids=[path.stem for path in CHINESE])
def test_chinese_prose_takes_full_width_punctuation(path):
    found = [hit for source in markdown_cells(path) for hit in ascii_after_chinese(source)]
    assert found == [], f"{path.name}: ASCII punctuation after Chinese characters (write ，：；？！（）): {found[:5]}"


def test_ascii_punctuation_after_chinese_is_found():
    """The check against wrong inputs; code, inline code and URLs keep their own punctuation."""
    assert ascii_after_chinese("历史会被截断,而不是拒绝。") == ["历史会被截断,而不是拒绝。"]
    assert len(ascii_after_chinese("API 找不到这个线程(404)")) == 1
    assert ascii_after_chinese("历史会被截断，而不是拒绝（见上文）：`f(x, y)`，[链接](https://example.com/a,b)") == []
    assert ascii_after_chinese("```python\nprint(\"你好,世界\")\n```") == []


# -- `$` in markdown ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ENGLISH + CHINESE, ids=[f"{path.parent.name}/{path.stem}" for path in ENGLISH + CHINESE])
def test_no_markdown_paragraph_holds_two_dollar_signs(path):
    found = [para for source in markdown_cells(path) for para in dollar_pairs(source)]
    assert found == [], f"{path}: write \\$ (JupyterLab renders text between two $ as math): {found[:2]}"


def test_two_dollar_signs_are_found():
    """The check against a wrong input: lesson 00's pricing list as it was."""
    assert len(dollar_pairs("3. storage cost **$0.10 per GB per day**\n4. Code interpreter cost $0.03 a session.")) == 1
    assert dollar_pairs("3. storage cost **\\$0.10 per GB per day**\n4. Code interpreter cost \\$0.03 a session.") == []
    assert dollar_pairs("cost $0.10\n\nand then $0.03") == [], "one `$` in each paragraph is plain text"


# -- code keyed by language -----------------------------------------------------------------------------------


def test_code_variants_may_differ_in_comments_and_printed_labels_only():
    english = 'x = client.beta.threads.create()  # a thread\nprint("The call worked:", x.id, f"({n} events)")'
    chinese = 'x = client.beta.threads.create()  # 一个线程\nprint("调用成功了：", x.id, f"（共 {n} 个事件）")'
    assert lessons.same_code({"en": english, "zh-CN": chinese})
    wrong_call = chinese.replace("threads.create()", "threads.create(metadata={})")
    wrong_data = 'x = client.beta.threads.create(messages=[{"role": "user", "content": "你好"}])'
    assert not lessons.same_code({"en": english, "zh-CN": wrong_call}), "a different call is not a comment"
    assert not lessons.same_code({"en": wrong_data, "zh-CN": wrong_data.replace("你好", "Hello")}), "what the API receives stays the same"


def test_a_lesson_with_code_that_differs_by_language_does_not_write():
    lesson = lessons.Lesson("99_demo", [("md", {"en": "# Demo", "zh-CN": "# 演示"}), ("code", {"en": "print(1)", "zh-CN": "print(2)"})])
    with pytest.raises(ValueError, match="differ in more than comments"):
        lesson.notebook("zh-CN")


def test_the_chinese_notebooks_carry_chinese_comments():
    """The English comments of the shared cells have their Chinese variants in the zh-CN notebooks."""
    for path in CHINESE:
        code = [cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]
        english = [line for source in code for line in source.splitlines() if re.search(r"#\s*[A-Za-z]+ [a-z]+ [a-z]+", line) and not re.search(f"#.*[{CJK}]", line)]
        assert english == [], f"{path.name}: {english[:3]}"


# -- reports in Chinese ---------------------------------------------------------------------------------------


def test_a_report_names_the_object_in_chinese(client, monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "zh-CN")
    report = Report("练习 00.0")
    assert runs.fetch(report, "thread", client.beta.threads.retrieve, "thread_does_not_exist") is None
    assert report.missing[0][0] == "API 找不到这个线程（404）"
    assert report.text().startswith("✗ 练习 00.0：还差一点") and "提示：" in report.text()
    monkeypatch.setenv("COURSE_LANGUAGE", "en")
    report = Report("Exercise 00.0")
    runs.fetch(report, "thread", client.beta.threads.retrieve, "thread_does_not_exist")
    assert report.missing[0][0] == "the API does not know this thread (404)"
    assert report.text().startswith("✗ Exercise 00.0: not yet")
