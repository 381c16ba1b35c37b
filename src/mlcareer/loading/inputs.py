"""Reading what people hand us (answers files, standard input, knowledge files): never more than a
size cap, never a FIFO or device by mistake, and every failure a message that says what to do.

The cap keeps a small mistake (`-a /dev/zero`, a runaway pipe) from eating the machine's memory.
It fits any real answers file or cohort with room to spare; JSON Lines batches are read a record
at a time, so the cap applies to each record and a cohort of any size streams through.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from mlcareer.errors import EXIT_USAGE, MlcareerError
from mlcareer.i18n import current_lang, msg

DEFAULT_MAX_INPUT_MB = 16
MAX_INPUT_ENV = "MLCAREER_MAX_INPUT_MB"


def input_limit() -> int:
    """The cap in bytes: MLCAREER_MAX_INPUT_MB megabytes, or the default."""
    raw = os.environ.get(MAX_INPUT_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_INPUT_MB << 20
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = -1.0
    if not 0 < megabytes < 1 << 20:
        raise MlcareerError(
            msg(
                f"{MAX_INPUT_ENV} は MB 単位の正の数です（例: {MAX_INPUT_ENV}=64）。いまの値: {raw!r}",
                f"{MAX_INPUT_ENV} must be a positive number of megabytes (e.g. {MAX_INPUT_ENV}=64), not {raw!r}.",
            ),
            exit_code=EXIT_USAGE,
        )
    return int(megabytes * (1 << 20))


def too_large(where: str, limit: int, *, batch_hint: bool = False) -> MlcareerError:
    megabytes = f"{limit / (1 << 20):g}"
    hint_ja = hint_en = ""
    if batch_hint:
        hint_ja = (
            "大人数の回答は JSON Lines（1行に1人分）で渡してください。1件ずつ読むので、上限は1件ごとにかかります。"
        )
        hint_en = " For a big cohort use JSON Lines (one person per line): it is read a record at a time."
    return MlcareerError(
        msg(
            f"{where} は読み込める上限（{megabytes} MB）を超えています。{hint_ja}"
            f"上限を上げるには環境変数 {MAX_INPUT_ENV} を MB で指定してください（例: {MAX_INPUT_ENV}=64）。",
            f"{where} is larger than the input limit of {megabytes} MB.{hint_en} To raise the limit, set "
            f"{MAX_INPUT_ENV} to a number of megabytes (e.g. {MAX_INPUT_ENV}=64).",
        )
    )


def read_capped(stream: BinaryIO, where: str, *, already: int = 0, batch_hint: bool = False) -> bytes:
    """The rest of `stream`, refusing to hold more than the cap (counting `already` bytes read)."""
    limit = input_limit()
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
        raise MlcareerError(
            msg(f"{where}:{line}: UTF-8 のテキストではありません。", f"{where}:{line}: not UTF-8 text.")
        ) from None


def read_file_text(path: Path) -> str:
    """A knowledge file (or any file we are told to read) as text: a regular file, within the cap."""
    with open_regular(path) as handle:
        return decode_text(read_capped(handle, str(path)), str(path))


def open_regular(
    path: Path, *, missing_ja: str | None = None, missing_en: str | None = None, pipe_hint: bool = False
) -> BinaryIO:
    """Open a regular file for reading; anything else (missing, a folder, a FIFO, a device, a path
    too long, no permission) is a clear error naming the path. A FIFO is never opened: that would
    wait for a writer forever."""
    shown = str(path)
    try:
        st = os.stat(path)
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ENOTDIR) and missing_ja and missing_en:
            raise MlcareerError(msg(missing_ja, missing_en), exit_code=EXIT_USAGE) from None
        raise _read_error(shown, error) from None
    except ValueError:  # a NUL byte in the path
        raise MlcareerError(
            msg(f"{shown!r} はファイル名として使えません。", f"{shown!r} is not a usable file name."),
            exit_code=EXIT_USAGE,
        ) from None
    if stat.S_ISDIR(st.st_mode):
        raise MlcareerError(
            msg(f"{shown} はフォルダです。ファイルを指定してください。", f"{shown} is a folder, not a file."),
            exit_code=EXIT_USAGE,
        )
    if not stat.S_ISREG(st.st_mode):
        kind_ja, kind_en = describe_file_type(st.st_mode)
        raise MlcareerError(
            msg(
                f"{shown} は{kind_ja}で、通常のファイルではないため読みません。"
                + ("パイプで渡すには - を指定して標準入力から読ませてください。" if pipe_hint else ""),
                f"{shown} is {kind_en}, not a regular file, so it was not read."
                + (" To pipe data in, pass - and use standard input." if pipe_hint else ""),
            ),
            exit_code=EXIT_USAGE,
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
        raise MlcareerError(
            msg(
                f"{text}: ユーザー {user} のホームフォルダが見つかりません。パスを確かめてください。",
                f"{text}: there is no home folder for user {user!r}. Check the path.",
            ),
            exit_code=EXIT_USAGE,
        ) from None


def stdin_stream() -> BinaryIO:
    if sys.stdin is None or sys.stdin.closed:
        raise MlcareerError(
            msg(
                "標準入力が閉じています。- の代わりにファイルを指定してください。",
                "Standard input is closed; give a file instead of -.",
            ),
            exit_code=EXIT_USAGE,
        )
    return sys.stdin.buffer


def describe_file_type(mode: int) -> tuple[str, str]:
    """What a file that is not a regular file is, in Japanese and English."""
    if stat.S_ISFIFO(mode):
        return "名前付きパイプ（FIFO）", "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "デバイス", "a device"
    if stat.S_ISSOCK(mode):
        return "ソケット", "a socket"
    return "特殊なファイル", "a special file"


_REASONS_JA = {
    errno.ENOENT: "ファイルがありません",
    errno.EACCES: "権限がありません",
    errno.EPERM: "権限がありません",
    errno.ENOSPC: "ディスクの空きがありません",
    errno.EDQUOT: "ディスクの使用量の上限に達しています",
    errno.EFBIG: "ファイルが大きすぎます",
    errno.EIO: "入出力エラーです",
    errno.EBADF: "出力先が閉じています",
    errno.EISDIR: "フォルダーです",
    errno.ENOTDIR: "途中がフォルダーではありません",
    errno.EROFS: "読み取り専用のファイルシステムです",
    errno.ELOOP: "シンボリックリンクが循環しています",
}


def os_reason(error: OSError) -> str:
    """Why a file operation failed, in the language of this run (strerror is English only)."""
    reason = error.strerror or str(error)
    if current_lang() == "ja":
        return _REASONS_JA.get(error.errno or -1, reason)
    return reason


def _read_error(where: str, error: OSError) -> MlcareerError:
    if error.errno == errno.ENAMETOOLONG:
        return MlcareerError(
            msg(
                f"パスが長すぎます（このシステムの上限を超えています）: {where[:80]}…",
                f"The path is too long for this system: {where[:80]}…",
            ),
            exit_code=EXIT_USAGE,
        )
    reason = os_reason(error)
    return MlcareerError(msg(f"{where} を読めません: {reason}", f"Cannot read {where}: {reason}"))
