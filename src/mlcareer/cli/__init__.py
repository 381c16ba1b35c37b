"""The command line: the app and its root options (app.py), the commands by group (commands/),
the options they share (options.py), where results go (output.py), the run's settings
(settings.py), the saved current plan that roadmap, progress and match --plan share
(current_plan.py), a cohort's parallel run (cohort.py) and the process's own terminal (terminal.py).

This module composes the app: each command module owns its commands and is added here, in the
order `--help` lists them, what you do first and the guide's lookups after.
"""

from __future__ import annotations

from collections.abc import Sequence

from mlcareer.cli.app import CAREER_PANEL, KB_PANEL, app
from mlcareer.cli.commands import assess, history, interview, kb, lookups, match, plan

app.add_typer(assess.commands)
app.add_typer(history.app, name="history", rich_help_panel=CAREER_PANEL)
app.add_typer(plan.commands)
app.add_typer(match.commands)
app.add_typer(interview.commands)
app.add_typer(lookups.commands)
app.add_typer(kb.app, name="kb", rich_help_panel=KB_PANEL)

__all__ = ["app", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run `mlcareer ARGV…` (the process's arguments by default) and give the exit code."""
    from typer.main import get_command

    code: int = get_command(app).main(argv, prog_name="mlcareer", standalone_mode=False)
    return code
