"""The real thing: `mlcareer assess` in a pseudo-terminal, typed into as a person would."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pexpect
import pytest
from rich.cells import cell_len

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

DOWN, ENTER = "\x1b[B", "\r"


def spawn(home: Path, *args: str, columns: int = 100, no_color: bool = False) -> pexpect.spawn:
    env = {
        **os.environ,
        **({"NO_COLOR": "1"} if no_color else {}),
        "MLCAREER_HOME": str(home),
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "COLUMNS": str(columns),
        "LINES": "50",
        "TERM": "xterm",
        "MLCAREER_PAGER": "",  # the result is taller than the screen: no pager here (see test_pager.py)
    }
    child = pexpect.spawn(
        sys.executable, ["-m", "mlcareer", *args], env=env, encoding="utf-8", timeout=30, dimensions=(50, columns)
    )
    return child


def test_the_whole_quiz_in_a_terminal(tmp_path: Path) -> None:
    child = spawn(tmp_path, "assess", "--lang", "en")
    child.expect_exact("[1/9]")
    child.send(DOWN + DOWN + DOWN + ENTER)  # sier_engineer
    child.expect_exact("[2/9]")
    child.send("6" + ENTER)
    child.expect_exact("[3/9]")
    child.send("1" + ENTER)
    child.expect_exact("[4/9]")
    child.send(DOWN * 14 + " " + ENTER)  # the areas: "Infrastructure"
    child.expect_exact("1/1")
    child.send(" " + ENTER)  # Docker, the area's first skill
    child.expect_exact("[5/9]")
    child.send(DOWN + " " + ENTER)  # ml_infrastructure
    child.expect_exact("[6/9]")
    child.send(ENTER)
    child.expect_exact("[7/9]")
    child.send(ENTER)
    child.expect_exact("[8/9]")
    child.send(ENTER)
    child.expect_exact("[9/9]")
    child.send(ENTER)
    child.expect_exact("Review your answers")
    child.send(ENTER)
    child.expect_exact("Your result")
    child.expect_exact("MLOps")
    child.expect_exact("Your next three steps")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    db_files = list(tmp_path.glob("mlcareer.db*"))
    assert db_files, "the assessment was saved"


def test_ctrl_c_cancels_without_a_traceback_and_saves_nothing(tmp_path: Path) -> None:
    child = spawn(tmp_path, "assess", "--lang", "ja")
    child.expect_exact("[1/9]")
    child.send(ENTER)
    child.expect_exact("[2/9]")
    child.sendintr()
    child.expect_exact("中止しました。何も保存していません。")
    child.expect(pexpect.EOF)
    output = child.before or ""
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in output
    assert not (tmp_path / "mlcareer.db").exists()


@pytest.mark.parametrize("columns", [40, 200])
def test_result_in_a_narrow_and_a_wide_terminal(tmp_path: Path, columns: int) -> None:
    answers = tmp_path / "me.json"
    answers.write_text(json.dumps({"background": "student", "years_experience": 0, "ml_years": 0,
                                   "interests": ["vision"]}), encoding="utf-8")  # fmt: skip
    child = spawn(tmp_path, "assess", "--answers", str(answers), "--no-save", columns=columns, no_color=True)
    child.expect(pexpect.EOF)
    output = child.before or ""
    child.close()
    assert child.exitstatus == 0
    lines = [ANSI.sub("", line) for line in output.splitlines()]
    assert max(cell_len(line) for line in lines) <= columns  # nothing overflows the terminal
    plain = "\n".join(lines)
    assert "Best fit" in plain and "Traceback" not in plain
    if columns == 200:
        assert "Best fit: Computer vision" in plain  # a wide terminal keeps the headline on one line


def _answer_quiz(child: pexpect.spawn) -> None:
    child.expect_exact("[1/9]")
    child.send(DOWN + ENTER)  # web_engineer
    child.expect_exact("[2/9]")
    child.send("5" + ENTER)
    child.expect_exact("[3/9]")
    child.send("0" + ENTER)
    child.expect_exact("[4/9]")
    child.send(" " + ENTER)  # the areas: "Programming"
    child.expect_exact("1/1")
    child.send(" " + ENTER)  # Python
    child.expect_exact("[5/9]")
    child.send(" " + ENTER)  # llm_apps
    child.expect_exact("[6/9]")
    child.send(ENTER)
    child.expect_exact("[7/9]")
    child.send(ENTER)
    child.expect_exact("[8/9]")
    child.send(ENTER)
    child.expect_exact("[9/9]")
    child.send(ENTER)


def test_going_back_to_change_an_answer_changes_the_result(tmp_path: Path) -> None:
    child = spawn(tmp_path, "assess", "--lang", "en", "--json")
    _answer_quiz(child)
    child.expect_exact("Review your answers")
    child.send(DOWN * 3 + ENTER)  # "Years of ML / data work"
    child.expect_exact("[3/9]")
    child.send("\x7f" + "4" + ENTER)  # 0 -> 4 years of hands-on ML
    child.expect_exact("Review your answers")
    child.send(ENTER)
    child.expect(pexpect.EOF)
    output = child.before or ""
    child.close()
    assert child.exitstatus == 0
    document = json.loads(output[output.index("{") :])
    assert document["answers"]["ml_years"] == 4
    assert document["level"] == "mid"  # 4 years is the guide's mid band; 0 would have been beginner


def test_the_quiz_in_a_terminal_too_narrow_for_the_tables(tmp_path: Path) -> None:
    child = spawn(tmp_path, "assess", "--lang", "ja", "--no-save", columns=40, no_color=True)
    _answer_quiz(child)
    child.expect_exact("回答を確認してください")
    child.send(ENTER)
    child.expect_exact("次の3つのステップ")
    child.expect(pexpect.EOF)
    output = child.before or ""
    child.close()
    assert child.exitstatus == 0
    lines = [ANSI.sub("", line) for line in output.splitlines()]
    assert max(cell_len(line) for line in lines) <= 40
    assert "Traceback" not in output


def test_a_japanese_error_on_a_terminal_breaks_at_phrases(tmp_path: Path) -> None:
    """The terminal would cut a long line anywhere (パスを確かめるか、- で標 / 準入力); the message is
    broken to its width at phrases instead, so no line is wider than the screen."""
    sys.path.insert(0, str(Path(__file__).parent.parent))
    from japanese_output import kinsoku_violations

    child = spawn(tmp_path, "assess", "--answers", str(tmp_path / "missing.yaml"), "--lang", "ja", columns=60)
    child.expect(pexpect.EOF)
    lines = [ANSI.sub("", line) for line in child.before.replace("\r", "").splitlines() if line.strip()]
    assert len(lines) >= 3 and "".join(lines).startswith("エラー: 回答ファイル")
    assert [line for line in lines if cell_len(line) >= 60] == []
    assert kinsoku_violations("\n".join(lines)) == []
