"""The saved current plan as the commands use it (roadmap, progress, done, undo, match --plan):
where a plan's inputs come from, the ticks, and keeping or replacing the saved plan."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, NamedTuple

import click

from mlcareer.cli.output import fit_to_terminal, open_store, write_stderr
from mlcareer.cli.settings import Settings
from mlcareer.errors import MlcareerError
from mlcareer.i18n import Lang, _

if TYPE_CHECKING:
    from mlcareer.domain.model import KnowledgeBase
    from mlcareer.domain.planner import PlanInputs


class PlanSource(NamedTuple):
    """The plan inputs and where they came from."""

    inputs: PlanInputs
    origin: str  # "plan" (the saved current plan), "assessment", "answers" or "flags"
    start: dt.date | None  # the saved plan's first day, when the inputs are the saved plan's


def parse_skills(kb: KnowledgeBase, value: str) -> tuple[str, ...]:
    from mlcareer.domain.lookup import find_skill

    found: list[str] = []
    for item in value.split(","):
        if item.strip():
            skill = find_skill(kb, item.strip())
            if skill.id not in found:
                found.append(skill.id)
    return tuple(found)


def plan_record(inputs: PlanInputs, start: dt.date, origin: str) -> dict[str, object]:
    """The current plan as the store keeps it: ids, numbers and a date, no text in any language."""
    return {
        "format": PLAN_RECORD_FORMAT,
        "specialization": inputs.specialization,
        "level": inputs.level,
        "skills": list(inputs.skills),
        "interests": list(inputs.interests),
        "industries": list(inputs.industries),
        "assumed_level": inputs.assumed_level,
        "weekly_hours": inputs.weekly_hours,
        "start": start.isoformat(),
        "made_from": origin,
    } | ({"focus": list(inputs.focus)} if inputs.focus else {})


PLAN_RECORD_FORMAT = 1


def inputs_from_record(kb: KnowledgeBase, record: dict[str, object], lang: Lang) -> tuple[PlanInputs, dt.date]:
    """A saved plan's inputs; ids the knowledge base no longer has are left out."""
    from mlcareer.domain.answers import DEFAULT_WEEKLY_HOURS
    from mlcareer.domain.planner import MAX_WEEKLY_HOURS, PlanInputs

    spec = record.get("specialization")
    if not isinstance(spec, str) or spec not in kb.specializations:
        raise MlcareerError(
            _(
                "The saved plan's field is not in the knowledge base any more. Make a new one "
                "with mlcareer roadmap --new -s ID.",
                lang,
            )
        )
    level = record.get("level")
    hours = record.get("weekly_hours")
    weekly = (
        float(hours)
        if isinstance(hours, int | float) and not isinstance(hours, bool) and 0 < hours <= MAX_WEEKLY_HOURS
        else DEFAULT_WEEKLY_HOURS
    )
    try:
        first_day = dt.date.fromisoformat(str(record.get("start")))
    except ValueError:
        first_day = dt.date.today()

    def ids(key: str) -> tuple[str, ...]:
        value = record.get(key)
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

    assumed = record.get("assumed_level")
    inputs = PlanInputs(
        spec,
        level if isinstance(level, str) and level in kb.levels else None,
        tuple(s for s in ids("skills") if s in kb.skills),
        weekly,
        ids("interests"),
        ids("industries"),
        assumed if isinstance(assumed, str) and assumed in kb.levels else None,
        tuple(s for s in ids("focus") if s in kb.skills),
    )
    return inputs, first_day


def ticks(settings: Settings) -> dict[str, dt.date]:
    """Ticked module -> the (local) day it was ticked."""

    with open_store(settings) as store:
        done = store.done_modules()
    return {module_id: when.astimezone().date() for module_id, when in done.items()}


def keep_or_replace(
    settings: Settings, kb: KnowledgeBase, source: PlanSource, start: dt.date | None, new: bool
) -> dt.date:
    """Save the plan being shown as the current plan, unless it would replace a different one unasked.

    Another field, pace or first day replaces the current plan only with --new or when the person
    confirms on a terminal; otherwise the plan is shown and the current one kept, with a note. Skills
    and level are updates to the same plan. Ticks are kept by module id, so they carry over.
    Returns the plan's first day.
    """
    lang = settings.lang

    with open_store(settings) as store:
        current = store.current_plan()
    today = dt.date.today()
    saved = inputs_from_record(kb, current.record, settings.lang) if current is not None else None
    inputs = source.inputs
    if saved is not None and source.origin == "plan":
        first_day = start or saved[1]
        unchanged = inputs.weekly_hours == saved[0].weekly_hours and first_day == saved[1]
    elif saved is not None:
        same_target = (inputs.specialization, inputs.weekly_hours, inputs.focus) == (
            saved[0].specialization,
            saved[0].weekly_hours,
            saved[0].focus,
        )
        first_day = start or (saved[1] if same_target else today)
        unchanged = same_target and first_day == saved[1]
    else:
        first_day, unchanged = start or today, False
    if saved is not None and not unchanged and not new and not _confirmed(kb, saved, lang):
        spec = kb.specializations[saved[0].specialization].name(lang)
        write_stderr(
            _(
                "This plan was not saved: your current plan ({spec}, {weekly_hours:g} h/week "
                "from {value:%Y-%m-%d}) is kept. Add --new to make this one your current plan.\n",
                lang,
            ).format(spec=spec, weekly_hours=saved[0].weekly_hours, value=saved[1]),
            lang,
        )
        return first_day
    record = plan_record(inputs, first_day, source.origin if source.origin != "plan" else _origin(current))
    if current is None or record != current.record:
        with open_store(settings) as store:
            store.save_plan(record, dt.datetime.now(dt.UTC))
    return first_day


def _origin(current: object) -> str:
    record = getattr(current, "record", {})
    made_from = record.get("made_from") if isinstance(record, dict) else None
    return made_from if isinstance(made_from, str) else "flags"


def _confirmed(kb: KnowledgeBase, saved: tuple[PlanInputs, dt.date], lang: Lang) -> bool:
    """On a terminal, ask before replacing the current plan; elsewhere, never replace unasked."""
    if not (sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    spec = kb.specializations[saved[0].specialization].name(lang)
    try:
        question = _(
            "Replace your current plan ({spec}, {weekly_hours:g} h/week from "
            "{value:%Y-%m-%d}) with this one? (Ticked modules carry over.)",
            lang,
        ).format(spec=spec, weekly_hours=saved[0].weekly_hours, value=saved[1])
        return click.confirm(fit_to_terminal(question, lang, sys.stdout, reserve=len(" [y/N]: ")), default=False)
    except click.Abort:
        return False
