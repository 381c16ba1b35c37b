"""Plain JSON-ready dicts for every lookup (`--json`). Texts come in the chosen language."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from mlcareer.domain.message import Phrase
from mlcareer.domain.model import (
    SALARY_UNIT,
    Case,
    KnowledgeBase,
    Level,
    NamedSkills,
    Role,
    Salary,
    Site,
    Skill,
    Specialization,
)
from mlcareer.i18n import Lang
from mlcareer.render.phrases import say

if TYPE_CHECKING:
    from mlcareer.domain.advisor import Assessment, SpecializationScore
    from mlcareer.domain.gaps import SkillGap
    from mlcareer.domain.message import Phrase
    from mlcareer.domain.routes import RoleFit
    from mlcareer.domain.salary import SalaryEstimate

JSON = dict[str, Any]
T = TypeVar("T")


def source_json(kb: KnowledgeBase, lang: Lang) -> JSON:
    src = kb.source
    return {
        "title": src.title(lang),
        "file": src.file,
        "published": src.published.isoformat(),
        "figures_as_of": src.figures_as_of,
    }


def source_text(kb: KnowledgeBase, lang: Lang) -> str:
    """The line every view and export ends with: which guide, published when, figures of when."""
    src = kb.source
    title = src.title.ja.split("【")[0] if lang == "ja" else src.title.en.split(":")[0]
    if lang == "ja":
        return f"出典：{title}（{src.published:%Y-%m-%d}公開・数値は{src.figures_as_of}）"
    return f"Source: {title} (published {src.published:%Y-%m-%d}; figures as of {src.figures_as_of})"


def salary_json(salary: Salary, lang: Lang) -> JSON:
    out = salary.as_json()
    if salary.basis is not None:
        out["basis"] = say(salary.basis, lang)
    return out


def role_json(role: Role, lang: Lang) -> JSON:
    return {
        "id": role.id,
        "name": role.name(lang),
        "description": role.description(lang),
        "specializations": list(role.specializations),
        "levels": list(role.levels),
        "salary": salary_json(role.salary, lang),
        "skills": list(role.skills),
        "source": role.source,
        "levels_source": role.levels_source,
        "track": role.track,
        "backgrounds": list(role.backgrounds),
        "interests": list(role.interests),
    }


def _named_skills(group: NamedSkills, lang: Lang) -> JSON:
    out: JSON = {"id": group.id, "name": group.name(lang), "skills": list(group.skills)}
    if group.description is not None:
        out["description"] = group.description(lang)
    if group.items:
        out["items"] = [item(lang) for item in group.items]
    if group.source != "guide":
        out["source"] = group.source
    return out


def specialization_json(kb: KnowledgeBase, spec: Specialization, lang: Lang) -> JSON:
    shares = {s.id: s.pct for s in kb.market.demand_shares}
    return {
        "id": spec.id,
        "name": spec.name(lang),
        "summary": spec.summary(lang),
        "salary": salary_json(spec.salary, lang),
        "demand_share_pct": shares.get(spec.id),
        "role": spec.role,
        "skill_groups": [_named_skills(g, lang) for g in spec.skill_groups],
        "trends": [_named_skills(g, lang) for g in spec.trends],
        "employers": [
            {"id": e.id, "name": e.name(lang), "examples": [x(lang) for x in e.examples]} for e in spec.employers
        ],
    }


def level_json(level: Level, lang: Lang) -> JSON:
    return {
        "id": level.id,
        "name": level.name(lang),
        "years": {"min": level.years_min, "max": level.years_max},
        "salary": salary_json(level.salary, lang),
        "summary": level.summary(lang),
        "preparation": [_named_skills(p, lang) for p in level.preparation],
        "roadmap": [
            {
                "id": s.id,
                "name": s.name(lang),
                "months": {"min": s.months[0], "max": s.months[1]},
                "skills": list(s.skills),
            }
            for s in level.roadmap
        ],
        "employers": [
            {"id": e.id, "name": e.name(lang), "reason": e.reason(lang) if e.reason else None} for e in level.employers
        ],
        "roles": list(level.roles),
    }


def skill_json(kb: KnowledgeBase, skill: Skill, lang: Lang) -> JSON:
    return {
        "id": skill.id,
        "name": skill.name(lang),
        "names": {"ja": skill.name.ja, "en": skill.name.en},
        "aliases": list(skill.aliases),
        "group": skill.group,
        "group_name": kb.skill_groups[skill.group].name(lang),
        "hours": skill.hours,
        "prerequisites": list(skill.prerequisites),
    }


def market_json(kb: KnowledgeBase, lang: Lang) -> JSON:
    m = kb.market
    return {
        "job_postings": {
            "monthly": m.monthly_postings,
            "at_least": m.postings_at_least,
            "yoy_growth_pct": m.postings_yoy_pct,
        },
        "demand_shares": [{"specialization": s.id, "pct": s.pct} for s in m.demand_shares],
        "employer_types": [{"id": e.id, "name": e.name(lang), "pct": e.pct} for e in m.employer_types],
        "salary": {
            "unit": SALARY_UNIT,
            "average": m.average_salary,
            "range": salary_json(m.salary_range, lang),
            "yoy_growth_pct": m.salary_yoy_pct,
            "medians_by_experience": [
                {
                    "id": b.id,
                    "years": {"min": b.years_min, "max": b.years_max},
                    **b.salary.as_json(),
                }
                for b in m.medians
            ],
        },
        "demand_causes": [{"id": c.id, "name": c.name(lang)} for c in m.demand_causes],
        "drivers": [
            {
                "id": d.id,
                "name": d.name(lang),
                "summary": d.summary(lang),
                "items": [
                    {"id": i.id, "name": i.name(lang), "examples": [e(lang) for e in i.examples]} for i in d.items
                ],
            }
            for d in m.drivers
        ],
        "outlook": [o(lang) for o in m.outlook],
        "source": source_json(kb, lang),
    }


def site_json(site: Site, lang: Lang) -> JSON:
    return {
        "id": site.id,
        "rank": site.rank,
        "name": site.name(lang),
        "kind": site.kind,
        "ai_ml_jobs": None if site.ai_ml_jobs is None else {"count": site.ai_ml_jobs, "at_least": site.jobs_at_least},
        "salary": salary_json(site.salary, lang) if site.salary else None,
        "average_salary": site.average_salary,
        "min_salary": site.min_salary,
        "strengths": [s(lang) for s in site.strengths],
        "support": [s(lang) for s in site.support],
        "levels": list(site.levels),
        "levels_source": site.levels_source,
        "newcomers": site.newcomers,
        "specializations": list(site.specializations),
        "suits": site.suits_for(lang),
    }


def case_json(case: Case, lang: Lang) -> JSON:
    return {
        "id": case.id,
        "title": case.title(lang),
        "before": {
            "role": case.before_role(lang),
            "salary": case.before_salary,
            "years": case.before_years,
        },
        "after": {
            "role": case.after_role(lang),
            "salary": case.after_salary,
            "extras": case.after_extras(lang) if case.after_extras else None,
        },
        "salary_increase": case.salary_increase,
        "salary_unit": SALARY_UNIT,
        "search_months": case.search_months,
        "factors": [{"name": f.name(lang), "detail": f.detail(lang)} for f in case.factors],
        "steps": [{"name": s.name(lang), "months": s.months} for s in case.steps],
        "achievements": [a(lang) for a in case.achievements],
        "portfolio": [p(lang) for p in case.portfolio],
        "sites": list(case.sites),
        "fits": {
            "source": "mlcareer",
            "backgrounds": list(case.fits_backgrounds),
            "related": list(case.fits_related),
            "skills": list(case.fits_skills),
            "exclusive": case.exclusive,
            "fields": list(case.fits_fields),
            "levels": list(case.fits_levels),
        },
    }


def salary_estimate_json(kb: KnowledgeBase, est: SalaryEstimate, lang: Lang) -> JSON:
    return {
        "specialization": est.specialization.id,
        "years": est.years,
        "level": est.level.id,
        "salary": salary_json(est.estimate, lang),
        "specialization_range": salary_json(est.specialization.salary, lang),
        "level_range": salary_json(est.level.salary, lang),
        "market_median": None if est.median is None else {"id": est.median.id, **est.median.salary.as_json()},
        "derivation": [say(step, lang) for step in est.steps],
        "source": source_json(kb, lang),
    }


# The pieces of an assessment that many people share (a gap, a field's score, a role's fit, the salary
# block) are built once per knowledge base and language, and the same dict goes into every result that
# has it: results are only read and encoded, never changed.
_fragments: dict[tuple[int, str], tuple[KnowledgeBase, dict[Any, JSON]]] = {}
_MAX_FRAGMENTS = 20_000  # per knowledge base and language; a cohort's distinct pieces number a few thousand


def _cache(kb: KnowledgeBase, lang: Lang) -> dict[Any, JSON]:
    slot = _fragments.get((id(kb), lang))
    if slot is None or slot[0] is not kb:
        slot = _fragments[(id(kb), lang)] = (kb, {})
    if len(slot[1]) >= _MAX_FRAGMENTS:
        slot[1].clear()
    return slot[1]


def _shared(kb: KnowledgeBase, lang: Lang, build: Callable[[KnowledgeBase, T, Lang], JSON], item: T) -> JSON:
    return _all_shared(kb, lang, build, (item,))[0]


def _all_shared(
    kb: KnowledgeBase, lang: Lang, build: Callable[[KnowledgeBase, T, Lang], JSON], items: Iterable[T]
) -> list[JSON]:
    """Each item's piece (items are hashable parts of an Assessment), shared as described above."""
    cache = _cache(kb, lang)
    out = []
    for item in items:
        fragment = cache.get(item)
        if fragment is None:
            fragment = cache[item] = build(kb, item, lang)
        out.append(fragment)
    return out


