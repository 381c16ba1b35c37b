"""Did-you-mean hints for misspelt ids and keys."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from mlcareer.domain.message import Msg, msg


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
_KIND_NAMES = {
    "skill": msg("skill"),
    "specialization": msg("specialization"),
    "level": msg("level"),
    "role": msg("role"),
    "site": msg("site"),
    "case": msg("case"),
    "topic": msg("topic"),
    "question": msg("question"),
    "module": msg("module"),
    "skill group": msg("skill group"),
    "choice": msg("choice"),
    "answer": msg("answer"),
}


def kind_name(kind: str) -> Msg | str:
    """A kind of id, said in the reader's language (職種 for "role"); other codes stay as they are."""
    return _KIND_NAMES.get(kind, kind)


def did_you_mean(word: str, choices: Iterable[str]) -> Msg | str:
    """ " (did you mean: x, y?)" to add after a problem, or "" when nothing is near."""
    near = closest(word, choices)
    if not near:
        return ""
    return msg(" (did you mean: {near}?)", near=", ".join(near))
