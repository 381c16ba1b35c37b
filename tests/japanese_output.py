"""Checks on Japanese output as a reader sees it: kinsoku, phrase breaks, English left behind.

Kept apart from the code that lays lines out (mlcareer.render.terminal.linebreak), so the checks judge it rather
than repeat it: the character classes follow JIS X 4051, the phrases are BudouX's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import budoux
from rich import text as rich_text
from rich.cells import cell_len

# JIS X 4051: closing brackets, punctuation, small kana, the long vowel mark, the middle dot and
# ellipses never begin a line; opening brackets never end one.
CANNOT_START = set("、。，．）」』】〕〉》〙〗ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・…‥！？：；々")
CANNOT_END = set("（「『【〔〈《〘〖")
_BOX = re.compile(r"[│┃║╭╮╰╯─━┏┓┗┛┡┩╇┬┴┼├┤]")
_JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")

_parser = budoux.load_default_japanese_parser()


def segments(line: str) -> list[str]:
    """The pieces of one terminal line that belong to different cells or borders."""
    return [piece.strip() for piece in re.split(r"\s{2,}|" + _BOX.pattern, line) if piece.strip()]


def kinsoku_violations(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        for piece in segments(line):
            if piece[0] in CANNOT_START:
                found.append(f"starts with {piece[0]}: {line.strip()}")
            if piece[-1] in CANNOT_END:
                found.append(f"ends with {piece[-1]}: {line.strip()}")
    return found


def _latin(char: str) -> bool:
    return not char.isspace() and _JAPANESE.match(char) is None and char not in "→←…—•·"


def phrase_break_violations(text: str, width: int, offsets: list[int]) -> list[str]:
    """Breaks inside a BudouX phrase (or inside a Latin word) that a line could have held whole.
    A break after spaces is always fine, and so is one after a middle dot (JIS X 4051)."""
    if not _JAPANESE.search(text):
        return []
    spans = []
    start = 0
    for phrase in _parser.parse(text):
        spans.append((start, start + len(phrase)))
        start += len(phrase)
    found = []
    for offset in offsets:
        left, right = text[offset - 1], text[offset]
        if left.isspace() or right.isspace() or left == "・":
            continue
        inside_word = _latin(left) and _latin(right)
        phrase = next((text[a:b] for a, b in spans if a < offset < b), None)
        if phrase is None and not inside_word:
            continue
        if inside_word:
            word_start = offset
            while word_start > 0 and _latin(text[word_start - 1]):
                word_start -= 1
            word_end = offset
            while word_end < len(text) and _latin(text[word_end]):
                word_end += 1
            phrase = text[word_start:word_end]
        assert phrase is not None
        # With the closing marks after it and the opening ones before it (which may not be
        # parted from it), the phrase may be wider than the line: then it has to be broken.
        at = text.find(phrase, max(0, offset - len(phrase)))
        before, after = at, at + len(phrase)
        while before > 0 and text[before - 1] in CANNOT_END:
            before -= 1
        while after < len(text) and text[after] in CANNOT_START:
            after += 1
        if cell_len(text[before:after].strip()) <= width:
            found.append(f"{text[:offset][-12:]}|{text[offset:][:12]}  (phrase {phrase.strip()!r}, width {width})")
    return found


@dataclass
class BreakRecorder:
    """Every line division Rich makes while it is recording, to check each break afterwards."""

    calls: list[tuple[str, int, list[int]]] = field(default_factory=list)

    def violations(self) -> list[str]:
        return [found for text, width, offsets in self.calls for found in phrase_break_violations(text, width, offsets)]


@contextmanager
def recording_breaks() -> Iterator[BreakRecorder]:
    recorder = BreakRecorder()
    divide: Callable[..., list[int]] = rich_text.divide_line  # type: ignore[attr-defined]

    def recorded(text: str, width: int, fold: bool = True) -> list[int]:
        offsets = divide(text, width, fold=fold)
        recorder.calls.append((text, width, list(offsets)))
        return offsets

    rich_text.divide_line = recorded  # type: ignore[attr-defined]
    try:
        yield recorder
    finally:
        rich_text.divide_line = divide  # type: ignore[attr-defined]


# -- English left in Japanese output --------------------------------------------------------------

# Code, ids and names that stay as they are in a Japanese sentence.
_CODE = [
    r"mlcareer(?:[ \t]+(?:[-\w./=|:,*@<>\[\]{}]+|'[^']*'))*",  # a command line
    r"--?[A-Za-z][\w-]*(?:[ =](?:[a-z_|]+|[A-Z]+))?",  # options, with their value
    r"\b\w*_\w*\b",  # ids
    r"\b[\w./~-]+\.(?:ya?ml|jsonl?|md|ics|db|sqlite3?)\b",  # files
    r"\b[A-Z][A-Z0-9_]+\b(?:\.\.\.)?",  # metavars, env vars, acronyms
    r"'[^'\n]*'",  # a quoted value
    r"^(?:assess|history|roadmap|done|undo|progress|interview|roles|specializations|levels|skills|market|sites|"
    r"cases|salary|kb|validate|show|match)(?:[ \t]+[-\w./=|:,*@<>\[\]{}]+)+",  # a command line wrapped after "mlcareer"
    r"（[ -~]+(?:）|$)",  # the English term glossed after a Japanese one: 分離可能畳み込み（depthwise separable）
    r"\bhttps?://\S+",
    r"\bfile:line\b",
    r"\bkey\.path\b",
]
_CODE_RE = re.compile("|".join(_CODE))
_RUN = re.compile(r"[A-Za-z][A-Za-z']*(?:,? [A-Za-z][A-Za-z']*)+")
# English UI words that are a leftover even alone.
_UI_WORDS = re.compile(r"\b(?:Usage|Options|Commands|Arguments|Error|Examples|Missing|Show|Try|Aborted)\b")


def english_left(text: str, names: set[str]) -> list[str]:
    """Runs of English words in Japanese output that are not code, ids or names: at least two
    words, one of them lowercase ("unknown value", "did you mean"; not "Weights & Biases")."""
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", text)
    found = []
    for line in text.splitlines():
        stripped = "  ".join(_CODE_RE.sub(" ", piece) for piece in segments(line))
        for match in _RUN.finditer(stripped):
            words = re.findall(r"[A-Za-z']+", match.group())
            if any(word.islower() and len(word) > 1 for word in words):
                found.append(f"{match.group()!r} in: {line.strip()}")
        for match in _UI_WORDS.finditer(stripped):
            found.append(f"{match.group()!r} in: {line.strip()}")
    return found
