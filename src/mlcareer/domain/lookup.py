"""Finding entries by id or by any spelling, with the closest ids when nothing matches."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import TypeVar

from mlcareer.domain.message import Action, msg
from mlcareer.domain.model import KnowledgeBase, Skill
from mlcareer.domain.suggest import closest, kind_name
from mlcareer.errors import MlcareerError

T = TypeVar("T")


def normalize_key(text: str) -> str:
    """Case-, width-, space- and dash-insensitive key: "ＰｙＴｏｒｃｈ", "py torch", "PyTorch" agree,
    and so do "machine learning basics" and "machine_learning_basics"."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "_-・·")


def find_skill(kb: KnowledgeBase, query: str) -> Skill:
    """A skill by id, ja or en name, or alias, ignoring case."""
    skill_id = kb.skill_index.get(normalize_key(query))
    if skill_id is None:
        raise unknown_id_error("skill", query, kb.skills)
    return kb.skills[skill_id]


def find(kind: str, table: Mapping[str, T], ident: str) -> T:
    """One entry by id, or by the name shown for it (either language) or an alias ("junior",
    "中級者", "Mid-level"); anything else gets the closest valid ids."""
    item = table.get(ident.strip().lower())
    if item is None:
        wanted = normalize_key(ident)
        for entry in table.values():
            name = getattr(entry, "name", None)
            spellings = [*(name if isinstance(name, tuple) else ()), *getattr(entry, "aliases", ())]
            if wanted and any(normalize_key(str(s)) == wanted for s in spellings):
                return entry
        raise unknown_id_error(kind, ident, table.keys())
    return item


def unknown_id_error(kind: str, ident: str, valid: Iterable[str]) -> MlcareerError:
    pool = sorted(set(valid))
    near = closest(normalize_key(ident), pool) or closest(ident, pool)
    if near:
        hint = msg("Did you mean: {choices}?", choices=", ".join(near))
    elif len(pool) <= 20:
        hint = msg("Valid: {choices}.", choices=", ".join(pool))
    else:
        hint = msg("See the list: {command}", command=Action("list", kind))
    return MlcareerError(msg("Unknown {kind} '{ident}'. {hint}", kind=kind_name(kind), ident=ident, hint=hint))
