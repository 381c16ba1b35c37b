"""Line breaking for Japanese in Rich: at BudouX phrase boundaries, with kinsoku (禁則).

Rich breaks lines only at spaces and folds a run of Japanese wherever the width runs out, so a
line may start with 、 or 。 and a word may be cut in two (デ / ータ). Rich has no hook for line
breaking, so `install()` replaces the two places it decides: the line divider behind
`Text.wrap`, and `Text.__rich_measure__`, whose minimum becomes the widest phrase that cannot be
broken. Table columns are then sized so that each gets at least that minimum when the table
fits at all (Rich's own sizing shrinks the widest column first, whatever is in it).

Lines without Japanese go through Rich's own code unchanged, and BudouX (a small phrase
segmenter, ~10 ms to load) is imported on the first Japanese line only, so English output does
not pay for it.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import TYPE_CHECKING

from rich import text as rich_text
from rich._wrap import divide_line as _rich_divide_line  # what Text.wrap calls
from rich.cells import cell_len
from rich.measure import Measurement
from rich.table import Table

if TYPE_CHECKING:
    from budoux import Parser
    from rich.console import Console, ConsoleOptions

# Hiragana, katakana, CJK ideographs and punctuation, full-width forms.
_JAPANESE = re.compile(r"[\u2e80-\u2fff\u3000-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

# 行頭禁則: never at the start of a line (closing brackets, punctuation, small kana, the long
# vowel mark, iteration marks, the middle dot, and their ASCII counterparts).
NO_LINE_START = frozenset(
    "、。，．,.:;!?)]}）〕］｝〉》」』】〙〗〟’”｠»"
    "ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻"
    "‐゠–〜～‼⁇⁈⁉・：；！？…‥％‰℃"
)
# 行末禁則: never at the end of a line (opening brackets; a range's 〜 keeps its two ends together).
NO_LINE_END = frozenset("([{（〔［｛〈《「『【〘〖〝‘“｟«〜～")
# Symbols that sit between words rather than inside them.
_SEPARATORS = frozenset("→←↔…—•·")
# The middle dot separates the words of a list (未経験・初級者): a line may break after it.
_BREAK_AFTER = frozenset("・")

_rich_measure = rich_text.Text.__rich_measure__
_rich_column_widths = Table._calculate_column_widths


def has_japanese(text: str) -> bool:
    return _JAPANESE.search(text) is not None


@functools.cache
def _parser() -> Parser:
    import budoux

    return budoux.load_default_japanese_parser()


def _in_latin_word(char: str) -> bool:
    return not char.isspace() and char not in _SEPARATORS and _JAPANESE.match(char) is None


@functools.lru_cache(maxsize=4096)
def unbreakable_chunks(text: str) -> tuple[str, ...]:
    """`text` cut at every place a line may break, each piece keeping its trailing spaces.

    A line may break after spaces or a middle dot, or at a BudouX phrase boundary that is not inside a Latin word
    or number (ids, options, 1,200, 10〜20); never before a character of NO_LINE_START nor after
    one of NO_LINE_END.
    """
    boundaries: set[int] = set()
    position = 0
    if has_japanese(text):
        for phrase in _parser().parse(text):
            position += len(phrase)
            boundaries.add(position)
    cuts = [0]
    for index in range(1, len(text)):
        left, right = text[index - 1], text[index]
        if right.isspace() or right in NO_LINE_START or left in NO_LINE_END:
            continue
        if (
            left.isspace()
            or left in _BREAK_AFTER
            or (index in boundaries and not (_in_latin_word(left) and _in_latin_word(right)))
        ):
            cuts.append(index)
    cuts.append(len(text))
    return tuple(text[start:end] for start, end in itertools.pairwise(cuts) if end > start)


def _fold(chunk: str, width: int, first_room: int) -> list[int]:
    """Offsets inside a chunk wider than a line; kinsoku still holds where the chunk allows it."""
    offsets: list[int] = []
    room = first_room
    used = 0
    line_start = 0
    for index, char in enumerate(chunk):
        char_width = cell_len(char)
        if used + char_width > room and index > line_start:
            cut = index
            # Pull characters down rather than start a line with 、 or ュ, or end one with （, as
            # long as what moves down still fits on the next line.
            while (chunk[cut] in NO_LINE_START or chunk[cut - 1] in NO_LINE_END) and cut - 1 > line_start:
                cut -= 1
            if cell_len(chunk[cut : index + 1]) > width:
                cut = index
            offsets.append(cut)
            line_start = cut
            used = cell_len(chunk[cut:index])
            room = width
        used += char_width
    return offsets


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Where to break `text` to fit `width` cells: Rich's `divide_line`, phrase-aware for Japanese."""
    if not has_japanese(text):
        return _rich_divide_line(text, width, fold=fold)
    offsets: list[int] = []
    line_width = 0
    start = 0
    for chunk in unbreakable_chunks(text):
        chunk_width = cell_len(chunk.rstrip())
        if line_width + chunk_width <= width:
            line_width += cell_len(chunk)
        elif chunk_width > width and (fold or has_japanese(chunk)):  # a Japanese word is folded, never cut
            if start and line_width:
                offsets.append(start)
            inner = _fold(chunk.rstrip(), width, width)
            offsets.extend(start + offset for offset in inner)
            line_width = cell_len(chunk[inner[-1] :]) if inner else cell_len(chunk)
        else:
            if start and line_width:
                offsets.append(start)
            line_width = cell_len(chunk)
        start += len(chunk)
    return offsets


