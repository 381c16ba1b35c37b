"""What the root options chose for this run (language, knowledge folder, pager); the knowledge loaded with it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mlcareer.errors import UsageError
from mlcareer.i18n import LANGS, Lang, detect_lang, set_lang

if TYPE_CHECKING:
    from mlcareer.domain.model import KnowledgeBase


class _State:
    lang: Lang | None = None
    data_dir: Path | None = None
    no_pager: bool = False


state = _State()


def parse_lang(value: str) -> Lang:
    lowered = value.strip().lower()
    if lowered not in LANGS:
        raise UsageError(
            f"--lang must be ja or en, not {value!r}. / --lang は ja か en です。",
        )
    return "ja" if lowered == "ja" else "en"


def setup(lang: str | None, data_dir: Path | None) -> Lang:
    chosen = parse_lang(lang) if lang else state.lang or detect_lang()
    set_lang(chosen)
    if data_dir is not None:
        state.data_dir = data_dir
    return chosen


def load_kb() -> KnowledgeBase:
    from mlcareer.loading.cache import cached_knowledge

    return cached_knowledge(state.data_dir)
