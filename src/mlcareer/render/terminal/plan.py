"""Rich renderables for the study plan and its progress. Views build things to print; they never print."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RichText

from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.planner import STAGES, PlannedModule, PlannedPhase, PlanWarning, Progress, Stage, StudyPlan
from mlcareer.i18n import Lang, _, ngettext
from mlcareer.render.export import (
    hours_text,
    pace_text,
    portfolio_phases,
    ready_text,
    stage_note,
    stage_title,
    status_text,
    target_text,
    totals_text,
    warning_label,
)
from mlcareer.render.phrases import say
from mlcareer.render.terminal.lookups import _detail_table, bar, source_note

NEXT_UP = 3


def _summary(kb: KnowledgeBase, plan: StudyPlan, lang: Lang) -> Table:
    table = _detail_table()
    table.add_row(
        RichText(_("Ready to apply", lang), style="bold"),
        RichText(ready_text(lang, plan), style="bold"),
    )
    table.add_row(_("Target", lang), target_text(kb, plan, lang))
    table.add_row(
        _("Pace", lang),
        _("{pace} from {start:%Y-%m-%d}", lang).format(pace=pace_text(lang, plan.weekly_hours), start=plan.start),
    )
    table.add_row(_("Total", lang), totals_text(lang, plan))
    return table


def _module_cell(kb: KnowledgeBase, module: PlannedModule, lang: Lang) -> RichText:
    cell = RichText(module.title(lang))
    cell.append(f"\n{module.id}", style="dim")
    cell.append(_(" · phase {phase}", lang).format(phase=module.phase), style="dim")
    if module.is_done:
        cell.append(f" · {status_text(lang, module)}", style="dim")
    elif module.known_skills:
        cell.append(
            _(" · {count} of {count2} skills known (their hours left out)", lang).format(
                count=len(module.known_skills), count2=len(module.skills)
            ),
            style="dim",
        )
    if not module.is_done and module.skipped_alternatives:
        names = [kb.skills[s].name(lang) if s in kb.skills else s for s in module.skipped_alternatives]
        cell.append(
            _(" · one of each choice is enough, left out: {names}", lang).format(names=_(", ", lang).join(names)),
            style="dim",
        )
    if module.phase != module.guide_phase and module.stage == "before_applying":
        cell.append(
            _(" (moved from the guide's phase {guide_phase}: it builds on this phase)", lang).format(
                guide_phase=module.guide_phase
            ),
            style="dim",
        )
    return cell


def _stage_table(kb: KnowledgeBase, plan: StudyPlan, stage: Stage, lang: Lang) -> Table:
    table = Table(
        title=RichText(stage_title(lang, stage)),
        caption=RichText(stage_note(kb, plan, lang, stage)),
        caption_justify="left",
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        expand=True,
    )
    table.add_column("", no_wrap=True, width=1)
    table.add_column(_("Module", lang), overflow="fold", ratio=1)
    table.add_column(_("Hours", lang), justify="right", no_wrap=True)
    table.add_column(_("Start", lang), no_wrap=True)
    table.add_column(_("End", lang), overflow="fold")
    for module in plan.stage_modules(stage):
        hours = hours_text(lang, module.hours)
        if module.is_done:
            table.add_row("✓", _module_cell(kb, module, lang), hours, "—", "—", style="dim")
        else:
            assert module.start is not None and module.end is not None
            table.add_row(
                "", _module_cell(kb, module, lang), hours, f"{module.start:%Y-%m-%d}", f"{module.end:%Y-%m-%d}"
            )
    return table


def render_warnings(warnings: tuple[PlanWarning, ...], lang: Lang) -> RenderableType:
    lines = [
        RichText(_("{value}: ", lang).format(value=warning_label(lang, w.id)), style="bold yellow") for w in warnings
    ]
    for line, warning in zip(lines, warnings, strict=True):
        line.append(say(warning.text, lang), style="")
    return Group(*lines)


def _phase_notes(phase: PlannedPhase, lang: Lang) -> Table:
    notes = _detail_table()
    notes.add_row(
        _("Practice (phase {number})", lang).format(number=phase.number),
        RichText.assemble(phase.project.name(lang), ("\n" + phase.project.description(lang), "dim")),
    )
    return notes


def render_plan(kb: KnowledgeBase, plan: StudyPlan, lang: Lang) -> RenderableType:
    spec = kb.specializations[plan.specialization].name(lang)
    parts: list[RenderableType] = [
        Panel(
            _summary(kb, plan, lang),
            title=RichText(_("Study plan: {spec}", lang).format(spec=spec)),
            title_align="left",
        )
    ]
    if plan.warnings:
        parts.append(render_warnings(plan.warnings, lang))
    for stage in STAGES:
        parts.append(RichText(""))
        parts.append(_stage_table(kb, plan, stage, lang))
        for phase in portfolio_phases(plan, stage):
            parts.append(_phase_notes(phase, lang))
        if stage == "before_applying":
            parts.append(
                RichText(
                    _("Ready to apply: {when}", lang).format(when=ready_text(lang, plan)),
                    style="bold",
                )
            )
    parts += [
        RichText(""),
        RichText(
            _(
                (
                    "When done: mlcareer done ID · how you are doing: mlcareer progress\nExport: "
                    "mlcareer roadmap --export md|json|ics -o FILE"
                ),
                lang,
            ),
            style="dim",
        ),
        source_note(kb, lang),
    ]
    return Group(*parts)


# -- progress --------------------------------------------------------------------------------


def _standing_text(progress: Progress, lang: Lang) -> RichText:
    if progress.standing == "behind":
        count = len(progress.overdue)
        return RichText(
            ngettext(
                "You are behind your dates: {count} module is past its end date",
                "You are behind your dates: {count} modules are past their end date",
                count,
                lang,
            ).format(count=count)
            + ngettext(" (the oldest by {days} day).", " (the oldest by {days} days).", progress.days, lang).format(
                days=progress.days
            ),
            style="bold yellow",
        )
    if progress.standing == "ahead":
        return RichText(
            ngettext(
                "You are {count} day ahead of your dates.",
                "You are {count} days ahead of your dates.",
                progress.days,
                lang,
            ).format(count=progress.days),
            style="bold green",
        )
    return RichText(_("You are on track.", lang), style="bold green")


def _reflow_text(progress: Progress, lang: Lang) -> str:
    end = progress.projected_end
    planned = progress.baseline.end
    if end is None or planned is None:
        return ""
    slip = progress.slip_days
    if slip > 0:
        later = ngettext("{count} day later than planned", "{count} days later than planned", slip, lang)
    elif slip < 0:
        later = ngettext("{count} day earlier than planned", "{count} days earlier than planned", -slip, lang)
    else:
        later = _("as planned", lang)
    return _(
        "The remaining modules re-flow from today ({today:%Y-%m-%d}): you now finish on {end:%Y-%m-%d}, {later}.", lang
    ).format(today=progress.today, end=end, later=later.format(count=abs(slip)))


def render_progress(kb: KnowledgeBase, progress: Progress, lang: Lang) -> RenderableType:
    plan = progress.current
    spec = kb.specializations[plan.specialization].name(lang)
    reflowed = progress.reflowed is not None
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(_("Phase", lang), overflow="fold", ratio=1)
    table.add_column(_("Progress", lang), no_wrap=True)
    table.add_column(_("Done", lang), justify="right", no_wrap=True)
    table.add_column(_("Left", lang), justify="right", no_wrap=True)
    table.add_column(_("Ends", lang), overflow="fold")
    if reflowed:
        table.add_column(_("Now ends", lang), overflow="fold")
    for phase, row in zip(plan.phases, progress.phases, strict=True):
        total = row.hours_done + row.hours_left
        meter = f"{bar(row.hours_done, total, 10)} {row.modules_done}/{row.modules_total}"
        done_label = _("done", lang)
        planned_end = (
            f"{row.planned_end:%Y-%m-%d}" if row.planned_end is not None else (done_label if phase.modules else "—")
        )
        if row.hours_left == 0 and phase.modules:
            planned_end = done_label if row.planned_end is None else f"{row.planned_end:%Y-%m-%d}"
        cells = [
            f"{phase.number}. {phase.name(lang)}",
            meter,
            hours_text(lang, row.hours_done),
            hours_text(lang, row.hours_left),
            planned_end,
        ]
        if reflowed:
            cells.append(
                f"{row.new_end:%Y-%m-%d}" if row.new_end is not None else (done_label if phase.modules else "—")
            )
        table.add_row(*cells)

    totals = _detail_table()
    totals.add_row(_("Known already", lang), hours_text(lang, progress.known_hours))
    totals.add_row(_("Ticked off", lang), hours_text(lang, progress.ticked_hours))
    totals.add_row(_("Left", lang), hours_text(lang, progress.hours_left))
    totals.add_row(
        _("Planned by today", lang),
        hours_text(lang, round(progress.planned_hours_by_today)),
    )
    totals.add_row(_("Ready to apply", lang), ready_text(lang, plan))
    if plan.end is not None:
        totals.add_row(_("Planned finish", lang), f"{plan.end:%Y-%m-%d}")

    title = _("Progress: {spec} ({value} since {start:%Y-%m-%d})", lang).format(
        spec=spec, value=pace_text(lang, plan.weekly_hours), start=progress.baseline.start
    )
    parts: list[RenderableType] = [Panel(Group(table, totals), title=RichText(title), title_align="left")]
    parts.append(_standing_text(progress, lang))
    if reflowed:
        parts.append(RichText(_reflow_text(progress, lang)))
    upcoming = (progress.reflowed or plan).open_modules[:NEXT_UP]
    if upcoming:
        parts.append(RichText("\n" + _("Next up", lang), style="bold underline"))
        nxt = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
        nxt.add_column(overflow="fold", ratio=1)
        nxt.add_column(justify="right", no_wrap=True)
        nxt.add_column(no_wrap=True)
        for module in upcoming:
            assert module.start is not None and module.end is not None
            overdue = module.id in progress.overdue and not reflowed
            nxt.add_row(
                RichText.assemble(module.title(lang), (f"\n{module.id}", "dim")),
                hours_text(lang, module.hours),
                RichText(status_text(lang, module), style="yellow" if overdue else ""),
            )
        parts.append(nxt)
    elif plan.modules:
        parts.append(RichText(_("Every module is done.", lang), style="bold"))
    if progress.unknown_done:
        parts.append(
            RichText(
                _(
                    (
                        "Ignored ticks for modules the knowledge base no longer has: {value} (remove "
                        "with mlcareer undo ID)"
                    ),
                    lang,
                ).format(value=", ".join(progress.unknown_done)),
                style="dim",
            )
        )
    if progress.outside_plan:
        parts.append(
            RichText(
                _("Also ticked off, but not part of this plan: {value}", lang).format(
                    value=", ".join(progress.outside_plan)
                ),
                style="dim",
            )
        )
    parts.append(
        RichText(
            _("Tick off: mlcareer done ID · undo: mlcareer undo ID", lang),
            style="dim",
        )
    )
    parts.append(source_note(kb, lang))
    return Group(*parts)
