"""A cohort gives the same lines, in the same order, whether it runs in this process or on every core."""

from __future__ import annotations

import json

import pytest

from mlcareer.cli import cohort
from mlcareer.domain.rules import load_quiz_and_rules
from mlcareer.loading.knowledge import load_knowledge

from personas import PERSONAS


def _records() -> list[object]:
    good = [p.answers for p in PERSONAS]
    bad: list[object] = [{"background": "wizard"}, "not a mapping", {**PERSONAS[0].answers, "ml_years": 99}]
    return [*good, *bad] * 6  # 78 records, 18 of them bad, spread through the chunks


def _outcomes(monkeypatch: pytest.MonkeyPatch, *, parallel: bool) -> list[cohort.Outcome]:
    kb = load_knowledge()
    quiz, rules = load_quiz_and_rules(kb)
    monkeypatch.setattr(cohort, "CHUNK", 7)
    monkeypatch.setattr(cohort, "PARALLEL_FROM", 10 if parallel else 10_000)
    monkeypatch.setattr(cohort, "_workers", lambda: 2)
    return list(
        cohort.assess_cohort(kb, quiz, rules, _records(), where="cohort.jsonl", lang="en", label="record {number}")
    )


def test_parallel_and_serial_runs_agree_line_for_line(monkeypatch: pytest.MonkeyPatch) -> None:
    serial = _outcomes(monkeypatch, parallel=False)
    parallel = _outcomes(monkeypatch, parallel=True)
    assert parallel == serial
    assert [number for number, _, _ in parallel] == list(range(1, len(_records()) + 1))
    bad = [(number, problems) for number, line, problems in parallel if line is None]
    assert len(bad) == 18 and all(problems for _, problems in bad)
    assert any("record 24" in p for _, problems in bad for p in problems)
    first = json.loads(next(line for _, line, _ in parallel if line))
    assert first["record"] == 1 and first["specializations"][0]["id"] == PERSONAS[0].top


def test_a_record_that_cannot_be_read_stops_the_run_after_every_earlier_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from mlcareer.errors import MlcareerError

    kb = load_knowledge()
    quiz, rules = load_quiz_and_rules(kb)
    monkeypatch.setattr(cohort, "CHUNK", 7)
    monkeypatch.setattr(cohort, "PARALLEL_FROM", 10)
    monkeypatch.setattr(cohort, "_workers", lambda: 2)

    def records() -> object:
        for _ in range(40):
            yield PERSONAS[0].answers
        raise MlcareerError("cohort.jsonl:41 is larger than the input limit")

    seen = []
    with pytest.raises(MlcareerError, match=r"cohort\.jsonl:41"):
        for number, line, _ in cohort.assess_cohort(
            kb, quiz, rules, records(), where="cohort.jsonl", lang="en", label="record {number}"
        ):
            seen.append((number, line is not None))
    assert seen == [(n, True) for n in range(1, 41)]
