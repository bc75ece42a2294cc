"""The quiz widget: it grades every option with its explanation, in both languages, and its text fallback is stable."""

from __future__ import annotations

import pytest

from helpers.quiz import quiz
from helpers.quizzes import QUIZZES


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "en")


@pytest.mark.parametrize("lesson", sorted(QUIZZES))
def test_every_option_is_graded_and_explained_in_both_languages(lesson, monkeypatch):
    for language in ("en", "zh-CN"):
        monkeypatch.setenv("COURSE_LANGUAGE", language)
        for number, question in enumerate(QUIZZES[lesson].questions, 1):
            verdicts = [quiz(lesson).answer(number, letter) for letter in "abcdefgh"[: len(question.options)]]
            assert [v.right for v in verdicts].count(True) == 1, f"question {number}: exactly one right option"
            assert all(v.why and v.why not in ("", None) for v in verdicts)
            assert len({v.why for v in verdicts}) == len(verdicts), "each option has an explanation of its own"
            if language == "zh-CN":
                assert all(any("\u4e00" <= ch <= "\u9fff" for ch in v.why) for v in verdicts), "the Chinese edition explains in Chinese"


def test_the_text_fallback_lists_questions_without_answers_and_says_how_to_answer():
    text = str(quiz("00"))
    assert text == str(quiz("00")), "the same text every time: nbval compares it"
    assert "1. With the Assistants API" in text and "   b) on the server, in a thread" in text
    assert 'quiz("00").answer(1, "b")' in text
    assert "Right" not in text and "Not quite" not in text
    bundle = quiz("00")._repr_mimebundle_()
    assert bundle["text/plain"] == text


def test_answers_are_graded_and_nonsense_gets_a_verdict_not_an_exception():
    assert quiz("00").answer(1, "b").right and str(quiz("00").answer(1, "B")).startswith("✓ Right")
    wrong = quiz("00").answer(1, "a")
    assert not wrong.right and str(wrong).startswith("✗ Not quite") and "chat completions" in str(wrong)
    assert quiz("00").answer(1, 1).right, "an option's index works too"
    for number, choice in [(1, "z"), (1, None), (1, 7), (0, "a"), (99, "a"), ("1", "a"), (1, True), (None, None)]:
        verdict = quiz("00").answer(number, choice)
        assert not verdict.right and verdict.why


def test_the_widget_explains_the_option_chosen(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "zh-CN")
    box = quiz("00").widget()
    first = box.children[1]
    _, choice, button, verdict = first.children
    button.click()
    assert "先选一个选项" in verdict.value
    choice.value = 0
    button.click()
    assert "不太对" in verdict.value and "chat completions" in verdict.value
    choice.value = 1
    button.click()
    assert "答对了" in verdict.value
