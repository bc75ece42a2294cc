"""The scripted model where outside code meets it: plausible function arguments, a fallback in the prompt's language, small programs."""

from __future__ import annotations

import asyncio

import jsonschema
import pytest

from simulator.model import Reply, RunCode, ToolResult, Turn
from simulator.model.scripted import ScriptedModel
from simulator.model.scripted.functions import example_arguments

WEATHER = {"type": "object", "properties": {"city": {"type": "string", "description": "The city"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["city"]}
# The OpenAI Cookbook's display_quiz (Assistants API overview).
DISPLAY_QUIZ = {
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "questions": {
            "type": "array",
            "description": "An array of questions, each with a title and potentially options (if multiple choice).",
            "items": {
                "type": "object",
                "properties": {"question_text": {"type": "string"}, "question_type": {"type": "string", "enum": ["MULTIPLE_CHOICE", "FREE_RESPONSE"]}, "choices": {"type": "array", "items": {"type": "string"}}},
                "required": ["question_text"],
            },
        },
    },
    "required": ["title", "questions"],
}


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("What's the weather in Paris?", {"city": "Paris", "unit": "celsius"}),
        ("Is it warm in San Francisco, CA? Answer in fahrenheit.", {"city": "San Francisco, CA", "unit": "fahrenheit"}),
        ("北京今天天气怎么样?", {"city": "北京", "unit": "celsius"}),
    ],
)
def test_a_place_comes_from_the_prompt_and_an_optional_enum_is_filled(prompt, expected):
    arguments = example_arguments(WEATHER, prompt)
    assert arguments == expected
    jsonschema.validate(arguments, WEATHER)


def test_the_quiz_gets_a_title_from_the_prompt_and_a_question_type_from_its_enum():
    arguments = example_arguments(DISPLAY_QUIZ, "Make a quiz about the solar system")
    jsonschema.validate(arguments, DISPLAY_QUIZ)
    assert arguments["title"] == "the solar system"
    assert arguments["questions"][0]["question_type"] in ("MULTIPLE_CHOICE", "FREE_RESPONSE")
    assert example_arguments(DISPLAY_QUIZ, "A free response quiz about cells")["questions"][0]["question_type"] == "FREE_RESPONSE"


def test_numbers_dates_and_defaults_go_where_the_prompt_puts_them():
    schema = {
        "type": "object",
        "properties": {"date": {"type": "string", "format": "date"}, "guests": {"type": "integer"}, "hours": {"type": "number"}, "smoking": {"type": "boolean", "default": False}, "note": {"type": "string"}},
        "required": ["date"],
    }
    arguments = example_arguments(schema, "Book for 4 guests on 2025-03-04, 2 hours")
    assert arguments == {"date": "2025-03-04", "guests": 4, "hours": 2, "smoking": False}  # no note: the prompt gives none


def test_the_fallback_speaks_the_prompts_language():
    model = ScriptedModel.from_rules()
    english = model.next_action(Turn("", [{"role": "user", "text": "Tell me about quantum physics", "attachments": []}], []))
    chinese = model.next_action(Turn("你叫瓜瓜。", [{"role": "user", "text": "讲讲量子物理", "attachments": []}], []))
    assert english.text.startswith("(a scripted reply from the offline simulator) I am your assistant.")
    assert not any("\u4e00" <= c <= "\u9fff" for c in english.text)
    assert chinese.text.startswith("(这是离线模拟器的脚本回复") and "我是瓜瓜" in chinese.text


def answer_with_code(prompt: str) -> tuple[str | None, str]:
    """The code the scripted model writes (really run in the sandbox), and its reply from the output."""
    from simulator.sandbox import run_code

    model = ScriptedModel.from_rules()
    turn = Turn("", [{"role": "user", "text": prompt, "attachments": []}], [{"type": "code_interpreter"}])
    action = model.next_action(turn)
    code = None
    if isinstance(action, RunCode):
        code = action.code
        result = asyncio.run(run_code(code, {}))
        turn.results.append(ToolResult("code_interpreter", code=code, output=result.logs))
        action = model.next_action(turn)
    assert isinstance(action, Reply)
    return code, action.text


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Print the first 10 Fibonacci numbers with code", "The first 10 Fibonacci numbers are: 0, 1, 1, 2, 3, 5, 8, 13, 21, 34."),
        ("用代码计算第 30 个斐波那契数", "第 30 个斐波那契数(F(0) = 0)是 832040。"),
        ("用代码计算 1 到 100 的和", "1 到 100 的整数之和是 5050。"),
        ("Use code to compute the sum of the integers from 1 to 100", "The sum of the integers from 1 to 100 is 5050."),
        ("用代码计算 1+2+...+100", "1 到 100 的整数之和是 5050。"),
        ("Use code to add up 3, 5 and 7.5", "The sum of 3, 5, 7.5 is 15.5."),
        ("用代码算 10 的阶乘", "10 的阶乘是 3628800。"),
        ("primes below 20, with code", "There are 8 primes: 2, 3, 5, 7, 11, 13, 17, 19."),
    ],
)
def test_small_programs_are_written_and_really_run(prompt, expected):
    code, text = answer_with_code(prompt)
    assert code is not None and text == expected


@pytest.mark.parametrize("prompt", ["Write code to scrape a website", "用代码画一只猫"])
def test_code_it_cannot_write_gets_an_honest_answer_and_no_code(prompt):
    code, text = answer_with_code(prompt)
    assert code is None and ("scripted model" in text or "脚本模型" in text) and "--model-backend" in text
