"""The guide's roadmap + the skills graph + a weekly pace + a start date -> a dated study plan.

Pure: no I/O and no clock. The caller passes the start date and, for progress, today's date.

How a plan is made:
- Its modules are the roadmap modules for everyone plus those for the target specialization, plus any
  module that teaches a prerequisite of one of them (so the plan never assumes a skill it skips).
- A module is done when the person holds every one of its skills (holding a skill implies holding its
  prerequisites) or when they ticked it off (`mlcareer done`). Done modules stay in the plan, undated.
- Modules come in an order where every prerequisite comes first: module A precedes module B when a
  skill of B builds (transitively) on a skill of A. Among the modules ready to study, the earlier
  guide phase comes first, then the module that matters most to the specialization, then the id.
  A module whose prerequisite sits in a later phase of the guide moves to that phase, so the
  phases can be shown in order without ever putting a module before what it builds on.
- The open modules are scheduled back to back at exactly the weekly pace: a module that ends
  part-way through a day shares that day with the next one, so rounding never accumulates.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, Literal

from mlcareer.answers import DEFAULT_WEEKLY_HOURS
from mlcareer.errors import EXIT_USAGE, MlcareerError
from mlcareer.i18n import msg
from mlcareer.model import KnowledgeBase, Module, Project, Text
from mlcareer.skillgraph import held_with_prerequisites, importance_for, with_prerequisites

Status = Literal["done", "open"]
DoneBy = Literal["skills", "progress"]
Standing = Literal["ahead", "on_track", "behind"]

MAX_WEEKLY_HOURS = 168.0  # every hour of the week
DAYS_PER_WEEK = 7


@dataclass(frozen=True, slots=True)
class PlannedModule:
    id: str
    title: Text
    phase: int  # the phase it is planned in
    guide_phase: int  # the phase the guide puts it in; later only when a prerequisite sits in a later phase
    skills: tuple[str, ...]
    hours: int
    status: Status
    done_by: DoneBy | None
    start: dt.date | None  # None when done (done modules take no time)
    end: dt.date | None  # inclusive
    known_skills: tuple[str, ...] = ()  # of an open module: skills already held, taken off its hours

    @property
    def is_done(self) -> bool:
        return self.status == "done"


@dataclass(frozen=True, slots=True)
class PlannedPhase:
    number: int
    id: str
    name: Text
    summary: Text
    modules: tuple[PlannedModule, ...]
    project: Project
    milestone: Text

    @property
    def end(self) -> dt.date | None:
        """The milestone date: when the last open module ends (None once the phase is done)."""
        ends = [m.end for m in self.modules if not m.is_done and m.end is not None]
        return max(ends) if ends else None

    @property
    def start(self) -> dt.date | None:
        starts = [m.start for m in self.modules if not m.is_done and m.start is not None]
        return min(starts) if starts else None

    @property
    def hours(self) -> int:
        return sum(m.hours for m in self.modules)

    @property
    def done_hours(self) -> int:
        return sum(m.hours for m in self.modules if m.is_done)

    @property
    def open_hours(self) -> int:
        return self.hours - self.done_hours


@dataclass(frozen=True, slots=True)
class StudyPlan:
    specialization: str
    level: str | None
    skills: tuple[str, ...]  # the skills the person said they have (their prerequisites count as held)
    weekly_hours: float
    start: dt.date
    phases: tuple[PlannedPhase, ...]

    @property
    def modules(self) -> tuple[PlannedModule, ...]:
        return tuple(m for phase in self.phases for m in phase.modules)

    @property
    def open_modules(self) -> tuple[PlannedModule, ...]:
        return tuple(m for m in self.modules if not m.is_done)

    @property
    def end(self) -> dt.date | None:
        ends = [p.end for p in self.phases if p.end is not None]
        return max(ends) if ends else None

    @property
    def hours(self) -> int:
        return sum(p.hours for p in self.phases)

    @property
    def done_hours(self) -> int:
        return sum(p.done_hours for p in self.phases)

    @property
    def open_hours(self) -> int:
        return self.hours - self.done_hours


@dataclass(frozen=True, slots=True)
class PlanInputs:
    """What a plan is made from: a target, what the person knows, their pace."""

    specialization: str
    level: str | None
    skills: tuple[str, ...]
    weekly_hours: float


# -- inputs ------------------------------------------------------------------------------------


def check_weekly_hours(hours: float) -> float:
    if not (isinstance(hours, int | float) and math.isfinite(hours) and 0 < hours <= MAX_WEEKLY_HOURS):
        raise MlcareerError(
            msg(
                f"週あたりの学習時間は 0 より大きく {MAX_WEEKLY_HOURS:g} 以下で指定してください"
                f"（{hours:g} が指定されました）。",
                f"Weekly study hours must be more than 0 and at most {MAX_WEEKLY_HOURS:g} (got {hours:g}).",
            ),
            exit_code=EXIT_USAGE,
        )
    return float(hours)


def inputs_from_saved(kb: KnowledgeBase, answers: Mapping[str, Any], result: Mapping[str, Any]) -> PlanInputs:
    """The plan inputs kept in a saved assessment: its top specialization, level, skills and pace.

    Skills the knowledge base no longer has are left out; a specialization it no longer has is an
    error that says to assess again.
    """
    ranking = result.get("specializations")
    spec_id = ranking[0].get("id") if isinstance(ranking, list) and ranking and isinstance(ranking[0], dict) else None
    if not isinstance(spec_id, str) or spec_id not in kb.specializations:
        raise MlcareerError(
            msg(
                "保存された診断の専門分野がいまの知識ベースにありません。"
                "mlcareer assess をやり直すか、--specialization を指定してください。",
                "The saved assessment's specialization is not in the knowledge base any more. "
                "Run mlcareer assess again, or pass --specialization.",
            )
        )
    level = result.get("level")
    level_id = level if isinstance(level, str) and level in kb.levels else None
    raw_skills = answers.get("skills")
    skills = (
        tuple(s for s in raw_skills if isinstance(s, str) and s in kb.skills) if isinstance(raw_skills, list) else ()
    )
    hours = answers.get("weekly_hours")
    weekly = (
        float(hours)
        if isinstance(hours, int | float) and not isinstance(hours, bool) and 0 < hours <= MAX_WEEKLY_HOURS
        else DEFAULT_WEEKLY_HOURS
    )
    return PlanInputs(spec_id, level_id, skills, weekly)


# -- which modules, in which order -----------------------------------------------------------


def plan_modules(kb: KnowledgeBase, specialization_id: str) -> list[Module]:
    """Modules for everyone, those for the specialization, and any module teaching a prerequisite of them."""
    modules = kb.modules
    owner = skill_owners(modules.values())
    chosen = {m.id for m in modules.values() if not m.specializations or specialization_id in m.specializations}
    stack = list(chosen)
    while stack:
        module = modules[stack.pop()]
        for skill in module.skills:
            for prereq in with_prerequisites(kb, kb.skills[skill].prerequisites):
                needed = owner.get(prereq)
                if needed is not None and needed not in chosen:
                    chosen.add(needed)
                    stack.append(needed)
    return [m for m in modules.values() if m.id in chosen]


def skill_owners(modules: Iterable[Module]) -> dict[str, str]:
    """Skill id -> the (first) module that teaches it."""
    owner: dict[str, str] = {}
    for module in modules:
        for skill in module.skills:
            owner.setdefault(skill, module.id)
    return owner


def module_prerequisites(kb: KnowledgeBase, modules: Sequence[Module]) -> dict[str, frozenset[str]]:
    """Module id -> the ids of the other modules (among `modules`) that teach something it builds on."""
    owner = skill_owners(modules)
    needs: dict[str, frozenset[str]] = {}
    for module in modules:
        found: set[str] = set()
        for skill in module.skills:
            for prereq in with_prerequisites(kb, kb.skills[skill].prerequisites):
                other = owner.get(prereq)
                if other is not None and other != module.id:
                    found.add(other)
        needs[module.id] = frozenset(found)
    return needs


def order_modules(
    kb: KnowledgeBase, modules: Sequence[Module], importance: Mapping[str, float]
) -> list[tuple[Module, int]]:
    """The modules in study order, each with the phase it is planned in.

    A topological order over `module_prerequisites`; among the ready modules the lowest planned phase
    first, then the most important (highest weight of one skill), then the one more of the plan builds
    on (so Python comes before the equally important maths), then the sum of weights, then the id.
    The planned phase is the guide's phase, or a later one a prerequisite was planned in, so the
    phases come out in order. Should the data ever hold a cycle between modules (each teaching a
    prerequisite of the other), the cycle is broken at its most important module.
    """
    by_id = {m.id: m for m in modules}
    needs = module_prerequisites(kb, modules)
    waiting = {mid: set(deps) for mid, deps in needs.items()}
    unlocks: dict[str, list[str]] = {mid: [] for mid in by_id}
    for mid, deps in needs.items():
        for dep in deps:
            unlocks[dep].append(mid)

    def weight(mid: str) -> tuple[float, float]:
        values = [importance.get(s, 0.0) for s in by_id[mid].skills]
        return (max(values, default=0.0), sum(values))

    def builds_on(mid: str) -> int:
        seen: set[str] = set()
        stack = list(unlocks[mid])
        while stack:
            nxt = stack.pop()
            if nxt not in seen:
                seen.add(nxt)
                stack.extend(unlocks[nxt])
        return len(seen)

    reach = {mid: builds_on(mid) for mid in by_id}
    planned: dict[str, int] = {}

    def key(mid: str) -> tuple[int, float, int, float, str]:
        phase = max([by_id[mid].phase, *(planned[d] for d in needs[mid] if d in planned)])
        top, total = weight(mid)
        return (phase, -top, -reach[mid], -total, mid)

    ready = [key(mid) for mid, deps in waiting.items() if not deps]
    heapq.heapify(ready)
    order: list[tuple[Module, int]] = []
    while len(order) < len(by_id):
        if not ready:  # a cycle: take the best of what is left
            left = [mid for mid in by_id if mid not in planned]
            heapq.heappush(ready, min(key(mid) for mid in left))
        phase, _, _, _, mid = heapq.heappop(ready)
        if mid in planned:
            continue
        planned[mid] = phase
        order.append((by_id[mid], phase))
        for nxt in unlocks[mid]:
            waiting[nxt].discard(mid)
            if not waiting[nxt] and nxt not in planned:
                heapq.heappush(ready, key(nxt))
    return order


# -- building and dating ---------------------------------------------------------------------


def build_plan(
    kb: KnowledgeBase,
    specialization_id: str,
    level_id: str | None,
    skills: Iterable[str],
    done_ids: Collection[str],
    weekly_hours: float,
    start: dt.date,
) -> StudyPlan:
    """The dated plan for one person. The same inputs always give the same plan."""
    weekly = check_weekly_hours(weekly_hours)
    spec = kb.specializations[specialization_id]
    said = tuple(dict.fromkeys(skills))
    held = held_with_prerequisites(kb, said)
    ordered = order_modules(kb, plan_modules(kb, specialization_id), importance_for(kb, spec))
    planned: list[PlannedModule] = []
    for module, phase in ordered:
        done_by: DoneBy | None = None
        if module.skills and all(s in held for s in module.skills):
            done_by = "skills"
        elif module.id in done_ids:
            done_by = "progress"
        known = tuple(s for s in module.skills if s in held) if done_by is None else ()
        planned.append(
            PlannedModule(
                id=module.id,
                title=module.name,
                phase=phase,
                guide_phase=module.phase,
                skills=module.skills,
                hours=_hours_left(kb, module, held) if known else module.hours,
                status="open" if done_by is None else "done",
                done_by=done_by,
                start=None,
                end=None,
                known_skills=known,
            )
        )
    dated = _schedule(planned, start, weekly)
    phases = tuple(
        PlannedPhase(
            number=p.number,
            id=p.id,
            name=p.name,
            summary=p.summary,
            modules=tuple(m for m in dated if m.phase == p.number),
            project=p.project,
            milestone=p.milestone,
        )
        for p in sorted(kb.phases, key=lambda p: p.number)
    )
    return StudyPlan(specialization_id, level_id, said, weekly, start, phases)


def _hours_left(kb: KnowledgeBase, module: Module, held: frozenset[str]) -> int:
    """A module partly known takes the share of its hours that its unknown skills take."""
    total = sum(kb.skills[s].hours for s in module.skills)
    left = sum(kb.skills[s].hours for s in module.skills if s not in held)
    return max(1, math.ceil(module.hours * left / total)) if total else module.hours


def _pace(weekly_hours: float) -> Fraction:
    # Through the decimal text, so 7.3 h/week is 73/10 and not the nearest binary fraction.
    return Fraction(repr(float(weekly_hours)))


def _schedule(modules: Sequence[PlannedModule], start: dt.date, weekly_hours: float) -> list[PlannedModule]:
    """Date the open modules back to back from `start` at exactly `weekly_hours` a week.

    Hour h of the plan falls on day floor(h * 7 / pace): a module starts on the day its first hour
    falls on and ends on the day its last hour falls on.
    """
    pace = _pace(weekly_hours)
    spent = Fraction(0)
    out: list[PlannedModule] = []
    for module in modules:
        if module.is_done:
            out.append(replace(module, start=None, end=None))
            continue
        first_day = math.floor(spent * DAYS_PER_WEEK / pace)
        spent += module.hours
        last_day = max(first_day, math.ceil(spent * DAYS_PER_WEEK / pace) - 1)
        try:
            begins, ends = start + dt.timedelta(days=first_day), start + dt.timedelta(days=last_day)
        except OverflowError:  # a tiny pace or a far start date runs past the year 9999
            raise MlcareerError(
                msg(
                    f"この開始日とペースでは、計画が{dt.date.max.year}年を越えてしまいます。"
                    "--hours を増やすか --start を見直してください。",
                    f"At this pace and start date the plan runs past the year {dt.date.max.year}; "
                    "raise --hours or check --start.",
                ),
                exit_code=EXIT_USAGE,
            ) from None
        out.append(replace(module, start=begins, end=ends))
    return out


def _rebuild(plan: StudyPlan, modules: Sequence[PlannedModule], start: dt.date) -> StudyPlan:
    by_id = {m.id: m for m in modules}
    phases = tuple(replace(p, modules=tuple(by_id[m.id] for m in p.modules)) for p in plan.phases)
    return replace(plan, start=start, phases=phases)


def reflow(plan: StudyPlan, today: dt.date) -> StudyPlan:
    """The same plan with its open modules re-dated back to back from `today`, in the same order."""
    return _rebuild(plan, _schedule(plan.modules, today, plan.weekly_hours), today)


def mark_done(plan: StudyPlan, done_ids: Collection[str]) -> StudyPlan:
    """Tick off modules, keeping every date as planned (to compare the plan with what happened)."""
    ticked = [
        replace(m, status="done", done_by="progress") if not m.is_done and m.id in done_ids else m for m in plan.modules
    ]
    return _rebuild(plan, ticked, plan.start)


# -- progress --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PhaseProgress:
    number: int
    name: Text
    modules_done: int
    modules_total: int
    hours_done: int
    hours_left: int
    planned_end: dt.date | None  # None: nothing was left to do in this phase when the plan began
    new_end: dt.date | None  # the re-flowed end, when behind and something is still open


@dataclass(frozen=True, slots=True)
class Progress:
    today: dt.date
    baseline: StudyPlan  # as planned at the start, without any module ticked off
    current: StudyPlan  # as planned, with the ticked modules done (dates kept)
    reflowed: StudyPlan | None  # the open modules re-dated from today, when behind
    phases: tuple[PhaseProgress, ...]
    standing: Standing
    days: int  # behind: how late the oldest overdue module is; ahead: days of work done early
    overdue: tuple[str, ...]  # open modules whose planned end is before today
    planned_hours_by_today: float
    ticked_hours: int  # hours of planned modules ticked off
    unknown_done: tuple[str, ...]  # ticked ids the knowledge base no longer has
    outside_plan: tuple[str, ...]  # ticked ids of modules that belong to other plans

    @property
    def hours_done(self) -> int:
        return self.current.done_hours

    @property
    def hours_left(self) -> int:
        return self.current.open_hours

    @property
    def projected_end(self) -> dt.date | None:
        return (self.reflowed or self.current).end

    @property
    def slip_days(self) -> int:
        """How many days later (negative: earlier) the re-flowed plan ends than planned."""
        planned, projected = self.baseline.end, self.projected_end
        if planned is None or projected is None:
            return 0
        return (projected - planned).days


def track_progress(kb: KnowledgeBase, baseline: StudyPlan, done_ids: Collection[str], today: dt.date) -> Progress:
    """Compare what was ticked off with the plan's dates as of `today` (the start of that day).

    Behind: some open module should have ended before today; the open modules then re-flow from
    today. Ahead: nothing is overdue and more hours are done than the plan had scheduled before
    today. Otherwise on track.
    """
    current = mark_done(baseline, done_ids)
    in_plan = {m.id for m in baseline.modules}
    unknown = tuple(sorted(i for i in done_ids if i not in kb.modules))
    outside = tuple(sorted(i for i in done_ids if i in kb.modules and i not in in_plan))

    overdue_modules = [m for m in current.open_modules if m.end is not None and m.end < today]
    pace = _pace(baseline.weekly_hours)
    baseline_open = sum(m.hours for m in baseline.open_modules)
    elapsed = max(0, (today - baseline.start).days)
    planned_by_today = min(Fraction(baseline_open), elapsed * pace / DAYS_PER_WEEK)
    ticked = sum(m.hours for m in current.modules if m.done_by == "progress")

    reflowed: StudyPlan | None = None
    if overdue_modules:
        standing: Standing = "behind"
        oldest = min(m.end for m in overdue_modules if m.end is not None)
        days = (today - oldest).days
        reflowed = reflow(current, today)
    elif ticked > planned_by_today:
        standing = "ahead"
        days = math.floor((ticked - planned_by_today) * DAYS_PER_WEEK / pace)
        if days == 0:
            standing = "on_track"
    else:
        standing, days = "on_track", 0

    phases = []
    for before, now in zip(baseline.phases, current.phases, strict=True):
        new_phase = next((p for p in reflowed.phases if p.number == now.number), None) if reflowed else None
        phases.append(
            PhaseProgress(
                number=now.number,
                name=now.name,
                modules_done=sum(1 for m in now.modules if m.is_done),
                modules_total=len(now.modules),
                hours_done=now.done_hours,
                hours_left=now.open_hours,
                planned_end=before.end,
                new_end=new_phase.end if new_phase is not None else None,
            )
        )
    return Progress(
        today=today,
        baseline=baseline,
        current=current,
        reflowed=reflowed,
        phases=tuple(phases),
        standing=standing,
        days=days,
        overdue=tuple(m.id for m in overdue_modules),
        planned_hours_by_today=float(planned_by_today),
        ticked_hours=ticked,
        unknown_done=unknown,
        outside_plan=outside,
    )
