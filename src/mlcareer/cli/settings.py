"""What this run was asked for: the language, the knowledge folder, the pager and the environment
values mlcareer reads. The root callback builds one `Settings` and keeps it in click's context
(`ctx.obj`); each command takes it from there, with its own --lang/--data-dir on top, and passes it
down. The environment is read here, once a run, and nowhere below the CLI: the loaders and the
store are given the input limit, the cache folder and the home folder as plain values."""

from __future__ import annotations

import dataclasses
import os
import sys
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
    cache_dir: Path | None = None  # the knowledge cache's folder; None: no cache
    max_input_mb: str = ""  # MLCAREER_MAX_INPUT_MB as set ("": the default); see `input_limit`

    def input_limit(self) -> int:
        """The cap in bytes on the answers mlcareer is handed (a file, standard input, each JSON
        Lines record). Checked when a command reads answers, so a wrong value stops those commands
        and no other (the knowledge files have a fixed cap of their own)."""
        return input_limit(self.max_input_mb)


def parse_lang(value: str) -> Lang:
    lowered = value.strip().lower()
    if lowered not in LANGS:
        raise UsageError(
            f"--lang must be ja or en, not {value!r}. / --lang は ja か en です。",
        )
    return "ja" if lowered == "ja" else "en"


def input_limit(raw: str) -> int:
    """MLCAREER_MAX_INPUT_MB's value as bytes; "" (unset) is the loaders' default."""
    from mlcareer.loading.inputs import DEFAULT_INPUT_LIMIT

    raw = raw.strip()
    if not raw:
        return DEFAULT_INPUT_LIMIT
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = -1.0
    if not 0 < megabytes < 1 << 20:
        from mlcareer.domain.message import msg

        raise UsageError(
            msg(
                "{MAX_INPUT_ENV} must be a positive number of megabytes (e.g. {MAX_INPUT_ENV}=64), not {raw!r}.",
                MAX_INPUT_ENV="MLCAREER_MAX_INPUT_MB",
                raw=raw,
            ),
        )
    return int(megabytes * (1 << 20))


def knowledge_cache_dir(environ: Mapping[str, str], platform: str = sys.platform) -> Path | None:
    """$MLCAREER_HOME/cache, else the platform's cache folder; None when there is no home folder to
    put it in (then every run parses the YAML, and the store says what is wrong with the home)."""
    try:
        home = environ.get("MLCAREER_HOME", "").strip()
        if home:
            return Path(home).expanduser() / "cache"
        if platform.startswith("linux"):  # the XDG rule, without importing platformdirs on every lookup
            base = environ.get("XDG_CACHE_HOME", "").strip()
            return (Path(base).expanduser() if base else Path.home() / ".cache") / "mlcareer"
    except RuntimeError:  # ~user with no such user, or no home folder at all
        return None
    import platformdirs  # macOS and Windows keep caches elsewhere

    return Path(platformdirs.user_cache_dir("mlcareer"))


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
        cache_dir=knowledge_cache_dir(environ),
        max_input_mb=environ.get("MLCAREER_MAX_INPUT_MB", ""),
    )


def settings_of(ctx: click.Context, lang: str | None = None, data_dir: Path | None = None) -> Settings:
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
    from mlcareer.cli.options import NO_PAGER_KEY

    if ctx.meta.get(NO_PAGER_KEY):
        changes["no_pager"] = True
    settings = dataclasses.replace(base, **changes) if changes else base  # type: ignore[arg-type]
    ctx.obj = settings
    return settings


def load_kb(settings: Settings) -> KnowledgeBase:
    """The run's knowledge base, through the start-up cache."""
    from mlcareer.loading.cache import cached_knowledge

    return cached_knowledge(settings.data_dir, cache_dir=settings.cache_dir)
