"""Answers + knowledge + rules -> an Assessment that explains itself. Pure: no I/O, no clock."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from mlcareer.domain.advice_warnings import AdviceWarning, advice_warnings
from mlcareer.domain.answers import Answers
from mlcareer.domain.gaps import SkillGap, experience_band, field_units, skill_gaps, units_held
from mlcareer.domain.message import Action, Join, Money, MoneyRange, Phrase, msg, nmsg
from mlcareer.domain.model import KnowledgeBase, Salary, Text
from mlcareer.domain.routes import (
    RoleFit,
    RouteReason,
    job_sites,
    job_sites_note,
    rank_roles,
    research_minded,
    similar_cases,
)
from mlcareer.domain.rules import Facts, Rule, RuleSet, evaluate
from mlcareer.domain.salary import (
    BAND_TOP,
    ENTRY,
    FIELD_TOP,
    FIELD_TOP_MEDIAN,
    OVERLAP,
    level_estimate,
    level_for_years,
    pay_at_stage,
    salary_change,
    target_above_range,
)
from mlcareer.domain.skillgraph import held_skills


@dataclass(frozen=True, slots=True)
class Reason:
    rule: str
    points: int
    text: Phrase


@dataclass(frozen=True, slots=True)
class SpecializationScore:
    id: str
    score: int
    reasons: tuple[Reason, ...]
    skills_held: int
    skills_total: int


@dataclass(frozen=True, slots=True)
class Assessment:
    answers: Answers
    ranking: tuple[SpecializationScore, ...]
    level: str
    level_years: int
    level_reasons: tuple[Phrase, ...]
    phase: int
    phase_reasons: tuple[Phrase, ...]
    skills_held: tuple[str, ...]  # what the person named, as ids
    skills_inferred: tuple[tuple[str, str], ...]  # (skill, the named skill that implies it)
    skill_gaps: tuple[SkillGap, ...]
    salary_now: Salary
    salary_now_basis: Phrase
    salary_target: Salary
    salary_notes: tuple[Phrase, ...]
    job_sites: tuple[str, ...]
    similar_cases: tuple[str, ...]
    next_steps: tuple[Phrase, ...]
    warnings: tuple[AdviceWarning, ...] = ()
    # Routes and pay tied to the person (routes.py, salary.py).
    roles: tuple[RoleFit, ...] = ()
    job_site_reasons: tuple[Phrase, ...] = ()  # one per job site, same order
    job_sites_note: Phrase | None = None  # ours: what the sites leave out for this person (a student's first job)
    similar_case_reasons: tuple[Phrase, ...] = ()  # why the first story was chosen
    salary_basis: Phrase | None = None  # what the estimate is, so nobody reads it as their own pay
    salary_change: tuple[int, int] | None = None  # from current_salary to the estimate, when known

    @property
    def top(self) -> str:
        return self.ranking[0].id


def advise(kb: KnowledgeBase, rules: RuleSet, answers: Answers) -> Assessment:
    held = held_skills(kb, answers.skills)
    facts = Facts.of(answers, held.all)
    fired = evaluate(rules, facts)
    ranking = _rank(kb, rules, facts, fired)
    top = kb.specializations[ranking[0].id]

    level_id, level_years, level_reasons = _level(kb, answers, fired)
    phase, phase_reasons = _phase(kb, rules, facts, top.id, answers.ml_years)

    # Years of hands-on ML imply the basics only when the skills back them: past phase 1.
    band = experience_band(kb, answers.ml_years) if phase > 1 else 0
    gaps = skill_gaps(
        kb,
        top.id,
        facts.skills,
        basics_known=band >= 1,
        senior=band >= 2,
        research=research_minded(answers, facts.skills),
        interests=answers.interests,
    )

    level = kb.levels[level_id]
    target, how = level_estimate(kb, top.salary, level, level_years)
    now, now_basis = pay_at_stage(kb, level_years, target)
    shown = _shown_by_rules(fired)
    closed = _closed(rules, facts)
    site_fits = job_sites(kb, answers, level_id, top.id, target, shown.sites, closed.get("sites", NONE))
    sites = tuple(site_id for site_id, _ in site_fits)
    named = frozenset(answers.skills)
    cases, case_reasons = similar_cases(kb, answers, named, top.id, level_id, shown.cases, closed.get("cases", NONE))
    notes = (
        *_salary_notes(kb, answers, target, top.id, cases[0] if cases else None),
        *_pay_notes(kb, answers, target, how, level_id, ranking, fired),
    )
    steps = _next_steps(kb, answers, phase, gaps, sites, top.id, level_id)
    warnings = advice_warnings(kb, answers, held, ranking, fired)
    above = target_above_range(kb, answers.target_salary, top.id)
    if above is not None:
        warnings = (*warnings, AdviceWarning(*above))
    roles = rank_roles(
        kb, answers, facts.skills, level_id, tuple(s.id for s in ranking[:2]), shown.roles, closed.get("roles", NONE)
    )
    return Assessment(
        answers=answers,
        ranking=ranking,
        level=level_id,
        level_years=level_years,
        level_reasons=level_reasons,
        phase=phase,
        phase_reasons=phase_reasons,
        skills_held=tuple(answers.skills),
        skills_inferred=tuple(held.inferred.items()),
        skill_gaps=gaps,
        salary_now=now,
        salary_now_basis=now_basis,
        salary_target=target,
        salary_notes=notes,
        job_sites=sites,
        similar_cases=cases,
        next_steps=steps,
        warnings=warnings,
        roles=roles,
        job_site_reasons=tuple(why for _, why in site_fits),
        job_sites_note=job_sites_note(answers),
        similar_case_reasons=case_reasons,
        salary_basis=_salary_basis(top.salary, level.name, level.salary, how),
        salary_change=None if answers.current_salary is None else salary_change(target, answers.current_salary),
    )


class _Shown(NamedTuple):
    roles: dict[str, tuple[RouteReason, ...]]
    sites: dict[str, Text]
    cases: dict[str, Text]


_NOTHING_SHOWN = _Shown({}, {}, {})


NONE: frozenset[str] = frozenset()


def _closed(rules: RuleSet, facts: Facts) -> dict[str, frozenset[str]]:
    """The roles, sites and cases whose own `when` this person does not meet."""
    if not rules.gates:
        return {}
    return {
        kind: frozenset(ident for ident, test in tests.items() if not test(facts))
        for kind, tests in rules.gates.items()
    }


def _shown_by_rules(fired: list[Rule]) -> _Shown:
    """What the rules that fired add to the routes: points for job titles, sites and stories first."""
    if not any(rule.target_kind == "roles" or rule.sites or rule.cases for rule in fired):
        return _NOTHING_SHOWN  # the usual case: no per-person dicts to build
    shown = _Shown({}, {}, {})
    for rule in fired:
        for role in rule.roles if rule.target_kind == "roles" else ():
            shown.roles[role] = (*shown.roles.get(role, ()), RouteReason(rule.id, rule.points, rule.because))
        for site in rule.sites:
            shown.sites.setdefault(site, rule.because)
        for case in rule.cases:
            shown.cases.setdefault(case, rule.because)
    return shown


def _rank(kb: KnowledgeBase, rules: RuleSet, facts: Facts, fired: list[Rule]) -> tuple[SpecializationScore, ...]:
    fired_for: dict[str, list[Reason]] = {}
    for r in fired:
        if r.target_kind == "specialization":
            fired_for.setdefault(r.target, []).append(_reason_of(r))
    scores = []
    for order, spec in enumerate(kb.specializations.values()):
        reasons = fired_for.get(spec.id, [])
        wanted = len(field_units(kb, spec))  # a choice group counts once, met by any of its members
        have = units_held(kb, spec, facts.skills)
        if have:
            reasons.append(_skill_match(round(rules.skill_match_points * have / wanted), have, wanted))
        raw = sum(r.points for r in reasons)
        reasons.sort(key=_by_points)
        scores.append((SpecializationScore(spec.id, max(0, min(100, raw)), tuple(reasons), have, wanted), order))
    scores.sort(key=lambda pair: (-pair[0].score, pair[1]))
    return tuple(score for score, _ in scores)


def _by_points(reason: Reason) -> tuple[int, str]:
    return (-reason.points, reason.rule)


@lru_cache(maxsize=1024)
def _reason_of(rule: Rule) -> Reason:
    return Reason(rule.id, rule.points, rule.because)


@lru_cache(maxsize=1024)
def _skill_match(points: int, have: int, wanted: int) -> Reason:
    return Reason(
        "skill_match",
        points,
        msg("You already have {have} of the {wanted} skills this field asks for", have=have, wanted=wanted),
    )


def _level(kb: KnowledgeBase, answers: Answers, fired: list[Rule]) -> tuple[str, int, tuple[Phrase, ...]]:
    credits = [r for r in fired if r.target_kind == "level_years"]
    credited = answers.ml_years + sum(r.points for r in credits)
    # Transferable experience can count towards the level, but never beyond the person's working years.
    years = max(answers.ml_years, min(credited, answers.years_experience))
    level = level_for_years(kb, years)
    reasons: list[Phrase] = [
        nmsg(
            "Hands-on ML / data experience: {years} year",
            "Hands-on ML / data experience: {years} years",
            answers.ml_years,
            years=answers.ml_years,
        )
    ]
    for rule in credits:
        reasons.append(msg("{because} ({points:+d} y)", because=rule.because, points=rule.points))
    if credited > years:
        work = answers.years_experience
        reasons.append(
            nmsg("capped at your {years} year of work", "capped at your {years} years of work", work, years=work)
        )
    if level.years_max is None:
        band = msg("{low}+ years", low=level.years_min)
    else:
        band = msg("{low}–{high} years", low=level.years_min, high=level.years_max)
    reasons.append(
        nmsg(
            "{years} year counted → {level} (the guide's band: {band})",
            "{years} years counted → {level} (the guide's band: {band})",
            years,
            years=years,
            level=level.name,
            band=band,
        )
    )
    return level.id, years, tuple(reasons)


def _phase(
    kb: KnowledgeBase, rules: RuleSet, facts: Facts, spec_id: str, ml_years: int
) -> tuple[int, tuple[Phrase, ...]]:
    """The phase follows the skills. Months of hands-on ML (the guide's timeline: phase 1 0-12 months,
    2: 12-24, 3: 24+) can move someone one phase forward only when their skills back it: the
    foundation in place and at least half the field-skill share that phase 3 asks for."""
    foundation = frozenset(kb.foundations)
    have_f = len(foundation & facts.skills)
    # Weighted by study hours: knowing Python and scikit-learn is more of the foundation than t-SNE.
    total_hours = sum(kb.skills[s].hours for s in foundation)
    share_f = sum(kb.skills[s].hours for s in foundation & facts.skills) / total_hours if total_hours else 1.0
    units = field_units(kb, kb.specializations[spec_id])
    have_s = units_held(kb, kb.specializations[spec_id], facts.skills)
    share_s = have_s / len(units) if units else 1.0
    f_need, s_need = rules.foundation_threshold, rules.specialization_threshold
    reasons: list[Phrase] = [
        msg(
            "Foundation skills: {have} of {total} ({share:.0%} of the study hours)",
            have=have_f,
            total=len(foundation),
            share=share_f,
        ),
        msg("Skills of your top field: {have} of {total} ({share:.0%})", have=have_s, total=len(units), share=share_s),
    ]
    lacking = [s for s in rules.foundation_required if s not in facts.skills]
    if share_f < f_need:
        by_skills = 1
        reasons.append(msg("Under {share:.0%} of the foundation: phase 1, whatever the years", share=f_need))
    elif lacking:
        by_skills = 1
        names = Join(tuple(kb.skills[s].name for s in lacking))
        reasons.append(msg("{skills} not yet held: phase 1, whatever the years", skills=names))
    elif share_s < s_need:
        by_skills = 2
        reasons.append(msg("Foundation in place, under {share:.0%} of the field's skills → phase 2", share=s_need))
    elif share_f < rules.phase3_foundation_threshold:
        by_skills = 2
        f3 = rules.phase3_foundation_threshold
        reasons.append(
            msg(
                "Field skills in place, but under {share:.0%} of the foundation → phase 2 while you finish it", share=f3
            )
        )
    else:
        by_skills = 3
        reasons.append(msg("Foundation and field skills in place → phase 3"))
    months = ml_years * 12
    by_time = max((p.number for p in kb.phases if months >= p.months_min), default=1)
    last = max(p.number for p in kb.phases)  # a custom roadmap may have fewer than three phases
    phase = min(by_skills, last)
    if by_time > by_skills and by_skills >= 2 and share_s >= s_need / 2:
        phase = min(by_skills + 1, last)
        reasons.append(
            msg(
                "{months} months hands-on (phase {by_time} on the guide's timeline), backed by {share:.0%} "
                "of the field's skills: moved on to phase {phase}",
                months=months,
                by_time=by_time,
                share=share_s,
                phase=phase,
            )
        )
    elif by_time > by_skills:
        reasons.append(
            msg(
                "{months} months hands-on would be phase {by_time} on the guide's timeline, but the skills "
                "decide: phase {phase} until they catch up",
                months=months,
                by_time=by_time,
                phase=phase,
            )
        )
    return phase, tuple(reasons)


@lru_cache(maxsize=256)
def _salary_basis(field: Salary, level_name: Text, b: Salary, how: str) -> Phrase:
    """What the estimate is, so nobody reads it as their own pay."""
    pay, band = MoneyRange(field.min, field.max), MoneyRange(b.min, b.max, b.open_ended)
    if how == ENTRY:
        return msg(
            "the guide's {level} band ({band}), in any field: what jobs offer, not your current salary. This "
            "field's range ({pay}) is what people earn once they have experience",
            pay=pay,
            level=level_name,
            band=band,
        )
    how_found: Phrase
    if how == OVERLAP:
        how_found = msg(
            "where this field's pay ({pay}) meets the {level} band ({band})", pay=pay, level=level_name, band=band
        )
    elif how == FIELD_TOP_MEDIAN:
        how_found = msg(
            "this field's pay ({pay}) reaches no higher than the floor of the {level} band ({band}), so from the "
            "market median for your years up to the top of the field",
            pay=pay,
            level=level_name,
            band=band,
        )
    elif how == BAND_TOP:
        how_found = msg(
            "this field's pay ({pay}) starts above the {level} band ({band}), so the top of the band",
            pay=pay,
            level=level_name,
            band=band,
        )
    else:
        how_found = msg(
            "the {level} band ({band}) is above this field's pay ({pay}), so the top of the field's range",
            pay=pay,
            level=level_name,
            band=band,
        )
    return msg("{how}: what jobs offer, not your current salary", how=how_found)


def _salary_notes(
    kb: KnowledgeBase, answers: Answers, target: Salary, spec_id: str, case_id: str | None
) -> tuple[Phrase, ...]:
    """Where the person's target sits: in the range at their level, in the field's whole range (a goal
    to grow into), or beyond it; and whether the most similar story reached it."""
    goal = answers.target_salary
    if goal is None:
        return ()
    field = kb.specializations[spec_id].salary
    if goal < target.min:
        note = msg(
            "Your target of {target} is below this field's range at your level: well within reach.", target=Money(goal)
        )
    elif goal <= target.max:
        note = msg("Your target of {target} is inside this field's range at your level.", target=Money(goal))
    elif goal <= field.max:
        note = msg(
            "Your target of {target} is above the usual range at your level, but inside this field's whole range "
            "({pay}): a goal to grow into.",
            target=Money(goal),
            pay=MoneyRange(field.min, field.max),
        )
    else:
        note = msg("Your target of {target} is above the top of this field's range in the guide.", target=Money(goal))
    notes = [note]
    case = kb.cases[case_id] if case_id is not None else None
    if case is not None and target.max < goal <= case.after_salary:
        notes.append(
            msg(
                "In a similar story ({story}) the new salary was {salary}.",
                story=case.title,
                salary=Money(case.after_salary),
            )
        )
    return tuple(notes)


# A field this close behind the best one, where the person's background scores, is a bridge worth naming.
BRIDGE_POINTS = 10


def _pay_notes(
    kb: KnowledgeBase,
    answers: Answers,
    target: Salary,
    how: str,
    level_id: str,
    ranking: tuple[SpecializationScore, ...],
    fired: list[Rule],
) -> tuple[Phrase, ...]:
    """What the estimate means for this person: a pay cut from their current salary said plainly (and the
    close field where their background counts, when its range holds their pay); for a level above the
    field's top, which roles pay more."""
    notes: list[Phrase] = []
    level = kb.levels[level_id]
    current = answers.current_salary
    if current is not None and current > target.max:
        if how == ENTRY:
            notes.append(
                msg(
                    "Your current pay ({current}) is above this band: a first ML job without hands-on ML experience "
                    "can pay less than you earn now (mlcareer's view).",
                    current=Money(current),
                )
            )
        else:
            notes.append(
                msg(
                    "Your current pay ({current}) is above the usual range for this field at your level: an offer "
                    "may not match it (mlcareer's view).",
                    current=Money(current),
                )
            )
        bridge = _bridge_field(kb, ranking, fired, current)
        if bridge is not None:
            spec = kb.specializations[bridge.id]
            notes.append(
                msg(
                    "Your background counts most in {field} ({score} points, close behind), whose range ({pay}) "
                    "holds your current pay: a role that leans that way keeps more of it (mlcareer's view).",
                    field=spec.name,
                    score=bridge.score,
                    pay=MoneyRange(spec.salary.min, spec.salary.max),
                )
            )
    if how in (FIELD_TOP_MEDIAN, FIELD_TOP) and level.roles:
        notes.append(
            msg(
                "Pay from {floor} up comes with the roles expected at the {level} level: {roles}.",
                floor=Money(level.salary.min),
                level=level.name,
                roles=Join(tuple(kb.roles[r].name for r in level.roles if r in kb.roles)),
            )
        )
    return tuple(notes)


