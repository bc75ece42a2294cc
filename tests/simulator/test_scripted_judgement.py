"""The scripted model's judgement where outside code meets it: the asker's language, tools chosen by meaning, hand-offs, arguments a caller reads."""

from __future__ import annotations

import json
import re

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")
REAL_MODEL = ("--model-backend openai-compatible", "SIMULATOR_MODEL_BACKEND")


def function(name: str, description: str | None = None, properties: dict | None = None, required: tuple = (), *, responses: bool = False) -> dict:
    """A function tool as the Assistants API (nested) or the Responses API (flat) takes it."""
    spec = {"name": name, "parameters": {"type": "object", "properties": properties or {}, "required": list(required)}}
    if description is not None:
        spec["description"] = description
    return {"type": "function", **spec, "strict": False} if responses else {"type": "function", "function": spec}


def calls(response) -> list:
    return [item for item in response.output if item.type == "function_call"]


def run_calls(run) -> list:
    return run.required_action.submit_tool_outputs.tool_calls if run.status == "requires_action" else []


def ask_assistant(client, tools: list[dict], messages: list[dict], **assistant_options):
    assistant = client.beta.assistants.create(model="gpt-4o", tools=tools, **assistant_options)
    thread = client.beta.threads.create(messages=messages)
    return client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)


def last_reply(client, run) -> str:
    return client.beta.threads.messages.list(thread_id=run.thread_id, run_id=run.id).data[0].content[0].text.value


# OpenAI's function calling guide: the temperature and rain functions.
LOCATION = {"type": "string", "description": "The city and state, e.g., San Francisco, CA"}
TEMPERATURE = ("get_current_temperature", "Get the current temperature for a specific location", {"location": LOCATION, "unit": {"type": "string", "enum": ["Celsius", "Fahrenheit"]}}, ("location", "unit"))
RAIN = ("get_rain_probability", "Get the probability of rain for a specific location", {"location": LOCATION}, ("location",))
WEATHER_EN = ("get_weather", "Get the current weather for a city", {"city": {"type": "string"}}, ("city",))
WEATHER_ZH = ("get_weather", "查询一个城市今天的天气", {"city": {"type": "string", "description": "城市名,如 北京"}}, ("city",))


# -- 1. the reply's language ------------------------------------------------------------------------


def test_a_conversation_is_answered_in_the_language_of_its_latest_message(client):
    hello = client.responses.create(model="gpt-4o", input="Hello")
    who = client.responses.create(model="gpt-4o", input="Who are you?", previous_response_id=hello.id)
    chinese = client.responses.create(model="gpt-4o", input="你是谁?", previous_response_id=who.id)
    assert hello.output_text.startswith("Hello!") and not CJK.search(hello.output_text)
    assert who.output_text.startswith("I am") and not CJK.search(who.output_text)
    assert chinese.output_text == "我是助手。有什么可以帮您?"  # the course's reply, unchanged


def test_an_assistant_run_answers_english_in_english_and_chinese_in_chinese(client):
    run = ask_assistant(client, [], [{"role": "user", "content": "你好"}, {"role": "assistant", "content": "你好!"}, {"role": "user", "content": "What can you do?"}], name="Helper")
    assert last_reply(client, run).startswith("I am Helper.") and not CJK.search(last_reply(client, run))
    run = ask_assistant(client, [], [{"role": "user", "content": "Hello"}, {"role": "assistant", "content": "Hi!"}, {"role": "user", "content": "你都能做什么?"}], name="小U")
    assert last_reply(client, run).startswith("我是小U,可以回答您的问题")


@pytest.mark.parametrize(
    ("instructions", "question", "chinese"),
    [
        ("用英文回答。", "你是谁?", False),
        ("Always answer in Chinese.", "Tell me about quantum physics", True),
        ("Always reply in English, whatever the user writes.", "讲讲量子物理", False),
    ],
)
def test_instructions_that_ask_for_a_language_win(client, instructions, question, chinese):
    text = client.responses.create(model="gpt-4o", instructions=instructions, input=question).output_text
    assert bool(CJK.search(text)) is chinese, text


@pytest.mark.parametrize(
    ("question", "opening"),
    [("Tell me about quantum physics", "(a scripted reply from the offline simulator) I am your assistant."), ("讲讲量子物理", "(这是离线模拟器的脚本回复")],
)
def test_an_off_script_answer_says_it_is_scripted_and_how_to_put_a_real_model_behind_it(client, question, opening):
    text = client.responses.create(model="gpt-4o", input=question).output_text
    assert text.startswith(opening)
    assert all(words in text for words in REAL_MODEL), text
    assert (CJK.search(text.split(")", 1)[1]) is None) is (not CJK.search(question))


@pytest.mark.parametrize(
    ("instructions", "question", "summary"),
    [("Always answer in Chinese.", "What's the weather in Paris?", "我调用了 get_weather"), ("Reply in English.", "巴黎今天天气怎么样?", "I called get_weather")],
)
def test_a_summary_of_tool_results_follows_the_requested_language(client, instructions, question, summary):
    tools = [function(*WEATHER_EN, responses=True)]
    first = client.responses.create(model="gpt-4o", instructions=instructions, input=question, tools=tools)
    [call] = calls(first)
    outputs = [{"type": "function_call_output", "call_id": call.call_id, "output": "sunny, 25°C"}]
    answer = client.responses.create(model="gpt-4o", instructions=instructions, input=outputs, tools=tools, previous_response_id=first.id)
    assert answer.output_text.startswith(summary) and "sunny, 25°C" in answer.output_text


