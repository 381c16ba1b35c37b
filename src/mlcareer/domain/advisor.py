"""Answers + knowledge + rules -> an Assessment that explains itself. Pure: no I/O, no clock."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from mlcareer.domain.advice_warnings import AdviceWarning, advice_warnings
from mlcareer.domain.answers import Answers
from mlcareer.domain.gaps import SkillGap, experience_band, field_units, skill_gaps, units_held
from mlcareer.domain.message import Phrase
from mlcareer.domain.model import KnowledgeBase, Salary, Text
from mlcareer.domain.routes import RoleFit, RouteReason, job_sites, rank_roles, research_minded, similar_cases
from mlcareer.domain.rules import Facts, Rule, RuleSet, evaluate
from mlcareer.domain.salary import level_for_years, overlap, pay_at_stage, salary_change, target_above_range
from mlcareer.domain.skillgraph import held_skills


@dataclass(frozen=True, slots=True)
class Reason:
    rule: str
    points: int
    text: Text


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
    level_reasons: tuple[Text, ...]
    phase: int
    phase_reasons: tuple[Text, ...]
    skills_held: tuple[str, ...]  # what the person named, as ids
    skills_inferred: tuple[tuple[str, str], ...]  # (skill, the named skill that implies it)
    skill_gaps: tuple[SkillGap, ...]
    salary_now: Salary
    salary_now_basis: Phrase
    salary_target: Salary
    salary_notes: tuple[Text, ...]
    job_sites: tuple[str, ...]
    similar_cases: tuple[str, ...]
    next_steps: tuple[Text, ...]
    warnings: tuple[AdviceWarning, ...] = ()
    # Routes and pay tied to the person (routes.py, salary.py).
    roles: tuple[RoleFit, ...] = ()
    job_site_reasons: tuple[Phrase, ...] = ()  # one per job site, same order
    similar_case_reasons: tuple[Phrase, ...] = ()  # why the first story was chosen
    salary_basis: Text | None = None  # what the estimate is, so nobody reads it as their own pay
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
    target, met = overlap(top.salary, level.salary)
    now, now_basis = pay_at_stage(kb, level_years, target)
    shown = _shown_by_rules(fired)
    closed = _closed(rules, facts)
    site_fits = job_sites(kb, answers, level_id, top.id, target, shown.sites, closed.get("sites", NONE))
    sites = tuple(site_id for site_id, _ in site_fits)
    named = frozenset(answers.skills)
    cases, case_reasons = similar_cases(kb, answers, named, shown.cases, closed.get("cases", NONE))
    notes = _salary_notes(kb, answers, target, top.id, cases[0])
    steps = _next_steps(kb, answers, phase, gaps, sites, top.id)
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
        similar_case_reasons=case_reasons,
        salary_basis=_salary_basis(top.salary, level.name, level.salary, met),
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


def _rank(kb: KnowledgeBase, rules: RuleSet, facts: Facts, fired: list) -> tuple[SpecializationScore, ...]:  # type: ignore[type-arg]
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
        Text(
            f"この分野で求められるスキル{wanted}個のうち{have}個をすでに持っています",
            f"You already have {have} of the {wanted} skills this field asks for",
        ),
    )


def _level(kb: KnowledgeBase, answers: Answers, fired: list) -> tuple[str, int, tuple[Text, ...]]:  # type: ignore[type-arg]
    credits = [r for r in fired if r.target_kind == "level_years"]
    credited = answers.ml_years + sum(r.points for r in credits)
    # Transferable experience can count towards the level, but never beyond the person's working years.
    years = max(answers.ml_years, min(credited, answers.years_experience))
    level = level_for_years(kb, years)
    reasons = [
        Text(
            f"機械学習・データ分析の実務経験: {answers.ml_years}年",
            f"Hands-on ML / data experience: {answers.ml_years} year{'s' if answers.ml_years != 1 else ''}",
        )
    ]
    for rule in credits:
        sign = "+" if rule.points >= 0 else ""
        reasons.append(
            Text(
                f"{rule.because.ja}（{sign}{rule.points}年）",
                f"{rule.because.en} ({sign}{rule.points} y)",
            )
        )
    if credited > years:
        reasons.append(
            Text(
                f"ただし社会人経験（{answers.years_experience}年）を上限とします",
                f"capped at your {answers.years_experience} years of work",
            )
        )
    band = (
        f"{level.years_min}〜{level.years_max}年" if level.years_max is not None else f"{level.years_min}年以上",
        f"{level.years_min}–{level.years_max} years" if level.years_max is not None else f"{level.years_min}+ years",
    )
    reasons.append(
        Text(
            f"換算{years}年 → {level.name.ja}（ガイドの区分: {band[0]}）",
            f"{years} year{'s' if years != 1 else ''} counted → {level.name.en} (the guide's band: {band[1]})",
        )
    )
    return level.id, years, tuple(reasons)


def _phase(
    kb: KnowledgeBase, rules: RuleSet, facts: Facts, spec_id: str, ml_years: int
) -> tuple[int, tuple[Text, ...]]:
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
    reasons = [
        Text(
            f"基礎のスキル: {len(foundation)}個中{have_f}個（学習時間で{share_f:.0%}）",
            f"Foundation skills: {have_f} of {len(foundation)} ({share_f:.0%} of the study hours)",
        ),
        Text(
            f"第1候補の分野のスキル: {len(units)}個中{have_s}個（{share_s:.0%}）",
            f"Skills of your top field: {have_s} of {len(units)} ({share_s:.0%})",
        ),
    ]
    lacking = [s for s in rules.foundation_required if s not in facts.skills]
    if share_f < f_need:
        by_skills = 1
        reasons.append(
            Text(
                f"基礎が{f_need:.0%}未満なので、経験年数にかかわらずフェーズ1",
                f"Under {f_need:.0%} of the foundation: phase 1, whatever the years",
            )
        )
    elif lacking:
        by_skills = 1
        names = Text("、".join(kb.skills[s].name.ja for s in lacking), ", ".join(kb.skills[s].name.en for s in lacking))
        reasons.append(
            Text(
                f"{names.ja}がまだなので、経験年数にかかわらずフェーズ1",
                f"{names.en} not yet held: phase 1, whatever the years",
            )
        )
    elif share_s < s_need:
        by_skills = 2
        reasons.append(
            Text(
                f"基礎はあり、分野のスキルが{s_need:.0%}未満 → フェーズ2",
                f"Foundation in place, under {s_need:.0%} of the field's skills → phase 2",
            )
        )
    elif share_f < rules.phase3_foundation_threshold:
        by_skills = 2
        f3 = rules.phase3_foundation_threshold
        reasons.append(
            Text(
                f"分野のスキルはあるが、基礎がまだ{f3:.0%}未満 → 基礎を固めながらフェーズ2",
                f"Field skills in place, but under {f3:.0%} of the foundation → phase 2 while you finish it",
            )
        )
    else:
        by_skills = 3
        reasons.append(
            Text("基礎も分野のスキルも揃っている → フェーズ3", "Foundation and field skills in place → phase 3")
        )
    months = ml_years * 12
    by_time = max((p.number for p in kb.phases if months >= p.months_min), default=1)
    last = max(p.number for p in kb.phases)  # a custom roadmap may have fewer than three phases
    phase = min(by_skills, last)
    if by_time > by_skills and by_skills >= 2 and share_s >= s_need / 2:
        phase = min(by_skills + 1, last)
        reasons.append(
            Text(
                f"実務{months}ヶ月（ガイドの時間軸でフェーズ{by_time}）で、分野のスキルも{share_s:.0%}あるので"
                f"フェーズ{phase}へ進めます",
                f"{months} months hands-on (phase {by_time} on the guide's timeline), backed by {share_s:.0%} "
                f"of the field's skills: moved on to phase {phase}",
            )
        )
    elif by_time > by_skills:
        reasons.append(
            Text(
                f"実務{months}ヶ月はガイドの時間軸ではフェーズ{by_time}ですが、スキルが追いつくまではフェーズ{phase}"
                "として学びます",
                f"{months} months hands-on would be phase {by_time} on the guide's timeline, but the skills "
                f"decide: phase {phase} until they catch up",
            )
        )
    return phase, tuple(reasons)


@lru_cache(maxsize=256)
def _salary_basis(field: Salary, level_name: Text, b: Salary, met: bool) -> Text:
    """What the estimate is, so nobody reads it as their own pay."""
    f_ja, f_en = f"{field.min:,}〜{field.max:,}万円", f"¥{field.min / 100:.1f}M–{field.max / 100:.1f}M"
    b_ja, b_en = f"{b.min:,}〜{b.max:,}万円", f"¥{b.min / 100:.1f}M–{b.max / 100:.1f}M"
    if met:
        how = Text(
            f"この分野の年収相場（{f_ja}）と{level_name.ja}のレンジ（{b_ja}）の重なり",
            f"where this field's pay ({f_en}) meets the {level_name.en} band ({b_en})",
        )
    elif field.min > b.max:
        how = Text(
            f"この分野の相場（{f_ja}）は{level_name.ja}のレンジ（{b_ja}）より上から始まるため、レンジの上限",
            f"this field's pay ({f_en}) starts above the {level_name.en} band ({b_en}), so the top of the band",
        )
    else:
        how = Text(
            f"{level_name.ja}のレンジ（{b_ja}）がこの分野の相場（{f_ja}）を超えるため、相場の上限",
            f"the {level_name.en} band ({b_en}) is above this field's pay ({f_en}), so the top of the field's range",
        )
    return Text(
        f"{how.ja}。求人の目安で、あなたの今の年収ではありません",
        f"{how.en}: what jobs offer, not your current salary",
    )


def _yen(amount: int) -> tuple[str, str]:
    return f"{amount:,}万円", f"¥{amount / 100:.1f}M"


def _salary_notes(kb: KnowledgeBase, answers: Answers, target: Salary, spec_id: str, case_id: str) -> tuple[Text, ...]:
    """Where the person's target sits: in the range at their level, in the field's whole range (a goal
    to grow into), or beyond it; and whether the most similar story reached it."""
    goal = answers.target_salary
    if goal is None:
        return ()
    ja, en = _yen(goal)
    field = kb.specializations[spec_id].salary
    if goal < target.min:
        note = Text(
            f"希望年収{ja}は、今のレベルでのこの分野の下限より低く、十分に狙えます。",
            f"Your target of {en} is below this field's range at your level: well within reach.",
        )
    elif goal <= target.max:
        note = Text(
            f"希望年収{ja}は、今のレベルでのこの分野の範囲内です。",
            f"Your target of {en} is inside this field's range at your level.",
        )
    elif goal <= field.max:
        note = Text(
            f"希望年収{ja}は今のレベルの目安を上回りますが、この分野全体の相場（{field.min:,}〜{field.max:,}万円）の"
            "範囲内です。経験を積めば届く目標です。",
            f"Your target of {en} is above the usual range at your level, but inside this field's whole range "
            f"(¥{field.min / 100:.1f}M–{field.max / 100:.1f}M): a goal to grow into.",
        )
    else:
        note = Text(
            f"希望年収{ja}は、ガイドにあるこの分野の相場の上限を超えています。",
            f"Your target of {en} is above the top of this field's range in the guide.",
        )
    notes = [note]
    case = kb.cases[case_id]
    if target.max < goal <= case.after_salary:
        notes.append(
            Text(
                f"近い事例（{case.title.ja}）では、転職後の年収が{case.after_salary:,}万円でした。",
                f"In a similar story ({case.title.en}) the new salary was ¥{case.after_salary / 100:.1f}M.",
            )
        )
    return tuple(notes)


def gap_name(kb: KnowledgeBase, gap: SkillGap) -> Text:
    """A gap's skill, with its alternatives when it stands for a choice: "SageMaker (or Azure ML, Vertex AI)"."""
    name = kb.skills[gap.skill].name
    if not gap.alternatives:
        return name
    others = [kb.skills[s].name for s in gap.alternatives]
    return Text(
        f"{name.ja}（{'・'.join(o.ja for o in others)}でも可）",
        f"{name.en} (or {', '.join(o.en for o in others)})",
    )


