"""The guide's roadmap + the skills graph + a weekly pace + a start date -> a dated study plan.

Pure: no I/O and no clock. The caller passes the start date and, for progress, today's date.

How a plan is made:
- Its modules are the roadmap modules for everyone plus those for the target specialization, plus any
  module that teaches a prerequisite of one of them (so the plan never assumes a skill it skips). A
  module with a `when` condition is planned only for someone it fits (their interests, industries or
  field), unless another planned module builds on it.
- A module is done when the person holds every one of its skills (the skills they named, what those
  imply, and what their level assumes) or when they ticked it off (`mlcareer done`). Done modules stay
  in the plan, undated: they take no time.
- The plan has two stages. "Before applying" holds the modules that teach the foundations and what
  the field's entry roles ask for (the junior roles and the field's own role, less the skills
  roles.yaml marks `after_hired`: image generation for a vision engineer) and everything those build
  on; its end is the ready-to-apply point. "After you are hired" holds the rest: growth on the job.
  Ours: someone whose interests put the field's applied skills first (an LLM app builder: `first_for`
  in specializations.yaml) applies with those; the field role's other skills and the
  theory behind the applied ones (`theory` in skills.yaml: the Transformer behind LLMs) come after.
- Modules come in an order where every prerequisite comes first: module A precedes module B when a
  skill of B builds (transitively) on a skill of A. Among the modules ready to study, the earlier
  guide phase comes first, then the foundations in the guide's order, then the module that matters
  most to the specialization, then the id.
- A choice group (one cloud platform, one experiment tracker, one DL framework) is learnt once: a
  module's other members are left out, with their hours, and a module of nothing but alternatives
  is not planned.
  A module whose prerequisite sits in a later phase of the guide moves to that phase, so the
  phases can be shown in order without ever putting a module before what it builds on.
- The open modules are scheduled back to back at exactly the weekly pace: a module that ends
  part-way through a day shares that day with the next one, so rounding never accumulates. They
  begin on the plan's first day, or on the day of the latest tick if that is later (the time the
  ticked modules took has passed; the rest starts from there, never leaving an empty stretch).
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, Literal

from mlcareer.domain.answers import DEFAULT_WEEKLY_HOURS
from mlcareer.domain.message import Action, Phrase, msg, nmsg
from mlcareer.domain.model import KnowledgeBase, Module, Project, Text
from mlcareer.domain.skillgraph import (
    applied_prerequisites,
    first_for,
    first_for_groups,
    held_skills,
    importance_for,
    with_prerequisites,
)
from mlcareer.errors import UsageError

Status = Literal["done", "open"]
Stage = Literal["before_applying", "after_hired"]
STAGES: tuple[Stage, ...] = ("before_applying", "after_hired")
DoneBy = Literal["skills", "progress"]
Standing = Literal["ahead", "on_track", "behind"]

MAX_WEEKLY_HOURS = 168.0  # every hour of the week
DAYS_PER_WEEK = 7
SAME_LEVEL = "<same as the level>"
NOT_A_FOUNDATION = 10_000  # the order key of a module with no part in the foundations: after them
# Warnings (ours): the guide's stories studied about 12-16 months before applying.
LONG_PLAN_DAYS = 730  # ready to apply more than two years away
TARGET_WEEKS = 52  # the pace suggested instead: ready within a year
HEAVY_PACE_HOURS = 30.0  # more than this a week is a second full-time job alongside one


@dataclass(frozen=True, slots=True)
class PlanWarning:
    id: str
    text: Phrase


@dataclass(frozen=True, slots=True)
class ReadyPoint:
    """When the person can start applying: the end of the last open module before applying."""

    date: dt.date
    hours: int  # open hours until then
    module: str | None  # the module that completes it (None: nothing left before applying)


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
    stage: Stage = "before_applying"
    # Members of a choice group this module names that the person need not learn: another member is
    # held or planned (one cloud platform, one experiment tracker). Their hours are left out too.
    skipped_alternatives: tuple[str, ...] = ()

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
    interests: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    begins: dt.date | None = None  # when the open modules begin: the start, or the latest tick after it
    assumed_level: str | None = None  # the level whose groundwork counts as known
    warnings: tuple[PlanWarning, ...] = ()
    focus: tuple[str, ...] = ()  # for a job posting: the skills its modules were chosen for
    # The skill groups the person applies with when their interests put them first (an LLM app
    # builder: prompting, RAG); empty when the field's entry roles decide the stage as a whole.
    applies_with: tuple[str, ...] = ()

    @property
    def modules(self) -> tuple[PlannedModule, ...]:
        """Every module in study order: the modules after applying are planned in the phase the last
        module before applying is in, or later, so phase by phase is also the order they are studied in."""
        return tuple(m for phase in self.phases for m in phase.modules)

    def stage_modules(self, stage: Stage) -> tuple[PlannedModule, ...]:
        return tuple(m for m in self.modules if m.stage == stage)

    @property
    def ready_to_apply(self) -> ReadyPoint:
        before = [m for m in self.stage_modules("before_applying") if not m.is_done]
        if not before or before[-1].end is None:
            return ReadyPoint(self.begins or self.start, 0, None)
        return ReadyPoint(before[-1].end, sum(m.hours for m in before), before[-1].id)

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
    interests: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    # The level whose groundwork the plan takes as known: --level, or for an assessment the level the
    # person's hands-on ML years alone reach (years credited from other work do not teach statistics).
    assumed_level: str | None = None
    # A plan for a job posting (mlcareer match --plan): only the modules teaching these skills, and
    # what they build on. Empty: the whole plan for the field.
    focus: tuple[str, ...] = ()


# -- inputs ------------------------------------------------------------------------------------


def check_weekly_hours(hours: float) -> float:
    if not (isinstance(hours, int | float) and math.isfinite(hours) and 0 < hours <= MAX_WEEKLY_HOURS):
        raise UsageError(
            msg(
                "Weekly study hours must be more than 0 and at most {MAX_WEEKLY_HOURS:g} (got {hours:g}).",
                MAX_WEEKLY_HOURS=MAX_WEEKLY_HOURS,
                hours=hours,
            ),
        )
    return float(hours)


def inputs_from_saved(kb: KnowledgeBase, answers: Mapping[str, Any], result: Mapping[str, Any]) -> PlanInputs | None:
    """The plan inputs kept in a saved assessment: its top specialization, level, skills and pace.

    Skills the knowledge base no longer has are left out; None when the specialization is no longer
    in it (the caller says what to do: assess again, or name a field).
    """
    ranking = result.get("specializations")
    spec_id = ranking[0].get("id") if isinstance(ranking, list) and ranking and isinstance(ranking[0], dict) else None
    if not isinstance(spec_id, str) or spec_id not in kb.specializations:
        return None
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
    ml_years = answers.get("ml_years")
    return PlanInputs(
        spec_id,
        level_id,
        skills,
        weekly,
        _ids(answers.get("interests")),
        _ids(answers.get("industries")),
        hands_on_level(kb, ml_years if isinstance(ml_years, int) and not isinstance(ml_years, bool) else 0),
    )


def hands_on_level(kb: KnowledgeBase, ml_years: int) -> str:
    from mlcareer.domain.salary import level_for_years

    return level_for_years(kb, max(0, ml_years)).id


def _ids(value: object) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


# -- which modules, in which order -----------------------------------------------------------


def plan_modules(
    kb: KnowledgeBase,
    specialization_id: str,
    interests: tuple[str, ...] = (),
    industries: tuple[str, ...] = (),
) -> list[Module]:
    """Modules for everyone, those for the specialization that fit the person, and any module teaching
    a prerequisite of them."""
    modules = kb.modules
    owner = skill_owners(modules.values())
    chosen = {
        m.id
        for m in modules.values()
        if (not m.specializations or specialization_id in m.specializations)
        and (m.when is None or m.when.fits(specialization_id, interests, industries))
    }
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


def entry_skills(kb: KnowledgeBase, specialization_id: str, applied: frozenset[str] = frozenset()) -> frozenset[str]:
    """What the field's entry roles ask for: the junior roles open to it and the field's own role
    (only its `applied` skills, when given). A role's skills an entry posting does not ask for
    (roles.yaml `after_hired`: image generation for a vision engineer) are left out."""
    spec = kb.specializations[specialization_id]
    wanted: set[str] = set()
    for role in kb.roles.values():
        junior = "beginner" in role.levels and (not role.specializations or specialization_id in role.specializations)
        if junior:
            wanted.update(role.entry_skills)
        elif role.id == spec.role:
            wanted.update(s for s in role.entry_skills if not applied or s in applied)
    return frozenset(wanted)


def assumed_skills(kb: KnowledgeBase, level_id: str | None) -> frozenset[str]:
    """What a plan takes as known at this level (levels.yaml `assumes`)."""
    level = kb.levels.get(level_id) if level_id is not None else None
    return frozenset(level.assumes) if level is not None else frozenset()


def skill_owners(modules: Iterable[Module]) -> dict[str, str]:
    """Skill id -> the (first) module that teaches it."""
    owner: dict[str, str] = {}
    for module in modules:
        for skill in module.skills:
            owner.setdefault(skill, module.id)
    return owner


def module_prerequisites(
    kb: KnowledgeBase, modules: Sequence[Module], *, applied: bool = False
) -> dict[str, frozenset[str]]:
    """Module id -> the ids of the other modules (among `modules`) that teach something it builds on;
    `applied`: leaving out the theory behind a skill (see skillgraph.applied_prerequisites)."""
    owner = skill_owners(modules)
    needs: dict[str, frozenset[str]] = {}
    for module in modules:
        found: set[str] = set()
        for skill in module.skills:
            builds_on = (
                applied_prerequisites(kb, skill) if applied else with_prerequisites(kb, kb.skills[skill].prerequisites)
            )
            for prereq in builds_on:
                other = owner.get(prereq)
                if other is not None and other != module.id:
                    found.add(other)
        needs[module.id] = frozenset(found)
    return needs


def order_modules(
    kb: KnowledgeBase,
    modules: Sequence[Module],
    importance: Mapping[str, float],
    first: Collection[str] | None = None,
    *,
    applied: bool = False,
) -> list[tuple[Module, int]]:
    """The modules in study order, each with the phase it is planned in.

    With `first` (ids closed under prerequisites), those modules come first, in their own order, and
    the others after them, planned no earlier than the phase the last of `first` is in.

    A topological order over `module_prerequisites`; among the ready modules the lowest planned phase
    first, then the foundations (the guide's newcomer must-haves and what they build on) in the
    guide's order, then the most important (highest weight of one skill), then the one more of the plan builds
    on (so Python comes before the equally important maths), then the sum of weights, then the id.
    The planned phase is the guide's phase, or a later one a prerequisite was planned in, so the
    phases come out in order. Should the data ever hold a cycle between modules (each teaching a
    prerequisite of the other), the cycle is broken at its most important module. `applied`: the
    order of someone who builds on models (module_prerequisites).
    """
    all_needs = module_prerequisites(kb, modules, applied=applied)
    all_unlocks: dict[str, list[str]] = {m.id: [] for m in modules}
    for mid, deps in all_needs.items():
        for dep in deps:
            all_unlocks[dep].append(mid)

    reach = {m.id: len(_reachable(all_unlocks, all_unlocks[m.id])) for m in modules}
    rank = _foundation_rank(kb, modules, all_needs)
    if first is None:
        return _order(modules, all_needs, reach, rank, importance, {}, 0)
    head = _order([m for m in modules if m.id in first], all_needs, reach, rank, importance, {}, 0)
    placed = {m.id: phase for m, phase in head}
    floor = head[-1][1] if head else 0
    rest = [m for m in modules if m.id not in placed]
    return head + _order(rest, all_needs, reach, rank, importance, placed, floor)


def _foundation_rank(
    kb: KnowledgeBase, modules: Sequence[Module], all_needs: Mapping[str, frozenset[str]]
) -> dict[str, int]:
    """Module id -> where the first foundation it teaches (or builds towards) sits in the guide's list
    of newcomer must-haves; modules with no part in the foundations are left out."""
    position = {skill: index for index, skill in enumerate(kb.foundations)}
    rank: dict[str, int] = {}
    for module in modules:
        own = [position[s] for s in module.skills if s in position]
        if own:
            for mid in _reachable(all_needs, [module.id]):  # what it builds on is foundation work too
                rank[mid] = min(rank.get(mid, len(position)), min(own))
    return rank


def _order(
    modules: Sequence[Module],
    all_needs: Mapping[str, frozenset[str]],
    reach: Mapping[str, int],
    rank: Mapping[str, int],
    importance: Mapping[str, float],
    placed: Mapping[str, int],
    floor: int,
) -> list[tuple[Module, int]]:
    """Order `modules`, coming after the `placed` ones (id -> planned phase), from phase `floor` on.

    `reach` is how many modules of the whole plan build on each one; `rank` puts the foundations
    first, in the guide's order."""
    by_id = {m.id: m for m in modules}
    needs = {mid: all_needs[mid] & by_id.keys() for mid in by_id}
    after = {mid: [placed[d] for d in all_needs[mid] if d in placed] for mid in by_id}
    waiting = {mid: set(deps) for mid, deps in needs.items()}
    unlocks: dict[str, list[str]] = {mid: [] for mid in by_id}
    for mid, deps in needs.items():
        for dep in deps:
            unlocks[dep].append(mid)

    def weight(mid: str) -> tuple[float, float]:
        values = [importance.get(s, 0.0) for s in by_id[mid].skills]
        return (max(values, default=0.0), sum(values))

    planned: dict[str, int] = {}

    def key(mid: str) -> tuple[int, int, float, int, float, str]:
        phase = max([floor, by_id[mid].phase, *after[mid], *(planned[d] for d in needs[mid] if d in planned)])
        top, total = weight(mid)
        return (phase, rank.get(mid, NOT_A_FOUNDATION), -top, -reach[mid], -total, mid)

    ready = [key(mid) for mid, deps in waiting.items() if not deps]
    heapq.heapify(ready)
    order: list[tuple[Module, int]] = []
    while len(order) < len(by_id):
        if not ready:  # a cycle: take the best of what is left
            left = [mid for mid in by_id if mid not in planned]
            heapq.heappush(ready, min(key(mid) for mid in left))
        phase, _, _, _, _, mid = heapq.heappop(ready)
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
    done_ids: Collection[str] | Mapping[str, dt.date],
    weekly_hours: float,
    start: dt.date,
    *,
    interests: Iterable[str] = (),
    industries: Iterable[str] = (),
    assumed_level: str | None = SAME_LEVEL,
    today: dt.date | None = None,
    check_start: bool = False,
    focus: Iterable[str] = (),
) -> StudyPlan:
    """The dated plan for one person. The same inputs always give the same plan.

    With `focus` (the skills a job posting needs), the plan holds only the modules teaching them and
    the modules those build on, from any field.

    `done_ids` may map each ticked module to the day it was ticked: the open modules then begin on
    the latest of those days that is after `start`. With `today`, the plan carries its warnings
    (and, with `check_start`, whether its start date is already past). `assumed_level` is the level
    whose groundwork counts as known (by default `level_id`).
    """
    weekly = check_weekly_hours(weekly_hours)
    spec = kb.specializations[specialization_id]
    said = tuple(dict.fromkeys(skills))
    wants, places = tuple(dict.fromkeys(interests)), tuple(dict.fromkeys(industries))
    assumed = level_id if assumed_level == SAME_LEVEL else assumed_level
    held = held_skills(kb, said).all | assumed_skills(kb, assumed)
    modules = plan_modules(kb, specialization_id, wants, places)
    # Someone whose interests put the field's applied skills first (an LLM app builder) applies once
    # they hold those; the theory and the rest of the field's role come after they are hired (ours).
    applied = first_for(spec, wants)
    wanted = frozenset(focus)
    if wanted:
        pool = list(kb.modules.values())
        needs = module_prerequisites(kb, pool, applied=bool(applied))
        keep = _reachable(needs, [m.id for m in pool if wanted & set(m.skills)])
        modules = [m for m in pool if m.id in keep]
    before = _before_applying(kb, specialization_id, modules, applied)
    ordered = order_modules(kb, modules, importance_for(kb, spec), before, applied=bool(applied))
    ticked_on = done_ids if isinstance(done_ids, Mapping) else {}
    skip = alternatives_to_skip(kb, modules, held)
    covered = held | skip
    planned: list[PlannedModule] = []
    begins = start
    for module, phase in ordered:
        done_by: DoneBy | None = None
        if module.skills and all(s in skip for s in module.skills) and module.id not in done_ids:
            continue  # only alternatives to what is held or planned elsewhere: nothing to learn here
        if module.skills and all(s in covered for s in module.skills):
            done_by = "skills"
        elif module.id in done_ids:
            done_by = "progress"
            day = ticked_on.get(module.id)
            if day is not None and day > begins:
                begins = day
        known = tuple(s for s in module.skills if s in held) if done_by is None else ()
        skipped = tuple(s for s in module.skills if s in skip) if done_by is None else ()
        # A ticked module counts the hours the plan showed for it: a part already known stays known.
        partly = done_by == "progress" and any(s in covered for s in module.skills)
        planned.append(
            PlannedModule(
                id=module.id,
                title=module.name,
                phase=phase,
                guide_phase=module.phase,
                skills=module.skills,
                hours=_hours_left(kb, module, covered) if known or skipped or partly else module.hours,
                status="open" if done_by is None else "done",
                done_by=done_by,
                start=None,
                end=None,
                known_skills=known,
                stage="before_applying" if module.id in before else "after_hired",
                skipped_alternatives=skipped,
            )
        )
    dated = _schedule(planned, begins, weekly)
    phases = tuple(
        PlannedPhase(
            number=p.number,
            id=p.id,
            name=p.name,
            summary=p.summary,
            modules=tuple(m for m in dated if m.phase == p.number),
            project=kb.practice(p, specialization_id, level_id, wants),
            milestone=p.milestone,
        )
        for p in sorted(kb.phases, key=lambda p: p.number)
    )
    plan = StudyPlan(
        specialization_id, level_id, said, weekly, start, phases, wants, places, begins, assumed,
        focus=tuple(dict.fromkeys(focus)), applies_with=tuple(g.id for g in first_for_groups(spec, wants)),
    )  # fmt: skip
    if today is None:
        return plan
    return replace(plan, warnings=plan_warnings(plan, today, check_start=check_start))


