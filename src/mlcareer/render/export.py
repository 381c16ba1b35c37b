"""A study plan as Markdown (CommonMark with task lists), JSON or iCalendar (RFC 5545), and writing it safely.

The renderers are pure: they take the plan (and, for iCalendar, the time stamp the caller read from
the clock) and return text or bytes. `write_atomic` is the one function here that touches the disk.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.planner import STAGES, PlannedModule, PlannedPhase, Progress, Stage, StudyPlan, years_of
from mlcareer.errors import MlcareerError
from mlcareer.i18n import N_, Lang, _, ngettext
from mlcareer.render.jsondata import source_json, source_text
from mlcareer.render.phrases import say

FORMATS: tuple[str, ...] = ("md", "json", "ics")
_SUFFIXES = {".md": "md", ".markdown": "md", ".json": "json", ".ics": "ics", ".ical": "ics", ".ifb": "ics"}
UID_DOMAIN = "mlcareer"
PRODID = "-//mlcareer//study plan//EN"

JSON = dict[str, Any]


# -- wording shared by the terminal view and the exports -------------------------------------


def hours_text(lang: Lang, hours: float) -> str:
    return _("{hours:,g} h", lang).format(hours=hours)


def pace_text(lang: Lang, weekly_hours: float) -> str:
    return _("{weekly_hours:g} h/week", lang).format(weekly_hours=weekly_hours)


def dates_text(lang: Lang, start: dt.date, end: dt.date) -> str:
    return f"{start:%Y-%m-%d}〜{end:%Y-%m-%d}" if lang == "ja" else f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"


def phase_title(lang: Lang, phase: PlannedPhase) -> str:
    return _("Phase {number}: {name}", lang).format(number=phase.number, name=phase.name(lang))


def phase_end_text(lang: Lang, phase: PlannedPhase, weekly_hours: float) -> str:
    """ "Phase 2 ends 2027-09-14 at 10 h/week", or that the phase is done."""
    if phase.end is None:
        if not phase.modules:
            return _("Phase {number} has no modules", lang).format(number=phase.number)
        return _("Phase {number} is done", lang).format(number=phase.number)
    return _("Phase {number} ends {end:%Y-%m-%d} at {weekly_hours:g} h/week", lang).format(
        number=phase.number, end=phase.end, weekly_hours=weekly_hours
    )


def status_text(lang: Lang, module: PlannedModule) -> str:
    if module.done_by == "skills":
        return _("known from your skills", lang)
    if module.is_done:
        return _("done", lang)
    assert module.start is not None and module.end is not None
    return dates_text(lang, module.start, module.end)


def target_text(kb: KnowledgeBase, plan: StudyPlan, lang: Lang) -> str:
    spec = kb.specializations[plan.specialization].name(lang)
    if plan.level is None or plan.level not in kb.levels:
        return spec
    return _("{field} ({level})", lang).format(field=spec, level=kb.levels[plan.level].name(lang))


def totals_text(lang: Lang, plan: StudyPlan) -> str:
    left = hours_text(lang, plan.open_hours)
    done = hours_text(lang, plan.done_hours)
    if plan.end is None:
        return _("all {hours} done", lang).format(hours=hours_text(lang, plan.hours))
    if not plan.done_hours:
        return _("{left}, finishing {end:%Y-%m-%d}", lang).format(left=left, end=plan.end)
    return _("{left} to go ({done} done), finishing {end:%Y-%m-%d}", lang).format(left=left, done=done, end=plan.end)


WARNING_LABELS = {
    "long_plan": N_("Long plan"),
    "heavy_pace": N_("Heavy pace"),
    "past_start": N_("Start in the past"),
}


def warning_label(lang: Lang, warning_id: str) -> str:
    return _(WARNING_LABELS.get(warning_id, N_("Warning")), lang)


def stage_title(lang: Lang, stage: Stage) -> str:
    if stage == "before_applying":
        return _("Before applying", lang)
    return _("After you are hired", lang)


def stage_note(kb: KnowledgeBase, plan: StudyPlan, lang: Lang, stage: Stage) -> str:
    if plan.applies_with:
        groups = {g.id: g.name for g in kb.specializations[plan.specialization].skill_groups}
        names = _(", ", lang).join(groups[g](lang) for g in plan.applies_with if g in groups)
        if stage == "before_applying":
            return _(
                "The groundwork, and the skills your interests put first ({names}): enough to apply when you "
                "build on models rather than train them (our reading).",
                lang,
            ).format(names=names)
        return _(
            "Not needed to apply: the theory behind those skills and the rest of the field, learnt on the job.", lang
        )
    if stage == "before_applying":
        return _("What the field's entry roles ask for, and the groundwork it builds on.", lang)
    return _("Not needed to apply: growth on the job, towards your next step.", lang)


def months_text(lang: Lang, days: int) -> str:
    months = max(1, round(days / 30.4))
    if months >= 24:
        return _("about {years:.1f} years", lang).format(years=years_of(days))
    return ngettext("about {count} month", "about {count} months", months, lang).format(count=months)


def ready_text(lang: Lang, plan: StudyPlan) -> str:
    """ "2027-09-21: 421 h at 10 h/week, about 10 months", or that the person can apply now."""
    ready = plan.ready_to_apply
    if ready.module is None:
        return _("every module before applying is done: you can apply now", lang)
    since = plan.begins or plan.start
    return _("{date:%Y-%m-%d} ({hours} at {pace}, {duration})", lang).format(
        date=ready.date,
        hours=hours_text(lang, ready.hours),
        pace=pace_text(lang, plan.weekly_hours),
        duration=months_text(lang, (ready.date - since).days),
    )


def portfolio_phases(plan: StudyPlan, stage: Stage) -> tuple[PlannedPhase, ...]:
    """The phases whose practice project belongs to this stage. Before applying: the projects of the
    phases before the last (a Kaggle entry and a public GitHub portfolio, the portfolio the guide's
    stories applied with); the last phase's production pipeline is work on the job."""
    last = max((p.number for p in plan.phases), default=0)
    if stage == "before_applying":
        return tuple(p for p in plan.phases if p.number < last)
    return tuple(p for p in plan.phases if p.number == last)


