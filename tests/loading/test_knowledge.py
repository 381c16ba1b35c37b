"""The knowledge base holds the guide's facts and figures, exactly, in both languages."""

from __future__ import annotations

import pytest

from mlcareer.domain.lookup import find, find_skill, normalize_key
from mlcareer.domain.model import KnowledgeBase, Text
from mlcareer.errors import MlcareerError
from mlcareer.render.phrases import say


def test_market_figures(kb: KnowledgeBase) -> None:
    m = kb.market
    assert (m.monthly_postings, m.postings_at_least, m.postings_yoy_pct) == (12000, True, 250)
    assert {s.id: s.pct for s in m.demand_shares} == {"genai_llm": 35, "mlops": 25, "computer_vision": 20}
    assert {e.id: e.pct for e in m.employer_types} == {
        "web_tech": 40,
        "finance_insurance": 25,
        "manufacturing_automotive": 20,
        "consulting_ai": 15,
    }
    assert m.average_salary == 850
    assert (m.salary_range.min, m.salary_range.max) == (500, 2500)
    assert m.salary_yoy_pct == 45
    medians = [(b.years_min, b.years_max, b.salary.min, b.salary.max) for b in m.medians]
    assert medians == [(1, 3, 600, 900), (4, 7, 900, 1500), (8, None, 1200, 2000)]
    assert [d.id for d in m.drivers] == ["generative_ai", "data_utilization", "mlops_maturity"]
    assert all(len(d.items) == 3 and all(i.examples for i in d.items) for d in m.drivers)


@pytest.mark.parametrize(
    ("spec", "low", "high"),
    [("genai_llm", 800, 2200), ("mlops", 700, 1500), ("computer_vision", 650, 1400), ("data_scientist", 600, 1300)],
)
def test_specialization_salaries(kb: KnowledgeBase, spec: str, low: int, high: int) -> None:
    s = kb.specializations[spec]
    assert (s.salary.min, s.salary.max) == (low, high)
    guide_groups = [g for g in s.skill_groups if g.source == "guide"]  # the guide's five; ours are marked
    assert len(guide_groups) == 5 and len(s.trends) == 4 and len(s.employers) == 4
    assert kb.roles[s.role].specializations == (spec,)


def test_llm_api_and_langchain_count_for_the_llm_field_in_a_group_marked_ours(kb: KnowledgeBase) -> None:
    spec = kb.specializations["genai_llm"]
    assert {"llm_api", "langchain"} <= set(spec.skills)
    ours = [g for g in spec.skill_groups if g.source == "mlcareer"]
    assert [g.id for g in ours] == ["llm_app_development"] and ours[0].skills == ("llm_api", "langchain")
    # The guide's own groups are as it lists them: neither skill is put among them.
    guide = {s for g in spec.skill_groups if g.source == "guide" for s in g.skills}
    assert not {"llm_api", "langchain"} & guide
    assert "langchain" in next(t for t in spec.trends if t.id == "agents").skills  # where the guide names it


@pytest.mark.parametrize(
    ("level", "years", "salary", "open_ended"),
    [
        ("beginner", (0, 2), (400, 700), False),
        ("mid", (3, 7), (800, 1400), False),
        ("senior", (7, None), (1400, 2500), True),
    ],
)
def test_levels(
    kb: KnowledgeBase, level: str, years: tuple[int, int | None], salary: tuple[int, int], open_ended: bool
) -> None:
    lv = kb.levels[level]
    assert (lv.years_min, lv.years_max) == years
    assert (lv.salary.min, lv.salary.max, lv.salary.open_ended) == (*salary, open_ended)
    assert len(lv.preparation) == 3


def test_every_title_the_guide_names_is_a_role(kb: KnowledgeBase) -> None:
    for role in [
        "senior_data_scientist", "ml_engineer", "ai_product_manager", "rd_engineer", "chief_ai_officer",
        "research_director", "principal_ai_scientist", "ai_consultant", "cto", "genai_llm_engineer",
        "mlops_engineer", "computer_vision_engineer", "data_scientist",
    ]:  # fmt: skip
        assert role in kb.roles
    assert kb.levels["mid"].roles == ("senior_data_scientist", "ml_engineer", "ai_product_manager", "rd_engineer")
    assert kb.levels["senior"].roles == (
        "chief_ai_officer",
        "research_director",
        "principal_ai_scientist",
        "ai_consultant",
    )


def test_roles_without_a_range_get_a_derived_one(kb: KnowledgeBase) -> None:
    # mid and senior levels (800–2,500) ∩ data science (600–1,300)
    senior_ds = kb.roles["senior_data_scientist"]
    assert senior_ds.salary.derived and (senior_ds.salary.min, senior_ds.salary.max) == (800, 1300)
    assert senior_ds.salary.basis is not None
    assert say(senior_ds.salary.basis, "en") == (
        "Not in the guide; derived from the salary range of its level (Mid-level, Senior / expert) overlapped "
        "with its specialization's (Data science)"
    )
    assert say(senior_ds.salary.basis, "ja") == (
        "ガイドに記載がないため、レベル（中級者・上級者・エキスパート）の年収レンジと専門分野（データサイエンス）の"
        "年収相場の重なりから算出"
    )
    caio = kb.roles["chief_ai_officer"]
    assert (caio.salary.min, caio.salary.max, caio.salary.open_ended) == (1400, 2500, True)
    assert not kb.roles["genai_llm_engineer"].salary.derived


