"""A lesson's graded quiz, as its cell asks for it: `from helpers.quiz import quiz`, then `quiz("04")`."""

from __future__ import annotations

from helpers.quiz_widget import Quiz
from helpers.quizzes import QUIZZES


def quiz(lesson: str) -> Quiz:
    """The quiz of a lesson ("04"): shown as a widget in JupyterLab, as text elsewhere."""
    return QUIZZES[str(lesson)]
