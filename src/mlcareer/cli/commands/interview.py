"""`mlcareer interview`: interview practice with spaced repetition, and the mock interview."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from mlcareer.cli.app import CAREER_PANEL
from mlcareer.cli.options import (
    DataDirOpt,
    ForceOpt,
    JsonOpt,
    LangOpt,
    check_choice,
    export_option,
    level_option,
    output_option,
    specialization_option,
)
from mlcareer.cli.output import open_store, print_json, print_renderable, tell_notices, write_stderr
from mlcareer.cli.settings import Settings, load_kb, settings_of
from mlcareer.cli.terminal import require_terminal
from mlcareer.errors import Cancelled, MlcareerError, UsageError
from mlcareer.i18n import N_, Lang, _, ngettext

if TYPE_CHECKING:
    from datetime import datetime as dt_datetime

    from mlcareer.domain.interview import RatedQuestion
    from mlcareer.domain.mock import Debrief, MockAnswer, MockPlan
    from mlcareer.domain.model import KnowledgeBase
    from mlcareer.storage.store import Store


commands = typer.Typer()  # composed into the app by mlcareer.cli


@commands.command(rich_help_panel=CAREER_PANEL)
def interview(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            "-t",
            metavar="ID",
            help=N_("Only this topic (see --list)"),
            show_default=False,
        ),
    ] = None,
    specialization: Annotated[
        str | None,
        specialization_option(
            N_("This specialization's questions plus the general ones everyone is asked (its own come first)")
        ),
    ] = None,
    count: Annotated[
        int | None,
        typer.Option(
            "--count",
            "-n",
            metavar="N",
            help=N_("How many questions (default 5; with --list / --json, all by default)"),
            show_default=False,
        ),
    ] = None,
    level: Annotated[
        str | None,
        level_option(
            N_("Questions at this level (beginner / mid / senior) or one away (default: your last assessment's)")
        ),
    ] = None,
    due: Annotated[
        bool,
        typer.Option("--due", help=N_("Only the questions that are due")),
    ] = False,
    as_list: Annotated[
        bool,
        typer.Option(
            "--list",
            help=N_("List the questions in practice order, with when each is due"),
        ),
    ] = False,
    mock: Annotated[
        bool,
        typer.Option(
            "--mock",
            help=N_(
                "Mock interview: a personal opener, field questions at your level, 逆質問 last; a "
                "timer per question and a debrief"
            ),
        ),
    ] = False,
    minutes: Annotated[
        int | None,
        typer.Option(
            "--minutes",
            metavar="M",
            help=N_("Length of the mock interview (default 30), split evenly"),
            show_default=False,
        ),
    ] = None,
    export: Annotated[
        str | None,
        export_option(
            "md",
            N_("Write the mock interview's debrief and key points as a study sheet (without --mock: the last one)"),
        ),
    ] = None,
    output: Annotated[
        Path | None,
        output_option(N_("Where --export writes (- for stdout)")),
    ] = None,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Practise interview questions: answer, compare with the key points, rate yourself.

    Every rating is kept, and FSRS (the scheduler Anki uses) decides when a question comes back:
    missed or partly answered, next session; answered well, when you would otherwise start to forget it.

    Order: questions due, then new ones, then the rest; those at your level (from your last assessment,
    or --level) first. --specialization includes the general questions, after its own. --due: only those due.

    --list and --json print the questions in that order, with when each is due, and need no terminal.

    --mock [-n 5] [--minutes 30]: one interview with a timer per question, then a debrief saved to your
    history; --export md writes it with the key points as a study sheet.

    Examples: mlcareer interview · mlcareer interview --due --list · mlcareer interview --mock --minutes 20
    """
    settings = settings_of(ctx, lang, data_dir)
    chosen = settings.lang
    kb = load_kb(settings)
    topic_id = check_choice("topic", topic, kb.topics)
    spec_id = check_choice("specialization", specialization, kb.specializations)
    level_id = check_choice("level", level, kb.levels)
    from mlcareer.domain.interview import DEFAULT_COUNT

    if count is not None and count < 1:
        raise UsageError(_("--count must be 1 or more (got {count}).", chosen).format(count=count))
    if export is not None and export.strip().lower() not in ("md", "markdown"):
        raise UsageError(_("--export takes md (got {value!r}).", chosen).format(value=export))
    if output is not None and export is None:
        raise UsageError(_("--output goes with --export md.", chosen))
    to_stdout = output is not None and str(output) == "-"
    if mock or minutes is not None:
        if as_list or as_json or due or topic_id is not None:
            raise UsageError(_("--mock does not go with --list, --json, --due or --topic.", chosen))
        from mlcareer.domain.mock import DEFAULT_MINUTES, DEFAULT_QUESTIONS, MAX_MINUTES, MIN_QUESTIONS

        questions, length = count or DEFAULT_QUESTIONS, DEFAULT_MINUTES if minutes is None else minutes
        if questions < MIN_QUESTIONS:
            raise UsageError(
                _(
                    "A mock interview needs -n {minimum} or more: an opener, a field question and 逆質問 "
                    "(got {count}).",
                    chosen,
                ).format(minimum=MIN_QUESTIONS, count=questions)
            )
        if not 1 <= length <= MAX_MINUTES:
            raise UsageError(
                _("--minutes must be between 1 and {maximum} (got {minutes}).", chosen).format(
                    maximum=MAX_MINUTES, minutes=length
                )
            )
        if not mock:
            raise UsageError(_("--minutes goes with --mock.", chosen))
    if export is not None and not mock:
        _export_last_mock(settings, kb, None if to_stdout else output, force)
        return
    if as_list or as_json:
        _print_questions(settings, kb, Filters(topic_id, spec_id, level_id, due), count, as_json)
        return
    if mock:
        require_terminal(
            _(
                "The mock interview needs a terminal (TTY). To write out the last debrief: "
                "mlcareer interview --export md",
                chosen,
            ),
        )
        from mlcareer.domain.mock import DEFAULT_MINUTES, DEFAULT_QUESTIONS

        sheet = (None if to_stdout else output, force) if export is not None else None
        _mock_interview(settings, kb, spec_id, level_id, count or DEFAULT_QUESTIONS, minutes or DEFAULT_MINUTES, sheet)
        return
    require_terminal(
        _(
            "Interview practice needs a terminal (TTY). To print the questions instead: "
            "mlcareer interview --list or --json",
            chosen,
        ),
    )
    _practise(settings, kb, Filters(topic_id, spec_id, level_id, due), count or DEFAULT_COUNT)


class Filters(NamedTuple):
    topic: str | None
    specialization: str | None
    level: str | None
    due_only: bool


def _print_questions(settings: Settings, kb: KnowledgeBase, filters: Filters, count: int | None, as_json: bool) -> None:
    import datetime as dt

    from mlcareer.domain.interview import item_json, practice_order

    lang = settings.lang
    with open_store(settings, read_only_ok=True) as store:
        ratings = store.ratings()
    items = practice_order(kb, ratings, dt.datetime.now(dt.UTC), **filters._asdict())
    if count is not None:
        items = items[:count]
    if as_json:
        print_json({"questions": [item_json(item, lang) for item in items]})
        return
    from mlcareer.render.terminal.interview import render_question_list

    print_renderable(render_question_list(kb, items, lang), settings, page=True)


def assessed_level(kb: KnowledgeBase, store: Store) -> str | None:
    """The level of the last assessment (the advisor's `level`), if there is one we know."""
    saved = store.latest_assessment()
    level = saved.result.get("level") if saved is not None else None
    if isinstance(level, dict):  # {"id": ..., "name": ...} in the assessment's JSON
        level = level.get("id")
    return level if isinstance(level, str) and level in kb.levels else None


def _assessed_field(kb: KnowledgeBase, store: Store, lang: Lang, *, announce: bool = True) -> str | None:
    """With no filter, practise for the best fit of the last assessment (and say so)."""
    saved = store.latest_assessment()
    ranking = saved.result.get("specializations") if saved is not None else None
    top = ranking[0].get("id") if isinstance(ranking, list) and ranking and isinstance(ranking[0], dict) else None
    if top not in kb.specializations:
        return None
    if not announce:
        return str(top)
    name = kb.specializations[top].name(lang)
    write_stderr(
        _("Practising for your last best fit, {name} (another field: -s ID; by topic: --topic ID).\n", lang).format(
            name=name
        ),
        lang,
    )
    return str(top)


def _practise(settings: Settings, kb: KnowledgeBase, filters: Filters, count: int) -> None:
    import datetime as dt

    from rich.console import Console

    from mlcareer.domain.interview import select_questions

    lang = settings.lang
    with open_store(settings) as store:
        ratings = store.ratings()
        if filters.specialization is None and filters.topic is None:
            filters = filters._replace(specialization=_assessed_field(kb, store, lang))
        if filters.level is None:
            filters = filters._replace(level=assessed_level(kb, store))
        tell_notices(store, lang)  # after reading (a bad row adds one), before the questions
        items = select_questions(kb, ratings, dt.datetime.now(dt.UTC), **filters._asdict(), count=count)
        if not items and filters.due_only:
            raise MlcareerError(_("Nothing is due right now. To practise new questions: mlcareer interview", lang))
        if not items:
            raise MlcareerError(
                _("No question matches these filters. See the questions with: mlcareer interview --list", lang)
            )
        from mlcareer.interactive.interview import InterviewSession

        session = InterviewSession(
            kb,
            items,
            lang,
            save=store.add_rating,
            clock=lambda: dt.datetime.now(dt.UTC),
            console=Console(markup=False),  # knowledge texts are shown as written, never as markup
        )
        try:
            rated = session.run()
        except (KeyboardInterrupt, EOFError):
            raise Cancelled(_cancelled_message(session.rated, lang)) from None
    from mlcareer.render.terminal.interview import render_summary

    print_renderable(render_summary(rated, lang), settings)


