"""Did-you-mean hints for misspelt ids and keys."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from mlcareer.i18n import msg


def closest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The nearest valid spellings, for "did you mean" hints."""
    pool = list(choices)
    pool = [choice for choice in pool if choice]
    found = difflib.get_close_matches(word, pool, n=n, cutoff=0.5)
    if not found:
        lowered = word.lower()
        found = [c for c in pool if lowered and (lowered in c.lower() or c.lower() in lowered)][:n]
    return found


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    near = closest(word, choices)
    if not near:
        return ""
    return msg("（候補: ", " (did you mean: ") + ", ".join(near) + msg("）", "?)")