def source_line(kb: KnowledgeBase, lang: Lang) -> str:
    return _("Study hours are estimates. ", lang) + source_text(kb, lang)


# -- JSON ------------------------------------------------------------------------------------


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def module_json(module: PlannedModule, lang: Lang) -> JSON:
    return {
        "id": module.id,
        "title": module.title(lang),
        "skills": list(module.skills),
        "hours": module.hours,
        "start": _iso(module.start),
        "end": _iso(module.end),
        "status": module.status,
        "done_by": module.done_by,
        "guide_phase": module.guide_phase,
        "known_skills": list(module.known_skills),
        "skipped_alternatives": list(module.skipped_alternatives),
        "stage": module.stage,
    }


def ready_json(plan: StudyPlan) -> JSON:
    ready = plan.ready_to_apply
    return {"date": ready.date.isoformat(), "hours": ready.hours, "module": ready.module}


def warnings_json(plan: StudyPlan, lang: Lang) -> list[JSON]:
    return [{"id": w.id, "text": say(w.text, lang)} for w in plan.warnings]


def plan_json(kb: KnowledgeBase, plan: StudyPlan, lang: Lang) -> JSON:
    spec = kb.specializations[plan.specialization]
    level = kb.levels.get(plan.level) if plan.level is not None else None
    return {
        "specialization": {"id": spec.id, "name": spec.name(lang)},
        "level": None if level is None else {"id": level.id, "name": level.name(lang)},
        "skills": list(plan.skills),
        "interests": list(plan.interests),
        "industries": list(plan.industries),
        "weekly_hours": plan.weekly_hours,
        "start": plan.start.isoformat(),
        "end": _iso(plan.end),
        "ready_to_apply": ready_json(plan),
        "warnings": warnings_json(plan, lang),
        "hours": {"total": plan.hours, "done": plan.done_hours, "open": plan.open_hours},
        "stages": [
            {
                "id": stage,
                "title": stage_title(lang, stage),
                "hours": {
                    "total": sum(m.hours for m in plan.stage_modules(stage)),
                    "open": sum(m.hours for m in plan.stage_modules(stage) if not m.is_done),
                },
                "note": stage_note(kb, plan, lang, stage),
                "modules": [m.id for m in plan.stage_modules(stage)],
            }
            for stage in STAGES
        ],
        "phases": [
            {
                "number": phase.number,
                "id": phase.id,
                "title": phase.name(lang),
                "start": _iso(phase.start),
                "end": _iso(phase.end),
                "hours": {"total": phase.hours, "done": phase.done_hours, "open": phase.open_hours},
                "milestone": {"date": _iso(phase.end), "text": phase.milestone(lang)},
                "project": {
                    "id": phase.project.id,
                    "title": phase.project.name(lang),
                    "description": phase.project.description(lang),
                },
                "modules": [module_json(m, lang) for m in phase.modules],
            }
            for phase in plan.phases
        ],
        "source": source_json(kb, lang),
    }


