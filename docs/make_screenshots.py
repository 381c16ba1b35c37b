"""Render the SVG screenshots in docs/ with Rich's own export, from the real views.

    python docs/make_screenshots.py

Re-run after changing a view or the data; the README shows the results.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from rich.console import Console, RenderableType

from mlcareer.cli.app import set_click_language
from mlcareer.domain.advisor import advise
from mlcareer.i18n import Lang
from mlcareer.loading.answers import parse_answers
from mlcareer.loading.knowledge import load_knowledge
from mlcareer.loading.rules import load_quiz_and_rules

HERE = Path(__file__).resolve().parent
ANSWERS = {
    "background": "web_engineer",
    "years_experience": 4,
    "ml_years": 1,
    "skills": ["Python", "Git", "NumPy", "pandas", "Scikit-learn", "machine learning basics", "SQL", "Docker"],
    "interests": ["ml_infrastructure", "llm_apps"],
    "industries": ["web_tech"],
    "weekly_hours": 10,
    "target_salary": 1000,
}


def save(name: str, title: str, renderable: RenderableType, width: int = 100) -> None:
    console = Console(record=True, width=width, color_system="truecolor", markup=False, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(renderable)
    console.save_svg(str(HERE / f"{name}.svg"), title=title)
    print(f"docs/{name}.svg")


def main() -> None:
    from mlcareer.render.terminal import lookups as views

    kb = load_knowledge()
    quiz, rules = load_quiz_and_rules(kb)
    result = advise(kb, rules, parse_answers(kb, quiz, ANSWERS))
    shots: list[tuple[str, str, Lang, Callable[[], RenderableType]]] = [
        ("assess-en", "mlcareer assess --lang en", "en", lambda: views.render_assessment(kb, result, "en")),
        ("assess-ja", "mlcareer assess --lang ja", "ja", lambda: views.render_assessment(kb, result, "ja")),
        ("roles-mid", "mlcareer roles --level mid", "en", lambda: views.render_roles(
            kb, [r for r in kb.roles.values() if "mid" in r.levels], "en")),
        ("market-ja", "mlcareer market --lang ja", "ja", lambda: views.render_market(kb, "ja")),
    ]  # fmt: skip
    from mlcareer.domain.interview import select_questions
    from mlcareer.domain.planner import build_plan
    from mlcareer.render.terminal.interview import render_question_list
    from mlcareer.render.terminal.plan import render_plan

    plan = build_plan(
        kb,
        result.top,
        result.level,
        frozenset(result.answers.skills),
        frozenset(),
        result.answers.weekly_hours,
        dt.date(2026, 12, 1),
    )
    shots.append(("roadmap-en", "mlcareer roadmap --lang en", "en", lambda: render_plan(kb, plan, "en")))
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    items = select_questions(kb, [], now, specialization="mlops", count=6)
    shots.append(
        (
            "interview-ja",
            "mlcareer interview --list -s mlops -n 6 --lang ja",
            "ja",
            lambda: render_question_list(kb, items, "ja"),
        )
    )
    from mlcareer.domain.matching import Person, match_posting
    from mlcareer.domain.posting import read_posting
    from mlcareer.loading.postings import read_source
    from mlcareer.render.terminal.match import render_match

    posting_file = "tests/postings/ja_llm_rag.md"
    source = read_source(str(HERE.parent / posting_file))
    person = Person(
        result.answers.skills, result.level, result.level_years, result.answers.weekly_hours, ANSWERS["target_salary"]
    )
    matched = match_posting(kb, rules, read_posting(kb, source.lines, source.numbers), person, dt.date(2026, 12, 1))
    shots.append(
        (
            "match-ja",
            f"mlcareer match {posting_file} --lang ja",
            "ja",
            lambda: render_match(kb, matched, "ja", posting_file),
        )
    )
    # As the CLI does: Japanese is laid out at BudouX phrases, English by Rich alone (installing the
    # Japanese layout cannot be undone, so the English shots come first).
    from mlcareer.render.terminal import linebreak

    for name, title, lang, make in sorted(shots, key=lambda shot: shot[2] == "ja"):
        if lang == "ja":
            linebreak.install()
        set_click_language(lang)
        save(name, title, make())


if __name__ == "__main__":
    main()
