"""Writing a file all at once, the one way mlcareer writes its files: the exports, and the knowledge
cache (privately)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from mlcareer.domain.message import Action, msg
from mlcareer.errors import MlcareerError, UsageError

# The temporary files write_atomic makes next to the target: ".plan.md.k3j9x_2a.tmp".
_TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def write_atomic(path: Path, data: bytes, *, force: bool = False, private: bool = False) -> None:
    """Write `data` to `path` all at once: readers see the old file or the new one, never half of it.

    An existing file is refused, and left as it was, unless `force`; even then only a regular file
    (or a link to one: the link is replaced) is replaced, never a device, FIFO, socket or folder.
    The temporary file is removed if the write is interrupted (Ctrl-C, SIGTERM), and ones left by
    a killed export are removed by the next export to the same folder.

    `private`: a file of mlcareer's own (the knowledge cache), readable by its owner only (0600),
    that replaces whatever stands in its place (a FIFO, a link, another user's file): nobody asked
    for that name, so nothing there is the person's.
    """
    path = Path(path)
    force = force or private
    if not private:
        _refuse_special(path)
    if not force and os.path.lexists(path):
        raise _exists_error(path)
    folder = path.parent
    if not folder.is_dir():
        raise MlcareerError(msg("The folder {folder} does not exist. Create it first.", folder=str(folder)))
    remove_stale_temp_files(folder)
    with _terminate_as_interrupt():
        try:
            fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as error:
            raise _write_error(path, error) from error
        temp = Path(temp_name)
        try:
            _lock(fd)  # held until the name is gone: the mark of a live export for the clean-up above
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            if not private:  # mkstemp makes the file 0600; an exported plan is an ordinary file
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temp, 0o666 & ~umask)
            if force:
                if not private:
                    _refuse_special(path)  # again: something may have been put there meanwhile
                os.replace(temp, path)
            else:
                _link_new(temp, path)
        except MlcareerError:
            raise
        except OSError as error:
            raise _write_error(path, error) from error
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
            os.close(fd)


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Remove the temporary files of exports that were killed before they could clean up: ours by
    name and owner, and not locked by an export still running. Returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _TEMP_NAME.fullmatch(entry.name):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
                continue
            fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue
        try:
            if _try_lock(fd, st):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def _lock(fd: int) -> None:
    with contextlib.suppress(ImportError, OSError):
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _try_lock(fd: int, st: os.stat_result) -> bool:
    """True if no live export holds this temporary file. Without flock (Windows), only a file a day
    old counts as abandoned."""
    try:
        import fcntl
    except ImportError:
        import time

        return time.time() - st.st_mtime > 86_400
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM ends the process without running `finally` blocks; during a write, raise instead so
    the temporary file is removed. Ctrl-C already raises KeyboardInterrupt."""

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupted)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _refuse_special(path: Path) -> None:
    """Only regular files are ever replaced: `--force` onto /dev/null run as root would replace the device."""
    try:
        st = os.stat(path)  # through a link: what it points to decides
    except OSError:
        return  # nothing there (or a dangling link, which may be replaced)
    if stat.S_ISDIR(st.st_mode):
        raise UsageError(
            msg("{path} is a folder: give a file name.", path=str(path)),
        )
    if not stat.S_ISREG(st.st_mode):
        from mlcareer.loading.inputs import describe_file_type

        raise UsageError(
            msg(
                "{path} is {kind}; an export only ever replaces a regular file, even with {replace}. "
                "To write to standard output, use {stdout}.",
                path=str(path),
                kind=describe_file_type(st.st_mode),
                replace=Action("replace"),
                stdout=Action("write_to_stdout"),
            ),
        )


def _link_new(temp: Path, path: Path) -> None:
    """Put `temp` in place at `path` only if nothing is there, even if another program just created it."""
    try:
        os.link(temp, path)  # fails if `path` exists: no window between checking and writing
    except FileExistsError:
        raise _exists_error(path) from None
    except OSError:
        # A file system without hard links: check again and rename (a tiny window remains).
        if os.path.lexists(path):
            raise _exists_error(path) from None
        os.replace(temp, path)


def _exists_error(path: Path) -> MlcareerError:
    return MlcareerError(
        msg(
            "{path} already exists, so it was not written (the file is unchanged). Add {replace} to replace it.",
            path=str(path),
            replace=Action("replace"),
        )
    )


def _write_error(path: Path, error: OSError) -> MlcareerError:
    from mlcareer.loading.inputs import os_reason

    return MlcareerError(msg("Could not write {path} ({reason}).", path=str(path), reason=os_reason(error)))
