"""The mock interview: the plan and the debrief (pure), the views and the study sheet, and real
pseudo-terminal runs (a whole interview, Ctrl-C mid-way, no terminal)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pexpect
import pytest
from cli_runner import Cli, child_env
from rich.console import Console

from mlcareer.domain.interview import GOT_IT, MISSED, PARTLY, level_distance
from mlcareer.domain.mock import (
    CLOSING,
    FIELD,
    OPENER,
    MockAnswer,
    debrief,
    debrief_of,
    plan_mock,
    rating_for,
    record_of,
)
from mlcareer.domain.model import KnowledgeBase
from mlcareer.errors import EXIT_USAGE
from mlcareer.render.terminal.mock import clock_text, debrief_markdown, render_debrief, timer_text
from mlcareer.storage.store import Rating, Store

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def text_of(renderable: object, width: int = 80) -> str:
    console = Console(record=True, width=width, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def answer(kb: KnowledgeBase, qid: str, role: str, covered: tuple[int, ...], seconds: int = 60) -> MockAnswer:
    return MockAnswer(qid, role, covered, len(kb.questions[qid].key_points), seconds)


# -- the plan --------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["beginner", "mid", "senior"])
@pytest.mark.parametrize("field", ["genai_llm", "mlops", "computer_vision", "data_scientist"])
def test_one_opener_field_questions_at_the_level_and_gyaku_shitsumon_last(
    kb: KnowledgeBase, field: str, level: str
) -> None:
    plan = plan_mock(kb, [], NOW, specialization=field, level=level, count=5, minutes=30)
    questions = [item.question for item in plan.items]
    assert plan.roles == (OPENER, FIELD, FIELD, FIELD, CLOSING)
    assert questions[0].stage == "opener" and questions[0].topic == "behavioral"
    assert questions[-1].id == "reverse_questions"
    for q in questions[1:-1]:
        assert field in q.specializations and q.topic != "behavioral"
        assert level_distance(q, level) <= 1
    assert any(q.level == level for q in questions[1:-1])  # at the level, not only near it
    assert plan.seconds_per_question == 6 * 60


def test_a_career_changer_opens_with_why_ai_now(kb: KnowledgeBase) -> None:
    plan = plan_mock(kb, [], NOW, specialization="data_scientist", level="beginner", count=3, minutes=15)
    assert plan.items[0].question.id in {"self_introduction", "why_ai_ml_now"}
    senior = plan_mock(kb, [], NOW, specialization="mlops", level="senior", count=3, minutes=15)
    assert senior.items[0].question.id != "why_ai_ml_now"  # a beginner's question, two levels away


def test_without_a_field_general_technical_questions_fill_in(kb: KnowledgeBase) -> None:
    plan = plan_mock(kb, [], NOW, specialization=None, level=None, count=4, minutes=20)
    assert len(plan.items) == 4 and plan.roles[1:3] == (FIELD, FIELD)
    assert all(item.question.topic != "behavioral" for item in plan.items[1:3])


def test_a_due_question_comes_into_the_next_mock(kb: KnowledgeBase) -> None:
    history = [Rating("lora_vs_full_finetuning", MISSED, NOW - timedelta(days=1))]
    plan = plan_mock(kb, history, NOW, specialization="genai_llm", level="beginner", count=3, minutes=10)
    assert plan.items[1].question.id == "lora_vs_full_finetuning"


@pytest.mark.parametrize(("count", "minutes", "needle"), [(2, 30, "3 questions"), (5, 0, "minutes"), (5, 241, "240")])
def test_bad_options_are_a_callers_mistake_that_names_no_flag(
    kb: KnowledgeBase, count: int, minutes: int, needle: str
) -> None:
    """The core says what is wrong; only the CLI knows the options are -n and --minutes."""
    with pytest.raises(ValueError, match=needle) as caught:
        plan_mock(kb, [], NOW, specialization=None, level=None, count=count, minutes=minutes)
    assert "--" not in str(caught.value) and "-n" not in str(caught.value)


@pytest.mark.parametrize(
    ("args", "needle"),
    [(["-n", "2"], "-n 3"), (["--minutes", "0"], "--minutes"), (["--minutes", "241"], "240")],
)
def test_the_cli_names_the_option_to_change(cli: Cli, args: list[str], needle: str) -> None:
    result = cli("interview", "--mock", *args)
    assert result.exit_code == EXIT_USAGE and needle in result.stderr


def test_the_share_of_points_covered_is_the_rating() -> None:
    assert [rating_for(c, 5) for c in (5, 3, 2, 0)] == [GOT_IT, PARTLY, MISSED, MISSED]
    assert rating_for(2, 4) == PARTLY and rating_for(0, 0) == MISSED


# -- the debrief -----------------------------------------------------------------------------


def sample(kb: KnowledgeBase) -> tuple[object, list[MockAnswer]]:
    plan = plan_mock(kb, [], NOW, specialization="genai_llm", level="mid", count=4, minutes=20)
    ids = [item.question.id for item in plan.items]
    answers = [
        answer(kb, ids[0], OPENER, (0, 1, 2, 3)[: len(kb.questions[ids[0]].key_points)], 200),
        answer(kb, ids[1], FIELD, (0,), 400),  # weakest, and over the 5 minutes
        answer(kb, ids[2], FIELD, (0, 1, 2), 250),
        answer(kb, ids[3], CLOSING, (0, 1), 100),
    ]
    return plan, answers


def test_debrief_says_what_went_well_what_was_missed_and_what_next(kb: KnowledgeBase) -> None:
    plan, answers = sample(kb)
    ids = [a.question_id for a in answers]
    result = debrief(kb, plan, answers, now=NOW)  # type: ignore[arg-type]
    assert result.completed and result.seconds_per_question == 300
    assert result.went_well == (ids[0],) and result.strongest is None
    assert result.within_time == 3
    # Missed points: each question's first missed point before any second one, weakest answer first.
    assert [m.question_id for m in result.missed_points[:3]] == [ids[1], ids[3], ids[2]]
    assert [m.point for m in result.missed_points[:3]] == [1, 2, 3]
    assert all(m.times == 1 for m in result.missed_points) and len(result.missed_points) == 5
    # Practise next: the weak field answers first (never 逆質問), then what comes next at the level.
    assert result.practise_next[:2] == (ids[1], ids[2]) and len(result.practise_next) == 3
    assert ids[3] not in result.practise_next and result.practise_next[2] not in ids


def test_points_missed_before_count_towards_missed_most(kb: KnowledgeBase) -> None:
    plan, answers = sample(kb)
    earlier = record_of(plan, debrief(kb, plan, answers, now=NOW))  # type: ignore[arg-type]
    again = debrief(kb, plan, answers, earlier=[earlier], now=NOW)  # type: ignore[arg-type]
    assert again.missed_points[0].times == 2
    assert "(missed 2 times)" in text_of(render_debrief(kb, again, "en"), width=120)


def test_nothing_complete_names_the_strongest_answer(kb: KnowledgeBase) -> None:
    plan, answers = sample(kb)
    weak = [a._replace(covered=a.covered[:1]) for a in answers]
    weak[2] = weak[2]._replace(covered=(0, 1))
    result = debrief(kb, plan, weak, now=NOW)  # type: ignore[arg-type]
    assert result.went_well == () and result.strongest == weak[2].question_id


def test_the_record_is_language_free_and_reads_back(kb: KnowledgeBase) -> None:
    plan, answers = sample(kb)
    result = debrief(kb, plan, answers, now=NOW)  # type: ignore[arg-type]
    record = record_of(plan, result)  # type: ignore[arg-type]
    assert record["format"] == 1 and record["level"] == "mid" and record["minutes"] == 20
    assert [q["rating"] for q in record["questions"]] == [GOT_IT, MISSED, PARTLY, MISSED]
    flat = repr(record)
    assert not any("\u3040" <= ch <= "\u9fff" for ch in flat)  # no Japanese (nor any sentence) in it
    assert debrief_of(record) == result


def test_a_damaged_record_reads_back_as_what_can_be_read(kb: KnowledgeBase) -> None:
    record = {"questions": [{"id": "bias_variance", "covered": [0, 99], "key_points": 6, "seconds": 3}, "junk"],
              "missed_points": [{"id": 5}], "practise_next": ["bias_variance", 7], "completed": "yes"}  # fmt: skip
    result = debrief_of(record)
    assert result.answers == () and result.missed_points == () and result.practise_next == ("bias_variance",)
    assert not result.completed
    assert "no debrief" in text_of(render_debrief(kb, result, "en"))


# -- views and the study sheet ---------------------------------------------------------------


def test_timer_and_clock() -> None:
    assert clock_text(0) == "0:00" and clock_text(65.7) == "1:05" and clock_text(725) == "12:05"
    assert timer_text(42, 360, "en").strip() == "⏱ Time 0:42 of 6:00"
    assert "over time" in timer_text(361, 360, "en")
    assert "経過 0:42／目安 6:00" in timer_text(42, 360, "ja")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_debrief_view_in_both_languages_fits_80_columns(kb: KnowledgeBase, lang: str) -> None:
    plan, answers = sample(kb)
    shown = text_of(render_debrief(kb, debrief(kb, plan, answers, now=NOW), lang))  # type: ignore[arg-type]
    headings = {
        "en": ["Mock interview debrief", "What went well", "Key points missed most", "Practise next"],
        "ja": ["模擬面接の講評", "よかった点", "よく抜けるポイント", "次に練習する質問"],
    }[lang]
    for heading in headings:
        assert heading in shown
    assert all(len(line) <= 80 for line in shown.splitlines())
    for line in shown.splitlines():
        assert not line.strip("│ ").startswith(("、", "。")), line
    if lang == "ja":
        assert "Key points" not in shown and "What went" not in shown


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_study_sheet_has_the_debrief_and_every_key_point_ticked(kb: KnowledgeBase, lang: str) -> None:
    plan, answers = sample(kb)
    result = debrief(kb, plan, answers, now=NOW)  # type: ignore[arg-type]
    sheet = debrief_markdown(kb, result, NOW, lang)  # type: ignore[arg-type]
    assert sheet.startswith("# ")
    assert sheet.count("\n### ") == 4
    ticked = sheet.count("- [x] ")
    assert ticked == sum(len(a.covered) for a in answers)
    assert sheet.count("- [ ] ") == sum(a.key_points - len(a.covered) for a in answers)
    assert f"`{result.practise_next[0]}`" in sheet
    for answered in answers:
        assert kb.questions[answered.question_id].question(lang)[:12] in sheet  # type: ignore[arg-type]


# -- the command -----------------------------------------------------------------------------


def spawn(home: Path, *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "mlcareer", "interview", "--mock", *args],
        env=child_env(home),
        encoding="utf-8",
        dimensions=(40, 100),
        timeout=30,
    )


def saved(home: Path) -> tuple[list[tuple[str, str]], list[dict[str, object]]]:
    with Store(home / "mlcareer.db") as store:
        return [(r.question_id, r.rating) for r in store.ratings()], [m.record for m in store.mocks()]


def test_without_a_terminal_the_mock_interview_exits_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mlcareer", "interview", "--mock", "--lang", "en"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=child_env(tmp_path),
        timeout=60,
    )
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr and "--export md" in result.stderr
    assert not (tmp_path / "mlcareer.db").exists()


def test_pseudo_terminal_whole_mock_interview_then_the_study_sheet(cli: Cli, tmp_path: Path) -> None:
    child = spawn(tmp_path, "-n", "3", "--minutes", "9", "-s", "computer_vision", "--level", "beginner", "--lang", "en")
    child.expect(r"\[1/3\] opening question · about 3:00")
    child.expect("Your answer:")
    child.expect(r"Time 0:0\d of 3:00")  # the timer runs while the person answers
    child.send("I have been learning since last year\r")
    child.expect("Key points: tick the ones you covered")
    child.expect("Which points did you cover")
    child.send(" \r")  # tick the first point only
    child.expect(r"\[2/3\] field question")
    child.expect("Your answer:")
    child.send("\r")
    child.expect("Which points did you cover")
    child.send("a\r")  # all of them
    child.expect(r"\[3/3\] closing: your questions")
    child.expect("Your answer:")
    child.send("\r")
    child.expect("Which points did you cover")
    child.send("\r")  # none
    child.expect("Mock interview debrief")
    child.expect("What went well")
    child.expect("Key points missed most")
    child.expect("Practise next")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    ratings, mocks = saved(tmp_path)
    assert [r for _q, r in ratings] == [MISSED, GOT_IT, MISSED]
    assert len(mocks) == 1 and mocks[0]["completed"] is True
    assert [q["role"] for q in mocks[0]["questions"]] == [OPENER, FIELD, CLOSING]  # type: ignore[index]
    field = mocks[0]["questions"][1]["id"]  # type: ignore[index]
    assert field in {
        "cnn_basics",
        "detection_metrics",
        "image_augmentation",
        "transfer_learning_small_data",
        "segmentation_types",
    }

    result = cli("interview", "--export", "md", "--lang", "ja", env={"MLCAREER_HOME": str(tmp_path)})
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.startswith("# 模擬面接の学習シート") and "- [x] " in result.stdout and "- [ ] " in result.stdout
    )
    out = tmp_path / "sheet.md"
    again = cli("interview", "--export", "md", "-o", str(out), env={"MLCAREER_HOME": str(tmp_path)})
    assert again.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# Mock interview: study sheet")
    refused = cli("interview", "--export", "md", "-o", str(out), env={"MLCAREER_HOME": str(tmp_path)})
    assert refused.exit_code != 0  # an existing file needs --force


def test_pseudo_terminal_ctrl_c_mid_way_keeps_what_was_rated(tmp_path: Path) -> None:
    child = spawn(tmp_path, "-n", "4", "--lang", "ja")
    child.expect(r"\[1/4\] 冒頭の質問")
    child.expect("あなたの回答:")
    child.send("\r")
    child.expect("話せたポイントは")
    child.send("a\r")
    child.expect(r"\[2/4\] 分野の質問")
    child.expect("あなたの回答:")
    child.send("途中まで")
    child.sendintr()
    child.expect("中止しました。それまでの1問の回答と講評は保存済みです")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    ratings, mocks = saved(tmp_path)
    assert len(ratings) == 1 and ratings[0][1] == GOT_IT
    assert len(mocks) == 1 and mocks[0]["completed"] is False and len(mocks[0]["questions"]) == 1  # type: ignore[arg-type]


def test_pseudo_terminal_ctrl_c_at_once_saves_nothing(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--lang", "en")
    child.expect("Your answer:")
    child.sendintr()
    child.expect("Cancelled, nothing saved.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert saved(tmp_path) == ([], [])


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--mock", "--list"], "--mock does not go with"),
        (["--mock", "--topic", "llm"], "--mock does not go with"),
        (["--minutes", "10"], "--minutes goes with --mock"),
        (["--export", "pdf"], "--export takes md"),
        (["-o", "x.md"], "--output goes with --export md"),
    ],
)
def test_option_mistakes_are_usage_errors(cli: Cli, args: list[str], needle: str) -> None:
    result = cli("interview", *args, "--lang", "en")
    assert result.exit_code == EXIT_USAGE and needle in result.output


def test_exporting_before_any_mock_interview_says_how_to_start(cli: Cli, tmp_path: Path) -> None:
    result = cli("interview", "--export", "md", "--lang", "en")
    assert result.exit_code == 1 and "mlcareer interview --mock" in result.output


def test_history_lists_the_mock_interviews(cli: Cli, kb: KnowledgeBase, tmp_path: Path) -> None:
    import json

    plan, answers = sample(kb)
    result = debrief(kb, plan, answers, now=NOW)  # type: ignore[arg-type]
    with Store.open_default(os.environ["MLCAREER_HOME"]) as store:
        store.save_mock(record_of(plan, result), NOW)  # type: ignore[arg-type]
        store.save_mock(record_of(plan, result), NOW + timedelta(days=1))  # type: ignore[arg-type]
    covered = sum(len(a.covered) for a in answers)
    total = sum(a.key_points for a in answers)
    shown = cli("history", "--lang", "en", env={"COLUMNS": "120"})
    assert shown.exit_code == 0, shown.output
    assert f"Mock interviews: 2. Latest 2026-03-03: {covered} of {total} key points." in shown.stdout
    ja = cli("history", "--lang", "ja", env={"COLUMNS": "120"})
    assert f"模擬面接: 2回。最新（2026-03-03）は{total}点中{covered}点でした。" in ja.stdout
    data = json.loads(cli("history", "--json").stdout)
    assert [m["points_covered"] for m in data["mock_interviews"]] == [covered, covered]
    assert data["mock_interviews"][0]["level"] == "mid" and data["assessments"] == []
