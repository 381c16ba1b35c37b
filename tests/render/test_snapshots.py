"""Golden snapshots: every view, in Japanese and in English, at 80 columns with colour off, stored as
text under tests/render/snapshots/ and compared exactly (syrupy shows a diff when one differs).

After a deliberate change to a view, rewrite them and read the diff before committing:

    python -m pytest tests/render/test_snapshots.py --snapshot-update

Each language renders in a fresh interpreter, as a real run does: the Japanese line breaking is
installed only for Japanese runs, and must not leak into the English views.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode
from syrupy.location import PyTestLocation

HERE = Path(__file__).parent
ANSWERS = (
    "background: web_engineer\nyears_experience: 5\nml_years: 1\nskills: [python, pandas, sql, git]\n"
    "interests: [llm_apps]\n"
)
POSTING = HERE.parent / "postings" / "ja_llm_rag.md"

# name -> the command line (the language is added); each is a view a person sees.
COMMANDS: dict[str, list[str]] = {
    "roles": ["roles", "--level", "mid"],
    "role": ["roles", "ml_engineer"],
    "specializations": ["specializations"],
    "specialization": ["specializations", "mlops"],
    "levels": ["levels"],
    "level": ["levels", "beginner"],
    "skills": ["skills", "--specialization", "computer_vision"],
    "skill": ["skills", "pytorch"],
    "market": ["market"],
    "sites": ["sites"],
    "cases": ["cases"],
    "salary": ["salary", "--specialization", "genai_llm", "--years", "4"],
    "assess": ["assess", "--answers", "{answers}", "--no-save", "--no-pager"],
    "roadmap": ["roadmap", "-s", "mlops", "--level", "mid", "--skills", "python,sql,git", "--start", "2030-01-07"],
    "interview-list": ["interview", "--list", "--topic", "mlops"],
    "kb-validate": ["kb", "validate"],
    "history-empty": ["history"],
    "usage-error": ["roles", "--level", "wizard"],
}

SCRIPT = """
import datetime as dt, json, sys
from cli_runner import Cli
lang, commands, posting = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
cli = Cli()
out = {}
for name, args in commands.items():
    result = cli(*args, "--lang", lang)
    err = "--- stderr ---\\n" + result.stderr if result.stderr else ""
    out[name] = result.stdout + err + f"--- exit {result.exit_code}\\n"
# the posting match reads today's date: rendered here with a fixed one
from rich.console import Console
from mlcareer.loading.knowledge import load_knowledge
from mlcareer.loading.rules import load_quiz_and_rules
from mlcareer.loading.postings import read_source
from mlcareer.domain.posting import read_posting
from mlcareer.domain.matching import Person, match_posting
from mlcareer.render.terminal.match import render_match
if lang == "ja":
    from mlcareer.render.terminal import linebreak
    linebreak.install()
kb = load_knowledge()
quiz, rules = load_quiz_and_rules(kb)
source = read_source(posting)
match = match_posting(kb, rules, read_posting(kb, source.lines, source.numbers),
                      Person(("python", "pytorch", "git")), dt.date(2026, 4, 1))
console = Console(record=True, width=80, color_system=None, markup=False, soft_wrap=False, file=open("/dev/null", "w"))
console.print(render_match(kb, match, lang, source.name))
out["match"] = console.export_text()
print(json.dumps(out, ensure_ascii=False))
"""


class TextSnapshot(SingleFileSnapshotExtension):
    """One .txt file per view, under tests/render/snapshots/test_snapshots/."""

    _write_mode = WriteMode.TEXT
    file_extension = "txt"

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(HERE / "snapshots" / test_location.basename)


@pytest.fixture
def snapshot_text(snapshot: Any) -> Any:
    return snapshot.use_extension(TextSnapshot)


_rendered: dict[str, dict[str, str]] = {}


def rendered(lang: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    if lang not in _rendered:
        work = tmp_path_factory.mktemp(f"snap-{lang}")
        answers = work / "me.yaml"
        answers.write_text(ANSWERS, encoding="utf-8")
        commands = {k: [a.replace("{answers}", str(answers)) for a in v] for k, v in COMMANDS.items()}
        env = {**os.environ, "MLCAREER_HOME": str(work / "home"), "COLUMNS": "80", "NO_COLOR": "1", "LANG": "C.UTF-8"}
        env["PYTHONPATH"] = str(HERE.parent)  # cli_runner, the tests' one way to run the CLI in-process
        env.pop("MLCAREER_DATA_DIR", None)
        # The match view names the file as given: a name relative to the run's folder keeps the
        # snapshot the same in every checkout.
        (work / POSTING.name).write_bytes(POSTING.read_bytes())
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, lang, json.dumps(commands), POSTING.name],
            capture_output=True, text=True, env=env, cwd=work, check=True, timeout=300,
        )  # fmt: skip
        _rendered[lang] = json.loads(done.stdout)
    return _rendered[lang]


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("view", [*COMMANDS, "match"])
def test_view(view: str, lang: str, snapshot_text: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    text = rendered(lang, tmp_path_factory)[view]
    assert text.strip(), f"{view} printed nothing"
    assert all(len(line) <= 80 for line in text.splitlines() if not line.startswith("---")), "wider than 80 columns"
    assert snapshot_text == text
