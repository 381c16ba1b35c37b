"""The project's errors and the exit codes they stand for.

Code anywhere raises what went wrong, as data: a message (`mlcareer.domain.message.msg`, a catalog
key and its values) and, for a file or an answers file with many mistakes, one `Problem` each. The
CLI's one error boundary (`mlcareer.cli.app`) renders them in the run's language
(`mlcareer.render.problems`), prints them and turns the error into the exit code. Nothing else exits.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

if TYPE_CHECKING:  # every layer imports this module, so it imports none of them
    from mlcareer.domain.message import Phrase


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

PathPart: TypeAlias = str | int


class Problem(NamedTuple):
    """One thing wrong in an input, and where: shown as `where: path: message`.

    `where` names the place ("data/skills.yaml:12", "answers", "cohort.jsonl:3"); `path` the keys
    inside it (("skills", 3, "id") reads skills[3].id), None when the place as a whole is meant.
    """

    where: str
    message: Phrase
    path: tuple[PathPart, ...] | None = None


# A message is a Phrase; a str is text the CLI has already written in the run's language.
Message: TypeAlias = "Phrase | str"
ProblemLine: TypeAlias = "Problem | Phrase | str"


class MlcareerError(Exception):
    """An expected failure: the message says what went wrong and what to do.

    `problems` holds one entry per problem when there are several (a knowledge
    file or an answers file with many mistakes); the CLI prints them all.
    """

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: Message, *, problems: Sequence[ProblemLine] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)

    def __str__(self) -> str:
        """The English text, for tracebacks and logs; people see it in their language (render.problems).
        The one import from a layer above, and lazy: rendering a message is render's job."""
        from mlcareer.render.problems import error_text, problem_text

        return "\n".join([error_text(self, "en"), *(problem_text(p, "en") for p in self.problems)])


class UsageError(MlcareerError):
    """A value given on the command line (or an option pairing) that cannot work: exit 2."""

    exit_code = ExitCode.USAGE


class Cancelled(MlcareerError):
    """The person stopped an interactive session; the message says what was kept. Exit 130."""

    exit_code = ExitCode.CANCELLED
