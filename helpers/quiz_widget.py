"""The graded quiz widget: multiple-choice and predict-the-output questions, with a plain-text fallback that grades too.

A lesson's quiz cell is two lines, `from helpers.quiz import quiz` and `quiz("04")` (helpers/quiz.py); the questions
are in `helpers/quizzes.py`. JupyterLab shows each question with its options, a button, and a verdict that explains the
option chosen (why it is right, or what it misses). Where widgets do not render (GitHub, nbviewer, a plain
console, the stored output nbval compares) the same quiz is text, and `quiz("04").answer(2, "b")` grades an answer.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from helpers.checks import language

LETTERS = "abcdefgh"


def _in(text, lang: str | None = None) -> str:
    """A text in the learner's language: a dict keyed by language, or one string for both."""
    if isinstance(text, dict):
        return text.get(lang or language(), text["en"])
    return text


def _say(en: str, zh: str) -> str:
    return zh if language() == "zh-CN" else en


@dataclass
class Question:
    """One question: what is asked, the options, the right one (its index), and why, for every option."""

    ask: dict | str
    options: list
    answer: int
    why: list  # one explanation per option: why the right one is right, what each wrong one misses
    code: str = ""  # predict the output: the code whose result is asked for
    _picked: list = field(default_factory=list, repr=False)

    def verdict(self, choice) -> tuple[bool, str]:
        """(right?, the explanation) for an option given as a letter ("b") or an index (1)."""
        index = _index(choice, len(self.options))
        if index is None:
            letters = ", ".join(LETTERS[: len(self.options)])
            return False, _say(f"answer with one of the letters {letters}", f"请用这几个字母之一作答：{letters}")
        return index == self.answer, _in(self.why[index])


def _index(choice, count: int) -> int | None:
    if isinstance(choice, str) and len(choice.strip()) == 1 and choice.strip().lower() in LETTERS[:count]:
        return LETTERS.index(choice.strip().lower())
    if isinstance(choice, int) and not isinstance(choice, bool) and 0 <= choice < count:
        return choice
    return None


@dataclass
class Quiz:
    """A lesson's graded questions."""

    lesson: str
    questions: list[Question]

    def answer(self, number, choice) -> Verdict:
        """Grade one answer: `quiz("04").answer(2, "b")` (question 2, option b)."""
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= len(self.questions):
            return Verdict(False, _say(f"there is no question {number!r}: the questions are numbered 1 to {len(self.questions)}", f"没有第 {number!r} 题：题号是 1 到 {len(self.questions)}"))
        right, why = self.questions[number - 1].verdict(choice)
        return Verdict(right, why)

    def text(self) -> str:
        colon = _say(": ", "：")
        lines = [_say(f"Quiz · lesson {self.lesson}", f"小测验 · 第 {self.lesson} 课")]
        for number, question in enumerate(self.questions, 1):
            lines.append("")
            lines.append(f"{number}. {_in(question.ask)}")
            if question.code:
                lines += ["", *("    " + line for line in question.code.splitlines()), ""]
            lines += [f"   {LETTERS[i]}) {_in(option)}" for i, option in enumerate(question.options)]
        lines.append("")
        lines.append(_say(
            f'Answer with the buttons, or in code{colon}quiz("{self.lesson}").answer(1, "b") grades option b of question 1.',
            f'用按钮作答，或者用代码{colon}quiz("{self.lesson}").answer(1, "b") 批改第 1 题的选项 b。',
        ))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    __repr__ = __str__

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(self.text())

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The widget for JupyterLab, and the quiz as text for everything else (the stored output nbval compares)."""
        bundle = {"text/plain": self.text()}
        try:
            widget = self.widget()
            view = widget._repr_mimebundle_()
        except Exception:  # no ipywidgets, or no kernel to talk to: the text is the quiz
            return bundle
        if isinstance(view, dict) and "application/vnd.jupyter.widget-view+json" in view:
            bundle["application/vnd.jupyter.widget-view+json"] = view["application/vnd.jupyter.widget-view+json"]
        return bundle

    def widget(self):
        """Every question as options, a button and a verdict that explains the chosen option."""
        import ipywidgets as widgets

        boxes = [widgets.HTML(f"<b>{html.escape(_say(f'Quiz · lesson {self.lesson}', f'小测验 · 第 {self.lesson} 课'))}</b>")]
        for number, question in enumerate(self.questions, 1):
            ask = f"<p><b>{number}.</b> {html.escape(_in(question.ask))}</p>"
            if question.code:
                ask += f"<pre>{html.escape(question.code)}</pre>"
            options = [(f"{LETTERS[i]}) {_in(option)}", i) for i, option in enumerate(question.options)]
            choice = widgets.RadioButtons(options=options, value=None, layout=widgets.Layout(width="auto"))
            button = widgets.Button(description=_say("Check", "检查"))
            verdict = widgets.HTML()

            def grade(_button, question=question, choice=choice, verdict=verdict) -> None:
                if choice.value is None:
                    verdict.value = html.escape(_say("Pick an option first.", "先选一个选项。"))
                    return
                right, why = question.verdict(choice.value)
                verdict.value = Verdict(right, why).html()

            button.on_click(grade)
            boxes.append(widgets.VBox([widgets.HTML(ask), choice, button, verdict]))
        return widgets.VBox(boxes)


@dataclass
class Verdict:
    """Whether an answer is right, and why."""

    right: bool
    why: str

    def text(self) -> str:
        mark = "✓" if self.right else "✗"
        head = _say("Right", "答对了") if self.right else _say("Not quite", "不太对")
        return f"{mark} {head}{_say(': ', '：')}{self.why}"

    def html(self) -> str:
        color = "#1a7f37" if self.right else "#b35900"
        return f'<span style="color:{color};font-weight:bold">{html.escape(self.text())}</span>'

    def __str__(self) -> str:
        return self.text()

    __repr__ = __str__

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(self.text())
