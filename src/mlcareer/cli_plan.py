"""The study-plan commands: roadmap (and its exports), done, undo, progress."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import click
import typer

from mlcareer.cliapp import (
    DataDirOpt,
    H,
    JsonOpt,
    LangOpt,
    app,
    check_choice,
    complete_ids,
    load_kb,
    print_json,
    print_notices,
    print_renderable,
    read_answers_source,
    setup,
    state,
)
from mlcareer.errors import EXIT_USAGE, MlcareerError
from mlcareer.i18n import Lang, msg

if TYPE_CHECKING:
    from mlcareer.model import KnowledgeBase
    from mlcareer.planner import PlanInputs


SpecOpt = Annotated[
    str | None,
    typer.Option(
        "--specialization",
        "-s",
        metavar="ID",
        help=H(
            "この分野の計画を作る（最後の診断の代わりに）",
            "Plan for this field instead of your last assessment (see: mlcareer specializations)",
        ),
        show_default=False,
        autocompletion=complete_ids("specializations"),
    ),
]
LevelOpt = Annotated[
    str | None,
    typer.Option(
        "--level",
        metavar="ID",
        help=H("--specialization と併用: beginner|mid|senior", "With --specialization: beginner|mid|senior"),
        show_default=False,
        autocompletion=complete_ids("levels"),
    ),
]
SkillsOpt = Annotated[
    str | None,
    typer.Option(
        "--skills",
        metavar="a,b,c",
        help=H(
            "持っているスキル（id か名前をカンマ区切りで。--specialization と併用）",
            "With --specialization: skills you have (ids or names, comma-separated)",
        ),
        show_default=False,
    ),
]
AnswersOpt = Annotated[
    str | None,
    typer.Option(
        "--answers",
        "-a",
        metavar="FILE",
        help=H(
            "回答ファイルから計画を作る（YAML / JSON、- で標準入力）",
            "Plan from an answers file (YAML or JSON; - for stdin) instead of the last assessment",
        ),
        show_default=False,
    ),
]
HoursOpt = Annotated[
    float | None,
    typer.Option(
        "--hours",
        metavar="N",
        help=H(
            "週あたりの学習時間（既定: 診断の回答、なければ10）",
            "Study hours a week (default: from the assessment, else 10)",
        ),
        show_default=False,
    ),
]


def _start_option(ja: str, en: str) -> typer.models.OptionInfo:
    return typer.Option("--start", metavar="DATE", help=H(ja, en), show_default=False)  # type: ignore[no-any-return]


# -- shared plumbing -------------------------------------------------------------------------


class _Source(NamedTuple):
    """The plan inputs, and the day the saved assessment they came from was made (if they did)."""

    inputs: PlanInputs
    since: dt.date | None


def _parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise MlcareerError(
            msg(
                f"--start の日付 {value!r} が読めません。YYYY-MM-DD で指定してください（例: 2026-04-01）。",
                f"--start: {value!r} is not a date. Use YYYY-MM-DD (e.g. 2026-04-01).",
            ),
            exit_code=EXIT_USAGE,
        ) from None


def _parse_skills(kb: KnowledgeBase, value: str) -> tuple[str, ...]:
    from mlcareer.lookup import find_skill

    found: list[str] = []
    for item in value.split(","):
        if item.strip():
            skill = find_skill(kb, item.strip())
            if skill.id not in found:
                found.append(skill.id)
    return tuple(found)


def _usage(ja: str, en: str) -> MlcareerError:
    return MlcareerError(msg(ja, en), exit_code=EXIT_USAGE)


def _plan_source(
    kb: KnowledgeBase,
    specialization: str | None,
    level: str | None,
    skills: str | None,
    answers: str | None,
    hours: float | None,
) -> _Source:
    """The plan inputs from flags, an answers file, or the last saved assessment (in that order)."""
    from mlcareer.answers import DEFAULT_WEEKLY_HOURS
    from mlcareer.planner import PlanInputs, check_weekly_hours

    if hours is not None:
        check_weekly_hours(hours)
    if answers is not None and specialization is not None:
        raise _usage(
            "--answers と --specialization はどちらか一方だけ指定してください。",
            "Use either --answers or --specialization, not both.",
        )
    if specialization is None and (level is not None or skills is not None):
        raise _usage(
            "--level と --skills は --specialization と一緒に使ってください。",
            "--level and --skills go with --specialization.",
        )
    if specialization is not None:
        spec_id = check_choice("specialization", specialization, kb.specializations)
        assert spec_id is not None
        level_id = check_choice("level", level, kb.levels)
        held = _parse_skills(kb, skills) if skills else ()
        return _Source(PlanInputs(spec_id, level_id, held, hours if hours is not None else DEFAULT_WEEKLY_HOURS), None)
    if answers is not None:
        inputs = _inputs_from_answers(kb, answers)
        return _Source(_with_hours(inputs, hours), None)
    from mlcareer.planner import inputs_from_saved
    from mlcareer.store import Store

    with Store.open_default() as store:
        saved = store.latest_assessment()
        print_notices(store.notices)
    if saved is None:
        command = click.get_current_context().info_name or "roadmap"
        raise MlcareerError(
            msg(
                "保存された診断がありません。先に mlcareer assess を実行するか、"
                f"--specialization（例: mlcareer {command} -s mlops）を指定してください。",
                "There is no saved assessment yet. Run mlcareer assess first, or pass --specialization "
                f"(e.g. mlcareer {command} -s mlops).",
            )
        )
    inputs = inputs_from_saved(kb, saved.answers, saved.result)
    return _Source(_with_hours(inputs, hours), saved.created_at.astimezone().date())


def _with_hours(inputs: PlanInputs, hours: float | None) -> PlanInputs:
    from dataclasses import replace

    return inputs if hours is None else replace(inputs, weekly_hours=hours)


def _inputs_from_answers(kb: KnowledgeBase, source: str) -> PlanInputs:
    from mlcareer.advisor import advise
    from mlcareer.answers import parse_answers, read_answer_records
    from mlcareer.planner import PlanInputs
    from mlcareer.rules import load_quiz_and_rules

    text, where = read_answers_source(source)
    records, batch = read_answer_records(text, where)
    if batch:
        raise MlcareerError(
            msg(
                f"{where} には複数人分の回答があります。計画は1人分の回答から作ります。",
                f"{where} holds several people's answers; a plan is made from one person's.",
            )
        )
    quiz, rules = load_quiz_and_rules(kb, state.data_dir)
    parsed = parse_answers(kb, quiz, records[0], where)
    result = advise(kb, rules, parsed)
    return PlanInputs(result.top, result.level, parsed.skills, parsed.weekly_hours)


def _done_ids() -> frozenset[str]:
    from mlcareer.store import Store

    with Store.open_default() as store:
        done = store.done_modules()
        print_notices(store.notices)
    return frozenset(done)


def _module_label(kb: KnowledgeBase, module_id: str, lang: Lang) -> str:
    module = kb.modules.get(module_id)
    if module is None:
        return module_id
    return f"{module_id}（{module.name.ja}）" if lang == "ja" else f"{module_id} ({module.name.en})"


# -- roadmap ---------------------------------------------------------------------------------


@app.command()
def roadmap(
    specialization: SpecOpt = None,
    level: LevelOpt = None,
    skills: SkillsOpt = None,
    answers: AnswersOpt = None,
    hours: HoursOpt = None,
    start: Annotated[
        str | None,
        _start_option("開始日 YYYY-MM-DD（既定: 今日）", "First day of the plan, YYYY-MM-DD (default: today)"),
    ] = None,
    export: Annotated[
        str | None,
        typer.Option(
            "--export",
            "-e",
            metavar="md|json|ics",
            help=H(
                "Markdown・JSON・iCalendar で書き出す（既定は標準出力）",
                "Export as Markdown, JSON or iCalendar (to stdout unless --output)",
            ),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=H(
                "書き出し先のファイル（形式は拡張子 .md/.json/.ics からも判断）",
                "Write the export to FILE (the format can come from its .md/.json/.ics suffix)",
            ),
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=H("既存のファイルを置き換える", "Replace FILE if it exists"))
    ] = False,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Your dated study plan: the guide's three phases, prerequisites first, at your pace.

    Made from your last assessment (and dated from its day), an answers file, or
    --specialization [--level] [--skills] (dated from today); --start sets another first day.

    Modules you already know, or ticked off with `mlcareer done`, are marked done, not dropped.

    --export writes Markdown, JSON or iCalendar, to stdout or to --output FILE.

    Examples: mlcareer roadmap · mlcareer roadmap -s mlops --skills python,sql --hours 8 · mlcareer roadmap -o plan.ics
    """
    chosen = setup(lang, data_dir)
    fmt = _export_format(export, output, as_json)
    kb = load_kb()
    source = _plan_source(kb, specialization, level, skills, answers, hours)
    # The same start and the same dates as `progress`: the plan begins with the assessment it is
    # made from (today for flags), and ticking a module off marks it done without moving the others.
    first_day = _parse_date(start) if start is not None else (source.since or dt.date.today())
    from mlcareer.planner import build_plan, mark_done

    inputs = source.inputs
    baseline = build_plan(
        kb, inputs.specialization, inputs.level, inputs.skills, frozenset(), inputs.weekly_hours, first_day
    )
    plan = mark_done(baseline, _done_ids())
    if fmt is None:
        from mlcareer.views_plan import render_plan

        print_renderable(render_plan(kb, plan, chosen))
        return
    from mlcareer import export as exporter

    if fmt == "json" and output is None:
        print_json(exporter.plan_json(kb, plan, chosen))
        return
    if fmt == "json":
        import json

        data = (json.dumps(exporter.plan_json(kb, plan, chosen), ensure_ascii=False, indent=2) + "\n").encode()
    elif fmt == "md":
        data = exporter.plan_markdown(kb, plan, chosen).encode()
    else:
        data = exporter.plan_ical(kb, plan, chosen, dt.datetime.now(dt.UTC))
    if output is None:
        # Bytes as exported: the .ics line endings are CRLF by RFC 5545, and a text stream may alter them.
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    exporter.write_atomic(output, data, force=force)
    sys.stderr.write(
        msg(
            f"{output} に書き出しました（{len(plan.open_modules)}個の未修了モジュール）。\n",
            f"Wrote {output} ({len(plan.open_modules)} open module{'s' if len(plan.open_modules) != 1 else ''}).\n",
        )
    )


