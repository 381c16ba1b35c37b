"""The mock interview on screen and on paper: a question's header, its key points, the debrief, and the
debrief with every key point as a Markdown study sheet. Builds things to print; never prints."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RichText

from mlcareer.domain.mock import CLOSING, OPENER, Debrief, MockAnswer
from mlcareer.domain.model import KnowledgeBase
from mlcareer.i18n import Lang, _, ngettext
from mlcareer.render.terminal.lookups import bullet_list


def clock_text(seconds: float) -> str:
    """m:ss, e.g. 6:00 or 12:05."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def timer_text(elapsed: float, budget: int, lang: Lang) -> str:
    """The line under the answer box, refreshed while the person answers."""
    shown = _("Time {elapsed} of {budget}", lang).format(elapsed=clock_text(elapsed), budget=clock_text(budget))
    if elapsed > budget:
        shown += _(" · over time: wrap up", lang)
    return " ⏱ " + shown + " "


def _role_name(role: str, lang: Lang) -> str:
    if role == OPENER:
        return _("opening question", lang)
    if role == CLOSING:
        return _("closing: your questions", lang)
    return _("field question", lang)


def _question_text(kb: KnowledgeBase, question_id: str, lang: Lang) -> str:
    question = kb.questions.get(question_id)
    return question.question(lang) if question is not None else question_id


def render_mock_question(
    kb: KnowledgeBase, question_id: str, role: str, number: int, total: int, budget: int, lang: Lang
) -> RenderableType:
    question = kb.questions[question_id]
    title = _("[{number}/{total}] {role} · about {budget}", lang).format(
        number=number, total=total, role=_role_name(role, lang), budget=clock_text(budget)
    )
    panel = Panel(
        RichText(question.question(lang), style="bold"),
        title=RichText(title),
        title_align="left",
        border_style="magenta",
        padding=(1, 2),
    )
    hint = RichText(
        _("Answer as you would aloud (type it, or just say it), then press Enter. The timer is on the right.", lang),
        style="dim",
    )
    return Group(panel, hint)


def render_numbered_points(
    kb: KnowledgeBase, question_id: str, elapsed: float, budget: int, lang: Lang
) -> RenderableType:
    question = kb.questions[question_id]
    points = Table(box=None, show_header=False, padding=(0, 1, 0, 0), pad_edge=False)
    points.add_column(justify="right", no_wrap=True)
    points.add_column(overflow="fold")
    for number, point in enumerate(question.key_points, 1):
        points.add_row(f"{number}.", point(lang))
    took = _("You took {elapsed} (about {budget} allowed).", lang).format(
        elapsed=clock_text(elapsed), budget=clock_text(budget)
    )
    return Panel(
        Group(RichText(took, style="dim"), points),
        title=RichText(_("Key points: tick the ones you covered", lang)),
        title_align="left",
        border_style="green",
        padding=(0, 1),
    )


def _missed_lines(kb: KnowledgeBase, result: Debrief, lang: Lang) -> list[str]:
    lines = []
    for missed in result.missed_points:
        question = kb.questions.get(missed.question_id)
        if question is None or missed.point >= len(question.key_points):
            continue
        line = question.key_points[missed.point](lang)
        if missed.times > 1:
            line += _(" (missed {times} times)", lang).format(times=missed.times)
        lines.append(line)
    return lines


def _well_lines(kb: KnowledgeBase, result: Debrief, lang: Lang) -> list[str]:
    lines = [
        _("Every key point: {question}", lang).format(question=_question_text(kb, qid, lang))
        for qid in result.went_well
    ]
    if result.strongest is not None:
        answer = next(a for a in result.answers if a.question_id == result.strongest)
        lines.append(
            _("Your strongest answer ({covered} of {total} points): {question}", lang).format(
                covered=len(answer.covered),
                total=answer.key_points,
                question=_question_text(kb, answer.question_id, lang),
            )
        )
    if result.answers:
        lines.append(
            _("Within the time: {within} of {answered} answers (about {budget} each).", lang).format(
                within=result.within_time, answered=len(result.answers), budget=clock_text(result.seconds_per_question)
            )
        )
    return lines


