"""What this run was asked for: the language, the knowledge folder, the pager and the environment
values mlcareer reads. The root callback builds one `Settings` and keeps it in click's context
(`ctx.obj`); each command takes it from there, with its own --lang/--data-dir on top, and passes it
down. The environment is read here, once a run, and nowhere below the CLI."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mlcareer.errors import UsageError
from mlcareer.i18n import LANGS, Lang, detect_lang

if TYPE_CHECKING:
    from mlcareer.domain.model import KnowledgeBase


@dataclass(frozen=True)
class Settings:
    lang: Lang
    data_dir: Path | None = None  # --data-dir, else MLCAREER_DATA_DIR; None: the built-in files
    no_pager: bool = False
    pager: str | None = None  # MLCAREER_PAGER, else PAGER, as set (None when neither is)
    home: str = ""  # MLCAREER_HOME: the store lives there ("": the platform's data folder)


def parse_lang(value: str) -> Lang:
    lowered = value.strip().lower()
    if lowered not in LANGS:
        raise UsageError(
            f"--lang must be ja or en, not {value!r}. / --lang は ja か en です。",
        )
    return "ja" if lowered == "ja" else "en"


def from_environment(
    environ: Mapping[str, str], *, lang: str | None = None, data_dir: Path | None = None, no_pager: bool = False
) -> Settings:
    """The settings of a run from its root options and its environment."""
    if data_dir is None:
        named = environ.get("MLCAREER_DATA_DIR", "").strip()
        data_dir = Path(named) if named else None
    pager = next((environ[name] for name in ("MLCAREER_PAGER", "PAGER") if name in environ), None)
    return Settings(
        lang=parse_lang(lang) if lang else detect_lang(environ),
        data_dir=data_dir,
        no_pager=no_pager,
        pager=pager,
        home=environ.get("MLCAREER_HOME", ""),
    )


def settings_of(
    ctx: click.Context, lang: str | None = None, data_dir: Path | None = None, no_pager: bool = False
) -> Settings:
    """This command's settings: the root callback's, with the command's own --lang, --data-dir and
    --no-pager on top (they are accepted after the command name too). Kept in the context, so a
    group's subcommand sees what the group was given."""
    base = ctx.find_object(Settings)
    if base is None:  # the root callback always runs first; this is a command invoked on its own
        base = from_environment(os.environ)
    changes: dict[str, object] = {}
    if lang:
        changes["lang"] = parse_lang(lang)
    if data_dir is not None:
        changes["data_dir"] = data_dir
    if no_pager:
        changes["no_pager"] = True
    settings = dataclasses.replace(base, **changes) if changes else base  # type: ignore[arg-type]
    ctx.obj = settings
    return settings


def load_kb(settings: Settings) -> KnowledgeBase:
    from mlcareer.loading.cache import cached_knowledge

    return cached_knowledge(settings.data_dir)  # the cache finds its folder from MLCAREER_HOME itself
