"""Salary estimates a counsellor would sign: a newcomer is not promised the top of the newcomers' band."""

from __future__ import annotations

from typing import Any

import pytest

from mlcareer.domain.advisor import advise
from mlcareer.domain.model import KnowledgeBase, Salary
from mlcareer.domain.quiz import Quiz
from mlcareer.domain.rules import RuleSet
from mlcareer.domain.salary import (
    ENTRY,
    FIELD_TOP_MEDIAN,
    OVERLAP,
    estimate_salary,
    level_estimate,
    newcomer_figure,
    pay_at_stage,
)
from mlcareer.loading.answers import parse_answers
from mlcareer.render.phrases import say

SRE = {
    "background": "infra_engineer",
    "years_experience": 9,
    "ml_years": 0,
    "skills": ["Python", "Go", "Docker", "Kubernetes", "Terraform", "AWS", "Prometheus", "Grafana", "Git", "Linux"],
    "interests": ["llm_apps"],
    "industries": ["web_tech"],
    "weekly_hours": 8,
}


def test_a_newcomer_gets_the_newcomers_band_in_every_field(kb: KnowledgeBase) -> None:
    beginner = kb.levels["beginner"]
    assert newcomer_figure(kb) == 500  # the guide: 500万円（未経験）
    for spec in kb.specializations.values():
        assert spec.salary.min > newcomer_figure(kb)  # why a field's range is not a newcomer's pay
        estimate, how = level_estimate(kb, spec.salary, beginner, 0)
        assert (estimate.min, estimate.max, how) == (400, 700, ENTRY), spec.id


def test_the_reference_for_no_ml_years_is_the_guides_newcomer_figure(kb: KnowledgeBase) -> None:
    now, basis = pay_at_stage(kb, 0, Salary(400, 700))
    assert (now.min, now.max) == (500, 500)
    assert "without experience" in say(basis, "en")
    assert "未経験" in say(basis, "ja")
    # An estimate that does not hold the figure (custom data) keeps the estimate as its reference.
    now, _ = pay_at_stage(kb, 0, Salary(600, 700))
    assert (now.min, now.max) == (600, 700)
    # With counted years the reference is still the median for them, capped at the estimate.
    now, _ = pay_at_stage(kb, 2, Salary(400, 700))
    assert (now.min, now.max) == (600, 700)


@pytest.mark.parametrize(
    ("field", "years", "expected", "how"),
    [
        ("genai_llm", 5, (800, 1400), OVERLAP),
        ("data_scientist", 9, (1200, 1300), FIELD_TOP_MEDIAN),  # 600–1,300 stops below the senior 1,400
        ("computer_vision", 10, (1200, 1400), FIELD_TOP_MEDIAN),  # 650–1,400 only touches it: not one figure
        ("genai_llm", 12, (1400, 2200), OVERLAP),
    ],
)
def test_experienced_estimates(kb: KnowledgeBase, field: str, years: int, expected: tuple[int, int], how: str) -> None:
    est = estimate_salary(kb, field, years)
    assert (est.estimate.min, est.estimate.max) == expected
    assert level_estimate(kb, kb.specializations[field].salary, est.level, years)[1] == how


def test_junior_roles_agree_with_each_other_and_with_a_newcomers_estimate(kb: KnowledgeBase) -> None:
    band = kb.levels["beginner"].salary
    for role_id in ("junior_data_scientist", "junior_ml_engineer"):
        role = kb.roles[role_id]
        assert role.salary.derived and (role.salary.min, role.salary.max) == (band.min, band.max), role_id
        assert role.salary.basis is not None and "in any field" in say(role.salary.basis, "en")


def _notes(kb: KnowledgeBase, quiz: Quiz, rules: RuleSet, answers: dict[str, Any]) -> str:
    result = advise(kb, rules, parse_answers(kb, quiz, answers))
    return " ".join(say(n, "en") for n in result.salary_notes)


def test_a_pay_cut_is_said_and_the_close_field_of_the_background_named(
    kb: KnowledgeBase, quiz: Quiz, rules: RuleSet
) -> None:
    notes = _notes(kb, quiz, rules, {**SRE, "current_salary": 800})
    assert "can pay less than you earn now" in notes
    assert "MLOps and ML platforms" in notes and "¥7.0M–15.0M" in notes
    # Earning less than the band's top: no cut to speak of.
    assert _notes(kb, quiz, rules, {**SRE, "current_salary": 650}) == ""
    # Above the range of every close field too: the cut is said, no field is offered as keeping the pay.
    above = _notes(kb, quiz, rules, {**SRE, "current_salary": 1600})
    assert "can pay less" in above and "MLOps" not in above
    # No background that scores for a close field: nothing to bridge with.
    other = _notes(kb, quiz, rules, {**SRE, "background": "other", "skills": ["Python"], "current_salary": 800})
    assert "can pay less" in other and "MLOps" not in other


def test_a_senior_in_a_field_below_the_senior_band_is_told_which_roles_pay_more(
    kb: KnowledgeBase, quiz: Quiz, rules: RuleSet
) -> None:
    senior_ds = {
        "background": "ml_engineer",
        "years_experience": 12,
        "ml_years": 10,
        "skills": ["Python", "SQL", "pandas", "scikit-learn", "A/B testing", "causal inference", "statistics"],
        "interests": ["data_analysis"],
        "weekly_hours": 5,
    }
    result = advise(kb, rules, parse_answers(kb, quiz, senior_ds))
    if result.top != "data_scientist" or result.level != "senior":
        pytest.fail(f"the example is a senior data scientist, not {result.level} {result.top}")
    notes = " ".join(say(n, "ja") for n in result.salary_notes)
    assert "1,400万円以上" in notes and "AIコンサルタント" in notes