def alternatives_to_skip(kb: KnowledgeBase, modules: Sequence[Module], held: frozenset[str]) -> frozenset[str]:
    """The choice-group members a plan does not teach: all but one member of each group, the one the
    person holds (then none is taught) or the one the assessment's gaps would recommend."""
    from mlcareer.domain.gaps import pick_member

    taught = list(dict.fromkeys(s for m in modules for s in m.skills))
    skip: set[str] = set()
    for group_id in dict.fromkeys(kb.choice_of[s] for s in taught if s in kb.choice_of):
        members = kb.choice_groups[group_id].members
        in_plan = [m for m in members if m in taught]
        if any(m in held for m in members):
            skip.update(m for m in in_plan if m not in held)
            continue
        chosen, _ = pick_member(kb, members, held, set())
        if chosen not in in_plan:
            chosen = in_plan[0]
        skip.update(m for m in in_plan if m != chosen)
    return frozenset(skip)


def _before_applying(
    kb: KnowledgeBase, specialization_id: str, modules: Sequence[Module], applied: frozenset[str] = frozenset()
) -> frozenset[str]:
    """The modules teaching the foundations and what the field's entry roles ask for, and every module
    they build on. With `applied` (the skills the person's interests put first), the field's own role
    counts only for those: the entry roles for beginners, plus the applied skills of the field."""
    wanted = entry_skills(kb, specialization_id, applied) | set(kb.foundations)
    needs = module_prerequisites(kb, modules, applied=bool(applied))
    return frozenset(_reachable(needs, [m.id for m in modules if any(s in wanted for s in m.skills)]))


