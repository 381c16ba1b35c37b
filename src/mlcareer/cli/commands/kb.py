"""`mlcareer kb validate`: every knowledge file checked, every problem as file:line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from mlcareer.cli.options import (
    DataDirOpt,
    LangOpt,
)
from mlcareer.cli.output import print_renderable
from mlcareer.cli.settings import settings_of
from mlcareer.errors import MlcareerError, ProblemLine, UsageError
from mlcareer.i18n import N_, _

if TYPE_CHECKING:
    pass

T = TypeVar("T")


app = typer.Typer(help=N_("Check the knowledge base (data/*.yaml)."), no_args_is_help=True)


@app.callback()
def _kb_main(ctx: typer.Context, lang: LangOpt = None, data_dir: DataDirOpt = None) -> None:
    """The same --lang and --data-dir as everywhere, also before `validate`."""
    settings_of(ctx, lang, data_dir)


@app.command("validate")
def kb_validate(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(metavar="[DIR]"),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Check every knowledge file and list all problems as file:line: key.path: expected.

    Files in DIR replace the built-in files of the same name. Exit 1 if there is any problem.

    Examples: mlcareer kb validate · mlcareer kb validate ./my-data
    """
    settings = settings_of(ctx, lang)
    chosen = settings.lang
    from mlcareer.i18n import ngettext
    from mlcareer.loading.datafiles import knowledge_sources
    from mlcareer.loading.knowledge import load_knowledge
    from mlcareer.loading.quiz import load_quiz
    from mlcareer.loading.rules import load_quiz_and_rules
    from mlcareer.render.terminal.lookups import render_validation_ok

    folder = directory or settings.data_dir
    # Every file's problems in one list: the rules need a valid knowledge base, the quiz does not.
    problems: list[ProblemLine] = []
    try:
        kb = load_knowledge(folder)
        quiz, rules = load_quiz_and_rules(kb, folder)
    except MlcareerError as error:
        problems = error.problems or [error.message]
        if isinstance(error, UsageError):
            raise
        try:
            load_quiz(knowledge_sources(folder)["questions.yaml"])
        except MlcareerError as quiz_error:
            problems += [p for p in quiz_error.problems if p not in problems]
        raise MlcareerError(
            ngettext(
                "The knowledge files have {count} problem:",
                "The knowledge files have {count} problems:",
                len(problems),
                chosen,
            ).format(count=len(problems)),
            problems=problems,
        ) from None
    counts = {
        "skills": len(kb.skills),
        "roles": len(kb.roles),
        "modules": len(kb.modules),
        "sites": len(kb.sites),
        "cases": len(kb.cases),
        "interview": len(kb.questions),
        "quiz": len(quiz.questions),
        "rules": len(rules.rules),
    }
    where = str(folder) if folder else _("built-in", chosen)
    print_renderable(render_validation_ok(chosen, where, counts), settings)
