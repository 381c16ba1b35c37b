"""Routes, stories, sites and pay tied to the person (issue 9, sections 5, 7 and 8)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Cli
from hypothesis import given, settings
from hypothesis import strategies as st
from knowledge_base import Assess, builtin_kb, builtin_quiz

from mlcareer.domain.advisor import Assessment, advise
from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.quiz import Quiz
from mlcareer.domain.rules import RuleSet
from mlcareer.errors import MlcareerError
from mlcareer.loading.answers import parse_answers
from mlcareer.loading.knowledge import load_knowledge
from mlcareer.render.phrases import say
from mlcareer.render.problems import problem_lines

# Realistic people, as a counsellor would meet them.
SIER_PM = {
    "background": "project_manager",
    "years_experience": 22,
    "ml_years": 0,
    "skills": ["project_leadership", "stakeholder_collaboration", "domain_knowledge"],
    "interests": ["ai_business", "llm_apps"],
    "current_salary": 800,
}
CV_PHD = {
    "background": "researcher",
    "years_experience": 5,
    "ml_years": 5,
    "skills": ["python", "pytorch", "numpy", "deep_learning_basics", "cnn", "image_recognition", "object_detection",
               "vision_transformer", "research_publication", "linear_algebra", "probability_statistics"],
    "interests": ["vision", "research"],
}  # fmt: skip
SENIOR_ML = {
    "background": "ml_engineer",
    "years_experience": 12,
    "ml_years": 9,
    "skills": ["python", "pytorch", "scikit_learn", "machine_learning_basics", "docker", "kubernetes", "mlflow",
               "model_serving", "model_monitoring", "cloud_computing_basics", "software_engineering", "rag"],
    "interests": ["llm_apps", "ml_infrastructure"],
    "current_salary": 1300,
}  # fmt: skip
BANK_SALES = {
    "background": "sales_business",
    "years_experience": 8,
    "ml_years": 0,
    "skills": ["domain_knowledge", "probability_statistics"],
    "interests": ["data_analysis"],
    "industries": ["finance"],
    "current_salary": 600,
}
AUTOMOTIVE = {
    "background": "embedded_engineer",
    "years_experience": 10,
    "ml_years": 1,
    "skills": ["python", "numpy", "git", "linear_algebra"],
    "interests": ["vision"],
    "industries": ["manufacturing"],
}
STUDENT = {
    "background": "student",
    "years_experience": 0,
    "ml_years": 0,
    "skills": ["python"],
    "interests": ["llm_apps"],
}


def roles_of(result: Assessment) -> list[str]:
    return [fit.id for fit in result.roles]


def json_of(cli: Cli, data: dict[str, Any], lang: str = "en") -> Any:
    result = cli("assess", "--answers", "-", "--json", "--no-save", "--lang", lang, stdin=json.dumps(data))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- §5 salary tied to the person ------------------------------------------------------------------


def test_current_salary_is_an_optional_answer_with_the_target_salarys_bounds(kb: KnowledgeBase, quiz: Quiz) -> None:
    assert parse_answers(kb, quiz, SIER_PM).current_salary == 800
    assert parse_answers(kb, quiz, STUDENT).current_salary is None
    question, target = quiz.questions["current_salary"], quiz.questions["target_salary"]
    assert (question.minimum, question.maximum, question.required) == (target.minimum, target.maximum, False)
    for bad, says in [(150, "from 200 to 5000, got 150"), (9000, "got 9000"), ("lots", "expected a whole number")]:
        with pytest.raises(MlcareerError) as caught:
            parse_answers(kb, quiz, {**STUDENT, "current_salary": bad})
        assert any(p.startswith("answers: current_salary:") and says in p for p in problem_lines(caught.value, "en"))


def test_salary_change_is_the_estimate_minus_current_pay_beside_the_guides_stories(cli: Cli) -> None:
    doc = json_of(cli, BANK_SALES)
    salary = doc["salary"]
    assert salary["change"] == {"min": salary["min"] - 600, "max": salary["max"] - 600}
    assert salary["current"] == 600
    assert [s["change"] for s in salary["stories"]] == [500, 1000, 200]
    assert "not your current salary" in salary["basis"]
    assert "change" not in json_of(cli, STUDENT)["salary"]  # unknown current pay: no change claimed


def test_an_experienced_career_changer_never_sees_the_newcomer_band_as_their_pay(cli: Cli) -> None:
    result = cli(
        "assess", "--answers", "-", "--no-save", "--lang", "en", stdin=json.dumps({**SIER_PM, "current_salary": None})
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Now ¥4.0M" not in text and "the Newcomer / junior salary range" not in text
    assert "not your current salary" in text  # the estimate says what it is
    doc = json_of(cli, SIER_PM)
    assert "not your current salary" in doc["salary_now"]["basis"]


@st.composite
def people(draw: st.DrawFn) -> dict[str, Any]:
    kb = builtin_kb()
    quiz = builtin_quiz()
    years = draw(st.integers(0, 50))
    data: dict[str, Any] = {
        "background": draw(st.sampled_from(quiz.questions["background"].choice_ids)),
        "years_experience": years,
        "ml_years": draw(st.integers(0, years)),
        "skills": draw(st.lists(st.sampled_from(sorted(kb.skills)), max_size=30, unique=True)),
        "interests": draw(
            st.lists(st.sampled_from(quiz.questions["interests"].choice_ids), min_size=1, max_size=3, unique=True)
        ),
    }
    for key in ("current_salary", "target_salary"):
        if draw(st.booleans()):
            data[key] = draw(st.integers(200, 5000))
    return data


@settings(max_examples=200, deadline=None)
@given(people())
def test_routes_stories_sites_and_pay_hold_for_anyone(assess: Assess, data: dict[str, Any]) -> None:
    kb = builtin_kb()
    result = assess(data)
    # No figure for where the person stands is above the estimate for their own level.
    assert result.salary_now.max <= result.salary_target.max
    if result.answers.current_salary is not None:
        assert result.salary_change == (
            result.salary_target.min - result.answers.current_salary,
            result.salary_target.max - result.answers.current_salary,
        )
    research = (
        data["background"] == "researcher"
        or "research" in data["interests"]
        or "research_publication" in data["skills"]
    )
    for fit in result.roles:
        role = kb.roles[fit.id]
        assert research or role.track != "research", fit.id
        assert result.level == "beginner" or role.levels != ("beginner",), fit.id  # no entry titles past beginner
        assert fit.reasons and fit.score == sum(r.points for r in fit.reasons)
    assert [f.score for f in result.roles] == sorted((f.score for f in result.roles), reverse=True)
    named_research = data["background"] == "researcher" or "research_publication" in data["skills"]
    assert named_research or "researcher_to_cto" not in result.similar_cases
    # Never a story told for another level (no 未経験 story past beginner); with none, the reason says so.
    assert all(not kb.cases[c].fits_levels or result.level in kb.cases[c].fits_levels for c in result.similar_cases)
    assert result.similar_cases or "none is shown" in say(result.similar_case_reasons[0], "en")
    newcomer = result.level == "beginner"
    if newcomer:
        assert result.job_sites[0] == "doda"  # the site the guide says takes people without experience
    if "bizreach" in result.job_sites:
        wanted = max(data.get("target_salary", 0), data.get("current_salary", 0))
        assert result.level == "senior" or (wanted >= 1200 and result.salary_target.max >= 1200)
    assert len(result.job_site_reasons) == len(result.job_sites)


# -- §7 routes ---------------------------------------------------------------------------------------


def test_a_45_year_old_sier_project_manager_sees_product_and_consulting_routes(assess: Assess) -> None:
    roles = roles_of(assess(SIER_PM))
    assert roles[:2] == ["ai_product_manager", "ai_consultant"]
    first = assess(SIER_PM).roles[0]
    assert any(r.rule == "background" for r in first.reasons)
    assert any("22 years of work" in say(r.text, "en") for r in first.reasons)  # the years that count, said


def test_a_phd_gets_research_titles_and_a_senior_the_guides_senior_titles(assess: Assess, kb: KnowledgeBase) -> None:
    assert {"rd_engineer", "ai_researcher"} <= set(roles_of(assess(CV_PHD)))
    assert roles_of(assess(CV_PHD))[0] == "computer_vision_engineer"
    senior = roles_of(assess(SENIOR_ML))
    assert any(kb.roles[r].levels == ("senior",) for r in senior), senior
    assert not {"rd_engineer", "ai_researcher", "principal_ai_scientist"} & set(senior)  # no research record


def test_new_backgrounds_get_their_own_routes(assess: Assess) -> None:
    assert roles_of(assess(AUTOMOTIVE))[0] == "computer_vision_engineer"
    assert assess(AUTOMOTIVE).top == "computer_vision"
    assert assess(AUTOMOTIVE).level == "mid"  # a year of ML plus the software years credit
    assert roles_of(assess(BANK_SALES))[:2] == ["junior_data_scientist", "data_scientist"]
    assert assess(BANK_SALES).top == "data_scientist"
    assert roles_of(assess(STUDENT))[0] == "junior_ml_engineer"


def test_roles_json_carries_id_name_salary_reasons_ranked(cli: Cli) -> None:
    doc = json_of(cli, SIER_PM, "ja")
    roles = doc["roles"]
    assert [r["id"] for r in roles][:2] == ["ai_product_manager", "ai_consultant"]
    for role in roles:
        assert {"id", "name", "salary", "reasons", "score"} <= role.keys()
        assert role["salary"]["unit"] == "man_yen" and role["reasons"]
        assert all({"rule", "points", "text"} <= r.keys() for r in role["reasons"])
    assert [r["score"] for r in roles] == sorted((r["score"] for r in roles), reverse=True)
    assert roles[0]["name"] == "AIプロダクトマネージャー"


def test_the_similar_story_is_matched_on_where_the_person_starts(assess: Assess) -> None:
    assert assess(BANK_SALES).similar_cases[0] == "sales_to_data_scientist"
    assert assess(CV_PHD).similar_cases[0] == "researcher_to_cto"
    automotive = assess(AUTOMOTIVE).similar_cases
    assert automotive[0] == "web_to_ml_engineer" and "sales_to_data_scientist" not in automotive
    assert "researcher_to_cto" not in assess(SENIOR_ML).similar_cases
    student = assess(STUDENT)
    assert "It starts elsewhere (Web developer)" in say(student.similar_case_reasons[0], "en")  # and leads to ML


def test_a_story_says_only_what_is_true_of_the_match(assess: Assess) -> None:
    """A related start is called different, with what the story shares; 'closest' names only what was compared."""
    automotive = assess(AUTOMOTIVE).similar_case_reasons[0]
    assert "starts elsewhere" in say(automotive, "en") and "engineer who moved into machine learning" in say(
        automotive, "en"
    )
    assert "今のお仕事に近い" not in say(automotive, "ja")
    student = assess(STUDENT).similar_case_reasons[0]  # no story starts at school: it leads to their field
    assert say(student, "en").startswith("It starts elsewhere (Web developer), but it ends in work close to")
    assert "(ML engineer at an AI startup)" in say(student, "en") and "目指すものに近い仕事" in say(student, "ja")


def test_no_story_is_said_plainly_in_the_view_and_the_json(cli: Cli) -> None:
    doc = json_of(cli, SENIOR_ML, "ja")
    assert doc["similar_cases"] == [] and len(doc["similar_case_reasons"]) == 1
    assert "示していません" in doc["similar_case_reasons"][0]
    view = cli("assess", "--answers", "-", "--no-save", "--lang", "ja", stdin=json.dumps(SENIOR_ML),
               env={"COLUMNS": "80", "NO_COLOR": "1"})  # fmt: skip
    assert view.exit_code == 0, view.output
    lines = [line.strip() for line in view.stdout.splitlines()]
    assert "近い事例: なし" in lines and "→ mlcareer cases" in lines  # no story id to look up


def test_a_story_that_is_only_closest_says_what_was_compared(data_copy: Path, quiz: Quiz, rules: RuleSet) -> None:
    """Stories that name no field they lead to: a newcomer is shown the closest, told what was compared."""
    cases = data_copy / "cases.yaml"
    text = cases.read_text(encoding="utf-8")
    unfielded = "\n".join(line for line in text.split("\n") if not line.startswith("      fields: "))
    assert unfielded != text
    cases.write_text(unfielded, encoding="utf-8")
    kb = load_knowledge(data_copy)
    student = advise(kb, rules, parse_answers(kb, quiz, STUDENT))  # no salary given: only the years
    assert say(student.similar_case_reasons[0], "en").endswith("the closest in years.")
    paid = advise(kb, rules, parse_answers(kb, quiz, {**STUDENT, "target_salary": 600}))
    assert say(paid.similar_case_reasons[0], "en").endswith("the closest in years and pay.")


def test_the_story_follows_where_the_person_is_heading_and_suits_their_stage(assess: Assess) -> None:
    """Review 19 E: a career changer heading for data science gets the data-science story, not the
    web developer's; someone past beginner is never shown the 未経験 story, and a senior with no
    research record is told that no story fits rather than shown one of a start they are past."""
    mechanical = {**AUTOMOTIVE, "ml_years": 0, "skills": ["excel", "matlab", "probability_statistics"],
                  "interests": ["data_analysis"]}  # fmt: skip
    assert assess(mechanical).top == "data_scientist"
    assert assess(mechanical).similar_cases[0] == "sales_to_data_scientist"
    assert assess(AUTOMOTIVE).similar_cases[0] == "web_to_ml_engineer"  # heading for vision: the engineer's
    senior = assess(SENIOR_ML)
    assert senior.level == "senior" and senior.similar_cases == ()
    assert "none is shown" in say(senior.similar_case_reasons[0], "en")
    assert "示していません" in say(senior.similar_case_reasons[0], "ja")
    data_engineer = assess({"background": "data_analyst", "years_experience": 5, "ml_years": 5,
                            "skills": ["python", "sql", "airflow", "docker", "aws"],
                            "interests": ["ml_infrastructure"]})  # fmt: skip
    assert data_engineer.level == "mid" and "sales_to_data_scientist" not in data_engineer.similar_cases
    assert "no hands-on" not in " ".join(say(r, "en") for r in data_engineer.similar_case_reasons)


def test_a_student_is_told_their_studies_carry_over_not_their_current_work(assess: Assess) -> None:
    said = {say(r.text, "en") for f in assess(STUDENT).roles for r in f.reasons if r.rule == "background"}
    assert said == {"What you have studied carries over"}
    worker = {say(r.text, "ja") for f in assess(AUTOMOTIVE).roles for r in f.reasons if r.rule == "background"}
    assert worker == {"今のお仕事の経験が生きる"}


def test_route_reasons_do_not_credit_the_guide_with_our_titles(assess: Assess, kb: KnowledgeBase) -> None:
    for fit in assess(STUDENT).roles:
        role = kb.roles[fit.id]
        level_reason = say(fit.reasons[0].text, "en")
        assert ("The guide's" in level_reason) == (role.source == "guide" and fit.reasons[0].rule == "level"), fit.id
    lacking = [r.text for f in assess(STUDENT).roles for r in f.reasons if r.rule == "skills" and r.points == 0]
    assert all("none of its" in say(t, "en") and "まだ1つも持っていません" in say(t, "ja") for t in lacking)


def test_a_site_reason_claims_only_what_the_guide_says(assess: Assess) -> None:
    for data in (AUTOMOTIVE, SENIOR_ML, STUDENT):
        result = assess(data)
        assert not any(
            "Strong in" in say(r, "en") or "に強い（ガイドより）" in say(r, "ja") for r in result.job_site_reasons
        )


def test_job_sites_fit_the_level_and_the_target(assess: Assess) -> None:
    assert assess(STUDENT).job_sites[0] == "doda"
    sales = assess(BANK_SALES)
    recruit = sales.job_site_reasons[sales.job_sites.index("recruit_agent")]
    assert say(recruit, "en") == "Used in one of the guide's stories"  # the guide reviews only four sites
    assert "bizreach" not in assess({**STUDENT, "target_salary": 2000}).job_sites  # a newcomer's band cannot reach it
    assert "bizreach" in assess(SENIOR_ML).job_sites
    mid = {**AUTOMOTIVE, "interests": ["llm_apps"]}
    assert "bizreach" not in assess(mid).job_sites
    assert "bizreach" in assess({**mid, "target_salary": 1300}).job_sites


def test_the_view_shows_routes_story_reasons_and_labelled_pay_in_both_languages(cli: Cli) -> None:
    for lang, words in [
        ("en", ["Job titles that fit you", "AI product manager", "Change", "Stories", "+¥5.0M", "our reading"]),
        ("ja", ["あなたに合う職種", "AIプロダクトマネージャー", "変化", "事例では", "+500万円", "mlcareerの見立て"]),
    ]:
        result = cli(
            "assess", "--answers", "-", "--no-save", "--lang", lang, stdin=json.dumps(SIER_PM), env={"COLUMNS": "80"}
        )
        assert result.exit_code == 0, result.output
        flat = "".join(result.stdout.split()) if lang == "ja" else " ".join(result.stdout.split())
        for word in words:
            assert ("".join(word.split()) if lang == "ja" else word) in flat, (lang, word)
        if lang == "ja":
            assert not any(line.strip().startswith(("、", "。")) for line in result.stdout.splitlines())


# -- §8 knowledge honesty -------------------------------------------------------------------------------


def test_what_the_guide_does_not_say_is_marked_as_ours(cli: Cli, kb: KnowledgeBase, rules: RuleSet) -> None:
    ours = {r.id for r in kb.roles.values() if r.source == "mlcareer"}
    assert ours == {"junior_data_scientist", "junior_ml_engineer"}
    assert all(site.levels_source == "mlcareer" for site in kb.sites.values())  # the guide gives no site levels
    assert [s.id for s in kb.sites.values() if s.newcomers] == ["doda"]
    assert "lead" not in next(r for r in rules.rules if r.id == "industry_web").because.en
    result = cli("cases", "web_to_ml_engineer", "--json")
    case = json.loads(result.stdout)
    case = case.get("case", case)
    assert "specialization" not in case and case["fits"]["source"] == "mlcareer"
    listing = cli("roles", "--level", "beginner", env={"COLUMNS": "80"})
    assert "† a title the guide does not name" in listing.stdout


def test_the_guides_missing_facts_are_there(cli: Cli, kb: KnowledgeBase) -> None:
    assert "dx_promotion" in [c.id for c in kb.market.demand_causes]
    genai = kb.specializations["genai_llm"]
    groups = {g.id: g for g in genai.skill_groups}
    assert groups["multimodal_ai"].description is not None and "音声" in groups["multimodal_ai"].description.ja
    rag = groups["rag"].description
    assert rag is not None and "1,000" in rag.en and "200" in rag.en
    market = cli("market", "--lang", "ja", env={"COLUMNS": "80"})
    assert "DX" in market.stdout


def test_a_wrong_route_field_in_roles_or_cases_is_reported_with_its_line(data_copy: Path) -> None:
    roles = data_copy / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace("track: business", "track: buisness", 1))
    cases = data_copy / "cases.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace("backgrounds: [researcher]", "backgrounds: [reseacher]"))
    with pytest.raises(MlcareerError) as caught:
        load_knowledge(data_copy)
    problems = problem_lines(caught.value, "en")
    assert any("roles.yaml:" in p and "did you mean: business" in p for p in problems), problems
    assert any("cases.yaml:" in p and "unknown background id 'reseacher'" in p for p in problems), problems


def test_a_target_above_the_best_fields_ceiling_is_a_warning_not_an_error(cli: Cli) -> None:
    doc = json_of(cli, {**AUTOMOTIVE, "target_salary": 2000})
    warning = next(w for w in doc["warnings"] if w["id"] == "target_above_range")
    assert "¥20.0M" in warning["text"] and "¥14.0M" in warning["text"]  # computer vision tops out at 1,400万円
    assert "researcher- and architect-level" in warning["text"]
    assert not any(
        w["id"] == "target_above_range" for w in json_of(cli, {**AUTOMOTIVE, "target_salary": 1400})["warnings"]
    )
    ja = json_of(cli, {**AUTOMOTIVE, "target_salary": 3000}, "ja")
    assert "市場全体の上限（2,500万円）も超えています" in next(
        w["text"] for w in ja["warnings"] if w["id"] == "target_above_range"
    )
