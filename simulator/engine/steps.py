"""Run steps and usage: a step opens, streams its deltas, and ends; usage is counted per step and totalled per run.

Usage: each step's when it ends; the run's is the sum of its steps', given once the run ends (null
before, as the spec says). A tool_calls step waiting for outputs keeps what its call cost in a row of
its own until it ends.
"""

from __future__ import annotations

from simulator.engine.statuses import STEP_ERROR_CODES, STEP_STAMPS
from simulator.engine.streams import Streams
from simulator.ids import now
from simulator.store import Store
from simulator.wire import dumps, run_step_object, usage


class Steps:
    def __init__(self, store: Store, streams: Streams) -> None:
        self.store = store
        self.streams = streams

    def publish(self, step: dict, event: str, *, stored: bool = True) -> str:
        """Store a step (unless `stored` is False: then the caller does, later), then tell the run's streams; returns
        the step as encoded."""
        text = dumps(step)  # once, for the store and the streams
        if stored:
            self.store.save(step, text=text)
        self.streams.emit(step["run_id"], event, step, text)
        return text

    def new(self, run: dict, details: dict, *, stored: bool = True) -> dict:
        """A step opens (in_progress); with `stored` False it is only announced, and its caller stores it as it ends."""
        step = run_step_object(run, details)
        text = dumps(step) if stored or self.streams.encodes(run["id"]) else None
        if stored:
            self.store.insert("run_step", step, parent=run["id"], text=text)
        self.streams.emit(run["id"], "thread.run.step.created", step, text)
        self.streams.emit(run["id"], "thread.run.step.in_progress", step, text)
        return step

    def complete(self, step: dict, prompt_tokens: int, completion_tokens: int, *, stored: bool = True) -> str:
        step.update(status="completed", completed_at=now(), usage=usage(prompt_tokens, completion_tokens))
        return self.publish(step, "thread.run.step.completed", stored=stored)

    def delta(self, step: dict, delta_details: dict) -> None:
        self.streams.emit(step["run_id"], "thread.run.step.delta", {"id": step["id"], "object": "thread.run.step.delta", "delta": {"step_details": delta_details}})

    def end_open(self, run: dict, status: str) -> None:
        stamp = STEP_STAMPS[status]
        for step in self.store.all("run_step", parent=run["id"]):
            if step["status"] == "in_progress":
                step.update(status=status, usage=self.take_pending_usage(step), **{stamp: now()})
                if status == "failed":
                    error = run.get("last_error") or {"code": "server_error", "message": "The run failed."}
                    # A step's error code is server_error or rate_limit_exceeded (invalid_prompt is the run's alone).
                    step["last_error"] = {**error, "code": error["code"] if error["code"] in STEP_ERROR_CODES else "server_error"}
                self.publish(step, f"thread.run.step.{status}")

    def pend_usage(self, step: dict, prompt_tokens: int, completion_tokens: int) -> None:
        self.store.insert("pending_usage", {"id": f"usage_{step['id']}", **usage(prompt_tokens, completion_tokens)}, parent=step["id"])

    def take_pending_usage(self, step: dict) -> dict | None:
        pending = self.store.get("pending_usage", f"usage_{step['id']}")
        if pending is None:
            return None
        self.store.delete(pending["id"])
        return usage(pending["prompt_tokens"], pending["completion_tokens"])

    def usage_of(self, run: dict, steps: list[dict] | None = None) -> dict:
        """The run's usage so far (`steps`: its steps, when the caller has just read them)."""
        prompt_tokens = completion_tokens = 0
        for step in steps if steps is not None else self.store.all("run_step", parent=run["id"]):
            spent = step["usage"] or self.store.get("pending_usage", f"usage_{step['id']}") or {}
            prompt_tokens += spent.get("prompt_tokens", 0)
            completion_tokens += spent.get("completion_tokens", 0)
        return usage(prompt_tokens, completion_tokens)
