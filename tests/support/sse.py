"""Reading server-sent events in tests: the simulator's streams as (event, data) pairs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator


def iter_events(lines: Iterable[str]) -> Iterator[tuple[str, object]]:
    """One event at a time, so a test can act in the middle of a stream; data parsed from JSON, `done`'s [DONE] kept."""
    event, data = None, []
    for line in lines:
        if line.startswith("event: "):
            event = line[len("event: "):]
        elif line.startswith("data: "):
            data.append(line[len("data: "):])
        elif line == "" and event is not None:
            text = "\n".join(data)
            yield event, (text if event == "done" else json.loads(text))
            event, data = None, []


def read_events(response) -> list[tuple[str, object]]:
    """Every event of a streamed response."""
    return list(iter_events(response.iter_lines()))


def shape(events) -> list[str]:
    """Event names with each run of repeated deltas folded into one `name…`."""
    names: list[str] = []
    for event, _ in events:
        if event.endswith(".delta"):
            event += "…"
        if not (names and names[-1] == event and event.endswith("…")):
            names.append(event)
    return names