def _reachable(edges: Mapping[str, Iterable[str]], starts: Iterable[str]) -> set[str]:
    """`starts` and every id reachable from them along `edges`."""
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        nxt = stack.pop()
        if nxt not in seen:
            seen.add(nxt)
            stack.extend(edges[nxt])
    return seen


def years_of(days: int) -> float:
    """A stretch of days in years, as every "about N years" says it (the plan's header and the
    long-plan warning must not give 4.8 and 4.9 for the same date)."""
    return days / 365.25


def plan_warnings(plan: StudyPlan, today: dt.date, *, check_start: bool = False) -> tuple[PlanWarning, ...]:
    """What a counsellor would say about the plan before anything else (ours, not the guide's)."""
    found: list[PlanWarning] = []
    ready = plan.ready_to_apply
    since = max(plan.begins or plan.start, today)
    if (ready.date - since).days > LONG_PLAN_DAYS:
        weekly = max(1, math.ceil(ready.hours / TARGET_WEEKS))
        years = years_of((ready.date - since).days)
        found.append(
            PlanWarning(
                "long_plan",
                msg(
                    "At this pace you are ready to apply in about {years:.1f} years ({date}); "
                    "the guide's stories studied for 12 to 16 months before applying. "
                    "{weekly} h a week would get you there in about a year. If that is too much, narrow "
                    "the scope: one field, and only the modules before applying.",
                    years=years,
                    date=ready.date.isoformat(),
                    weekly=weekly,
                ),
            )
        )
    if plan.weekly_hours > HEAVY_PACE_HOURS:
        found.append(
            PlanWarning(
                "heavy_pace",
                msg(
                    "{weekly:g} h a week is close to a second full-time job alongside work "
                    "(three hours every weeknight and eight on each weekend day is still only 31). "
                    "It is a pace for full-time study; if you have a job, plan for 10-20 h a week instead.",
                    weekly=plan.weekly_hours,
                ),
            )
        )
    if check_start and plan.start < today:
        late = [m for m in plan.open_modules if m.end is not None and m.end < today]
        start = plan.start.isoformat()
        if late:
            text = nmsg(
                "The start date {start} is in the past: {count} module should already be done. "
                "Tick off what you have done with {tick_off}, or leave out {start_option} to plan from today.",
                "The start date {start} is in the past: {count} modules should already be done. "
                "Tick off what you have done with {tick_off}, or leave out {start_option} to plan from today.",
                len(late),
                start=start,
                count=len(late),
                tick_off=Action("tick_off"),
                start_option=Action("choose_start"),
            )
        else:
            text = msg(
                "The start date {start} is in the past. "
                "Tick off what you have done with {tick_off}, or leave out {start_option} to plan from today.",
                start=start,
                tick_off=Action("tick_off"),
                start_option=Action("choose_start"),
            )
        found.append(PlanWarning("past_start", text))
    return tuple(found)


