"""The interview question bank: complete in both languages, levelled, and enough for every field and level."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from mlcareer.domain.interview import LEVELS, level_distance
from mlcareer.domain.model import KnowledgeBase
from mlcareer.errors import MlcareerError
from mlcareer.loading.knowledge import load_knowledge
from mlcareer.render.problems import problem_lines

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
FIELDS = ("genai_llm", "mlops", "computer_vision", "data_scientist")


def test_every_question_has_both_languages_a_level_and_key_points(kb: KnowledgeBase) -> None:
    for q in kb.questions.values():
        assert q.level in LEVELS, q.id
        assert q.question.ja.strip() and q.question.en.strip(), q.id
        assert JAPANESE.search(q.question.ja), q.id
        assert len(q.key_points) >= 4, q.id
        for point in q.key_points:
            assert JAPANESE.search(point.ja) and point.en.strip(), q.id
            assert not point.ja.startswith(("、", "。")), q.id
            # An English key point is English: a Japanese term may appear, in a sentence of English.
            assert len(re.findall(r"[A-Za-z]{3,}", point.en)) >= 5, (q.id, point.en)


def test_counts_per_field_and_general(kb: KnowledgeBase) -> None:
    per_field = Counter(spec for q in kb.questions.values() for spec in q.specializations)
    general = [q for q in kb.questions.values() if not q.specializations]
    assert set(per_field) == set(FIELDS)
    assert all(per_field[field] >= 10 for field in FIELDS), per_field
    assert len(general) >= 15
    assert sum(q.from_guide for q in kb.questions.values()) == 3  # the rest are ours


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("level", LEVELS)
def test_every_field_has_questions_at_and_near_every_level(kb: KnowledgeBase, field: str, level: str) -> None:
    own = [q for q in kb.questions.values() if field in q.specializations]
    near = [q for q in own if level_distance(q, level) <= 1]
    at = [q for q in own if q.level == level]
    assert len(near) >= 6 and at, (field, level, len(near), len(at))


def test_counts_per_level(kb: KnowledgeBase) -> None:
    levels = Counter(q.level for q in kb.questions.values())
    assert levels["beginner"] >= 15 and levels["mid"] >= 30 and levels["senior"] >= 10, levels


def test_the_japanese_hiring_questions_are_there(kb: KnowledgeBase) -> None:
    behavioural = {
        "self_introduction": "自己紹介",
        "motivation_for_applying": "志望動機",
        "reason_for_changing_jobs": "転職",
        "self_pr_strengths": "自己PR",
        "failure_and_learning": "失敗",
        "reverse_questions": "逆質問",
        "expected_salary_and_notice": "希望年収",
        "why_ai_ml_now": "AI・機械学習",
    }
    for qid, word in behavioural.items():
        q = kb.questions[qid]
        assert q.topic == "behavioral" and not q.specializations and word in q.question.ja, qid
    assert "入社" in kb.questions["expected_salary_and_notice"].question.ja  # the notice period too
    gaps = {
        "coding": {"coding_two_sum", "coding_top_k_frequent", "coding_kmeans"},
        "sql": {"sql_joins_and_aggregation", "sql_window_functions"},
        "nlp": {"tokenization", "bert_vs_gpt"},
        "leadership": {"ai_strategy", "building_an_ml_team", "ml_business_value"},
    }
    for topic, ids in gaps.items():
        assert {q.id for q in kb.questions.values() if q.topic == topic} == ids
    assert kb.questions["cnn_basics"].specializations == ("computer_vision",)
    assert kb.questions["llm_evaluation"].specializations == ("genai_llm",)
    assert all(kb.questions[q].level == "senior" for q in gaps["leadership"])


def test_mock_interview_stages(kb: KnowledgeBase) -> None:
    stages = Counter(q.stage for q in kb.questions.values())
    assert stages["closing"] == 1 and kb.questions["reverse_questions"].stage == "closing"
    openers = [q for q in kb.questions.values() if q.stage == "opener"]
    assert len(openers) >= 4 and all(q.topic == "behavioral" for q in openers)
    for level in LEVELS:  # every level has an opener at or near it
        assert any(level_distance(q, level) <= 1 for q in openers)


def test_a_bad_level_or_stage_is_reported_with_its_line(data_copy: Path) -> None:
    path = data_copy / "interview.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "  - id: cnn_basics\n    topic: computer_vision\n    level: beginner\n",
        "  - id: cnn_basics\n    topic: computer_vision\n    level: expert\n",
    )
    text = text.replace("    stage: closing\n", "    stage: finale\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MlcareerError) as caught:
        load_knowledge(data_copy)
    problems = "\n".join(problem_lines(caught.value, "en"))
    assert "unknown level id 'expert'" in problems and "interview.yaml:" in problems
    assert "expected one of opener, closing, got 'finale'" in problems
