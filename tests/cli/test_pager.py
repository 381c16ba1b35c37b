"""Long output goes through a pager on a terminal, as git does, and never when piped or with --no-pager.

The "pager" here is `tee FILE`: it shows what it is given and leaves a copy, so a test can tell
whether the output went through it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from cli_runner import Cli

TALL = ("skills", "--lang", "en")  # every skill: far taller than 24 lines


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PAGER", "MLCAREER_PAGER", "LESS")}
    env.update({"MLCAREER_HOME": str(home), "COLUMNS": "80", "LINES": "24", "TERM": "xterm", "NO_COLOR": "1"})
    env.update(extra)
    return env


def run_in_terminal(env: dict[str, str], *args: str) -> str:
    child = pexpect.spawn(
        sys.executable, ["-m", "mlcareer", *args], env=env, encoding="utf-8", timeout=60, dimensions=(24, 80)
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before)


def test_a_terminal_pages_through_mlcareer_pager(tmp_path: Path) -> None:
    copy = tmp_path / "paged.txt"
    out = run_in_terminal(env_for(tmp_path, MLCAREER_PAGER=f"tee {copy}", PAGER="false"), *TALL)
    assert copy.exists(), "MLCAREER_PAGER wins over PAGER"
    paged = copy.read_text(encoding="utf-8")
    assert "Python" in paged and "PyTorch" in paged and paged.count("\n") > 24
    assert "PyTorch" in out  # what the pager showed


def test_pager_is_used_when_mlcareer_pager_is_not_set(tmp_path: Path) -> None:
    copy = tmp_path / "paged.txt"
    run_in_terminal(env_for(tmp_path, PAGER=f"tee {copy}"), *TALL)
    assert copy.exists()


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        ((*TALL, "--no-pager"), {}),  # the flag on the command
        (("--no-pager", *TALL), {}),  # or before it, as with git
        (TALL, {"MLCAREER_PAGER": "cat"}),  # cat, or empty, means no pager
        (TALL, {"MLCAREER_PAGER": ""}),
        (("skills", "pytorch", "--lang", "en"), {}),  # fits on the screen
    ],
)
def test_no_pager_when_asked_or_when_it_fits(tmp_path: Path, args: tuple[str, ...], extra: dict[str, str]) -> None:
    copy = tmp_path / "paged.txt"
    env = env_for(tmp_path, **{"PAGER": f"tee {copy}", **extra})
    out = run_in_terminal(env, *args)
    assert not copy.exists()
    assert "PyTorch" in out


def test_never_when_piped(tmp_path: Path) -> None:
    copy = tmp_path / "paged.txt"
    env = env_for(tmp_path, MLCAREER_PAGER=f"tee {copy}")
    done = subprocess.run(
        [sys.executable, "-m", "mlcareer", *TALL], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert not copy.exists()
    assert "PyTorch" in done.stdout and done.stdout.count("\n") > 24


def test_the_assessment_and_history_show_page_on_a_terminal(tmp_path: Path) -> None:
    answers = tmp_path / "me.yaml"
    answers.write_text(
        "background: non_it\nyears_experience: 6\nml_years: 0\nskills: []\ninterests: [data_analysis]\n",
        encoding="utf-8",
    )
    copy = tmp_path / "paged.txt"
    env = env_for(tmp_path, MLCAREER_PAGER=f"tee {copy}")
    run_in_terminal(env, "assess", "--answers", str(answers), "--lang", "en")
    assert "Your result" in copy.read_text(encoding="utf-8")
    copy.unlink()
    run_in_terminal(env, "history", "show", "--lang", "ja")
    assert "診断結果" in copy.read_text(encoding="utf-8")  # the saved assessment, in the language asked for


def _command_paths(group: object, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, sub in getattr(group, "commands", {}).items():
        found.append((*path, name))
        found += _command_paths(sub, (*path, name))
    return found


def test_every_command_takes_no_pager_after_its_name_as_the_help_lists_it_globally(cli: Cli) -> None:
    """It is a global option; `sites --no-pager` and `roles --no-pager` used to stop with exit 2."""
    import typer

    from mlcareer.cli import app

    paths = _command_paths(typer.main.get_command(app))
    assert ("sites",) in paths and ("history", "show") in paths and ("kb", "validate") in paths
    for path in paths:
        result = cli(*path, "--no-pager", "--help")
        assert result.exit_code == 0, (path, result.output)
        assert result.output.count("--no-pager") == 1, path  # listed once, with the command's options
    done = cli("sites", "--no-pager", "--lang", "en")
    assert done.exit_code == 0 and "Levtech" in done.stdout