def progress_json(kb: KnowledgeBase, progress: Progress, lang: Lang) -> JSON:
    shown = progress.reflowed or progress.current
    return {
        "today": progress.today.isoformat(),
        "standing": progress.standing,
        "days": progress.days,
        "overdue": list(progress.overdue),
        "planned_start": progress.baseline.start.isoformat(),
        "planned_end": _iso(progress.current.end),
        "ready_to_apply": ready_json(progress.current),
        "projected_end": _iso(progress.projected_end),
        "slip_days": progress.slip_days,
        "hours": {
            "done": progress.hours_done,
            "left": progress.hours_left,
            "ticked": progress.ticked_hours,
            "known": progress.known_hours,
            "planned_by_today": round(progress.planned_hours_by_today, 2),
        },
        "phases": [
            {
                "number": p.number,
                "title": p.name(lang),
                "modules_done": p.modules_done,
                "modules_total": p.modules_total,
                "hours_done": p.hours_done,
                "hours_left": p.hours_left,
                "planned_end": _iso(p.planned_end),
                "new_end": _iso(p.new_end),
            }
            for p in progress.phases
        ],
        "unknown_done": list(progress.unknown_done),
        "outside_plan": list(progress.outside_plan),
        "plan": plan_json(kb, shown, lang),
    }


# -- Markdown --------------------------------------------------------------------------------

# The ASCII punctuation that can start inline markup in CommonMark; any of it may be backslash-escaped.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>!&|~#])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def plan_markdown(kb: KnowledgeBase, plan: StudyPlan, lang: Lang) -> str:
    """CommonMark with GitHub-style task lists: one `- [ ]` / `- [x]` item per module."""
    spec = kb.specializations[plan.specialization].name(lang)
    lines = [
        "# " + md_escape(_("Study plan: {spec}", lang).format(spec=spec)),
        "",
        f"- **{_('Target', lang)}:** {md_escape(target_text(kb, plan, lang))}",
        f"- **{_('Pace', lang)}:** "
        + md_escape(
            _("{pace} from {start:%Y-%m-%d}", lang).format(pace=pace_text(lang, plan.weekly_hours), start=plan.start)
        ),
        f"- **{_('Total', lang)}:** {md_escape(totals_text(lang, plan))}",
    ]
    lines.insert(2, f"- **{_('Ready to apply', lang)}:** {md_escape(ready_text(lang, plan))}")
    if plan.warnings:
        lines += ["", "## " + _("Warnings", lang), ""]
        lines += [
            f"- **{md_escape(warning_label(lang, w.id))}:** {md_escape(say(w.text, lang))}" for w in plan.warnings
        ]
    for stage in STAGES:
        modules = plan.stage_modules(stage)
        lines += ["", "## " + md_escape(stage_title(lang, stage)), "", md_escape(stage_note(kb, plan, lang, stage)), ""]
        for module in modules:
            box = "x" if module.is_done else " "
            sep = "、" if lang == "ja" else ", "
            detail = sep.join(
                [_("phase {phase}", lang).format(phase=module.phase), hours_text(lang, module.hours),
                 status_text(lang, module)]
            )  # fmt: skip
            lines.append(f"- [{box}] {md_escape(module.title(lang))} (`{module.id}`): {md_escape(detail)}")
        if not modules:
            lines.append(md_escape(_("(no modules)", lang)))
        for phase in portfolio_phases(plan, stage):
            project = f"{phase.project.name(lang)}: {phase.project.description(lang)}"
            lines += [
                "",
                f"**{md_escape(phase_title(lang, phase))} · {_('Practice project', lang)}:** " + md_escape(project),
            ]
        if stage == "before_applying":
            lines += ["", f"**{_('Ready to apply', lang)}:** {md_escape(ready_text(lang, plan))}"]
    lines += [
        "",
        "---",
        "",
        _("Tick a module off with `mlcareer done ID`; see how you are doing with `mlcareer progress`.", lang),
        "",
        "*" + md_escape(source_line(kb, lang)) + "*",
        "",
    ]
    return "\n".join(lines)


