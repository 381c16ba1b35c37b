"""The command line: the typer app, its commands by group (commands/), and the process's terminal."""

from __future__ import annotations

from typing import NoReturn


def main() -> NoReturn:
    """The `mlcareer` entry point. Imports the commands only when run, so `mlcareer.cli.*` stays cheap."""
    from mlcareer.cli.commands.lookups import main as run

    run()
