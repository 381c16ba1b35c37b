"""Every command in Japanese, at 40, 80 and 120 columns: kinsoku, phrase breaks, no English left.

The outputs are made in-process (CliRunner); --help is made in a fresh interpreter as well,
because typer translates its headings once, when its help module is first imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cli_runner import Cli
from japanese_output import english_left, kinsoku_violations, recording_breaks

from mlcareer.cli import app
from mlcareer.domain.model import KnowledgeBase
from mlcareer.render.terminal.linebreak import install

from personas import PERSONAS

install()  # before any recording: the CLI installs it on its first run, over the recorder
WIDTHS = (40, 80, 120)

ANSWERS = PERSONAS[0].answers


def _commands(kb: KnowledgeBase, answers: Path, broken: Path, bad_answers: Path) -> list[list[str]]:
    """Every command, one of each id, and the error paths the other tests exercise."""
    lookups = [
        ["roles"],
        ["roles", "--level", "mid"],
        ["roles", "-s", "mlops"],
        *(["roles", ident] for ident in kb.roles),
        ["specializations"],
        *(["specializations", ident] for ident in kb.specializations),
        ["levels"],
        *(["levels", ident] for ident in kb.levels),
        ["skills"],
        ["skills", "-s", "genai_llm"],
        ["skills", "pytorch"],
        ["skills", "mlflow"],
        ["market"],
        ["sites"],
        ["sites", "--level", "senior"],
        ["cases"],
        *(["cases", ident] for ident in kb.cases),
        ["salary", "-s", "genai_llm", "--years", "5"],
        ["salary", "-s", "data_scientist", "-y", "1"],
    ]
    career = [
        ["assess", "--answers", str(answers)],
        ["assess", "--answers", str(answers)],
        ["history"],
        ["history", "--compare"],
        ["roadmap"],
        ["roadmap", "-s", "computer_vision", "--level", "beginner", "--skills", "python"],
        ["done", "python_basics"],
        ["progress"],
        ["undo", "python_basics"],
        ["interview", "--list"],
        ["kb", "validate"],
    ]
    errors = [
        ["roles", "no_such_role"],
        ["roles", "--level", "expert"],
        ["skills", "cobol"],
        ["salary", "-s", "mlops", "-y", "many"],
        ["salary"],
        ["rolez"],
        ["roles", "--bogus"],
        ["assess", "--answers", str(answers.with_name("missing.yaml"))],
        ["assess", "--answers", str(bad_answers)],
        ["kb", "validate", str(broken)],
        ["done", "no_such_module"],
    ]
    return lookups + career + errors


def _run_all(cli: Cli, kb: KnowledgeBase, tmp_path: Path, data_copy: Path, width: int) -> list[tuple[str, str]]:
    answers = tmp_path / "me.yaml"
    answers.write_text(yaml.safe_dump(ANSWERS, allow_unicode=True), encoding="utf-8")
    bad_answers = tmp_path / "bad.yaml"
    bad_answers.write_text(
        "background: web\nyears_experience: 4\nml_years: 1\nskills: [Python]\ninterests: [llm_apps]\n", encoding="utf-8"
    )
    (data_copy / "roles.yaml").write_text("roles:\n  - id: Bad Id\n    levels: [expert]\n", encoding="utf-8")
    shown = []
    for args in _commands(kb, answers, data_copy, bad_answers):
        result = cli(*args, "--lang", "ja", env={"COLUMNS": str(width), "NO_COLOR": "1"})
        assert "Traceback" not in result.output and not isinstance(result.exception, AssertionError), args
        shown.append((" ".join(args), result.stdout + result.stderr))
    return shown


def _names(kb: KnowledgeBase) -> set[str]:
    """Names that stay in their own spelling in Japanese text (product names, aliases)."""
    names: set[str] = set()
    for table in (kb.skills, kb.roles, kb.sites, kb.specializations, kb.levels, kb.skill_groups):
        for item in table.values():
            names.add(str(item.name("ja")))
    for skill in kb.skills.values():
        names.update(getattr(skill, "aliases", ()))
    return {name for name in names if name}


@pytest.mark.parametrize("width", WIDTHS)
def test_every_command_in_japanese_breaks_lines_properly(
    kb: KnowledgeBase, tmp_path: Path, data_copy: Path, width: int, cli: Cli
) -> None:
    with recording_breaks() as breaks:
        shown = _run_all(cli, kb, tmp_path, data_copy, width)
    kinsoku = [f"{command}: {v}" for command, out in shown for v in kinsoku_violations(out)]
    assert (len(kinsoku), kinsoku[:10]) == (0, [])
    phrase_breaks = breaks.violations()
    assert (len(phrase_breaks), phrase_breaks[:10]) == (0, [])


def test_no_english_sentence_in_japanese_output(kb: KnowledgeBase, tmp_path: Path, data_copy: Path, cli: Cli) -> None:
    shown = _run_all(cli, kb, tmp_path, data_copy, 100)
    names = _names(kb)
    left = [f"{command}: {found}" for command, out in shown for found in english_left(out, names)]
    assert (len(left), left[:15]) == (0, [])


# -- help ---------------------------------------------------------------------------------------

HELP_SCRIPT = """
import json, sys
from cli_runner import Cli
from japanese_output import recording_breaks
from mlcareer.render.terminal.linebreak import install
install()
cli = Cli()
commands = json.loads(sys.argv[1])
out = {}
for width in json.loads(sys.argv[2]):
    for command in commands:
        with recording_breaks() as breaks:
            result = cli(*command, "--help", env={"COLUMNS": str(width)})
        out[f"{width} {' '.join(command)}"] = (result.stdout, breaks.violations())