def _export_format(export: str | None, output: Path | None, as_json: bool) -> str | None:
    from mlcareer.export import FORMATS, format_for

    fmt = None
    if export is not None:
        fmt = export.strip().lower()
        if fmt not in FORMATS:
            raise _usage(
                f"--export には {'、'.join(FORMATS)} のどれかを指定してください（{export!r} が指定されました）。",
                f"--export must be one of {', '.join(FORMATS)} (got {export!r}).",
            )
    if as_json:
        if fmt not in (None, "json"):
            raise _usage("--json と --export は同時に使えません。", "--json and --export do not go together.")
        fmt = "json"
    if output is not None and fmt is None:
        fmt = format_for(output)
        if fmt is None:
            raise _usage(
                f"{output} の形式がわかりません。--export md|json|ics を指定してください。",
                f"Cannot tell the format of {output} from its name: add --export md|json|ics.",
            )
    return fmt


# -- done / undo -----------------------------------------------------------------------------


ModuleIdsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="MODULE_ID...",
        help=H("モジュールの id（mlcareer roadmap で確認）", "Module ids (see mlcareer roadmap)"),
        autocompletion=complete_ids("modules"),
    ),
]


@app.command()
def done(module_ids: ModuleIdsArg, lang: LangOpt = None, data_dir: DataDirOpt = None) -> None:
    """Tick study-plan modules off. Progress is kept by id, so it survives edits to the guide's text.

    Examples: mlcareer done python_basics · mlcareer done sql_git_basics nlp
    """
    chosen = setup(lang, data_dir)
    kb = load_kb()
    from mlcareer.store import Store

    wanted = [_checked_id(m, kb.modules.keys()) for m in module_ids]
    now = dt.datetime.now(dt.UTC)
    with Store.open_default() as store:
        print_notices(store.notices)
        for module_id in dict.fromkeys(wanted):
            changed = store.set_module_done(module_id, True, now)
            label = _module_label(kb, module_id, chosen)
            print(
                msg(f"✓ {label} を修了にしました。", f"✓ Marked {label} as done.")
                if changed
                else msg(f"{label} はすでに修了です。", f"{label} was already marked done.")
            )


