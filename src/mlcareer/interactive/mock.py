"""The interactive mock interview. With quiz.py and interview_session.py, the only modules that import
questionary.

For each question: show it with the time allowed, take the answer while a timer runs in the bottom
line, show the key points and let the person tick those they covered. The review is saved at once,
so that stopping later keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import questionary
from questionary import Choice
from rich.cells import cell_len
from rich.console import Console

from mlcareer.domain.mock import MockAnswer, MockPlan
from mlcareer.domain.model import KnowledgeBase
from mlcareer.i18n import Lang, _
from mlcareer.render.terminal.mock import render_mock_question, render_numbered_points, timer_text

SaveReview = Callable[[str, str, datetime, int], None]
CHOICE_WIDTH = 60  # a choice line stays on one line in 80 columns, after the pointer and the box


def _short(text: str, width: int = CHOICE_WIDTH) -> str:
    if cell_len(text) <= width:
        return text
    cut = ""
    for char in text:
        if cell_len(cut + char) > width - 1:
            break
        cut += char
    return cut + "…"


class MockSession:
    """One mock interview. `answers` holds what was answered and saved so far, also after a Ctrl-C."""

    def __init__(
        self,
        kb: KnowledgeBase,
        plan: MockPlan,
        lang: Lang,
        *,
        save: SaveReview,
        clock: Callable[[], datetime],
        console: Console,
    ) -> None:
        self.kb = kb
        self.plan = plan
        self.lang = lang
        self.save = save
        self.clock = clock
        self.console = console
        self.answers: list[MockAnswer] = []

    def run(self) -> list[MockAnswer]:
        """Ask every question in turn. Ctrl-C raises KeyboardInterrupt (unsafe_ask) for the CLI to handle."""
        total = len(self.plan.items)
        budget = self.plan.seconds_per_question
        for number, (item, role) in enumerate(zip(self.plan.items, self.plan.roles, strict=True), 1):
            question = item.question
            self.console.print(render_mock_question(self.kb, question.id, role, number, total, budget, self.lang))
            started = self.clock()
            self.ask_answer(started, budget)
            elapsed = (self.clock() - started).total_seconds()
            self.console.print(render_numbered_points(self.kb, question.id, elapsed, budget, self.lang))
            covered = self.ask_covered(len(question.key_points))
            answer = MockAnswer(question.id, role, covered, len(question.key_points), round(elapsed))
            when = self.clock()
            self.save(question.id, answer.rating, when, round(elapsed * 1000))
            self.answers.append(answer)
            self.console.print()
        return self.answers

    def ask_answer(self, started: datetime, budget: int) -> str:
        def timer() -> str:
            return timer_text((self.clock() - started).total_seconds(), budget, self.lang)

        answer = questionary.text(_("Your answer:", self.lang), rprompt=timer, refresh_interval=0.5).unsafe_ask()
        return str(answer or "").strip()

    def ask_covered(self, count: int) -> tuple[int, ...]:
        question = self.kb.questions[self.plan.items[len(self.answers)].question.id]
        choices = [Choice(_short(f"{n}. {point(self.lang)}"), n - 1) for n, point in enumerate(question.key_points, 1)]
        message = _("Which points did you cover?", self.lang)
        picked = questionary.checkbox(
            message,
            choices=choices,
            instruction=_("(space to tick, a for all, Enter when done)", self.lang),
            erase_when_done=True,  # questionary's own answer line is English: "done (2 selections)"
        ).unsafe_ask()
        covered = tuple(sorted(int(i) for i in picked or [] if 0 <= int(i) < count))
        shown = _("{covered} of {total}", self.lang).format(covered=len(covered), total=count)
        if covered:
            numbers = _(", ", self.lang).join(str(i + 1) for i in covered)
            shown += _(" (points {numbers})", self.lang).format(numbers=numbers)
        questionary.print(f"? {message} ", style="bold", end="")
        questionary.print(shown, style="fg:ansicyan")
        return covered
