"""The skills graph: prerequisites, their closure, and study orders that put prerequisites first."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping

from mlcareer.model import KnowledgeBase, Specialization


def with_prerequisites(kb: KnowledgeBase, skills: Iterable[str], held: frozenset[str] = frozenset()) -> set[str]:
    """`skills` plus every prerequisite they need (transitively) that is not already held."""
    closure = kb.prerequisite_closure
    out: set[str] = set()
    for skill in skills:
        if skill not in held:
            out.add(skill)
            out.update(closure[skill])
    return out - held if held else out


def held_with_prerequisites(kb: KnowledgeBase, skills: Iterable[str]) -> frozenset[str]:
    """Someone who uses a skill has, in practice, what it builds on: PyTorch implies Python."""
    return frozenset(with_prerequisites(kb, skills))


def study_order(kb: KnowledgeBase, skills: Iterable[str], priority: Callable[[str], float]) -> list[str]:
    """A topological order of `skills` (prerequisites first); among the ready ones, highest priority first.

    Prerequisites outside `skills` are taken as already satisfied.
    """
    todo = set(skills)
    waiting = {s: {p for p in kb.skills[s].prerequisites if p in todo} for s in todo}
    unlocks: dict[str, list[str]] = {s: [] for s in todo}
    for skill, needs in waiting.items():
        for need in needs:
            unlocks[need].append(skill)
    ready = [(-priority(s), s) for s, needs in waiting.items() if not needs]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, skill = heapq.heappop(ready)
        order.append(skill)
        for nxt in unlocks[skill]:
            waiting[nxt].discard(skill)
            if not waiting[nxt]:
                heapq.heappush(ready, (-priority(nxt), nxt))
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
