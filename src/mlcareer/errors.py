"""The project's errors and the exit codes they stand for.

Code anywhere raises what went wrong; the CLI's one error boundary (`mlcareer.cli.app`) prints it
and turns it into the exit code. Nothing else exits.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2  # the command line asked for something that cannot be: change it and run again
    CANCELLED = 130  # Ctrl-C, as a shell reports SIGINT


# The names the modules used before ExitCode; they are the same values.
EXIT_OK = ExitCode.OK
EXIT_ERROR = ExitCode.ERROR
EXIT_USAGE = ExitCode.USAGE
EXIT_CANCELLED = ExitCode.CANCELLED


class MlcareerError(Exception):
    """An expected failure: the message says what went wrong and what to do.

    `problems` holds one line per problem when there are several (a knowledge
    file or an answers file with many mistakes); the CLI prints them all.
    """

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []

    def __str__(self) -> str:
        return "\n".join([self.message, *self.problems])


class UsageError(MlcareerError):
    """A value given on the command line (or an option pairing) that cannot work: exit 2."""

    exit_code = ExitCode.USAGE


class Cancelled(MlcareerError):
    """The person stopped an interactive session; the message says what was kept. Exit 130."""

    exit_code = ExitCode.CANCELLED