class _SalaryBlock(NamedTuple):
    target: Salary
    basis: Phrase | None
    current: int | None
    change: tuple[int, int] | None


def _salary_block_json(kb: KnowledgeBase, block: _SalaryBlock, lang: Lang) -> JSON:
    """The estimate for the best field at the person's level, labelled; with their current pay, the change
    from it, beside the changes the guide's stories made."""
    out = salary_json(block.target, lang)
    if block.basis is not None:
        out["basis"] = say(block.basis, lang)
    out["current"] = block.current
    if block.change is not None:
        out["change"] = {"min": block.change[0], "max": block.change[1]}
    out["stories"] = [
        {"case": c.id, "before": c.before_salary, "after": c.after_salary, "change": c.salary_increase}
        for c in kb.cases.values()
    ]
    return out


def _salary_now_json(kb: KnowledgeBase, now: tuple[Salary, Phrase], lang: Lang) -> JSON:
    return {**salary_json(now[0], lang), "basis": say(now[1], lang)}


def _source_json(kb: KnowledgeBase, _: None, lang: Lang) -> JSON:
    return source_json(kb, lang)


def _gap_json(kb: KnowledgeBase, g: SkillGap, lang: Lang) -> JSON:
    return {
        "skill": g.skill,
        "name": kb.skills[g.skill].name(lang),
        "hours": g.hours,
        "importance": g.importance,
        "prerequisite_for": list(g.prerequisite_for),
        "reason": g.reason,
        "choice": g.choice,
        "alternatives": list(g.alternatives),
        "pick": g.pick,
    }


