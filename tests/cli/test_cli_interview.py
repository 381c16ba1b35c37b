"""`mlcareer interview`: --list and --json through CliRunner, no terminal, and real pseudo-terminal runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pexpect
import pytest
from cli_runner import Cli, child_env

from mlcareer.domain.model import KnowledgeBase
from mlcareer.storage.store import Store


def questions_of(cli: Cli, *args: str) -> list[dict[str, Any]]:
    """The questions of `interview ARGS --json`; the command must succeed."""
    questions: list[dict[str, Any]] = cli.json("interview", *args)["questions"]
    return questions


def rate(*ratings: tuple[str, str, datetime]) -> None:
    with Store.open_default(os.environ["MLCAREER_HOME"]) as store:
        for question_id, rating, when in ratings:
            store.add_rating(question_id, rating, when)


# -- --json and --list -----------------------------------------------------------------------


def test_json_lists_every_question_with_its_contract(cli: Cli) -> None:
    questions = questions_of(cli)
    assert len(questions) == 71 and len({q["id"] for q in questions}) == 71
    assert [q["id"] for q in questions[:3]] == ["bias_variance", "attention_mechanism", "production_monitoring"]
    for q in questions:
        assert {"id", "topic", "specializations", "question", "key_points", "from_guide", "due", "status"} <= q.keys()
        assert q["key_points"] and all(isinstance(p, str) and p for p in q["key_points"])
        assert q["status"] == "new" and q["due"] is None
    assert sum(q["from_guide"] for q in questions) == 3


def test_json_filters_count_and_language(cli: Cli) -> None:
    mlops = questions_of(cli, "--specialization", "mlops")
    own = [q for q in mlops if q["specializations"]]
    assert own and all(q["specializations"] == ["mlops"] for q in own)
    assert mlops[: len(own)] == own  # its own questions first, then the general ones
    assert len(mlops) > len(own) and all(q["specializations"] == [] for q in mlops[len(own) :])
    llm = questions_of(cli, "--topic", "LLM", "-n", "2", "--lang", "ja")  # ids are matched ignoring case
    assert len(llm) == 2 and all(q["topic"] == "llm" for q in llm)
    assert any("\u3040" <= ch <= "\u30ff" for ch in llm[0]["question"])  # kana: the Japanese text


def test_json_reflects_saved_ratings(cli: Cli) -> None:
    now = datetime.now(UTC)
    rate(
        ("cross_validation", "got_it", now - timedelta(hours=1)),
        ("rag_design", "missed", now - timedelta(days=2)),
    )
    questions = questions_of(cli)
    assert questions[0]["id"] == "rag_design" and questions[0]["status"] == "due"
    assert questions[0]["last_rating"] == "missed"
    assert questions[-1]["id"] == "cross_validation" and questions[-1]["status"] == "later"
    due = datetime.fromisoformat(questions[-1]["due"])
    assert timedelta(days=1, hours=22) < due - now <= timedelta(days=2)  # FSRS: 2 days after a first good answer


def test_list_in_both_languages(cli: Cli) -> None:
    en = cli("interview", "--list", "--lang", "en", "-s", "computer_vision", "-n", "3")
    assert en.exit_code == 0, en.output
    assert "Interview questions (in practice order)" in en.stdout
    assert "detection_metrics" in en.stdout and "3 questions (0 due, 3 new, 0 later)" in en.stdout
    assert all(len(line) <= 80 for line in en.stdout.splitlines())
    ja = cli("interview", "--list", "--lang", "ja", "--topic", "behavioral")
    assert ja.exit_code == 0 and "面接練習の質問" in ja.stdout and "経験・行動に関する質問" in ja.stdout


def test_list_with_no_match_says_so(cli: Cli) -> None:
    result = cli("interview", "--list", "--topic", "llm", "--specialization", "mlops")
    assert result.exit_code == 0 and "No question matches" in result.stdout
    assert questions_of(cli, "--topic", "llm", "--specialization", "mlops") == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--topic", "llmm"], "Did you mean: llm"),
        (["--specialization", "mlop"], "Did you mean: mlops"),
        (["--count", "0", "--list"], "--count must be 1 or more"),
        (["--count", "-2"], "--count must be 1 or more"),
    ],
)
def test_usage_errors(args: list[str], expected: str, cli: Cli) -> None:
    result = cli("interview", *args)
    assert result.exit_code == 2
    assert expected in result.stderr


def test_help_documents_the_options(cli: Cli) -> None:
    result = cli("interview", "--help")
    assert result.exit_code == 0
    for option in ("--topic", "--specialization", "--count", "--list", "--json"):
        assert option in result.stdout
    assert "general" in result.stdout


# -- no terminal, and a real one -------------------------------------------------------------


def test_without_a_terminal_it_points_to_list_and_json(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mlcareer", "interview", "--lang", "en"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=child_env(tmp_path),
        timeout=60,
    )
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr and "--list" in result.stderr and "--json" in result.stderr
    assert not (tmp_path / "mlcareer.db").exists()  # nothing was opened, nothing saved


def spawn(home: Path, *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "mlcareer", "interview", *args],
        env=child_env(home),
        encoding="utf-8",
        dimensions=(40, 100),
        timeout=30,
    )


def saved_ratings(home: Path) -> list[tuple[str, str]]:
    with Store(home / "mlcareer.db") as store:
        return [(r.question_id, r.rating) for r in store.ratings()]


def test_pseudo_terminal_session_answers_and_rates(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--count", "1", "--lang", "en")
    child.expect("bias-variance trade-off")
    child.expect("Your answer:")
    child.send("it is about model complexity\r")
    child.expect("Key points")
    child.expect("How did you do")
    child.send("2")  # shortcut for "partly"
    child.send("\r")
    child.expect("Session done")
    child.expect("Partly 1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert saved_ratings(tmp_path) == [("bias_variance", "partly")]


def test_pseudo_terminal_ctrl_c_keeps_earlier_ratings(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--count", "2", "--lang", "en")
    child.expect("Your answer:")
    child.send("\r")
    child.expect("How did you do")
    child.send("3\r")  # missed
    child.expect(r"\[2/2\]")
    child.expect("Your answer:")
    child.sendintr()
    child.expect(r"Cancelled\. Kept the 1 rating you gave \(bias_variance\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert saved_ratings(tmp_path) == [("bias_variance", "missed")]


def test_ctrl_c_in_japanese_is_broken_at_phrases_at_80_columns(tmp_path: Path) -> None:
    """The terminal used to wrap the message itself, so a line began with 「。途中の質問は…」."""
    from japanese_output import kinsoku_violations
    from rich.cells import cell_len

    child = pexpect.spawn(
        sys.executable,
        ["-m", "mlcareer", "interview", "--count", "2", "--lang", "ja"],
        env={**child_env(tmp_path), "COLUMNS": "80"},
        encoding="utf-8",
        dimensions=(40, 80),
        timeout=30,
    )
    child.expect("あなたの回答:")
    child.send("\r")
    child.expect("自己評価は")
    child.send("2\r")
    child.expect(r"\[2/2\]")
    child.expect("あなたの回答:")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    tail = child.before.replace("\r", "").split("中止しました", 1)[1]
    lines = [line for line in ("中止しました" + tail).splitlines() if line.strip()]
    assert "".join(lines).endswith("途中の質問は保存していません。")
    assert len(lines) >= 2 and all(cell_len(line) < 80 for line in lines)
    assert kinsoku_violations("\n".join(lines)) == []


def test_pseudo_terminal_ctrl_c_at_once_saves_nothing(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--lang", "ja")
    child.expect("あなたの回答:")
    child.sendintr()
    child.expect("中止しました。何も保存していません。")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert saved_ratings(tmp_path) == []


def test_practice_defaults_to_the_last_assessed_field(
    kb: KnowledgeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    from mlcareer.cli.commands.interview import _assessed_field
    from mlcareer.storage.store import Store

    with Store(tmp_path / "m.db") as store:
        assert _assessed_field(kb, store, "en") is None  # nothing assessed yet: all fields
        store.save_assessment({}, {"specializations": [{"id": "mlops", "score": 70}]}, dt.datetime.now(dt.UTC))
        assert _assessed_field(kb, store, "en") == "mlops"
    assert "MLOps" in capsys.readouterr().err


def test_topics_accept_the_field_ids_people_already_know(cli: Cli) -> None:
    result = cli("interview", "--json", "--topic", "genai_llm", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    topics = {q["topic"] for q in json.loads(result.stdout)["questions"]}
    assert topics == {"llm"}