print(json.dumps(out, ensure_ascii=False))
"""


def _helps(lang: str, widths: tuple[int, ...]) -> dict[str, tuple[str, list[str]]]:
    """Each command's --help (and the phrase breaks it made) from a fresh interpreter."""
    from typer.main import get_command

    root = get_command(app)
    commands: list[list[str]] = [[]]
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        commands.append([name])
        commands += [[name, sub] for sub in getattr(command, "commands", {})]
    result = subprocess.run(
        [sys.executable, "-c", HELP_SCRIPT, json.dumps(commands), json.dumps(list(widths))],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "MLCAREER_LANG": lang, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    helps: dict[str, tuple[str, list[str]]] = json.loads(result.stdout)
    assert len(helps) == len(commands) * len(widths) and all(out for out, _breaks in helps.values())
    return helps


def test_help_in_japanese_reads_properly_at_every_width(kb: KnowledgeBase) -> None:
    helps = _helps("ja", WIDTHS)
    kinsoku = [f"{key}: {v}" for key, (out, _b) in helps.items() for v in kinsoku_violations(out)]
    assert (len(kinsoku), kinsoku[:10]) == (0, [])
    phrase_breaks = [f"{key}: {v}" for key, (_out, breaks) in helps.items() for v in breaks]
    assert (len(phrase_breaks), phrase_breaks[:10]) == (0, [])
    left = [f"{key}: {found}" for key, (out, _b) in helps.items() for found in english_left(out, _names(kb))]
    assert (len(left), left[:15]) == (0, [])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_help_is_never_cut_at_80_columns(lang: str) -> None:
    cut = [key for key, (out, _breaks) in _helps(lang, (80,)).items() if "…" in out]
    assert cut == []


# -- answers-file problems ----------------------------------------------------------------------

BROKEN_ANSWERS = {
    "many problems": (
        "backgrund: web_engineer\n"  # a typo of a key
        "years_experience: 2\nml_years: 5\n"  # more ML years than years of work
        "skills: [Python, 3]\n"  # a skill that is not a name
        "interests: [llm]\n"  # not a choice
        "weekly_hours: 0\n"  # out of range
        "current_salary: lots\n",
        [
            "この項目はありません（もしかして: background）",
            "years_experience（職歴）より長くはできません（5 > 2）",
            "スキルの id か名前で書いてください",
            "'llm' は選べる値ではありません（もしかして: llm_apps）",
            "1〜80 の数字で書いてください（0になっています）",
            "background: 必須です。次のどれか:",
        ],
    ),
    "not a mapping": ("- just\n- a list\n", ["キーと値の組（マッピング）で書いてください"]),
    "a tab": ("background: web_engineer\n\tyears_experience: 3\n", ["字下げにタブが使われています"]),
    "a missing colon": ('background: "web_engineer\n', ["引用符や括弧を閉じ忘れていませんか"]),
    "a repeated key": ("background: web_engineer\nbackground: student\n", ["キー 'background' が2回書かれています"]),
}


@pytest.mark.parametrize("case", sorted(BROKEN_ANSWERS))
def test_answers_file_problems_are_japanese(kb: KnowledgeBase, tmp_path: Path, case: str, cli: Cli) -> None:
    text, expected = BROKEN_ANSWERS[case]
    path = tmp_path / "me.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("assess", "--answers", str(path), "--lang", "ja", env={"COLUMNS": "200"})
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    flat = "".join(result.stderr.split())
    assert [line for line in expected if "".join(line.split()) not in flat] == []
    assert english_left(result.stderr, _names(kb)) == []


def test_a_bad_json_lines_record_is_reported_in_japanese(kb: KnowledgeBase, tmp_path: Path, cli: Cli) -> None:
    good = json.dumps(ANSWERS, ensure_ascii=False)
    path = tmp_path / "cohort.jsonl"
    path.write_text(f'{good}\n{{"background": }}\n{good}\n', encoding="utf-8")
    result = cli("assess", "--answers", str(path), "--lang", "ja", env={"COLUMNS": "200"})
    assert "cohort.jsonl:2: JSON として正しくありません。値が必要です（16文字目）" in result.stderr
    assert english_left(result.stderr, _names(kb)) == []


@pytest.mark.parametrize(
    ("text", "header"),
    [
        ("background: nobody\n", "The answers have 1 problem:"),
        ("background: nobody\nweekly_hours: 0\n", "The answers have 2 problems:"),
    ],
)
def test_the_english_problem_count_is_singular_or_plural(tmp_path: Path, text: str, header: str, cli: Cli) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(
        text + "years_experience: 3\nml_years: 0\nskills: [Python]\ninterests: [llm_apps]\n", encoding="utf-8"
    )
    result = cli("assess", "--answers", str(path), "--lang", "en", env={"COLUMNS": "200"})
    assert header in result.stderr and "problem(s)" not in result.stderr
