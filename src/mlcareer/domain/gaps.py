"""What a person still has to learn for a field, in the order a counsellor would give it. Pure.

The rules, each checkable against the output:
- one entry per skill, and one per choice group (SageMaker / Azure ML / Vertex AI is one gap: its
  recommended member, the others as alternatives);
- the guide's newcomer must-haves first whenever they are missing, for every field; then the field's
  own skills; tools that scale up a basic one (Polars, Spark) last;
- someone whose hands-on ML years reach the mid-level band, and whose skills are past phase 1, is not
  re-taught the basics (the foundations, maths, ML theory); a senior (the top band) gets the guide's
  senior agenda first, then the field skills they truly lack;
- prerequisites always come before what needs them; equals are ordered by how much the field relies
  on them, then by where the guide names them, then by id.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection
from typing import Any, NamedTuple, TypeVar, cast

from mlcareer.domain.model import KnowledgeBase, Specialization
from mlcareer.domain.skillgraph import first_for, importance_for, left_out, study_order

T = TypeVar("T")

# Why a skill is in the list; the tier is its place in the order.
GAP_REASONS = ("senior_agenda", "foundation", "field", "prerequisite", "scale_up")
_TIER = {"senior_agenda": 0, "foundation": 1, "field": 2, "prerequisite": 3, "scale_up": 4}
# Why a choice group's member was picked.
PICK_REASONS = ("guide_main", "builds_on_held", "needed_by")
# Skill groups someone with years of hands-on ML is not sent back to.
_BASICS_GROUPS = frozenset({"math_stats", "ml_fundamentals", "data_analysis", "visualization"})


class SkillGap(NamedTuple):  # a NamedTuple: a batch makes half a million of these
    skill: str
    hours: int
    importance: float
    prerequisite_for: tuple[str, ...]
    reason: str = "field"  # one of GAP_REASONS
    choice: str | None = None  # the choice group this gap stands for
    alternatives: tuple[str, ...] = ()  # the group's other members: any of them would do
    pick: str | None = None  # why this member of the group (PICK_REASONS)


def satisfied(kb: KnowledgeBase, skill: str, held: Collection[str]) -> bool:
    """Held, or one of its alternatives is."""
    if skill in held:
        return True
    group = kb.choice_of.get(skill)
    return group is not None and any(m in held for m in kb.choice_groups[group].members)


_units_cache: dict[str, tuple[object, tuple[tuple[str, ...], ...]]] = {}


def field_units(kb: KnowledgeBase, spec: Specialization) -> tuple[tuple[str, ...], ...]:
    """The field's requirements as units: a lone skill, or every member of a choice group once."""
    cached = _units_cache.get(spec.id)
    if cached is not None and cached[0] is kb.choice_of:
        return cached[1]
    units: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for skill in spec.skills:
        group = kb.choice_of.get(skill)
        if group is None:
            units.append((skill,))
        elif group not in seen:
            seen.add(group)
            units.append(kb.choice_groups[group].members)
    result = tuple(units)
    _units_cache[spec.id] = (kb.choice_of, result)
    return result


def unit_index(kb: KnowledgeBase, spec: Specialization) -> dict[str, int]:
    """Each skill of the field -> the number of its unit, so that counting units met is one pass over held."""
    return _memo(f"units:{spec.id}", kb, lambda: {s: i for i, unit in enumerate(field_units(kb, spec)) for s in unit})


def units_held(kb: KnowledgeBase, spec: Specialization, held: frozenset[str]) -> int:
    index = unit_index(kb, spec)
    return len({index[s] for s in held if s in index})


def senior_agenda(kb: KnowledgeBase) -> tuple[str, ...]:
    """The skills of the top level's preparation lists (strategy, organisation, business value)."""

    def build() -> tuple[str, ...]:
        top = max(kb.levels.values(), key=lambda lv: lv.years_min)
        return tuple(dict.fromkeys(s for prep in top.preparation for s in prep.skills))

    return _memo("agenda", kb, build)


def experience_band(kb: KnowledgeBase, ml_years: int) -> int:
    """Which of the guide's level bands the hands-on ML years alone reach: 0 newcomer, 1 mid, 2 senior."""
    return sum(1 for lv in kb.levels.values() if lv.years_min > 0 and ml_years >= lv.years_min)


class _Graph(NamedTuple):
    """Per knowledge base, what skill_gaps reads for every skill, as plain lookups: a batch asks for it
    for every person."""

    prerequisites: dict[str, tuple[str, ...]]
    applied: dict[str, tuple[str, ...]]  # the prerequisites without the theory (Skill.theory)
    hours: dict[str, int]
    members: dict[str, tuple[str, ...]]  # a choice group's member -> every member of its group
    topo: dict[str, int]  # place in a study order that puts prerequisites first