# -- 2. which tool, by meaning --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tool", "question", "name", "arguments"),
    [
        (TEMPERATURE, "What's the weather in San Francisco today?", "get_current_temperature", {"location": "San Francisco", "unit": "Celsius"}),
        (TEMPERATURE, "旧金山今天天气怎么样?", "get_current_temperature", {"location": "旧金山", "unit": "Celsius"}),
        (WEATHER_EN, "北京今天天气怎么样?", "get_weather", {"city": "北京"}),  # lesson 07.3's question, a learner's English description
        (WEATHER_EN, "上海的气温是多少?", "get_weather", {"city": "上海"}),
        (("get_temperature", "查询一个城市现在的气温", {"city": {"type": "string", "description": "城市名"}}, ("city",)), "Is it cold in Paris today?", "get_temperature", {"city": "Paris"}),
        (("query", None, {"sql": {"type": "string"}}, ("sql",)), "How many customers are in the database?", "query", None),
        (("query", None, {"sql": {"type": "string"}}, ("sql",)), "数据库里有多少个客户?", "query", None),
    ],
)
def test_a_function_that_means_what_the_question_asks_is_called(client, tool, question, name, arguments):
    run = ask_assistant(client, [function(*tool)], [{"role": "user", "content": question}])
    [call] = run_calls(run)
    assert call.function.name == name
    if arguments is not None:
        assert json.loads(call.function.arguments) == arguments


def test_a_function_close_in_meaning_is_called_though_no_word_is_shared(client):
    tools = [function("find_book", "Suggest books a reader may enjoy", {"genre": {"type": "string"}}, responses=True), function("convert_currency", "Convert an amount of money from one currency to another", {"amount": {"type": "number"}}, ("amount",), responses=True)]
    for question, name in [("Recommend a good novel to read", "find_book"), ("100美元能换多少欧元?", "convert_currency"), ("What is the capital of France?", None)]:
        response = client.responses.create(model="gpt-4o", input=question, tools=tools)
        assert [c.name for c in calls(response)] == ([name] if name else []), question
    assert json.loads(calls(client.responses.create(model="gpt-4o", input="100美元能换多少欧元?", tools=tools))[0].arguments) == {"amount": 100}


def test_a_question_that_asks_two_things_calls_both_functions(client):
    tools = [function(*TEMPERATURE, responses=True), function(*RAIN, responses=True)]
    response = client.responses.create(model="gpt-4o", input="What's the weather in San Francisco today and the likelihood it'll rain?", tools=tools)
    assert [(c.name, json.loads(c.arguments)["location"]) for c in calls(response)] == [("get_current_temperature", "San Francisco"), ("get_rain_probability", "San Francisco")]


def test_a_question_no_function_means_gets_text_in_its_language(client):
    tools = [function(*TEMPERATURE, responses=True), function(*WEATHER_ZH, responses=True)]
    for question, opening in [("Who are you?", "I am your assistant"), ("What is the capital of France?", "(a scripted reply from the offline simulator)"), ("你是谁?", "我是助手"), ("查询一下我的订单", "(这是离线模拟器的脚本回复")]:
        response = client.responses.create(model="gpt-4o", input=question, tools=tools)
        assert not calls(response), question
        assert response.output_text.startswith(opening), response.output_text
        assert bool(CJK.search(response.output_text.split(")", 1)[-1])) is bool(CJK.search(question))
        if opening.startswith("("):
            assert all(words in response.output_text for words in REAL_MODEL)


@pytest.mark.parametrize(
    ("instructions", "greeting", "summary"),
    [
        ("First call the `how_many_jokes` tool, then tell that many jokes.", "Hello", "I called how_many_jokes({}) and it returned: 3"),
        ("先调用 how_many_jokes 工具,再讲那么多个笑话。", "你好", "我调用了 how_many_jokes({}),它返回:3"),
    ],
)
def test_a_tool_the_instructions_say_to_call_first_is_called_first(client, instructions, greeting, summary):
    tools = [function("how_many_jokes", responses=True)]
    first = client.responses.create(model="gpt-4o", instructions=instructions, input=greeting, tools=tools)
    [call] = calls(first)
    assert call.name == "how_many_jokes"
    outputs = [{"type": "function_call_output", "call_id": call.call_id, "output": "3"}]
    answer = client.responses.create(model="gpt-4o", instructions=instructions, input=outputs, tools=tools, previous_response_id=first.id)
    assert not calls(answer) and answer.output_text.startswith(summary)


# -- hand-offs, as the Agents SDK declares them ---------------------------------------------------------


