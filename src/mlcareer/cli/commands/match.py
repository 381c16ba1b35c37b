"""`mlcareer match`: a job posting (or several, or a CV) held against the person."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mlcareer.cli.app import CAREER_PANEL
from mlcareer.cli.current_plan import PlanSource, keep_or_replace, parse_skills, ticks
from mlcareer.cli.options import (
    DataDirOpt,
    JsonOpt,
    LangOpt,
    answers_option,
    hours_option,
    new_option,
    open_answers_source,
    skills_option,
)
from mlcareer.cli.output import open_store, print_json, print_renderable, write_stderr, write_stdout
from mlcareer.cli.settings import Settings, load_kb, settings_of
from mlcareer.errors import MlcareerError, UsageError
from mlcareer.i18n import N_, _

if TYPE_CHECKING:
    from mlcareer.domain.matching import Match, Person
    from mlcareer.domain.model import KnowledgeBase
    from mlcareer.domain.planner import StudyPlan
    from mlcareer.domain.quiz import Quiz
    from mlcareer.domain.rules import RuleSet


commands = typer.Typer()  # composed into the app by mlcareer.cli


def person_from_flags(
    settings: Settings,
    kb: KnowledgeBase,
    quiz: Quiz,
    rules: RuleSet,
    skills: str | None,
    answers: str | None,
    hours: float | None,
) -> Person:
    """The person: --skills, an answers file, or the last saved assessment (in that order)."""
    from mlcareer.domain.matching import Person
    from mlcareer.domain.planner import check_weekly_hours

    lang = settings.lang
    if hours is not None:
        check_weekly_hours(hours)
    if skills is not None and answers is not None:
        raise UsageError(
            _("Use either --skills or --answers, not both.", settings.lang),
        )
    if skills is not None:
        person = Person(parse_skills(kb, skills))
    else:
        from mlcareer.domain.advisor import advise
        from mlcareer.loading.answers import answer_records, parse_answers

        if answers is not None:
            with open_answers_source(answers, lang) as (stream, where):
                found, batch = answer_records(stream, where, limit=settings.input_limit())
                records = [] if batch else list(found)
            if batch:
                raise MlcareerError(
                    _("{where} holds several people's answers; a match is made for one person.", settings.lang).format(
                        where=where
                    )
                )
            record: Any = records[0]
            from_history = False
        else:
            with open_store(settings, read_only_ok=True) as store:
                saved = store.latest_assessment()
            if saved is None:
                raise MlcareerError(
                    _(
                        "There is no saved assessment yet. Run mlcareer assess first, or pass --skills "
                        "python,sql or --answers FILE.",
                        settings.lang,
                    )
                )
            record, where = saved.answers, _("the saved assessment", settings.lang)
            from_history = True  # it may predate questions added since, or answer ones removed
        parsed = parse_answers(kb, quiz, record, where, saved=from_history)
        result = advise(kb, rules, parsed)
        from mlcareer.domain.planner import hands_on_level

        person = Person(
            parsed.skills,
            result.level,
            result.level_years,
            parsed.weekly_hours,
            parsed.target_salary,
            parsed.interests,
            parsed.industries,
            hands_on_level(kb, parsed.ml_years),
        )
    return replace(person, weekly_hours=hours) if hours is not None else person


def posting_plan(
    settings: Settings, kb: KnowledgeBase, match: Match, field: str, new: bool, today: dt.date
) -> StudyPlan:
    """The roadmap's plan kept to the modules that teach what the posting needs (and what they build on),
    saved as the current plan the way roadmap saves one: unasked only when it replaces nothing else."""
    from mlcareer.domain.planner import PlanInputs, build_plan

    person = match.person
    inputs = PlanInputs(
        field,
        person.level,
        person.skills,
        person.weekly_hours,
        person.interests,
        person.industries,
        person.assumed_level,
        tuple(item.skill for item in match.study),
    )
    first_day = keep_or_replace(settings, kb, PlanSource(inputs, "match", None), None, new)
    return build_plan(
        kb, field, inputs.level, inputs.skills, ticks(settings), inputs.weekly_hours, first_day,
        interests=inputs.interests, industries=inputs.industries, assumed_level=inputs.assumed_level,
        today=today, focus=inputs.focus,
    )  # fmt: skip


@commands.command(rich_help_panel=CAREER_PANEL)
def match(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(metavar="FILE|-|FOLDER...", show_default=False),
    ],
    skills: Annotated[
        str | None,
        skills_option(N_("Skills you have (ids or names, comma-separated), instead of your last assessment")),
    ] = None,
    answers: Annotated[
        str | None,
        answers_option(N_("An answers file (YAML or JSON; - for stdin) instead of your last assessment")),
    ] = None,
    hours: Annotated[
        float | None,
        hours_option(N_("Study hours a week (default: from your answers, else 10)")),
    ] = None,
    plan: Annotated[
        bool,
        typer.Option("--plan", help=N_("Turn the missing skills into a dated study plan")),
    ] = False,
    new: Annotated[
        bool,
        new_option(N_("With --plan: make it your current plan, replacing the saved one")),
    ] = False,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Hold a job posting (or CV) against what you know: skills held and missing, readiness, when you
    could be ready.

    Works offline on plain text, Markdown or HTML in Japanese, English or both. A folder (or several
    files) gives one line per posting and the skills asked for most across them; with --json, one
    JSON line per posting.

    Examples: mlcareer match posting.txt · mlcareer match job.html --skills python,sql · mlcareer match saved/ --json
    """
    settings = settings_of(ctx, lang, data_dir)
    chosen = settings.lang
    kb = load_kb(settings)
    from mlcareer.domain.matching import match_posting
    from mlcareer.domain.posting import read_posting
    from mlcareer.loading.postings import posting_files, read_source
    from mlcareer.loading.rules import load_quiz_and_rules

    files = posting_files(paths)
    if files.count("-") > 1:
        raise UsageError(_("- can be given only once.", chosen))
    quiz, rules = load_quiz_and_rules(kb, settings.data_dir)
    person = person_from_flags(settings, kb, quiz, rules, skills, answers, hours)
    today = dt.date.today()
    several = len(files) > 1
    if new and not plan:
        raise UsageError(_("--new goes with --plan.", chosen))
    if plan and several:
        raise UsageError(_("--plan works with one posting at a time.", chosen))
    from mlcareer.render.terminal.match import match_json

    results: list[tuple[str, Match]] = []
    failed = 0
    for name in files:
        try:
            source = read_source(name)
        except MlcareerError as error:
            if not several:
                raise
            failed += 1
            from mlcareer.render.problems import error_text

            write_stderr(f"{name}: {error_text(error, chosen)}\n", chosen)
            continue
        posting = read_posting(kb, source.lines, source.numbers)
        result = match_posting(kb, rules, posting, person, today)
        results.append((source.name, result))
        if as_json and several:
            document = {"file": source.name, **match_json(kb, result, chosen)}
            sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
    if several:
        _summary(settings, kb, results, to_stderr=as_json)
        if failed:
            from mlcareer.i18n import ngettext

            raise MlcareerError(
                ngettext(
                    "{count} file could not be read (the reason is above).",
                    "{count} files could not be read (the reasons are above).",
                    failed,
                    chosen,
                ).format(count=failed)
            )
        return
    name, result = results[0]
    if plan:
        _show_plan(settings, kb, result, new, today, as_json)
        return
    if as_json:
        print_json(match_json(kb, result, chosen))
        return
    from mlcareer.render.terminal.match import render_match

    print_renderable(render_match(kb, result, chosen, name), settings)