def _graph(kb: KnowledgeBase) -> _Graph:
    def build() -> _Graph:
        return _Graph(
            {s.id: s.prerequisites for s in kb.skills.values()},
            {s.id: tuple(p for p in s.prerequisites if p not in s.theory) for s in kb.skills.values()},
            {s.id: s.hours for s in kb.skills.values()},
            {m: g.members for g in kb.choice_groups.values() for m in g.members},
            {s: i for i, s in enumerate(study_order(kb, kb.skills, lambda s: s))},
        )

    return _memo("graph", kb, build)


class _Order(NamedTuple):
    """Per field and list that leads it (the foundations, or the senior agenda), every skill's place in
    the guide and weight for the field, for every skill: the keys the gap order sorts by."""

    rank: dict[str, float]  # where the guide names it first: the leading list, then the field's own
    weight: dict[str, float]  # how much the field relies on it (importance_for), 0 for the others
    first_for: dict[str, frozenset[str]]  # interest -> the field's skills it learns first (first_for groups)


def _order(kb: KnowledgeBase, spec: Specialization, first: tuple[str, ...]) -> _Order:
    def build() -> _Order:
        guide_rank: dict[str, int] = {}
        for index, skill in enumerate((*first, *spec.skills)):
            guide_rank.setdefault(skill, index)  # the foundations' own order wins over their place in a field
        weight = importance_for(kb, spec)
        interests = {interest for group in spec.skill_groups for interest in group.first_for}
        return _Order(
            {s: float(guide_rank.get(s, 10_000)) for s in kb.skills},
            {s: weight.get(s, 0.0) for s in kb.skills},
            {interest: first_for(spec, (interest,)) for interest in interests},  # the planner's rule, per interest
        )

    return _memo(f"order:{spec.id}:{first[:1]}", kb, build)


# Ours: the guide's senior agenda includes papers and international conferences; we keep that item
# for people who chose research (by background, interest or record); others are not asked for papers.
RESEARCH_AGENDA = frozenset({"research_publication"})


def skill_gaps(
    kb: KnowledgeBase,
    spec_id: str,
    held: frozenset[str],
    *,
    basics_known: bool = False,
    senior: bool = False,
    research: bool = True,
    interests: Collection[str] = (),
) -> tuple[SkillGap, ...]:
    """`basics_known`: years of hands-on ML that the skills back imply the basics; `senior` adds the
    agenda; `research`: the person chose research, so its part of the agenda applies; `interests`: the
    field's skill groups marked first_for one of them come first among its own skills, and those marked
    left_out_for one of them (and kept_for none) are left out."""
    basics_known = basics_known or senior
    spec = kb.specializations[spec_id]
    graph = _graph(kb)
    prerequisites = graph.prerequisites

    # A choice group counts as held when any member is: its members need nothing more.
    covered = set(held)
    for skill in held:
        members = graph.members.get(skill)
        if members is not None:
            covered.update(members)
    reasons: dict[str, str] = {}
    if senior:
        for skill in senior_agenda(kb):
            if skill not in covered and (research or skill not in RESEARCH_AGENDA):
                reasons[skill] = "senior_agenda"
    elif not basics_known:
        for skill in kb.foundations:
            if skill not in covered:
                reasons[skill] = "foundation"
    open_groups: list[tuple[str, ...]] = []
    skipped = left_out(spec, interests) if interests else frozenset()
    for unit in field_units(kb, spec):
        if skipped and unit[0] in skipped:
            continue  # what these interests meet later, on the job (image models for an LLM app builder)
        if len(unit) == 1:
            if unit[0] not in covered:
                reasons.setdefault(unit[0], "scale_up" if unit[0] in kb.scale_up else "field")
        elif unit[0] not in covered:
            open_groups.append(unit)

    def prerequisites_of(skills: Collection[str], found: set[str]) -> set[str]:
        """What must be learnt first (added to `found`), walking back only through what is not held:
        someone who holds the Transformer needs nothing of what it builds on again."""
        stack = [p for s in skills for p in prerequisites[s]]
        while stack:
            prereq = stack.pop()
            if prereq in found or prereq in covered:
                continue
            found.add(prereq)
            stack.extend(prerequisites[prereq])
        return found

    needed = prerequisites_of(reasons, set())
    picks: dict[str, tuple[str | None, str | None]] = {}  # member -> (group, why)
    for members in open_groups:
        member, why = pick_member(kb, members, held, needed)
        picks[member] = (kb.choice_of[member], why)
        reasons.setdefault(member, "scale_up" if member in kb.scale_up else "field")
    missing = set(reasons) | prerequisites_of(picks, needed)
    if basics_known:  # what their years imply they know is not re-taught
        basics = _basics(kb)
        missing = {s for s in missing if s in reasons or s not in basics}

    # A prerequisite takes the earliest tier of what needs it (what foundations build on is foundation
    # work), and sits with the first skill in the guide's order that needs it. Dependents come before
    # their prerequisites in reverse topological order, so one pass carries both along the chains.
    order = _order(kb, spec, senior_agenda(kb) if senior else kb.foundations)
    guide_rank, weight = order.rank, order.weight
    # What the person's interests put first, and (below) what that needs: 1, else 0.
    wanted_first = frozenset().union(*(order.first_for.get(i, frozenset()) for i in interests))
    # Someone whose interests put skills first builds on models: the theory behind a skill
    # (the Transformer behind LLMs) stays on the list but no longer holds back what uses it.
    ordering = graph.applied if wanted_first else prerequisites
    tier: dict[str, int] = {}
    rank: dict[str, float] = {}
    first: dict[str, int] = {}
    unlocks: dict[str, list[str]] = {}
    waiting: dict[str, int] = {}  # how many of its prerequisites are still to learn
    for skill in missing:
        tier[skill] = _TIER[reasons.setdefault(skill, "prerequisite")]
        rank[skill] = guide_rank[skill]
        first[skill] = 1 if skill in wanted_first else 0
        unlocks[skill] = []
        waiting[skill] = 0
    for skill in sorted(missing, key=graph.topo.__getitem__, reverse=True):
        skill_tier, skill_rank, skill_first = tier[skill], rank[skill], first[skill]
        for index, prereq in enumerate(ordering[skill], 1):
            if prereq in tier:
                if skill_tier < tier[prereq]:
                    tier[prereq] = skill_tier
                # Sibling prerequisites keep the order they are listed in (statistics, then linear algebra).
                if skill_rank + index / 1000 < rank[prereq]:
                    rank[prereq] = skill_rank + index / 1000
                if skill_first > first[prereq]:
                    first[prereq] = skill_first
                unlocks[prereq].append(skill)
                waiting[skill] += 1

    def key(skill: str) -> tuple[int, int, float, float, str]:
        if tier[skill] <= _TIER["foundation"]:  # the foundations go in the guide's own order
            return (tier[skill], 0, rank[skill], 0.0, skill)
        return (tier[skill], -first[skill], -weight[skill], rank[skill], skill)

    # Prerequisites first; among the skills ready to learn, the smallest key first.
    ready = [(key(s), s) for s, count in waiting.items() if not count]
    heapq.heapify(ready)
    alternatives = _alternatives(kb)
    hours = graph.hours
    choice_of = kb.choice_of
    gaps = []
    while ready:
        _, skill = heapq.heappop(ready)
        after = unlocks[skill]
        for nxt in after:
            waiting[nxt] -= 1
            if not waiting[nxt]:
                heapq.heappush(ready, (key(nxt), nxt))
        choice, pick = picks[skill] if skill in picks else (choice_of.get(skill), None)
        fields = (
            skill,
            hours[skill],
            weight[skill],
            tuple(sorted(after)) if len(after) > 1 else tuple(after),
            reasons[skill],
            choice,
            alternatives.get(skill, ()),
            pick,
        )
        gaps.append(_new_gap(SkillGap, fields))
    return tuple(gaps)


