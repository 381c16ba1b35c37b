"""Files only their owner can read: the folders and files mlcareer keeps for one person.

Another local user must not read a person's answers, nor plant a file that mlcareer then trusts.
So what we create is 0700 (folders) and 0600 (files), whatever the umask, and a file we read back
from our own folders must be a regular file, owned by us and writable by no one else.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO put in a file's place must not block the open


def make_private_folder(folder: Path, *, ours: bool = True) -> None:
    """Create `folder` and any missing parents as 0700. If it exists and is `ours` (a folder only
    mlcareer uses, not one the person named), take away what group and others may do with it."""
    missing = []
    current = folder
    while not os.path.lexists(current):
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made by a second mlcareer at the same moment
            os.mkdir(path, PRIVATE_FOLDER)  # the umask can only take bits away
    if not missing and ours:
        tighten(folder, PRIVATE_FOLDER)


def tighten(path: Path, mode: int) -> None:
    """Take away the group and other bits of a file or folder we own (not one we merely use)."""
    try:
        st = os.stat(path)
        if _owned_by_us(st) and stat.S_IMODE(st.st_mode) & 0o077:
            os.chmod(path, stat.S_IMODE(st.st_mode) & mode)
    except OSError:
        pass  # not ours to change, or gone: the caller's own checks decide what happens next


def read_trusted(path: Path) -> bytes | None:
    """The bytes of `path` if it is a regular file, owned by us and not writable by group or others;
    None otherwise (missing, a link, a FIFO or device, another user's, or unreadable)."""
    try:
        before = os.lstat(path)
        if not _trustworthy(before):
            return None
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)  # what was opened, not what the name pointed to a moment ago
        if not _trustworthy(st) or (st.st_dev, st.st_ino) != (before.st_dev, before.st_ino):
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def _trustworthy(st: os.stat_result) -> bool:
    return stat.S_ISREG(st.st_mode) and _owned_by_us(st) and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _owned_by_us(st: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or st.st_uid == getuid()  # Windows has no owners in this sense
