"""The plan is a saved thing: roadmap saves what it shows; done, undo, progress and --export use it
with no flags; another field, pace or start replaces it only with --new; ticks carry over by id."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from cli_runner import Cli
from icalendar import Calendar

from mlcareer.storage.store import Store


def open_modules(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for p in plan["phases"] for m in p["modules"] if m["status"] == "open"]


def test_roadmap_then_done_then_progress_then_export_with_no_flags(tmp_path: Any, cli: Cli) -> None:
    first = cli("roadmap", "-s", "mlops", "--hours", "8")
    assert first.exit_code == 0, first.output
    saved = Store.open_default(os.environ["MLCAREER_HOME"]).current_plan()
    assert saved is not None and saved.record["specialization"] == "mlops" and saved.record["weekly_hours"] == 8
    plan = cli.json("roadmap")  # no flags: the current plan
    assert plan["specialization"]["id"] == "mlops" and plan["weekly_hours"] == 8
    first_id = open_modules(plan)[0]["id"]

    done = cli("done", first_id)
    assert done.exit_code == 0, done.output
    assert "Ready to apply:" in done.stdout  # what the tick changed
    progress = cli.json("progress")
    assert progress["plan"]["specialization"]["id"] == "mlops"
    assert progress["hours"]["ticked"] == next(
        m["hours"] for p in plan["phases"] for m in p["modules"] if m["id"] == first_id
    )
    after = cli.json("roadmap")
    # progress and roadmap agree on every date and figure.
    assert progress["planned_end"] == after["end"] and progress["ready_to_apply"] == after["ready_to_apply"]
    assert progress["plan"]["phases"] == after["phases"]
    # Ticked on day one: nothing is left empty and the finish moves earlier, not later.
    assert open_modules(after)[0]["start"] == dt.date.today().isoformat()
    assert after["end"] < plan["end"]

    calendar = tmp_path / "plan.ics"
    exported = cli("roadmap", "--export", "ics", "-o", str(calendar))
    assert exported.exit_code == 0, exported.output
    uids = {str(e["uid"]) for e in Calendar.from_ical(calendar.read_bytes()).walk("VEVENT")}
    assert f"{first_id}@mlcareer" not in uids and "ready-to-apply@mlcareer" in uids
    assert cli("undo", first_id).exit_code == 0
    assert cli.json("roadmap")["end"] == plan["end"]


def test_another_field_replaces_the_current_plan_only_with_new(cli: Cli) -> None:
    assert cli("roadmap", "-s", "mlops").exit_code == 0
    assert cli("done", "python_basics").exit_code == 0
    other = cli("roadmap", "-s", "genai_llm")
    assert other.exit_code == 0 and "Study plan: Generative AI" in other.stdout
    assert "not saved" in other.stderr and "--new" in other.stderr
    assert cli.json("roadmap")["specialization"]["id"] == "mlops"  # kept
    ja = cli("roadmap", "-s", "genai_llm", "--lang", "ja")
    assert "保存していません" in ja.stderr
    slower = cli("roadmap", "--hours", "5")
    assert "not saved" in slower.stderr and cli.json("roadmap")["weekly_hours"] == 10

    replaced = cli("roadmap", "-s", "genai_llm", "--new")
    assert replaced.exit_code == 0 and "not saved" not in replaced.stderr
    plan = cli.json("roadmap")
    assert plan["specialization"]["id"] == "genai_llm"
    python = next(m for p in plan["phases"] for m in p["modules"] if m["id"] == "python_basics")
    assert python["status"] == "done" and python["done_by"] == "progress"  # the tick carried over, by id


def test_same_field_with_more_skills_updates_the_plan_and_keeps_its_start(cli: Cli) -> None:
    assert cli("roadmap", "-s", "mlops", "--start", "2027-01-04").exit_code == 0
    update = cli("roadmap", "-s", "mlops", "--skills", "python,sql,git")
    assert update.exit_code == 0 and "not saved" not in update.stderr
    plan = cli.json("roadmap")
    assert plan["start"] == "2027-01-04" and set(plan["skills"]) == {"python", "sql", "git"}


def test_the_level_changes_the_plan(cli: Cli) -> None:
    hours = {
        level: cli.json("roadmap", "-s", "mlops", "--level", level, "--new")["ready_to_apply"]["hours"]
        for level in ("beginner", "mid", "senior")
    }
    assert hours["beginner"] > hours["mid"] > hours["senior"]
    senior = cli.json("roadmap", "-s", "mlops", "--level", "senior")
    known = {m["id"] for p in senior["phases"] for m in p["modules"] if m["done_by"] == "skills"}
    assert "ml_basics" in known and "python_basics" in known  # not re-taught


def test_a_plan_in_the_past_and_a_heavy_pace_say_so(cli: Cli) -> None:
    plan = cli.json("roadmap", "-s", "mlops", "--start", "2020-01-01", "--hours", "40")
    ids = [w["id"] for w in plan["warnings"]]
    assert "past_start" in ids and "heavy_pace" in ids
    assert all(w["text"] for w in plan["warnings"])
    text = cli("roadmap", "-s", "mlops", "--start", "2020-01-01", "--hours", "40", "--lang", "ja")
    assert "注意（過去の開始日）" in text.stdout and "注意（重いペース）" in text.stdout
    md = cli("roadmap", "-s", "mlops", "--start", "2020-01-01", "--hours", "40", "--export", "md")
    assert "## Warnings" in md.stdout and "**Start in the past:**" in md.stdout


def test_a_newer_assessment_updates_the_same_plan_and_is_pointed_out_otherwise(tmp_path: Any, cli: Cli) -> None:
    def assess(skills: str, interests: str) -> None:
        answers = tmp_path / "me.yaml"
        answers.write_text(
            f"background: infra_engineer\nyears_experience: 6\nml_years: 0\nskills: [{skills}]\n"
            f"interests: [{interests}]\nweekly_hours: 10\n",
            encoding="utf-8",
        )
        assert cli("assess", "--answers", str(answers)).exit_code == 0

    assess("python, docker", "ml_infrastructure")
    first = cli.json("roadmap", "--start", "2027-01-04")
    assert first["specialization"]["id"] == "mlops"
    assess("python, docker, kubernetes, sql, git", "ml_infrastructure")  # learnt more, same field and pace
    again = cli("roadmap")
    assert "differs" not in again.stderr and "not saved" not in again.stderr
    assert "counts what your latest assessment says you know" in again.stderr  # never a silent change
    assert "latest assessment" not in cli("roadmap").stderr  # said once: the plan saved has them now
    updated = cli.json("roadmap")
    assert updated["start"] == "2027-01-04" and "kubernetes" in updated["skills"]
    assess("python", "llm_apps")  # another field
    other = cli("roadmap")
    assert "Your latest assessment" in other.stderr and "roadmap --new" in other.stderr
    assert cli.json("roadmap")["specialization"]["id"] == "mlops"  # kept until asked
    assert cli.json("roadmap", "--new")["specialization"]["id"] == "genai_llm"


def test_the_portfolio_comes_before_applying_and_the_field_project_after(cli: Cli) -> None:
    out = cli("roadmap", "-s", "data_scientist", "--lang", "en").stdout
    before, after = out.split("After you are hired", 1)
    assert "A Kaggle competition" in before and "A public portfolio project on GitHub" in before
    project = "An analysis project that answers a business question"
    assert project in " ".join(after.split()) and project not in " ".join(before.split())
    assert "production pipeline" not in out  # MLOps's project, not this field's
    md = cli("roadmap", "-s", "mlops", "--export", "md").stdout
    assert md.index("GitHub") < md.index("## After you are hired") < md.index("end-to-end production pipeline")


def test_ticking_a_module_the_plan_does_not_have_says_so_and_keeps_the_tick(cli: Cli) -> None:
    assert cli("roadmap", "-s", "mlops").exit_code == 0
    outside = cli("done", "cv_basics", "python_basics")
    assert outside.exit_code == 0
    assert "cv_basics is not in your current plan" in outside.stdout
    assert "python_basics is not" not in outside.stdout  # the plan has that one
    ja = cli("done", "sql_git_basics", "--lang", "ja")
    assert "今の計画にない" not in ja.stdout
    assert cli.json("roadmap", "--new", "-s", "computer_vision")["specialization"]["id"] == "computer_vision"
    plan = cli.json("roadmap")
    cv = next(m for p in plan["phases"] for m in p["modules"] if m["id"] == "cv_basics")
    assert cv["status"] == "done"  # kept, and counted by the plan that has it
