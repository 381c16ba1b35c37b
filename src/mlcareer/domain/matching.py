"""A posting held against a person: what they hold and lack, how ready they are, and when they could be.

Pure: the caller passes the posting (read by `posting.read_posting`), the person and today's date.

The readiness score, which a counsellor can check by hand:
- Each skill the posting asks for counts once (skills of one choice group the posting names together,
  "PyTorch or TensorFlow", count once and are met by any of them); a required one weighs
  REQUIRED_WEIGHT, a preferred one PREFERRED_WEIGHT.
- readiness = floor(100 × weight held ÷ weight asked). Holding one more skill never lowers it, and it
  reaches 100 only when every skill asked for is held.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from mlcareer.domain.message import Join, Money, MoneyRange, Phrase, msg
from mlcareer.domain.model import KnowledgeBase, Salary
from mlcareer.domain.posting import Found, Posting
from mlcareer.domain.rules import Facts, RuleSet

REQUIRED_WEIGHT = 3
PREFERRED_WEIGHT = 1

Fit = Literal["meets", "short", "unknown", "not_asked"]
SalaryFit = Literal["within", "above_target", "below_target", "unknown", "not_given"]


@dataclass(frozen=True, slots=True)
class Person:
    """What the match needs to know about the person; from an assessment, answers or a skills list."""

    skills: tuple[str, ...]  # named by the person
    level: str | None = None
    years: int | None = None  # the years counted towards their level
    weekly_hours: float = 10.0
    target_salary: int | None = None  # 万円
    # For --plan, as roadmap makes plans: the quiz's interests and industries, and the level whose
    # groundwork counts as known.
    interests: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    assumed_level: str | None = None


@dataclass(frozen=True, slots=True)
class Asked:
    """One thing the posting asks for: a skill, or a choice group it names several members of."""

    skills: tuple[str, ...]  # the posting's skills, in its order; one unless a choice group
    required: bool
    held_by: str | None  # the held skill that meets it
    implied_by: str | None  # when held_by is not named by the person: the named skill that implies it
    # Not held, but the person holds another member of its choice group (TensorFlow for a PyTorch
    # posting): still missing, since the posting names this one, but a short step.
    alternative_held: str | None = None

    @property
    def held(self) -> bool:
        return self.held_by is not None


@dataclass(frozen=True, slots=True)
class StudyItem:
    skill: str
    hours: int
    for_posting: bool  # False: a prerequisite of a skill the posting asks for
    required: bool
    prerequisite_for: tuple[str, ...]
    alternatives: tuple[str, ...]  # other members of its choice group the posting also names


@dataclass(frozen=True, slots=True)
class Match:
    posting: Posting
    person: Person
    asked: tuple[Asked, ...]
    held: tuple[str, ...]
    implied: tuple[tuple[str, str], ...]  # (skill, the named skill that implies it)
    missing: tuple[str, ...]
    readiness: int | None
    readiness_reasons: tuple[Phrase, ...]
    specialization: str | None
    specialization_reasons: tuple[Phrase, ...]
    experience_fit: Fit
    experience_reason: Phrase | None
    salary_fit: SalaryFit
    salary_reason: Phrase | None
    salary_level_note: Phrase | None
    study: tuple[StudyItem, ...]
    study_hours: int
    ready_by: dt.date


# -- what the person holds -------------------------------------------------------------------------


def held_of(kb: KnowledgeBase, named: Iterable[str]) -> tuple[frozenset[str], dict[str, str]]:
    """Every skill the person holds, and for those they did not name, the named skill that implies it
    (the knowledge's opt-in implies edges: PyTorch => Python; a prerequisite is never evidence)."""
    from mlcareer.domain.skillgraph import held_skills

    held = held_skills(kb, named)
    return held.all, dict(held.inferred)


# -- the match -------------------------------------------------------------------------------------


def asked_of(
    kb: KnowledgeBase, found: Iterable[Found], held: frozenset[str], inferred: Mapping[str, str]
) -> list[Asked]:
    """The posting's skills as requirements: members of one choice group it names together are one."""
    choice_of = kb.choice_of
    groups: dict[str, list[Found]] = {}
    order: list[str] = []
    for item in found:
        key = choice_of.get(item.skill, item.skill)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(item)
    out: list[Asked] = []
    for key in order:
        items = groups[key]
        skills = tuple(i.skill for i in items)
        holder = next((s for s in skills if s in held), None)
        group = kb.choice_groups.get(key)
        alternative = None
        if holder is None and group is not None:
            alternative = next((m for m in group.members if m in held), None)
        out.append(
            Asked(
                skills=skills,
                required=any(i.required for i in items),
                held_by=holder,
                implied_by=inferred.get(holder) if holder is not None else None,
                alternative_held=alternative,
            )
        )
    return out


def readiness_of(asked: Iterable[Asked]) -> tuple[int | None, tuple[Phrase, ...]]:
    items = list(asked)
    if not items:
        return None, (msg("No skill of the catalogue was found, so there is no readiness to give."),)
    req = [a for a in items if a.required]
    pref = [a for a in items if not a.required]
    req_held = sum(a.held for a in req)
    pref_held = sum(a.held for a in pref)
    got = REQUIRED_WEIGHT * req_held + PREFERRED_WEIGHT * pref_held
    total = REQUIRED_WEIGHT * len(req) + PREFERRED_WEIGHT * len(pref)
    score = math.floor(100 * got / total)
    reasons = [
        msg("Required skills: {held} of {total} held", held=req_held, total=len(req))
        if req
        else msg("Required skills: none named"),
        msg("Preferred skills: {held} of {total} held", held=pref_held, total=len(pref))
        if pref
        else msg("Preferred skills: none named"),
        msg(
            "A required skill counts {weight} times a preferred one: "
            "({weight}×{required_held} + {preferred_held}) ÷ ({weight}×{required} + {preferred}) → {score}",
            weight=REQUIRED_WEIGHT,
            required_held=req_held,
            preferred_held=pref_held,
            required=len(req),
            preferred=len(pref),
            score=score,
        ),
    ]
    return score, tuple(reasons)


def _field(kb: KnowledgeBase, rules: RuleSet, skills: frozenset[str]) -> tuple[str | None, tuple[Phrase, ...]]:
    """The posting's field: the same skill-match rule `assess` scores a person's skills with."""
    from mlcareer.domain.advisor import _rank

    if not skills:
        return None, ()
    facts = Facts(skills, frozenset(), frozenset(), "", {})
    ranking = _rank(kb, rules, facts, [])
    top = ranking[0]
    if top.score <= 0:
        return None, ()
    reasons: list[Phrase] = []
    for score in ranking[:2]:
        reasons.append(
            msg(
                "{field}: the posting names {held} of the field's {total} skills ({score} points)",
                field=kb.specializations[score.id].name,
                held=score.skills_held,
                total=score.skills_total,
                score=score.score,
            )
        )
    return top.id, tuple(reasons)


def _experience(kb: KnowledgeBase, posting: Posting, person: Person) -> tuple[Fit, Phrase | None]:
    asked = posting.experience_years
    if asked is None:
        return "not_asked", None
    if person.years is None:
        return "unknown", msg("The posting asks for {asked}+ years (your years are not known here).", asked=asked)
    from mlcareer.domain.salary import level_for_years

    band = level_for_years(kb, asked).name
    if person.years >= asked:
        return "meets", msg(
            "The posting asks for {asked}+ years ({level} band); yours count as {years}: it fits.",
            asked=asked,
            level=band,
            years=person.years,
        )
    return "short", msg(
        "The posting asks for {asked}+ years ({level} band); yours count as {years}: {short} short. "
        "You can still apply, but be ready to show a portfolio or related work that makes up for it.",
        asked=asked,
        level=band,
        years=person.years,
        short=asked - person.years,
    )


def _salary(kb: KnowledgeBase, posting: Posting, person: Person) -> tuple[SalaryFit, Phrase | None, Phrase | None]:
    """How the posting's pay compares with the person's target, and what their level usually earns."""
    offered = posting.salary
    if offered is None:
        return "not_given", None, None
    low, high = offered.min, offered.max
    shown = MoneyRange(low, high)
    level_note = None
    if person.level is not None and person.level in kb.levels:
        level = kb.levels[person.level]
        band: Salary = level.salary
        level_note = msg(
            "Your level ({level}) usually earns {band}.", level=level.name, band=MoneyRange(band.min, band.max)
        )
    target = person.target_salary
    if target is None:
        return (
            "unknown",
            msg("The posting offers {offered}; you gave no target salary to compare with.", offered=shown),
            level_note,
        )
    wanted = Money(target)
    if high is not None and target > high:
        return (
            "below_target",
            msg("The posting offers {offered}, below your target of {target}.", offered=shown, target=wanted),
            level_note,
        )
    if low is not None and target < low:
        return (
            "above_target",
            msg("The posting offers {offered}, above your target of {target}.", offered=shown, target=wanted),
            level_note,
        )
    return (
        "within",
        msg("Your target of {target} is inside the posting's {offered}.", target=wanted, offered=shown),
        level_note,
    )


def _study(
    kb: KnowledgeBase, asked: Iterable[Asked], held: frozenset[str], *, applied: bool = False
) -> list[StudyItem]:
    """What to learn for the posting, prerequisites first, one entry per requirement (the first skill the
    posting names of a choice group, the others as alternatives); required before preferred.
    `applied`: the person's interests put the field's applied skills first (an LLM app builder), so, as
    in their roadmap, a skill's theory (the Transformer behind an LLM) is not learnt before it."""
    from mlcareer.domain.skillgraph import applied_prerequisites, direct_prerequisites, study_order

    wanted: dict[str, Asked] = {}
    for item in asked:
        if not item.held:
            wanted[item.skills[0]] = item

    def builds_on(skill: str) -> frozenset[str]:
        return frozenset(applied_prerequisites(kb, skill)) if applied else kb.prerequisite_closure[skill]

    todo = {s for skill in wanted for s in (skill, *builds_on(skill))} - held
    unlocks: dict[str, list[str]] = {s: [] for s in todo}
    for skill in todo:
        for prereq in direct_prerequisites(kb, skill, applied=applied):
            if prereq in unlocks:
                unlocks[prereq].append(skill)

    # A prerequisite is as urgent as the most urgent skill it leads to: what a required skill
    # builds on comes before a preferred skill.
    urgency: dict[str, float] = {}
    for skill, item in wanted.items():
        weight = float(REQUIRED_WEIGHT if item.required else PREFERRED_WEIGHT)
        for needed in (builds_on(skill) & todo) | {skill}:
            urgency[needed] = max(urgency.get(needed, 0.0), weight)

    def priority(skill: str) -> float:
        return urgency.get(skill, 0.0) + len(unlocks[skill]) / 100

    out = []
    for skill in study_order(kb, todo, lambda s: -priority(s), applied=applied):  # the smallest key first
        found = wanted.get(skill)
        out.append(
            StudyItem(
                skill=skill,
                hours=kb.skills[skill].hours,
                for_posting=found is not None,
                # a prerequisite is required when a required skill builds on it
                required=found.required if found is not None else urgency.get(skill, 0) >= REQUIRED_WEIGHT,
                prerequisite_for=tuple(sorted(unlocks[skill])),
                alternatives=found.skills[1:] if found is not None else (),
            )
        )
    return out


def match_posting(kb: KnowledgeBase, rules: RuleSet, posting: Posting, person: Person, today: dt.date) -> Match:
    held, inferred = held_of(kb, person.skills)
    asked = asked_of(kb, posting.skills, held, inferred)
    readiness, reasons = readiness_of(asked)
    for item in asked:
        if len(item.skills) > 1:  # a choice group the posting names together counts once
            names = Join(tuple(kb.skills[s].name for s in item.skills), "or")
            reasons += (msg("{skills} count as one: any of them will do", skills=names),)
    posting_skills = frozenset(f.skill for f in posting.skills)
    posting_held, _ = held_of(kb, posting_skills)
    field, field_reasons = _field(kb, rules, posting_held)
    experience_fit, experience_reason = _experience(kb, posting, person)
    salary_fit, salary_reason, level_note = _salary(kb, posting, person)
    # The rule the roadmap follows (planner.build_plan): interests that put the field's applied skills
    # first leave the theory behind them until after hiring.
    from mlcareer.domain.skillgraph import first_for

    spec = kb.specializations.get(field) if field is not None else None
    study = _study(kb, asked, held, applied=spec is not None and bool(first_for(spec, person.interests)))
    hours = sum(item.hours for item in study)
    days = math.ceil(hours / person.weekly_hours * 7) if hours else 0
    held_ids = tuple(s for a in asked for s in a.skills if s in held)
    return Match(
        posting=posting,
        person=person,
        asked=tuple(asked),
        held=held_ids,
        implied=tuple((s, inferred[s]) for s in held_ids if s in inferred),
        missing=tuple(s for a in asked if not a.held for s in a.skills),
        readiness=readiness,
        readiness_reasons=reasons,
        specialization=field,
        specialization_reasons=field_reasons,
        experience_fit=experience_fit,
        experience_reason=experience_reason,
        salary_fit=salary_fit,
        salary_reason=salary_reason,
        salary_level_note=level_note,
        study=tuple(study),
        study_hours=hours,
        ready_by=today + dt.timedelta(days=days),
    )


@dataclass(frozen=True, slots=True)
class MarketView:
    """Across several postings: how often each skill is asked for, and whether the person holds it."""

    postings: int
    counts: tuple[tuple[str, int, int, bool], ...]  # (skill, postings asking, of them required, held)


def market_view(kb: KnowledgeBase, matches: Iterable[Match]) -> MarketView:
    asked: dict[str, int] = {}
    required: dict[str, int] = {}
    held: set[str] = set()
    total = 0
    for match in matches:
        total += 1
        held.update(match.held)
        for found in match.posting.skills:
            asked[found.skill] = asked.get(found.skill, 0) + 1
            required[found.skill] = required.get(found.skill, 0) + found.required
    order = sorted(asked, key=lambda s: (-asked[s], -required[s], s))
    return MarketView(total, tuple((s, asked[s], required[s], s in held) for s in order))
