"""Errors and problems in the reader's language: `file:line: key.path: what is wrong`.

The core raises `MlcareerError` with messages and `Problem`s as data; the error boundary, `kb
validate`, the answers-file and batch printers turn them into lines here, in the run's language.
"""

from __future__ import annotations

from collections.abc import Sequence

from mlcareer.domain.message import msg
from mlcareer.errors import Message, MlcareerError, PathPart, Problem, ProblemLine
from mlcareer.i18n import Lang
from mlcareer.render.phrases import say


def message_text(message: Message, lang: Lang) -> str:
    return message if isinstance(message, str) else say(message, lang)


def error_text(error: MlcareerError, lang: Lang) -> str:
    """The error's own sentence (its problems are separate lines)."""
    return message_text(error.message, lang)


def path_text(path: Sequence[PathPart], lang: Lang) -> str:
    """skills[3].id; the document as a whole reads "(top)"."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or say(msg("(top)"), lang)


def problem_text(problem: ProblemLine, lang: Lang) -> str:
    if not isinstance(problem, Problem):
        return message_text(problem, lang)
    what = say(problem.message, lang)
    if problem.path is None:
        return f"{problem.where}: {what}"
    return f"{problem.where}: {path_text(problem.path, lang)}: {what}"


def problem_lines(error: MlcareerError, lang: Lang) -> list[str]:
    """One line per problem the error holds."""
    return [problem_text(problem, lang) for problem in error.problems]
