"""The process's own terminal: standard streams that are closed, full or odd, before and after a command.

A full disk behind standard output (`> /dev/full`), a closed descriptor (`>&-`, `<&-`) or
`COLUMNS=0` are the person's setup, not bugs: each gets a clear message and exit 1, never a
traceback or a silent exit 0.
"""

from __future__ import annotations

import errno
import os
import sys

from mlcareer.errors import UsageError
from mlcareer.i18n import Lang, _


def prepare_terminal(lang: Lang) -> bool:
    """Before anything runs: descriptors 0-2 always open (so no file we open, such as the database,
    can land on one and receive output), COLUMNS=0 unset. False (said on stderr) if standard output
    is closed: there is nowhere to show a result."""
    closed = [fd for fd in (0, 1, 2) if not _is_open(fd)]
    for fd in closed:
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name)
        if value is not None and not (value.strip().isdigit() and int(value) > 0):
            del os.environ[name]  # 0, empty or junk: as if unset, so the terminal's own width is used
    if 2 in closed:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the rest of the process
    if 1 in closed or sys.stdout is None:
        sys.stderr.write(
            _("Error: standard output is closed, so there is nowhere to show the result. Nothing was done.\n", lang)
        )
        return False
    return True


# What writing to a full or broken output gives. Every file mlcareer writes itself (exports, the
# store, the cache) turns these into its own message, so one that reaches the top came from the
# standard streams.
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF}


def output_failed(error: OSError) -> bool:
    """True when `error` came from writing standard output (a full disk, a dead terminal)."""
    if isinstance(error, BrokenPipeError):
        return False  # a reader that left (`| head`): click ends quietly
    if error.errno in _OUTPUT_ERRNOS:
        return True
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        return True
    return False


def report_output_failure(error: OSError, lang: Lang) -> None:
    from mlcareer.loading.inputs import os_reason
    from mlcareer.render.phrases import say

    reason = say(os_reason(error), lang)
    sys.stderr.write(
        _(
            "Error: cannot write to standard output ({reason}). Check the space or permissions where it goes.\n", lang
        ).format(reason=reason)
    )
    silence_stdout()


def silence_stdout() -> None:
    """Point standard output at the null device, so the flush at exit cannot fail a second time."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def require_terminal(message: str) -> None:
    """Interactive prompts need a terminal: prompt_toolkit raises EOFError without one, and
    questionary does not catch it. Guard before prompting, with what to do instead (`message`)."""
    if not (sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(message)
