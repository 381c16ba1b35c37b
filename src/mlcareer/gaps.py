"""What a person still has to learn for a field, in the order a counsellor would give it. Pure.

The rules, each checkable against the output:
- one entry per skill, and one per choice group (SageMaker / Azure ML / Vertex AI is one gap: its
  recommended member, the others as alternatives);
- the guide's newcomer must-haves first whenever they are missing, for every field; then the field's
  own skills; tools that scale up a basic one (Polars, Spark) last;
- a senior (the top level's years of ML) is not re-taught the basics: the guide's senior agenda comes
  first, then the field skills they truly lack;
- prerequisites always come before what needs them; equals are ordered by how much the field relies
  on them, then by where the guide names them, then by id.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from mlcareer.model import KnowledgeBase, Specialization
from mlcareer.skillgraph import importance_for, study_order

# Why a skill is in the list; the tier is its place in the order.
GAP_REASONS = ("senior_agenda", "foundation", "field", "prerequisite", "scale_up")
_TIER = {"senior_agenda": 0, "foundation": 1, "field": 2, "prerequisite": 3, "scale_up": 4}
# Why a choice group's member was picked.
PICK_REASONS = ("guide_main", "builds_on_held", "needed_by")
# Skill groups a senior is not sent back to.
_BASICS_GROUPS = frozenset({"math_stats", "ml_fundamentals", "data_analysis", "visualization"})


@dataclass(frozen=True, slots=True)
class SkillGap:
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


def senior_agenda(kb: KnowledgeBase) -> tuple[str, ...]:
    """The skills of the top level's preparation lists (strategy, organisation, business value)."""
    top = max(kb.levels.values(), key=lambda lv: lv.years_min)
    return tuple(dict.fromkeys(s for prep in top.preparation for s in prep.skills))


def is_senior(kb: KnowledgeBase, ml_years: int) -> bool:
    return ml_years >= max(lv.years_min for lv in kb.levels.values())


def skill_gaps(kb: KnowledgeBase, spec_id: str, held: frozenset[str], *, senior: bool = False) -> tuple[SkillGap, ...]:
    spec = kb.specializations[spec_id]
    closure = kb.prerequisite_closure
    weight = importance_for(kb, spec)

    reasons: dict[str, str] = {}
    if senior:
        for skill in senior_agenda(kb):
            if not satisfied(kb, skill, held):
                reasons[skill] = "senior_agenda"
    else:
        for skill in kb.foundations:
            if not satisfied(kb, skill, held):
                reasons[skill] = "foundation"
    open_groups: list[tuple[str, ...]] = []
    for unit in field_units(kb, spec):
        if any(m in held for m in unit):
            continue
        if len(unit) == 1:
            reasons.setdefault(unit[0], "scale_up" if unit[0] in kb.scale_up else "field")
        else:
            open_groups.append(unit)

    def prerequisites_of(skills: Collection[str]) -> set[str]:
        """What must be learnt first, walking back only through what is not held: someone who holds the
        Transformer needs nothing of what it builds on again."""
        found: set[str] = set()
        stack = [p for s in skills for p in kb.skills[s].prerequisites]
        while stack:
            prereq = stack.pop()
            if prereq in found or satisfied(kb, prereq, held):
                continue
            found.add(prereq)
            stack.extend(kb.skills[prereq].prerequisites)
        return found

    needed = prerequisites_of(reasons)
    picks: dict[str, tuple[str, str]] = {}  # member -> (group, why)
    for members in open_groups:
        member, why = _pick(kb, members, held, needed)
        group = kb.choice_of[member]
        picks[member] = (group, why)
        reasons.setdefault(member, "scale_up" if member in kb.scale_up else "field")
    missing = set(reasons) | prerequisites_of(reasons)
    if senior:  # what their years imply they know is not re-taught
        basics = set(kb.foundations).union(*(closure[f] for f in kb.foundations))
        missing = {s for s in missing if s in reasons or (s not in basics and kb.skills[s].group not in _BASICS_GROUPS)}
    for skill in missing:
        reasons.setdefault(skill, "prerequisite")

    # A prerequisite takes the earliest tier of what needs it: what foundations build on is foundation work.
    tier = {s: _TIER[reasons[s]] for s in missing}
    for skill in missing:
        for prereq in closure[skill] & missing:
            tier[prereq] = min(tier[prereq], _TIER[reasons[skill]])
    guide_rank: dict[str, int] = {}
    first = senior_agenda(kb) if senior else kb.foundations
    for index, skill in enumerate((*first, *spec.skills)):
        guide_rank.setdefault(skill, index)  # the foundations' own order wins over their place in a field
    rank = dict(guide_rank)
    for skill in missing:  # a prerequisite sits with the first skill that needs it
        for prereq in closure[skill] & missing:
            if skill in guide_rank:
                rank[prereq] = min(rank.get(prereq, 10_000), guide_rank[skill])

    def key(skill: str) -> tuple[int, float, int, str]:
        if tier[skill] <= _TIER["foundation"]:  # the foundations go in the guide's own order
            return (tier[skill], float(rank.get(skill, 10_000)), 0, skill)
        return (tier[skill], -weight.get(skill, 0.0), rank.get(skill, 10_000), skill)

    order = study_order(kb, missing, key)
    unlocks: dict[str, list[str]] = {s: [] for s in missing}
    for skill in missing:
        for prereq in kb.skills[skill].prerequisites:
            if prereq in unlocks:
                unlocks[prereq].append(skill)
    gaps = []
    for skill in order:
        choice = picks[skill][0] if skill in picks else kb.choice_of.get(skill)
        pick = picks[skill][1] if skill in picks else None
        alternatives = tuple(m for m in kb.choice_groups[choice].members if m != skill) if choice else ()
        gaps.append(
            SkillGap(
                skill=skill,
                hours=kb.skills[skill].hours,
                importance=weight.get(skill, 0.0),
                prerequisite_for=tuple(sorted(unlocks[skill])),
                reason=reasons[skill],
                choice=choice,
                alternatives=alternatives,
                pick=pick if choice else None,
            )
        )
    return tuple(gaps)


def _pick(kb: KnowledgeBase, members: tuple[str, ...], held: frozenset[str], needed: set[str]) -> tuple[str, str]:
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