_new_gap = tuple.__new__  # SkillGap from its fields without the keyword handling: a batch makes millions


def _alternatives(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """Each choice member -> the other members of its group."""
    return _memo(
        "alternatives",
        kb,
        lambda: {m: tuple(o for o in g.members if o != m) for g in kb.choice_groups.values() for m in g.members},
    )


_static: dict[tuple[str, object], tuple[object, Any]] = {}


def _memo(name: str, kb: KnowledgeBase, build: Callable[[], T]) -> T:
    """Per knowledge base, computed once: batches assess thousands of people against the same data."""
    key = (name, id(kb.skills))
    cached = _static.get(key)
    if cached is not None and cached[0] is kb.skills:
        return cast(T, cached[1])
    value = build()
    _static[key] = (kb.skills, value)
    return value


def _basics(kb: KnowledgeBase) -> frozenset[str]:
    """What years of hands-on ML imply: the foundations, what they rest on, and the basics' groups."""

    def build() -> frozenset[str]:
        closure = kb.prerequisite_closure
        basics = set(kb.foundations).union(*(closure[f] for f in kb.foundations))
        basics.update(s.id for s in kb.skills.values() if s.group in _BASICS_GROUPS)
        return frozenset(basics)

    return _memo("basics", kb, build)


def pick_member(kb: KnowledgeBase, members: tuple[str, ...], held: frozenset[str], needed: set[str]) -> tuple[str, str]:
    """The member to recommend: one that other gaps already need; else the one whose prerequisites the
    person holds most of (what they already work with); else the guide's main tool, named first."""
    for member in members:
        if member in needed:
            return member, "needed_by"
    closure = kb.prerequisite_closure
    best = max(members, key=lambda m: (len(closure[m] & held) - len(closure[m] - held), -members.index(m)))
    if best != members[0] and len(closure[best] & held) > len(closure[members[0]] & held):
        return best, "builds_on_held"
    return members[0], "guide_main"
