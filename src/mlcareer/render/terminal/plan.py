"""Rich renderables for the study plan and its progress. Views build things to print; they never print."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RichText

from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.planner import STAGES, PlannedModule, PlannedPhase, PlanWarning, Progress, Stage, StudyPlan
from mlcareer.i18n import Lang
from mlcareer.i18n import pick as t
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
from mlcareer.render.terminal.lookups import _detail_table, bar, source_note

NEXT_UP = 3


def _summary(kb: KnowledgeBase, plan: StudyPlan, lang: Lang) -> Table:
    table = _detail_table()
    table.add_row(
        RichText(t(lang, "応募できる時期", "Ready to apply"), style="bold"),
        RichText(ready_text(lang, plan), style="bold"),
    )
    table.add_row(t(lang, "目標", "Target"), target_text(kb, plan, lang))
    table.add_row(
        t(lang, "ペース", "Pace"),
        t(
            lang,
            f"{pace_text(lang, plan.weekly_hours)}、{plan.start:%Y-%m-%d}から",
            f"{pace_text(lang, plan.weekly_hours)} from {plan.start:%Y-%m-%d}",
        ),
    )
    table.add_row(t(lang, "合計", "Total"), totals_text(lang, plan))
    return table


def _module_cell(kb: KnowledgeBase, module: PlannedModule, lang: Lang) -> RichText:
    cell = RichText(module.title(lang))
    cell.append(f"\n{module.id}", style="dim")
    cell.append(t(lang, f" · フェーズ{module.phase}", f" · phase {module.phase}"), style="dim")
    if module.is_done:
        cell.append(f" · {status_text(lang, module)}", style="dim")
    elif module.known_skills:
        cell.append(
            t(
                lang,
                f" · {len(module.known_skills)}/{len(module.skills)}個は習得済み（その分の時間を除外）",
                f" · {len(module.known_skills)} of {len(module.skills)} skills known (their hours left out)",
            ),
            style="dim",
        )
    if not module.is_done and module.skipped_alternatives:
        names = [kb.skills[s].name(lang) if s in kb.skills else s for s in module.skipped_alternatives]
        cell.append(
            t(
                lang,
                f" · 選択肢のうち1つで足りるため除外: {'、'.join(names)}",
                f" · one of each choice is enough, left out: {', '.join(names)}",
            ),
            style="dim",
        )
    if module.phase != module.guide_phase and module.stage == "before_applying":
        cell.append(
            t(
                lang,
                f"（前提のため、ガイドのフェーズ{module.guide_phase}から移動）",
                f" (moved from the guide's phase {module.guide_phase}: it builds on this phase)",
            ),
            style="dim",
        )
    return cell


def _stage_table(kb: KnowledgeBase, plan: StudyPlan, stage: Stage, lang: Lang) -> Table:
    table = Table(
        title=RichText(stage_title(lang, stage)),
        caption=RichText(stage_note(lang, stage)),
        caption_justify="left",
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        expand=True,
    )
    table.add_column("", no_wrap=True, width=1)
    table.add_column(t(lang, "モジュール", "Module"), overflow="fold", ratio=1)
    table.add_column(t(lang, "時間", "Hours"), justify="right", no_wrap=True)
    table.add_column(t(lang, "開始", "Start"), no_wrap=True)
    table.add_column(t(lang, "終了", "End"), overflow="fold")
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
        RichText(
            t(lang, f"注意（{warning_label(lang, w.id)}）: ", f"{warning_label(lang, w.id)}: "), style="bold yellow"
        )
        for w in warnings
    ]
    for line, warning in zip(lines, warnings, strict=True):
        line.append(warning.text(lang), style="")
    return Group(*lines)


def _phase_notes(phase: PlannedPhase, lang: Lang) -> Table:
    notes = _detail_table()
    notes.add_row(
        t(lang, f"実践（フェーズ{phase.number}）", f"Practice (phase {phase.number})"),
        RichText.assemble(phase.project.name(lang), ("\n" + phase.project.description(lang), "dim")),
    )
    return notes


def render_plan(kb: KnowledgeBase, plan: StudyPlan, lang: Lang) -> RenderableType:
    spec = kb.specializations[plan.specialization].name(lang)
    parts: list[RenderableType] = [
        Panel(
            _summary(kb, plan, lang),
            title=RichText(t(lang, f"学習計画: {spec}", f"Study plan: {spec}")),
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
                    t(lang, f"応募できる時期: {ready_text(lang, plan)}", f"Ready to apply: {ready_text(lang, plan)}"),
                    style="bold",
                )
            )
    parts += [
        RichText(""),
        RichText(
            t(
                lang,
                "修了したら: mlcareer done ID · 進み具合: mlcareer progress\n"
                "書き出し: mlcareer roadmap --export md|json|ics -o FILE",
                "When done: mlcareer done ID · how you are doing: mlcareer progress\n"
                "Export: mlcareer roadmap --export md|json|ics -o FILE",
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
            t(
                lang,
                f"予定より遅れています: {count}個のモジュールが終了予定日を過ぎています"
                f"（最も古いもので{progress.days}日）。",
                f"You are behind your dates: {count} module{'s' if count != 1 else ''} "
                f"{'are' if count != 1 else 'is'} past {'their' if count != 1 else 'its'} end date "
                f"(the oldest by {progress.days} day{'s' if progress.days != 1 else ''}).",
            ),
            style="bold yellow",
        )
    if progress.standing == "ahead":
        return RichText(
            t(
                lang,
                f"予定より{progress.days}日分進んでいます。",
                f"You are {progress.days} day{'s' if progress.days != 1 else ''} ahead of your dates.",
            ),
            style="bold green",
        )
    return RichText(t(lang, "予定どおりに進んでいます。", "You are on track."), style="bold green")


def _reflow_text(progress: Progress, lang: Lang) -> str:
    end = progress.projected_end
    planned = progress.baseline.end
    if end is None or planned is None:
        return ""
    slip = progress.slip_days
    if slip > 0:
        later_ja, later_en = f"予定より{slip}日遅い", f"{slip} day{'s' if slip != 1 else ''} later than planned"
    elif slip < 0:
        later_ja, later_en = f"予定より{-slip}日早い", f"{-slip} day{'s' if slip != -1 else ''} earlier than planned"
    else:
        later_ja, later_en = "予定どおり", "as planned"
    return t(
        lang,
        f"残りのモジュールを今日（{progress.today:%Y-%m-%d}）から組み直しました: 完了は{end:%Y-%m-%d}（{later_ja}）。",
        f"The remaining modules re-flow from today ({progress.today:%Y-%m-%d}): "
        f"you now finish on {end:%Y-%m-%d}, {later_en}.",
    )


def render_progress(kb: KnowledgeBase, progress: Progress, lang: Lang) -> RenderableType:
    plan = progress.current
    spec = kb.specializations[plan.specialization].name(lang)
    reflowed = progress.reflowed is not None
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(t(lang, "フェーズ", "Phase"), overflow="fold", ratio=1)
    table.add_column(t(lang, "進み具合", "Progress"), no_wrap=True)
    table.add_column(t(lang, "修了", "Done"), justify="right", no_wrap=True)
    table.add_column(t(lang, "残り", "Left"), justify="right", no_wrap=True)
    table.add_column(t(lang, "終了予定", "Ends"), overflow="fold")
    if reflowed:
        table.add_column(t(lang, "組み直し後", "Now ends"), overflow="fold")
    for phase, row in zip(plan.phases, progress.phases, strict=True):
        total = row.hours_done + row.hours_left
        meter = f"{bar(row.hours_done, total, 10)} {row.modules_done}/{row.modules_total}"
        done_label = t(lang, "修了", "done")
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
    totals.add_row(t(lang, "習得済み", "Known already"), hours_text(lang, progress.known_hours))
    totals.add_row(t(lang, "修了を記録", "Ticked off"), hours_text(lang, progress.ticked_hours))
    totals.add_row(t(lang, "残り", "Left"), hours_text(lang, progress.hours_left))
    totals.add_row(
        t(lang, "今日までの予定", "Planned by today"),
        hours_text(lang, round(progress.planned_hours_by_today)),
    )
    totals.add_row(t(lang, "応募できる時期", "Ready to apply"), ready_text(lang, plan))
    if plan.end is not None:
        totals.add_row(t(lang, "完了予定", "Planned finish"), f"{plan.end:%Y-%m-%d}")

    title = t(
        lang,
        f"進み具合: {spec}（{pace_text(lang, plan.weekly_hours)}、{progress.baseline.start:%Y-%m-%d}開始）",
        f"Progress: {spec} ({pace_text(lang, plan.weekly_hours)} since {progress.baseline.start:%Y-%m-%d})",
    )
    parts: list[RenderableType] = [Panel(Group(table, totals), title=RichText(title), title_align="left")]
    parts.append(_standing_text(progress, lang))
    if reflowed:
        parts.append(RichText(_reflow_text(progress, lang)))
    upcoming = (progress.reflowed or plan).open_modules[:NEXT_UP]
    if upcoming:
        parts.append(RichText("\n" + t(lang, "次に学ぶもの", "Next up"), style="bold underline"))
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
        parts.append(RichText(t(lang, "すべてのモジュールを修了しました。", "Every module is done."), style="bold"))
    if progress.unknown_done:
        parts.append(
            RichText(
                t(
                    lang,
                    f"知識ベースにないモジュールの記録は無視しました: {', '.join(progress.unknown_done)}"
                    "（消すには mlcareer undo ID）",
                    f"Ignored ticks for modules the knowledge base no longer has: {', '.join(progress.unknown_done)} "
                    "(remove with mlcareer undo ID)",
                ),
                style="dim",
            )
        )
    if progress.outside_plan:
        parts.append(
            RichText(
                t(
                    lang,
                    f"この計画に含まれない修了記録: {', '.join(progress.outside_plan)}",
                    f"Also ticked off, but not part of this plan: {', '.join(progress.outside_plan)}",
                ),
                style="dim",
            )
        )
    parts.append(
        RichText(
            t(
                lang,
                "修了の記録: mlcareer done ID · 取り消し: mlcareer undo ID",
                "Tick off: mlcareer done ID · undo: mlcareer undo ID",
            ),
            style="dim",
        )
    )
    parts.append(source_note(kb, lang))
    return Group(*parts)
