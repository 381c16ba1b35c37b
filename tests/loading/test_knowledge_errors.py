"""Every way a knowledge file can be wrong gets a file:line: path: message report, all at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from japanese_output import english_left

from mlcareer.errors import EXIT_USAGE, MlcareerError
from mlcareer.loading.datafiles import builtin_data_dir
from mlcareer.loading.knowledge import load_knowledge
from mlcareer.render.problems import error_text, problem_lines


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(MlcareerError) as caught:
        load_knowledge(data_dir)
    assert problem_lines(caught.value, "en"), error_text(caught.value, "en")
    return problem_lines(caught.value, "en")


def replace_first_line(path: Path, pattern: str, replacement: str) -> int:
    """Rewrite the first line matching `pattern`; return its 1-based number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines, 1):
        if re.search(pattern, line):
            lines[number - 1] = re.sub(pattern, replacement, line, count=1)
            path.write_text("".join(lines), encoding="utf-8")
            return number
    raise AssertionError(f"{pattern!r} not found in {path}")


def test_malformed_yaml_reports_file_and_line(data_copy: Path) -> None:
    path = data_copy / "sites.yaml"
    path.write_text("sites:\n  - id: a\n    name: [unclosed\n", encoding="utf-8")
    (problem,) = problems_of(data_copy)
    assert problem.startswith(f"{path}:")
    assert re.match(rf"{re.escape(str(path))}:\d+: ", problem)


def test_wrong_type_points_at_the_line(data_copy: Path) -> None:
    path = data_copy / "skills.yaml"
    line = replace_first_line(path, r"hours: \d+", "hours: lots")
    problems = problems_of(data_copy)
    assert any(
        re.match(rf"{re.escape(str(path))}:{line}: skills\[\d+\]\.hours: expected a whole number", p) for p in problems
    ), problems


def test_missing_field_and_missing_language(data_copy: Path) -> None:
    path = data_copy / "specializations.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n(\s+)salary: \{[^}]*\}", "", text, count=1)
    path.write_text(text, encoding="utf-8")
    replace_first_line(data_copy / "roles.yaml", r"en: ", "fr: ")
    problems = problems_of(data_copy)
    assert any("specializations[0].salary: missing required key" in p for p in problems), problems
    assert any("roles.yaml:" in p and "missing the en text" in p for p in problems), problems
    assert any("unknown language" in p for p in problems), problems


def test_unknown_reference_suggests_the_closest_id(data_copy: Path) -> None:
    path = data_copy / "roles.yaml"
    line = replace_first_line(path, r"\bpytorch\b", "pytorhc")
    problems = problems_of(data_copy)
    assert any(
        p.startswith(f"{path}:{line}: ") and "unknown skill id 'pytorhc'" in p and "pytorch" in p for p in problems
    ), problems


def test_a_role_can_leave_until_after_hiring_only_its_own_skills(data_copy: Path) -> None:
    path = data_copy / "roles.yaml"
    line = replace_first_line(path, r"after_hired: \[image_generation, ", "after_hired: [rag, ")
    problems = problems_of(data_copy)
    assert any(p.startswith(f"{path}:{line}: ") and "rag is not one of this role's skills" in p for p in problems), (
        problems
    )


def test_duplicate_ids_are_reported(data_copy: Path) -> None:
    path = data_copy / "cases.yaml"
    replace_first_line(path, r"id: researcher_to_cto", "id: web_to_ml_engineer")
    problems = problems_of(data_copy)
    assert any("duplicate id 'web_to_ml_engineer'" in p for p in problems), problems


def test_prerequisite_cycle_is_reported(data_copy: Path) -> None:
    path = data_copy / "skills.yaml"
    text = path.read_text(encoding="utf-8")
    # python is a root skill; make it need pandas, which needs python.
    text = re.sub(r"(- id: python\n(?:\s+.*\n)*?\s+prerequisites: )\[\]", r"\1[pandas]", text, count=1)
    path.write_text(text, encoding="utf-8")
    problems = problems_of(data_copy)
    assert any("cycle" in p and "python" in p and "pandas" in p for p in problems), problems


