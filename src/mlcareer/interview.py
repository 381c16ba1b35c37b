"""Interview practice, the pure part: which questions to ask, in what order, and when each comes back.

Spaced repetition in Leitner boxes. Each question sits in a box; the box sets how long after its last
rating the question is due again:

    box        0      1       2       3       4        5
    interval   0 d    1 day   3 days  7 days  14 days  30 days

A question never rated counts as box 1. "Got it" moves it up one box (the first "got it" therefore
brings it back in 3 days), "partly" moves it down one but not below box 1 (back tomorrow at the
soonest), "missed" puts it in box 0: due at once, so it is asked first next time.

The practice order: questions that are due (most overdue first), then questions never rated, then
questions not yet due (soonest first). Ties keep a stable order: with a specialization filter, that
specialization's own questions before the general ones; then the questions from the guide; then the
order of data/interview.yaml.

Nothing here reads the clock, prompts or touches the store: callers pass `now` and the ratings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, NamedTuple, Protocol

from mlcareer.errors import EXIT_USAGE, MlcareerError
from mlcareer.i18n import Lang, msg
from mlcareer.model import KnowledgeBase, Question

GOT_IT = "got_it"
PARTLY = "partly"
MISSED = "missed"
RATINGS: tuple[str, ...] = (GOT_IT, PARTLY, MISSED)

INTERVAL_DAYS: tuple[int, ...] = (0, 1, 3, 7, 14, 30)
TOP_BOX = len(INTERVAL_DAYS) - 1
START_BOX = 1  # where a question sits before its first rating
DEFAULT_COUNT = 5

Status = Literal["due", "new", "later"]
_STATUS_RANK: dict[Status, int] = {"due": 0, "new": 1, "later": 2}


class RatingRecord(Protocol):
    """One rating as the store keeps it (mlcareer.store.Rating has this shape)."""

    @property
    def question_id(self) -> str: ...

    @property
    def rating(self) -> str: ...

    @property
    def rated_at(self) -> datetime: ...


class Schedule(NamedTuple):
    """Where one question stands: its box and its last rating (none if never rated)."""

    box: int = START_BOX
    times_rated: int = 0
    last_rating: str | None = None
    last_rated: datetime | None = None

    @property
    def due(self) -> datetime | None:
        """When the question is due again; None if it was never rated."""
        if self.last_rated is None:
            return None
        return self.last_rated + timedelta(days=INTERVAL_DAYS[self.box])

    def status(self, now: datetime) -> Status:
        due = self.due
        if due is None:
            return "new"
        return "due" if due <= as_utc(now) else "later"


class PracticeItem(NamedTuple):
    question: Question
    schedule: Schedule
    status: Status


def as_utc(when: datetime) -> datetime:
    """Aware datetimes in UTC; a naive one is taken to be UTC already (so the two kinds compare)."""
    return when.replace(tzinfo=UTC) if when.utcoffset() is None else when.astimezone(UTC)


def next_box(box: int, rating: str) -> int:
    if rating == GOT_IT:
        return min(box + 1, TOP_BOX)
    if rating == PARTLY:
        return max(box - 1, START_BOX)
    if rating == MISSED:
        return 0
    raise ValueError(f"unknown rating {rating!r}")


def rate(schedule: Schedule, rating: str, when: datetime) -> Schedule:
    """The schedule after one more rating given at `when`."""
    return Schedule(next_box(schedule.box, rating), schedule.times_rated + 1, rating, as_utc(when))


def schedules(ratings: Iterable[RatingRecord]) -> dict[str, Schedule]:
    """Each rated question's schedule, replaying its ratings oldest first (unknown ratings are skipped).

    Two ratings of one question at the same instant are replayed got it, partly, missed, so the more
    cautious one counts and the result never depends on the order the ratings were passed in.
    """
    ordered = sorted(
        (r for r in ratings if r.rating in RATINGS),
        key=lambda r: (as_utc(r.rated_at), RATINGS.index(r.rating)),
    )
    result: dict[str, Schedule] = {}
    for record in ordered:
        result[record.question_id] = rate(result.get(record.question_id, Schedule()), record.rating, record.rated_at)
    return result


def matching_questions(
    kb: KnowledgeBase, topic: str | None = None, specialization: str | None = None
) -> list[Question]:
    """Questions on `topic` and for `specialization`, in file order.

    A specialization filter keeps that specialization's questions and the general ones (asked of every
    AI/ML engineer), since an interview for any specialization asks both. Ids are assumed valid.
    """
    return [
        q
        for q in kb.questions.values()
        if (topic is None or q.topic == topic)
        and (specialization is None or not q.specializations or specialization in q.specializations)
    ]


def practice_order(
    kb: KnowledgeBase,
    ratings: Iterable[RatingRecord],
    now: datetime,
    *,
    topic: str | None = None,
    specialization: str | None = None,
) -> list[PracticeItem]:
    """Every matching question, in the order to practise them (see the module's docstring)."""
    now = as_utc(now)
    known = schedules(ratings)
    file_order = {qid: index for index, qid in enumerate(kb.questions)}
    items = []
    for question in matching_questions(kb, topic, specialization):
        schedule = known.get(question.id, Schedule())
        items.append(PracticeItem(question, schedule, schedule.status(now)))

    def key(item: PracticeItem) -> tuple[Any, ...]:
        q = item.question
        # With a specialization filter, its own questions come before the general ones.
        general = specialization is not None and specialization not in q.specializations
        due = item.schedule.due
        return (
            _STATUS_RANK[item.status],
            due if due is not None else now,  # all new questions compare equal here
            general,
            not q.from_guide,
            file_order[q.id],
        )

    return sorted(items, key=key)


def select_questions(
    kb: KnowledgeBase,
    ratings: Iterable[RatingRecord],
    now: datetime,
    *,
    topic: str | None = None,
    specialization: str | None = None,
    count: int = DEFAULT_COUNT,
) -> list[PracticeItem]:
    """The next `count` questions to practise."""
    check_count(count)
    return practice_order(kb, ratings, now, topic=topic, specialization=specialization)[:count]


def check_count(count: int) -> None:
    if count < 1:
        raise MlcareerError(
            msg(
                f"--count には 1 以上を指定してください（{count} が指定されました）。",
                f"--count must be 1 or more (got {count}).",
            ),
            exit_code=EXIT_USAGE,
        )


def tally(ratings: Sequence[str]) -> dict[str, int]:
    """How many of each rating, in the order got it, partly, missed (zeros included)."""
    return {name: sum(1 for r in ratings if r == name) for name in RATINGS}


def item_json(item: PracticeItem, lang: Lang) -> dict[str, Any]:
    q, schedule = item.question, item.schedule
    due = schedule.due
    return {
        "id": q.id,
        "topic": q.topic,
        "specializations": list(q.specializations),
        "question": q.question(lang),
        "key_points": [point(lang) for point in q.key_points],
        "from_guide": q.from_guide,
        "status": item.status,
        "due": None if due is None else due.isoformat(timespec="seconds"),
        "last_rating": schedule.last_rating,
        "times_rated": schedule.times_rated,
    }
