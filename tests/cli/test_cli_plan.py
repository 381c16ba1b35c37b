"""roadmap, its exports, done / undo and progress through the command line, and their error paths."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Cli
from icalendar import Calendar
from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin
from rich.console import Console

from mlcareer.domain.model import KnowledgeBase, Text
from mlcareer.domain.planner import build_plan, track_progress
from mlcareer.i18n import Lang
from mlcareer.render.terminal.plan import render_plan, render_progress
from mlcareer.storage.store import Store

ANSWERS = """\
background: web_engineer
years_experience: 5
ml_years: 1
skills: [python, pandas, numpy, sql, git, docker, scikit-learn]
interests: [ml_infrastructure]
weekly_hours: 12
"""


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "me.yaml"
    path.write_text(ANSWERS, encoding="utf-8")
    return path


@pytest.fixture
def assessed(answers_file: Path, cli: Cli) -> Path:
    """A saved assessment, made the way a user makes one."""
    result = cli("assess", "--answers", str(answers_file))
    assert result.exit_code == 0, result.output
    return answers_file


def modules_of(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["id"]: m for p in plan["phases"] for m in p["modules"]}


# -- roadmap -------------------------------------------------------------------------------------


def test_without_an_assessment_or_flags_it_says_what_to_do(cli: Cli) -> None:
    result = cli("roadmap")
    assert result.exit_code == 1
    assert "mlcareer assess" in result.stderr and "--specialization" in result.stderr
    ja = cli("roadmap", "--lang", "ja")
    assert ja.exit_code == 1 and "保存された計画も診断もまだありません" in ja.stderr
    assert cli("progress").exit_code == 1


def test_roadmap_from_the_last_assessment(assessed: Path, cli: Cli) -> None:
    data = cli.json("roadmap", "--start", "2026-04-01")
    assert data["specialization"]["id"] == "mlops"  # what the assessment ranked first
    assert data["weekly_hours"] == 12 and data["start"] == "2026-04-01"
    modules = modules_of(data)
    assert modules["sql_git_basics"]["status"] == "done"  # the answers hold sql and git
    first = next(m for p in data["phases"] for m in p["modules"] if m["status"] == "open")
    assert first["start"] == "2026-04-01"
    # --hours overrides the assessment's pace, and the dates follow it.
    slower = cli.json("roadmap", "--start", "2026-04-01", "--hours", "6")
    assert slower["weekly_hours"] == 6
    days = math.ceil(slower["hours"]["open"] * 7 / 6)
    assert slower["end"] == (dt.date(2026, 4, 1) + dt.timedelta(days=days - 1)).isoformat()


def test_roadmap_defaults_to_today(assessed: Path, cli: Cli) -> None:
    data = cli.json("roadmap")
    assert data["start"] == dt.date.today().isoformat()


def test_roadmap_from_flags_and_from_an_answers_file(answers_file: Path, cli: Cli) -> None:
    data = cli.json("roadmap", "-s", "computer_vision", "--level", "beginner", "--skills", "Python, NumPy,sql,git")
    assert data["specialization"]["id"] == "computer_vision" and data["level"]["id"] == "beginner"
    assert data["skills"] == ["python", "numpy", "sql", "git"] and data["weekly_hours"] == 10
    assert modules_of(data)["sql_git_basics"]["status"] == "done"
    from_file = cli.json("roadmap", "--answers", str(answers_file))
    assert from_file["specialization"]["id"] == "mlops" and from_file["weekly_hours"] == 12
    assert Store.open_default(os.environ["MLCAREER_HOME"]).latest_assessment() is None  # --answers never saves


def test_roadmap_in_the_terminal_in_both_languages(assessed: Path, cli: Cli) -> None:
    en = cli("roadmap", "--start", "2026-04-01", "--lang", "en")
    assert en.exit_code == 0, en.output
    assert (
        en.stdout.index("Ready to apply") < en.stdout.index("Before applying") < en.stdout.index("After you are hired")
    )
    assert "Practice (phase 1)" in en.stdout and "at 12 h/week" in en.stdout
    assert "math_stats_foundations" in en.stdout and "2026-04-01" in en.stdout
    assert "Start in the past:" in en.stdout  # 2026-04-01 is in the past and its modules are overdue
    ja = cli("roadmap", "--start", "2026-04-01", "--lang", "ja")
    assert ja.exit_code == 0, ja.output
    unwrapped = "".join(ja.stdout.split())  # phrases may wrap onto the next line
    assert "応募できる時期" in ja.stdout and "採用後に伸ばすこと" in ja.stdout and "スキルで習得済み" in unwrapped
    for out in (en.stdout, ja.stdout):
        assert all(len(line) <= 80 for line in out.splitlines())


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (["roadmap", "-s", "mlops", "--hours", "0"], 2, "more than 0"),
        (["roadmap", "-s", "mlops", "--hours", "200"], 2, "at most 168"),
        (["roadmap", "-s", "mlops", "--start", "2026-13-01"], 2, "YYYY-MM-DD"),
        (["roadmap", "-s", "mlops", "--start", "next week"], 2, "YYYY-MM-DD"),
        (["roadmap", "-s", "mlop"], 2, "mlops"),
        (["roadmap", "-s", "mlops", "--level", "guru"], 2, "Unknown level"),
        (["roadmap", "-s", "mlops", "--skills", "python,pyton2000"], 1, "pyton2000"),
        (["roadmap", "--level", "mid"], 2, "--level and --skills go with --specialization"),
        (["roadmap", "-s", "mlops", "--answers", "me.yaml"], 2, "either --answers or --specialization"),
        (["roadmap", "--answers", "missing.yaml"], 2, "not found"),
        (["roadmap", "-s", "mlops", "--export", "pdf"], 2, "md, json, ics"),
        (["roadmap", "-s", "mlops", "--export", "md", "--json"], 2, "do not go together"),
        (["roadmap", "-s", "mlops", "-o", "plan.txt"], 2, "--export md|json|ics"),
        (["progress", "-s", "mlops", "--start", "01/04/2026"], 2, "YYYY-MM-DD"),
    ],
)
def test_bad_input_is_a_clear_message_and_exit_code(args: list[str], code: int, expected: str, cli: Cli) -> None:
    result = cli(*args)
    assert result.exit_code == code, result.output
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_a_batch_answers_file_is_refused(tmp_path: Path, cli: Cli) -> None:
    batch = tmp_path / "cohort.yaml"
    batch.write_text("- " + ANSWERS.replace("\n", "\n  ").rstrip() + "\n- " + ANSWERS.replace("\n", "\n  ").rstrip())
    result = cli("roadmap", "--answers", str(batch))
    assert result.exit_code == 1 and "one person" in result.stderr


# -- exports -------------------------------------------------------------------------------------


def test_markdown_export_to_stdout_parses_as_commonmark(cli: Cli) -> None:
    result = cli("roadmap", "-s", "data_scientist", "--export", "md", "--lang", "ja")
    assert result.exit_code == 0, result.output
    tokens = MarkdownIt("commonmark").use(tasklists_plugin).parse(result.stdout)
    # Before applying and after you are hired; no warnings at 10 h a week.
    assert sum(1 for t in tokens if t.type == "heading_open" and t.tag == "h2") == 2
    html = MarkdownIt("commonmark").use(tasklists_plugin).render(result.stdout)
    assert html.count('class="task-list-item-checkbox"') == html.count('<li class="task-list-item')
    assert "学習計画" in result.stdout


def test_an_existing_file_is_refused_and_left_byte_identical(tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "plan.md"
    first = cli("roadmap", "-s", "mlops", "--start", "2026-04-01", "-o", str(target))
    assert first.exit_code == 0, first.output
    assert "Wrote" in first.stderr and first.stdout == ""
    original = target.read_bytes()
    assert original.startswith(b"# Study plan")
    stat = target.stat()
    again = cli("roadmap", "-s", "mlops", "--start", "2026-05-01", "--export", "md", "-o", str(target))
    assert again.exit_code == 1
    assert "already exists" in again.stderr and "--force" in again.stderr
    assert target.read_bytes() == original and target.stat().st_mtime_ns == stat.st_mtime_ns
    forced = cli("roadmap", "-s", "mlops", "--start", "2026-05-01", "-o", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes() != original and b"2026-05-01" in target.read_bytes()
    assert target.stat().st_ino != stat.st_ino  # put in place by a rename
    assert sorted(p.name for p in out.iterdir()) == ["plan.md"]  # no temporary file left behind


def test_ics_export_keeps_uids_across_two_exports(tmp_path: Path, cli: Cli) -> None:
    one, two = tmp_path / "one.ics", tmp_path / "two.ics"
    assert cli("roadmap", "-s", "genai_llm", "-o", str(one)).exit_code == 0
    assert cli("done", "python_basics").exit_code == 0
    assert cli("roadmap", "-s", "genai_llm", "--hours", "5", "--export", "ics", "-o", str(two)).exit_code == 0

    def uids(path: Path) -> set[str]:
        return {str(e["uid"]) for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}

    plan = cli.json("roadmap", "-s", "genai_llm")
    open_ids = {m["id"] for m in modules_of(plan).values() if m["status"] == "open"}
    module_uids = {u for u in uids(two) if "-milestone@" not in u and not u.startswith("ready-")}
    assert "ready-to-apply@mlcareer" in uids(two)
    assert module_uids == {f"{i}@mlcareer" for i in open_ids}
    assert uids(one) - uids(two) == {"python_basics@mlcareer"}


def test_json_export_to_a_file_is_the_same_document(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "plan.json"
    assert cli("roadmap", "-s", "mlops", "--start", "2026-04-01", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == cli.json("roadmap", "-s", "mlops", "--start", "2026-04-01")


# -- done, undo, progress ------------------------------------------------------------------------


def test_done_and_undo_round_trip_through_the_store(cli: Cli) -> None:
    first = cli("done", "python_basics", "sql_git_basics")
    assert first.exit_code == 0, first.output
    assert "Marked python_basics (Python programming basics) as done." in first.stdout
    assert set(Store.open_default(os.environ["MLCAREER_HOME"]).done_modules()) == {"python_basics", "sql_git_basics"}
    again = cli("done", "python_basics", "--lang", "ja")
    assert again.exit_code == 0 and "すでに修了" in again.stdout
    modules = modules_of(cli.json("roadmap", "-s", "mlops"))
    assert modules["python_basics"]["status"] == "done" and modules["python_basics"]["done_by"] == "progress"
    undo = cli("undo", "python_basics")
    assert undo.exit_code == 0 and "is open again" in undo.stdout
    assert cli("undo", "python_basics").stdout.strip().endswith("nothing changed.")
    assert set(Store.open_default(os.environ["MLCAREER_HOME"]).done_modules()) == {"sql_git_basics"}
    assert modules_of(cli.json("roadmap", "-s", "mlops"))["python_basics"]["status"] == "open"


def test_unknown_module_ids_get_the_closest_matches(cli: Cli) -> None:
    result = cli("done", "pyhton_basics")
    assert result.exit_code == 1
    assert "Unknown module 'pyhton_basics'" in result.stderr and "python_basics" in result.stderr
    assert Store.open_default(os.environ["MLCAREER_HOME"]).done_modules() == {}
    ja = cli("undo", "ml_basic", "--lang", "ja")
    assert ja.exit_code == 1 and "候補" in ja.stderr and "ml_basics" in ja.stderr
    # One bad id among good ones: nothing is recorded.
    assert cli("done", "python_basics", "nope_module").exit_code == 1
    assert Store.open_default(os.environ["MLCAREER_HOME"]).done_modules() == {}


def test_progress_survives_a_renamed_module_title(data_copy: Path, cli: Cli) -> None:
    assert cli("done", "python_basics").exit_code == 0
    roadmap = data_copy / "roadmap.yaml"
    text = roadmap.read_text(encoding="utf-8")
    renamed = text.replace("en: Python programming basics", "en: Programming in Python from scratch")
    assert renamed != text
    roadmap.write_text(renamed, encoding="utf-8")
    data = cli.json("--data-dir", str(data_copy), "roadmap", "-s", "mlops")
    python = modules_of(data)["python_basics"]
    assert python["title"] == "Programming in Python from scratch" and python["status"] == "done"
    progress = cli.json("--data-dir", str(data_copy), "progress", "-s", "mlops")
    assert progress["unknown_done"] == [] and progress["hours"]["ticked"] == 70


def test_a_removed_module_is_ignored_and_reported(cli: Cli) -> None:
    with Store.open_default(os.environ["MLCAREER_HOME"]) as store:
        store.set_module_done("old_module", True, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    data = cli.json("progress", "-s", "mlops")
    assert data["unknown_done"] == ["old_module"] and data["hours"]["ticked"] == 0
    text = cli("progress", "-s", "mlops")
    assert text.exit_code == 0 and "old_module" in text.stdout and "no longer has" in text.stdout
    # The stale tick can be taken back, though the knowledge base no longer knows the id.
    assert cli("undo", "old_module").exit_code == 0
    assert Store.open_default(os.environ["MLCAREER_HOME"]).done_modules() == {}


def test_progress_on_the_day_of_the_assessment_is_on_track(assessed: Path, cli: Cli) -> None:
    data = cli.json("progress")
    assert data["standing"] == "on_track" and data["planned_start"] == dt.date.today().isoformat()
    # sql_git_basics is known from the answers; one year of ML work assumes nothing more.
    assert data["phases"][0]["modules_done"] == 1
    assert data["hours"]["done"] == 40 and data["hours"]["known"] == 40 and data["hours"]["ticked"] == 0


def test_progress_behind_re_flows_from_today(cli: Cli) -> None:
    data = cli.json("progress", "-s", "mlops", "--start", "2020-01-06")
    today = dt.date.today()
    assert data["standing"] == "behind" and data["days"] > 0 and data["overdue"]
    first_open = next(m for p in data["plan"]["phases"] for m in p["modules"] if m["status"] == "open")
    assert first_open["start"] == today.isoformat()
    assert data["projected_end"] > data["planned_end"] and data["slip_days"] > 0
    for phase in data["phases"]:
        assert phase["new_end"] is not None
    en = cli("progress", "-s", "mlops", "--start", "2020-01-06")
    assert "You are behind your dates" in en.stdout and "re-flow from today" in en.stdout
    ja = cli("progress", "-s", "mlops", "--start", "2020-01-06", "--lang", "ja")
    assert "予定より遅れています" in ja.stdout and "組み直し" in ja.stdout
    for out in (en.stdout, ja.stdout):
        assert all(len(line) <= 80 for line in out.splitlines())


def test_progress_ahead_after_ticking_modules_early(cli: Cli) -> None:
    start = dt.date.today()
    assert cli("done", "math_stats_foundations", "python_basics").exit_code == 0
    data = cli.json("progress", "-s", "mlops", "--hours", "7", "--start", start.isoformat())
    assert data["standing"] == "ahead" and data["days"] == 120 + 70  # one hour a day
    text = cli("progress", "-s", "mlops", "--hours", "7", "--start", start.isoformat())
    assert "190 days ahead" in text.stdout
    bars = [line for line in text.stdout.splitlines() if "█" in line or "░" in line]
    assert len(bars) >= 3 and "2/5" in bars[0]
    assert "Ticked off" in text.stdout and "190 h" in text.stdout


def test_help_shows_examples(cli: Cli) -> None:
    for command in ("roadmap", "done", "undo", "progress"):
        result = cli(command, "--help")
        assert result.exit_code == 0 and "Examples" in result.stdout


# -- views ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_views_show_knowledge_texts_literally(kb: KnowledgeBase, lang: Lang) -> None:
    odd = Text("[bold]基礎[/bold] [リンク]", "[bold]Basics[/bold] [link]")
    phases = tuple(
        p._replace(modules=tuple(m._replace(name=odd) if m.id == "python_basics" else m for m in p.modules))
        for p in kb.phases
    )
    edited = kb._replace(phases=phases)
    plan = build_plan(edited, "mlops", None, (), frozenset(), 10, dt.date(2026, 4, 1))
    progress = track_progress(edited, plan, frozenset(), dt.date(2027, 1, 1))
    for renderable in (render_plan(edited, plan, lang), render_progress(edited, progress, lang)):
        console = Console(record=True, width=80, color_system=None)
        console.print(renderable)
        out = console.export_text()
        assert odd(lang).split()[0] in out  # "[bold]Basics[/bold]" shown as typed
        assert all(len(line) <= 80 for line in out.splitlines())


@pytest.mark.parametrize("args", [["--hours", "0.0001"], ["--start", "9999-12-01"]])
def test_a_plan_past_the_calendar_is_a_usage_error(args: list[str], cli: Cli) -> None:
    result = cli("roadmap", "-s", "mlops", *args, env={"COLUMNS": "80"})
    assert result.exit_code == 2, result.output
    assert "9999" in result.stderr and "Traceback" not in result.output


def test_roadmap_and_progress_agree_on_dates_after_ticks(assessed: Path, cli: Cli) -> None:
    before = modules_of(cli.json("roadmap"))
    first_open = next(mid for mid, m in before.items() if m["status"] == "open")
    assert cli("done", first_open).exit_code == 0
    plan = cli.json("roadmap")
    after = modules_of(plan)
    assert after[first_open]["status"] == "done"
    # Ticked on the first day: it takes no time, the next open module starts that day.
    opened = [m for m in after.values() if m["status"] == "open"]
    assert opened[0]["start"] == dt.date.today().isoformat()
    assert plan["end"] < max(m["end"] for m in before.values() if m["end"])
    progress = cli.json("progress")
    assert progress["planned_start"] == plan["start"]
    assert progress["planned_end"] == plan["end"]
    assert progress["ready_to_apply"] == plan["ready_to_apply"]
    assert modules_of(progress["plan"]) == after
    assert [p["planned_end"] for p in progress["phases"]] == [p["end"] for p in plan["phases"]]


def test_an_llm_app_builders_plan_says_why_it_applies_after_prompting_and_rag(tmp_path: Path, cli: Cli) -> None:
    answers = tmp_path / "sier.json"
    answers.write_text(
        json.dumps(
            {
                "background": "sier_engineer", "years_experience": 10, "ml_years": 0,
                "skills": ["Java", "SQL", "Git"], "interests": ["llm_apps"], "weekly_hours": 6,
            }
        ),
        encoding="utf-8",
    )  # fmt: skip
    doc = cli.json("roadmap", "--answers", str(answers), "--lang", "ja")
    stages = {stage["id"]: stage for stage in doc["stages"]}
    assert "rag_systems" in stages["before_applying"]["modules"]
    assert "llm_finetuning" in stages["after_hired"]["modules"]
    assert "プロンプトエンジニアリング" in stages["before_applying"]["note"]
    assert "mlcareerの見立て" in stages["before_applying"]["note"]
    other = cli.json("roadmap", "-s", "genai_llm", "--new", "--lang", "en")  # no interests: the whole role
    before = other["stages"][0]
    assert before["note"] == "What the field's entry roles ask for, and the groundwork it builds on."


@pytest.mark.parametrize(("lang", "needle"), [("en", "--specialization"), ("ja", "--specialization を指定")])
def test_a_saved_assessment_for_a_field_that_is_gone_says_what_to_do(
    tmp_path: Path, cli: Cli, lang: str, needle: str
) -> None:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    with Store(home / "mlcareer.db") as store:
        store.save_assessment({}, {"specializations": [{"id": "quantum_ml"}]}, dt.datetime.now(dt.UTC))
    result = cli("roadmap", "--lang", lang)
    assert result.exit_code == 1 and needle in result.stderr, result.output