def test_unknown_key_and_all_problems_at_once(data_copy: Path) -> None:
    replace_first_line(data_copy / "sites.yaml", r"^(\s+)rank:", r"\1rnak:")
    replace_first_line(data_copy / "levels.yaml", r"min: 400", "min: -5")
    problems = problems_of(data_copy)
    assert any("rnak: unknown key" in p and "rank" in p for p in problems), problems
    assert any("levels.yaml" in p and "expected a number >= 1, got -5" in p for p in problems), problems


def test_top_level_of_wrong_shape(data_copy: Path) -> None:
    (data_copy / "market.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    problems = problems_of(data_copy)
    assert any("market.yaml:1: (top): expected a mapping, got a list" in p for p in problems), problems


def test_unknown_file_in_data_dir(tmp_path: Path) -> None:
    (tmp_path / "skils.yaml").write_text("skills: []\n", encoding="utf-8")
    problems = problems_of(tmp_path)
    assert "skils.yaml" in problems[0] and "skills.yaml" in problems[0]


def test_missing_data_dir_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(MlcareerError) as caught:
        load_knowledge(tmp_path / "nope")
    assert caught.value.exit_code == EXIT_USAGE
    assert "nope" in error_text(caught.value, "en")


def test_partial_data_dir_replaces_only_its_files(tmp_path: Path, data_copy: Path) -> None:
    custom = tmp_path / "custom"
    custom.mkdir()
    text = (data_copy / "meta.yaml").read_text(encoding="utf-8")
    (custom / "meta.yaml").write_text(text.replace("2025-06-27", "2025-07-01"), encoding="utf-8")
    kb = load_knowledge(custom)
    assert kb.source.published.isoformat() == "2025-07-01"
    assert len(kb.skills) > 100


def test_not_utf8_file(data_copy: Path) -> None:
    (data_copy / "meta.yaml").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(MlcareerError) as caught:
        load_knowledge(data_copy)
    assert "UTF-8" in str(caught.value)


def test_a_module_needing_a_later_phase_is_reported(data_copy: Path) -> None:
    path = data_copy / "roadmap.yaml"
    text = path.read_text(encoding="utf-8")
    # Teach PyTorch (which needs deep-learning basics, a phase 2 skill) in phase 1's first module.
    text = text.replace(
        "skills: [python, numpy, pandas, data_preprocessing]", "skills: [python, numpy, pandas, pytorch]", 1
    )
    path.write_text(text, encoding="utf-8")
    problems = problems_of(data_copy)
    assert any("'pytorch' needs 'deep_learning_basics'" in p and "phase 2" in p for p in problems), problems


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("cases.yaml", "cases: []\n", "cases: expected at least one entry"),
        ("specializations.yaml", "specializations: []\n", "specializations: expected at least one entry"),
        ("roadmap.yaml", "phases: []\n", "phases: expected at least one phase"),
    ],
)
def test_lists_every_command_relies_on_must_not_be_empty(
    data_copy: Path, name: str, content: str, expected: str
) -> None:
    (data_copy / name).write_text(content, encoding="utf-8")
    assert any(expected in p for p in problems_of(data_copy))


def test_phase_numbers_and_modules_are_checked(data_copy: Path) -> None:
    path = data_copy / "roadmap.yaml"
    text = path.read_text(encoding="utf-8").replace("number: 2", "number: 1", 1)
    text = text.replace("skills: [sql, git]", "skills: [sql, git, python]", 1)
    path.write_text(text, encoding="utf-8")
    problems = problems_of(data_copy)
    assert any("expected phases numbered 1 to 3 in order, got [1, 1, 3]" in p for p in problems), problems
    assert any("'python' is already taught by module 'python_basics'" in p for p in problems), problems