def _bridge_field(
    kb: KnowledgeBase,
    ranking: tuple[SpecializationScore, ...],
    fired: list[Rule],
    current: int,
) -> SpecializationScore | None:
    """The next field, close behind the best, where the person's background scored and whose range holds
    their current pay."""
    from_background = {r.target for r in fired if r.target_kind == "specialization" and "background" in r.uses}
    for other in ranking[1:]:
        if ranking[0].score - other.score > BRIDGE_POINTS:
            return None
        field = kb.specializations[other.id].salary
        if other.id in from_background and field.min <= current <= field.max:
            return other
    return None


def gap_name(kb: KnowledgeBase, gap: SkillGap) -> Phrase:
    """A gap's skill, with its alternatives when it stands for a choice: "SageMaker (or Azure ML, Vertex AI)"."""
    name = kb.skills[gap.skill].name
    if not gap.alternatives:
        return name
    others = Join(tuple(kb.skills[s].name for s in gap.alternatives), "alternatives")
    return msg("{skill} (or {others})", skill=name, others=others)


def _next_steps(
    kb: KnowledgeBase,
    answers: Answers,
    phase: int,
    gaps: tuple[SkillGap, ...],
    sites: tuple[str, ...],
    spec_id: str,
    level_id: str,
) -> tuple[Phrase, ...]:
    steps: list[Phrase] = []
    if gaps:
        first = gaps[:3]
        hours = sum(g.hours for g in first)
        weeks = max(1, round(hours / answers.weekly_hours))
        steps.append(
            nmsg(
                "Start with {skills} (about {hours} h: some {weeks} week at {weekly:g} h/week)",
                "Start with {skills} (about {hours} h: some {weeks} weeks at {weekly:g} h/week)",
                weeks,
                skills=Join(tuple(gap_name(kb, g) for g in first)),
                hours=hours,
                weeks=weeks,
                weekly=answers.weekly_hours,
            )
        )
    current = next((p for p in kb.phases if p.number == phase), kb.phases[0])
    project = kb.practice(current, spec_id, level_id, answers.interests)
    steps.append(msg("Practice: {project} — {description}", project=project.name, description=project.description))
    if sites:
        site = kb.sites[sites[0]]
        spec = kb.specializations[spec_id]
        steps.append(
            msg(
                "Browse {field} openings on {site} and compare what they ask with what you have",
                field=spec.name,
                site=site.name,
            )
        )
    if len(steps) < 3:  # nothing left to learn for this field: practise telling it
        steps.append(msg("Practise the interviews: {command}", command=Action("practise", spec_id)))
    return tuple(steps[:3])
