"""`mlcareer assess --answers`, batches, history, and every answers-file mistake."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_runner import Cli

from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.quiz import Quiz
from mlcareer.domain.rules import RuleSet

from personas import PERSONAS


def write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_assess_from_yaml_prints_the_json_contract(tmp_path: Path, cli: Cli) -> None:
    path = write(tmp_path, "me.yaml", PERSONAS[0].answers)
    result = cli("assess", "--answers", str(path), "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert {"level", "phase", "specializations", "skill_gaps", "salary", "job_sites", "similar_cases"} <= doc.keys()
    scores = [s["score"] for s in doc["specializations"]]
    assert scores == sorted(scores, reverse=True)
    assert all({"id", "name", "score", "reasons"} <= s.keys() for s in doc["specializations"])
    assert doc["specializations"][0]["id"] == "mlops" and doc["level"] == "mid" and doc["phase"] == 2
    assert {"skill", "name"} <= doc["skill_gaps"][0].keys()
    assert doc["salary"]["unit"] == "man_yen"
    assert doc["job_sites"] and doc["similar_cases"][0] == "web_to_ml_engineer"


def test_assess_from_json_on_stdin_in_japanese(tmp_path: Path, cli: Cli) -> None:
    result = cli("assess", "--answers", "-", "--lang", "ja", "--no-save", stdin=json.dumps(PERSONAS[2].answers))
    assert result.exit_code == 0, result.output
    assert "あなたに合う分野" in result.stdout and "データサイエンス" in result.stdout
    assert "次の3つのステップ" in result.stdout
    history = cli("history", "--json")
    assert json.loads(history.stdout)["assessments"] == []  # --no-save saved nothing


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"backgrond": "web_engineer"}, "backgrond: unknown key (did you mean: background?)"),
        ({"background": "web_dev"}, "background: unknown value 'web_dev' (did you mean: web_engineer"),
        ({"years_experience": "four"}, "years_experience: expected a whole number, got a string ('four')"),
        ({"years_experience": -1}, "years_experience: expected a number from 0 to 50, got -1"),
        ({"ml_years": 9}, "ml_years: cannot be more than years_experience (9 > 4)"),
        ({"skills": [42]}, "skills: expected a skill id or name, got a number (42)"),
        ({"skills": {"python": True}}, "skills: expected a list of skill ids or names, got a mapping"),
        ({"interests": []}, "interests: required: at least one of"),
        ({"interests": ["llm"]}, "interests: unknown value 'llm' (did you mean: llm_apps"),
        ({"industries": ["banking"]}, "industries: unknown value 'banking'"),
        ({"weekly_hours": 0}, "weekly_hours: expected a number from 1 to 80, got 0"),
        ({"weekly_hours": True}, "weekly_hours: expected a number of hours, got a boolean (True)"),
        ({"target_salary": 12.5}, "target_salary: expected a whole number, got a number (12.5)"),
    ],
)
def test_every_answers_mistake_is_one_clear_line(
    tmp_path: Path, change: dict[str, Any], expected: str, cli: Cli
) -> None:
    data = {**PERSONAS[0].answers, **change}
    if "backgrond" in change:
        del data["background"]
    path = write(tmp_path, "bad.yaml", data)
    result = cli("assess", "--answers", str(path))
    assert result.exit_code == 1, result.output
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_all_answers_mistakes_at_once(tmp_path: Path, cli: Cli) -> None:
    path = write(tmp_path, "bad.yaml", {"background": "x", "years_experience": "y", "interests": ["z"], "foo": 1})
    result = cli("assess", "--answers", str(path))
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("  ")]
    assert len(lines) >= 5  # foo, background, years_experience, ml_years (missing), interests


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("background: [unclosed\n", "not valid YAML"),
        ("- 1\n- 2\n", "record 1"),
        ("", "is empty"),
        ("just a string\n", "expected a mapping"),
    ],
)
def test_broken_answer_files(tmp_path: Path, content: str, expected: str, cli: Cli) -> None:
    path = write(tmp_path, "broken.yaml", content)
    result = cli("assess", "--answers", str(path))
    assert result.exit_code == 1
    assert expected in result.stderr


def test_missing_answers_file_is_a_usage_error(tmp_path: Path, cli: Cli) -> None:
    result = cli("assess", "--answers", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2 and "not found" in result.stderr


def test_batch_of_jsonl_processes_good_records_and_reports_bad_ones(tmp_path: Path, cli: Cli) -> None:
    lines = [
        json.dumps(PERSONAS[0].answers),
        json.dumps({**PERSONAS[1].answers, "background": "wizard"}),
        "{not json",
        json.dumps(PERSONAS[2].answers),
    ]
    path = write(tmp_path, "cohort.jsonl", "\n".join(lines) + "\n")
    result = cli("assess", "--answers", str(path))
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(d["record"], d["specializations"][0]["id"]) for d in out] == [(1, "mlops"), (4, "data_scientist")]
    errors = result.stderr.splitlines()
    assert any(e.startswith("record 2: ") and "wizard" in e for e in errors)
    assert any(e.startswith("record 3: ") and "not valid JSON" in e for e in errors)
    assert json.loads(cli("history", "--json").stdout)["assessments"] == []  # batches are not saved


def test_batch_as_a_yaml_list_all_good(tmp_path: Path, cli: Cli) -> None:
    path = write(tmp_path, "cohort.yaml", [p.answers for p in PERSONAS])
    result = cli("assess", "--answers", str(path))
    assert result.exit_code == 0, result.stderr
    tops = [json.loads(line)["specializations"][0]["id"] for line in result.stdout.splitlines()]
    assert len(tops) == len(PERSONAS)
    for top, persona in zip(tops, PERSONAS, strict=True):
        expected = persona.expect.get("top", top)
        assert top in (expected if isinstance(expected, list) else [expected]), persona.name


def test_unknown_skills_are_a_warning_not_an_error(tmp_path: Path, cli: Cli) -> None:
    data = {**PERSONAS[0].answers, "skills": "Python, React, pytorh"}
    result = cli("assess", "--answers", str(write(tmp_path, "me.yaml", data)), "--json", "--no-save")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["skills_held"] == ["python"]
    assert out["skills_unknown"] == ["React", "pytorh"]
    assert out["answers"]["skills"] == ["python", "React", "pytorh"]
    warning = next(w for w in out["warnings"] if w["id"] == "unknown_skills")
    assert "React" in warning["text"] and "PyTorch" in warning["text"]
    shown = cli("assess", "--answers", str(write(tmp_path, "me.yaml", data)), "--no-save", "--lang", "ja")
    assert shown.exit_code == 0 and "React" in shown.stdout and "カタログにない" in shown.stdout


def test_assessment_json_keeps_named_and_implied_skills_apart(tmp_path: Path, cli: Cli) -> None:
    data = {**PERSONAS[0].answers, "skills": ["PyTorch", "LoRA"], "interests": ["llm_apps"]}
    out = json.loads(cli("assess", "-a", str(write(tmp_path, "me.yaml", data)), "--json", "--no-save").stdout)
    assert out["skills_held"] == ["pytorch", "lora"]
    inferred = {i["skill"]: i["from"] for i in out["skills_inferred"]}
    assert inferred["python"] == "pytorch" and inferred["fine_tuning"] == "lora"
    assert {"id", "text"} <= set(out["warnings"][0])
    gap = next(g for g in out["skill_gaps"] if g["choice"] == "llm_family")
    assert gap["skill"] == "gpt" and gap["alternatives"] == ["bert", "t5", "claude", "llama"]


def test_history_lists_and_compares(tmp_path: Path, cli: Cli) -> None:
    first = write(tmp_path, "before.yaml", PERSONAS[2].answers)
    more_skills = {**PERSONAS[2].answers, "skills": [*PERSONAS[2].answers["skills"], "python", "pandas", "sql"]}
    second = write(tmp_path, "after.yaml", more_skills)
    assert cli("history").stdout.startswith("No assessments yet")
    assert cli("assess", "-a", str(first)).exit_code == 0
    assert "two assessments" in cli("history", "--compare").stderr
    assert cli("assess", "-a", str(second)).exit_code == 0
    listing = json.loads(cli("history", "--json").stdout)["assessments"]
    assert len(listing) == 2 and listing[0]["id"] > listing[1]["id"]
    diff = json.loads(cli("history", "--compare", "--json").stdout)
    ds = next(s for s in diff["scores"] if s["specialization"] == "data_scientist")
    assert ds["after"] >= ds["before"]
    assert {"python", "pandas"} <= set(diff["skill_gaps"]["closed"])
    assert diff["skill_gaps"]["after"] < diff["skill_gaps"]["before"]
    text = cli("history", "--compare").stdout
    assert "How scores moved" in text and "Closed" in text


def test_damaged_history_database_is_moved_aside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "mlcareer.db").write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("MLCAREER_HOME", str(home))
    result = cli("history")
    assert result.exit_code == 0
    assert "mlcareer.db" in result.stderr
    assert any(p.name.startswith("mlcareer.db.damaged-") for p in home.iterdir())


def test_quiz_without_a_terminal_points_to_answers() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mlcareer", "assess", "--lang", "en"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "--answers" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("bad", [".inf", ".nan", "-.inf"])
def test_infinite_or_nan_numbers_are_answer_errors(tmp_path: Path, bad: str, cli: Cli) -> None:
    path = write(tmp_path, "inf.yaml", f"background: student\nyears_experience: {bad}\nml_years: 0\n"
                                       f"interests: [vision]\nweekly_hours: {bad}\n")  # fmt: skip
    result = cli("assess", "--answers", str(path))
    assert result.exit_code == 1
    assert "years_experience: expected a whole number" in result.stderr
    assert "weekly_hours: expected a number from 1 to 80" in result.stderr


def test_a_bad_batch_record_is_numbered_once_and_its_problems_name_the_file(tmp_path: Path, cli: Cli) -> None:
    lines = [json.dumps(PERSONAS[0].answers), json.dumps({**PERSONAS[1].answers, "background": "wizard"})]
    path = write(tmp_path, "cohort.jsonl", "\n".join(lines) + "\n")
    result = cli("assess", "--answers", str(path))
    (line,) = [e for e in result.stderr.splitlines() if "wizard" in e]
    assert line.startswith(f"record 2: {path}: background: ") and line.count("record 2") == 1


def test_nan_in_one_batch_record_does_not_stop_the_others(tmp_path: Path, cli: Cli) -> None:
    good = json.dumps(PERSONAS[3].answers)
    path = write(tmp_path, "cohort.jsonl", f'{{"background": "student", "years_experience": NaN}}\n{good}\n')
    result = cli("assess", "--answers", str(path))
    assert result.exit_code == 1
    assert [json.loads(line)["record"] for line in result.stdout.splitlines()] == [2]
    assert result.stderr.startswith("record 1: ")


def test_jsonl_with_a_line_that_is_not_an_object(tmp_path: Path, cli: Cli) -> None:
    good = json.dumps(PERSONAS[3].answers)
    path = write(tmp_path, "cohort.jsonl", f"{good}\noops\n[1, 2]\n\n{good}\n")
    result = cli("assess", "--answers", str(path))
    assert result.exit_code == 1
    assert [json.loads(line)["record"] for line in result.stdout.splitlines()] == [1, 4]
    assert "cohort.jsonl:2: not valid JSON" in result.stderr
    assert "record 3: " in result.stderr and "expected a mapping" in result.stderr


def test_pretty_printed_json_is_one_person(tmp_path: Path, cli: Cli) -> None:
    path = write(tmp_path, "me.json", json.dumps(PERSONAS[3].answers, indent=2))
    result = cli("assess", "--answers", str(path), "--json", "--no-save")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["specializations"][0]["id"] == "computer_vision"


def test_a_file_with_a_bom_and_stdin_that_is_not_utf8(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(PERSONAS[3].answers).encode())
    assert cli("assess", "--answers", str(path), "--no-save").exit_code == 0
    result = subprocess.run(
        [sys.executable, "-m", "mlcareer", "assess", "--answers", "-", "--no-save"],
        input=b"background: \xff\xfe student\n",
        capture_output=True,
        check=False,
    )
    assert result.returncode == 1
    assert b"not UTF-8" in result.stderr and b"Traceback" not in result.stderr


def test_compare_does_not_claim_skills_learned_when_the_best_fit_changed(tmp_path: Path, cli: Cli) -> None:
    mlops = write(tmp_path, "a.yaml", PERSONAS[4].answers)  # infra engineer: MLOps
    data = write(tmp_path, "b.yaml", {**PERSONAS[4].answers, "interests": ["data_analysis"],
                                      "industries": ["finance"], "background": "data_analyst"})  # fmt: skip
    assert cli("assess", "-a", str(mlops)).exit_code == 0
    assert cli("assess", "-a", str(data)).exit_code == 0
    diff = json.loads(cli("history", "--compare", "--json").stdout)
    assert diff["top"] == {"before": "mlops", "after": "data_scientist"}
    assert diff["skill_gaps"]["comparable"] is False and diff["skill_gaps"]["closed"] == []
    text = cli("history", "--compare").stdout
    assert "Best fit" in text and "not compared" in text and "Closed" not in text


def test_the_result_is_shown_even_when_history_cannot_be_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    monkeypatch.setenv("MLCAREER_HOME", str(blocker))
    path = write(tmp_path, "me.yaml", PERSONAS[3].answers)
    result = cli("assess", "--answers", str(path))
    assert "Best fit" in result.stdout  # shown first
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert blocker.read_text(encoding="utf-8").startswith("a file")  # nothing lost


def test_someone_with_every_skill_still_gets_three_next_steps(kb: KnowledgeBase, quiz: Quiz, rules: RuleSet) -> None:
    from mlcareer.domain.advisor import advise
    from mlcareer.loading.answers import parse_answers
    from mlcareer.render.phrases import say

    everything = {**PERSONAS[8].answers, "skills": sorted(kb.skills)}
    result = advise(kb, rules, parse_answers(kb, quiz, everything))
    assert result.skill_gaps == () and len(result.next_steps) == 3
    assert "mlcareer interview" in say(result.next_steps[-1], "en")


def test_the_reasons_shown_for_a_field_add_up_to_its_score(tmp_path: Path, cli: Cli) -> None:
    """Only three reasons fit in the table; the rest are summed in one line, so the points still add up."""
    persona = next(p for p in PERSONAS if p.name == "web developer trying LLM apps")
    path = write(tmp_path, "me.yaml", persona.answers)
    result = cli.json("assess", "--answers", str(path), "--no-save")
    top = result["specializations"][0]
    assert len(top["reasons"]) > 3  # otherwise this test proves nothing
    wide = cli("assess", "--answers", str(path), "--no-save", env={"COLUMNS": "200"})
    rows = wide.stdout.split("Top reasons", 1)[1].split("\n\n", 1)[0].splitlines()
    start = next(i for i, line in enumerate(rows) if f"{top['score']:>3}   +" in line)
    points = []
    for line in rows[start:]:
        found = [w for w in line.split() if w[:1] in "+-" and w[1:].isdigit()]
        if points and (not found or line.split()[0] != found[0]):
            break  # the next field's row
        points.append(int(found[0]))
    assert sum(points) == top["score"], (points, top)
    assert "more reasons (all in --json)" in wide.stdout
