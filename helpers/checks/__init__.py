"""Exercise checks: each looks at what the learner created through the API and says what is right, what is missing, and a hint.

A lesson's checks live in a module named after its topic (`helpers.checks.assistants` for lesson 01, ...).
Each check returns a `Report`, which Jupyter shows as text when the check is a cell's last line
(`print(report)` shows it anywhere); it never just says "wrong". Reports speak the
notebook's language: Chinese in notebooks/zh-CN/ (the kernel's working folder), or whatever
COURSE_LANGUAGE says ("en" or "zh-CN").
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from course import progress


def language() -> str:
    """The learner's language: COURSE_LANGUAGE if set, else zh-CN inside notebooks/zh-CN/, else English."""
    chosen = os.environ.get("COURSE_LANGUAGE", "")
    if chosen in ("en", "zh-CN"):
        return chosen
    return "zh-CN" if Path.cwd().name == "zh-CN" else "en"


def say(en: str, zh: str) -> str:
    """One message in the learner's language."""
    return zh if language() == "zh-CN" else en


# The API's nouns as the Chinese edition names them (README.zh-CN.md, 术语表), for messages that name an object.
NOUNS = {
    "assistant": "助手",
    "thread": "线程",
    "message": "消息",
    "run": "运行",
    "run step": "运行步骤",
    "file": "文件",
    "vector store": "向量存储",
    "response": "响应",
    "conversation": "对话",
    "container": "容器",
}


def noun(english: str) -> str:
    """An API noun in the learner's language: "thread" is 线程 in the Chinese edition."""
    return say(english, NOUNS.get(english, english))


@dataclass
class Report:
    """What a check found: the exercise, what is right, what is missing (each with a hint)."""

    exercise: str
    right: list[str] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (what is missing, a hint)

    @property
    def passed(self) -> bool:
        return not self.missing

    def ok(self, what: str) -> None:
        self.right.append(what)

    def miss(self, what: str, hint: str) -> None:
        self.missing.append((what, hint))

    def expect(self, condition: bool, right: str, missing: str, hint: str) -> bool:
        """Record `right` when condition holds, else `missing` with its hint; return condition."""
        if condition:
            self.ok(right)
        else:
            self.miss(missing, hint)
        return condition

    def text(self) -> str:
        progress.record(self)  # a pass is recorded for the learner and their teacher (course/progress.py): once, silently
        mark = "✅" if self.passed else "🔸"
        verdict = say("passed", "通过") if self.passed else say("not yet", "还差一点")
        colon = say(": ", "：")
        lines = [f"{mark} {self.exercise}{colon}{verdict}"]
        lines += [f"  ✓ {what}" for what in self.right]
        for what, hint in self.missing:
            lines.append(f"  ✗ {what}")
            lines.append(f"    {say('Hint', '提示')}{colon}{hint}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    __repr__ = __str__

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython shows the report, not a dataclass repr
        printer.text(self.text())


def object_id(obj) -> str | None:
    """What a learner passed to a check, as an id: an API object's id, an id string as it is, or None."""
    if obj is None or isinstance(obj, str):
        return obj
    return getattr(obj, "id", None)


def nothing_yet(report: Report, name: str, how: str) -> None:
    """Say that the learner's variable `name` is still None, as the exercise's cell left it, with a hint how to fill it."""
    report.miss(say(f"nothing to check yet: `{name}` is still None", f"还没有可检查的内容：`{name}` 仍是 None"), how)


def stored(report: Report, retrieve, obj, name: str, how: str, noun: tuple[str, str]):
    """The object as the server has it (`retrieve(id)`), or None after saying what is missing.

    `name` is the learner's variable, `how` the hint when it is still None, `noun` the object's name in
    English and Chinese ("assistant", "助手").
    """
    import openai

    if object_id(obj) is None:
        nothing_yet(report, name, how)
        return None
    try:
        found = retrieve(object_id(obj))
    except openai.NotFoundError:
        report.miss(say(f"no {noun[0]} {object_id(obj)} on the server", f"服务器上没有{noun[1]} {object_id(obj)}"), say("was it deleted? create it again", "是不是被删除了？重新创建一个"))
        return None
    report.ok(say(f"the {noun[0]} exists on the server", f"{noun[1]}已保存在服务器上"))
    return found