def _cancelled_message(rated: list[RatedQuestion], lang: Lang) -> str:
    if not rated:
        return _("Cancelled, nothing saved.", lang)
    ids = ", ".join(r.question.id for r in rated)
    return ngettext(
        "Cancelled. Kept the {count} rating you gave ({ids}); the question in progress was not saved.",
        "Cancelled. Kept the {count} ratings you gave ({ids}); the question in progress was not saved.",
        len(rated),
        lang,
    ).format(count=len(rated), ids=ids)


# -- the mock interview ------------------------------------------------------------------------


def _mock_interview(
    settings: Settings,
    kb: KnowledgeBase,
    spec: str | None,
    level: str | None,
    count: int,
    minutes: int,
    sheet: tuple[Path | None, bool] | None,
) -> None:
    import datetime as dt

    from rich.console import Console

    from mlcareer.domain.mock import plan_mock

    def now() -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    lang = settings.lang
    with open_store(settings) as store:
        ratings = store.ratings()
        chosen_spec, chosen_level = spec, level
        if spec is None:
            spec = _assessed_field(kb, store, lang, announce=False)
        if level is None:
            level = assessed_level(kb, store)
        if (spec, level) != (chosen_spec, chosen_level):
            field = kb.specializations[spec].name(lang) if spec else _("all fields", lang)
            grade = kb.levels[level].name(lang) if level else _("every level", lang)
            write_stderr(
                _(
                    "A mock interview from your last assessment: {field}, {level} (change: -s ID, --level ID).", lang
                ).format(field=field, level=grade)
                + "\n",
                lang,
            )
        tell_notices(store, lang)  # before the interview starts
        plan = plan_mock(kb, ratings, now(), specialization=spec, level=level, count=count, minutes=minutes)
        from mlcareer.interactive.mock import MockSession

        session = MockSession(kb, plan, lang, save=store.add_rating, clock=now, console=Console(markup=False))
        try:
            answers = session.run()
        except (KeyboardInterrupt, EOFError):
            kept = _save_mock(kb, store, plan, session.answers, now())
            raise Cancelled(_mock_cancelled_message(session.answers, kept is not None, lang)) from None
        result = _save_mock(kb, store, plan, answers, now())
    assert result is not None  # every question was answered
    from mlcareer.render.terminal.mock import render_debrief

    print_renderable(render_debrief(kb, result, lang), settings)
    if sheet is not None:
        target, force = sheet
        if target is None and sys.stdout.isatty():
            target = Path(f"mlcareer-mock-{dt.datetime.now():%Y%m%d-%H%M}.md")
        _write_sheet(kb, result, now(), lang, target, force)


def _save_mock(
    kb: KnowledgeBase, store: Store, plan: MockPlan, answers: list[MockAnswer], when: dt_datetime
) -> Debrief | None:
    """Debrief what was answered and keep it in the history; None if nothing was."""
    if not answers:
        return None
    from mlcareer.domain.mock import debrief, record_of

    earlier = [saved.record for saved in store.mocks()]
    result = debrief(kb, plan, answers, earlier=earlier, after=store.ratings(), now=when)
    store.save_mock(record_of(plan, result), when)
    return result


def _mock_cancelled_message(answers: list[MockAnswer], saved: bool, lang: Lang) -> str:
    if not saved:
        return _("Cancelled, nothing saved.", lang)
    return ngettext(
        "Cancelled. Kept the answer you gave and its debrief (mlcareer interview --export md); "
        "the question in progress was not saved.",
        "Cancelled. Kept the {count} answers you gave and their debrief (mlcareer interview --export md); "
        "the question in progress was not saved.",
        len(answers),
        lang,
    ).format(count=len(answers))


def _export_last_mock(settings: Settings, kb: KnowledgeBase, target: Path | None, force: bool) -> None:
    from mlcareer.domain.mock import debrief_of

    lang = settings.lang
    with open_store(settings, read_only_ok=True) as store:
        saved = store.mocks()  # all, so that one unreadable newest row does not hide the others
    if not saved:
        raise MlcareerError(_("There is no mock interview yet. Start one with: mlcareer interview --mock", lang))
    _write_sheet(kb, debrief_of(saved[0].record), saved[0].created_at, lang, target, force)


def _write_sheet(
    kb: KnowledgeBase, result: Debrief, when: dt_datetime, lang: Lang, target: Path | None, force: bool
) -> None:
    from mlcareer.render.terminal.mock import debrief_markdown

    data = debrief_markdown(kb, result, when, lang).encode()
    if target is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from mlcareer.storage.atomic import write_atomic

    write_atomic(target, data, force=force)
    write_stderr(_("Wrote the study sheet to {path}.", lang).format(path=target) + "\n", lang)