def render_debrief(kb: KnowledgeBase, result: Debrief, lang: Lang) -> RenderableType:
    """The three parts of the debrief, and the score line of each answer."""
    if not result.answers:
        return RichText(_("No question was answered, so there is no debrief.", lang))
    parts: list[RenderableType] = []
    if not result.completed:
        parts.append(RichText(_("Stopped early: this covers the answers given.", lang), style="yellow"))
    scores = [
        _("{covered}/{total} points · {elapsed} · {question}", lang).format(
            covered=len(a.covered),
            total=a.key_points,
            elapsed=clock_text(a.seconds),
            question=_question_text(kb, a.question_id, lang),
        )
        for a in result.answers
    ]
    sections = [
        (_("Your answers", lang), scores),
        (
            _("What went well", lang),
            _well_lines(kb, result, lang) or [_("Nothing complete yet: that is what practice is for.", lang)],
        ),
        (
            _("Key points missed most", lang),
            _missed_lines(kb, result, lang) or [_("None: you covered every point.", lang)],
        ),
        (
            _("Practise next", lang),
            [
                _("{question} ({id})", lang).format(question=_question_text(kb, qid, lang), id=qid)
                for qid in result.practise_next
            ]
            or [_("Nothing left at this level.", lang)],
        ),
    ]
    for heading, lines in sections:
        parts += [RichText(heading, style="bold"), bullet_list(lines, indent=1), RichText("")]
    parts.append(
        RichText(
            _("Saved to your history. As a study sheet: mlcareer interview --export md -o mock.md", lang), style="dim"
        )
    )
    return Panel(Group(*parts), title=RichText(_("Mock interview debrief", lang)), title_align="left", padding=(0, 1))


def debrief_markdown(kb: KnowledgeBase, result: Debrief, when: datetime, lang: Lang) -> str:
    """The debrief and every question's key points, ticked as covered or not: a sheet to study from."""
    from mlcareer.render.export import md_escape, source_line

    lines = [
        "# " + _("Mock interview: study sheet", lang),
        "",
        _("Taken {date}.", lang).format(date=when.astimezone().strftime("%Y-%m-%d %H:%M")),
    ]
    if not result.completed:
        lines.append(_("Stopped early: this covers the answers given.", lang))
    for heading, items in (
        (_("What went well", lang), [md_escape(line) for line in _well_lines(kb, result, lang)]),
        (_("Key points missed most", lang), [md_escape(line) for line in _missed_lines(kb, result, lang)]),
        (
            _("Practise next", lang),
            [
                _("{question} ({id})", lang).format(question=md_escape(_question_text(kb, q, lang)), id=f"`{q}`")
                for q in result.practise_next
            ],
        ),
    ):
        lines += ["", "## " + heading, ""]
        lines += [f"- {item}" for item in items] or ["- " + _("None.", lang)]
    lines += ["", "## " + _("The questions and their key points", lang)]
    for number, answer in enumerate(result.answers, 1):
        lines += _question_markdown(kb, number, answer, lang)
    lines += ["", "---", "", md_escape(source_line(kb, lang)), ""]
    return "\n".join(lines)


def _question_markdown(kb: KnowledgeBase, number: int, answer: MockAnswer, lang: Lang) -> list[str]:
    from mlcareer.render.export import md_escape

    question = kb.questions.get(answer.question_id)
    if question is None:
        return ["", f"### {number}. `{answer.question_id}`", "", _("(This question is no longer in the data.)", lang)]
    lines = [
        "",
        f"### {number}. {md_escape(question.question(lang))}",
        "",
        _("{covered} of {total} points, {elapsed}.", lang).format(
            covered=len(answer.covered), total=answer.key_points, elapsed=clock_text(answer.seconds)
        ),
        "",
    ]
    same = answer.key_points == len(question.key_points)
    for index, point in enumerate(question.key_points):
        tick = "x" if same and index in answer.covered else " "
        lines.append(f"- [{tick}] {md_escape(point(lang))}")
    return lines


def render_mock_history(mocks: Sequence[tuple[datetime, dict[str, Any]]], lang: Lang) -> RenderableType:
    """The line under `history`: how many mock interviews, how the latest went, how to see it again."""
    from mlcareer.domain.mock import mock_summary

    if not mocks:
        return RichText(_("No mock interview yet: mlcareer interview --mock", lang), style="dim")
    when, record = mocks[0]
    latest = mock_summary(record)
    line = ngettext(
        "Mock interviews: 1. Latest {date}: {covered} of {total} key points.",
        "Mock interviews: {count}. Latest {date}: {covered} of {total} key points.",
        len(mocks),
        lang,
    ).format(
        count=len(mocks),
        date=when.astimezone().strftime("%Y-%m-%d"),
        covered=latest["points_covered"],
        total=latest["points_total"],
    )
    return RichText(line + _(" As a study sheet: mlcareer interview --export md", lang), style="dim")
