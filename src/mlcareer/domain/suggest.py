"""Did-you-mean hints for misspelt ids and keys."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from mlcareer.domain.message import Msg, msg
from mlcareer.i18n import N_


def closest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The nearest valid spellings, for "did you mean" hints."""
    pool = list(choices)
    pool = [choice for choice in pool if choice]
    found = difflib.get_close_matches(word, pool, n=n, cutoff=0.5)
    if not found:
        lowered = word.lower()
        found = [c for c in pool if lowered and (lowered in c.lower() or c.lower() in lowered)][:n]
    return found


# What the commands and the knowledge files call "role", "skill group"…, as the reader calls them.
KINDS = (
    N_("skill"),
    N_("specialization"),
    N_("level"),
    N_("role"),
    N_("site"),
    N_("case"),
    N_("topic"),
    N_("question"),
    N_("module"),
    N_("skill group"),
    N_("choice"),
    N_("answer"),
)


def kind_name(kind: str) -> Msg:
    """A kind of id, shown in the reader's language (職種 for "role"); other codes stay as they are."""
    return msg(kind)


def did_you_mean(word: str, choices: Iterable[str]) -> Msg | str:
    """ " (did you mean: x, y?)" to add after a problem, or "" when nothing is near."""
    near = closest(word, choices)
    if not near:
        return ""
    return msg(" (did you mean: {near}?)", near=", ".join(near))
