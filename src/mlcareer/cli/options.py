"""Every option shared by commands, declared once, and what turns their values into checked ids or streams."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

import typer

from mlcareer.errors import MlcareerError, UsageError
from mlcareer.i18n import N_, _

if TYPE_CHECKING:
    pass


from mlcareer.cli.settings import state

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


NoPagerOpt = Annotated[
    bool,
    typer.Option("--no-pager", help=N_("Print long output straight through, without a pager (less, $PAGER)")),
]


def complete_ids(table: str) -> Callable[[str], list[str]]:
    """Shell completion for ids, read from the (cached) knowledge base; silent on any problem."""

    def complete(incomplete: str) -> list[str]:
        try:
            from mlcareer.loading.cache import cached_knowledge

            ids = getattr(cached_knowledge(state.data_dir), table)
        except Exception:  # completion must never print a traceback into the shell
            return []
        return [ident for ident in ids if ident.startswith(incomplete)]

    return complete


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
def open_answers_source(source: str) -> Iterator[tuple[BinaryIO, str]]:
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
            "(the format is under 'Answers files' in the README)."
        ).format(path=source),
        pipe_hint=True,
    ) as handle:
        yield handle, str(path)


SpecOpt = Annotated[
    str | None,
    typer.Option(
        "--specialization",
        "-s",
        metavar="ID",
        help=N_("Plan for this field instead of your last assessment (see: mlcareer specializations)"),
        show_default=False,
        autocompletion=complete_ids("specializations"),
    ),
]


LevelOpt = Annotated[
    str | None,
    typer.Option(
        "--level",
        metavar="ID",
        help=N_("With --specialization: beginner|mid|senior"),
        show_default=False,
        autocompletion=complete_ids("levels"),
    ),
]


SkillsOpt = Annotated[
    str | None,
    typer.Option(
        "--skills",
        metavar="a,b,c",
        help=N_("With --specialization: skills you have (ids or names, comma-separated)"),
        show_default=False,
    ),
]


AnswersOpt = Annotated[
    str | None,
    typer.Option(
        "--answers",
        "-a",
        metavar="FILE",
        help=N_("Plan from an answers file (YAML or JSON; - for stdin) instead of the last assessment"),
        show_default=False,
    ),
]


HoursOpt = Annotated[
    float | None,
    typer.Option(
        "--hours",
        metavar="N",
        help=N_("Study hours a week (default: from the assessment, else 10)"),
        show_default=False,
    ),
]


def start_option(help_text: str) -> typer.models.OptionInfo:
    return typer.Option("--start", metavar="DATE", help=help_text, show_default=False)  # type: ignore[no-any-return]