def _measure(self: rich_text.Text, console: Console, options: ConsoleOptions) -> Measurement:
    """Rich's measurement, with the widest unbreakable phrase as the minimum for Japanese."""
    plain = self.plain
    if not has_japanese(plain):
        return _rich_measure(self, console, options)
    lines = plain.splitlines()
    widest_line = max((cell_len(line) for line in lines), default=0)
    widest_chunk = max(
        (cell_len(chunk.rstrip()) for line in lines for chunk in unbreakable_chunks(line)), default=widest_line
    )
    return Measurement(widest_chunk, widest_line)


def _share(room: int, weights: list[int], caps: list[int] | None = None) -> list[int]:
    """`room` cells split in proportion to `weights` (never above `caps`), remainders to the largest."""
    total = sum(weights)
    shares = [room * weight // total for weight in weights] if total else [0] * len(weights)
    if caps is not None:
        shares = [min(share, cap) for share, cap in zip(shares, caps, strict=True)]
    leftover = room - sum(shares)
    for index in sorted(range(len(weights)), key=lambda i: weights[i], reverse=True):
        if leftover <= 0:
            break
        if caps is None or shares[index] < caps[index]:
            shares[index] += 1
            leftover -= 1
    return shares


def _column_widths(self: Table, console: Console, options: ConsoleOptions) -> list[int]:
    """Column widths when a table is too wide for the line: the columns that may wrap shrink in
    proportion to how far they are above their widest phrase (the CSS automatic table layout), so
    none is cut below that phrase while another keeps empty space; if even the phrases do not fit,
    they share the room in proportion to their phrases. Rich's own sizing otherwise."""
    widths = _rich_column_widths(self, console, options)
    max_width = options.max_width
    ranges = [self._measure_column(console, options, column) for column in self.columns]
    wanted = [measured.maximum or 1 for measured in ranges]
    shrinkable = [column.width is None and not column.no_wrap for column in self.columns]
    if sum(wanted) <= max_width or not any(shrinkable):
        return widths
    floors = [
        measured.minimum if can_shrink else measured.maximum
        for measured, can_shrink in zip(ranges, shrinkable, strict=True)
    ]
    if sum(floors) <= max_width:
        slack = [high - low for high, low in zip(wanted, floors, strict=True)]
        extra = _share(max_width - sum(floors), slack, caps=slack)
        return [low + more for low, more in zip(floors, extra, strict=True)]
    fixed = sum(high for high, can_shrink in zip(wanted, shrinkable, strict=True) if not can_shrink)
    flexible = [low for low, can_shrink in zip(floors, shrinkable, strict=True) if can_shrink]
    base = 4  # padding and one full-width character
    room = max_width - fixed - base * len(flexible)
    if room < 0:
        return widths
    shares = iter(base + share for share in _share(room, flexible))
    return [next(shares) if can_shrink else high for high, can_shrink in zip(wanted, shrinkable, strict=True)]


_installed = False


def install() -> None:
    """Make every Rich text in this process break lines as above (idempotent, cheap)."""
    global _installed
    if _installed:
        return
    rich_text.divide_line = divide_line  # type: ignore[attr-defined]
    rich_text.Text.__rich_measure__ = _measure  # type: ignore[method-assign]
    Table._calculate_column_widths = _column_widths  # type: ignore[method-assign]
    _installed = True
