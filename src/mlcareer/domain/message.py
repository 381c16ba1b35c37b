"""A sentence the core wants shown, as data: a catalog key and the values that fill it.

The core decides *what* to say (which message, which figures, which skills); the renderer decides
*how* it reads in the run's language (`mlcareer.render.phrases.say`). So one result renders in
either language, and the core never formats money or joins names itself.

The key is the English text, a `str.format` template with named fields: `{years}`, `{share:.0%}`.
The Japanese is its msgstr in the gettext catalog (src/mlcareer/locale). The values can be numbers
and ids (shown as they are), `Text` (knowledge names, in both languages), another `Msg`, `Money`
or `MoneyRange` (formatted for the reader: 700万円 / ¥7.0M), `Join` (a list, joined the way the
language joins lists) and `Action` (a command or option the person can use, named by what it
does: the renderer spells it, so the core never names a CLI command or flag). Use `msg(...)` and
`nmsg(...)` to build one: the catalog test finds every key by those names, as `pybabel extract`
would.
"""

from __future__ import annotations

from typing import Literal, NamedTuple, TypeAlias

from mlcareer.domain.model import Text


class Money(NamedTuple):
    """An amount in 万円 (10,000 yen) a year; `signed` shows + or − before it."""

    amount: int
    signed: bool = False


class MoneyRange(NamedTuple):
    """A pay range in 万円 a year; `min` None means "up to", `max` None means "or more"."""

    min: int | None
    max: int | None
    open_ended: bool = False


class Join(NamedTuple):
    """Items joined as a list ("A, B" / "A、B"), as alternatives ("A, B" / "A・B"), as either-or
    ("A / B" / "A・B") or as sentences one after another ("A. B." / "A。B。")."""

    items: tuple[Arg, ...]
    kind: Literal["list", "alternatives", "or", "sentences"] = "list"


class Action(NamedTuple):
    """The command or option that does `what` (for `subject`: a kind of entry, a field id), named by
    what it does, not by how it is typed: `mlcareer.render.actions` spells it ("mlcareer skills",
    "--force"). The core says what the person can do; the program's edge says which command or flag."""

    what: str
    subject: str = ""


class Msg(NamedTuple):
    id: str
    args: tuple[tuple[str, Arg], ...] = ()
    plural: str = ""  # the English plural msgid
    number: int = 0  # picks the plural form (`count` would shadow tuple.count)

    def with_args(self, **args: Arg) -> Msg:
        return self._replace(args=self.args + tuple(args.items()))


Arg: TypeAlias = "str | int | float | Text | Msg | Money | MoneyRange | Join | Action"
Phrase: TypeAlias = "Text | Msg"


def msg(message_id: str, /, **args: Arg) -> Msg:
    """The message `message_id` (its English text) with its fields' values."""
    return Msg(message_id, tuple(args.items()))


def nmsg(singular: str, plural: str, count: int, /, **args: Arg) -> Msg:
    """A message with a plural form; `count` picks it (and is not a field unless you pass it)."""
    return Msg(singular, tuple(args.items()), plural, count)
