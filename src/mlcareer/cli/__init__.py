"""The command line: the typer app, its commands by group (commands/), and the process's terminal."""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run `mlcareer ARGV…` (the process's arguments by default) and give the exit code.

    Imports the commands only when run, so `mlcareer.cli.*` stays cheap to import."""
    from typer.main import get_command

    from mlcareer.cli.app import app
    from mlcareer.cli.commands import lookups  # noqa: F401 - registers the commands (made explicit next)

    code: int = get_command(app).main(argv, prog_name="mlcareer", standalone_mode=False)
    return code
