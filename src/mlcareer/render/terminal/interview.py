"""Rich renderables for interview practice: the question list, one question, its key points, the summary.

Like every view, these build things to print and never print.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RichText

from mlcareer.domain.interview import RATINGS, PracticeItem, RatedQuestion, Schedule, tally
from mlcareer.domain.model import KnowledgeBase, Question
from mlcareer.i18n import N_, Lang, _, ngettext
from mlcareer.render.terminal.lookups import bullet_list, name_and_id

_RATING_LABELS = {"got_it": N_("Got it"), "partly": N_("Partly"), "missed": N_("Missed")}
_RATING_STYLES = {"got_it": "green", "partly": "yellow", "missed": "red"}


def rating_label(lang: Lang, rating: str) -> str:
    return _(_RATING_LABELS[rating], lang)


_LEVEL_LABELS = {"beginner": N_("beginner"), "mid": N_("mid-level"), "senior": N_("senior")}


def level_label(lang: Lang, level: str) -> str:
    """A question's level in a word (the levels' full names are too long for a list line)."""
    return _(_LEVEL_LABELS[level], lang) if level in _LEVEL_LABELS else level


def _local_date(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d")


def next_review_text(lang: Lang, schedule: Schedule) -> str:
    """When a rated question comes back: next session (within the hour), or in so many days."""
    due, rated = schedule.due, schedule.last_rated
    if due is None or rated is None:
        return _("new", lang)
    if due - rated < timedelta(hours=1):
        return _("next session", lang)
    days = max(1, round((due - rated) / timedelta(days=1)))
    return ngettext("in {count} day ({date})", "in {count} days ({date})", days, lang).format(
        count=days, date=_local_date(due)
    )


def _due_cell(lang: Lang, item: PracticeItem) -> RichText:
    if item.status == "new":
        return RichText(_("new", lang))
    if item.status == "due":
        return RichText(_("due", lang), style="bold")
    due = item.schedule.due
    assert due is not None  # "later" means rated, so it has a due date
    return RichText(_local_date(due), style="dim")


def _specializations_cell(lang: Lang, question: Question, kb: KnowledgeBase | None = None) -> str:
    if not question.specializations:
        return _("general", lang)
    if kb is None:
        return ", ".join(question.specializations)
    return _(", ", lang).join(
        name_and_id(lang, kb.specializations[s].name(lang), s) if s in kb.specializations else s
        for s in question.specializations
    )


def _tags(lang: Lang, item: PracticeItem) -> str:
    tags = []
    if item.question.from_guide:
        tags.append(_("from the guide", lang))
    last = item.schedule.last_rating
    if last is None:
        tags.append(_("new", lang))
    else:
        tags.append(_("last time: {rating}", lang).format(rating=rating_label(lang, last).lower()))
    return " · ".join(tags)


def render_question_list(kb: KnowledgeBase, items: Sequence[PracticeItem], lang: Lang) -> RenderableType:
    """The questions in practice order, with when each is due (`mlcareer interview --list`).

    Each row is the question itself, then a dim line with its id, topic and specializations: the
    question gets the width, and the ids are there to use with --topic and --specialization.
    """
    if not items:
        return RichText(_("No question matches these filters. Without them: mlcareer interview --list", lang))
    table = Table(
        title=_("Interview questions (in practice order)", lang),
        box=box.SIMPLE_HEAD,
        title_justify="left",
        leading=1,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(_("Question / id · topic · for", lang), overflow="fold", ratio=1)
    table.add_column(_("Due", lang), no_wrap=True)
    for number, item in enumerate(items, 1):
        q = item.question
        about = " · ".join(
            (q.id, _topic_name(kb, lang, q.topic), level_label(lang, q.level), _specializations_cell(lang, q, kb))
        )
        table.add_row(str(number), RichText.assemble(q.question(lang), "\n", (about, "dim")), _due_cell(lang, item))
    counts = {status: sum(1 for i in items if i.status == status) for status in ("due", "new", "later")}
    footer = RichText(
        _("{count} questions ({due} due, {new} new, {later} later). Practise: mlcareer interview", lang).format(
            count=len(items), due=counts["due"], new=counts["new"], later=counts["later"]
        ),
        style="dim",
    )
    return Group(table, footer)


def _topic_name(kb: KnowledgeBase, lang: Lang, topic: str) -> str:
    return kb.topics[topic].name(lang) if topic in kb.topics else topic


def render_question(kb: KnowledgeBase, item: PracticeItem, number: int, total: int, lang: Lang) -> RenderableType:
    """One question as a panel (progress and topic in the title, where it stands below) and how to answer."""
    q = item.question
    panel = Panel(
        RichText(q.question(lang), style="bold"),
        title=RichText(f"[{number}/{total}] {_topic_name(kb, lang, q.topic)}"),
        title_align="left",
        subtitle=RichText(_tags(lang, item), style="dim"),
        subtitle_align="right",
        border_style="cyan",
        padding=(1, 2),
    )
    hint = RichText(
        _("Type your answer and press Enter, or think it through and just press Enter.", lang),
        style="dim",
    )
    return Group(panel, hint)


def render_key_points(question: Question, answer: str, lang: Lang) -> RenderableType:
    """The key points a strong answer covers, under the person's own answer when they typed one."""
    parts: list[RenderableType] = []
    if answer.strip():
        parts += [
            RichText.assemble((_("Your answer: ", lang), "bold"), answer.strip()),
            RichText(""),
        ]
    parts.append(bullet_list([point(lang) for point in question.key_points]))
    return Panel(
        Group(*parts),
        title=RichText(_("Key points", lang)),
        title_align="left",
        border_style="green",
        padding=(0, 1),
    )


def render_summary(rated: Sequence[RatedQuestion], lang: Lang) -> RenderableType:
    """Counts per rating and when each question comes back."""
    if not rated:
        return RichText(_("No question was rated.", lang))
    counts = tally([r.rating for r in rated])
    headline = RichText.assemble(
        (_("Session done: ", lang), "bold"),
        *[
            part
            for index, name in enumerate(RATINGS)
            for part in (
                (" · " if index else "", ""),
                (f"{rating_label(lang, name)} {counts[name]}", _RATING_STYLES[name]),
            )
        ],
    )
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column(_("Question", lang), overflow="fold")
    table.add_column(_("Rating", lang), no_wrap=True)
    table.add_column(_("Comes back", lang), no_wrap=True)
    for item in rated:
        table.add_row(
            item.question.question(lang),
            RichText(rating_label(lang, item.rating), style=_RATING_STYLES[item.rating]),
            next_review_text(lang, item.schedule),
        )
    saved = _("Ratings saved.", lang)
    if counts["missed"] or counts["partly"]:
        saved += _(" The questions you missed or partly answered come first next time (mlcareer interview).", lang)
    hint = RichText(saved, style="dim")
    return Group(headline, table, hint)
