"""Language choice and picking the right half of a bilingual text."""

from __future__ import annotations

import os
from typing import Literal

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")

_current: Lang = "en"


def detect_lang(environ: dict[str, str] | None = None) -> Lang:
    """MLCAREER_LANG wins; otherwise a LANG starting with 'ja' gives ja, anything else en."""
    env = os.environ if environ is None else environ
    explicit = env.get("MLCAREER_LANG", "").strip().lower()
    if explicit == "ja":
        return "ja"
    if explicit == "en":
        return "en"
    return "ja" if env.get("LANG", "").lower().startswith("ja") else "en"


def set_lang(lang: Lang) -> None:
    global _current
    _current = lang


def current_lang() -> Lang:
    return _current


def pick(lang: Lang, ja: str, en: str) -> str:
    """The half of a bilingual pair for `lang` (views and exports, which are told the language)."""
    return ja if lang == "ja" else en


def msg(ja: str, en: str) -> str:
    """A message in the language chosen for this run (errors are raised far from the CLI)."""
    return ja if _current == "ja" else en
