"""Reading what people hand us (answers files, standard input, knowledge files): never more than a
size cap, never a FIFO or device by mistake, and every failure a message that says what to do.

The cap keeps a small mistake (`-a /dev/zero`, a runaway pipe) from eating the machine's memory.
It fits any real answers file or cohort with room to spare; JSON Lines batches are read a record
at a time, so the cap applies to each record and a cohort of any size streams through. The caller
passes the cap in bytes (the CLI reads MLCAREER_MAX_INPUT_MB); knowledge files have a fixed cap of
their own. Nothing here reads the environment.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from mlcareer.domain.message import Action, Msg, Phrase, msg
from mlcareer.domain.model import Text
from mlcareer.errors import Message, MlcareerError, UsageError
from mlcareer.i18n import N_
from mlcareer.loading.datafiles import KNOWLEDGE_LIMIT

DEFAULT_MAX_INPUT_MB = 16
DEFAULT_INPUT_LIMIT = DEFAULT_MAX_INPUT_MB << 20  # bytes: the cap when the caller names none


def too_large(where: str, limit: int, *, batch_hint: bool = False) -> MlcareerError:
    megabytes = f"{limit / (1 << 20):g}"
    hint = (
        msg(" For a big cohort use JSON Lines (one person per line): it is read a record at a time.")
        if batch_hint
        else ""
    )
    return MlcareerError(
        msg(
            "{where} is larger than the input limit of {megabytes} MB.{hint} To raise the limit, set "
            "{env} to a number of megabytes (e.g. {env}=64).",
            where=where,
            megabytes=megabytes,
            hint=hint,
            env=Action("choose_input_limit"),
        )
    )


def read_capped(stream: BinaryIO, where: str, *, limit: int, already: int = 0, batch_hint: bool = False) -> bytes:
    """The rest of `stream`, refusing to hold more than `limit` bytes (counting `already` bytes read)."""
    try:
        data = stream.read(limit - already + 1)
    except OSError as error:
        raise _read_error(where, error) from None
    if already + len(data) > limit:
        raise too_large(where, limit, batch_hint=batch_hint)
    return data


def decode_text(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")  # -sig: files saved by Windows Notepad start with a BOM
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise MlcareerError(msg("{where}:{line}: not UTF-8 text.", where=where, line=line)) from None


def read_file_text(path: Path) -> str:
    """A knowledge file as text: a regular file, within the fixed KNOWLEDGE_LIMIT, so a wrong
    MLCAREER_MAX_INPUT_MB never stops a command that reads only the knowledge files."""
    shown = str(path)
    with open_regular(path) as handle:
        try:
            data = handle.read(KNOWLEDGE_LIMIT + 1)
        except OSError as error:
            raise _read_error(shown, error) from None
    if len(data) > KNOWLEDGE_LIMIT:
        raise MlcareerError(
            msg(
                "{where} is larger than {megabytes} MB, the most a knowledge file may hold.",
                where=shown,
                megabytes=KNOWLEDGE_LIMIT >> 20,
            )
        )
    return decode_text(data, shown)


def open_regular(path: Path, *, missing: Message | None = None, pipe_hint: bool = False) -> BinaryIO:
    """Open a regular file for reading; anything else (missing, a folder, a FIFO, a device, a path
    too long, no permission) is a clear error naming the path. A FIFO is never opened: that would
    wait for a writer forever."""
    shown = str(path)
    try:
        st = os.stat(path)
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ENOTDIR) and missing:
            raise UsageError(missing) from None
        raise _read_error(shown, error) from None
    except ValueError:  # a NUL byte in the path
        raise UsageError(
            msg("{shown!r} is not a usable file name.", shown=shown),
        ) from None
    if stat.S_ISDIR(st.st_mode):
        raise UsageError(
            msg("{shown} is a folder, not a file.", shown=shown),
        )
    if not stat.S_ISREG(st.st_mode):
        raise UsageError(
            msg(
                "{path} is {kind}, not a regular file, so it was not read.{hint}",
                path=shown,
                kind=describe_file_type(st.st_mode),
                hint=msg(" To pipe data in, pass - and use standard input.") if pipe_hint else "",
            ),
        )
    try:
        return path.open("rb")
    except OSError as error:
        raise _read_error(shown, error) from None


def expand_user_path(text: str) -> Path:
    """`~/x` and `~name/x` as the shell would; an unknown user is a clear error, not a crash."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        user = text[1:].split("/", 1)[0] or "~"
        raise UsageError(
            msg("{text}: there is no home folder for user {user!r}. Check the path.", text=text, user=user),
        ) from None


def stdin_stream() -> BinaryIO:
    if sys.stdin is None or sys.stdin.closed:
        raise UsageError(
            msg("Standard input is closed; give a file instead of -."),
        )
    return sys.stdin.buffer


def describe_file_type(mode: int) -> Msg:
    """What a file that is not a regular file is."""
    if stat.S_ISFIFO(mode):
        return msg("a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return msg("a device")
    if stat.S_ISSOCK(mode):
        return msg("a socket")
    return msg("a special file")


# The C library's wording (glibc's), so English reads as it always did; the catalog has the Japanese.
_REASONS = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EDQUOT: N_("Disk quota exceeded"),
    errno.EFBIG: N_("File too large"),
    errno.EIO: N_("Input/output error"),
    errno.EBADF: N_("Bad file descriptor"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EROFS: N_("Read-only file system"),
    errno.ELOOP: N_("Too many levels of symbolic links"),
}


def os_reason(error: OSError) -> Phrase:
    """Why a file operation failed (strerror is English only: the catalog has the common ones)."""
    known = _REASONS.get(error.errno or -1)
    if known:
        return msg(known)
    text = error.strerror or str(error)
    return Text(text, text)


def _read_error(where: str, error: OSError) -> MlcareerError:
    if error.errno == errno.ENAMETOOLONG:
        return UsageError(
            msg("The path is too long for this system: {path}…", path=where[:80]),
        )
    reason = os_reason(error)
    return MlcareerError(msg("Cannot read {where}: {reason}", where=where, reason=reason))
