"""`mlcareer interview`: technical interview practice with spaced repetition."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from mlcareer.cliapp import (
    DataDirOpt,
    H,
    JsonOpt,
    LangOpt,
    NoPagerOpt,
    app,
    check_choice,
    load_kb,
    print_json,
    print_notices,
    print_renderable,
    require_terminal,
    setup,
    state,
)
from mlcareer.errors import EXIT_CANCELLED, MlcareerError
from mlcareer.i18n import Lang, msg

if TYPE_CHECKING:
    from mlcareer.model import KnowledgeBase
    from mlcareer.store import Store
    from mlcareer.views_interview import RatedQuestion


@app.command()
def interview(
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            "-t",
            metavar="ID",
            help=H("トピックで絞り込む（一覧: --list）", "Only this topic (see --list)"),
            show_default=False,
        ),
    ] = None,
    specialization: Annotated[
        str | None,
        typer.Option(
            "--specialization",
            "-s",
            metavar="ID",
            help=H(
                "この分野の質問と、全員に聞かれる共通の質問（分野の質問が先）",
                "This specialization's questions plus the general ones everyone is asked (its own come first)",
            ),
            show_default=False,
        ),
    ] = None,
    count: Annotated[
        int | None,
        typer.Option(
            "--count",
            "-n",
            metavar="N",
            help=H(
                "出題数（既定 5。--list / --json では既定で全問）",
                "How many questions (default 5; with --list / --json, all by default)",
            ),
            show_default=False,
        ),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            metavar="ID",
            help=H(
                "このレベル（beginner / mid / senior）と隣のレベルの質問（既定: 最後の診断のレベル）",
                "Questions at this level (beginner / mid / senior) or one away (default: your last assessment's)",
            ),
            show_default=False,
        ),
    ] = None,
    due: Annotated[
        bool,
        typer.Option("--due", help=H("復習どきの質問だけ", "Only the questions that are due")),
    ] = False,
    as_list: Annotated[
        bool,
        typer.Option(
            "--list",
            help=H(
                "練習せずに質問を出題順に一覧（次の出題日付き）",
                "List the questions in practice order, with when each is due",
            ),
        ),
    ] = False,
    as_json: JsonOpt = False,
    no_pager: NoPagerOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Practise technical interview questions: answer, compare with the key points, rate yourself.

    Every rating is kept, and FSRS (the scheduler Anki uses) decides when a question comes back:
    missed or partly answered, next session; answered well, when you would otherwise start to forget it.

    Order: questions due, then new ones, then the rest; those at your level (from your last assessment,
    or --level) first. --specialization includes the general questions, after its own. --due: only those due.

    --list and --json print the questions in that order, with when each is due, and need no terminal.

    Examples: mlcareer interview · mlcareer interview -s mlops -n 3 · mlcareer interview --due --list
    """
    chosen = setup(lang, data_dir)
    state.no_pager |= no_pager
    kb = load_kb()
    topic_id = check_choice("topic", topic, kb.topics)
    spec_id = check_choice("specialization", specialization, kb.specializations)
    level_id = check_choice("level", level, kb.levels)
    from mlcareer.interview import DEFAULT_COUNT, check_count

    if count is not None:
        check_count(count)
    if as_list or as_json:
        _print_questions(kb, chosen, Filters(topic_id, spec_id, level_id, due), count, as_json)
        return
    require_terminal(
        "面接練習には端末（TTY）が必要です。質問を出力するだけなら: mlcareer interview --list または --json",
        "Interview practice needs a terminal (TTY). To print the questions instead: "
        "mlcareer interview --list or --json",
    )
    _practise(kb, chosen, Filters(topic_id, spec_id, level_id, due), count or DEFAULT_COUNT)


class Filters(NamedTuple):
    topic: str | None
    specialization: str | None
    level: str | None
    due_only: bool


