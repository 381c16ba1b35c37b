"""The local SQLite store: assessment history, study-plan progress, interview reviews and mock interviews.

Everything the user keeps lives in one file (`mlcareer.db`). Two promises shape this module:

- The user's history is never lost and never blocks the tool. A file that SQLite itself reports
  as corrupt (not a database, truncated, failing its integrity check) is renamed to
  `mlcareer.db.damaged-YYYYMMDD-HHMMSS` next to it, byte for byte as it was, a fresh one is
  started and `Store.notices` says so. Anything else (no permission, read-only, a folder or FIFO
  in its place, another program's tables) is not damage: the file stays where it is and the
  message says what is wrong and what to do. One unreadable row is skipped with a notice naming
  it; the others are still shown.
- It is private: the data folder is created 0700 and the database 0600 (an existing database of
  ours is made 0600), so another local user cannot read a person's answers or target salary.
- Writes are atomic and safe between processes: WAL journal, a busy timeout, and every write in a
  `BEGIN IMMEDIATE` transaction, so a killed process or a second mlcareer never half-writes or
  loses a row.

The store does not read the clock for the data it keeps: callers pass the datetimes. (The one
exception is the timestamp in the name a damaged file is moved aside to.)

Schema versions: 1 kept interview self-ratings by name in `ratings` (for the old Leitner boxes);
2 keeps every review in `review_log` with FSRS's grade (1 Again, 2 Hard, 3 Good, 4 Easy), so the
scheduler's parameters can be fitted to it later, and adds `mock_interviews`. A version-1 file is
converted in place, in one transaction, the first time this version opens it: every rating is
copied with its question and time, so nobody's history is lost.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

from mlcareer.domain.history import SavedAssessment
from mlcareer.domain.interview import RATINGS
from mlcareer.domain.message import Action, Phrase, msg
from mlcareer.domain.model import Text
from mlcareer.errors import MlcareerError, UsageError
from mlcareer.i18n import N_
from mlcareer.loading.inputs import os_reason
from mlcareer.storage.privatefs import PRIVATE_FILE, make_private_folder, tighten

DB_NAME = "mlcareer.db"
SCHEMA_VERSION = 2
# The self-ratings on FSRS's scale (fsrs.Rating's values); "easy" is FSRS's fourth grade, unused so far.
GRADES: dict[str, int] = {"missed": 1, "partly": 2, "got_it": 3}
_RATING_OF_GRADE = {grade: name for name, grade in GRADES.items()}
# How long a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_MS = 5000

# The files SQLite keeps next to a database; they belong to it and move with it.
_SIDECARS = ("-wal", "-shm", "-journal")

_SCHEMA: dict[str, tuple[str, ...]] = {
    "assessments": ("id", "created_at", "answers", "result"),
    "progress": ("module_id", "done_at"),
    "review_log": ("id", "question_id", "rating", "reviewed_at", "duration_ms"),
    "mock_interviews": ("id", "created_at", "record"),
}
# What an existing file needs: nothing (new), converting from version 1 (old), or nothing more.
_State = Literal["new", "old", "current"]
# Version 1's tables: a file with these and user_version 1 is converted (see _migrate_from_1).
_SCHEMA_V1: dict[str, tuple[str, ...]] = {
    "assessments": ("id", "created_at", "answers", "result"),
    "progress": ("module_id", "done_at"),
    "ratings": ("id", "question_id", "rating", "rated_at"),
}
_CREATE_REVIEW_TABLES = (
    "CREATE TABLE IF NOT EXISTS review_log (id INTEGER PRIMARY KEY, question_id TEXT NOT NULL,"
    " rating INTEGER NOT NULL, reviewed_at TEXT NOT NULL, duration_ms INTEGER)",
    "CREATE TABLE IF NOT EXISTS mock_interviews (id INTEGER PRIMARY KEY,"
    " created_at TEXT NOT NULL, record TEXT NOT NULL)",
)
_CREATE_TABLES = (
    "CREATE TABLE IF NOT EXISTS assessments (id INTEGER PRIMARY KEY,"
    " created_at TEXT NOT NULL, answers TEXT NOT NULL, result TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS progress (module_id TEXT PRIMARY KEY, done_at TEXT NOT NULL)",
    *_CREATE_REVIEW_TABLES,
)

# The current study plan: one row, made the first time a plan is saved.
_CREATE_PLAN = (
    "CREATE TABLE IF NOT EXISTS current_plan (id INTEGER PRIMARY KEY CHECK (id = 1),"
    " saved_at TEXT NOT NULL, record TEXT NOT NULL)"
)

# SQLite's own verdicts that a file is damaged: the only reasons to move a database aside.
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_CORRUPT = {_SQLITE_CORRUPT, _SQLITE_NOTADB}
# SQLite's own words (English only) for the failures a person meets; the catalog has the Japanese.
_SQLITE_REASONS = {
    "file is not a database": N_("file is not a database"),
    "database disk image is malformed": N_("database disk image is malformed"),
    "database is locked": N_("database is locked"),
    "attempt to write a readonly database": N_("attempt to write a readonly database"),
    "unable to open database file": N_("unable to open database file"),
    "disk I/O error": N_("disk I/O error"),
}


def _sqlite_reason(error: sqlite3.Error) -> Phrase:
    """Why SQLite failed, as a message when the catalog knows its words."""
    text = str(error)
    known = _SQLITE_REASONS.get(text)
    return msg(known) if known else Text(text, text)


# A row that cannot be shown (bad JSON, nested past the recursion limit, the wrong shape) is skipped.
_BAD_ROW = (TypeError, ValueError, KeyError, RecursionError)

# SQLite primary result codes that mean "try again later / free some space", not "damaged".
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_NOMEM = 7
_SQLITE_READONLY = 8
_SQLITE_FULL = 13
_TRANSIENT = {_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_NOMEM, _SQLITE_FULL}


def default_store_path(home: str) -> Path:
    """mlcareer.db in the folder `home` (the CLI passes MLCAREER_HOME), or in the per-user data
    folder when `home` is "" (platformdirs' rule for this platform)."""
    home = home.strip()
    if home:
        from mlcareer.loading.inputs import expand_user_path

        folder = expand_user_path(home)
        _make_folder(folder, ours=False)  # the person's choice of folder: created private, not changed
    else:
        # Imported here: platformdirs costs start-up time that most commands never need.
        import platformdirs

        folder = Path(platformdirs.user_data_dir("mlcareer"))
        _make_folder(folder, ours=True)
    return folder / DB_NAME


@dataclass(frozen=True)
class SavedPlan:
    saved_at: datetime
    record: dict[str, Any]  # language-free: ids, numbers, dates (see cli/current_plan.plan_record)


@dataclass(frozen=True)
class Rating:
    """One review from the review log: which question, the self-rating (one of RATINGS), when."""

    question_id: str
    rating: str
    rated_at: datetime
    duration_ms: int | None = None


@dataclass(frozen=True)
class SavedMock:
    id: int
    created_at: datetime
    record: dict[str, Any]


class _Unusable(Exception):
    """The database file exists but cannot be used; `reason` says why (localized)."""

    def __init__(self, reason: Phrase) -> None:
        super().__init__(reason)
        self.reason = reason


class Store:
    """The history database. Open it, use it, close it (or use it as a context manager)."""

    def __init__(self, path: Path, *, read_only_ok: bool = False) -> None:
        """`read_only_ok`: for a caller that only reads (history), a database the person may read
        but not write (or in a folder they cannot write) is opened read-only instead of refused;
        `read_only` then says so, and nothing is changed, converted or moved aside."""
        self.path = Path(path)
        self.notices: list[Phrase] = []
        self.read_only = False
        self._conn: sqlite3.Connection | None = None
        _make_folder(self.path.parent, ours=False)
        if read_only_ok and self._readable_not_writable():
            self._conn = self._connect_read_only()
            self.read_only = True
            return
        if not os.access(self.path.parent, os.W_OK | os.X_OK):
            # SQLite needs to create its side files there; say so rather than blame the file.
            raise MlcareerError(
                msg(
                    "The folder {parent} is not writable. Fix its permissions, or set {home} "
                    "to a folder you can write to.",
                    parent=str(self.path.parent),
                    home=Action("choose_home"),
                )
            )
        try:
            self._conn = self._connect()
        except _Unusable as damage:
            aside = self._move_aside(damage.reason)
            self.notices.append(
                msg(
                    "The history database {path} is damaged or unreadable ({reason}). It was moved, "
                    "unchanged, to {aside} and a new, empty database was started. Nothing else was "
                    "affected.",
                    path=str(self.path),
                    reason=damage.reason,
                    aside=str(aside),
                )
            )
            try:
                self._conn = self._connect()
            except _Unusable as again:
                # Only possible if something recreates a bad file at the same moment.
                raise MlcareerError(
                    msg(
                        "Could not start a new history database at {path} ({reason}). Set {home} to another folder.",
                        path=str(self.path),
                        reason=again.reason,
                        home=Action("choose_home"),
                    )
                ) from again

    @classmethod
    def open_default(cls, home: str, *, read_only_ok: bool = False) -> Store:
        return cls(default_store_path(home), read_only_ok=read_only_ok)

    def _readable_not_writable(self) -> bool:
        try:
            regular = stat.S_ISREG(os.stat(self.path).st_mode)
        except OSError:
            return False  # missing or unreachable: the read-write path creates it or says why
        writable = os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK | os.X_OK)
        return regular and os.access(self.path, os.R_OK) and not writable

    def _connect_read_only(self) -> sqlite3.Connection:
        """The existing file through a read-only connection, if it holds a current history."""
        uri = f"{self.path.absolute().as_uri()}?mode=ro"
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            state = self._check_in_snapshot(conn)
        except (sqlite3.Error, _Unusable) as error:
            if conn is not None:
                conn.close()
            failure = self._open_failure(error, existed=True) if isinstance(error, sqlite3.Error) else error
            if isinstance(failure, _Unusable):  # damaged, but it cannot be moved aside: left alone
                raise _cannot_use(self.path, failure.reason) from error
            raise failure from error
        except BaseException:
            if conn is not None:
                conn.close()
            raise
        if state != "current":  # empty, or an old one to convert: both need writing
            conn.close()
            raise _cannot_use(self.path, msg("it cannot be written: it is read-only (chmod u+w makes it writable)"))
        return conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- assessments -------------------------------------------------------------------------

    def save_assessment(self, answers: dict[str, Any], result: dict[str, Any], created_at: datetime) -> int:
        """Keep one assessment; returns its id."""
        row = (
            _to_text(created_at),
            json.dumps(answers, ensure_ascii=False),
            json.dumps(result, ensure_ascii=False),
        )
        with self._write() as conn:
            cursor = conn.execute("INSERT INTO assessments (created_at, answers, result) VALUES (?, ?, ?)", row)
            new_id = cursor.lastrowid
        assert new_id is not None  # an INSERT into a rowid table always sets it
        return new_id

    def assessments(self, limit: int | None = None) -> list[SavedAssessment]:
        """Saved assessments, newest first (at most `limit` of them)."""
        if limit is not None and limit < 0:
            raise UsageError(
                msg("The number of assessments must be 0 or more (got {limit}).", limit=limit),
            )
        # No LIMIT in SQL: a bad row is skipped, and the limit counts the rows that can be shown.
        rows = self._read("SELECT id, created_at, answers, result FROM assessments ORDER BY created_at DESC, id DESC")
        saved: list[SavedAssessment] = []
        for row_id, created_at, answers, result in rows:
            if limit is not None and len(saved) >= limit:
                break
            try:
                item = SavedAssessment(
                    id=int(row_id),
                    created_at=_from_text(created_at),
                    answers=_json_object(answers),
                    result=_assessment_result(_json_object(result)),
                )
            except _BAD_ROW:
                self._note_bad_row("assessments", row_id)
                continue
            saved.append(item)
        return saved

    def latest_assessment(self) -> SavedAssessment | None:
        newest = self.assessments(limit=1)
        return newest[0] if newest else None

    # -- study-plan progress -----------------------------------------------------------------

    def set_module_done(self, module_id: str, done: bool, when: datetime) -> bool:
        """Mark a module done (keeping the first date) or not done; True if anything changed."""
        with self._write() as conn:
            if done:
                cursor = conn.execute(
                    "INSERT INTO progress (module_id, done_at) VALUES (?, ?) ON CONFLICT (module_id) DO NOTHING",
                    (module_id, _to_text(when)),
                )
            else:
                cursor = conn.execute("DELETE FROM progress WHERE module_id = ?", (module_id,))
            return cursor.rowcount > 0

    def done_modules(self) -> dict[str, datetime]:
        done: dict[str, datetime] = {}
        for module_id, done_at in self._read("SELECT module_id, done_at FROM progress ORDER BY done_at, module_id"):
            try:
                done[str(module_id)] = _from_text(done_at)
            except _BAD_ROW:
                self._note_bad_row("progress", module_id)
        return done

    # -- the current study plan --------------------------------------------------------------

    def save_plan(self, record: dict[str, Any], saved_at: datetime) -> None:
        """Keep `record` as the current plan, replacing the one before."""
        with self._write() as conn:
            # Made on first use: a store from before saved plans existed needs no migration.
            conn.execute(_CREATE_PLAN)
            conn.execute(
                "INSERT INTO current_plan (id, saved_at, record) VALUES (1, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET saved_at = excluded.saved_at, record = excluded.record",
                (_to_text(saved_at), json.dumps(record, ensure_ascii=False)),
            )

    def current_plan(self) -> SavedPlan | None:
        has_table = self._read("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'current_plan'")
        if not has_table:
            return None
        for saved_at, record in self._read("SELECT saved_at, record FROM current_plan WHERE id = 1"):
            try:
                return SavedPlan(_from_text(saved_at), _json_object(record))
            except _BAD_ROW:
                self._note_bad_row("current_plan", 1)
        return None

    # -- interview reviews -------------------------------------------------------------------

    def add_rating(self, question_id: str, rating: str, when: datetime, duration_ms: int | None = None) -> None:
        """Log one review: the self-rating (kept as its FSRS grade) and how long the answer took."""
        if rating not in RATINGS:
            raise UsageError(
                msg("Unknown rating {rating!r}: use one of {ratings}.", rating=rating, ratings=", ".join(RATINGS)),
            )
        with self._write() as conn:
            conn.execute(
                "INSERT INTO review_log (question_id, rating, reviewed_at, duration_ms) VALUES (?, ?, ?, ?)",
                (question_id, GRADES[rating], _to_text(when), duration_ms),
            )

    def ratings(self) -> list[Rating]:
        """Every review logged, oldest first."""
        kept: list[Rating] = []
        for row_id, question_id, grade, reviewed_at, duration_ms in self._read(
            "SELECT id, question_id, rating, reviewed_at, duration_ms FROM review_log ORDER BY reviewed_at, id"
        ):
            try:
                if grade not in _RATING_OF_GRADE or not isinstance(question_id, str):
                    raise ValueError(grade)
                if duration_ms is not None and not isinstance(duration_ms, int):
                    raise ValueError(duration_ms)
                kept.append(Rating(question_id, _RATING_OF_GRADE[grade], _from_text(reviewed_at), duration_ms))
            except _BAD_ROW:
                self._note_bad_row("review_log", row_id)
        return kept

    # -- mock interviews ---------------------------------------------------------------------

    def save_mock(self, record: dict[str, Any], created_at: datetime) -> int:
        """Keep one mock interview's debrief (a language-free record of ids and numbers); returns its id."""
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO mock_interviews (created_at, record) VALUES (?, ?)",
                (_to_text(created_at), json.dumps(record, ensure_ascii=False)),
            )
            new_id = cursor.lastrowid
        assert new_id is not None
        return new_id

    def mocks(self, limit: int | None = None) -> list[SavedMock]:
        """Saved mock interviews, newest first."""
        kept: list[SavedMock] = []
        for row_id, created_at, record in self._read(
            "SELECT id, created_at, record FROM mock_interviews ORDER BY created_at DESC, id DESC LIMIT ?",
            (-1 if limit is None else limit,),
        ):
            try:
                kept.append(SavedMock(int(row_id), _from_text(created_at), _json_object(record)))
            except _BAD_ROW:
                self._note_bad_row("mock_interviews", row_id)
        return kept

    # -- opening -----------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        """Open the database, check it and create the tables if it is new.

        Raises _Unusable for a file SQLite reports as corrupt (the caller moves it aside),
        MlcareerError for everything that moving the file would not fix.
        """
        existed = os.path.lexists(self.path)
        state: _State | None = "new"
        if existed:
            _check_file(self.path)
            tighten(self.path, PRIVATE_FILE)
            state = self._inspect_read_only()
        else:
            _create_private(self.path)
        try:
            # isolation_level=None: we issue BEGIN IMMEDIATE ourselves (see _write).
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as error:
            raise self._open_failure(error, existed) from error
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if state is None:
                state = self._check_in_snapshot(conn)
            _use_wal(conn)
            if state != "current":
                self._create_schema(conn)
        except sqlite3.Error as error:
            conn.close()
            raise self._open_failure(error, existed) from error
        except BaseException:
            conn.close()
            raise
        return conn

    def _inspect_read_only(self) -> _State | None:
        """Check an existing file through a read-only connection; None if that cannot tell.

        Read-only, because a read-write connection that fails on a damaged file still deletes
        the file's -wal when it closes, and that -wal may hold the user's latest saves. This
        way the damaged file and its side files are moved aside exactly as they were.
        """
        uri = f"{self.path.absolute().as_uri()}?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as error:
            raise self._open_failure(error, existed=True) from error
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            return self._check_in_snapshot(conn)
        except sqlite3.Error as error:
            if _primary_code(error) == _SQLITE_READONLY:
                # E.g. a hot rollback journal that only a writer may roll back: check the
                # file again through the read-write connection.
                return None
            raise self._open_failure(error, existed=True) from error
        finally:
            conn.close()

    def _check_in_snapshot(self, conn: sqlite3.Connection) -> _State:
        # All the checks read one snapshot: read one by one, they could see another
        # process's half-finished first run (user_version 0 but the tables already there).
        conn.execute("BEGIN")
        try:
            return self._check_contents(conn)
        finally:
            _rollback(conn)

    def _check_contents(self, conn: sqlite3.Connection) -> _State:
        """ "new" for an empty database, "old" for one to convert, "current"; raise if it is not ours."""
        # The first read of the file: random bytes fail here with "file is not a database".
        check = conn.execute("PRAGMA quick_check(1)").fetchone()
        if check is None or check[0] != "ok":
            found = check[0] if check else "?"
            raise _Unusable(msg("it failed SQLite's integrity check: {found}", found=found))
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {
            str(name)
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        if version == 0 and not tables:
            return "new"
        if version > SCHEMA_VERSION and set(_SCHEMA) <= tables:
            # Ours, from a newer mlcareer: moving it aside would hide the user's history.
            raise MlcareerError(
                msg(
                    "The history database {path} was written by a newer mlcareer (schema {version}; "
                    "this one knows {SCHEMA_VERSION}). Upgrade mlcareer, or set {home} to "
                    "another folder to keep a separate history.",
                    path=str(self.path),
                    version=version,
                    SCHEMA_VERSION=SCHEMA_VERSION,
                    home=Action("choose_home"),
                )
            )
        schema = _SCHEMA_V1 if version == 1 else _SCHEMA
        if version not in (1, SCHEMA_VERSION):
            listed = ", ".join(sorted(tables)) or "-"
            raise self._not_ours(
                msg(
                    "it holds tables mlcareer does not know (schema {version}, tables: {listed})",
                    version=version,
                    listed=listed,
                )
            )
        for table, columns in schema.items():
            present = {str(name) for (name,) in conn.execute("SELECT name FROM pragma_table_info(?)", (table,))}
            missing = [column for column in columns if column not in present]
            if missing:
                what = table if not present else f"{table}.{', '.join(missing)}"
                raise self._not_ours(msg("{what} is missing", what=what))
        return "old" if version == 1 else "current"

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        """Create the tables of a new file, or convert a version-1 file, in one transaction."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have done it while we waited for the lock.
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version == 0:
                for statement in _CREATE_TABLES:
                    conn.execute(statement)
            elif version == 1:
                _migrate_from_1(conn)
            if version < SCHEMA_VERSION:
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise

    def _open_failure(self, error: sqlite3.Error, existed: bool) -> Exception:
        """What an SQLite error while opening means for the user."""
        code = _primary_code(error)
        if code in _TRANSIENT:
            return self._operation_error(error)
        if existed and code in _CORRUPT:
            return _Unusable(_sqlite_reason(error))
        if existed:
            return self._operation_error(error)
        return MlcareerError(
            msg(
                "Could not create the history database at {path} ({error}). Check that the "
                "folder is writable, or set {home} to another folder.",
                path=str(self.path),
                error=_sqlite_reason(error),
                home=Action("choose_home"),
            )
        )

    def _move_aside(self, reason: Phrase) -> Path:
        """Rename the unusable file (and its SQLite side files) out of the way, unchanged."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        counter = 1
        while any(os.path.lexists(f"{aside}{suffix}") for suffix in ("", *_SIDECARS)):
            counter += 1
            aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{counter}")
        # The side files move too: a stale -wal next to the fresh database would be replayed
        # into it. The main file goes first, so a failure leaves everything where it was.
        for suffix in ("", *_SIDECARS):
            source = Path(f"{self.path}{suffix}")
            if not os.path.lexists(source):
                continue
            try:
                os.rename(source, f"{aside}{suffix}")
            except OSError as error:
                raise MlcareerError(
                    msg(
                        "The history database {source} is damaged or unreadable ({reason}), "
                        "and it could not be moved aside ({why}). "
                        "Move or delete {source} yourself, or set {home} to another "
                        "folder, then run mlcareer again.",
                        source=str(source),
                        reason=reason,
                        why=os_reason(error),
                        home=Action("choose_home"),
                    )
                ) from error
        return aside

    # -- reading and writing -----------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("the store is closed")
        return self._conn

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        conn = self._connection()
        try:
            return list(conn.execute(sql, params).fetchall())
        except (sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise  # a bug in this module, not a problem with the file
        except sqlite3.Error as error:
            raise self._operation_error(error) from error

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One atomic write transaction.

        BEGIN IMMEDIATE takes the write lock up front, waiting up to the busy timeout for
        another process. (A deferred transaction that reads first can fail at once with
        "database is locked" when it tries to write, without waiting.)
        """
        conn = self._connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                _rollback(conn)
                raise
        except (sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise
        except sqlite3.Error as error:
            raise self._operation_error(error) from error

    def _operation_error(self, error: sqlite3.Error) -> MlcareerError:
        code = _primary_code(error)
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return MlcareerError(
                msg(
                    "The history database {path} is busy (another mlcareer is using it). Wait a moment and try again.",
                    path=str(self.path),
                )
            )
        if code == _SQLITE_FULL:
            return MlcareerError(
                msg(
                    "The disk is full, so {path} cannot be written. Free some space and try again.", path=str(self.path)
                )
            )
        return MlcareerError(
            msg(
                "Could not read or write the history database {path} ({error}). Check the file's "
                "permissions, or move the file aside and run again to start a new database.",
                path=str(self.path),
                error=_sqlite_reason(error),
            )
        )

    def _not_ours(self, reason: Phrase) -> MlcareerError:
        """A sound SQLite file that is not the database we expect: not damage, so not moved."""
        return MlcareerError(
            msg(
                "{path} is an SQLite file but not mlcareer's history database ({reason}). It may "
                "belong to another program, so it was left as it is. Move it elsewhere, or set "
                "{home} to another folder.",
                path=str(self.path),
                reason=reason,
                home=Action("choose_home"),
            )
        )

    def _note_bad_row(self, table: str, row_id: object) -> None:
        self.notices.append(
            msg(
                "Skipped row {row_id} of {table} in {path}: it is not in a readable form.",
                row_id=str(row_id),
                table=table,
                path=str(self.path),
            )
        )


def _migrate_from_1(conn: sqlite3.Connection) -> None:
    """Version 1 to 2: every Leitner-era rating becomes a review with its FSRS grade, same question and time.

    A row whose rating is not one of the three names is copied with grade 0, so the review log
    skips it with a notice (as version 1 did) instead of it silently disappearing.
    """
    for statement in _CREATE_REVIEW_TABLES:
        conn.execute(statement)
    grade = " ".join(f"WHEN '{name}' THEN {value}" for name, value in GRADES.items())
    conn.execute(
        "INSERT INTO review_log (id, question_id, rating, reviewed_at, duration_ms)"
        f" SELECT id, question_id, CASE rating {grade} ELSE 0 END, rated_at, NULL FROM ratings ORDER BY id"
    )
    conn.execute("DROP TABLE ratings")


def _check_file(path: Path) -> None:
    """Problems visible without opening the file: a folder, FIFO or device in its place, no
    permission, read-only. None of them is damage: the file is left where it is."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise _cannot_use(path, os_reason(error)) from error
    if stat.S_ISDIR(mode):
        raise _cannot_use(path, msg("it is a folder, not a file"))
    if not stat.S_ISREG(mode):
        from mlcareer.loading.inputs import describe_file_type

        raise _cannot_use(path, msg("it is {kind}, not a regular file", kind=describe_file_type(mode)))
    if not os.access(path, os.R_OK):
        raise _cannot_use(path, msg("it cannot be read: you have no permission to read it"))
    if not os.access(path, os.W_OK):
        raise _cannot_use(
            path,
            msg("it cannot be written: it is read-only (chmod u+w makes it writable)"),
        )


def _cannot_use(path: Path, reason: Phrase) -> MlcareerError:
    return MlcareerError(
        msg(
            "The history database {path} cannot be used: {reason}. It was left as it is. Fix "
            "it, or set {home} to another folder.",
            path=str(path),
            reason=reason,
            home=Action("choose_home"),
        )
    )


def _create_private(path: Path) -> None:
    """Create the new, empty database file as 0600 before SQLite opens it (SQLite would follow the
    umask, and its side files copy the database's mode)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass  # a second mlcareer made it a moment ago
    except OSError:
        pass  # SQLite's own open says what is wrong, in its words


def _assessment_result(result: dict[str, Any]) -> dict[str, Any]:
    """The containers the history views walk, checked: a row of another shape is skipped with a
    notice instead of crashing history, roadmap or progress."""
    specializations = result.get("specializations", [])
    if not isinstance(specializations, list) or not all(isinstance(item, dict) for item in specializations):
        raise TypeError("specializations")
    for item in specializations:
        score = item.get("score", 0)
        if "id" in item and (isinstance(score, bool) or not isinstance(score, int | float)):
            raise TypeError("score")
    gaps = result.get("skill_gaps", [])
    if not isinstance(gaps, list) or not all(isinstance(gap, dict) for gap in gaps):
        raise TypeError("skill_gaps")
    phase = result.get("phase", 0)
    if isinstance(phase, bool) or not isinstance(phase, int):
        raise TypeError("phase")
    return result


def _make_folder(folder: Path, *, ours: bool) -> None:
    try:
        make_private_folder(folder, ours=ours)
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
    except OSError as error:
        raise MlcareerError(
            msg(
                "Could not create the data folder {folder} ({reason}). Set {home} to a folder you can write to.",
                folder=str(folder),
                reason=os_reason(error),
                home=Action("choose_home"),
            )
        ) from error


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to the WAL journal: readers never block the writer, and it is crash-safe.

    The mode is kept in the file, so this is normally a no-op. Changing it needs a moment of
    exclusive access and SQLite answers "database is locked" at once, without the busy
    timeout, when another process is using the file (two first runs at the same time), so we
    retry for as long as the busy timeout would have waited.
    """
    if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if _primary_code(error) != _SQLITE_BUSY or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def _rollback(conn: sqlite3.Connection) -> None:
    # SQLite may already have rolled back (e.g. after SQLITE_FULL); that is fine.
    if conn.in_transaction:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _primary_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _to_text(when: datetime) -> str:
    """ISO-8601; aware datetimes in UTC, all with microseconds so text order is time order."""
    if when.utcoffset() is not None:
        when = when.astimezone(UTC)
    return when.isoformat(timespec="microseconds")


def _from_text(text: object) -> datetime:
    if not isinstance(text, str):
        raise TypeError(text)
    return datetime.fromisoformat(text)


def _json_object(text: object) -> dict[str, Any]:
    if not isinstance(text, str):
        raise TypeError(text)
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError(text)
    return value
