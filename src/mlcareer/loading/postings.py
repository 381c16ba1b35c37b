"""Postings and CVs from disk or standard input: plain text, Markdown or HTML, checked before reading.

Every refusal says what was wrong and what to do: an empty file, a binary one, one over the size cap,
bytes that are not UTF-8, a folder with no text files in it, HTML with nothing but scripts.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from mlcareer.domain.message import Join, msg
from mlcareer.errors import MlcareerError

MAX_BYTES = 1_000_000  # about 300 pages of text; a posting is a few kilobytes
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr td th dt dd section article header footer table hr pre blockquote".split()  # noqa: SIM905
)
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})


@dataclass(frozen=True, slots=True)
class TextSource:
    """A text to read, as lines, with each line's number in the file it came from."""

    name: str
    lines: tuple[str, ...]
    numbers: tuple[int, ...]
    scripts_dropped: int = 0


class _TextOfHtml(HTMLParser):
    """The readable text of an HTML page, one line per block, each with the source line it starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []
        self._parts: list[str] = []
        self._start: int | None = None
        self._skipping = 0
        self.scripts = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._parts).split())
        if text and self._start is not None:
            self.lines.append((self._start, text))
        self._parts = []
        self._start = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
            self.scripts += tag == "script"
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag == "li":
                self._parts.append("- ")
            elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self._parts.append("## ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag in ("ul", "ol", "table", "section", "article"):
                self.lines.append((self.getpos()[0], ""))

    def handle_data(self, data: str) -> None:
        if self._skipping or not data.strip():
            if data and not self._skipping and self._parts:
                self._parts.append(" ")
            return
        if self._start is None:
            leading = data[: len(data) - len(data.lstrip())]
            self._start = self.getpos()[0] + leading.count("\n")
        self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _is_html(name: str, text: str) -> bool:
    if name.lower().endswith((".html", ".htm")):
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def text_source(name: str, data: bytes) -> TextSource:
    """Check raw bytes and turn them into lines to read."""
    if len(data) > MAX_BYTES:
        raise MlcareerError(
            msg(
                "{name} is too large (the limit is {MAX_BYTES:,} bytes). Save just the posting or CV and pass that.",
                name=name,
                MAX_BYTES=MAX_BYTES,
            )
        )
    if data.startswith((b"%PDF", b"PK\x03\x04")) or b"\x00" in data[:8192]:
        raise MlcareerError(
            msg(
                "{name} looks like a binary file (a PDF, a Word file…), not text. Copy its text "
                "into a .txt, .md or .html file and pass that.",
                name=name,
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MlcareerError(
            msg(
                "{name} is not UTF-8 text (byte {start}). Save it again as UTF-8 in your editor.",
                name=name,
                start=exc.start,
            )
        ) from None
    if not text.strip():
        raise MlcareerError(msg("{name} is empty: there is nothing to read.", name=name))
    if _is_html(name, text):
        parser = _TextOfHtml()
        parser.feed(text)
        parser.close()
        pairs = parser.lines
        if not any(line.strip() for _, line in pairs):
            raise MlcareerError(
                msg(
                    "The HTML in {name} has no readable text (scripts and styles are not read). "
                    "Select the text in your browser and save it as plain text.",
                    name=name,
                )
            )
        return TextSource(name, tuple(t for _, t in pairs), tuple(n for n, _ in pairs), parser.scripts)
    lines = tuple(text.splitlines())
    return TextSource(name, lines, tuple(range(1, len(lines) + 1)))


def read_source(arg: str) -> TextSource:
    """One posting or CV: a regular file (never a FIFO or a device), or standard input for "-"."""
    from mlcareer.loading.inputs import expand_user_path, open_regular, stdin_stream

    if arg == "-":
        return text_source("<stdin>", _read_at_most(stdin_stream(), "<stdin>"))
    path = expand_user_path(arg)
    with open_regular(
        path,
        missing=msg("{path} not found. Check the path.", path=arg),
        pipe_hint=True,
    ) as handle:
        return text_source(str(path), _read_at_most(handle, str(path)))


def _read_at_most(stream: BinaryIO, name: str) -> bytes:
    """Up to one byte past the cap: enough for text_source to say the file is too large."""
    try:
        return stream.read(MAX_BYTES + 1)
    except OSError as exc:
        from mlcareer.loading.inputs import os_reason

        raise MlcareerError(msg("Cannot read {name}: {strerror}", name=name, strerror=os_reason(exc))) from None


def posting_files(args: list[str]) -> list[str]:
    """The files to read: each argument, or the text files in a folder (sorted, not recursive)."""
    from mlcareer.loading.inputs import expand_user_path

    out: list[str] = []
    for arg in args:
        path = expand_user_path(arg) if arg != "-" else Path("-")
        if arg != "-" and path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                raise MlcareerError(
                    msg(
                        "The folder {folder} holds no text files to read ({suffixes}).",
                        folder=arg,
                        suffixes=Join(tuple(SUFFIXES)),
                    )
                )
            out.extend(str(p) for p in found)
        else:
            out.append(arg)
    return out