def _print_questions(kb: KnowledgeBase, lang: Lang, filters: Filters, count: int | None, as_json: bool) -> None:
    import datetime as dt

    from mlcareer.interview import item_json, practice_order
    from mlcareer.store import Store

    with Store.open_default() as store:
        ratings = store.ratings()
        print_notices(store.notices)
    items = practice_order(kb, ratings, dt.datetime.now(dt.UTC), **filters._asdict())
    if count is not None:
        items = items[:count]
    if as_json:
        print_json({"questions": [item_json(item, lang) for item in items]})
        return
    from mlcareer.views_interview import render_question_list

    print_renderable(render_question_list(kb, items, lang), page=True)


def assessed_level(kb: KnowledgeBase, store: Store) -> str | None:
    """The level of the last assessment (the advisor's `level`), if there is one we know."""
    saved = store.latest_assessment()
    level = saved.result.get("level") if saved is not None else None
    if isinstance(level, dict):  # {"id": ..., "name": ...} in the assessment's JSON
        level = level.get("id")
    return level if isinstance(level, str) and level in kb.levels else None


def _assessed_field(kb: KnowledgeBase, store: Store, lang: Lang) -> str | None:
    """With no filter, practise for the best fit of the last assessment (and say so)."""
    saved = store.latest_assessment()
    ranking = saved.result.get("specializations") if saved is not None else None
    top = ranking[0].get("id") if isinstance(ranking, list) and ranking and isinstance(ranking[0], dict) else None
    if top not in kb.specializations:
        return None
    name = kb.specializations[top].name(lang)
    sys.stderr.write(
        msg(
            f"最後の診断の第1候補「{name}」の質問から出題します（全分野から: --topic で絞るか -s で変更）。\n",
            f"Practising for your last best fit, {name} (another field: -s ID; by topic: --topic ID).\n",
        )
    )
    return str(top)


def _practise(kb: KnowledgeBase, lang: Lang, filters: Filters, count: int) -> None:
    import datetime as dt

    from rich.console import Console

    from mlcareer.interview import select_questions
    from mlcareer.store import Store

    with Store.open_default() as store:
        ratings = store.ratings()
        if filters.specialization is None and filters.topic is None:
            filters = filters._replace(specialization=_assessed_field(kb, store, lang))
        if filters.level is None:
            filters = filters._replace(level=assessed_level(kb, store))
        print_notices(store.notices)  # after reading: a bad row adds one
        items = select_questions(kb, ratings, dt.datetime.now(dt.UTC), **filters._asdict(), count=count)
        if not items and filters.due_only:
            raise MlcareerError(
                msg(
                    "いま復習どきの質問はありません。新しい質問を練習するなら: mlcareer interview",
                    "Nothing is due right now. To practise new questions: mlcareer interview",
                )
            )
        if not items:
            raise MlcareerError(
                msg(
                    "条件に合う質問がありません。mlcareer interview --list で質問を確かめてください。",
                    "No question matches these filters. See the questions with: mlcareer interview --list",
                )
            )
        from mlcareer.interview_session import InterviewSession

        session = InterviewSession(
            kb,
            items,
            lang,
            save=store.add_rating,
            clock=lambda: dt.datetime.now(dt.UTC),
            console=Console(markup=False),  # knowledge texts are shown as written, never as markup
        )
        try:
            rated = session.run()
        except (KeyboardInterrupt, EOFError):
            sys.stderr.write("\n" + _cancelled_message(session.rated) + "\n")
            raise typer.Exit(EXIT_CANCELLED) from None
    from mlcareer.views_interview import render_summary

    print_renderable(render_summary(rated, lang))


def _cancelled_message(rated: list[RatedQuestion]) -> str:
    if not rated:
        return msg("中止しました。何も保存していません。", "Cancelled, nothing saved.")
    ids = ", ".join(r.question.id for r in rated)
    plural = "" if len(rated) == 1 else "s"
    return msg(
        f"中止しました。それまでに付けた評価 {len(rated)}件（{ids}）は保存済みです。途中の質問は保存していません。",
        f"Cancelled. Kept the {len(rated)} rating{plural} you gave ({ids}); the question in progress was not saved.",
    )
