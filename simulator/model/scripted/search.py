"""The scripted model's file_search: search the run's vector stores with the question, then answer from the best chunks.

The answer quotes the best sentence of the best results, each followed by a 【n:m†source】 marker (n: the
search among this run's tool results, m: the result), in the question's language. When nothing relevant
came back, it says so, unless a conversation rule knows the prompt (a greeting, say): then that rule answers.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

from simulator.model import Reply, SearchFiles, Turn
from simulator.model.scripted.language import reply_language

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]|[0-9]+[A-Za-z0-9.]*")
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<!e\.g\.)(?<!i\.e\.)(?<=[.;])\s+(?=[A-Z`\"(])|\n+")
_STOP_EN = frozenset(
    "a an and are as at be by can do does did for from how i if in is it its my of on or should the this that to "
    "what when where which who why with you your we our there their them they get set use used using about into".split()
)
_STOP_ZH = re.compile("请问|为什么|怎么样|怎么办|怎么|怎样|如何|什么|哪些|哪个|哪里|是否|可以|需要|应该|我们|你们|一个|这个|那个|的|了|吗|呢|吧|是|在|和|与|及|或|我|你|要|把|被|有|时|后|会|？|，")
MIN_SCORE = 0.2  # below this, the best result is taken as no answer at all
MAX_QUOTES = 2


def plan_search(turn: Turn) -> SearchFiles | Reply | None:
    """Search first; once results are back, answer from them (None: let the rules answer)."""
    if not turn.has_tool("file_search") or not turn.vector_store_ids or turn.tool_choice == "none":
        return None
    if isinstance(turn.tool_choice, dict) and turn.tool_choice.get("type") not in (None, "file_search"):
        return None
    question = turn.last_user_text.strip()
    searches = [(n, r) for n, r in enumerate(turn.results) if r.type == "file_search"]
    if not searches:
        return SearchFiles(question) if question else None
    n, result = searches[-1]
    try:
        hits = json.loads(result.output or "[]")
    except ValueError:
        hits = []
    return answer(question, n, hits, reply_language(turn))


def terms(text: str) -> set[str]:
    """What a question asks about: English words (no stopwords), and Chinese bigrams once its function words are out."""
    found = {_stem(w.lower()) for w in _WORD.findall(text) if w.lower() not in _STOP_EN}
    for run in _CJK_RUN.findall(_STOP_ZH.sub(" ", text)):
        if len(run) == 1:
            found.add(run)
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    return found


def _stem(word: str) -> str:
    """expired -> expir, holding -> hold: enough for a quote to find 'expire-minutes' from 'expired'."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def units(text: str) -> list[str]:
    """What may be quoted: paragraphs (wrapped lines joined, list items and table rows apart), long ones cut into sentences."""
    paragraphs: list[str] = []
    fence = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("```"):
            fence = not fence
            continue
        if fence or not line or line.startswith("#") or set(line) <= set("|-: ="):  # headings name, they do not answer
            if line and set(line) <= set("-=") and paragraphs:
                paragraphs[-1] = ""  # the line above was a heading underlined
            paragraphs.append("")
            continue
        starts_item = bool(re.match(r"^([#>*|-]|\d+[.)、]|Q\d+)", line))
        if paragraphs and paragraphs[-1] and not starts_item and not re.search(r"[。！？.!?:：]$", paragraphs[-1]):
            paragraphs[-1] += ("" if _CJK.search(paragraphs[-1][-1:]) else " ") + line
        else:
            paragraphs.append(line)
    out = []
    for paragraph in paragraphs:
        paragraph = re.sub(r"\s*\|\s*", " ", re.sub(r"^[#>*\-\s]+|^\d+[.)、]\s*", "", paragraph)).strip()
        if len(paragraph) < 6 or paragraph.endswith(("：", ":")) and len(paragraph) < 40:
            continue
        if len(paragraph) <= 200:
            out.append(paragraph)
            continue
        out += [piece.strip()[:240] for piece in _SENTENCE_END.split(paragraph) if piece and len(piece.strip()) >= 6]
    return out


def best_sentence(question_terms: set[str], text: str) -> tuple[int, str]:
    """The unit of `text` that covers most of the question's terms (ties: the shorter)."""
    best = (0, "")
    found = units(text)
    for i, unit in enumerate(found):
        folded = unit.lower()
        score = sum(2 if len(term) > 3 else 1 for term in question_terms if term in folded)
        if score > best[0] or (score == best[0] and score and len(unit) < len(best[1])):
            # A question in a FAQ matches best; its answer is what follows it.
            quoted = unit + " " + found[i + 1] if (re.match(r"^Q\d+\.", unit) or unit.endswith(("?", "？"))) and i + 1 < len(found) else unit
            best = (score, quoted)
    return best


def answer(question: str, n: int, hits: list[dict], language: str = "") -> Reply | None:
    chinese = language == "zh" if language else bool(_CJK.search(question))
    wanted = terms(question)
    quotes: list[tuple[int, str, str]] = []  # (m, file name, sentence)
    first = 0
    for m, hit in enumerate(hits[:5]):
        if hit.get("score", 0) < MIN_SCORE or len(quotes) >= MAX_QUOTES:
            break
        if quotes and hit.get("score", 0) < 0.9 * hits[0].get("score", 0):
            break  # a second quote only from a result nearly as good as the first
        score, sentence = best_sentence(wanted, hit.get("text", ""))
        if quotes and score < max(3, 0.8 * first):
            continue
        if score and all(sentence != q[2] for q in quotes):
            quotes.append((m, hit.get("file_name", ""), sentence))
            first = first or score
    if not quotes:
        if hits:
            return None  # nothing relevant: a rule (or the fallback) answers instead
        return Reply("我在文件中没有找到相关内容。" if chinese else "I could not find anything about that in the files.")
    lines = []
    for i, (m, name, sentence) in enumerate(quotes):
        title = PurePosixPath(name).stem
        if chinese:
            lead = f"根据《{title}》：" if i == 0 else f"另外，《{title}》中提到："
            lines.append(f"{lead}“{sentence}”【{n}:{m}†source】")
        else:
            lead = f"According to {title}: " if i == 0 else f"Also, {title} says: "
            lines.append(f"{lead}“{sentence}”【{n}:{m}†source】")
    return Reply("\n\n".join(lines))