def test_roadmap_phases_and_guide_durations(kb: KnowledgeBase) -> None:
    assert [(p.number, p.months_min, p.months_max) for p in kb.phases] == [(1, 0, 12), (2, 12, 24), (3, 24, None)]
    modules = kb.modules
    assert modules["python_basics"].months == (1, 2)
    assert modules["ml_basics"].months == (3, 4)
    assert modules["pytorch_basics"].months == (2, 3)
    assert all(m.hours > 0 and m.skills for m in modules.values())


def test_sites_ranked_as_in_the_guide(kb: KnowledgeBase) -> None:
    ranked = sorted((s for s in kb.sites.values() if s.rank), key=lambda s: s.rank or 0)
    assert [(s.id, s.ai_ml_jobs) for s in ranked] == [
        ("levtech_career", 3500),
        ("bizreach", 2000),
        ("doda", 2500),
        ("green", 1800),
    ]
    assert kb.sites["bizreach"].average_salary == 1300
    levtech = kb.sites["levtech_career"].salary
    assert levtech is not None and (levtech.min, levtech.max) == (600, 2000)


def test_success_stories(kb: KnowledgeBase) -> None:
    figures = {c.id: (c.before_salary, c.after_salary, c.salary_increase, c.search_months) for c in kb.cases.values()}
    assert figures == {
        "web_to_ml_engineer": (600, 1100, 500, 3),
        "researcher_to_cto": (800, 1800, 1000, 6),
        "sales_to_data_scientist": (550, 750, 200, 2),
    }
    assert [s.months for s in kb.cases["web_to_ml_engineer"].steps] == [6, 4, 3, 3]
    assert [s.months for s in kb.cases["sales_to_data_scientist"].steps] == [2, 3, 4, 3]


def test_guide_interview_questions_and_counts(kb: KnowledgeBase) -> None:
    from_guide = {q.id for q in kb.questions.values() if q.from_guide}
    assert {"bias_variance", "attention_mechanism", "production_monitoring"} <= from_guide
    for spec in [None, *kb.specializations]:
        count = sum(1 for q in kb.questions.values() if (spec in q.specializations if spec else not q.specializations))
        assert count >= 8, spec


def test_source_is_dated(kb: KnowledgeBase) -> None:
    assert kb.source.published.isoformat() == "2025-06-27"
    assert kb.source.figures_as_of == "2025-06"


def _texts(value: object) -> list[Text]:
    if isinstance(value, Text):
        return [value]
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return [t for name in value._fields for t in _texts(getattr(value, name))]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, tuple | list):
        return [t for v in value for t in _texts(v)]
    return []


def test_every_text_has_both_languages_and_japanese_is_japanese(kb: KnowledgeBase) -> None:
    texts = _texts(kb)
    assert len(texts) > 800
    assert all(t.ja.strip() and t.en.strip() for t in texts)
    # Sentences (not names) in ja must contain Japanese script.
    sentences = [t for t in texts if len(t.en) > 40]
    assert all(any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in t.ja) for t in sentences)


@pytest.mark.parametrize(
    ("typed", "skill"),
    [
        ("PyTorch", "pytorch"),
        ("pytorch", "pytorch"),
        ("Scikit-learn", "scikit_learn"),
        ("MLflow", "mlflow"),
        ("確率統計", "probability_statistics"),
        ("ＰｙＴｏｒｃｈ", "pytorch"),
        ("machine learning basics", "machine_learning_basics"),
        ("Weights & Biases", "weights_and_biases"),
    ],
)
def test_skills_are_found_by_any_spelling(kb: KnowledgeBase, typed: str, skill: str) -> None:
    assert find_skill(kb, typed).id == skill


def test_unknown_ids_suggest_the_closest(kb: KnowledgeBase) -> None:
    with pytest.raises(MlcareerError, match="pytorch"):
        find_skill(kb, "pytorh")
    with pytest.raises(MlcareerError, match="mlops_engineer"):
        find("role", kb.roles, "mlops_engineeer")


def test_normalize_key_folds_case_width_and_separators() -> None:
    assert normalize_key(" Scikit-Learn ") == normalize_key("scikit_learn") == "scikitlearn"


def test_prerequisites_are_a_dag_and_known(kb: KnowledgeBase) -> None:
    for skill in kb.skills.values():
        assert all(p in kb.skills for p in skill.prerequisites)
    from mlcareer.domain.skillgraph import study_order

    order = study_order(kb, kb.skills, lambda s: 0)
    assert len(order) == len(kb.skills)
    position = {s: i for i, s in enumerate(order)}
    for skill in kb.skills.values():
        assert all(position[p] < position[skill.id] for p in skill.prerequisites)


def test_data_reads_the_same_with_the_pure_python_loader() -> None:
    """The loader falls back to PyYAML's pure-Python parser where libyaml is missing; the two
    disagree on a few edge cases (an unquoted '?' before '}' in a flow mapping), so guard it."""
    import yaml

    from mlcareer.loading.datafiles import ALL_FILES, builtin_data_dir

    for name in ALL_FILES:
        text = (builtin_data_dir() / name).read_text(encoding="utf-8")
        assert yaml.load(text, Loader=yaml.SafeLoader) == yaml.load(text, Loader=yaml.CSafeLoader), name