def _next_steps(
    kb: KnowledgeBase,
    answers: Answers,
    phase: int,
    gaps: tuple[SkillGap, ...],
    sites: tuple[str, ...],
    spec_id: str,
) -> tuple[Text, ...]:
    steps: list[Text] = []
    if gaps:
        first = gaps[:3]
        names = [gap_name(kb, g) for g in first]
        names_ja = "、".join(n.ja for n in names)
        names_en = ", ".join(n.en for n in names)
        hours = sum(g.hours for g in first)
        weeks = max(1, round(hours / answers.weekly_hours))
        steps.append(
            Text(
                f"まず{names_ja}を学ぶ（約{hours}時間、週{answers.weekly_hours:g}時間で約{weeks}週間）",
                f"Start with {names_en} (about {hours} h: some {weeks} weeks at {answers.weekly_hours:g} h/week)",
            )
        )
    current = next((p for p in kb.phases if p.number == phase), kb.phases[0])
    project = current.project_for(spec_id)
    steps.append(
        Text(
            f"実践: {project.name.ja}。{project.description.ja}",
            f"Practice: {project.name.en} — {project.description.en}",
        )
    )
    if sites:
        site = kb.sites[sites[0]]
        spec = kb.specializations[spec_id]
        steps.append(
            Text(
                f"{site.name.ja}で{spec.name.ja}の求人を確認し、求められるスキルと自分の差を確かめる",
                f"Browse {spec.name.en} openings on {site.name.en} and compare what they ask with what you have",
            )
        )
    if len(steps) < 3:  # nothing left to learn for this field: practise telling it
        steps.append(
            Text(
                f"面接の練習をする: mlcareer interview -s {spec_id}",
                f"Practise the interviews: mlcareer interview -s {spec_id}",
            )
        )
    return tuple(steps[:3])
