"""Every lookup command, as rich text in both languages and as JSON, and its error paths."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import Cli


def test_roles_by_level_json_carries_the_contract(cli: Cli) -> None:
    data = cli.json("roles", "--level", "mid")
    ids = [r["id"] for r in data["roles"]]
    assert {"senior_data_scientist", "ml_engineer", "ai_product_manager", "rd_engineer"} <= set(ids)
    assert "chief_ai_officer" not in ids
    for role in data["roles"]:
        assert {"id", "name", "specializations", "levels", "salary", "skills"} <= role.keys()
        assert role["salary"]["unit"] == "man_yen" and role["salary"]["min"] <= role["salary"]["max"]
        assert "mid" in role["levels"]
    assert data["source"]["published"] == "2025-06-27"


def test_roles_by_specialization_and_one_role(cli: Cli) -> None:
    data = cli.json("roles", "--specialization", "mlops")
    assert all("mlops" in r["specializations"] for r in data["roles"]) and data["roles"]
    one = cli.json("roles", "chief_ai_officer")
    assert one["salary"] == {"min": 1400, "max": 2500, "unit": "man_yen", "open_ended": True, "derived": True,
                             "basis": one["salary"]["basis"]}  # fmt: skip


def test_roles_text_in_both_languages(cli: Cli) -> None:
    en = cli("roles", "--level", "senior", "--lang", "en")
    ja = cli("roles", "--level", "senior", "--lang", "ja")
    assert en.exit_code == ja.exit_code == 0
    assert "chief_ai_officer" in en.stdout and "¥14.0M–25.0M+" in en.stdout
    assert "1,400〜2,500万円以上" in ja.stdout and "出典" in ja.stdout
    assert all(len(line) <= 80 for line in en.stdout.splitlines())


def test_specializations_levels_skills_market_sites_cases_json(cli: Cli) -> None:
    specs = cli.json("specializations")["specializations"]
    assert [s["id"] for s in specs] == ["genai_llm", "mlops", "computer_vision", "data_scientist"]
    assert specs[0]["demand_share_pct"] == 35
    assert cli.json("specializations", "mlops")["salary"]["max"] == 1500
    assert [lv["id"] for lv in cli.json("levels")["levels"]] == ["beginner", "mid", "senior"]
    assert cli.json("levels", "senior")["salary"]["open_ended"] is True
    mlops_skills = {s["id"] for s in cli.json("skills", "--specialization", "mlops")["skills"]}
    assert {"kubeflow", "mlflow", "docker"} <= mlops_skills and "bert" not in mlops_skills
    llm_group = cli.json("skills", "--group", "nlp_llm")["skills"]
    assert llm_group and all(s["group"] == "nlp_llm" for s in llm_group)
    assert cli.json("skills", "Scikit-learn")["id"] == "scikit_learn"
    market = cli.json("market")
    assert market["job_postings"]["monthly"] == 12000 and market["salary"]["average"] == 850
    senior_sites = [s["id"] for s in cli.json("sites", "--level", "senior")["sites"]]
    assert "bizreach" in senior_sites and senior_sites[0] == "levtech_career"
    cases = cli.json("cases")["cases"]
    assert [c["id"] for c in cases] == ["web_to_ml_engineer", "researcher_to_cto", "sales_to_data_scientist"]
    assert cli.json("cases", "researcher_to_cto")["after"]["salary"] == 1800


def test_salary_estimate_explains_itself(cli: Cli) -> None:
    data = cli.json("salary", "--specialization", "genai_llm", "--years", "5")
    assert data["level"] == "mid"
    assert (data["salary"]["min"], data["salary"]["max"]) == (800, 1400)  # 800–2,200 ∩ 800–1,400
    assert data["market_median"]["id"] == "y4_7"
    assert len(data["derivation"]) == 4
    # 600–1,300 stops below the senior floor (1,400): from the 8+ years median (1,200) to the field's top.
    gap = cli.json("salary", "-s", "data_scientist", "-y", "9")
    assert (gap["salary"]["min"], gap["salary"]["max"]) == (1200, 1300)
    assert "median" in gap["derivation"][2]
    # A newcomer gets the newcomers' band in any field (every field's floor is above the guide's 500 for
    # newcomers), never above its top, and the guide's newcomer figure as the reference.
    for field in ("genai_llm", "mlops", "computer_vision", "data_scientist"):
        newcomer = cli.json("salary", "-s", field, "-y", "0")
        assert (newcomer["salary"]["min"], newcomer["salary"]["max"]) == (400, 700), field
        assert "5.0M" in newcomer["derivation"][-1]
    text = cli("salary", "-s", "mlops", "-y", "0", "--lang", "ja")
    assert text.exit_code == 0 and "推定年収: 400〜700万円" in text.stdout
    assert "未経験からのスタートの水準は500万円" in text.stdout


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (["roles", "--level", "mdi"], 2, "Did you mean: mid"),
        (["roles", "ml_enginer"], 1, "ml_engineer"),
        (["specializations", "mlop"], 1, "mlops"),
        (["skills", "pytorh"], 1, "pytorch"),
        (["skills", "--group", "nlp"], 2, "nlp_llm"),
        (["sites", "--level", "guru"], 2, "Unknown level"),
        (["cases", "nope"], 1, "web_to_ml_engineer"),
        (["salary", "-s", "llms", "-y", "3"], 2, "genai_llm"),
        (["salary", "-s", "mlops", "-y", "-1"], 2, "0 to 60"),
        (["--lang", "fr", "roles"], 2, "ja or en"),
        (["roles", "--data-dir", "/nonexistent/dir"], 2, "does not exist"),
        (["roles", "--data-dir", __file__], 2, "is not a folder"),
    ],
)
def test_bad_input_is_a_clear_message_and_exit_code(args: list[str], code: int, expected: str, cli: Cli) -> None:
    result = cli(*args)
    assert result.exit_code == code, result.output
    assert expected in result.stderr
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output


def test_error_messages_follow_the_language(cli: Cli) -> None:
    result = cli("roles", "zzz", "--lang", "ja")
    assert result.exit_code == 1 and result.stderr.startswith("エラー: ")


def test_broken_data_dir_lists_every_problem(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "roles.yaml").write_text("roles:\n  - id: x\n    name: {ja: エックス}\n", encoding="utf-8")
    result = cli("roles", "--data-dir", str(tmp_path))
    assert result.exit_code == 1
    assert "roles.yaml:3: roles[0].name.en: missing the en text" in result.stderr
    assert "roles[0].levels: missing required key" in result.stderr
    validate = cli("kb", "validate", str(tmp_path))
    assert validate.exit_code == 1 and "missing the en text" in validate.stderr


def test_kb_validate_passes_on_builtin_data_and_env_var(tmp_path: Path, cli: Cli) -> None:
    result = cli("kb", "validate")
    assert result.exit_code == 0 and "no problems" in result.stdout
    (tmp_path / "rules.yaml").write_text("rules: []\nscoring: {skill_match_points: 30}\nphase: {}\n")
    (tmp_path / "questions.yaml").write_text("questions: nope\n")
    env_result = cli("kb", "validate", env={"MLCAREER_DATA_DIR": str(tmp_path)})
    assert env_result.exit_code == 1 and "questions.yaml" in env_result.stderr


def test_broken_rules_name_the_nearest_condition(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "rules.yaml").write_text(
        "scoring: {skill_match_points: 30}\nphase: {foundation_threshold: 0.5, specialization_threshold: 0.4}\n"
        "rules:\n  - id: r1\n    when: {intrest: llm_apps}\n    then: {specialization: genai_llm, points: 5}\n"
        "    because: {ja: あ, en: a}\n",
        encoding="utf-8",
    )
    result = cli("kb", "validate", str(tmp_path))
    assert result.exit_code == 1
    assert "rules.yaml:5: rules[0].when.intrest: unknown condition (did you mean: interest" in result.stderr


def test_version_and_help_show_examples(cli: Cli) -> None:
    assert cli("--version").stdout.startswith("mlcareer ")
    help_text = cli("roles", "--help").stdout
    assert "Examples" in help_text and "--level" in help_text


def test_lookups_do_not_import_questionary() -> None:
    code = (
        "import sys\n"
        "from mlcareer.cli import main\n"
        "sys.argv = ['mlcareer', 'roles', '--level', 'mid']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'questionary' not in sys.modules, 'questionary imported'\n"
        "assert 'prompt_toolkit' not in sys.modules, 'prompt_toolkit imported'\n"
        "print('clean')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("clean")


def test_ctrl_c_outside_a_prompt_exits_130_without_a_traceback(monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    import mlcareer.loading.cache

    def interrupted(data_dir: Path | None, *, cache_dir: Path | None) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(mlcareer.loading.cache, "cached_knowledge", interrupted)
    result = cli("market")
    assert result.exit_code == 130
    assert "Cancelled" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [("mlcareer ro", 1, "roles"), ("mlcareer roles --level s", 3, "senior"), ("mlcareer cases sa", 2,
     "sales_to_data_scientist"), ("mlcareer salary -s comp", 3, "computer_vision")],
)  # fmt: skip
def test_shell_completion_offers_commands_and_ids(words: str, cword: int, expected: str) -> None:
    import os

    env = {**os.environ, "_MLCAREER_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = subprocess.run([sys.executable, "-m", "mlcareer"], env=env, capture_output=True, text=True, check=False)
    assert expected in result.stdout.split(), result.stdout + result.stderr


def test_knowledge_texts_are_shown_as_written_never_as_markup(data_copy: Path, cli: Cli) -> None:
    roles = data_copy / "roles.yaml"
    text = roles.read_text(encoding="utf-8").replace("en: ML engineer}", 'en: "ML engineer [LLM] [/senior]"}', 1)
    assert "[LLM]" in text
    roles.write_text(text, encoding="utf-8")
    specs = data_copy / "specializations.yaml"
    specs.write_text(specs.read_text(encoding="utf-8").replace("en: MLOps and ML platforms", 'en: "MLOps [bold]"', 1))
    one = cli("roles", "ml_engineer", "--data-dir", str(data_copy))
    assert one.exit_code == 0, one.output
    assert "ML engineer [LLM] [/senior]" in one.stdout
    listing = cli("roles", "--level", "mid", "--data-dir", str(data_copy))
    assert listing.exit_code == 0 and "[LLM]" in listing.stdout
    fields = cli("specializations", "--data-dir", str(data_copy))
    assert fields.exit_code == 0 and "MLOps [bold]" in fields.stdout


def test_a_bug_is_a_short_note_not_a_traceback(monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    import mlcareer.loading.cache

    def broken(data_dir: Path | None, *, cache_dir: Path | None) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(mlcareer.loading.cache, "cached_knowledge", broken)
    result = cli("market")
    assert result.exit_code == 1
    assert "Internal error: IndexError" in result.stderr and "MLCAREER_DEBUG=1" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "key", "expected"),
    [
        (["roles", "--level", "junior"], "roles", "junior_ml_engineer"),
        (["roles", "--level", "中級者"], "roles", "ml_engineer"),
        (["roles", "--level", "Senior / expert"], "roles", "chief_ai_officer"),
        (["roles", "-s", "cv"], "roles", "computer_vision_engineer"),
        (["sites", "--level", "expert"], "sites", "bizreach"),
    ],
)
def test_names_and_aliases_work_where_ids_do(args: list[str], key: str, expected: str, cli: Cli) -> None:
    assert expected in [item["id"] for item in cli.json(*args)[key]]


def test_one_entry_by_its_shown_name(cli: Cli) -> None:
    assert cli.json("levels", "Mid-level")["id"] == "mid"
    assert cli.json("specializations", "データサイエンティスト")["id"] == "data_scientist"
    assert cli.json("salary", "-s", "LLM", "-y", "2")["specialization"] == "genai_llm"


def test_help_in_japanese_groups_career_commands_first() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mlcareer", "--lang", "ja", "--help"],
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "COLUMNS": "100"},
    )
    out = result.stdout
    assert result.returncode == 0
    assert out.index("あなたのキャリア") < out.index("ガイドを調べる") < out.index("知識ベース")
    assert out.index("assess") < out.index("roadmap") < out.index("interview") < out.index("roles ")
    assert "クイズに答えて" in out and "オプション" in out


def test_a_closed_pipe_ends_quietly() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlcareer", "skills", "--lang", "en"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()
    proc.wait(timeout=30)
    assert b"Internal error" not in proc.stderr.read()


def test_kb_validate_lists_problems_of_the_knowledge_and_the_quiz_together(
    tmp_path: Path, data_copy: Path, cli: Cli
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    quiz = (data_copy / "questions.yaml").read_text(encoding="utf-8").replace("kind: single", "kind: singel")
    (folder / "questions.yaml").write_text(quiz, encoding="utf-8")
    roles = (data_copy / "roles.yaml").read_text(encoding="utf-8").replace("en: ML engineer}", "fr: ML engineer}", 1)
    (folder / "roles.yaml").write_text(roles, encoding="utf-8")
    result = cli("kb", "validate", str(folder))
    assert result.exit_code == 1
    assert "roles.yaml:" in result.stderr and "missing the en text" in result.stderr
    assert "questions.yaml:" in result.stderr and "did you mean: single" in result.stderr


@pytest.mark.parametrize(
    ("name", "before", "after", "expected"),
    [
        # a field project's field, misspelt
        (
            "roadmap.yaml",
            "- specialization: computer_vision",
            "- specialization: computer_visoin",
            "did you mean: computer_vision",
        ),
        # a field project's interests, misspelt
        (
            "roadmap.yaml",
            "interests: [llm_apps]\n        id: llm_app_portfolio",
            "interests: [llm_app]\n        id: llm_app_portfolio",
            "did you mean: llm_apps",
        ),
        # a level's project with a key projects do not have
        ("levels.yaml", "      id: lead_an_initiative\n", "      id: lead_an_initiative\n      hours: 10\n", "hours"),
    ],
)
def test_kb_validate_names_the_file_and_the_mistake_of_one_broken_edit(
    name: str, before: str, after: str, expected: str, tmp_path: Path, data_copy: Path, cli: Cli
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    original = (data_copy / name).read_text(encoding="utf-8")
    broken = original.replace(before, after, 1)
    assert broken != original  # the edit found its place
    (folder / name).write_text(broken, encoding="utf-8")
    result = cli("kb", "validate", str(folder))
    assert result.exit_code == 1
    assert f"{name}:" in result.stderr and expected in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["salary", "-s", "mlops", "-y", "2.5"], "'2.5' は正しい数値ではありません"),
        (["salary"], "必須のオプションがありません: '--specialization' / '-s'"),
        (["done"], "必須の引数がありません: 'モジュールID...'"),
        (["roles", "--bogus"], "'--bogus' というオプションはありません"),
    ],
)
def test_usage_errors_in_japanese(args: list[str], expected: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mlcareer", *args, "--lang", "ja"],
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "COLUMNS": "120"},
    )
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr
