"""Language choice and the one way to get UI text: a gettext message catalog.

The catalog is `locale/ja/LC_MESSAGES/mlcareer.po` (compiled to the `.mo` beside it with Babel:
`pybabel compile -d src/mlcareer/locale -D mlcareer`; a test keeps the two in sync). The msgid is
the English text, as gettext intends: English needs no catalog of its own, a missing translation
falls back to readable English rather than a key, translators' tools show them the source
sentence, and click's own strings (which are English msgids) live in the same catalog. Japanese
has one plural form, so `ngettext` only matters for English, where it picks "1 problem" or
"3 problems".

There is no current language here: every call names the language it wants, which the CLI
passes down from the run's settings. The one exception is not ours: click looks its own strings
(usage errors, "Usage:") up through the process-wide gettext domain, which reads the language
from the environment: this module binds our domain, and the CLI sets LANGUAGE for the process
(`cli.app.set_click_language`); nothing here reads or writes the environment.
typer translates a few of its headings when its help module is imported, so the CLI sets it
before any help or error is shown (see cli/app.py).

The knowledge texts are not here: they stay, in both languages, in data/*.yaml.
"""

from __future__ import annotations

import functools
import gettext as _gettext
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")

DOMAIN = "mlcareer"
LOCALE_DIR = Path(__file__).parent.parent / "locale"

_gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
_gettext.textdomain(DOMAIN)


def detect_lang(env: Mapping[str, str]) -> Lang:
    """From the environment `env` (the CLI passes the process's): MLCAREER_LANG, then the POSIX
    order LC_ALL, LC_MESSAGES, LANG; the first that is set decides, ja for a Japanese locale (ja,
    ja_JP.UTF-8), en for anything else."""
    explicit = env.get("MLCAREER_LANG", "").strip().lower()
    if explicit in LANGS:
        return "ja" if explicit == "ja" else "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


@functools.cache
def _catalog(lang: Lang) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def _(message: str, lang: Lang) -> str:
    """`message` (an English msgid) in `lang`."""
    return _catalog(lang).gettext(message)


def ngettext(singular: str, plural: str, count: int, lang: Lang) -> str:
    """The singular or plural msgid for `count`, in `lang`; format `{count}` into it yourself."""
    return _catalog(lang).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a msgid that is translated later (help texts, panel titles)."""
    return message
