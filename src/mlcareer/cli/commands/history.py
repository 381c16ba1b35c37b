"""`mlcareer history`: past assessments and mock interviews, how they moved, and one shown again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import click
import typer
from typer.core import TyperGroup

from mlcareer.cli.options import (
    DataDirOpt,
    JsonOpt,
    LangOpt,
)
from mlcareer.cli.output import open_store, print_json, print_notices, print_renderable
from mlcareer.cli.settings import Settings, load_kb, settings_of
from mlcareer.errors import MlcareerError, UsageError
from mlcareer.i18n import N_, _

if TYPE_CHECKING:
    from mlcareer.domain.model import KnowledgeBase

T = TypeVar("T")


class _HistoryGroup(TyperGroup):
    """`mlcareer history 3` is read as `mlcareer history show 3`: the number is what people type."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0].isdigit():
            args = ["show", *args]
        return super().resolve_command(ctx, args)


app = typer.Typer(
    cls=_HistoryGroup,
    invoke_without_command=True,
    no_args_is_help=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def history(
    ctx: typer.Context,
    compare: Annotated[
        bool,
        typer.Option("--compare", help=N_("Show what changed since the previous one")),
    ] = False,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Past assessments, newest first; --compare shows how scores and gaps moved; show N shows one again.

    Examples: mlcareer history · mlcareer history --compare · mlcareer history show · mlcareer history show 3 --lang en
    """
    settings = settings_of(ctx, lang, data_dir)  # a subcommand (show) takes them from here too
    if ctx.invoked_subcommand is not None:
        return
    chosen = settings.lang

    with open_store(settings, read_only_ok=True) as store:
        saved = store.assessments()
        mocks = [(mock.created_at, mock.record) for mock in store.mocks()]
    kb = load_kb(settings)
    from mlcareer.domain.history import compare_assessments, history_json

    if compare:
        from mlcareer.i18n import _

        if len(saved) < 2:
            raise MlcareerError(_("Comparing needs two assessments or more; run mlcareer assess again.", chosen))
        from mlcareer.domain.quiz import BUILT_IN
        from mlcareer.loading.datafiles import knowledge_sources
        from mlcareer.loading.quiz import load_quiz

        quiz = load_quiz(knowledge_sources(settings.data_dir)["questions.yaml"])
        diff = compare_assessments(kb, saved[1], saved[0], tuple(quiz.questions), BUILT_IN)
        if as_json:
            print_json(diff.as_json(chosen))
            return
        from mlcareer.render.terminal.lookups import render_comparison

        print_renderable(render_comparison(kb, diff, chosen, quiz), settings)
        return
    from mlcareer.domain.mock import mock_summary

    if as_json:
        mock_interviews = [{"created_at": when.isoformat(), **mock_summary(record)} for when, record in mocks]
        print_json({**history_json(saved), "mock_interviews": mock_interviews})
        return
    from rich.console import Group

    from mlcareer.render.terminal.lookups import render_history
    from mlcareer.render.terminal.mock import render_mock_history

    print_renderable(Group(render_history(kb, saved, chosen), render_mock_history(mocks, chosen)), settings)


@app.command("show")
def history_show(
    ctx: typer.Context,
    number: Annotated[
        int | None,
        typer.Argument(metavar="[N]", show_default=False),
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Show a saved assessment again, exactly as assess showed it, in the language you ask for.

    Examples: mlcareer history show · mlcareer history show 2 --lang en · mlcareer history show --json
    """
    settings = settings_of(ctx, lang, data_dir)
    chosen = settings.lang

    with open_store(settings, read_only_ok=True) as store:
        saved = store.assessments()
    if not saved:
        raise MlcareerError(_("No assessments yet. Start with: mlcareer assess", chosen))
    item = saved[0] if number is None else next((a for a in saved if a.id == number), None)
    if item is None:
        ids = ", ".join(str(a.id) for a in sorted(saved, key=lambda a: a.id))
        raise UsageError(
            _("There is no assessment #{number}. See the numbers with mlcareer history (saved: {ids}).", chosen).format(
                number=number, ids=ids
            ),
        )
    kb = load_kb(settings)
    result = _advise_again(settings, kb, item)
    from mlcareer.domain.history import record_format, same_result
    from mlcareer.loading.datafiles import knowledge_version

    stored = item.result.get("knowledge")
    if not same_result(item.result, result) or (
        record_format(item.result) >= 2 and stored != knowledge_version(settings.data_dir)
    ):
        print_notices(
            [
                _(
                    "#{id} was saved with other knowledge data; it is shown as today's data reads "
                    "its answers (scores and gaps may differ from then).",
                    chosen,
                ).format(id=item.id)
            ],
            chosen,
        )
    if as_json:
        from mlcareer.render.jsondata import assessment_json

        print_json(assessment_json(kb, result, chosen))
        return
    from mlcareer.render.terminal.lookups import render_assessment

    print_renderable(render_assessment(kb, result, chosen), settings, page=True)


def _advise_again(settings: Settings, kb: KnowledgeBase, item: Any) -> Any:
    """The saved answers advised again: the same answers and knowledge give the same result."""
    from mlcareer.domain.advisor import advise
    from mlcareer.loading.answers import parse_answers
    from mlcareer.loading.rules import load_quiz_and_rules

    quiz, rules = load_quiz_and_rules(kb, settings.data_dir)
    answers = parse_answers(kb, quiz, item.answers, f"history #{item.id}", saved=True)
    if answers.no_longer_asked:
        from mlcareer.i18n import _

        notice = _(
            "#{id} answers questions no longer asked ({names}): kept, but not used for the result.", settings.lang
        )
        print_notices([notice.format(id=item.id, names=", ".join(answers.no_longer_asked))], settings.lang)
    return advise(kb, rules, answers)
