"""The quiz driven by keystrokes through prompt_toolkit's pipe input, as a person would type them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.quiz import Quiz
from mlcareer.interactive.quiz import run_quiz
from mlcareer.loading.answers import parse_answers

DOWN, ENTER, SPACE, CTRL_C = "\x1b[B", "\r", " ", "\x03"


@pytest.fixture(autouse=True)
def _no_cursor_position_requests() -> Iterator[None]:
    os.environ["PROMPT_TOOLKIT_NO_CPR"] = "1"
    yield


def drive(kb: KnowledgeBase, quiz: Quiz, keys: list[str], lang: str = "en") -> dict[str, Any]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        for key in keys:
            pipe.send_text(key)
        return run_quiz(kb, quiz, lang)  # type: ignore[arg-type]


BASE = [
    DOWN + ENTER,  # 1 background: web_engineer (second choice)
    "4" + ENTER,  # 2 years of experience
    "1" + ENTER,  # 3 ML years
    DOWN * 7 + SPACE + ENTER,  # 4 skills, first the areas: "Deep learning frameworks"
    SPACE + ENTER,  #   then that area's page: PyTorch, its first skill
    SPACE + ENTER,  # 5 interests: the first one
    ENTER,  # 6 industries: none
    ENTER,  # 7 weekly hours: keep the default
    "600" + ENTER,  # 8 current salary
    "1000" + ENTER,  # 9 target salary
]


def test_a_whole_quiz_gives_valid_answers(kb: KnowledgeBase, quiz: Quiz) -> None:
    answers = drive(kb, quiz, [*BASE, ENTER])  # review: show my result
    assert answers == {
        "background": "web_engineer",
        "years_experience": 4,
        "ml_years": 1,
        "skills": ["pytorch"],
        "interests": ["llm_apps"],
        "industries": [],
        "weekly_hours": 10,
        "current_salary": 600,
        "target_salary": 1000,
    }
    parsed = parse_answers(kb, quiz, answers)
    assert parsed.skills == ("pytorch",)


def test_numbers_are_validated_as_they_are_typed(kb: KnowledgeBase, quiz: Quiz) -> None:
    keys = [DOWN + ENTER, "four" + ENTER, "\x7f" * 4 + "99" + ENTER, "\x7f" * 2 + "4" + ENTER, *BASE[2:], ENTER]
    answers = drive(kb, quiz, keys)
    assert answers["years_experience"] == 4  # "four" and 99 (over the maximum of 50) were refused


def test_a_typed_number_replaces_the_default_rather_than_adding_to_it(kb: KnowledgeBase, quiz: Quiz) -> None:
    # The default (10 hours) is offered, not typed into the field: "8" is 8, never 108.
    keys = [*BASE[:7], "8" + ENTER, *BASE[8:], ENTER]
    assert drive(kb, quiz, keys)["weekly_hours"] == 8


def test_enter_keeps_the_current_answer_when_changing_it_in_the_review(kb: KnowledgeBase, quiz: Quiz) -> None:
    change_ml_years = DOWN * 3 + ENTER
    assert drive(kb, quiz, [*BASE, change_ml_years, ENTER, ENTER])["ml_years"] == 1


def test_interests_need_at_least_one(kb: KnowledgeBase, quiz: Quiz) -> None:
    keys = [*BASE[:5], ENTER, SPACE + ENTER, *BASE[6:], ENTER]  # Enter with nothing ticked is refused
    assert drive(kb, quiz, keys)["interests"] == ["llm_apps"]


def test_optional_target_salary_can_be_left_empty(kb: KnowledgeBase, quiz: Quiz) -> None:
    answers = drive(kb, quiz, [*BASE[:9], ENTER, ENTER])
    assert "target_salary" not in answers


def test_optional_current_salary_can_be_left_empty_and_is_checked_like_the_target(
    kb: KnowledgeBase, quiz: Quiz
) -> None:
    # 150 is under the floor of 200万円 the target has too: refused, then skipped with Enter.
    answers = drive(kb, quiz, [*BASE[:8], "150" + ENTER, "\x7f" * 3 + ENTER, BASE[9], ENTER])
    assert "current_salary" not in answers and answers["target_salary"] == 1000


def test_review_lets_the_person_change_an_answer(kb: KnowledgeBase, quiz: Quiz) -> None:
    # In the review list: "Show my result", then the answers in quiz order (the separator is skipped).
    change_ml_years = DOWN * 3 + ENTER
    answers = drive(kb, quiz, [*BASE, change_ml_years, "\x7f" + "3" + ENTER, ENTER])
    assert answers["ml_years"] == 3
    assert answers["years_experience"] == 4


def test_japanese_quiz_reads_the_same_ids(kb: KnowledgeBase, quiz: Quiz) -> None:
    assert drive(kb, quiz, [*BASE, ENTER], lang="ja")["background"] == "web_engineer"


def test_ctrl_c_raises_keyboard_interrupt_for_the_cli_to_turn_into_exit_130(kb: KnowledgeBase, quiz: Quiz) -> None:
    with pytest.raises(KeyboardInterrupt):
        drive(kb, quiz, [DOWN + ENTER, "4" + ENTER, CTRL_C])


def test_ml_years_cannot_exceed_years_of_work_while_typing(kb: KnowledgeBase, quiz: Quiz) -> None:
    keys = [DOWN + ENTER, "2" + ENTER, "5" + ENTER, "\x7f" + "2" + ENTER, *BASE[3:], ENTER]
    answers = drive(kb, quiz, keys)
    assert (answers["years_experience"], answers["ml_years"]) == (2, 2)  # 5 was refused


def test_review_catches_answers_that_no_longer_agree(kb: KnowledgeBase, quiz: Quiz) -> None:
    # Lower the years of work below the ML years on the review screen: "Show my result" is refused
    # with the problem shown, until the ML years are fixed too.
    change_years = DOWN * 2 + ENTER
    change_ml_years = DOWN * 3 + ENTER
    keys = [*BASE, change_years, "\x7f" + "0" + ENTER, ENTER, change_ml_years, "\x7f" + "0" + ENTER, ENTER]
    answers = drive(kb, quiz, keys)
    assert (answers["years_experience"], answers["ml_years"]) == (0, 0)
