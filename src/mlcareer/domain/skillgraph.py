"""The skills graph: prerequisites, their closure, and study orders that put prerequisites first."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

from mlcareer.domain.model import KnowledgeBase, NamedSkills, Specialization


def with_prerequisites(kb: KnowledgeBase, skills: Iterable[str], held: frozenset[str] = frozenset()) -> set[str]:
    """`skills` plus every prerequisite they need (transitively) that is not already held."""
    closure = kb.prerequisite_closure
    out: set[str] = set()
    for skill in skills:
        if skill not in held:
            out.add(skill)
            out.update(closure[skill])
    return out - held if held else out


class HeldSkills(NamedTuple):
    """What a person holds: the skills they named, and those the knowledge marks as implied by them."""

    named: frozenset[str]
    inferred: dict[str, str]  # implied skill -> the named skill that implied it

    @property
    def all(self) -> frozenset[str]:
        return self.named | self.inferred.keys()


def held_skills(kb: KnowledgeBase, named: Iterable[str]) -> HeldSkills:
    """Only opt-in `implies` edges add to what was named (PyTorch => Python). A prerequisite is what to
    learn first, never evidence: listing Grafana says nothing about statistics."""
    ordered = tuple(dict.fromkeys(named))
    chosen = frozenset(ordered)
    inferred: dict[str, str] = {}
    closure = kb.implied_closure
    for skill in ordered:
        for implied in sorted(closure[skill]):
            if implied not in chosen:
                inferred.setdefault(implied, skill)
    return HeldSkills(chosen, inferred)


def study_order(
    kb: KnowledgeBase, skills: Iterable[str], key: Callable[[str], Any], *, applied: bool = False
) -> list[str]:
    """A topological order of `skills` (prerequisites first); among the ready ones, the smallest key first.

    Prerequisites outside `skills` are taken as already satisfied. `applied`: a skill's theory
    (`Skill.theory`) need not come before it (see applied_prerequisites).
    """
    todo = set(skills)
    waiting = {s: {p for p in direct_prerequisites(kb, s, applied=applied) if p in todo} for s in todo}
    unlocks: dict[str, list[str]] = {s: [] for s in todo}
    for skill, needs in waiting.items():
        for need in needs:
            unlocks[need].append(skill)
    ready = [(key(s), s) for s, needs in waiting.items() if not needs]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, skill = heapq.heappop(ready)
        order.append(skill)
        for nxt in unlocks[skill]:
            waiting[nxt].discard(skill)
            if not waiting[nxt]:
                heapq.heappush(ready, (key(nxt), nxt))
    return order


_importance_cache: dict[str, tuple[object, Mapping[str, float]]] = {}


def importance_for(kb: KnowledgeBase, spec: Specialization) -> Mapping[str, float]:
    """How much a skill matters to a specialization: earlier skill groups weigh more, and a skill that
    many of the field's skills build on weighs more still. Memoized per knowledge base: batches ask
    for the same four fields thousands of times."""
    cached = _importance_cache.get(spec.id)
    if cached is not None and cached[0] is kb.prerequisite_closure:
        return cached[1]
    weight: dict[str, float] = {}
    groups = len(spec.skill_groups)
    for index, group in enumerate(spec.skill_groups):
        for position, skill in enumerate(group.skills):
            # Within a group the guide names the main tool first (PyTorch, TensorFlow, JAX): keep that order.
            weight[skill] = max(weight.get(skill, 0.0), groups - index - position / 100)
    for skill in spec.skills:
        for prereq in with_prerequisites(kb, kb.skills[skill].prerequisites):
            weight[prereq] = weight.get(prereq, 0.0) + 0.5
    _importance_cache[spec.id] = (kb.prerequisite_closure, weight)
    return weight


def first_for_groups(spec: Specialization, interests: Iterable[str]) -> tuple[NamedSkills, ...]:
    """The field's skill groups that these interests put first (marked `first_for` them): for an LLM
    app builder, prompting and RAG. Empty for everyone else."""
    wants = set(interests)
    return tuple(group for group in spec.skill_groups if wants & set(group.first_for))


def first_for(spec: Specialization, interests: Iterable[str]) -> frozenset[str]:
    """The skills of `first_for_groups`."""
    return frozenset(s for group in first_for_groups(spec, interests) for s in group.skills)


def left_out(spec: Specialization, interests: Iterable[str]) -> frozenset[str]:
    """The field's skills these interests leave out of the gaps (groups marked `left_out_for` one of
    them and `kept_for` none): image models for an LLM app builder. Empty for everyone else."""
    wants = set(interests)
    if not wants:
        return frozenset()
    return frozenset(
        s
        for group in spec.skill_groups
        if wants & set(group.left_out_for) and not wants & set(group.kept_for)
        for s in group.skills
    )


def direct_prerequisites(kb: KnowledgeBase, skill: str, *, applied: bool = False) -> tuple[str, ...]:
    """What `skill` builds on directly; `applied`: leaving out its theory."""
    current = kb.skills[skill]
    return tuple(p for p in current.prerequisites if p not in current.theory) if applied else current.prerequisites


def applied_prerequisites(kb: KnowledgeBase, skill: str) -> set[str]:
    """What `skill` needs first, transitively, leaving out its theory (`Skill.theory`): the order for
    someone who builds on models rather than trains them."""
    found: set[str] = set()
    stack = [skill]
    while stack:
        current = kb.skills[stack.pop()]
        for prereq in current.prerequisites:
            if prereq not in current.theory and prereq not in found:
                found.add(prereq)
                stack.append(prereq)
    return found
