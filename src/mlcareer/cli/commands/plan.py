"""The study-plan commands: roadmap (and its exports), done, undo, progress."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import click
import typer

from mlcareer.cli.app import CAREER_PANEL
from mlcareer.cli.current_plan import (
    PlanSource,
    inputs_from_record,
    keep_or_replace,
    parse_skills,
    ticks,
)
from mlcareer.cli.options import (
    AnswersOpt,
    DataDirOpt,
    ForceOpt,
    HoursOpt,
    JsonOpt,
    LangOpt,
    LevelOpt,
    SkillsOpt,
    SpecOpt,
    check_choice,
    complete_ids,
    export_option,
    new_option,
    open_answers_source,
    output_option,
    start_option,
)
from mlcareer.cli.output import open_store, print_json, print_notices, print_renderable, write_stderr, write_stdout
from mlcareer.cli.settings import Settings, load_kb, settings_of
from mlcareer.errors import MlcareerError, UsageError
from mlcareer.i18n import N_, Lang, _, ngettext

if TYPE_CHECKING:
    from mlcareer.domain.history import SavedAssessment
    from mlcareer.domain.model import KnowledgeBase
    from mlcareer.domain.planner import PlanInputs


commands = typer.Typer()  # composed into the app by mlcareer.cli


# -- shared plumbing -------------------------------------------------------------------------


def _parse_date(value: str, lang: Lang) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            _("--start: {value!r} is not a date. Use YYYY-MM-DD (e.g. 2026-04-01).", lang).format(value=value),
        ) from None


def _usage(message: str) -> MlcareerError:
    return UsageError(message)


def _plan_source(
    settings: Settings,
    kb: KnowledgeBase,
    specialization: str | None,
    level: str | None,
    skills: str | None,
    answers: str | None,
    hours: float | None,
    *,
    fresh: bool = False,
) -> PlanSource:
    """The plan inputs from flags, an answers file, the current plan or the last assessment (in that order).

    `fresh` (roadmap --new) skips the current plan: without flags, the plan comes from the last assessment.
    """
    from mlcareer.domain.answers import DEFAULT_WEEKLY_HOURS
    from mlcareer.domain.planner import PlanInputs, check_weekly_hours

    if hours is not None:
        check_weekly_hours(hours)
    if answers is not None and specialization is not None:
        raise _usage(
            _("Use either --answers or --specialization, not both.", settings.lang),
        )
    if specialization is None and (level is not None or skills is not None):
        raise _usage(
            _("--level and --skills go with --specialization.", settings.lang),
        )
    if specialization is not None:
        spec_id = check_choice("specialization", specialization, kb.specializations)
        assert spec_id is not None
        level_id = check_choice("level", level, kb.levels)
        held = parse_skills(kb, skills) if skills else ()
        weekly = hours if hours is not None else DEFAULT_WEEKLY_HOURS
        return PlanSource(PlanInputs(spec_id, level_id, held, weekly, assumed_level=level_id), "flags", None)
    if answers is not None:
        inputs = _inputs_from_answers(settings, kb, answers)
        return PlanSource(_with_hours(inputs, hours), "answers", None)
    from mlcareer.domain.planner import inputs_from_saved

    with open_store(settings) as store:
        current = None if fresh else store.current_plan()
        saved = store.latest_assessment()
    if current is not None:
        inputs, first_day = inputs_from_record(kb, current.record, settings.lang)
        newer = _newer_assessment(kb, saved, current.saved_at)
        if newer is not None and (newer.specialization, newer.weekly_hours) == (
            inputs.specialization,
            inputs.weekly_hours,
        ):
            # Assessed again for the same field and pace: the same plan, with what they know now.
            if (set(newer.skills), newer.level) != (set(inputs.skills), inputs.level):
                print_notices(
                    [
                        _(
                            "Your plan now counts what your latest assessment says you know; its field, "
                            "pace and first day are unchanged.",
                            settings.lang,
                        )
                    ],
                    settings.lang,
                )
            return PlanSource(_with_hours(newer, hours), "assessment", first_day)
        if newer is not None:
            spec = kb.specializations[newer.specialization].name(settings.lang)
            print_notices(
                [
                    _(
                        "Your latest assessment ({spec}, {weekly_hours:g} h/week) differs from your "
                        "current plan. To plan from it instead: mlcareer roadmap --new",
                        settings.lang,
                    ).format(spec=spec, weekly_hours=newer.weekly_hours)
                ],
                settings.lang,
            )
        return PlanSource(_with_hours(inputs, hours), "plan", first_day)
    if saved is None:
        command = click.get_current_context().info_name or "roadmap"
        raise MlcareerError(
            _(
                "There is no saved plan or assessment yet. Run mlcareer assess first, or pass "
                "--specialization (e.g. mlcareer {command} -s mlops).",
                settings.lang,
            ).format(command=command)
        )
    from_saved = inputs_from_saved(kb, saved.answers, saved.result)
    if from_saved is None:
        raise MlcareerError(
            _(
                "The saved assessment's specialization is not in the knowledge base any more. "
                "Run mlcareer assess again, or pass --specialization.",
                settings.lang,
            )
        )
    return PlanSource(_with_hours(from_saved, hours), "assessment", None)


def _newer_assessment(kb: KnowledgeBase, saved: SavedAssessment | None, since: dt.datetime) -> PlanInputs | None:
    """The plan inputs of an assessment made after the current plan was saved, if there is one."""
    from mlcareer.domain.planner import inputs_from_saved

    if saved is None or saved.created_at <= since:
        return None
    return inputs_from_saved(kb, saved.answers, saved.result)


def _with_hours(inputs: PlanInputs, hours: float | None) -> PlanInputs:
    from dataclasses import replace

    return inputs if hours is None else replace(inputs, weekly_hours=hours)


def _inputs_from_answers(settings: Settings, kb: KnowledgeBase, source: str) -> PlanInputs:
    from mlcareer.domain.advisor import advise
    from mlcareer.domain.planner import PlanInputs
    from mlcareer.loading.answers import answer_records, parse_answers
    from mlcareer.loading.rules import load_quiz_and_rules

    with open_answers_source(source, settings.lang) as (stream, where):
        found, batch = answer_records(stream, where, limit=settings.input_limit())
        records = [] if batch else list(found)
    if batch:
        raise MlcareerError(
            _("{where} holds several people's answers; a plan is made from one person's.", settings.lang).format(
                where=where
            )
        )
    quiz, rules = load_quiz_and_rules(kb, settings.data_dir)
    parsed = parse_answers(kb, quiz, records[0], where)
    result = advise(kb, rules, parsed)
    from mlcareer.domain.planner import hands_on_level

    return PlanInputs(
        result.top,
        result.level,
        parsed.skills,
        parsed.weekly_hours,
        parsed.interests,
        parsed.industries,
        hands_on_level(kb, parsed.ml_years),
    )


def _module_label(kb: KnowledgeBase, module_id: str, lang: Lang) -> str:
    module = kb.modules.get(module_id)
    if module is None:
        return module_id
    return f"{module_id}（{module.name.ja}）" if lang == "ja" else f"{module_id} ({module.name.en})"


# -- roadmap ---------------------------------------------------------------------------------


@commands.command(rich_help_panel=CAREER_PANEL)
def roadmap(
    ctx: typer.Context,
    specialization: SpecOpt = None,
    level: LevelOpt = None,
    skills: SkillsOpt = None,
    answers: AnswersOpt = None,
    hours: HoursOpt = None,
    start: Annotated[
        str | None,
        start_option(N_("First day of the plan, YYYY-MM-DD (default: today)")),
    ] = None,
    export: Annotated[
        str | None,
        export_option("md|json|ics", N_("Export as Markdown, JSON or iCalendar (to stdout unless --output)")),
    ] = None,
    output: Annotated[
        Path | None,
        output_option(
            N_("Write the export to FILE (the format can come from its .md/.json/.ics suffix; - for stdout)")
        ),
    ] = None,
    force: ForceOpt = False,
    new: Annotated[
        bool,
        new_option(N_("Make this your current plan, replacing the saved one (ticks carry over)")),
    ] = False,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Your dated study plan: when you can start applying, what to learn before, and growth after.

    The plan it shows is saved as your current plan, which done, undo, progress and --export use.
    It is made from your current plan, else your last assessment, an answers file, or
    --specialization [--level] [--skills]. It starts on the current plan's first day, else today
    (--start sets another). Another field, pace or start replaces the current plan only with --new
    (or when you confirm on a terminal).

    Modules you already know, or ticked off with `mlcareer done`, are marked done and take no time.

    --export writes Markdown, JSON or iCalendar, to stdout or to --output FILE.

    Examples: mlcareer roadmap · mlcareer roadmap -s mlops --skills python,sql --hours 8 · mlcareer roadmap -o plan.ics
    """
    settings = settings_of(ctx, lang, data_dir)
    chosen = settings.lang
    fmt = _export_format(export, output, as_json, chosen)
    if output is not None and str(output) == "-":
        output = None  # -o - is standard output, as everywhere
    kb = load_kb(settings)
    source = _plan_source(settings, kb, specialization, level, skills, answers, hours, fresh=new)
    first_day = keep_or_replace(settings, kb, source, _parse_date(start, chosen) if start is not None else None, new)
    from mlcareer.domain.planner import build_plan

    inputs = source.inputs
    plan = build_plan(
        kb, inputs.specialization, inputs.level, inputs.skills, ticks(settings), inputs.weekly_hours, first_day,
        interests=inputs.interests, industries=inputs.industries, assumed_level=inputs.assumed_level,
        today=dt.date.today(), check_start=start is not None, focus=inputs.focus,
    )  # fmt: skip
    if fmt is None:
        from mlcareer.render.terminal.plan import render_plan

        print_renderable(render_plan(kb, plan, chosen), settings)
        return
    from mlcareer.render import export as exporter

    if fmt == "json" and output is None:
        print_json(exporter.plan_json(kb, plan, chosen))
        return
    if fmt == "json":
        import json

        data = (json.dumps(exporter.plan_json(kb, plan, chosen), ensure_ascii=False, indent=2) + "\n").encode()
    elif fmt == "md":
        data = exporter.plan_markdown(kb, plan, chosen).encode()
    else:
        data = exporter.plan_ical(kb, plan, chosen, dt.datetime.now(dt.UTC))
    if output is None:
        # Bytes as exported: the .ics line endings are CRLF by RFC 5545, and a text stream may alter them.
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from mlcareer.storage.atomic import write_atomic

    write_atomic(output, data, force=force)
    count = len(plan.open_modules)
    write_stderr(
        ngettext(
            "Wrote {output} ({count} open module).", "Wrote {output} ({count} open modules).", count, chosen
        ).format(output=output, count=count)
        + "\n",
        chosen,
    )


