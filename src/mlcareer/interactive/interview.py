"""The interactive interview practice. With quiz.py, the only modules that import questionary.

For each question: show it, let the person type an answer (or just think and press Enter), reveal the
key points, ask for a self-rating and save it at once, so that stopping later keeps it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

import questionary
from questionary import Choice
from rich.console import Console

from mlcareer.domain.interview import RATINGS, PracticeItem, RatedQuestion, rate
from mlcareer.domain.model import KnowledgeBase
from mlcareer.i18n import Lang, _
from mlcareer.render.terminal.interview import rating_label, render_key_points, render_question

SaveRating = Callable[[str, str, datetime], None]


class InterviewSession:
    """One practice session. `rated` holds what was rated and saved so far, also after a Ctrl-C."""

    def __init__(
        self,
        kb: KnowledgeBase,
        items: Sequence[PracticeItem],
        lang: Lang,
        *,
        save: SaveRating,
        clock: Callable[[], datetime],
        console: Console,
    ) -> None:
        self.kb = kb
        self.items = list(items)
        self.lang = lang
        self.save = save
        self.clock = clock
        self.console = console
        self.rated: list[RatedQuestion] = []

    def run(self) -> list[RatedQuestion]:
        """Ask every question in turn. Ctrl-C raises KeyboardInterrupt (unsafe_ask) for the CLI to handle."""
        total = len(self.items)
        for number, item in enumerate(self.items, 1):
            self.console.print(render_question(self.kb, item, number, total, self.lang))
            answer = self.ask_answer()
            self.console.print(render_key_points(item.question, answer, self.lang))
            rating = self.ask_rating()
            when = self.clock()
            self.save(item.question.id, rating, when)
            self.rated.append(RatedQuestion(item.question, answer, rating, when, rate(item.schedule, rating, when)))
            self.console.print()
        return self.rated

    def ask_answer(self) -> str:
        lang = self.lang
        # Erased when done: the terminal would cut a long answer anywhere (LL / M), and the key
        # points panel shows it again, broken at phrases.
        answer = questionary.text(_("Your answer:", lang), erase_when_done=True).unsafe_ask()
        return str(answer or "").strip()

    def ask_rating(self) -> str:
        lang = self.lang
        choices = [Choice(rating_label(lang, name), name, shortcut_key=str(n)) for n, name in enumerate(RATINGS, 1)]
        rating = questionary.select(
            _("How did you do?", lang),
            choices=choices,
            use_shortcuts=True,
            instruction=_("(1-3 or arrow keys, then Enter)", lang),
        ).unsafe_ask()
        return str(rating)
