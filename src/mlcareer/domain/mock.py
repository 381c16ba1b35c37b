"""The mock interview, the pure part: which questions make one interview, and the debrief afterwards.

One interview is an opener (a personal question marked `stage: opener`, e.g. 自己紹介 or 志望動機),
field questions at the person's level, and the 逆質問 prompt (`stage: closing`) at the end. The
time allowed is split evenly between the questions.

After each answer the person ticks the key points they covered; the share covered gives the rating
that goes into the review log like any practice rating (all of them: got it; at least half: partly;
fewer: missed), so a mock interview also moves the FSRS schedule.

The debrief is kept as a language-free record (ids, indices, seconds) and rendered in whatever
language is asked: what went well, the key points missed most (counted over this and earlier mock
interviews), and the three questions to practise next.

Nothing here reads the clock, prompts or touches the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from mlcareer.domain.interview import GOT_IT, MISSED, PARTLY, PracticeItem, RatingRecord, practice_order
from mlcareer.domain.message import msg
from mlcareer.domain.model import KnowledgeBase, Question
from mlcareer.errors import MlcareerError

RECORD_FORMAT = 1
DEFAULT_QUESTIONS = 5
DEFAULT_MINUTES = 30
MIN_QUESTIONS = 3  # an opener, at least one field question, the closing
MAX_MINUTES = 240
PRACTISE_NEXT = 3
MISSED_POINTS_SHOWN = 5

OPENER = "opener"
FIELD = "field"
CLOSING = "closing"


class MockPlan(NamedTuple):
    items: tuple[PracticeItem, ...]
    roles: tuple[str, ...]  # OPENER, FIELD… , CLOSING, one for each item
    specialization: str | None
    level: str | None
    minutes: int

    @property
    def seconds_per_question(self) -> int:
        return max(1, self.minutes * 60 // len(self.items))


class MockAnswer(NamedTuple):
    """One answered question: the key points the person ticked, and how long the answer took."""

    question_id: str
    role: str
    covered: tuple[int, ...]  # indices into the question's key points
    key_points: int  # how many the question had then (the record survives edits to the data)
    seconds: int

    @property
    def rating(self) -> str:
        return rating_for(len(self.covered), self.key_points)


class MissedPoint(NamedTuple):
    question_id: str
    point: int  # the key point's index
    times: int  # over this and the earlier mock interviews


class Debrief(NamedTuple):
    answers: tuple[MockAnswer, ...]
    seconds_per_question: int
    completed: bool
    went_well: tuple[str, ...]  # questions answered with every key point
    strongest: str | None  # when none was complete: the best covered one
    within_time: int
    missed_points: tuple[MissedPoint, ...]
    practise_next: tuple[str, ...]


def check_mock_options(count: int, minutes: int) -> None:
    """A library caller's mistake; the CLI checks -n and --minutes itself and names the options."""
    if count < MIN_QUESTIONS:
        raise ValueError(f"a mock interview needs {MIN_QUESTIONS} questions or more (got {count})")
    if not 1 <= minutes <= MAX_MINUTES:
        raise ValueError(f"minutes must be between 1 and {MAX_MINUTES} (got {minutes})")


def rating_for(covered: int, total: int) -> str:
    """The self-rating a share of key points stands for."""
    if total and covered >= total:
        return GOT_IT
    if total and 2 * covered >= total:
        return PARTLY
    return MISSED


def _technical(question: Question) -> bool:
    return question.topic != "behavioral" and question.stage is None


def plan_mock(
    kb: KnowledgeBase,
    ratings: Iterable[RatingRecord],
    now: datetime,
    *,
    specialization: str | None,
    level: str | None,
    count: int = DEFAULT_QUESTIONS,
    minutes: int = DEFAULT_MINUTES,
) -> MockPlan:
    """One interview: the opener and field questions next in the practice order, then 逆質問.

    Field questions are the specialization's own first; general technical questions fill up when it
    has too few at this level (and are all there is without a specialization).
    """
    check_mock_options(count, minutes)
    ratings = list(ratings)
    personal = practice_order(kb, ratings, now, topic="behavioral", level=level)
    openers = [item for item in personal if item.question.stage == OPENER]
    closings = [item for item in personal if item.question.stage == CLOSING]
    if not openers or not closings:
        raise MlcareerError(msg("The interview questions have no opener or no 逆質問 (stage: opener / closing)."))
    technical = [
        item
        for item in practice_order(kb, ratings, now, specialization=specialization, level=level)
        if _technical(item.question)
    ]
    own = [item for item in technical if specialization in item.question.specializations]
    general = [item for item in technical if specialization not in item.question.specializations]
    field = (own + general)[: count - 2]
    items = (openers[0], *field, closings[0])
    roles = (OPENER, *[FIELD] * len(field), CLOSING)
    return MockPlan(items, roles, specialization, level, minutes)