def _hours_left(kb: KnowledgeBase, module: Module, held: frozenset[str]) -> int:
    """A module partly known (or partly alternatives) takes the share of its hours its other skills take."""
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
            raise UsageError(
                msg(
                    "At this pace and start date the plan runs past the year {year}: study more hours a week "
                    "or choose another start date.",
                    year=dt.date.max.year,
                ),
            ) from None
        out.append(replace(module, start=begins, end=ends))
    return out


def _rebuild(plan: StudyPlan, modules: Sequence[PlannedModule], begins: dt.date) -> StudyPlan:
    by_id = {m.id: m for m in modules}
    phases = tuple(replace(p, modules=tuple(by_id[m.id] for m in p.modules)) for p in plan.phases)
    return replace(plan, begins=begins, phases=phases)


def reflow(plan: StudyPlan, today: dt.date) -> StudyPlan:
    """The same plan with its open modules re-dated back to back from `today`, in the same order."""
    return _rebuild(plan, _schedule(plan.modules, today, plan.weekly_hours), today)


def with_ticks(kb: KnowledgeBase, plan: StudyPlan, done: Collection[str] | Mapping[str, dt.date]) -> StudyPlan:
    """The same plan with these modules ticked off: they take no time, the rest closes up behind them."""
    return replace(
        build_plan(
            kb,
            plan.specialization,
            plan.level,
            plan.skills,
            done,
            plan.weekly_hours,
            plan.start,
            interests=plan.interests,
            industries=plan.industries,
            assumed_level=plan.assumed_level,
            focus=plan.focus,
        ),
        warnings=plan.warnings,
    )


