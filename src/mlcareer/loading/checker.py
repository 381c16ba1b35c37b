"""A small validating reader: walks parsed YAML, builds typed values, collects every problem.

Each reader method returns a usable placeholder when the input is wrong, so one pass reports all
problems of a file at once instead of stopping at the first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from mlcareer.domain.message import Msg, Phrase, msg, nmsg
from mlcareer.domain.model import Salary, Text
from mlcareer.domain.suggest import did_you_mean, kind_name
from mlcareer.errors import MlcareerError, PathPart, Problem
from mlcareer.loading.yamlparse import ID_PATTERN, locate_problems

T = TypeVar("T")
# No count, salary (in 万円), hour or month in the guide comes near this; a larger number is a typo
# (or 10^400, which would overflow the planner's arithmetic), not knowledge.
MAX_NUMBER = 1_000_000
Path_ = tuple[PathPart, ...]


@dataclass(slots=True)
class Reference:
    kind: str
    id: str
    file: str
    path: Path_


@dataclass(slots=True)
class Checker:
    file: str
    problems: list[Problem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)

    def problem(self, path: Path_, message: Phrase) -> None:
        self.problems.append(Problem(self.file, message, path))

    def raise_problems(self, text: str, what: Msg) -> None:
        """Raise every problem found in this one file at once, with its line numbers."""
        if not self.problems:
            return
        located = locate_problems(self.problems, {self.file: text})
        count = len(located)
        raise MlcareerError(
            nmsg("{what} has {count} problem:", "{what} has {count} problems:", count, what=what, count=count),
            problems=located,
        )

    def refer(self, kind: str, ident: str, path: Path_) -> None:
        if ident:
            self.references.append(Reference(kind, ident, self.file, path))

    # -- containers -----------------------------------------------------------------------

    def mapping(
        self,
        node: Any,
        path: Path_,
        required: set[str],
        optional: set[str] = frozenset(),  # type: ignore[assignment]
    ) -> dict[str, Any] | None:
        if not isinstance(node, dict):
            self.problem(path, msg("expected a mapping, got {got}", got=describe_value(node)))
            return None
        allowed = required | optional
        for key in node:
            if not isinstance(key, str) or key not in allowed:
                hint = did_you_mean(str(key), allowed)
                self.problem(
                    (*path, str(key)),
                    msg("unknown key{hint}; allowed: {choices}", hint=hint, choices=", ".join(sorted(allowed))),
                )
        for key in sorted(required - node.keys()):
            self.problem((*path, key), msg("missing required key"))
        return node

    def items(
        self,
        parent: dict[str, Any],
        key: str,
        path: Path_,
        read: Callable[[Any, Path_], T | None],
        *,
        required: bool = True,
    ) -> list[T]:
        node = parent.get(key)
        if node is None:
            if required and key in parent:
                self.problem((*path, key), msg("expected a list, got nothing"))
            return []
        if not isinstance(node, list):
            self.problem((*path, key), msg("expected a list, got {got}", got=describe_value(node)))
            return []
        out = []
        for index, item in enumerate(node):
            value = read(item, (*path, key, index))
            if value is not None:
                out.append(value)
        return out

    # -- scalars --------------------------------------------------------------------------

    def ident(self, parent: dict[str, Any], key: str, path: Path_) -> str:
        value = parent.get(key)
        if value is None and key not in parent:
            return ""
        if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
            self.problem((*path, key), msg("expected a lowercase snake_case id, got {value}", value=repr(value)))
            return ""
        return value

    def ref(self, parent: dict[str, Any], key: str, path: Path_, kind: str) -> str:
        value = self.ident(parent, key, path)
        self.refer(kind, value, (*path, key))
        return value

    def refs(
        self, parent: dict[str, Any], key: str, path: Path_, kind: str, *, required: bool = False
    ) -> tuple[str, ...]:
        node = parent.get(key)
        if node is None:
            if required and key in parent:
                self.problem((*path, key), msg("expected a list of {kind} ids", kind=kind_name(kind)))
            return ()
        if not isinstance(node, list):
            self.problem(
                (*path, key),
                msg("expected a list of {kind} ids, got {got}", kind=kind_name(kind), got=describe_value(node)),
            )
            return ()
        out = []
        for index, value in enumerate(node):
            if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
                self.problem(
                    (*path, key, index),
                    msg("expected a {kind} id, got {value}", kind=kind_name(kind), value=repr(value)),
                )
                continue
            self.refer(kind, value, (*path, key, index))
            out.append(value)
        return tuple(out)

    def string(self, parent: dict[str, Any], key: str, path: Path_) -> str:
        value = parent.get(key)
        if value is None and key not in parent:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem((*path, key), msg("expected a non-empty string, got {got}", got=describe_value(value)))
            return ""
        return value

    def strings(self, parent: dict[str, Any], key: str, path: Path_) -> tuple[str, ...]:
        node = parent.get(key)
        if node is None:
            return ()
        if not isinstance(node, list) or not all(isinstance(v, str) and v.strip() for v in node):
            self.problem((*path, key), msg("expected a list of non-empty strings"))
            return ()
        return tuple(node)

    def integer(
        self,
        parent: dict[str, Any],
        key: str,
        path: Path_,
        *,
        minimum: int = 0,
        nullable: bool = False,
    ) -> int | None:
        value = parent.get(key)
        if value is None and (nullable or key not in parent):
            if not nullable and key in parent:
                self.problem((*path, key), msg("expected a whole number, got nothing"))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem((*path, key), msg("expected a whole number, got {got}", got=describe_value(value)))
            return None
        if value < minimum:
            self.problem(
                (*path, key),
                msg("expected a number >= {minimum}, got {number}", minimum=minimum, number=short_number(value)),
            )
            return None
        if value > MAX_NUMBER:
            self.problem(
                (*path, key),
                msg(
                    "expected a number up to {MAX_NUMBER:,}, got {number}",
                    MAX_NUMBER=MAX_NUMBER,
                    number=short_number(value),
                ),
            )
            return None
        return value

    def number(self, parent: dict[str, Any], key: str, path: Path_, *, minimum: int = 0) -> int:
        return self.integer(parent, key, path, minimum=minimum) or 0

    def flag(self, parent: dict[str, Any], key: str, path: Path_) -> bool:
        value = parent.get(key, False)
        if not isinstance(value, bool):
            self.problem((*path, key), msg("expected true or false, got {got}", got=describe_value(value)))
            return False
        return value

    def date(self, parent: dict[str, Any], key: str, path: Path_) -> dt.date | None:
        value = parent.get(key)
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        if key in parent:
            self.problem((*path, key), msg("expected a date like 2025-06-27, got {value}", value=repr(value)))
        return None

    def text(self, parent: dict[str, Any], key: str, path: Path_) -> Text:
        return self.text_value(parent.get(key), (*path, key), present=key in parent)

    def text_value(self, node: Any, path: Path_, *, present: bool = True) -> Text:
        if not present:
            return Text("", "")
        if not isinstance(node, dict):
            self.problem(
                path,
                msg("expected a text with both languages {{ja: …, en: …}}, got {got}", got=describe_value(node)),
            )
            return Text("", "")
        for key in node:
            if key not in ("ja", "en"):
                self.problem((*path, str(key)), msg("unknown language; expected ja and en"))
        values = {}
        for lang in ("ja", "en"):
            value = node.get(lang)
            if not isinstance(value, str) or not value.strip():
                self.problem(
                    (*path, lang),
                    msg("missing the {lang} text", lang=lang)
                    if value is None
                    else msg("expected non-empty {lang} text, got {got}", lang=lang, got=describe_value(value)),
                )
                value = ""
            values[lang] = value.strip()
        return Text(values["ja"], values["en"])

    def texts(self, parent: dict[str, Any], key: str, path: Path_) -> tuple[Text, ...]:
        node = parent.get(key)
        if node is None:
            return ()
        if not isinstance(node, list):
            self.problem((*path, key), msg("expected a list of texts, got {got}", got=describe_value(node)))
            return ()
        return tuple(self.text_value(item, (*path, key, i)) for i, item in enumerate(node))

    def names(self, parent: dict[str, Any], key: str, path: Path_) -> tuple[Text, ...]:
        """Proper nouns: a plain string stands for itself in both languages."""
        node = parent.get(key)
        if node is None:
            return ()
        if not isinstance(node, list):
            self.problem((*path, key), msg("expected a list of names, got {got}", got=describe_value(node)))
            return ()
        out = []
        for i, item in enumerate(node):
            if isinstance(item, str) and item.strip():
                out.append(Text(item.strip(), item.strip()))
            else:
                out.append(self.text_value(item, (*path, key, i)))
        return tuple(out)

    def salary(self, parent: dict[str, Any], key: str, path: Path_) -> Salary | None:
        node = parent.get(key)
        if node is None and key not in parent:
            return None
        here = (*path, key)
        m = self.mapping(node, here, {"min", "max"}, {"open_ended"})
        if m is None:
            return None
        low, high = self.integer(m, "min", here, minimum=1), self.integer(m, "max", here, minimum=1)
        if low is None or high is None:
            return None
        if low > high:
            self.problem(here, msg("min ({low}) is above max ({high})", low=low, high=high))
        return Salary(low, high, open_ended=self.flag(m, "open_ended", here))

    def months(
        self, parent: dict[str, Any], key: str, path: Path_, *, open_max: bool = False
    ) -> tuple[int, int | None]:
        node = parent.get(key)
        here = (*path, key)
        m = self.mapping(node, here, {"min", "max"})
        if m is None:
            return (0, 0)
        low = self.integer(m, "min", here) or 0
        high = self.integer(m, "max", here, nullable=open_max)
        if high is not None and high < low:
            self.problem(here, msg("min ({low}) is above max ({high})", low=low, high=high))
        return (low, high)


def describe_value(value: Any) -> Msg | str:
    """What a value is, for messages: "a string ('four')", "a number (12.5)", "nothing"."""
    if value is None:
        return msg("nothing")
    if isinstance(value, bool):
        return msg("a boolean ({value})", value=value)
    if isinstance(value, int | float):
        if isinstance(value, int) and not -(10**30) < value < 10**30:
            return short_number(value)
        return msg("a number ({value})", value=value)
    if isinstance(value, str):
        return msg("a string ({value!r})", value=value) if len(value) < 40 else msg("a string")
    if isinstance(value, list):
        return msg("a list")
    if isinstance(value, dict):
        return msg("a mapping")
    return type(value).__name__


def short_number(value: float) -> Msg | str:
    """A number as written, or its length when it would fill the screen (a 400-digit number)."""
    if isinstance(value, int) and not -(10**30) < value < 10**30:
        return msg("a number of {count:,} digits", count=len(str(abs(value))))
    return str(value)
