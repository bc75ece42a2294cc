"""The scripted model: deterministic behaviour read from the JSON files in rules/ beside this module.

Each rule matches the learner's latest message (a regular expression) and says what to do:
`reply` with text (one text, or {"zh": ..., "en": ...} for the reply's language: language.py), run `code` (one, or one per
language) and then reply from its output, or `fail` (to show a failed or expired run for real). Rules come after the
skills (functions, code, search), except a rule with `"first": true`: a follow-up a skill would take for a new question.
Replies are templates: `{name}` is the assistant's name from its instructions, `{output}` what the code printed,
`{seen}` and `{earliest}` how much of the thread the model was shown, and every named group of the pattern is there too.
A prompt no rule knows gets an honest fallback that says where it comes from and how to put a real model behind the
simulator.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from simulator.model import Action, Fail, Reply, RunCode, Turn, response_format_of, schema_accepts
from simulator.model.scripted.code import plan_code
from simulator.model.scripted.functions import FunctionBook, example_arguments, plan_functions
from simulator.model.scripted.language import in_language, reply_language
from simulator.model.scripted.search import plan_search
from simulator.model.scripted.templates import fill

RULES_DIR = Path(__file__).with_name("rules")

_NAME_PATTERNS = (re.compile(r"你叫\s*([^\s,,。.;;]+)"), re.compile(r"[Yy]our name is\s+([^\s,.;]+)"), re.compile(r"[Yy]ou are\s+([A-Z][\w-]*)"))


@dataclass
class Rule:
    name: str
    pattern: re.Pattern
    reply: str | dict | None = None
    code: str | dict | None = None
    then: str | dict | None = None  # the reply after the code ran
    fail: dict | None = None
    needs_tool: str | None = None  # only when the run has this tool (e.g. code_interpreter)
    first: bool = False  # tried before the skills


class ScriptedModel:
    def __init__(self, rules: list[Rule], fallback: str | dict, book: FunctionBook | None = None) -> None:
        self.rules = rules
        self.fallback = fallback
        self.book = book or FunctionBook()

    @classmethod
    def from_rules(cls, rules_dir: Path = RULES_DIR) -> ScriptedModel:
        """Every *.json in rules_dir: `rules` and a `fallback` (conversation, runs), `skills` (functions)."""
        rules: list[Rule] = []
        book = FunctionBook()
        fallback = "(offline simulator) I am a scripted stand-in for a model and have no answer for that message."
        for path in sorted(Path(rules_dir).glob("*.json")):
            document = json.loads(path.read_text(encoding="utf-8"))
            if "skills" in document:
                book = FunctionBook.from_document(document)
            fallback = document.get("fallback", fallback)
            for raw in document.get("rules", []):
                rules.append(
                    Rule(
                        name=raw["name"],
                        pattern=re.compile(raw["match"], re.IGNORECASE),
                        reply=raw.get("reply"),
                        code=raw.get("code"),
                        then=raw.get("then"),
                        fail=raw.get("fail"),
                        needs_tool=raw.get("needs_tool"),
                        first=bool(raw.get("first", False)),
                    )
                )
        return cls(rules, fallback, book)

    def next_action(self, turn: Turn) -> Action:
        action = self._plan(turn)
        return Reply(formatted(action.text, turn)) if isinstance(action, Reply) else action

    def _plan(self, turn: Turn) -> Action:
        # The rules marked first, the skills (each returns None when the turn is not for it), the other rules, the fallback.
        action = self._by_rules(turn, first=True) or plan_functions(turn, self.book) or plan_code(turn) or plan_search(turn) or self._by_rules(turn, first=False)
        if action is not None:
            return action
        text, language = turn.last_user_text, reply_language(turn)
        name = assistant_name(turn, "助手" if language == "zh" else "your assistant")
        return Reply(fill(in_language(self.fallback, language), {"name": name, "prompt": text}))

    def _by_rules(self, turn: Turn, *, first: bool) -> Action | None:
        text, language = turn.last_user_text, reply_language(turn)
        name = assistant_name(turn, "助手" if language == "zh" else "your assistant")
        for rule in self.rules:
            if rule.first != first:
                continue
            found = rule.pattern.search(text)
            if not found or (rule.needs_tool and not turn.has_tool(rule.needs_tool)):
                continue
            values = {"name": name, "prompt": text, **history(turn), **{k: v for k, v in found.groupdict().items() if v is not None}}
            if rule.fail:
                return Fail(status=rule.fail.get("status", "failed"), code=rule.fail.get("code", "server_error"), message=rule.fail.get("message", ""), after_seconds=rule.fail.get("after_seconds", 0))
            if rule.code:
                done = [r for r in turn.results if r.type == "code_interpreter"]
                if not done:
                    return RunCode(fill(in_language(rule.code, language), values))
                return Reply(fill(in_language(rule.then or "{output}", language), {**values, "output": done[-1].output.strip()}))
            return Reply(fill(in_language(rule.reply or "", language), values))
        return None


def formatted(text: str, turn: Turn) -> str:
    """A reply that honours a requested JSON schema, as a model under structured outputs writes it: valid against
    the schema, with values taken from the prompt where they are there. (JSON object mode is the engine's.)"""
    fmt = response_format_of(turn)
    if fmt is None or fmt["type"] != "json_schema":
        return text
    schema = (fmt.get("json_schema") or {}).get("schema") or {"type": "object"}
    with contextlib.suppress(ValueError):
        if schema_accepts(schema, json.loads(text)):
            return text
    return json.dumps(example_arguments(schema, turn.last_user_text, strict=True), ensure_ascii=False)


def assistant_name(turn: Turn, default: str = "助手") -> str:
    for pattern in _NAME_PATTERNS:
        found = pattern.search(turn.instructions or "")
        if found:
            return found.group(1)
    return turn.assistant_name or default


def history(turn: Turn) -> dict:
    """What the model saw of the thread: `{seen}` messages, the `{earliest}` of them (after truncation)."""
    return {"seen": len(turn.messages), "earliest": turn.messages[0]["text"] if turn.messages else ""}