def _summary(settings: Settings, kb: KnowledgeBase, results: list[tuple[str, Match]], *, to_stderr: bool) -> None:
    from mlcareer.domain.matching import market_view
    from mlcareer.render.terminal.match import render_market_view

    lang = settings.lang
    summary = render_market_view(kb, market_view(kb, (m for _, m in results)), results, lang)
    if not to_stderr:
        print_renderable(summary, settings)
        return
    # With --json, standard output holds the JSON lines only: the table goes to stderr.
    from rich.console import Console

    if lang == "ja":
        from mlcareer.render.terminal import linebreak

        linebreak.install()
    Console(soft_wrap=False, markup=False, stderr=True).print(summary)


def _show_plan(settings: Settings, kb: KnowledgeBase, result: Match, new: bool, today: dt.date, as_json: bool) -> None:
    lang = settings.lang
    field = result.specialization
    if field is None:
        raise MlcareerError(_("The posting's field cannot be told, so there is no plan to make.", lang))
    if not result.study:
        raise MlcareerError(_("You hold every skill this posting names: there is no plan to make.", lang))
    plan = posting_plan(settings, kb, result, field, new, today)
    if as_json:
        from mlcareer.render.export import plan_json

        print_json(plan_json(kb, plan, lang))
        return
    from mlcareer.render.terminal.plan import render_plan

    print_renderable(render_plan(kb, plan, lang), settings)
    taught = {s for m in plan.modules for s in m.skills}
    outside = [item.skill for item in result.study if item.skill not in taught]
    if outside:
        names = _(", ", lang).join(kb.skills[s].name(lang) for s in outside)
        write_stdout(
            _("Not taught by a roadmap module (study these on their own): {names}\n", lang).format(names=names), lang
        )