def _export_format(export: str | None, output: Path | None, as_json: bool, lang: Lang) -> str | None:
    from mlcareer.render.export import FORMATS, format_for

    fmt = None
    if export is not None:
        fmt = export.strip().lower()
        if fmt not in FORMATS:
            raise _usage(
                _("--export must be one of {formats} (got {export!r}).", lang).format(
                    formats=_(", ", lang).join(FORMATS), export=export
                )
            )
    if as_json:
        if fmt not in (None, "json"):
            raise _usage(_("--json and --export do not go together.", lang))
        fmt = "json"
    if output is not None and fmt is None:
        fmt = format_for(output)  # None for "-" (standard output): say which format
        if fmt is None:
            raise _usage(
                _("Cannot tell the format of {output} from its name: add --export md|json|ics.", lang).format(
                    output=output
                ),
            )
    return fmt


# -- done / undo -----------------------------------------------------------------------------


ModuleIdsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="MODULE_ID...",
        autocompletion=complete_ids("modules"),
    ),
]


@commands.command(rich_help_panel=CAREER_PANEL)
def done(ctx: typer.Context, module_ids: ModuleIdsArg, lang: LangOpt = None, data_dir: DataDirOpt = None) -> None:
    """Tick study-plan modules off. Progress is kept by id, so it survives edits to the guide's text.

    Examples: mlcareer done python_basics · mlcareer done sql_git_basics nlp
    """
    settings = settings_of(ctx, lang, data_dir)
    chosen = settings.lang
    kb = load_kb(settings)

    wanted = [_checked_id(m, kb.modules.keys()) for m in module_ids]
    now = dt.datetime.now(dt.UTC)
    with open_store(settings) as store:
        changed_any = False
        for module_id in dict.fromkeys(wanted):
            changed = store.set_module_done(module_id, True, now)
            changed_any |= changed
            label = _module_label(kb, module_id, chosen)
            said = _("✓ Marked {label} as done.", chosen) if changed else _("{label} was already marked done.", chosen)
            write_stdout(said.format(label=label) + "\n", chosen)
    if changed_any:
        _print_ready(settings, kb, ticked=tuple(dict.fromkeys(wanted)))