def debrief(
    kb: KnowledgeBase,
    plan: MockPlan,
    answers: Sequence[MockAnswer],
    *,
    earlier: Iterable[dict[str, Any]] = (),
    after: Iterable[RatingRecord] = (),
    now: datetime,
) -> Debrief:
    """What the interview showed. `earlier` are saved records (for the points missed most), `after`
    the ratings including this interview's (for what to practise next)."""
    completed = len(answers) == len(plan.items)
    budget = plan.seconds_per_question
    went_well = tuple(a.question_id for a in answers if a.rating == GOT_IT)
    strongest = None
    if not went_well and answers:
        best = max(answers, key=lambda a: (len(a.covered) / max(1, a.key_points), -answers.index(a)))
        strongest = best.question_id if best.covered else None
    within = sum(1 for a in answers if a.seconds <= budget)

    times: Counter[tuple[str, int]] = Counter()
    for record in earlier:
        for past in answers_of(record):
            question = kb.questions.get(past.question_id)
            if question is not None and past.key_points == len(question.key_points):
                times.update((past.question_id, i) for i in range(past.key_points) if i not in past.covered)
    order = sorted(answers, key=lambda a: len(a.covered) / max(1, a.key_points))
    now_missed = [(a.question_id, i) for a in order for i in range(a.key_points) if i not in a.covered]
    times.update(now_missed)
    # Missed most often first; among equals each question's first missed point before any second one,
    # so one weak answer does not fill the list; then the weakest answers first (the sort is stable).
    nth = {point: [p for p in now_missed if p[0] == point[0]].index(point) for point in now_missed}
    ranked = sorted(now_missed, key=lambda point: (-times[point], nth[point]))
    missed = tuple(MissedPoint(q, i, times[(q, i)]) for q, i in ranked[:MISSED_POINTS_SHOWN])

    weak = [a.question_id for a in order if a.rating != GOT_IT and a.role != CLOSING]
    asked = {a.question_id for a in answers}
    following = [
        item.question.id
        for item in practice_order(kb, after, now, specialization=plan.specialization, level=plan.level)
        if _technical(item.question) and item.question.id not in asked
    ]
    practise_next = tuple(dict.fromkeys([*weak, *following]))[:PRACTISE_NEXT]
    return Debrief(tuple(answers), budget, completed, went_well, strongest, within, missed, practise_next)


def record_of(plan: MockPlan, result: Debrief) -> dict[str, Any]:
    """The debrief as kept in the store: ids, indices and numbers, no text in any language."""
    return {
        "format": RECORD_FORMAT,
        "specialization": plan.specialization,
        "level": plan.level,
        "minutes": plan.minutes,
        "seconds_per_question": result.seconds_per_question,
        "completed": result.completed,
        "planned": [item.question.id for item in plan.items],
        "questions": [
            {
                "id": a.question_id,
                "role": a.role,
                "covered": list(a.covered),
                "key_points": a.key_points,
                "seconds": a.seconds,
                "rating": a.rating,
            }
            for a in result.answers
        ],
        "went_well": list(result.went_well),
        "strongest": result.strongest,
        "within_time": result.within_time,
        "missed_points": [{"id": p.question_id, "index": p.point, "times": p.times} for p in result.missed_points],
        "practise_next": list(result.practise_next),
    }


def answers_of(record: dict[str, Any]) -> list[MockAnswer]:
    """The answers in a saved record; entries not in the expected shape are left out."""
    found = []
    for entry in record.get("questions") or []:
        if not isinstance(entry, dict):
            continue
        qid, covered, total, seconds = (entry.get(k) for k in ("id", "covered", "key_points", "seconds"))
        if not (isinstance(qid, str) and isinstance(total, int) and isinstance(seconds, int)):
            continue
        if not isinstance(covered, list) or not all(isinstance(i, int) and 0 <= i < total for i in covered):
            continue
        found.append(MockAnswer(qid, str(entry.get("role", FIELD)), tuple(covered), total, seconds))
    return found


def debrief_of(record: dict[str, Any]) -> Debrief:
    """A saved record back as a Debrief (for the study sheet); unknown shapes give empty parts."""

    def ids(key: str) -> tuple[str, ...]:
        value = record.get(key)
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

    missed = []
    for entry in record.get("missed_points") or []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str) and isinstance(entry.get("index"), int):
            missed.append(MissedPoint(entry["id"], entry["index"], int(entry.get("times") or 1)))
    per_question = record.get("seconds_per_question")
    strongest = record.get("strongest")
    return Debrief(
        answers=tuple(answers_of(record)),
        seconds_per_question=per_question if isinstance(per_question, int) else 0,
        completed=record.get("completed") is True,
        went_well=ids("went_well"),
        strongest=strongest if isinstance(strongest, str) else None,
        within_time=int(record.get("within_time") or 0),
        missed_points=tuple(missed),
        practise_next=ids("practise_next"),
    )


def mock_summary(record: dict[str, Any]) -> dict[str, Any]:
    """One saved mock interview in a line of `history --json`: field, level, points covered, finished."""
    answers = answers_of(record)
    return {
        "specialization": record.get("specialization"),
        "level": record.get("level"),
        "completed": record.get("completed") is True,
        "questions": [a.question_id for a in answers],
        "points_covered": sum(len(a.covered) for a in answers),
        "points_total": sum(a.key_points for a in answers),
    }
