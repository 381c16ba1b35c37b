"""Running mlcareer in-process, as the `cli` fixture does: through the composed app and its one error
boundary, at 80 columns with colour off, with stdout and stderr apart."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from click.testing import Result
from typer.testing import CliRunner

from mlcareer.cli import app

ENV = {"COLUMNS": "80", "NO_COLOR": "1"}


class Cli:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
        return self.runner.invoke(app, list(args), input=stdin, env={**ENV, **(env or {})})

    def json(self, *args: str) -> Any:
        """The command's --json document; the command must succeed."""
        result = self(*args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


def child_env(home: Path) -> dict[str, str]:
    """The environment of an interview session run in a pseudo-terminal (pexpect), with its own home."""
    return {
        **os.environ,
        "MLCAREER_HOME": str(home),
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "COLUMNS": "100",
        "LINES": "40",
        "NO_COLOR": "1",
        "TERM": "xterm",
        "LANG": "C.UTF-8",
    }
