"""The project's one error type and the exit codes the CLI maps it to."""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_CANCELLED = 130


class MlcareerError(Exception):
    """An expected failure: the message says what went wrong and what to do.

    `problems` holds one line per problem when there are several (a knowledge
    file or an answers file with many mistakes); the CLI prints them all.
    """

    def __init__(
        self,
        message: str,
        *,
        problems: list[str] | None = None,
        exit_code: int = EXIT_ERROR,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []
        self.exit_code = exit_code

    def __str__(self) -> str:
        return "\n".join([self.message, *self.problems])