# -- progress --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PhaseProgress:
    number: int
    name: Text
    modules_done: int
    modules_total: int
    hours_done: int
    hours_left: int
    planned_end: dt.date | None  # as roadmap shows it; None: nothing is left to do in this phase
    new_end: dt.date | None  # the re-flowed end, when behind and something is still open


@dataclass(frozen=True, slots=True)
class Progress:
    today: dt.date
    baseline: StudyPlan  # as planned at the start, without any module ticked off
    current: StudyPlan  # the plan as `roadmap` shows it: ticked modules done, the rest closed up behind them
    reflowed: StudyPlan | None  # the open modules re-dated from today, when behind
    phases: tuple[PhaseProgress, ...]
    standing: Standing
    days: int  # behind: how late the oldest overdue module is; ahead: days of work done early
    overdue: tuple[str, ...]  # open modules whose planned end is before today
    planned_hours_by_today: float
    ticked_hours: int  # hours of planned modules ticked off
    known_hours: int  # hours of modules the person's skills (or level) already cover
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
        planned, projected = self.current.end, self.projected_end
        if planned is None or projected is None:
            return 0
        return (projected - planned).days


def track_progress(
    kb: KnowledgeBase, baseline: StudyPlan, done_ids: Collection[str] | Mapping[str, dt.date], today: dt.date
) -> Progress:
    """Compare what was ticked off with the plan's dates as of `today` (the start of that day).

    The dates are those `roadmap` shows: ticked modules take no time. Behind: some open module
    should have ended before today; the open modules then re-flow from today. Ahead: nothing is
    overdue and more hours are ticked off than the plan had scheduled before today. Otherwise on track.
    """
    current = with_ticks(kb, baseline, done_ids)
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
    for now in current.phases:
        new_phase = next((p for p in reflowed.phases if p.number == now.number), None) if reflowed else None
        phases.append(
            PhaseProgress(
                number=now.number,
                name=now.name,
                modules_done=sum(1 for m in now.modules if m.is_done),
                modules_total=len(now.modules),
                hours_done=now.done_hours,
                hours_left=now.open_hours,
                planned_end=now.end,
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
        known_hours=sum(m.hours for m in current.modules if m.done_by == "skills"),
        unknown_done=unknown,
        outside_plan=outside,
    )
