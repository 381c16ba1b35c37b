"""`mlcareer assess --cv FILE`: the CV's skills pre-selected in the quiz, or added to an answers file."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Cli
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.quiz import Quiz
from mlcareer.interactive.quiz import run_quiz

from posting_scores import FIXTURES

DOWN, ENTER, SPACE = "\x1b[B", "\r", " "


@pytest.fixture(autouse=True)
def _no_cursor_position_requests() -> Iterator[None]:
    os.environ["PROMPT_TOOLKIT_NO_CPR"] = "1"
    yield


def drive(kb: KnowledgeBase, quiz: Quiz, keys: list[str], preset: dict[str, Any]) -> dict[str, Any]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        for key in keys:
            pipe.send_text(key)
        return run_quiz(kb, quiz, "en", preset)


def _quiz(skills_pages: list[str]) -> list[str]:
    return [
        DOWN + ENTER,  # background
        "4" + ENTER,  # years of experience
        "1" + ENTER,  # ML years
        *skills_pages,
        SPACE + ENTER,  # interests: the first one
        ENTER,  # industries: none
        ENTER,  # weekly hours: the default
        ENTER,  # current salary: none
        ENTER,  # target salary: none
        ENTER,  # review: show my result
    ]


def test_the_cv_skills_come_pre_selected_and_the_person_confirms_them(kb: KnowledgeBase, quiz: Quiz) -> None:
    # The programming area is ticked already; its page has Python and SQL ticked: Enter twice keeps them.
    answers = drive(kb, quiz, _quiz([ENTER, ENTER]), {"skills": ["python", "sql"]})
    assert answers["skills"] == ["python", "sql"]


def test_the_person_can_remove_a_skill_the_cv_named(kb: KnowledgeBase, quiz: Quiz) -> None:
    answers = drive(kb, quiz, _quiz([ENTER, SPACE + ENTER]), {"skills": ["python", "sql"]})  # untick Python, the first
    assert answers["skills"] == ["sql"]


ANSWERS = "background: web_engineer\nyears_experience: 5\nml_years: 1\nskills: [git]\ninterests: [llm_apps]\n"


def test_an_answers_file_gets_the_cv_skills_added(tmp_path: Path, cli: Cli) -> None:
    answers = tmp_path / "me.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    cv = str(FIXTURES / "cv_ja_web_engineer.md")
    result = cli("assess", "--answers", str(answers), "--cv", cv, "--json", "--no-save")
    assert result.exit_code == 0, result.output
    skills = json.loads(result.stdout)["answers"]["skills"]
    assert skills[0] == "git"  # what the file lists comes first
    assert {"python", "fastapi", "sql", "docker", "pandas", "scikit_learn"} <= set(skills)
    assert "Found 11 skills in" in result.stderr


def test_cv_errors(tmp_path: Path, cli: Cli) -> None:
    answers = tmp_path / "me.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    empty = tmp_path / "cv.txt"
    empty.write_text("", encoding="utf-8")
    bad = cli("assess", "--answers", str(answers), "--cv", str(empty), "--no-save")
    assert bad.exit_code == 1 and "empty" in bad.output
    batch = tmp_path / "cohort.yaml"
    batch.write_text(
        f"- {{{ANSWERS.strip().replace(chr(10), ', ')}}}\n- {{{ANSWERS.strip().replace(chr(10), ', ')}}}\n"
    )
    both = cli("assess", "--answers", str(batch), "--cv", str(FIXTURES / "cv_en_data_analyst.txt"))
    assert both.exit_code == 2 and "not with a batch" in both.output