@app.command()
def undo(module_ids: ModuleIdsArg, lang: LangOpt = None, data_dir: DataDirOpt = None) -> None:
    """Take back a tick: the modules count as open again.

    Examples: mlcareer undo python_basics
    """
    chosen = setup(lang, data_dir)
    kb = load_kb()
    from mlcareer.store import Store

    with Store.open_default() as store:
        print_notices(store.notices)
        # Ticks for modules the knowledge base no longer has can be taken back too.
        valid = set(kb.modules) | set(store.done_modules())
        wanted = [_checked_id(m, valid) for m in module_ids]
        now = dt.datetime.now(dt.UTC)
        for module_id in dict.fromkeys(wanted):
            changed = store.set_module_done(module_id, False, now)
            label = _module_label(kb, module_id, chosen)
            print(
                msg(f"{label} を未修了に戻しました。", f"{label} is open again.")
                if changed
                else msg(
                    f"{label} は修了になっていません（変更なし）。", f"{label} was not marked done; nothing changed."
                )
            )


def _checked_id(value: str, valid: Collection[str]) -> str:
    from mlcareer.lookup import unknown_id_error

    ident = value.strip().lower()
    if ident not in valid:
        raise unknown_id_error("module", value, [str(v) for v in valid])
    return ident


# -- progress --------------------------------------------------------------------------------


