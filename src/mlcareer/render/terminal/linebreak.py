"""Line breaking for Japanese in Rich: at BudouX phrase boundaries, with kinsoku (禁則).

Rich breaks lines only at spaces and folds a run of Japanese wherever the width runs out, so a
line may start with 、 or 。 and a word may be cut in two (デ / ータ). Rich has no hook for line
breaking, so `install()` replaces the two places it decides: the line divider behind
`Text.wrap`, and `Text.__rich_measure__`, whose minimum becomes the widest phrase that cannot be
broken. Table columns are then sized so that each gets at least that minimum (Rich's own sizing
shrinks the widest column first, whatever is in it), and a table that cannot give every column
its minimum is shown as one block per row instead of in columns two cells wide.

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
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

# Hiragana, katakana, CJK ideographs and punctuation, full-width forms.
_JAPANESE = re.compile(r"[\u2e80-\u2fff\u3000-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

# 行頭禁則: never at the start of a line (closing brackets, punctuation, small kana, the long
# vowel mark, iteration marks, the middle dot, and their ASCII counterparts).
NO_LINE_START = frozenset(
    "、。，．)]}）〕］｝〉》」』】〙〗〟’”｠»"
    "ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻"
    "‐゠–〜～‼⁇⁈⁉・：；！？…‥％‰℃"
)
# 行末禁則: never at the end of a line (opening brackets; a range's 〜 keeps its two ends together).
NO_LINE_END = frozenset("([{（〔［｛〈《「『【〘〖〝‘“｟«〜～")
# Symbols that sit between words rather than inside them.
_SEPARATORS = frozenset("→←↔…—•·")
# The middle dot separates the words of a list (未経験・初級者): a line may break after it.
_BREAK_AFTER = frozenset("・")
# A list separator between commands ("例: mlcareer roles · mlcareer market") ends a line, never starts one.
_NO_START_AFTER_SPACE = frozenset("·•")
# In Japanese text, words that a space does not separate from the next: a product's "&"
# (Weights & Biases), the program's name and its command (mlcareer done).
_BINDS_NEXT = frozenset({"&", "mlcareer"})
_OPTION = re.compile(r"-{1,2}[A-Za-z][\w-]*")
_PLACEHOLDER = re.compile(r"[A-Z]{1,6}\b")

_rich_measure = rich_text.Text.__rich_measure__
_rich_column_widths = Table._calculate_column_widths
_rich_table_console = Table.__rich_console__


def has_japanese(text: str) -> bool:
    return _JAPANESE.search(text) is not None


@functools.cache
def _parser() -> Parser:
    import budoux

    return budoux.load_default_japanese_parser()


def _in_latin_word(char: str) -> bool:
    return not char.isspace() and char not in _SEPARATORS and _JAPANESE.match(char) is None


def _held_across_space(text: str, index: int) -> bool:
    """Whether the words either side of the spaces before `index` stay on one line: "Weights &
    Biases", "mlcareer done ID", "-o mock.md", "--specialization mlops"."""
    before = text[:index].rstrip().rsplit(None, 1)[-1] if text[:index].strip() else ""
    after = text[index:]
    if not before or not after or not _in_latin_word(after[0]):
        return False
    return (
        before in _BINDS_NEXT
        or after.startswith("& ")
        or (_OPTION.fullmatch(before) is not None and not after.startswith("-"))
        or (_in_latin_word(before[-1]) and _PLACEHOLDER.match(after) is not None)
    )


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
        if left.isspace() and (right in _NO_START_AFTER_SPACE or _held_across_space(text, index)):
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


def _rstrip_end(self: rich_text.Text, size: int) -> None:
    """Rich's, counting cells: it compares characters with cells, so a wrapped Japanese line
    keeps its trailing space past the width and is then cut with "…"."""
    excess = cell_len(self.plain) - size
    if excess > 0:
        spaces = len(self.plain) - len(self.plain.rstrip())
        if spaces:
            self.right_crop(min(spaces, excess))


def _minimum(console: Console, options: ConsoleOptions, renderable: RenderableType) -> int:
    """The narrowest a cell can be; Columns (typer's option help) measure as zero in Rich."""
    from rich.columns import Columns

    if isinstance(renderable, Columns):
        return max((_minimum(console, options, item) for item in renderable.renderables), default=0)
    return Measurement.get(console, options, renderable).minimum


def _floors_fit(table: Table, console: Console, options: ConsoleOptions) -> bool:
    """Whether every column gets at least its widest phrase (its whole width if it must not wrap)."""
    max_width = (table.width or options.max_width) - table._extra_width
    inner = options.update_width(max(max_width, 1))
    total = 0
    for column in table.columns:
        if column.no_wrap or column.width is not None:
            total += table._measure_column(console, inner, column).maximum
        else:
            cells = [cell.renderable for cell in table._get_cells(console, column._index, column)]
            padding = table._get_padding_width(column._index)
            total += max((_minimum(console, inner, cell) for cell in cells), default=0) + padding
    return total <= max_width


def _is_blank(cell: RenderableType) -> bool:
    return isinstance(cell, str | rich_text.Text) and not str(cell).strip()


def _stacked(table: Table) -> RenderableType:
    """A table too wide for the line as one block per row: the first cell, then each other cell
    under it with its column's header ("レベル: 中級者"), as a narrow web page shows a table."""
    from rich.console import Group
    from rich.padding import Padding

    parts: list[RenderableType] = []
    if table.title:
        parts += [table.title, ""]
    headers = [str(column.header) if table.show_header else "" for column in table.columns]
    for row in range(table.row_count):
        if row:
            parts.append("")
        cells = [column._cells[row] for column in table.columns]
        parts.append(Padding(cells[0], (0, 0, 0, 1)))
        for header, cell in zip(headers[1:], cells[1:], strict=True):
            if _is_blank(cell):
                continue
            if header.strip() and isinstance(cell, str | rich_text.Text):
                cell = rich_text.Text.assemble((f"{header.strip()}: ", "dim"), cell)
            parts.append(Padding(cell, (0, 0, 0, 3)))
    return Group(*parts)


def _table_console(self: Table, console: Console, options: ConsoleOptions) -> RenderResult:
    if self.columns and self.row_count and len(self.columns) > 1 and not _floors_fit(self, console, options):
        yield _stacked(self)
        return
    yield from _rich_table_console(self, console, options)


_installed = False


def install() -> None:
    """Make every Rich text in this process break lines as above (idempotent, cheap)."""
    global _installed
    if _installed:
        return
    rich_text.divide_line = divide_line  # type: ignore[attr-defined]
    rich_text.Text.__rich_measure__ = _measure  # type: ignore[method-assign]
    Table._calculate_column_widths = _column_widths  # type: ignore[method-assign]
    Table.__rich_console__ = _table_console  # type: ignore[method-assign]
    rich_text.Text.rstrip_end = _rstrip_end  # type: ignore[method-assign]
    _installed = True
