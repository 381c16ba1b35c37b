"""`mlcareer match`: the readiness score's properties, the JSON contract, folders, and every bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cli_runner import Cli
from hypothesis import given, settings
from hypothesis import strategies as st

from mlcareer.domain.matching import Asked, Person, match_posting, readiness_of
from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.rules import RuleSet
from mlcareer.render.phrases import say

from posting_scores import FIXTURES, read_fixture

TODAY = dt.date(2026, 4, 1)


# -- readiness ---------------------------------------------------------------------------------

asked_lists = st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=12)


def _asked(flags: list[tuple[bool, bool]]) -> list[Asked]:
    return [Asked((f"s{i}",), required, "x" if held else None, None) for i, (required, held) in enumerate(flags)]


@given(asked_lists, st.data())
@settings(max_examples=200, deadline=None)
def test_gaining_a_skill_never_lowers_readiness(flags: list[tuple[bool, bool]], data: st.DataObject) -> None:
    missing = [i for i, (_, held) in enumerate(flags) if not held]
    if not missing:
        return
    gained = data.draw(st.sampled_from(missing))
    before, _ = readiness_of(_asked(flags))
    after_flags = [(r, h or i == gained) for i, (r, h) in enumerate(flags)]
    after, _ = readiness_of(_asked(after_flags))
    assert before is not None and after is not None
    assert after >= before
    if flags[gained][0]:  # a required skill counts for more than a preferred one
        assert after > before


@given(asked_lists)
def test_readiness_is_100_exactly_when_everything_is_held(flags: list[tuple[bool, bool]]) -> None:
    score, reasons = readiness_of(_asked(flags))
    assert score is not None and 0 <= score <= 100
    assert (score == 100) == all(held for _, held in flags)
    assert len(reasons) == 3  # required count, preferred count, the sum


def test_a_required_skill_weighs_more_than_a_preferred_one() -> None:
    required_held, _ = readiness_of(_asked([(True, True), (False, False)]))
    preferred_held, _ = readiness_of(_asked([(True, False), (False, True)]))
    assert required_held == 75 and preferred_held == 25


def test_readiness_explains_itself_in_both_languages() -> None:
    _, reasons = readiness_of(_asked([(True, True), (True, False), (False, True)]))
    assert (
        say(reasons[0], "en") == "Required skills: 1 of 2 held"
        and say(reasons[0], "ja") == "必須スキル: 2個中1個を保有"
    )
    assert say(reasons[2], "en").endswith("(3×1 + 1) ÷ (3×2 + 1) → 57")


def test_a_posting_with_no_preferred_skills_says_so_instead_of_0_of_0() -> None:
    _, reasons = readiness_of(_asked([(True, True), (True, False)]))
    assert say(reasons[1], "en") == "Preferred skills: none named" and say(reasons[1], "ja") == "歓迎スキル: 記載なし"
    assert say(reasons[0], "ja") == "必須スキル: 2個中1個を保有"


def test_holding_every_skill_of_a_posting_gives_100_and_nothing_to_study(kb: KnowledgeBase, rules: RuleSet) -> None:
    posting = read_fixture(kb, "ja_mlops.txt")
    everything = tuple(f.skill for f in posting.skills)
    result = match_posting(kb, rules, posting, Person(everything), TODAY)
    assert result.readiness == 100
    assert result.missing == () and result.study == () and result.ready_by == TODAY


def test_implied_skills_count_as_held_and_say_where_from(kb: KnowledgeBase, rules: RuleSet) -> None:
    posting = read_fixture(kb, "en_cv_engineer.md")
    result = match_posting(kb, rules, posting, Person(("pytorch",)), TODAY)
    assert "pytorch" in result.held
    implied = dict(result.implied)
    assert "python" in result.held and implied["python"] == "pytorch"


def test_a_choice_group_named_together_is_one_requirement_met_by_any(kb: KnowledgeBase, rules: RuleSet) -> None:
    posting = read_fixture(kb, "en_data_scientist.txt")  # "LightGBM or XGBoost"
    result = match_posting(kb, rules, posting, Person(("xgboost",)), TODAY)
    boosting = next(a for a in result.asked if "lightgbm" in a.skills)
    assert set(boosting.skills) == {"lightgbm", "xgboost"} and boosting.held_by == "xgboost"
    assert "lightgbm" not in result.missing and "xgboost" in result.held
    fresh = match_posting(kb, rules, posting, Person(()), TODAY)
    entries = [item for item in fresh.study if item.skill in ("lightgbm", "xgboost")]
    assert len(entries) == 1 and entries[0].alternatives  # one study entry, the other as its alternative


def test_another_member_of_the_choice_group_is_shown_but_not_counted(kb: KnowledgeBase, rules: RuleSet) -> None:
    posting = read_fixture(kb, "en_cv_engineer.md")  # PyTorch, not TensorFlow
    result = match_posting(kb, rules, posting, Person(("tensorflow",)), TODAY)
    pytorch = next(a for a in result.asked if a.skills == ("pytorch",))
    assert not pytorch.held and pytorch.alternative_held == "tensorflow"
    assert "pytorch" in result.missing


def test_study_order_puts_prerequisites_first_and_dates_the_end(kb: KnowledgeBase, rules: RuleSet) -> None:
    posting = read_fixture(kb, "en_mlops_platform.md")
    result = match_posting(kb, rules, posting, Person(("python",), weekly_hours=10), TODAY)
    order = [item.skill for item in result.study]
    assert order.index("docker") < order.index("kubernetes")  # Kubernetes builds on Docker
    for position, skill in enumerate(order):
        assert not (kb.prerequisite_closure[skill] & set(order[position + 1 :]))
    assert result.study_hours == sum(kb.skills[s].hours for s in order)
    assert result.ready_by == TODAY + dt.timedelta(days=-(-result.study_hours * 7 // 10))


def test_an_llm_app_builder_studies_for_a_rag_posting_as_their_roadmap_plans_it(
    kb: KnowledgeBase, rules: RuleSet
) -> None:
    from mlcareer.domain.planner import build_plan

    posting = read_fixture(kb, "ja_llm_rag.md")
    skills = ("python", "git", "llm_api", "prompt_engineering")
    builder = match_posting(kb, rules, posting, Person(skills, interests=("llm_apps",)), TODAY)
    other = match_posting(kb, rules, posting, Person(skills), TODAY)
    assert builder.specialization == other.specialization == "genai_llm"
    theory = {"transformer", "attention_mechanism", "positional_encoding", "deep_learning_basics", "calculus"}
    builds = [item.skill for item in builder.study]
    assert "rag" in builds and not theory & set(builds)  # RAG before the Transformer's internals
    assert theory <= {item.skill for item in other.study}  # whoever trains models learns them first
    assert builder.study_hours < other.study_hours
    # `match --plan` keeps to the same rule: RAG before applying, PyTorch and the Transformer (which
    # the NLP the posting would like builds on) after hiring.
    plan = build_plan(kb, "genai_llm", "beginner", skills, (), 10, TODAY, interests=("llm_apps",),
                      focus=builds)  # fmt: skip
    stage = {m.id: m.stage for m in plan.modules}
    assert stage["rag_systems"] == "before_applying" and plan.ready_to_apply.module == "rag_systems"
    assert {stage.get("pytorch_basics"), stage.get("transformer_basics")} <= {"after_hired", None}


def test_what_required_skills_need_comes_before_what_preferred_ones_need(kb: KnowledgeBase, rules: RuleSet) -> None:
    posting = read_fixture(kb, "mixed_ml_engineer.md")
    result = match_posting(kb, rules, posting, Person(("python", "sql")), TODAY)
    order = [item.skill for item in result.study]
    asked_required = {s for a in result.asked if a.required and not a.held for s in a.skills[:1]}
    for_required = asked_required.union(*(kb.prerequisite_closure[s] for s in asked_required))
    first = [i for i, skill in enumerate(order) if skill in for_required]
    rest = [i for i, skill in enumerate(order) if skill not in for_required]
    assert first and rest and max(first) < min(rest), order


def test_the_posting_field_is_scored_like_assess(kb: KnowledgeBase, rules: RuleSet) -> None:
    fields = {
        "ja_mlops.txt": "mlops",
        "en_cv_engineer.md": "computer_vision",
        "en_data_scientist.txt": "data_scientist",
        "en_llm.html": "genai_llm",
    }
    for name, field in fields.items():
        result = match_posting(kb, rules, read_fixture(kb, name), Person(()), TODAY)
        assert result.specialization == field, name


def test_experience_and_salary_fit(kb: KnowledgeBase, rules: RuleSet) -> None:
    posting = read_fixture(kb, "ja_mlops.txt")  # 3 years, 700-1,100万円
    junior = match_posting(kb, rules, posting, Person((), level="beginner", years=1, target_salary=1200), TODAY)
    assert junior.experience_fit == "short" and junior.salary_fit == "below_target"
    assert junior.experience_reason is not None and "2 short" in say(junior.experience_reason, "en")
    fits = match_posting(kb, rules, posting, Person((), level="mid", years=4, target_salary=800), TODAY)
    assert fits.experience_fit == "meets" and fits.salary_fit == "within"
    unknown = match_posting(kb, rules, posting, Person(()), TODAY)
    assert unknown.experience_fit == "unknown" and unknown.salary_fit == "unknown"


# -- the command -------------------------------------------------------------------------------

JSON_FIELDS = {"skills", "held", "missing", "readiness", "specialization", "experience_years", "salary", "ready_by"}


def test_json_has_the_fields_the_issue_names(cli: Cli) -> None:
    result = cli("match", str(FIXTURES / "ja_llm_rag.md"), "--skills", "python,git,docker", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc.keys() >= JSON_FIELDS
    python = next(s for s in doc["skills"] if s["id"] == "python")
    assert python == {"id": "python", "name": "Python", "required": True, "found": "Python", "line": 13}
    assert {"python", "git", "docker"} <= set(doc["held"])
    assert "llm_api" in doc["missing"] and "python" not in doc["missing"]
    assert isinstance(doc["readiness"], int) and 0 < doc["readiness"] < 100
    assert doc["specialization"] == "genai_llm"
    assert doc["experience_years"] == 3
    assert doc["salary"]["min"] == 600 and doc["salary"]["max"] == 1000
    assert dt.date.fromisoformat(doc["ready_by"]) > dt.date.today()


def test_standard_input_and_answers_file(tmp_path: Path, cli: Cli) -> None:
    answers = tmp_path / "me.yaml"
    answers.write_text(
        "background: web_engineer\nyears_experience: 5\nml_years: 1\nskills: [python, sql]\n"
        "interests: [ml_infrastructure]\ntarget_salary: 900\n",
        encoding="utf-8",
    )
    text = (FIXTURES / "ja_mlops.txt").read_text(encoding="utf-8")
    result = cli("match", "-", "--answers", str(answers), "--json", stdin=text)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["experience_fit"] in ("meets", "short") and doc["salary_fit"] == "within"
    assert "python" in doc["held"]


def test_the_last_assessment_is_used_when_nothing_else_is_given(tmp_path: Path, cli: Cli) -> None:
    posting = str(FIXTURES / "en_data_scientist.txt")
    missing = cli("match", posting)
    assert missing.exit_code == 1 and "mlcareer assess" in missing.output
    answers = tmp_path / "me.yaml"
    answers.write_text(
        "background: data_analyst\nyears_experience: 3\nml_years: 1\nskills: [sql, python, pandas]\n"
        "interests: [data_analysis]\n",
        encoding="utf-8",
    )
    assert cli("assess", "--answers", str(answers)).exit_code == 0
    result = cli("match", posting, "--json")
    assert result.exit_code == 0, result.output
    assert {"sql", "python", "pandas"} <= set(json.loads(result.stdout)["held"])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_view_in_both_languages(lang: str, cli: Cli) -> None:
    result = cli("match", str(FIXTURES / "en_cv_engineer.md"), "--skills", "python,pytorch", "--lang", lang)
    assert result.exit_code == 0, result.output
    out = result.stdout
    if lang == "ja":
        assert "準備度" in out and "必須" in out and "名古屋" in out
        assert "Nagoya" not in out and "required" not in out
        assert not any(line.lstrip().startswith(("、", "。")) for line in out.splitlines())
    else:
        assert "Readiness" in out and "required" in out and "Nagoya" in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_a_folder_gives_one_json_line_per_posting_and_a_summary(tmp_path: Path, cli: Cli) -> None:
    result = cli("match", str(FIXTURES), "--skills", "python,sql", "--json", env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == len(list(FIXTURES.glob("*.*"))) - 1  # every posting and CV, not expected.yaml
    assert all(line.keys() >= JSON_FIELDS and "file" in line for line in lines)
    assert "Skills asked for most" in result.stderr
    plain = cli("match", str(FIXTURES), "--skills", "python,sql")
    assert plain.exit_code == 0 and "Skills asked for most" in plain.stdout


def test_plan_turns_the_missing_skills_into_dated_modules_and_becomes_the_current_plan(cli: Cli) -> None:
    result = cli("match", str(FIXTURES / "ja_mlops.txt"), "--skills", "python", "--plan", "--json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    modules = [m for phase in plan["phases"] for m in phase["modules"]]
    taught = {s for m in modules for s in m["skills"]}
    assert {"kubernetes", "mlflow"} <= taught
    assert not any("nerf" in m["skills"] or "gan" in m["skills"] for m in modules)  # nothing the posting lacks
    whole = cli("roadmap", "-s", "mlops", "--skills", "python", "--json")  # shown, not saved: a plan exists
    assert plan["hours"]["total"] < json.loads(whole.stdout)["hours"]["total"]
    # It is the current plan now: progress follows it, with the same hours.
    progress = cli("progress", "--json")
    assert progress.exit_code == 0, progress.output
    assert json.loads(progress.stdout)["hours"]["left"] == plan["hours"]["open"]


def test_a_second_posting_plan_replaces_the_current_one_only_with_new(cli: Cli) -> None:
    assert cli("match", str(FIXTURES / "ja_mlops.txt"), "--skills", "python", "--plan").exit_code == 0
    kept = cli("match", str(FIXTURES / "en_llm.html"), "--skills", "python", "--plan")
    assert kept.exit_code == 0 and "Add --new" in kept.stderr
    assert json.loads(cli("progress", "--json").stdout)["plan"]["specialization"]["id"] == "mlops"
    replaced = cli("match", str(FIXTURES / "en_llm.html"), "--skills", "python", "--plan", "--new")
    assert replaced.exit_code == 0, replaced.output
    assert json.loads(cli("progress", "--json").stdout)["plan"]["specialization"]["id"] == "genai_llm"
    assert cli("match", str(FIXTURES / "en_llm.html"), "--skills", "python", "--new").exit_code == 2


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("posting.pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        ("latin1.txt", "Café Python développeur".encode("latin-1"), "not UTF-8"),
        ("huge.txt", b"Python " * 200_000, "too large"),
        ("scripts.html", b"<html><head><script>var x = 'Python';</script></head><body><script>1</script></body></html>",
         "no readable text"),
    ],
)  # fmt: skip
def test_bad_files_get_a_clear_message_and_exit_1(tmp_path: Path, name: str, data: bytes, says: str, cli: Cli) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("match", str(path), "--skills", "python")
    assert result.exit_code == 1, result.output
    assert says in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_posting_without_catalogue_skills_has_no_readiness_and_says_so(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "sales.txt"
    path.write_text("法人営業（未経験歓迎）\n必須: 普通自動車免許\n年収400万〜600万円\n", encoding="utf-8")
    result = cli("match", str(path), "--skills", "python", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["skills"] == [] and doc["readiness"] is None and doc["specialization"] is None
    assert doc["salary"]["min"] == 400
    view = cli("match", str(path), "--skills", "python")
    assert "cannot be judged" in view.stdout and "No skill of the catalogue" in view.stdout


def test_a_folder_with_no_text_files(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    result = cli("match", str(tmp_path), "--skills", "python")
    assert result.exit_code == 1 and "no text files" in result.output


def test_a_bad_file_in_a_folder_is_reported_and_the_rest_still_run(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "a.txt").write_text("必須: Python, SQL", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    result = cli("match", str(tmp_path), "--skills", "python", "--json")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    assert "b.txt" in result.stderr and "empty" in result.stderr


def test_missing_file_and_conflicting_options(cli: Cli) -> None:
    missing = cli("match", "no-such-posting.txt", "--skills", "python")
    assert missing.exit_code == 2 and "not found" in missing.output
    both = cli("match", str(FIXTURES / "ja_mlops.txt"), "--skills", "python", "--answers", "x.yaml")
    assert both.exit_code == 2 and "either --skills or --answers" in both.output
    unknown = cli("match", str(FIXTURES / "ja_mlops.txt"), "--skills", "pythn")
    assert unknown.exit_code == 1 and "python" in unknown.output
