"""Interview practice: the spaced-repetition core, its views, and the interactive loop driven by keystrokes."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from knowledge_base import builtin_kb
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from mlcareer.domain.interview import (
    FSRS_RATING,
    GOT_IT,
    MISSED,
    PARTLY,
    RATINGS,
    PracticeItem,
    RatedQuestion,
    Schedule,
    item_json,
    matching_questions,
    practice_order,
    rate,
    schedules,
    select_questions,
    tally,
)
from mlcareer.domain.model import KnowledgeBase
from mlcareer.i18n import Lang
from mlcareer.interactive.interview import InterviewSession
from mlcareer.render.terminal.interview import (
    next_review_text,
    render_key_points,
    render_question,
    render_question_list,
    render_summary,
)
from mlcareer.storage import store as store_module
from mlcareer.storage.store import Store

NOW = datetime(2025, 7, 1, 9, 0, tzinfo=UTC)
GUIDE_FIRST = ["bias_variance", "attention_mechanism", "production_monitoring"]


class R(NamedTuple):
    """A rating as the store returns it."""

    question_id: str
    rating: str
    rated_at: datetime


def ids(items: Sequence[PracticeItem]) -> list[str]:
    return [item.question.id for item in items]


def text_of(renderable: object, width: int = 80) -> str:
    console = Console(record=True, width=width, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


# -- the schedule ----------------------------------------------------------------------------


def test_ratings_match_the_store() -> None:
    assert RATINGS == store_module.RATINGS


def test_self_ratings_map_to_fsrs_grades() -> None:
    from fsrs import Rating

    assert {MISSED: Rating.Again, PARTLY: Rating.Hard, GOT_IT: Rating.Good} == FSRS_RATING
    assert {name: int(grade) for name, grade in FSRS_RATING.items()} == store_module.GRADES


def test_unknown_rating_is_a_bug() -> None:
    with pytest.raises(ValueError, match="nope"):
        rate(Schedule(), "nope", NOW)


def test_again_is_due_before_good() -> None:
    again, hard, good = (rate(Schedule(), r, NOW) for r in (MISSED, PARTLY, GOT_IT))
    assert again.due is not None and hard.due is not None and good.due is not None
    assert again.due < hard.due < good.due
    # A weak answer comes back next session; a good first answer after FSRS's first interval (2 days).
    assert again.due == NOW + timedelta(minutes=1)
    assert good.due == NOW + timedelta(days=2)
    assert again.stability is not None and good.stability is not None and again.stability < good.stability


def test_got_it_again_and_again_spaces_further_each_time() -> None:
    schedule, gaps = Schedule(), []
    when = NOW
    for _ in range(4):
        schedule = rate(schedule, GOT_IT, when)
        assert schedule.due is not None
        gaps.append(schedule.due - when)
        when = schedule.due
    assert gaps == sorted(gaps) and gaps[0] < gaps[-1] and len(set(gaps)) == 4
    lapsed = rate(schedule, MISSED, when)
    assert lapsed.due == when + timedelta(minutes=1)
    assert lapsed.stability is not None and schedule.stability is not None and lapsed.stability < schedule.stability


def test_replaying_ratings_gives_the_schedule_and_due_date() -> None:
    history = [
        R("bias_variance", GOT_IT, NOW - timedelta(days=10)),
        R("bias_variance", GOT_IT, NOW - timedelta(days=5)),
        R("attention_mechanism", MISSED, NOW - timedelta(days=2)),
        R("cross_validation", GOT_IT, NOW - timedelta(hours=1)),
    ]
    random.Random(1).shuffle(history)  # the store's order is not relied on
    known = schedules(history)
    first = rate(Schedule(), GOT_IT, NOW - timedelta(days=10))
    assert known["bias_variance"] == rate(first, GOT_IT, NOW - timedelta(days=5))
    assert known["bias_variance"].times_rated == 2 and known["bias_variance"].last_rating == GOT_IT
    assert known["attention_mechanism"].due == NOW - timedelta(days=2) + timedelta(minutes=1)
    assert known["cross_validation"].due == NOW - timedelta(hours=1) + timedelta(days=2)
    assert Schedule().due is None and Schedule().status(NOW) == "new"
    assert known["bias_variance"].status(NOW) == "later"
    assert known["attention_mechanism"].status(NOW) == "due"


def test_naive_and_other_zones_compare_as_utc() -> None:
    jst = timezone(timedelta(hours=9))
    naive = datetime(2025, 7, 1, 9, 0)
    history = [R("a", GOT_IT, naive), R("a", MISSED, datetime(2025, 7, 1, 19, 0, tzinfo=jst))]  # 10:00 UTC
    schedule = schedules(history)["a"]
    assert schedule.last_rating == MISSED
    assert schedule.last_rated == datetime(2025, 7, 1, 10, 0, tzinfo=UTC)
    assert schedule.status(datetime(2025, 7, 1, 10, 1)) == "due"  # a naive `now` works too


def test_unknown_rating_values_are_skipped() -> None:
    assert schedules([R("a", "meh", NOW)]) == {}


def test_ratings_at_the_same_instant_let_the_cautious_one_count() -> None:
    both = [R("a", MISSED, NOW), R("a", GOT_IT, NOW)]
    assert schedules(both) == schedules(both[::-1])
    assert schedules(both)["a"].last_rating == MISSED


def test_recall_probability_falls_with_time_and_is_lower_after_a_miss() -> None:
    good, again = rate(Schedule(), GOT_IT, NOW), rate(Schedule(), MISSED, NOW)
    later = NOW + timedelta(hours=12)
    assert 0 < again.recall_probability(later) < good.recall_probability(later) < 1
    assert good.recall_probability(NOW + timedelta(days=5)) < good.recall_probability(later)
    assert Schedule().recall_probability(NOW) == 0


# -- choosing and ordering questions ---------------------------------------------------------


def test_fresh_order_is_guide_first_then_file_order(kb: KnowledgeBase) -> None:
    order = ids(practice_order(kb, [], NOW))
    assert order[:3] == GUIDE_FIRST
    rest = [q for q in kb.questions if q not in GUIDE_FIRST]
    assert order[3:] == rest
    assert len(order) == len(kb.questions) == 71


def test_missed_first_then_new_then_not_yet_due(kb: KnowledgeBase) -> None:
    history = [
        R("tree_ensembles", GOT_IT, NOW - timedelta(days=1)),  # due in 1 day
        R("rag_design", MISSED, NOW - timedelta(days=1)),
        R("drift_types", MISSED, NOW - timedelta(days=3)),
        R("bias_variance", GOT_IT, NOW - timedelta(hours=2)),  # due in 2 days less 2 hours
        R("feature_store", GOT_IT, NOW - timedelta(days=20)),  # overdue by 18 days
    ]
    items = practice_order(kb, history, NOW)
    order = ids(items)
    # Due, least likely recalled first: a miss 3 days ago is weaker than a good answer 20 days ago,
    # which is weaker than a miss yesterday. Then new in the stable order; then later, soonest first.
    known = schedules(history)
    recall = [known[q].recall_probability(NOW) for q in ("drift_types", "feature_store", "rag_design")]
    assert recall == sorted(recall)
    assert order[:3] == ["drift_types", "feature_store", "rag_design"]
    assert order[3:5] == ["attention_mechanism", "production_monitoring"]
    assert order[-2:] == ["tree_ensembles", "bias_variance"]
    assert [i.status for i in items[:3]] == ["due"] * 3
    assert {i.status for i in items[3:-2]} == {"new"}


def test_specialization_includes_general_after_its_own(kb: KnowledgeBase) -> None:
    order = ids(practice_order(kb, [], NOW, specialization="mlops"))
    questions = [kb.questions[q] for q in order]
    own = [q for q in questions if "mlops" in q.specializations]
    assert order[0] == "production_monitoring"
    assert questions[: len(own)] == own and len(own) >= 8
    general = questions[len(own) :]
    assert general and all(not q.specializations for q in general)
    assert [q.id for q in general[:2]] == ["bias_variance", "attention_mechanism"]


def test_topic_and_specialization_filters(kb: KnowledgeBase) -> None:
    llm = matching_questions(kb, topic="llm")
    assert llm and all(q.topic == "llm" for q in llm)
    assert matching_questions(kb, topic="llm", specialization="mlops") == []
    design = {q.id for q in matching_questions(kb, topic="system_design", specialization="genai_llm")}
    assert design == {"recommendation_system_design", "llm_agent_design"}


def test_count_limits_and_must_be_positive(kb: KnowledgeBase) -> None:
    assert ids(select_questions(kb, [], NOW, count=2)) == GUIDE_FIRST[:2]
    assert len(select_questions(kb, [], NOW)) == 5
    with pytest.raises(ValueError, match="count must be 1 or more") as caught:  # the CLI names --count
        select_questions(kb, [], NOW, count=0)
    assert "--" not in str(caught.value)


def test_ratings_for_questions_no_longer_in_the_data_are_ignored(kb: KnowledgeBase) -> None:
    order = ids(practice_order(kb, [R("removed_question", MISSED, NOW)], NOW))
    assert "removed_question" not in order and order[:3] == GUIDE_FIRST


def test_item_json_in_both_languages(kb: KnowledgeBase) -> None:
    history = [R("attention_mechanism", GOT_IT, NOW)]
    item = practice_order(kb, history, NOW, topic="deep_learning")[-1]
    en, ja = item_json(item, "en"), item_json(item, "ja")
    assert en["id"] == "attention_mechanism" and en["from_guide"] is True and en["specializations"] == []
    assert en["status"] == "later" and en["due"] == "2025-07-03T09:00:00+00:00" and en["last_rating"] == GOT_IT
    assert en["question"].startswith("How does the attention") and "Attention機構" in ja["question"]
    assert len(en["key_points"]) == len(ja["key_points"]) == 6


def test_tally_counts_every_rating() -> None:
    assert tally([MISSED, GOT_IT, MISSED]) == {GOT_IT: 1, PARTLY: 0, MISSED: 2}


# -- properties ------------------------------------------------------------------------------


QUESTION_IDS = ["bias_variance", "rag_design", "drift_types", "vit_vs_cnn", "ab_test_design", "proud_project"]
history_strategy = st.lists(
    st.builds(
        R,
        st.sampled_from(QUESTION_IDS),
        st.sampled_from(RATINGS),
        st.integers(min_value=0, max_value=90 * 24).map(lambda h: NOW - timedelta(hours=h)),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(history=history_strategy, seed=st.integers(), spec=st.sampled_from([None, "mlops", "genai_llm"]))
def test_ordering_is_deterministic_and_complete(history: list[R], seed: int, spec: str | None) -> None:
    kb = builtin_kb()
    shuffled = list(history)
    random.Random(seed).shuffle(shuffled)
    first = ids(practice_order(kb, history, NOW, specialization=spec))
    assert first == ids(practice_order(kb, shuffled, NOW, specialization=spec))
    assert sorted(first) == sorted(q.id for q in matching_questions(kb, specialization=spec))


@settings(max_examples=150, deadline=None)
@given(
    history=history_strategy,
    question=st.sampled_from(QUESTION_IDS),
    later=st.lists(st.sampled_from(RATINGS), max_size=4),
    hours_after=st.integers(min_value=0, max_value=60 * 24),
)
def test_missed_is_never_scheduled_later_than_got_it(
    history: list[R], question: str, later: list[str], hours_after: int
) -> None:
    """Missing a question (even followed by the same later ratings) never pushes it back."""
    kb = builtin_kb()
    when = NOW + timedelta(minutes=1)  # after the whole history
    now = NOW + timedelta(hours=hours_after)

    def outcome(rating: str) -> tuple[datetime | None, int]:
        ratings = [*history, R(question, rating, when)]
        ratings += [R(question, r, when + timedelta(minutes=i + 1)) for i, r in enumerate(later)]
        due = schedules(ratings)[question].due
        position = ids(practice_order(kb, ratings, now)).index(question)
        return due, position

    missed_due, missed_position = outcome(MISSED)
    got_due, got_position = outcome(GOT_IT)
    assert missed_due is not None and got_due is not None
    assert missed_due <= got_due
    assert missed_position <= got_position


# -- views -----------------------------------------------------------------------------------


def test_question_list_in_both_languages(kb: KnowledgeBase) -> None:
    items = practice_order(kb, [R("drift_types", MISSED, NOW - timedelta(hours=1))], NOW, specialization="mlops")[:3]
    en = text_of(render_question_list(kb, items, "en"))
    assert en.index("drift_types") < en.index("production_monitoring")
    assert "How do you monitor the performance" in en and "MLOps and model operations" in en
    assert "3 questions (1 due, 2 new, 0 later)" in en
    ja = text_of(render_question_list(kb, items, "ja"))
    assert "面接練習の質問" in ja and "復習どき" in ja and "未出題" in ja
    assert all(len(line) <= 80 for line in en.splitlines())
    assert "No question matches" in text_of(render_question_list(kb, [], "en"))


def test_question_panel_and_key_points(kb: KnowledgeBase) -> None:
    item = practice_order(kb, [R("bias_variance", MISSED, NOW - timedelta(hours=1))], NOW)[0]
    panel = text_of(render_question(kb, item, 2, 5, "en"))
    assert "[2/5] Machine learning fundamentals" in panel
    assert "bias-variance trade-off" in panel and "last time: missed" in panel and "from the guide" in panel
    points = text_of(render_key_points(item.question, "  it is about model complexity ", "en"))
    assert "Your answer: it is about model complexity" in points
    assert points.index("Your answer") < points.index("Irreducible Error")
    assert "Your answer" not in text_of(render_key_points(item.question, "", "en"))
    assert "バイアスは" in text_of(render_key_points(item.question, "", "ja"))


def test_summary_counts_and_when_each_comes_back(kb: KnowledgeBase) -> None:
    def rated(qid: str, rating: str) -> RatedQuestion:
        return RatedQuestion(kb.questions[qid], "", rating, NOW, rate(Schedule(), rating, NOW))

    rows = [rated("bias_variance", GOT_IT), rated("rag_design", MISSED), rated("drift_types", MISSED)]
    en = text_of(render_summary(rows, "en"), width=100)
    assert "Got it 1 · Partly 0 · Missed 2" in en
    assert "in 2 days" in en and en.count("next session") == 2 and "missed or partly answered come first" in en
    ja = text_of(render_summary(rows, "ja"), width=100)
    assert "答えられなかった 2" in ja and "2日後" in ja and ja.count("次の練習で") >= 2
    assert next_review_text("en", rate(Schedule(), PARTLY, NOW)) == "next session"
    assert next_review_text("en", rate(rate(Schedule(), GOT_IT, NOW), GOT_IT, NOW + timedelta(days=2))).startswith(
        "in 11 days ("
    )
    assert "missed" not in text_of(render_summary(rows[:1], "en"))


# -- the interactive loop, driven by keystrokes ----------------------------------------------

DOWN = "\x1b[B"


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[PipeInput]:
    monkeypatch.setenv("PROMPT_TOOLKIT_NO_CPR", "1")
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


def make_session(kb: KnowledgeBase, store: Store, count: int, lang: Lang = "en") -> tuple[InterviewSession, Console]:
    console = Console(record=True, width=80, color_system=None, file=io.StringIO())
    ticks = iter(NOW + timedelta(seconds=i) for i in range(100))
    items = select_questions(kb, store.ratings(), NOW, count=count)
    session = InterviewSession(kb, items, lang, save=store.add_rating, clock=lambda: next(ticks), console=console)
    return session, console


def test_session_answers_rates_and_saves_each_rating(kb: KnowledgeBase, keys: PipeInput, tmp_path: Path) -> None:
    # 1: type an answer, rate "missed" by shortcut. 2: just think, rate "partly" with the arrow key.
    # 3: just think, accept the first choice ("got it").
    keys.send_text("variance is overfitting\r" + "3\r")
    keys.send_text("\r" + DOWN + "\r")
    keys.send_text("\r\r")
    with Store(tmp_path / "db" / "mlcareer.db") as store:
        session, console = make_session(kb, store, 3)
        rated = session.run()
        saved = store.ratings()
    assert [(r.question_id, r.rating) for r in saved] == [
        ("bias_variance", MISSED),
        ("attention_mechanism", PARTLY),
        ("production_monitoring", GOT_IT),
    ]
    assert [r.rated_at for r in saved] == [NOW, NOW + timedelta(seconds=1), NOW + timedelta(seconds=2)]
    assert [r.answer for r in rated] == ["variance is overfitting", "", ""]
    due = [r.schedule.due for r in rated]
    assert due[0] == NOW + timedelta(minutes=1)  # missed: next session
    assert due[0] < due[1] < due[2] == NOW + timedelta(seconds=2, days=2)
    shown = console.export_text()
    assert "[1/3] Machine learning fundamentals" in shown and "[3/3] MLOps and model operations" in shown
    assert "Your answer: variance is overfitting" in shown
    assert shown.count("Your answer:") == 1  # only the typed answer is echoed
    assert "Irreducible" in shown and "weighted average" in shown


def test_session_in_japanese(kb: KnowledgeBase, keys: PipeInput, tmp_path: Path) -> None:
    keys.send_text("過学習とのトレードオフ\r" + "2\r")
    with Store(tmp_path / "mlcareer.db") as store:
        session, console = make_session(kb, store, 1, "ja")
        session.run()
        assert [(r.question_id, r.rating) for r in store.ratings()] == [("bias_variance", PARTLY)]
    shown = console.export_text()
    assert "[1/1] 機械学習の基礎" in shown and "あなたの回答: 過学習とのトレードオフ" in shown
    assert "答えのポイント" in shown


def test_ctrl_c_keeps_the_ratings_already_given(kb: KnowledgeBase, keys: PipeInput, tmp_path: Path) -> None:
    keys.send_text("\r" + "1\r")  # question 1: got it
    keys.send_text("half an answ\x03")  # question 2: Ctrl-C while typing
    with Store(tmp_path / "mlcareer.db") as store:
        session, _ = make_session(kb, store, 3)
        with pytest.raises(KeyboardInterrupt):
            session.run()
        assert [(r.question_id, r.rating) for r in store.ratings()] == [("bias_variance", GOT_IT)]
    assert [r.question.id for r in session.rated] == ["bias_variance"]


def test_ctrl_c_at_the_rating_saves_nothing_for_that_question(
    kb: KnowledgeBase, keys: PipeInput, tmp_path: Path
) -> None:
    keys.send_text("an answer\r" + DOWN + "\x03")
    with Store(tmp_path / "mlcareer.db") as store:
        session, _ = make_session(kb, store, 2)
        with pytest.raises(KeyboardInterrupt):
            session.run()
        assert store.ratings() == []
    assert session.rated == []
