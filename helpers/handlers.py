"""Streaming event handlers for the lessons, built on the SDK's AssistantEventHandler as the seed lesson does.

- EventHandler prints the reply as it arrives ("assistant > " then each text delta).
- ToolEventHandler also prints tool calls: their type, the code interpreter's input as it is typed, its logs.
- FunctionCallingEventHandler(client, functions) also answers `requires_action`: it calls your Python
  functions with the model's arguments and streams the rest of the run after submitting their outputs.

Each handler writes through one method, `write`, so a widget (helpers.chat) can show the same stream.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from openai import AssistantEventHandler
from typing_extensions import override


class EventHandler(AssistantEventHandler):
    """The seed's handler: prints the assistant's reply token by token."""

    def write(self, text: str) -> None:
        """Where the stream goes: stdout here; a chat widget overrides it."""
        print(text, end="", flush=True)

    @override
    def on_text_created(self, text) -> None:
        """响应输出创建事件"""
        self.write("\nassistant > ")

    @override
    def on_text_delta(self, delta, snapshot) -> None:
        """响应输出生成的流片段"""
        self.write(delta.value or "")


class ToolEventHandler(EventHandler):
    """The seed's handler from 使用 Tools: also shows tool calls and the code interpreter's input and logs."""

    @override
    def on_tool_call_created(self, tool_call) -> None:
        """响应工具调用"""
        self.write(f"\nassistant > {tool_call.type}\n\n")

    @override
    def on_tool_call_delta(self, delta, snapshot) -> None:
        """响应工具调用的流片段"""
        if delta.type == "code_interpreter" and delta.code_interpreter is not None:
            if delta.code_interpreter.input:
                self.write(delta.code_interpreter.input)
            if delta.code_interpreter.outputs:
                self.write("\n\noutput >\n")
                for output in delta.code_interpreter.outputs:
                    if output.type == "logs":
                        self.write(f"\n{output.logs}\n")


class FunctionCallingEventHandler(ToolEventHandler):
    """Runs the functions a run asks for and streams the run on after their outputs are submitted.

    The seed used globals (`client`, `available_functions`); here they are given to the constructor:

        handler = FunctionCallingEventHandler(client, {"ask_database": ask_database})
    """

    def __init__(self, client, functions: dict[str, Callable[..., object]]) -> None:
        super().__init__()
        self.client = client
        self.functions = functions

    @override
    def on_event(self, event) -> None:
        """响应 'requires_action' 事件"""
        if event.event == "thread.run.requires_action":
            run_id = event.data.id  # 获取 run ID
            self.handle_requires_action(event.data, run_id)

    def handle_requires_action(self, data, run_id: str) -> None:
        tool_outputs = []
        for tool in data.required_action.submit_tool_outputs.tool_calls:
            arguments = json.loads(tool.function.arguments or "{}")
            self.write(f"{tool.function.name}({arguments})\n")
            tool_outputs.append({"tool_call_id": tool.id, "output": self.call(tool.function.name, arguments)})
        # 提交 function 的结果,并继续运行 run
        self.submit_tool_outputs(tool_outputs, run_id)

    def call(self, name: str, arguments: dict) -> str:
        """One function's output as the string the API expects; an error goes back to the model as text."""
        function = self.functions.get(name)
        if function is None:
            return json.dumps({"error": f"no function named {name!r}"})
        try:
            result = function(**arguments)
        except Exception as error:  # the model sees what went wrong and can answer accordingly
            return json.dumps({"error": f"{type(error).__name__}: {error}"}, ensure_ascii=False)
        return result if isinstance(result, str) else json.dumps(result, ensure_ascii=False, default=str)

    def submit_tool_outputs(self, tool_outputs: list[dict], run_id: str) -> None:
        """提交function结果,并继续流"""
        with self.client.beta.threads.runs.submit_tool_outputs_stream(
            thread_id=self.current_run.thread_id,
            run_id=run_id,
            tool_outputs=tool_outputs,
            event_handler=self.follow_up(),
        ) as stream:
            stream.until_done()

    def follow_up(self) -> FunctionCallingEventHandler:
        """A fresh handler for the rest of the run (an SDK handler streams only once)."""
        return type(self)(self.client, self.functions)