@app.command()
def progress(
    specialization: SpecOpt = None,
    level: LevelOpt = None,
    skills: SkillsOpt = None,
    answers: AnswersOpt = None,
    hours: HoursOpt = None,
    start: Annotated[
        str | None,
        _start_option(
            "計画を始めた日 YYYY-MM-DD（既定: 最後の診断の日、なければ今日）",
            "The day you began the plan, YYYY-MM-DD (default: the day of your last assessment, else today)",
        ),
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """How far along your plan you are: per phase, hours done and left, ahead of or behind your dates.

    The dates are the plan's from the day it began; when you are behind, the rest re-flows from today.

    Examples: mlcareer progress · mlcareer progress --start 2026-01-05 · mlcareer progress --json
    """
    chosen = setup(lang, data_dir)
    kb = load_kb()
    source = _plan_source(kb, specialization, level, skills, answers, hours)
    today = dt.date.today()
    began = _parse_date(start) if start is not None else (source.since or today)
    from mlcareer.planner import build_plan, track_progress

    inputs = source.inputs
    baseline = build_plan(
        kb, inputs.specialization, inputs.level, inputs.skills, frozenset(), inputs.weekly_hours, began
    )
    result = track_progress(kb, baseline, _done_ids(), today)
    if as_json:
        from mlcareer.export import progress_json

        print_json(progress_json(kb, result, chosen))
        return
    from mlcareer.views_plan import render_progress

    print_renderable(render_progress(kb, result, chosen))