@commands.command(rich_help_panel=CAREER_PANEL)
def undo(ctx: typer.Context, module_ids: ModuleIdsArg, lang: LangOpt = None, data_dir: DataDirOpt = None) -> None:
    """Take back a tick: the modules count as open again.

    Examples: mlcareer undo python_basics
    """
    settings = settings_of(ctx, lang, data_dir)
    chosen = settings.lang
    kb = load_kb(settings)

    with open_store(settings) as store:
        # Ticks for modules the knowledge base no longer has can be taken back too.
        valid = set(kb.modules) | set(store.done_modules())
        wanted = [_checked_id(m, valid) for m in module_ids]
        now = dt.datetime.now(dt.UTC)
        changed_any = False
        for module_id in dict.fromkeys(wanted):
            changed = store.set_module_done(module_id, False, now)
            changed_any |= changed
            label = _module_label(kb, module_id, chosen)
            said = (
                _("{label} is open again.", chosen)
                if changed
                else _("{label} was not marked done; nothing changed.", chosen)
            )
            write_stdout(said.format(label=label) + "\n", chosen)
    if changed_any:
        _print_ready(settings, kb)


def _print_ready(settings: Settings, kb: KnowledgeBase, ticked: tuple[str, ...] = ()) -> None:
    """After a tick: when the current plan now says you can apply (nothing without a current plan),
    and which of the `ticked` modules the plan does not have (kept: a later plan may have them)."""
    lang = settings.lang
    from mlcareer.domain.planner import build_plan
    from mlcareer.render.export import ready_text

    with open_store(settings) as store:
        current = store.current_plan()
    if current is None:
        return
    try:
        inputs, first_day = inputs_from_record(kb, current.record, settings.lang)
    except MlcareerError:
        return  # the plan's field is gone: roadmap and progress say so
    plan = build_plan(
        kb, inputs.specialization, inputs.level, inputs.skills, ticks(settings), inputs.weekly_hours, first_day,
        interests=inputs.interests, industries=inputs.industries, assumed_level=inputs.assumed_level,
    )  # fmt: skip
    planned = {module.id for module in plan.modules}
    outside = [module_id for module_id in ticked if module_id not in planned]
    if outside:
        said = ngettext(
            "{modules} is not in your current plan: the tick is kept, for a plan that has it.",
            "{modules} are not in your current plan: the ticks are kept, for a plan that has them.",
            len(outside),
            lang,
        )
        write_stdout(said.format(modules=", ".join(outside)) + "\n", lang)
    write_stdout(_("Ready to apply: {when}", lang).format(when=ready_text(lang, plan)) + "\n", lang)


