"""Exercise checks: each looks at what the learner created through the API and says what is right, what is missing, and a hint.

A lesson's checks live in a module named after its topic (`helpers.checks.assistants` for lesson 01, ...).
Each check returns a `Report`, which Jupyter shows as text when the check is a cell's last line
(`print(report)` shows it anywhere); it never just says "wrong". Reports speak the
notebook's language: Chinese in notebooks/zh-CN/ (the kernel's working folder), or whatever
COURSE_LANGUAGE says ("en" or "zh-CN").

A check is a function decorated with `@check(number, title_en, title_zh)`: it gets a fresh `Report` as its first
argument and fills it. The decorator makes the learner-facing promise hold for every check: whatever it is given (a
wrong type, a deleted object, a function that raises), it returns a report and never raises; and `finish` is the one
place where a check's verdict becomes final (a passing report is made there, and only there).
Reports mark lines with ✓, ✗ and → (in every common font, unlike emoji).

A passing report is recorded on the simulator (helpers/progress.py); a learner sees what they passed with

    from helpers.checks import my_progress
    my_progress()          # the lessons' exercises, ✓ for each one passed
"""

from __future__ import annotations

import functools
import importlib
import os
import pkgutil
import re
from dataclasses import dataclass, field
from pathlib import Path

from helpers import progress


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
    number: str = ""  # "04.2": the exercise's key (classroom progress), set by @check

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
        mark = "✓" if self.passed else "✗"
        verdict = say("passed", "通过") if self.passed else say("not yet", "还差一点")
        colon = say(": ", "：")
        lines = [f"{mark} {self.exercise}{colon}{verdict}"]
        lines += [f"  ✓ {what}" for what in self.right]
        for what, hint in self.missing:
            lines.append(f"  ✗ {what}")
            lines.append(f"    → {say('Hint', '提示')}{colon}{hint}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    __repr__ = __str__

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython shows the report, not a dataclass repr
        printer.text(self.text())


def finish(report: Report) -> Report:
    """The one place where a check's verdict is final: every check's report leaves through here (see `check`).

    A passing report (`report.passed`) is made here and nowhere else; `report.number` ("04.2") names its exercise.
    """
    progress.record(report)  # a pass is recorded for the learner and their teacher (helpers/progress.py): once, silently
    return report


def check(number: str, title_en: str, title_zh: str):
    """Make a check of exercise `number`: the function gets a fresh Report first, and the caller always gets a Report.

    Anything the check did not foresee (a learner's function that raises, an argument of a type nobody expected, a
    server that went away) becomes a line of the report naming what happened, never a traceback.
    """

    def decorate(function):
        @functools.wraps(function)
        def run(*args, **kwargs) -> Report:
            report = Report(say(f"Exercise {number} · {title_en}", f"练习 {number} · {title_zh}"), number=number)
            try:
                function(report, *args, **kwargs)
            except Exception as error:  # the learner's objects and code can do anything: report it, never raise
                report.miss(
                    say(f"the check could not go on: {type(error).__name__}: {_short(error)}", f"检查没法继续：{type(error).__name__}：{_short(error)}"),
                    say("look at the values the check was given: are they what the task asks for?", "看看传给检查的值：是不是任务要求的那些？"),
                )
            return finish(report)

        run.exercise = number
        return run

    return decorate


def _short(value, limit: int = 160) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def object_id(obj) -> str | None:
    """What a learner passed to a check, as an id: an API object's id, an id string as it is, or None."""
    if obj is None or isinstance(obj, str):
        return obj
    found = getattr(obj, "id", None)
    return found if isinstance(found, str) else None


def wrong_kind(report: Report, obj, name: str, noun: tuple[str, str], prefix: str) -> bool:
    """Say so when `obj` (the learner's variable `name`) cannot name a `noun` ("thread", "线程"): not None, not its id, not an object with one.

    `prefix` is the id's start ("thread_", "asst_"): an id of another kind of object is named as such. True when
    something was said (the check should stop there).
    """
    if obj is None:
        return False
    if isinstance(obj, str):
        if obj.startswith(prefix):
            return False
        for other, (en, zh) in ID_PREFIXES.items():
            if obj.startswith(other):
                report.miss(
                    say(f"`{name}` is {_short(obj, 48)!r}, the id of {en}, not of {article(noun[0])}", f"`{name}` 是 {_short(obj, 48)!r}，它是{zh}的 id，不是{noun[1]}的"),
                    say(f"keep the {noun[0]} itself (or its id, `{prefix}...`) in `{name}`", f"把{noun[1]}本身（或它的 id，`{prefix}...`）存进 `{name}`"),
                )
                return True
        report.miss(
            say(f"`{name}` is the text {_short(obj, 48)!r}, not the id of {article(noun[0])} (`{prefix}...`)", f"`{name}` 是文本 {_short(obj, 48)!r}，不是{noun[1]}的 id（`{prefix}...`）"),
            say(f"keep what the create call returned in `{name}`", f"把 create 调用返回的对象存进 `{name}`"),
        )
        return True
    if object_id(obj) is not None:
        found = object_id(obj)
        if found.startswith(prefix):
            return False
        return wrong_kind(report, found, name, noun, prefix)
    report.miss(
        say(f"`{name}` is {kind(obj)}, not {article(noun[0])}", f"`{name}` 是{kind(obj)}，不是{noun[1]}"),
        say(f"keep the {noun[0]} that the API call returned in `{name}`", f"把 API 调用返回的{noun[1]}存进 `{name}`"),
    )
    return True


ID_PREFIXES = {
    "asst_": ("an assistant", "助手"),
    "thread_": ("a thread", "线程"),
    "msg_": ("a message", "消息"),
    "run_": ("a run", "运行"),
    "step_": ("a run step", "运行步骤"),
    "file-": ("a file", "文件"),
    "vs_": ("a vector store", "向量存储"),
    "resp_": ("a response", "响应"),
    "conv_": ("a conversation", "对话"),
}


def article(english: str) -> str:
    """ "an assistant", "a thread"."""
    return f"{'an' if english[:1].lower() in 'aeiou' else 'a'} {english}"


def kind(obj) -> str:
    """A learner's value named for a report: "an int (42)", "a dict", "a list of 3 items", "a function"."""
    if callable(obj) and not isinstance(obj, type):
        return say("a function", "一个函数")
    name = type(obj).__name__
    if isinstance(obj, (int, float, bool)):
        return say(f"{'an' if name[0] in 'aeiou' else 'a'} {name} ({obj!r})", f"一个 {name}（{obj!r}）")
    if isinstance(obj, (list, tuple, dict, set)):
        return say(f"a {name} of {len(obj)} items", f"一个含 {len(obj)} 项的 {name}")
    return say(f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}", f"一个 {name}")


def nothing_yet(report: Report, name: str, how: str) -> None:
    """Say that the learner's variable `name` is still None, as the exercise's cell left it, with a hint how to fill it."""
    report.miss(say(f"nothing to check yet: `{name}` is still None", f"还没有可检查的内容：`{name}` 仍是 None"), how)


def predicted(report: Report, prediction, choices, *, first: str | None = None, pick: str | None = None) -> str | None:
    """The learner's `my_prediction` as one of `choices` ("a", "b", "c"; quotes, brackets and case forgiven), or None
    after saying what is missing (`first`: how to make it) or not a choice (`pick`: how to put it)."""
    if prediction is None:
        nothing_yet(report, "my_prediction", first or say('predict first: "a", "b" or "c"', '先预测："a"、"b" 或 "c"'))
        return None
    choice = prediction.strip().lower().strip("\"'()") if isinstance(prediction, str) else None
    if choice not in choices:
        letters = [f'"{c}"' for c in choices]
        report.miss(say(f"`my_prediction` is {prediction!r}: one of {', '.join(letters)} was expected", f"`my_prediction` 是 {prediction!r}：应该是 {'、'.join(letters)} 之一"), pick or say("pick a letter", "选一个字母"))
        return None
    return choice


def is_function(report: Report, value, name: str) -> bool:
    """Whether the learner's `name` is a function a check can call; if not, say what it is instead and how to fix it."""
    if callable(value):
        return True
    report.miss(say(f"`{name}` is {kind(value)}, not the function", f"`{name}` 是{kind(value)}，不是那个函数"), say("run the cell that defines it", "运行定义它的单元格"))
    return False


def stored(report: Report, retrieve, obj, name: str, how: str, noun: tuple[str, str]):
    """The object as the server has it (`retrieve(id)`), or None after saying what is missing.

    `name` is the learner's variable, `how` the hint when it is still None, `noun` the object's name in
    English and Chinese ("assistant", "助手").
    """
    import openai

    if obj is None:
        nothing_yet(report, name, how)
        return None
    prefix = {"assistant": "asst_", "thread": "thread_", "message": "msg_", "run": "run_", "file": "file-", "vector store": "vs_"}.get(noun[0], "")
    if wrong_kind(report, obj, name, noun, prefix):
        return None
    try:
        found = retrieve(object_id(obj))
    except openai.NotFoundError:
        report.miss(say(f"no {noun[0]} {object_id(obj)} on the server", f"服务器上没有{noun[1]} {object_id(obj)}"), say("was it deleted? create it again", "是不是被删除了？重新创建一个"))
        return None
    report.ok(say(f"the {noun[0]} exists on the server", f"{noun[1]}已保存在服务器上"))
    return found


def all_exercises() -> list[str]:
    """Every exercise a check in this package checks ("01.1", ...), read from the checks' docstrings."""
    found: set[str] = set()
    for module in pkgutil.iter_modules(__path__):
        try:
            loaded = importlib.import_module(f"{__name__}.{module.name}")
        except Exception:  # a module that does not import here shows no exercises, and hides none of the others
            continue
        for name, function in vars(loaded).items():
            if name.startswith("check_") and callable(function):
                match = re.match(r"\s*Exercise (\d+\.\d+)", function.__doc__ or "")
                if match:
                    found.add(match.group(1))
    return sorted(found, key=progress.exercise_order)


@dataclass
class Progress:
    """What my_progress() shows: each exercise, ✓ when passed."""

    exercises: list[str]
    done: dict[str, int]
    error: str | None = None

    def text(self) -> str:
        if self.error:
            return say(f"Your progress could not be read: {self.error}", f"无法读取你的进度：{self.error}")
        lessons: dict[str, list[str]] = {}
        for exercise in self.exercises:
            lessons.setdefault(exercise.split(".")[0], []).append(exercise)
        lines = [say(f"Exercise checks passed: {len(self.done)} of {len(self.exercises)}", f"已通过的练习检查：{len(self.done)} / {len(self.exercises)}")]
        for lesson, exercises in lessons.items():
            cells = "  ".join(f"{e} {'✓' if e in self.done else '·'}" for e in exercises)
            lines.append(f"  {lesson}:  {cells}")
        return "\n".join(lines)

    __str__ = text
    __repr__ = text

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(self.text())


def my_progress(*, base_url: str | None = None, api_key: str | None = None) -> Progress:
    """The learner's own progress, from the simulator their lessons use: a notebook cell's last line shows it."""
    exercises = all_exercises()
    try:
        done = progress.passed(base_url=base_url, api_key=api_key)
    except (OSError, ValueError, KeyError) as error:
        return Progress(exercises, {}, error=str(error))
    return Progress(sorted(set(exercises) | set(done), key=progress.exercise_order), done)
