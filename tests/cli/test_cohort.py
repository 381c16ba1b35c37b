"""A cohort gives the same lines, in the same order, whether it runs in this process or on every core."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlcareer.cli import cohort
from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.quiz import Quiz
from mlcareer.domain.rules import RuleSet

from personas import PERSONAS


def _records() -> list[object]:
    good = [p.answers for p in PERSONAS]
    bad: list[object] = [{"background": "wizard"}, "not a mapping", {**PERSONAS[0].answers, "ml_years": 99}]
    return [*good, *bad] * 6  # 18 of them bad, spread through the chunks


def _outcomes(
    kb: KnowledgeBase,
    quiz: Quiz,
    rules: RuleSet,
    monkeypatch: pytest.MonkeyPatch,
    *,
    parallel: bool,
    out_fd: int | None = None,
) -> list[cohort.Outcome]:
    monkeypatch.setattr(cohort, "CHUNK", 7)
    monkeypatch.setattr(cohort, "PARALLEL_FROM", 10 if parallel else 10_000)
    monkeypatch.setattr(cohort, "_workers", lambda: 2)
    records = _records()
    return list(cohort.assess_cohort(kb, quiz, rules, records, where="cohort.jsonl", lang="en", out_fd=out_fd))


def test_parallel_and_serial_runs_agree_line_for_line(
    kb: KnowledgeBase, quiz: Quiz, rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = _outcomes(kb, quiz, rules, monkeypatch, parallel=False)
    parallel = _outcomes(kb, quiz, rules, monkeypatch, parallel=True)
    assert parallel == serial
    assert [number for number, _, _ in parallel] == list(range(1, len(_records()) + 1))
    bad = [(number, problems) for number, line, problems in parallel if line is None]
    assert len(bad) == 18 and all(problems for _, problems in bad)
    first_bad = len(PERSONAS) + 1  # the wizard after the personas
    # The number comes with the outcome (the caller prints it once); the problems name the file.
    assert bad[0][0] == first_bad and any(p.startswith("cohort.jsonl: background:") for p in bad[0][1])
    first = json.loads(next(line for _, line, _ in parallel if line))
    assert first["record"] == 1 and first["specializations"][0]["id"] == PERSONAS[0].top


def test_workers_writing_to_a_file_descriptor_write_the_same_bytes_in_order(
    kb: KnowledgeBase, quiz: Quiz, rules: RuleSet, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With out_fd the workers write the lines themselves, each chunk in its turn: the file holds exactly
    the serial run's lines, and the outcomes still say which records failed and why."""
    serial = _outcomes(kb, quiz, rules, monkeypatch, parallel=False)
    target = tmp_path / "out.jsonl"
    with target.open("wb") as handle:
        parallel = _outcomes(kb, quiz, rules, monkeypatch, parallel=True, out_fd=handle.fileno())
    assert target.read_bytes() == b"".join(line for _, line, _ in serial if line)
    assert [(n, line is None, problems) for n, line, problems in parallel] == [
        (n, line is None, problems) for n, line, problems in serial
    ]
    assert all(line == b"" for _, line, _ in parallel if line is not None)


def test_a_worker_that_cannot_write_says_why_like_this_process_would(
    kb: KnowledgeBase, quiz: Quiz, rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open("/dev/full", "wb") as full, pytest.raises(OSError, match="No space left"):
        _outcomes(kb, quiz, rules, monkeypatch, parallel=True, out_fd=full.fileno())


def test_a_record_that_cannot_be_read_stops_the_run_after_every_earlier_line(
    kb: KnowledgeBase, quiz: Quiz, rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlcareer.errors import MlcareerError

    monkeypatch.setattr(cohort, "CHUNK", 7)
    monkeypatch.setattr(cohort, "PARALLEL_FROM", 10)
    monkeypatch.setattr(cohort, "_workers", lambda: 2)

    def records() -> object:
        for _ in range(40):
            yield PERSONAS[0].answers
        raise MlcareerError("cohort.jsonl:41 is larger than the input limit")

    seen = []
    with pytest.raises(MlcareerError, match=r"cohort\.jsonl:41"):
        for number, line, _ in cohort.assess_cohort(kb, quiz, rules, records(), where="cohort.jsonl", lang="en"):
            seen.append((number, line is not None))
    assert seen == [(n, True) for n in range(1, 41)]


def _random_profiles(kb: KnowledgeBase, quiz: Quiz, count: int) -> list[dict[str, object]]:
    import random

    rng = random.Random(3)
    skills = sorted(kb.skills)
    return [
        {
            "background": rng.choice(quiz.questions["background"].choice_ids),
            "years_experience": (years := rng.randint(0, 25)),
            "ml_years": rng.randint(0, years),
            "skills": [*rng.sample(skills, rng.randint(0, 25)), *(["Excel 2019"] if rng.random() < 0.2 else [])],
            "interests": rng.sample(quiz.questions["interests"].choice_ids, rng.randint(1, 3)),
            "current_salary": rng.choice([None, 350, 600, 1200]),
            "target_salary": rng.choice([None, 500, 900, 2500]),
        }
        for _ in range(count)
    ]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_cohort_line_is_the_assessment_json_with_its_record_number(
    kb: KnowledgeBase, quiz: Quiz, rules: RuleSet, lang: str
) -> None:
    """The line reuses shared pieces' encoded text: it must still be exactly the document, compactly encoded."""
    from mlcareer.domain.advisor import advise
    from mlcareer.loading.answers import parse_answers
    from mlcareer.render.jsondata import assessment_json, assessment_line

    for number, record in enumerate([*(p.answers for p in PERSONAS), *_random_profiles(kb, quiz, 150)], 1):
        result = advise(kb, rules, parse_answers(kb, quiz, record))
        line = assessment_line(kb, result, lang, number)  # type: ignore[arg-type]
        document = {**assessment_json(kb, result, lang), "record": number}  # type: ignore[arg-type]
        assert line == (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def test_shared_pieces_belong_to_their_knowledge_base(kb: KnowledgeBase, quiz: Quiz, rules: RuleSet) -> None:
    """Two knowledge bases in one process (a custom --data-dir) never share an encoded piece."""
    from mlcareer.domain.advisor import advise
    from mlcareer.domain.model import Text
    from mlcareer.loading.answers import parse_answers
    from mlcareer.render.jsondata import assessment_line

    result = advise(kb, rules, parse_answers(kb, quiz, PERSONAS[0].answers))
    first_gap = result.skill_gaps[0].skill
    renamed = kb._replace(skills={**kb.skills, first_gap: kb.skills[first_gap]._replace(name=Text("改名", "Renamed"))})
    before = json.loads(assessment_line(kb, result, "en", 1))
    after = json.loads(assessment_line(renamed, result, "en", 1))
    assert before["skill_gaps"][0]["name"] != "Renamed"
    assert after["skill_gaps"][0]["name"] == "Renamed"