def _checked_id(value: str, valid: Collection[str]) -> str:
    from mlcareer.domain.lookup import unknown_id_error

    ident = value.strip().lower()
    if ident not in valid:
        raise unknown_id_error("module", value, [str(v) for v in valid])
    return ident


# -- progress --------------------------------------------------------------------------------


@commands.command(rich_help_panel=CAREER_PANEL)
def progress(
    ctx: typer.Context,
    specialization: SpecOpt = None,
    level: LevelOpt = None,
    skills: SkillsOpt = None,
    answers: AnswersOpt = None,
    hours: HoursOpt = None,
    start: Annotated[
        str | None,
        start_option(
            N_("The day you began the plan, YYYY-MM-DD (default: your current plan's, else today)"),
        ),
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """How far along your plan you are: per phase, hours done and left, ahead of or behind your dates.

    Your current plan (the one mlcareer roadmap saved), with the same dates roadmap shows; when you
    are behind, the rest re-flows from today. The flags look at another plan without saving it.

    Examples: mlcareer progress · mlcareer progress --start 2026-01-05 · mlcareer progress --json
    """
    settings = settings_of(ctx, lang, data_dir)
    chosen = settings.lang
    kb = load_kb(settings)
    source = _plan_source(settings, kb, specialization, level, skills, answers, hours)
    today = dt.date.today()
    began = _parse_date(start, chosen) if start is not None else (source.start or today)
    from mlcareer.domain.planner import build_plan, track_progress

    inputs = source.inputs
    baseline = build_plan(
        kb, inputs.specialization, inputs.level, inputs.skills, frozenset(), inputs.weekly_hours, began,
        interests=inputs.interests, industries=inputs.industries, assumed_level=inputs.assumed_level, today=today,
        focus=inputs.focus,
    )  # fmt: skip
    result = track_progress(kb, baseline, ticks(settings), today)
    if as_json:
        from mlcareer.render.export import progress_json

        print_json(progress_json(kb, result, chosen))
        return
    from mlcareer.render.terminal.plan import render_progress

    print_renderable(render_progress(kb, result, chosen), settings)
