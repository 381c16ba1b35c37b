"""Plans sized to the person: five people a counsellor meets, each plan's ready-to-apply point, scope
and warnings, against what the guide's stories show (about 12-16 months of study before applying)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from knowledge_base import builtin_kb

from mlcareer.domain.advisor import advise
from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.planner import StudyPlan, build_plan, hands_on_level, module_prerequisites
from mlcareer.domain.quiz import Quiz
from mlcareer.domain.rules import RuleSet
from mlcareer.loading.answers import parse_answers
from mlcareer.render.phrases import say

TODAY = dt.date(2026, 12, 1)

PEOPLE: dict[str, dict[str, Any]] = {
    "bank salesperson, no code": {
        "background": "non_it", "years_experience": 8, "ml_years": 0, "skills": [],
        "interests": ["data_analysis"], "industries": ["finance"], "weekly_hours": 10,
    },
    "SRE moving to MLOps": {
        "background": "infra_engineer", "years_experience": 7, "ml_years": 0,
        "skills": ["python", "git", "docker", "kubernetes", "helm", "prometheus", "grafana",
                   "cloud computing basics", "sql", "software engineering"],
        "interests": ["ml_infrastructure"], "industries": ["web_tech"], "weekly_hours": 10,
    },
    "frontend developer moving to LLM apps": {
        "background": "web_engineer", "years_experience": 5, "ml_years": 0,
        "skills": ["git", "software engineering", "LLM API", "prompt engineering"],
        "interests": ["llm_apps"], "industries": ["web_tech"], "weekly_hours": 10,
    },
    "student at 2 h a week": {
        "background": "student", "years_experience": 0, "ml_years": 0, "skills": ["python"],
        "interests": ["llm_apps"], "weekly_hours": 2,
    },
    "senior ML engineer": {
        "background": "ml_engineer", "years_experience": 10, "ml_years": 9,
        "skills": ["python", "pytorch", "scikit-learn", "pandas", "numpy", "sql", "git", "docker",
                   "machine learning basics", "deep learning basics", "transformer", "mlflow", "fastapi",
                   "kubernetes", "cloud computing basics", "NLP", "fine-tuning", "LLM fundamentals"],
        "interests": ["llm_apps", "ml_infrastructure"], "industries": ["web_tech"], "weekly_hours": 8,
    },
}  # fmt: skip

# (field, months until ready to apply: at least, at most, the warnings expected)
EXPECTED: dict[str, tuple[str, int, int, set[str]]] = {
    "bank salesperson, no code": ("data_scientist", 10, 18, set()),
    "SRE moving to MLOps": ("mlops", 8, 15, set()),
    # No Python yet, but already prompts; applies with the foundations, prompting and RAG, and learns
    # fine-tuning and the Transformer's internals once hired (about 500 h at 10 h a week).
    "frontend developer moving to LLM apps": ("genai_llm", 9, 18, set()),
    "student at 2 h a week": ("genai_llm", 48, 120, {"long_plan"}),
    "senior ML engineer": ("mlops", 2, 9, set()),
}


def plan_of(kb: KnowledgeBase, quiz: Quiz, rules: RuleSet, answers: dict[str, Any]) -> StudyPlan:
    parsed = parse_answers(kb, quiz, answers, "persona")
    result = advise(kb, rules, parsed)
    return build_plan(
        kb, result.top, result.level, parsed.skills, (), parsed.weekly_hours, TODAY,
        interests=parsed.interests, industries=parsed.industries,
        assumed_level=hands_on_level(kb, parsed.ml_years), today=TODAY,
    )  # fmt: skip


@pytest.mark.parametrize("who", list(PEOPLE))
def test_ready_to_apply_is_believable(kb: KnowledgeBase, quiz: Quiz, rules: RuleSet, who: str) -> None:
    field, low, high, warnings = EXPECTED[who]
    plan = plan_of(kb, quiz, rules, PEOPLE[who])
    assert plan.specialization == field
    ready = plan.ready_to_apply
    months = (ready.date - TODAY).days / 30.4
    assert low <= months <= high, f"{who}: ready in {months:.1f} months ({ready.hours} h)"
    assert {w.id for w in plan.warnings} == warnings
    # The milestone is the end of the last open module before applying; the growth comes after it.
    before = [m for m in plan.stage_modules("before_applying") if not m.is_done]
    assert ready.module == before[-1].id and ready.date == before[-1].end
    assert ready.hours == sum(m.hours for m in before)
    after = [m for m in plan.stage_modules("after_hired") if not m.is_done]
    assert all(m.start is not None and m.start >= ready.date for m in after)


def test_the_long_plan_warning_says_what_pace_would_make_it_a_year(
    kb: KnowledgeBase, quiz: Quiz, rules: RuleSet
) -> None:
    plan = plan_of(kb, quiz, rules, PEOPLE["student at 2 h a week"])
    warning = next(w for w in plan.warnings if w.id == "long_plan")
    weekly = -(-plan.ready_to_apply.hours // 52)
    assert f"{weekly} h a week" in say(warning.text, "en") and f"週{weekly}時間" in say(warning.text, "ja")
    faster = build_plan(kb, plan.specialization, None, plan.skills, (), weekly, TODAY,
                        interests=plan.interests, today=TODAY)  # fmt: skip
    assert (faster.ready_to_apply.date - TODAY).days <= 366
    assert "long_plan" not in {w.id for w in faster.warnings}


def test_an_llm_plan_has_no_vision_basics_unless_vision_is_wanted(
    kb: KnowledgeBase, quiz: Quiz, rules: RuleSet
) -> None:
    llm = {m.id for m in plan_of(kb, quiz, rules, PEOPLE["frontend developer moving to LLM apps"]).modules}
    assert "cv_basics" not in llm and "multimodal_models" not in llm
    vision = {**PEOPLE["frontend developer moving to LLM apps"], "interests": ["llm_apps", "vision"]}
    assert {"cv_basics", "multimodal_models"} <= {m.id for m in plan_of(kb, quiz, rules, vision).modules}


def test_a_vision_plan_has_industry_modules_only_for_those_industries(kb: KnowledgeBase) -> None:
    def cv(industries: tuple[str, ...]) -> set[str]:
        plan = build_plan(kb, "computer_vision", None, (), (), 10, TODAY, interests=("vision",), industries=industries)
        return {m.id for m in plan.modules}

    plain = cv(())
    assert not plain & {"medical_imaging_ai", "metaverse_tech", "autonomous_driving_tech"}
    assert "medical_imaging_ai" in cv(("healthcare",)) and "autonomous_driving_tech" in cv(("manufacturing",))


def test_before_applying_holds_only_what_entry_roles_ask_for(kb: KnowledgeBase, quiz: Quiz, rules: RuleSet) -> None:
    plan = plan_of(kb, quiz, rules, PEOPLE["SRE moving to MLOps"])
    before = {m.id for m in plan.stage_modules("before_applying")}
    assert {"python_basics", "ml_basics", "mlops_production", "mlops_pipelines"} <= before
    assert not before & {"business_impact", "automl_edge", "realtime_ml", "large_scale_data"}


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_open_modules_are_contiguous_and_prerequisites_first(data: st.DataObject) -> None:
    kb = builtin_kb()
    spec = data.draw(st.sampled_from(sorted(kb.specializations)))
    skills = data.draw(st.lists(st.sampled_from(sorted(kb.skills)), max_size=25, unique=True))
    level = data.draw(st.sampled_from([None, *sorted(kb.levels)]))
    ids = sorted(kb.modules)
    ticked = data.draw(st.dictionaries(st.sampled_from(ids), st.integers(0, 400), max_size=10))
    start = dt.date(2026, 1, 5)
    done = {mid: start + dt.timedelta(days=offset) for mid, offset in ticked.items()}
    hours = data.draw(st.sampled_from([2, 7, 10, 15.5, 40]))
    plan = build_plan(kb, spec, level, skills, done, hours, start)
    modules = plan.modules
    position = {m.id: i for i, m in enumerate(modules)}
    needs = module_prerequisites(kb, [kb.modules[m.id] for m in modules])
    for module in modules:
        for dep in needs[module.id]:
            assert position[dep] < position[module.id]
    stages = [m.stage for m in modules]
    assert stages == sorted(stages, key=lambda s: s != "before_applying")  # before applying comes first
    opened = plan.open_modules
    begins = max([start, *(day for mid, day in done.items() if mid in position and plan_done_by(plan, mid))])
    if opened:
        assert opened[0].start == begins  # no empty stretch at the start either
    for before, after in itertools.pairwise(opened):
        assert before.end is not None and after.start is not None
        assert before.end <= after.start <= before.end + dt.timedelta(days=1)
    assert all(m.start is None and m.end is None for m in modules if m.is_done)


def plan_done_by(plan: StudyPlan, module_id: str) -> bool:
    return next(m for m in plan.modules if m.id == module_id).done_by == "progress"


@pytest.mark.parametrize("spec", ["genai_llm", "mlops", "computer_vision", "data_scientist"])
def test_no_plan_teaches_two_members_of_one_choice_group(kb: KnowledgeBase, spec: str) -> None:
    plan = build_plan(kb, spec, None, (), (), 10, TODAY, interests=("vision",), industries=("healthcare",))
    taught = [s for m in plan.open_modules for s in m.skills if s not in m.skipped_alternatives]
    for group in kb.choice_groups.values():
        assert len([s for s in taught if s in group.members]) <= 1, group.id
    # Their hours are left out too: the cloud module without two of the three platforms is shorter.
    modules = {m.id: m for m in plan.modules}
    if "cloud_ml_platforms" in modules:
        assert modules["cloud_ml_platforms"].hours < kb.modules["cloud_ml_platforms"].hours
    assert "tensorflow_jax" not in modules  # all alternatives to PyTorch: not planned


def test_a_held_member_counts_once_and_the_rest_are_not_taught(kb: KnowledgeBase) -> None:
    plan = build_plan(kb, "mlops", None, ("vertex_ai", "weights_and_biases"), (), 10, TODAY)
    modules = {m.id: m for m in plan.modules}
    assert modules["cloud_ml_platforms"].is_done  # Vertex AI (and the cloud basics it implies) is enough
    pipelines = modules["mlops_pipelines"]
    assert {"neptune"} <= set(pipelines.skipped_alternatives) and "weights_and_biases" in pipelines.known_skills
    production = modules["mlops_production"]
    assert "mlflow" in production.skipped_alternatives  # W&B is held: MLflow is not taught again


def test_foundations_come_first_in_the_guides_order(kb: KnowledgeBase, quiz: Quiz, rules: RuleSet) -> None:
    plan = plan_of(kb, quiz, rules, PEOPLE["bank salesperson, no code"])
    ids = [m.id for m in plan.open_modules]
    assert ids[:3] == ["python_basics", "visualization_basics", "sql_git_basics"]
    assert ids.index("ml_basics") < ids.index("boosting_models")
    assert ids.index("math_stats_foundations") < ids.index("ml_basics")  # what ML basics builds on