def test_quiz_contract_limits_and_empty_rule_results(data_copy: Path) -> None:
    from mlcareer.loading.knowledge import load_knowledge
    from mlcareer.loading.rules import load_quiz_and_rules

    questions = data_copy / "questions.yaml"
    questions.write_text(
        questions.read_text(encoding="utf-8").replace("    min: 1\n    max: 80", "    min: 0\n    max: 80")
    )
    with pytest.raises(MlcareerError) as caught:
        load_quiz_and_rules(load_knowledge(data_copy), data_copy)
    assert any("'weekly_hours' needs a min of more than 0 hours" in p for p in problem_lines(caught.value, "en"))
    questions.write_text((builtin_data_dir() / "questions.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    rules = data_copy / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("then: {specialization: genai_llm, points: 40}", "then: {}", 1)
    )
    with pytest.raises(MlcareerError) as caught:
        load_quiz_and_rules(load_knowledge(data_copy), data_copy)
    assert any("expected exactly one of specialization, level_years" in p for p in problem_lines(caught.value, "en"))


def test_choice_groups_and_implied_skills_are_checked(data_copy: Path) -> None:
    path = data_copy / "skills.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("members: [mlflow, weights_and_biases, neptune]", "members: [mlflow, pytorch, neptune]")
    text = text.replace("members: [r_language, julia]", "members: [julia]")
    text = text.replace("    implies: [fine_tuning]\n", "    implies: [fine_tuning, qlora]\n", 1)
    text = text.replace("    source: mlcareer\n", "    source: blog\n", 1)
    text = text.replace("foundations: [python,", "foundations: [pyhton,")
    path.write_text(text, encoding="utf-8")
    problems = problems_of(data_copy)
    assert any("skill 'pytorch' is already in choice group" in p for p in problems), problems
    assert any("members: expected at least two alternatives" in p for p in problems), problems
    assert any("implies form a cycle" in p for p in problems), problems
    assert any("source: expected one of guide, mlcareer, got 'blog'" in p for p in problems), problems
    assert any("foundations" in p and "unknown skill id 'pyhton'" in p for p in problems), problems
    assert all(re.match(rf"{re.escape(str(path))}:\d+: ", p) for p in problems), problems


def test_a_field_group_first_for_an_unknown_interest_is_reported(data_copy: Path) -> None:
    path = data_copy / "specializations.yaml"
    text = path.read_text(encoding="utf-8").replace("first_for: [llm_apps]", "first_for: [llm_app]", 1)
    path.write_text(text, encoding="utf-8")
    assert any("first_for" in p and "llm_app" in p and "llm_apps" in p for p in problems_of(data_copy))


def test_theory_must_be_one_of_the_skills_prerequisites(data_copy: Path) -> None:
    path = data_copy / "skills.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("theory: [transformer, natural_language_processing]", "theory: [transformer, pytorch]", 1)
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    problems = problems_of(data_copy)
    assert any(
        re.search(r"skills\.yaml:\d+: .*theory: pytorch is not one of this skill's prerequisites", p) for p in problems
    ), problems


def test_kb_validate_in_japanese_names_the_top_of_a_file_in_japanese(cli, data_copy: Path) -> None:
    """A problem with a file as a whole has no key path: "(top)" is a message too, not English left behind."""
    (data_copy / "sites.yaml").write_text("- just a list\n", encoding="utf-8")
    result = cli("kb", "validate", str(data_copy), "--lang", "ja")
    assert result.exit_code == 1
    assert f"{data_copy / 'sites.yaml'}:1: （最上位）: " in result.stderr
    assert english_left(result.stderr.replace(str(data_copy), " "), set()) == []
    english = cli("kb", "validate", str(data_copy), "--lang", "en")
    assert f"{data_copy / 'sites.yaml'}:1: (top): expected a mapping, got a list" in english.stderr
