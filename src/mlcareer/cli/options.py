"""Every option shared by commands, declared once, and what turns their values into checked ids or streams."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, BinaryIO

import click
import typer

from mlcareer.errors import MlcareerError, UsageError
from mlcareer.i18n import N_, Lang, _

LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        "-l",
        help=N_("Language: ja or en (default: MLCAREER_LANG, then LC_ALL, LC_MESSAGES, LANG)"),
        show_default=False,
    ),
]


DataDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help=N_("Knowledge folder overriding built-in files (MLCAREER_DATA_DIR)"),
        show_default=False,
    ),
]


JsonOpt = Annotated[bool, typer.Option("--json", help=N_("Print one JSON document instead"))]


NO_PAGER_HELP = N_("Print long output straight through, without a pager (less, $PAGER)")
NO_PAGER_KEY = "mlcareer.no_pager"  # in click's ctx.meta, which every context of a run shares

# The root's --no-pager (before the command); `accept_no_pager_everywhere` gives every command the same.
NoPagerOpt = Annotated[bool, typer.Option("--no-pager", help=NO_PAGER_HELP)]


def accept_no_pager_everywhere(command: click.Command) -> None:
    """--no-pager is a global option, so it is accepted after any command too (`mlcareer sites
    --no-pager`), whether or not that command pages: one flag, added here to every subcommand, that
    settings_of reads from the context."""

    def remember(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value:
            ctx.meta[NO_PAGER_KEY] = True

    for sub in getattr(command, "commands", {}).values():
        if not any("--no-pager" in getattr(param, "opts", ()) for param in sub.params):
            flag = click.Option(["--no-pager"], is_flag=True, expose_value=False, callback=remember, help=NO_PAGER_HELP)
            help_at = next((i for i, p in enumerate(sub.params) if "--lang" in getattr(p, "opts", ())), len(sub.params))
            sub.params.insert(help_at, flag)  # with the other global options, before --lang
        accept_no_pager_everywhere(sub)


def complete_ids(table: str) -> Callable[[click.Context, str], list[str]]:
    """Shell completion for ids, read from the (cached) knowledge base of the --data-dir typed so far
    (the callbacks that build the settings do not run while completing); silent on any problem."""

    def complete(ctx: click.Context, incomplete: str) -> list[str]:
        try:
            import os

            from mlcareer.cli.settings import from_environment, load_kb

            typed = [c.params.get("data_dir") for c in _context_chain(ctx)]
            data_dir = next((Path(d) for d in typed if d is not None), None)
            ids = getattr(load_kb(from_environment(os.environ, data_dir=data_dir)), table)
        except Exception:  # completion must never print a traceback into the shell
            return []
        return [ident for ident in ids if ident.startswith(incomplete)]

    return complete


def _context_chain(ctx: click.Context | None) -> Iterator[click.Context]:
    """The command's context first, then its parents' up to the root."""
    while ctx is not None:
        yield ctx
        ctx = ctx.parent


def check_choice(kind: str, value: str | None, valid: dict[str, Any]) -> str | None:
    """An option naming an id: unknown values are usage errors with the closest ids."""
    if value is None:
        return None
    from mlcareer.domain.lookup import find

    try:
        entry = find(kind, valid, value)
    except MlcareerError as error:  # an id given with an option: change the option and run again
        raise UsageError(error.message, problems=error.problems) from None
    return str(getattr(entry, "id", value.strip().lower()))


@contextlib.contextmanager
def open_answers_source(source: str, lang: Lang) -> Iterator[tuple[BinaryIO, str]]:
    """An answers file, or standard input for "-", as a byte stream, and a name for messages.
    Nothing is read yet: JSON Lines batches stream through a record at a time."""
    from mlcareer.loading.inputs import expand_user_path, open_regular, stdin_stream

    if source == "-":
        yield stdin_stream(), "<stdin>"
        return
    path = expand_user_path(source)
    with open_regular(
        path,
        missing=_(
            "Answers file {path} not found. Check the path, or pass - to read standard input "
            "(the format is under 'Answers files' in the README).",
            lang,
        ).format(path=source),
        pipe_hint=True,
    ) as handle:
        yield handle, str(path)


# Options several commands take: each flag is declared here once (its names, metavar and completion);
# the help says what it does in that command, so a command passes its own.


def specialization_option(help_text: str) -> Any:
    return typer.Option(
        "--specialization",
        "-s",
        metavar="ID",
        help=help_text,
        show_default=False,
        autocompletion=complete_ids("specializations"),
    )


def level_option(help_text: str) -> Any:
    return typer.Option(
        "--level", metavar="ID", help=help_text, show_default=False, autocompletion=complete_ids("levels")
    )


def skills_option(help_text: str) -> Any:
    return typer.Option("--skills", metavar="a,b,c", help=help_text, show_default=False)


def answers_option(help_text: str) -> Any:
    return typer.Option("--answers", "-a", metavar="FILE", help=help_text, show_default=False)


def hours_option(help_text: str) -> Any:
    return typer.Option("--hours", metavar="N", help=help_text, show_default=False)


def start_option(help_text: str) -> Any:
    return typer.Option("--start", metavar="DATE", help=help_text, show_default=False)


def export_option(formats: str, help_text: str) -> Any:
    return typer.Option("--export", "-e", metavar=formats, help=help_text, show_default=False)


def output_option(help_text: str) -> Any:
    return typer.Option("--output", "-o", metavar="FILE", help=help_text, show_default=False)


def new_option(help_text: str) -> Any:
    return typer.Option("--new", help=help_text)


ForceOpt = Annotated[bool, typer.Option("--force", help=N_("Replace FILE if it exists"))]

# The study-plan commands' (roadmap, progress) shared wording.
SpecOpt = Annotated[
    str | None,
    specialization_option(N_("Plan for this field instead of your last assessment (see: mlcareer specializations)")),
]
LevelOpt = Annotated[str | None, level_option(N_("With --specialization: beginner|mid|senior"))]
SkillsOpt = Annotated[
    str | None, skills_option(N_("With --specialization: skills you have (ids or names, comma-separated)"))
]
AnswersOpt = Annotated[
    str | None,
    answers_option(N_("Plan from an answers file (YAML or JSON; - for stdin) instead of the last assessment")),
]
HoursOpt = Annotated[float | None, hours_option(N_("Study hours a week (default: from the assessment, else 10)"))]