# -- iCalendar -------------------------------------------------------------------------------


def module_uid(module_id: str) -> str:
    """Stable across exports, so re-importing an updated plan updates the entries instead of adding more."""
    return f"{module_id}@{UID_DOMAIN}"


def milestone_uid(phase_id: str) -> str:
    return f"{phase_id}-milestone@{UID_DOMAIN}"


def plan_ical(kb: KnowledgeBase, plan: StudyPlan, lang: Lang, stamp: dt.datetime) -> bytes:
    """RFC 5545: an all-day event per open module over its dates, and one on each phase's milestone date.

    `stamp` (DTSTAMP, LAST-MODIFIED) is when the file was made: the caller reads the clock.
    """
    if not plan.open_modules:
        # RFC 5545 asks for at least one component: an empty calendar is not a valid file.
        raise MlcareerError(_("Every module is done, so there is nothing left to put in a calendar.", lang))
    # Imported here: only this export needs it, and it costs start-up time.
    from icalendar import Calendar, Event

    stamp = stamp.astimezone(dt.UTC)
    spec = kb.specializations[plan.specialization].name(lang)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("Study plan: {spec}", lang).format(spec=spec))
    for phase in plan.phases:
        for module in phase.modules:
            if module.is_done or module.start is None or module.end is None:
                continue
            event = Event()
            event.add("uid", module_uid(module.id))
            event.add("dtstamp", stamp)
            event.add("last-modified", stamp)
            event.add("dtstart", module.start)
            event.add("dtend", module.end + dt.timedelta(days=1))  # DTEND of an all-day event is exclusive
            hours = hours_text(lang, module.hours)
            event.add("summary", _("{title} ({hours})", lang).format(title=module.title(lang), hours=hours))
            skills = _(", ", lang).join(kb.skills[s].name(lang) for s in module.skills if s in kb.skills)
            event.add(
                "description",
                "\n".join(
                    [
                        phase_title(lang, phase),
                        _("Skills: {skills}", lang).format(skills=skills),
                        _("When done: mlcareer done {id}", lang).format(id=module.id),
                    ]
                ),
            )
            event.add("categories", [phase_title(lang, phase)])
            event.add("transp", "TRANSPARENT")  # study time, not a meeting: do not show as busy
            cal.add_component(event)
        if phase.end is not None:
            event = Event()
            event.add("uid", milestone_uid(phase.id))
            event.add("dtstamp", stamp)
            event.add("last-modified", stamp)
            event.add("dtstart", phase.end)
            event.add("dtend", phase.end + dt.timedelta(days=1))
            event.add(
                "summary",
                _("Milestone: {milestone}", lang).format(milestone=phase_title(lang, phase)),
            )
            project = f"{phase.project.name(lang)}: {phase.project.description(lang)}"
            event.add(
                "description",
                f"{phase.milestone(lang)}\n" + _("Practice project: {project}", lang).format(project=project),
            )
            event.add("categories", [phase_title(lang, phase)])
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
    ready = plan.ready_to_apply
    if ready.module is not None:
        event = Event()
        event.add("uid", f"ready-to-apply@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("dtstart", ready.date)
        event.add("dtend", ready.date + dt.timedelta(days=1))
        event.add("summary", _("Ready to apply: {spec}", lang).format(spec=spec))
        event.add(
            "description",
            _("The modules before applying end here ({hours}). Polish your portfolio and start applying.", lang).format(
                hours=hours_text(lang, ready.hours)
            ),
        )
        event.add("categories", [stage_title(lang, "before_applying")])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


# -- writing ---------------------------------------------------------------------------------


def format_for(path: Path) -> str | None:
    """The export format a file name implies (plan.md, plan.json, plan.ics), if any."""
    return _SUFFIXES.get(path.suffix.lower())