def handoff(agent: str, *, responses: bool) -> dict:
    """The Agents SDK's hand-off tool: transfer_to_<agent>, its default description, no parameters, strict."""
    spec = {"name": f"transfer_to_{agent}", "description": f"Handoff to the {agent} agent to handle the request. ", "parameters": {"type": "object", "properties": {}, "required": [], "additionalProperties": False}, "strict": True}
    return {"type": "function", **spec} if responses else {"type": "function", "function": spec}


TRIAGE = "Handoff to the appropriate agent based on the language of the request."
AGENTS = ["spanish_agent", "french_agent", "english_agent", "chinese_agent"]  # the Agents SDK's routing example, and a Chinese agent
ROUTES = [
    ("Hola, ¿cómo estás? Necesito ayuda con mi pedido.", "transfer_to_spanish_agent"),
    ("Bonjour, j'ai besoin d'aide avec ma commande.", "transfer_to_french_agent"),
    ("Hello, how do I say good evening in French?", "transfer_to_english_agent"),
    ("你好,我想查一下我的订单。", "transfer_to_chinese_agent"),
]


@pytest.mark.parametrize(("message", "handoff_name"), ROUTES)
def test_a_triage_response_hands_off_to_the_agent_of_the_messages_language(client, message, handoff_name):
    tools = [handoff(agent, responses=True) for agent in AGENTS]
    routed = client.responses.create(model="gpt-4o", instructions=TRIAGE, input=[{"role": "user", "content": message}], tools=tools)
    assert [(c.name, json.loads(c.arguments)) for c in calls(routed)] == [(handoff_name, {})]
    # The SDK then runs the chosen agent on the same history: it answers in the message's language.
    [call] = calls(routed)
    history = [{"role": "user", "content": message}, *(item.model_dump(exclude_none=True) for item in routed.output)]
    history.append({"type": "function_call_output", "call_id": call.call_id, "output": json.dumps({"assistant": handoff_name.removeprefix("transfer_to_")})})
    answer = client.responses.create(model="gpt-4o", instructions="You are a helpful agent.", input=history)
    assert answer.output_text and bool(CJK.search(answer.output_text.split(")", 1)[-1])) is bool(CJK.search(message))


@pytest.mark.parametrize(("message", "handoff_name"), ROUTES)
def test_a_triage_run_over_chat_messages_hands_off_by_the_latest_messages_language(client, message, handoff_name):
    tools = [handoff(agent, responses=False) for agent in AGENTS]
    opening = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello! How can I help?"}] if CJK.search(message) else [{"role": "user", "content": "你好"}, {"role": "assistant", "content": "你好!"}]
    run = ask_assistant(client, tools, [*opening, {"role": "user", "content": message}], instructions=TRIAGE)
    assert [c.function.name for c in run_calls(run)] == [handoff_name]


# -- 3. arguments a caller will read ---------------------------------------------------------------

# OpenAI Cookbook, "Assistants API overview": the quiz function, verbatim.
DISPLAY_QUIZ = {
    "name": "display_quiz",
    "description": "Displays a quiz to the student, and returns the student's response. A single quiz can have multiple questions.",
    "parameters": {
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "questions": {
                "type": "array",
                "description": "An array of questions, each with a title and potentially options (if multiple choice).",
                "items": {
                    "type": "object",
                    "properties": {
                        "question_text": {"type": "string"},
                        "question_type": {"type": "string", "enum": ["MULTIPLE_CHOICE", "FREE_RESPONSE"]},
                        "choices": {"type": "array", "items": {"type": "string"}},
                    },
                    "required": ["question_text"],
                },
            },
        },
        "required": ["title", "questions"],
    },
}


def display_quiz(title, questions):
    """The Cookbook's own code, reduced to what it reads: it fails with KeyError on a multiple-choice question without choices."""
    responses = []
    for q in questions:
        if q["question_type"] == "MULTIPLE_CHOICE":
            responses.append(q["choices"][0])
        elif q["question_type"] == "FREE_RESPONSE":
            responses.append("I don't know.")
    return responses


@pytest.mark.parametrize(
    ("question", "count"),
    [("Make a quiz with 2 questions: One open ended, one multiple choice. Then, give me feedback for the responses.", 2), ("出一个有2道题的小测验,考考我太阳系的知识。", 1)],
)
def test_the_cookbook_quiz_gets_arguments_its_own_code_can_read(client, question, count):
    run = ask_assistant(client, [{"type": "function", "function": DISPLAY_QUIZ}], [{"role": "user", "content": question}], instructions="You are a personal math tutor. Answer questions briefly, in a sentence or less.")
    [call] = run_calls(run)
    assert call.function.name == "display_quiz"
    arguments = json.loads(call.function.arguments)
    assert len(arguments["questions"]) >= count
    assert all("choices" in q and len(q["choices"]) >= 2 for q in arguments["questions"] if q.get("question_type") == "MULTIPLE_CHOICE")
    assert any(q.get("question_type") == "MULTIPLE_CHOICE" for q in arguments["questions"])
    answers = display_quiz(**arguments)
    run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=run.thread_id, run_id=run.id, tool_outputs=[{"tool_call_id": call.id, "output": json.dumps(answers)}])
    assert run.status == "completed" and bool(CJK.search(last_reply(client, run))) is bool(CJK.search(question))
