"""One answer as the person reads it: choice labels, yes or no, numbers with their unit.

Shared by the quiz's review screen and `history --compare`, so an answer reads the same in both.
"""

from __future__ import annotations

from typing import Any

from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.quiz import QuizQuestion
from mlcareer.i18n import Lang, _


def describe(kb: KnowledgeBase, question: QuizQuestion, value: Any, lang: Lang, *, whole: bool = False) -> str:
    """`whole`: every choice of a multi answer; otherwise the first and how many more (one line each)."""
    if value is None or value == []:
        return _("(none)", lang)
    if question.kind == "yes_no":
        return yes_no(bool(value), lang)
    if question.kind in ("single", "multi"):
        labels = {c.id: c.label(lang) for c in question.choices}
        values = value if isinstance(value, list) else [value]
        shown_count = len(values) if whole else 1  # one label per line: long labels would run off the screen
        shown = _(", ", lang).join(labels.get(str(v), str(v)) for v in values[:shown_count])
        extra = len(values) - shown_count
        return shown + (_(" +{extra} more", lang).format(extra=extra) if extra else "")
    if question.kind == "skills":
        names = [kb.skills[s].name(lang) if s in kb.skills else str(s) for s in value]
        more = _(" +{count} more", lang).format(count=len(names) - 4) if len(names) > 4 else ""
        return _(", ", lang).join(names[:4]) + more
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)  # a saved answer the question's kind no longer fits
    if question.id in ("current_salary", "target_salary"):
        from mlcareer.render.phrases import money

        return money(lang, int(value))
    unit = (question.unit(lang) if lang == "ja" else f" {question.unit(lang)}") if question.unit else ""
    if lang == "en" and value == 1 and unit.endswith("s"):
        unit = unit[:-1]  # "1 year", "1 hour"
    return f"{value:g}{unit}" if isinstance(value, float) else f"{value}{unit}"


def yes_no(value: bool, lang: Lang) -> str:
    return _("Yes", lang) if value else _("No", lang)


def describe_retired(value: Any, lang: Lang) -> str:
    """An answer to a question questions.yaml no longer has: its ids and numbers as saved."""
    if value is None or value == []:
        return _("(none)", lang)
    if isinstance(value, bool):
        return yes_no(value, lang)
    if isinstance(value, list):
        return _(", ", lang).join(str(v) for v in value)
    return str(value)