def _specialization_score_json(kb: KnowledgeBase, s: SpecializationScore, lang: Lang) -> JSON:
    return {
        "id": s.id,
        "name": kb.specializations[s.id].name(lang),
        "score": s.score,
        "skills_held": s.skills_held,
        "skills_total": s.skills_total,
        "reasons": [{"rule": r.rule, "points": r.points, "text": say(r.text, lang)} for r in s.reasons],
    }


def _role_fit_json(kb: KnowledgeBase, fit: RoleFit, lang: Lang) -> JSON:
    role = kb.roles[fit.id]
    return {
        "id": fit.id,
        "name": role.name(lang),
        "score": fit.score,
        "salary": role.salary.as_json(),
        "reasons": [{"rule": r.rule, "points": r.points, "text": say(r.text, lang)} for r in fit.reasons],
        "source": role.source,
    }


def assessment_json(kb: KnowledgeBase, assessment: Assessment, lang: Lang) -> JSON:
    a = assessment
    level = kb.levels[a.level]
    return {
        "level": a.level,
        "level_name": level.name(lang),
        "level_years": a.level_years,
        "level_reasons": [say(r, lang) for r in a.level_reasons],
        "phase": a.phase,
        "phase_reasons": [say(r, lang) for r in a.phase_reasons],
        "specializations": _all_shared(kb, lang, _specialization_score_json, a.ranking),
        "skills_held": list(a.skills_held),
        "skills_inferred": [{"skill": skill, "from": source} for skill, source in a.skills_inferred],
        "skills_unknown": list(a.answers.unknown_skills),
        "skill_gaps": _all_shared(kb, lang, _gap_json, a.skill_gaps),
        "warnings": [{"id": w.id, "text": say(w.text, lang)} for w in a.warnings],
        "salary": _shared(
            kb,
            lang,
            _salary_block_json,
            _SalaryBlock(a.salary_target, a.salary_basis, a.answers.current_salary, a.salary_change),
        ),
        "salary_now": _shared(kb, lang, _salary_now_json, (a.salary_now, a.salary_now_basis)),
        "salary_notes": [say(n, lang) for n in a.salary_notes],
        "roles": _all_shared(kb, lang, _role_fit_json, a.roles),
        "job_sites": list(a.job_sites),
        "job_site_reasons": [
            {"id": site, "text": say(why, lang)} for site, why in zip(a.job_sites, a.job_site_reasons, strict=False)
        ],
        "job_sites_note": None
        if a.job_sites_note is None
        else {"text": say(a.job_sites_note, lang), "source": "mlcareer"},
        "similar_cases": list(a.similar_cases),
        "similar_case_reasons": [say(r, lang) for r in a.similar_case_reasons],
        "next_steps": [say(s, lang) for s in a.next_steps],
        "answers": a.answers.as_json(),
        "source": _shared(kb, lang, _source_json, None),
    }


def assessment_line(kb: KnowledgeBase, assessment: Assessment, lang: Lang, record: int) -> bytes:
    """One cohort record's result as a compact JSON line (UTF-8, ending in a newline)."""
    import orjson

    document = assessment_json(kb, assessment, lang)
    document["record"] = record
    return orjson.dumps(document, option=orjson.OPT_APPEND_NEWLINE)
