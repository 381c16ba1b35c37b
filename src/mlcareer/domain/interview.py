"""Interview practice, the pure part: which questions to ask, in what order, and when each comes back.

Spaced repetition with FSRS (the `fsrs` package; the scheduler built into Anki since 23.10) and its
default parameters. The self-rating maps to FSRS's grades: missed -> Again, partly -> Hard,
got it -> Good. Replaying a question's reviews oldest first gives its memory state (stability,
difficulty) and when it is due:

- A question missed or partly answered the first time, or missed later on, comes back one minute
  later, so in practice first thing next session; answering it well then moves it on to days.
- A question answered well is due when FSRS predicts a 90 % chance of still recalling it: about
  2 days after a first "got it", then longer each time.

(Anki's default learning steps, 1 and 10 minutes, suit a deck studied in one sitting; interview
practice is a session now and then, so one short step brings a weak answer back next session.)

The practice order: questions that are due (the one you are least likely to recall first), then
questions never rated, then questions not yet due (soonest first). Ties keep a stable order: the
questions at the person's level before those one level away; with a specialization filter, that
specialization's own questions before the general ones; then the questions from the guide; then
the order of data/interview.yaml.

Nothing here reads the clock, prompts or touches the store: callers pass `now` and the ratings.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol

from mlcareer.domain.model import KnowledgeBase, Question
from mlcareer.i18n import Lang

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

GOT_IT = "got_it"
PARTLY = "partly"
MISSED = "missed"
RATINGS: tuple[str, ...] = (GOT_IT, PARTLY, MISSED)
# The self-ratings as FSRS grades (fsrs.Rating's values: 1 Again, 2 Hard, 3 Good, 4 Easy).
FSRS_RATING: dict[str, int] = {MISSED: 1, PARTLY: 2, GOT_IT: 3}
LEVELS: tuple[str, ...] = ("beginner", "mid", "senior")
DEFAULT_COUNT = 5

_LEARNING = 1  # fsrs.State.Learning: a question not yet answered well


@functools.cache
def _scheduler() -> Scheduler:
    """FSRS with its default parameters; imported on first use, so commands that only read the
    bank (history, lookups) do not load it. Fuzzing off: the same reviews always give the same
    schedule (and tests can say what it is)."""
    from fsrs import Scheduler

    return Scheduler(
        learning_steps=(timedelta(minutes=1),), relearning_steps=(timedelta(minutes=1),), enable_fuzzing=False
    )


@functools.cache
def _forgetting_curve() -> tuple[float, float]:
    decay = -_scheduler().parameters[20]
    return decay, 0.9 ** (1 / decay) - 1


Status = Literal["due", "new", "later"]
_STATUS_RANK: dict[Status, int] = {"due": 0, "new": 1, "later": 2}


class RatingRecord(Protocol):
    """One review as the store keeps it (mlcareer.storage.store.Rating has this shape)."""

    @property
    def question_id(self) -> str: ...

    @property
    def rating(self) -> str: ...

    @property
    def rated_at(self) -> datetime: ...


class Schedule(NamedTuple):
    """Where one question stands: its FSRS memory state and last rating (none if never rated)."""

    times_rated: int = 0
    last_rating: str | None = None
    last_rated: datetime | None = None
    due: datetime | None = None  # None if never rated
    stability: float | None = None
    difficulty: float | None = None
    state: int = _LEARNING
    step: int | None = 0

    def status(self, now: datetime) -> Status:
        if self.due is None:
            return "new"
        return "due" if self.due <= as_utc(now) else "later"

    def card(self) -> Card:
        from fsrs import Card, State

        return Card(
            card_id=1,  # unused; given so that fsrs does not derive one from the clock
            state=State(self.state),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due or datetime(1970, 1, 1, tzinfo=UTC),
            last_review=self.last_rated,
        )

    def recall_probability(self, now: datetime) -> float:
        """FSRS's forgetting curve: the chance of recalling the answer at `now` (0 if never rated).

        fsrs counts whole days here; we count the fraction too, so that a question missed this
        morning ranks as weaker than one answered well a while ago.
        """
        if self.last_rated is None or not self.stability:
            return 0.0
        days = max(0.0, (as_utc(now) - self.last_rated).total_seconds() / 86400)
        decay, factor = _forgetting_curve()
        return float((1 + factor * days / self.stability) ** decay)


class PracticeItem(NamedTuple):
    question: Question
    schedule: Schedule
    status: Status


def as_utc(when: datetime) -> datetime:
    """Aware datetimes in UTC; a naive one is taken to be UTC already (so the two kinds compare)."""
    return when.replace(tzinfo=UTC) if when.utcoffset() is None else when.astimezone(UTC)


def rate(schedule: Schedule, rating: str, when: datetime) -> Schedule:
    """The schedule after one more rating given at `when`."""
    if rating not in FSRS_RATING:
        raise ValueError(f"unknown rating {rating!r}")
    when = as_utc(when)
    from fsrs import Rating

    card, _log = _scheduler().review_card(schedule.card(), Rating(FSRS_RATING[rating]), when)
    return Schedule(
        times_rated=schedule.times_rated + 1,
        last_rating=rating,
        last_rated=when,
        due=card.due,
        stability=card.stability,
        difficulty=card.difficulty,
        state=card.state.value,
        step=card.step,
    )


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


def level_distance(question: Question, level: str | None) -> int:
    """How many levels apart a question and a person are (0 when the person's level is unknown)."""
    if level not in LEVELS or question.level not in LEVELS:
        return 0
    return abs(LEVELS.index(question.level) - LEVELS.index(level))


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
    level: str | None = None,
    due_only: bool = False,
) -> list[PracticeItem]:
    """Every matching question, in the order to practise them (see the module's docstring).

    With a `level`, only the questions at that level or one away; with `due_only`, only those due.
    """
    now = as_utc(now)
    known = schedules(ratings)
    file_order = {qid: index for index, qid in enumerate(kb.questions)}
    items = []
    for question in matching_questions(kb, topic, specialization):
        if level_distance(question, level) > 1:
            continue
        schedule = known.get(question.id, Schedule())
        status = schedule.status(now)
        if due_only and status != "due":
            continue
        items.append(PracticeItem(question, schedule, status))

    def key(item: PracticeItem) -> tuple[Any, ...]:
        q, schedule = item.question, item.schedule
        # With a specialization filter, its own questions come before the general ones.
        general = specialization is not None and specialization not in q.specializations
        if item.status == "due":
            when: tuple[Any, ...] = (schedule.recall_probability(now), schedule.due)
        else:
            when = (schedule.due or now,)  # all new questions compare equal here
        return (
            _STATUS_RANK[item.status],
            when,
            level_distance(q, level),
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
    level: str | None = None,
    due_only: bool = False,
    count: int = DEFAULT_COUNT,
) -> list[PracticeItem]:
    """The next `count` questions to practise."""
    check_count(count)
    order = practice_order(kb, ratings, now, topic=topic, specialization=specialization, level=level, due_only=due_only)
    return order[:count]


def check_count(count: int) -> None:
    """A library caller's mistake; the CLI checks its --count itself and names the option."""
    if count < 1:
        raise ValueError(f"count must be 1 or more (got {count})")


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
        "level": q.level,
        "question": q.question(lang),
        "key_points": [point(lang) for point in q.key_points],
        "from_guide": q.from_guide,
        "status": item.status,
        "due": None if due is None else due.isoformat(timespec="seconds"),
        "last_rating": schedule.last_rating,
        "times_rated": schedule.times_rated,
        "stability_days": None if schedule.stability is None else round(schedule.stability, 2),
    }


class RatedQuestion(NamedTuple):
    """One question rated in a session, with what was typed and the schedule the rating gives it."""

    question: Question
    answer: str
    rating: str
    rated_at: datetime
    schedule: Schedule
