"""The rules behind the counsellor's review of session 19, each where it lives: what a career changer is
warned of, which routes a person is shown, which skills their gaps leave out, what a tool implies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from knowledge_base import Assess

from mlcareer.domain.advisor import advise
from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.quiz import Quiz
from mlcareer.domain.rules import RuleSet
from mlcareer.domain.skillgraph import held_skills, left_out
from mlcareer.loading.answers import parse_answers
from mlcareer.loading.knowledge import load_knowledge

# Nine years of infrastructure, Python and the container/monitoring tools, wants to build LLM apps.
SRE: dict[str, Any] = {
    "background": "infra_engineer",
    "years_experience": 9,
    "ml_years": 0,
    "skills": ["Python", "Go", "Docker", "Kubernetes", "Terraform", "AWS", "Prometheus", "Grafana", "Git", "Linux"],
    "interests": ["llm_apps"],
}


def test_a_career_change_is_no_contradiction_but_hands_on_years_elsewhere_are(assess: Assess) -> None:
    changer = assess(SRE)
    assert changer.top == "genai_llm" and changer.ranking[1].skills_held > 0  # his skills lean to MLOps
    assert "contradiction" not in {w.id for w in changer.warnings}
    # The same skills after a year of hands-on ML in them: now the interest and the experience disagree.
    practised = assess({**SRE, "ml_years": 1})
    assert practised.top == "genai_llm"
    assert "contradiction" in {w.id for w in practised.warnings}


def test_the_best_fields_title_is_among_the_routes_when_in_reach(assess: Assess) -> None:
    result = assess(SRE)
    routes = [fit.id for fit in result.roles]
    # Two titles with no field score above it on his background; the field's own title still shows.
    assert routes[:2] == ["junior_ml_engineer", "ml_engineer"] and routes[2] == "genai_llm_engineer"
    field_reason = [r for r in result.roles[2].reasons if r.rule == "field"]
    assert field_reason and field_reason[0].points > 0  # it says why: your best-fitting field
    scores = [fit.score for fit in result.roles]
    assert scores == sorted(scores, reverse=True)
    assert all(fit.score == sum(r.points for r in fit.reasons) for fit in result.roles)


def test_routes_that_already_hold_the_best_field_are_left_as_ranked(assess: Assess) -> None:
    # The same person drawn to MLOps: its title ranks on its own, nothing is swapped in.
    result = assess({**SRE, "interests": ["ml_infrastructure"]})
    assert result.top == "mlops"
    assert result.roles[0].id == "mlops_engineer"


def test_an_llm_app_builder_is_not_sent_to_image_models(assess: Assess) -> None:
    image_models = {"multimodal_ai", "clip", "dall_e", "cnn"}
    builder = {g.skill for g in assess(SRE).skill_gaps}
    assert builder.isdisjoint(image_models)
    assert {"rag", "prompt_engineering", "vector_search"} <= builder
    # Drawn to images too, or to research: the guide's multimodal skills stay on the list.
    for also in ("vision", "research"):
        result = assess({**SRE, "interests": ["llm_apps", also]})
        assert result.top == "genai_llm"
        assert image_models <= {g.skill for g in result.skill_gaps}, also


def test_what_the_gaps_leave_out_is_data(data_copy: Path, quiz: Quiz, rules: RuleSet) -> None:
    """Move the mark to the fine-tuning group: now that group, not image models, is left out."""
    path = data_copy / "specializations.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("        left_out_for: [llm_apps]\n        kept_for: [vision, research]\n", "")
    text = text.replace(
        "        skills: [fine_tuning, lora, qlora, peft, instruction_tuning]\n",
        "        skills: [fine_tuning, lora, qlora, peft, instruction_tuning]\n        left_out_for: [llm_apps]\n",
    )
    path.write_text(text, encoding="utf-8")
    edited = load_knowledge(data_copy)
    spec = edited.specializations["genai_llm"]
    assert left_out(spec, ["llm_apps"]) == {"fine_tuning", "lora", "qlora", "peft", "instruction_tuning"}
    assert left_out(spec, ["research"]) == frozenset()
    gaps = {g.skill for g in advise(edited, rules, parse_answers(edited, quiz, SRE)).skill_gaps}
    assert "lora" not in gaps and "dall_e" in gaps


def test_an_opencv_user_holds_the_image_processing_fundamentals(kb: KnowledgeBase, assess: Assess) -> None:
    held = held_skills(kb, ["opencv"])
    assert held.inferred == {"computer_vision_basics": "opencv"}
    result = assess(
        {"background": "embedded_engineer", "years_experience": 10, "ml_years": 0, "skills": ["C++", "OpenCV"],
         "interests": ["vision"]},
    )  # fmt: skip
    assert "computer_vision_basics" not in {g.skill for g in result.skill_gaps}
    cv = next(fit for fit in result.roles if fit.id == "computer_vision_engineer")
    skills = next(r for r in cv.reasons if r.rule == "skills")
    assert skills.points > 0  # "you hold 1 of its 10 key skills", no longer none


SENIOR_DATA_SCIENTIST: dict[str, Any] = {
    "background": "ml_engineer",
    "years_experience": 12,
    "ml_years": 9,
    "skills": ["python", "sql", "pandas", "scikit-learn", "lightgbm", "causal inference", "A/B testing",
               "statistical testing", "time series analysis", "probability_statistics", "data visualization"],
    "interests": ["data_analysis"],
}  # fmt: skip


def test_a_senior_is_first_shown_a_title_at_their_level(kb: KnowledgeBase, assess: Assess) -> None:
    result = assess(SENIOR_DATA_SCIENTIST)
    assert result.level == "senior" and result.top == "data_scientist"
    first = result.roles[0]
    assert "senior" in kb.roles[first.id].levels
    assert first.reasons[0].rule == "level"
    # The beginner/mid data scientist title is still within reach, lower down, and says so.
    below = next(fit for fit in result.roles if fit.id == "data_scientist")
    assert below.reasons[0].rule == "level_above" and below.score < first.score


def test_the_senior_data_scientists_senior_level_is_marked_as_ours(kb: KnowledgeBase) -> None:
    role = kb.roles["senior_data_scientist"]
    assert "senior" in role.levels and role.levels_source == "mlcareer"
    assert all(r.levels_source == "guide" for r in kb.roles.values() if r.id != "senior_data_scientist")


def test_a_senior_researcher_is_shown_the_cto_of_the_guides_story(assess: Assess) -> None:
    researcher = {
        "background": "researcher",
        "years_experience": 10,
        "ml_years": 10,
        "skills": ["python", "pytorch", "deep learning basics", "transformer", "research publication"],
        "interests": ["research"],
    }
    result = assess(researcher)
    cto = next(fit for fit in result.roles if fit.id == "cto")
    assert "researcher_story_cto" in [r.rule for r in cto.reasons]
    # Three years of research: a mid-level researcher, whom the story's outcome does not speak to yet.
    junior = assess({**researcher, "years_experience": 3, "ml_years": 3})
    assert all("researcher_story_cto" not in [r.rule for r in fit.reasons] for fit in junior.roles)


STUDENT: dict[str, Any] = {
    "background": "student",
    "years_experience": 0,
    "ml_years": 0,
    "skills": ["python", "numpy", "pandas", "scikit-learn"],
    "interests": ["data_analysis"],
    "target_salary": 1500,  # a target no beginner's band reaches: still no high-class site
}


def test_a_student_is_told_of_new_graduate_hiring_and_sent_to_no_job_change_agent(assess: Assess) -> None:
    student = assess(STUDENT)
    assert student.job_sites[0] == "doda"
    assert not {"bizreach", "recruit_agent"} & set(student.job_sites)
    assert student.job_sites_note is not None
    # The same answers from a salesperson: the agent of the guide's story 3 is back, and no note.
    changer = assess({**STUDENT, "background": "sales_business", "years_experience": 6})
    assert "recruit_agent" in changer.job_sites and changer.job_sites_note is None
