"""The one error boundary: each failure becomes its exit code in one place, and nothing else exits."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import mlcareer
from mlcareer.cli import main
from mlcareer.errors import Cancelled, ExitCode, MlcareerError, UsageError

SRC = Path(mlcareer.__file__).parent


def test_exit_codes_are_the_documented_ones() -> None:
    assert [int(code) for code in ExitCode] == [0, 1, 2, 130]
    assert MlcareerError("x").exit_code == ExitCode.ERROR
    assert UsageError("x").exit_code == ExitCode.USAGE
    assert Cancelled("x").exit_code == ExitCode.CANCELLED
    assert isinstance(UsageError("x"), MlcareerError)


def test_main_returns_the_code_instead_of_exiting(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["roles", "--level", "mid", "--lang", "en"]) == ExitCode.OK
    assert main(["roles", "--level", "wizard", "--lang", "en"]) == ExitCode.USAGE
    assert "Unknown level 'wizard'" in capsys.readouterr().err
    assert main(["no-such-command"]) == ExitCode.USAGE


def test_nothing_but_the_boundary_exits() -> None:
    exits = re.compile(r"typer\.Exit\(\s*[^)\s]|ctx\.exit\(|sys\.exit\(|raise SystemExit")
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in sorted(SRC.rglob("*.py"))
        if path.relative_to(SRC).as_posix() not in ("__main__.py", "cli/app.py")  # the process exit; the boundary
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if exits.search(line)
    ]
    assert offenders == []


def test_a_reader_that_leaves_the_pipe_gets_a_quiet_exit(tmp_path: Path) -> None:
    env = {**os.environ, "MLCAREER_HOME": str(tmp_path), "COLUMNS": "80"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlcareer", "skills", "--lang", "en"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        bufsize=0,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()  # as `| head -c 10` does
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "Error" not in err and "Exception" not in err


def test_a_bug_is_one_line_and_the_debug_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import mlcareer.loading.cache

    def broken(data_dir: Path | None, *, cache_dir: Path | None) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(mlcareer.loading.cache, "cached_knowledge", broken)
    assert main(["market", "--lang", "en"]) == ExitCode.ERROR
    err = capsys.readouterr().err
    assert err.splitlines()[0] == "Internal error: ZeroDivisionError: boom"
    assert "MLCAREER_DEBUG=1" in err and "Traceback" not in err
    monkeypatch.setenv("MLCAREER_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["market", "--lang", "en"])


def test_japanese_help_and_usage_errors_in_process(cli: Any) -> None:
    """The language comes from the arguments of this run, not from sys.argv read at import."""
    helped = cli("roles", "--help", "--lang", "ja")
    assert helped.exit_code == 0 and "使い方" in helped.stdout
    wrong = cli("--lang", "ja", "roles", "--level", "wizard")
    assert wrong.exit_code == ExitCode.USAGE and "エラー" in wrong.stderr
    english = cli("roles", "--help", "--lang", "en")
    assert "Usage" in english.stdout and "使い方" not in english.stdout


def test_click_suggestions_read_as_japanese(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """click joins "…ありません。" and "候補は…" with a space and lists the names with ", "."""
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["histroy", "--lang", "ja"]) == ExitCode.USAGE
    said = capsys.readouterr().err
    assert "ありません。候補は 'history' です。" in said
    assert main(["roadmap", "--hour", "3", "--lang", "ja"]) == ExitCode.USAGE
    said = capsys.readouterr().err
    assert "候補は '--force'、'--hours' です。" in said and "', '" not in said
    assert main(["roadmap", "--hour", "3", "--lang", "en"]) == ExitCode.USAGE
    assert "'--force', '--hours'" in capsys.readouterr().err  # English keeps click's own


def test_group_usage_line_and_argument_names_are_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    main(["history", "--help", "--lang", "ja"])
    assert "mlcareer history [オプション] [コマンド] [引数]..." in capsys.readouterr().out
    assert main(["history", "show", "abc", "--lang", "ja"]) == ExitCode.USAGE
    said = capsys.readouterr().err
    assert "'[番号]' の値が正しくありません" in said and "[N]" not in said
