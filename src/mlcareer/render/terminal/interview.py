"""Rich renderables for interview practice: the question list, one question, its key points, the summary.

Like every view, these build things to print and never print.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RichText

from mlcareer.domain.interview import RATINGS, PracticeItem, Schedule, tally
from mlcareer.domain.model import KnowledgeBase, Question
from mlcareer.i18n import Lang
from mlcareer.i18n import pick as t
from mlcareer.render.terminal.lookups import bullet_list

_RATING_LABELS: dict[str, tuple[str, str]] = {
    "got_it": ("答えられた", "Got it"),
    "partly": ("一部だけ答えられた", "Partly"),
    "missed": ("答えられなかった", "Missed"),
}
_RATING_STYLES = {"got_it": "green", "partly": "yellow", "missed": "red"}


class RatedQuestion(NamedTuple):
    """One question rated in a session, with what was typed and the schedule the rating gives it."""

    question: Question
    answer: str
    rating: str
    rated_at: datetime
    schedule: Schedule


def rating_label(lang: Lang, rating: str) -> str:
    ja, en = _RATING_LABELS[rating]
    return t(lang, ja, en)


_LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "beginner": ("初級", "beginner"),
    "mid": ("中級", "mid-level"),
    "senior": ("上級", "senior"),
}


def level_label(lang: Lang, level: str) -> str:
    """A question's level in a word (the levels' full names are too long for a list line)."""
    ja, en = _LEVEL_LABELS.get(level, (level, level))
    return t(lang, ja, en)


def _local_date(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d")


def next_review_text(lang: Lang, schedule: Schedule) -> str:
    """When a rated question comes back: next session (within the hour), or in so many days."""
    due, rated = schedule.due, schedule.last_rated
    if due is None or rated is None:
        return t(lang, "未出題", "new")
    if due - rated < timedelta(hours=1):
        return t(lang, "次の練習で", "next session")
    days = max(1, round((due - rated) / timedelta(days=1)))
    plural = "" if days == 1 else "s"
    return t(lang, f"{days}日後（{_local_date(due)}）", f"in {days} day{plural} ({_local_date(due)})")


def _due_cell(lang: Lang, item: PracticeItem) -> RichText:
    if item.status == "new":
        return RichText(t(lang, "未出題", "new"))
    if item.status == "due":
        return RichText(t(lang, "復習どき", "due"), style="bold")
    due = item.schedule.due
    assert due is not None  # "later" means rated, so it has a due date
    return RichText(_local_date(due), style="dim")


def _specializations_cell(lang: Lang, question: Question, kb: KnowledgeBase | None = None) -> str:
    if not question.specializations:
        return t(lang, "全分野共通", "general")
    if kb is None:
        return ", ".join(question.specializations)
    return t(lang, "、", ", ").join(
        f"{kb.specializations[s].name(lang)} ({s})" if s in kb.specializations else s for s in question.specializations
    )


def _tags(lang: Lang, item: PracticeItem) -> str:
    tags = []
    if item.question.from_guide:
        tags.append(t(lang, "ガイド掲載", "from the guide"))
    last = item.schedule.last_rating
    if last is None:
        tags.append(t(lang, "初めての質問", "new"))
    else:
        tags.append(t(lang, f"前回: {rating_label(lang, last)}", f"last time: {rating_label(lang, last).lower()}"))
    return " · ".join(tags)


def render_question_list(kb: KnowledgeBase, items: Sequence[PracticeItem], lang: Lang) -> RenderableType:
    """The questions in practice order, with when each is due (`mlcareer interview --list`).

    Each row is the question itself, then a dim line with its id, topic and specializations: the
    question gets the width, and the ids are there to use with --topic and --specialization.
    """
    if not items:
        return RichText(
            t(
                lang,
                "条件に合う質問はありません。条件を外すと全問を一覧できます: mlcareer interview --list",
                "No question matches these filters. Without them: mlcareer interview --list",
            )
        )
    table = Table(
        title=t(lang, "面接練習の質問（出題順）", "Interview questions (in practice order)"),
        box=box.SIMPLE_HEAD,
        title_justify="left",
        leading=1,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(t(lang, "質問 / id・トピック・分野", "Question / id · topic · for"), overflow="fold", ratio=1)
    table.add_column(t(lang, "出題", "Due"), no_wrap=True)
    for number, item in enumerate(items, 1):
        q = item.question
        about = " · ".join(
            (q.id, _topic_name(kb, lang, q.topic), level_label(lang, q.level), _specializations_cell(lang, q, kb))
        )
        table.add_row(str(number), RichText.assemble(q.question(lang), "\n", (about, "dim")), _due_cell(lang, item))
    counts = {status: sum(1 for i in items if i.status == status) for status in ("due", "new", "later")}
    footer = RichText(
        t(
            lang,
            f"{len(items)}問（復習どき {counts['due']}・未出題 {counts['new']}・後日 {counts['later']}）。"
            "練習: mlcareer interview",
            f"{len(items)} questions ({counts['due']} due, {counts['new']} new, {counts['later']} later). "
            "Practise: mlcareer interview",
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
        t(
            lang,
            "答えを入力して Enter。頭の中で考えるだけなら、考えてからそのまま Enter。",
            "Type your answer and press Enter, or think it through and just press Enter.",
        ),
        style="dim",
    )
    return Group(panel, hint)


def render_key_points(question: Question, answer: str, lang: Lang) -> RenderableType:
    """The key points a strong answer covers, under the person's own answer when they typed one."""
    parts: list[RenderableType] = []
    if answer.strip():
        parts += [
            RichText.assemble((t(lang, "あなたの回答: ", "Your answer: "), "bold"), answer.strip()),
            RichText(""),
        ]
    parts.append(bullet_list([point(lang) for point in question.key_points]))
    return Panel(
        Group(*parts),
        title=RichText(t(lang, "答えのポイント", "Key points")),
        title_align="left",
        border_style="green",
        padding=(0, 1),
    )


def render_summary(rated: Sequence[RatedQuestion], lang: Lang) -> RenderableType:
    """Counts per rating and when each question comes back."""
    if not rated:
        return RichText(t(lang, "評価した質問はありません。", "No question was rated."))
    counts = tally([r.rating for r in rated])
    headline = RichText.assemble(
        (t(lang, "練習の結果: ", "Session done: "), "bold"),
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
    table.add_column(t(lang, "質問", "Question"), overflow="fold")
    table.add_column(t(lang, "評価", "Rating"), no_wrap=True)
    table.add_column(t(lang, "次の出題", "Comes back"), no_wrap=True)
    for item in rated:
        table.add_row(
            item.question.question(lang),
            RichText(rating_label(lang, item.rating), style=_RATING_STYLES[item.rating]),
            next_review_text(lang, item.schedule),
        )
    saved = t(lang, "評価は保存しました。", "Ratings saved.")
    if counts["missed"] or counts["partly"]:
        saved += t(
            lang,
            "答えられなかった質問と一部だけ答えられた質問は、次の練習（mlcareer interview）で先に出ます。",
            " The questions you missed or partly answered come first next time (mlcareer interview).",
        )
    hint = RichText(saved, style="dim")
    return Group(headline, table, hint)
