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
    }
    child = pexpect.spawn(
        sys.executable, ["-m", "mlcareer", *args], env=env, encoding="utf-8", timeout=30, dimensions=(50, columns)
    )
    return child


def test_the_whole_quiz_in_a_terminal(tmp_path: Path) -> None:
    child = spawn(tmp_path, "assess", "--lang", "en")
    child.expect_exact("[1/8]")
    child.send(DOWN + DOWN + DOWN + ENTER)  # sier_engineer
    child.expect_exact("[2/8]")
    child.send("6" + ENTER)
    child.expect_exact("[3/8]")
    child.send("1" + ENTER)
    child.expect_exact("[4/8]")
    child.send("docker")
    child.send(" ")
    child.send(ENTER)
    child.expect_exact("[5/8]")
    child.send(DOWN + " " + ENTER)  # ml_infrastructure
    child.expect_exact("[6/8]")
    child.send(ENTER)
    child.expect_exact("[7/8]")
    child.send(ENTER)
    child.expect_exact("[8/8]")
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
    child.expect_exact("[1/8]")
    child.send(ENTER)
    child.expect_exact("[2/8]")
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
