"""The SQLite store: round trips, ordering, damaged files moved aside, crashes and two writers."""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from japanese_output import english_left

from mlcareer.domain.history import SavedAssessment
from mlcareer.domain.model import KnowledgeBase
from mlcareer.errors import EXIT_USAGE, MlcareerError
from mlcareer.render.phrases import say
from mlcareer.render.problems import error_text
from mlcareer.storage import store as store_module
from mlcareer.storage.store import RATINGS, SCHEMA_VERSION, Rating, Store, default_store_path

JST = timezone(timedelta(hours=9))
T0 = datetime(2025, 6, 27, 9, 30, 15, 123456, tzinfo=UTC)
ASIDE_NAME = re.compile(r"^mlcareer\.db\.damaged-\d{8}-\d{6}(-\d+)?$")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "mlcareer.db"


def raw(path: Path) -> sqlite3.Connection:
    """A plain connection, to look at the file the way another program would."""
    return sqlite3.connect(path)


def count_assessments(path: Path) -> int:
    with raw(path) as conn:
        return int(conn.execute("SELECT count(*) FROM assessments").fetchone()[0])


def aside_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ASIDE_NAME.match(p.name))


# -- where the database lives ----------------------------------------------------------------


def test_default_path_is_under_mlcareer_home_and_creates_it(tmp_path: Path) -> None:
    home = tmp_path / "home"  # set by conftest; it does not exist yet
    assert not home.exists()
    assert default_store_path(str(home)) == home / "mlcareer.db"
    assert home.is_dir()


def test_default_path_without_home_uses_platformdirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    asked: list[str] = []

    def fake_user_data_dir(appname: str) -> str:
        asked.append(appname)
        return str(tmp_path / "platform" / appname)

    monkeypatch.setattr(platformdirs, "user_data_dir", fake_user_data_dir)
    assert default_store_path("") == tmp_path / "platform" / "mlcareer" / "mlcareer.db"
    assert asked == ["mlcareer"]
    assert (tmp_path / "platform" / "mlcareer").is_dir()


def test_platformdirs_is_imported_only_when_needed() -> None:
    code = "import sys, mlcareer.storage.store; print('platformdirs' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_unusable_home_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(MlcareerError) as caught:
        default_store_path(str(blocker / "sub"))
    assert str(blocker / "sub") in error_text(caught.value, "en")
    assert "MLCAREER_HOME" in error_text(caught.value, "en")


def test_open_default_creates_the_database_in_mlcareer_home(tmp_path: Path) -> None:
    with Store.open_default(os.environ["MLCAREER_HOME"]) as store:
        assert store.path == tmp_path / "home" / "mlcareer.db"
        assert store.notices == []
    assert (tmp_path / "home" / "mlcareer.db").is_file()


def test_missing_parent_folders_are_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "mlcareer.db"
    with Store(path) as store:
        store.save_assessment({}, {}, T0)
    assert count_assessments(path) == 1


def test_a_folder_name_with_spaces_percent_hash_and_japanese_works(tmp_path: Path) -> None:
    # The file is also opened through a file: URI (read-only check), where these need quoting.
    path = tmp_path / "データ 100% #1" / "mlcareer.db"
    with Store(path) as store:
        store.save_assessment({"n": 1}, {}, T0)
    with Store(path) as store:
        assert store.notices == []
        assert [a.answers for a in store.assessments()] == [{"n": 1}]
    assert sorted(p.name for p in path.parent.iterdir()) == ["mlcareer.db"]


# -- the schema ------------------------------------------------------------------------------


def test_schema_tables_version_and_wal(db: Path) -> None:
    Store(db).close()
    with raw(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = ("assessments", "progress", "review_log", "mock_interviews")
        columns = {table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})")] for table in tables}
        pk = {table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})") if row[5]] for table in tables}
    assert columns == {
        "assessments": ["id", "created_at", "answers", "result"],
        "progress": ["module_id", "done_at"],
        "review_log": ["id", "question_id", "rating", "reviewed_at", "duration_ms"],
        "mock_interviews": ["id", "created_at", "record"],
    }
    assert pk == {"assessments": ["id"], "progress": ["module_id"], "review_log": ["id"], "mock_interviews": ["id"]}


def test_an_empty_file_is_a_new_database_not_a_damaged_one(db: Path) -> None:
    db.write_bytes(b"")
    with Store(db) as store:
        assert store.notices == []
        store.save_assessment({"a": 1}, {}, T0)
    assert aside_files(db.parent) == []
    assert count_assessments(db) == 1


# -- assessments -----------------------------------------------------------------------------


def test_assessment_round_trip_keeps_everything(db: Path) -> None:
    answers: dict[str, Any] = {"experience": "junior", "skills": ["python", "統計"], "hours": 7.5}
    result: dict[str, Any] = {
        "ranking": [{"id": "mle", "score": 12, "reasons": ["Pythonが得意"]}],
        "salary": {"low": 600, "high": 900},
        "none": None,
    }
    created = datetime(2025, 6, 27, 18, 0, 0, tzinfo=JST)
    with Store(db) as store:
        new_id = store.save_assessment(answers, result, created)
        (saved,) = store.assessments()
        assert store.latest_assessment() == saved
    assert saved == SavedAssessment(id=new_id, created_at=created, answers=answers, result=result)
    # Aware datetimes are kept in UTC; the same instant comes back.
    assert saved.created_at.utcoffset() == timedelta(0)
    assert saved.created_at == datetime(2025, 6, 27, 9, 0, 0, tzinfo=UTC)
    with raw(db) as conn:
        created_text, answers_text = conn.execute("SELECT created_at, answers FROM assessments").fetchone()
    assert created_text == "2025-06-27T09:00:00.000000+00:00"
    assert "統計" in answers_text  # ensure_ascii=False: readable in the file
    assert json.loads(answers_text) == answers


def test_naive_datetimes_come_back_naive(db: Path) -> None:
    naive = datetime(2025, 1, 2, 3, 4, 5)
    with Store(db) as store:
        store.save_assessment({}, {}, naive)
        saved = store.latest_assessment()
    assert saved is not None
    assert saved.created_at == naive
    assert saved.created_at.tzinfo is None


def test_ids_are_distinct_and_increasing(db: Path) -> None:
    with Store(db) as store:
        ids = [store.save_assessment({"n": n}, {}, T0) for n in range(5)]
    assert ids == sorted(ids)
    assert len(set(ids)) == 5


def test_assessments_are_newest_first_whatever_the_saving_order(db: Path) -> None:
    # Saved out of order, with mixed time zones and a tie, to show the order is by time.
    times = [
        T0 + timedelta(days=1),
        T0,
        (T0 + timedelta(days=3)).astimezone(JST),
        T0 + timedelta(days=2),
        T0 + timedelta(microseconds=1),
        T0,  # same instant as the second: the later save counts as newer
    ]
    with Store(db) as store:
        ids = [store.save_assessment({"n": n}, {}, when) for n, when in enumerate(times)]
        newest_first = store.assessments()
        assert [a.answers["n"] for a in newest_first] == [2, 3, 0, 4, 5, 1]
        assert [a.id for a in newest_first] == [ids[n] for n in (2, 3, 0, 4, 5, 1)]
        assert [a.answers["n"] for a in store.assessments(limit=2)] == [2, 3]
        assert store.assessments(limit=0) == []
        assert len(store.assessments(limit=100)) == 6
        latest = store.latest_assessment()
        assert latest is not None and latest.answers["n"] == 2


def test_negative_limit_is_a_usage_error(db: Path) -> None:
    with Store(db) as store, pytest.raises(MlcareerError) as caught:
        store.assessments(limit=-1)
    assert caught.value.exit_code == EXIT_USAGE


def test_latest_assessment_of_an_empty_store_is_none(db: Path) -> None:
    with Store(db) as store:
        assert store.assessments() == []
        assert store.latest_assessment() is None


def test_data_survives_closing_and_reopening(db: Path) -> None:
    with Store(db) as store:
        store.save_assessment({"q": "a"}, {"r": 1}, T0)
        store.set_module_done("python-basics", True, T0)
        store.add_rating("iq-overfitting", "partly", T0)
    with Store(db) as store:
        assert store.notices == []
        assert [a.answers for a in store.assessments()] == [{"q": "a"}]
        assert store.done_modules() == {"python-basics": T0}
        assert store.ratings() == [Rating("iq-overfitting", "partly", T0)]


def test_a_closed_store_cannot_be_used(db: Path) -> None:
    with Store(db) as store:
        pass
    store.close()  # closing twice is harmless
    with pytest.raises(RuntimeError):
        store.assessments()


# -- study-plan progress ---------------------------------------------------------------------


def test_module_done_and_undone_report_whether_anything_changed(db: Path) -> None:
    later = T0 + timedelta(days=5)
    with Store(db) as store:
        assert store.done_modules() == {}
        assert store.set_module_done("ml-basics", True, T0) is True
        assert store.set_module_done("ml-basics", True, later) is False  # already done
        assert store.done_modules() == {"ml-basics": T0}  # the first date is kept
        assert store.set_module_done("deep-learning", True, later.astimezone(JST)) is True
        assert store.done_modules() == {"ml-basics": T0, "deep-learning": later}
        assert store.set_module_done("ml-basics", False, later) is True
        assert store.set_module_done("ml-basics", False, later) is False  # already undone
        assert store.set_module_done("never-done", False, later) is False
        assert store.done_modules() == {"deep-learning": later}
        assert store.set_module_done("ml-basics", True, later) is True  # done again, new date
        assert store.done_modules() == {"ml-basics": later, "deep-learning": later}


# -- interview ratings -----------------------------------------------------------------------


def test_ratings_round_trip_oldest_first(db: Path) -> None:
    given = [
        ("q-bias-variance", "missed", T0 + timedelta(hours=2)),
        ("q-overfitting", "got_it", T0),
        ("q-bias-variance", "partly", (T0 + timedelta(hours=3)).astimezone(JST)),
        ("q-overfitting", "got_it", T0 + timedelta(hours=1)),
    ]
    with Store(db) as store:
        for question_id, rating, when in given:
            store.add_rating(question_id, rating, when)
        got = store.ratings()
    assert got == [
        Rating("q-overfitting", "got_it", T0),
        Rating("q-overfitting", "got_it", T0 + timedelta(hours=1)),
        Rating("q-bias-variance", "missed", T0 + timedelta(hours=2)),
        Rating("q-bias-variance", "partly", T0 + timedelta(hours=3)),
    ]
    assert all(r.rated_at.utcoffset() == timedelta(0) for r in got)


def test_reviews_are_logged_with_fsrs_grades_and_durations_and_survive_a_restart(db: Path) -> None:
    with Store(db) as store:
        store.add_rating("q", "missed", T0, duration_ms=95_000)
        store.add_rating("q", "got_it", T0 + timedelta(days=1))
    with raw(db) as conn:
        rows = conn.execute(
            "SELECT question_id, rating, reviewed_at, duration_ms FROM review_log ORDER BY id"
        ).fetchall()
    assert rows == [("q", 1, T0.isoformat(), 95_000), ("q", 3, (T0 + timedelta(days=1)).isoformat(), None)]
    with Store(db) as store:  # a new process, as after a restart
        assert store.ratings() == [
            Rating("q", "missed", T0, 95_000),
            Rating("q", "got_it", T0 + timedelta(days=1)),
        ]


FIXTURES = Path(__file__).parent.parent / "fixtures"


def copy_of_version_1_store(folder: Path) -> Path:
    """tests/fixtures/store-v1.db was written by mlcareer's schema-1 store (the Leitner version)."""
    target = folder / "mlcareer.db"
    target.write_bytes((FIXTURES / "store-v1.db").read_bytes())
    return target


def test_a_version_1_store_is_converted_and_nothing_is_lost(tmp_path: Path) -> None:
    db = copy_of_version_1_store(tmp_path)
    with raw(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 5
    day = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
    with Store(db) as store:
        assert store.notices == []
        assert store.ratings() == [
            Rating("bias_variance", "got_it", day),
            Rating("bias_variance", "got_it", day + timedelta(days=3)),
            Rating("rag_design", "missed", day + timedelta(days=4)),
            Rating("drift_types", "partly", day + timedelta(days=4, hours=1)),
            Rating("removed_question", "missed", day + timedelta(days=5)),
        ]
        assert [a.answers for a in store.assessments()] == [{"background": "web_engineer"}]
        assert store.done_modules() == {"python_basics": day}
        store.add_rating("rag_design", "got_it", day + timedelta(days=6))
    with raw(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        grades = [g for (g,) in conn.execute("SELECT rating FROM review_log ORDER BY id")]
    assert "ratings" not in tables and {"review_log", "mock_interviews"} <= tables
    assert grades == [3, 3, 1, 2, 1, 3]
    with Store(db) as store:  # converted once: opening again changes nothing
        assert len(store.ratings()) == 6 and store.notices == []


def test_a_version_1_rating_that_was_unreadable_stays_visible_as_a_skipped_row(tmp_path: Path) -> None:
    db = copy_of_version_1_store(tmp_path)
    with raw(db) as conn:
        conn.execute("INSERT INTO ratings VALUES (9, 'q', 'meh', '2025-06-07T00:00:00+00:00')")
    with Store(db) as store:
        assert len(store.ratings()) == 5
        assert any("row 9 " in say(notice, "en") for notice in store.notices)


def test_the_converted_schedule_orders_as_the_ratings_say(kb: KnowledgeBase, tmp_path: Path) -> None:
    from mlcareer.domain.interview import practice_order

    db = copy_of_version_1_store(tmp_path)
    with Store(db) as store:
        ratings = store.ratings()
    now = datetime(2025, 6, 6, 12, 0, tzinfo=UTC)
    order = practice_order(kb, ratings, now)
    ids = [item.question.id for item in order]
    assert [item.status for item in order[:2]] == ["due", "due"]
    assert set(ids[:2]) == {"rag_design", "drift_types"}  # missed and partly: due
    assert ids.index("bias_variance") > ids.index("overfitting_regularization")  # got it twice: later
    assert "removed_question" not in ids


def test_every_rating_value_is_accepted(db: Path) -> None:
    with Store(db) as store:
        for rating in RATINGS:
            store.add_rating("q", rating, T0)
        assert [r.rating for r in store.ratings()] == ["got_it", "partly", "missed"]


def test_an_unknown_rating_is_refused_and_nothing_is_stored(db: Path) -> None:
    with Store(db) as store:
        with pytest.raises(MlcareerError) as caught:
            store.add_rating("q", "great", T0)
        assert "great" in error_text(caught.value, "en")
        assert caught.value.exit_code == EXIT_USAGE
        assert store.ratings() == []


# -- rows edited by hand ---------------------------------------------------------------------


def test_unreadable_rows_are_skipped_with_a_notice(db: Path) -> None:
    with Store(db) as store:
        good = store.save_assessment({"ok": True}, {}, T0)
        store.set_module_done("fine", True, T0)
    with raw(db) as conn:
        conn.execute("INSERT INTO assessments VALUES (100, ?, '{broken', '{}')", (T0.isoformat(),))
        conn.execute("INSERT INTO assessments VALUES (101, ?, '[1, 2]', '{}')", (T0.isoformat(),))
        conn.execute("INSERT INTO assessments VALUES (102, 'yesterday', '{}', '{}')")
        conn.execute("INSERT INTO progress VALUES ('bad-date', 'soon')")
        conn.execute("INSERT INTO review_log VALUES (7, 'q', 9, ?, NULL)", (T0.isoformat(),))
    with Store(db) as store:
        assert [a.id for a in store.assessments()] == [good]
        assert store.done_modules() == {"fine": T0}
        assert store.ratings() == []
        notices = "\n".join(say(notice, "en") for notice in store.notices)
    for row in ("100", "101", "102", "bad-date", "7"):
        assert f"row {row} " in notices


# -- damaged or unusable files ---------------------------------------------------------------


def write_random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(1).randbytes(8192))


def write_text(path: Path) -> None:
    path.write_text("これはデータベースではありません\n", encoding="utf-8")


def _store_with_history(path: Path) -> bytes:
    with Store(path) as store:
        for n in range(300):
            store.save_assessment({"n": n, "pad": "x" * 1000}, {"ok": True}, T0)
    data = path.read_bytes()
    assert len(data) > 100_000  # the WAL was checkpointed into the file on close
    return data


def write_truncated_half(path: Path) -> None:
    data = _store_with_history(path)
    path.write_bytes(data[: len(data) // 2])


def write_truncated_header(path: Path) -> None:
    data = _store_with_history(path)
    path.write_bytes(data[:60])


def write_foreign_schema(path: Path) -> None:
    with raw(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('a', '1')")
    raw(path).close()


def write_foreign_schema_with_version(path: Path) -> None:
    with raw(path) as conn:
        conn.execute("CREATE TABLE assessments (x TEXT)")
        conn.execute("PRAGMA user_version = 7")


def write_missing_table(path: Path) -> None:
    Store(path).close()
    with raw(path) as conn:
        conn.execute("DROP TABLE review_log")


def write_missing_column(path: Path) -> None:
    Store(path).close()
    with raw(path) as conn:
        conn.execute("DROP TABLE progress")
        conn.execute("CREATE TABLE progress (module_id TEXT PRIMARY KEY)")


def write_corrupt_page(path: Path) -> None:
    data = bytearray(_store_with_history(path))
    page_size = int.from_bytes(data[16:18], "big")
    # Scribble over the header and cell pointers of a page in the middle: one full of rows.
    # The file header and the size stay intact, so only a check of the pages can tell.
    start = (len(data) // page_size // 2) * page_size
    data[start : start + 64] = random.Random(2).randbytes(64)
    path.write_bytes(bytes(data))


# What SQLite itself reports as damage: the only files moved aside.
DAMAGE: dict[str, Callable[[Path], None]] = {
    "random-bytes": write_random_bytes,
    "text-file": write_text,
    "truncated-half": write_truncated_half,
    "truncated-header": write_truncated_header,
    "corrupt-page": write_corrupt_page,
}
# Sound SQLite files that are not our database: perhaps another program's, so left where they are.
NOT_OURS: dict[str, Callable[[Path], None]] = {
    "other-schema": write_foreign_schema,
    "other-schema-with-version": write_foreign_schema_with_version,
    "missing-table": write_missing_table,
    "missing-column": write_missing_column,
}


def assert_moved_aside_and_fresh(store: Store, db: Path, original: bytes) -> Path:
    (notice,) = (say(notice, "en") for notice in store.notices)
    (aside,) = aside_files(db.parent)
    assert str(db) in notice
    assert str(aside) in notice
    assert aside.read_bytes() == original  # the old file, byte for byte, under the new name
    # The fresh database works and is empty.
    assert store.assessments() == []
    assert store.done_modules() == {}
    new_id = store.save_assessment({"after": True}, {}, T0)
    assert store.set_module_done("m", True, T0) is True
    store.add_rating("q", "got_it", T0)
    assert [a.id for a in store.assessments()] == [new_id]
    return aside


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damaged_database_is_moved_aside_and_a_fresh_one_started(db: Path, damage: Callable[[Path], None]) -> None:
    damage(db)
    bystander = db.parent / "notes.txt"
    bystander.write_text("keep me", encoding="utf-8")
    original = db.read_bytes()

    with Store(db) as store:
        assert_moved_aside_and_fresh(store, db, original)

    with Store(db) as store:  # the next run is quiet and keeps what was saved
        assert store.notices == []
        assert len(store.assessments()) == 1
    assert bystander.read_text(encoding="utf-8") == "keep me"
    assert len(aside_files(db.parent)) == 1


@pytest.mark.parametrize("damage", NOT_OURS.values(), ids=NOT_OURS.keys())
def test_an_sqlite_file_that_is_not_ours_is_left_in_place(db: Path, damage: Callable[[Path], None]) -> None:
    damage(db)
    original = db.read_bytes()
    with pytest.raises(MlcareerError, match="not mlcareer's history database") as error:
        Store(db)
    assert "left as it is" in error_text(error.value, "en") and str(db) in error_text(error.value, "en")
    assert db.read_bytes() == original and aside_files(db.parent) == []


def test_a_folder_in_place_of_the_database_is_left_in_place(db: Path) -> None:
    db.mkdir()
    (db / "inside.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(MlcareerError, match="it is a folder, not a file") as error:
        Store(db)
    assert "left as it is" in error_text(error.value, "en")
    assert (db / "inside.txt").read_text(encoding="utf-8") == "mine" and aside_files(db.parent) == []


def test_a_fifo_in_place_of_the_database_is_left_in_place_and_nothing_hangs(db: Path) -> None:
    os.mkfifo(db)
    with pytest.raises(MlcareerError, match=r"it is a named pipe \(FIFO\), not a regular file"):
        Store(db)
    assert stat.S_ISFIFO(os.lstat(db).st_mode) and aside_files(db.parent) == []


def permissions_are_enforced(folder: Path) -> bool:
    """False for root (or Windows), where a chmod 0 file can still be read."""
    probe = folder / "probe"
    probe.write_bytes(b"x")
    probe.chmod(0)
    try:
        probe.read_bytes()
    except PermissionError:
        return True
    finally:
        probe.chmod(0o600)
        probe.unlink()
    return False


@pytest.mark.parametrize(("mode", "expected"), [(0, "cannot be read"), (0o400, "cannot be written: it is read-only")])
def test_a_database_without_permission_is_not_damaged(tmp_path: Path, db: Path, mode: int, expected: str) -> None:
    if not permissions_are_enforced(tmp_path):
        pytest.skip("file permissions do not stop this user (root?)")
    Store(db).close()
    original = db.read_bytes()
    db.chmod(mode)
    try:
        with pytest.raises(MlcareerError, match=expected):
            Store(db)
    finally:
        db.chmod(0o600)
    assert db.read_bytes() == original and aside_files(db.parent) == []


@pytest.mark.parametrize(
    ("denied", "expected"),
    [(os.R_OK, "cannot be read: you have no permission"), (os.W_OK, "cannot be written: it is read-only")],
)
def test_a_database_without_permission_is_not_damaged_simulated(
    db: Path, monkeypatch: pytest.MonkeyPatch, denied: int, expected: str
) -> None:
    # Runs everywhere (root ignores chmod): os.access says what a locked-out user would see.
    Store(db).close()
    original = db.read_bytes()
    real_access = os.access

    def access(path: Any, mode: int, **kwargs: Any) -> bool:
        if Path(path) == db and mode & denied:
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    with pytest.raises(MlcareerError, match=expected) as error:
        Store(db)
    assert "left as it is" in error_text(error.value, "en")
    assert db.read_bytes() == original and aside_files(db.parent) == []


def test_a_read_only_database_is_read_by_a_reader_and_refused_to_a_writer(
    db: Path, deny_writing: Callable[[Path], None]
) -> None:
    with Store(db) as store:
        store.save_assessment({"n": 1}, {"specializations": []}, T0)
    original = db.read_bytes()
    deny_writing(db)
    with pytest.raises(MlcareerError, match="cannot be written: it is read-only"):
        Store(db)
    with Store(db, read_only_ok=True) as store:
        assert store.read_only and [a.answers for a in store.assessments()] == [{"n": 1}]
        with pytest.raises(MlcareerError):
            store.save_assessment({"n": 2}, {}, T0)
    assert db.read_bytes() == original and aside_files(db.parent) == []


def test_a_read_only_damaged_database_is_left_as_it_is(db: Path, deny_writing: Callable[[Path], None]) -> None:
    db.write_bytes(b"not a database at all" * 100)
    deny_writing(db)
    with pytest.raises(MlcareerError, match="left as it is"):
        Store(db, read_only_ok=True)
    assert aside_files(db.parent) == []


def test_the_folder_and_database_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        with Store.open_default(str(tmp_path / "a" / "home")) as store:
            store.save_assessment({"target_salary": 900}, {}, T0)
            path = store.path
            sidecars = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
            assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in sidecars if p.exists())
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700


def test_an_existing_database_open_to_others_is_made_private(db: Path) -> None:
    Store(db).close()
    db.chmod(0o644)
    with Store(db) as store:
        assert store.notices == []
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_the_notice_reads_in_japanese_when_shown_in_japanese(db: Path) -> None:
    write_random_bytes(db)
    with Store(db) as store:
        (found,) = store.notices
    notice = say(found, "ja")
    assert "履歴データベース" in notice
    assert english_left(notice.replace(str(db), " "), set()) == []  # SQLite's reason too
    assert str(db) in notice


def test_side_files_move_with_the_damaged_database(db: Path) -> None:
    write_random_bytes(db)
    wal = Path(f"{db}-wal")
    wal.write_bytes(b"stale wal " * 100)
    with Store(db) as store:
        (aside,) = aside_files(db.parent)
        store.save_assessment({}, {}, T0)
        assert Path(f"{aside}-wal").read_bytes() == b"stale wal " * 100
        assert store.notices and len(store.assessments()) == 1
    assert not wal.exists() or wal.read_bytes() != b"stale wal " * 100


def test_damage_twice_keeps_both_old_files(db: Path) -> None:
    write_random_bytes(db)
    first = db.read_bytes()
    Store(db).close()
    write_text(db)
    second = db.read_bytes()
    Store(db).close()
    contents = sorted(p.read_bytes() for p in aside_files(db.parent))
    assert contents == sorted([first, second])


def test_a_damaged_database_that_cannot_be_moved_is_a_clear_error(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_random_bytes(db)
    original = db.read_bytes()

    def refuse(source: Any, target: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "rename", refuse)
    with pytest.raises(MlcareerError) as caught:
        Store(db)
    message = error_text(caught.value, "en")
    assert str(db) in message  # which file
    assert "Move or delete" in message  # what to do
    assert "MLCAREER_HOME" in message
    assert db.read_bytes() == original  # left exactly where and as it was
    assert aside_files(db.parent) == []


def test_a_database_from_a_newer_mlcareer_is_not_moved(db: Path) -> None:
    Store(db).close()
    with raw(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    original = db.read_bytes()
    with pytest.raises(MlcareerError) as caught:
        Store(db)
    assert "newer" in error_text(caught.value, "en")
    assert str(db) in error_text(caught.value, "en")
    assert db.read_bytes() == original
    assert aside_files(db.parent) == []


def test_a_busy_database_is_a_clear_error_and_not_damage(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 50)
    with Store(db) as store:
        store.save_assessment({"n": 0}, {}, T0)
        blocker = sqlite3.connect(db, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # another process holding the write lock
        try:
            with pytest.raises(MlcareerError) as caught:
                store.save_assessment({"n": 1}, {}, T0)
            assert "busy" in error_text(caught.value, "en")
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        store.save_assessment({"n": 2}, {}, T0)  # works again once the lock is gone
        assert sorted(a.answers["n"] for a in store.assessments()) == [0, 2]
    assert aside_files(db.parent) == []


# -- crashes and concurrency -----------------------------------------------------------------

WRITER = """
import sys
from datetime import UTC, datetime
from pathlib import Path

from mlcareer.storage.store import Store

path, tag, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()  # wait for the go, so that the writers really overlap
with Store(path) as store:
    if store.notices:
        print("notice:", store.notices, flush=True)
        sys.exit(3)
    for seq in range(count):
        store.save_assessment(
            {"writer": tag, "seq": seq, "pad": "データ" * 2000},
            {"ok": True},
            datetime(2025, 6, 27, tzinfo=UTC),
        )
        print(seq, flush=True)
"""


def start_writer(script: Path, db: Path, tag: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(script), str(db), tag, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_writer_killed_mid_write_leaves_a_consistent_database(tmp_path: Path, db: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    writer = start_writer(script, db, "a", 1_000_000)
    assert writer.stdin is not None and writer.stdout is not None
    assert writer.stdout.readline().strip() == "ready"
    writer.stdin.write("go\n")
    writer.stdin.flush()
    for line in writer.stdout:  # let it get well into its loop, then kill it without warning
        if int(line) >= 150:
            break
    writer.kill()
    rest, _ = writer.communicate(timeout=60)
    assert writer.returncode != 0  # it was killed, not finished
    last_reported = max([150, *(int(n) for n in rest.split())])

    with Store(db) as store:
        assert store.notices == []
        saved = store.assessments()
    seqs = sorted(a.answers["seq"] for a in saved)
    # Every reported save is there, at most one more (committed, not yet reported), no gaps,
    # and every row is whole.
    assert last_reported + 1 <= len(seqs) <= last_reported + 2
    assert seqs == list(range(len(seqs)))
    assert all(a.answers["pad"] == "データ" * 2000 for a in saved)
    with raw(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert aside_files(db.parent) == []


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path, db: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    count = 200
    # Neither has opened the database yet: the first run's table creation races too.
    writers = [start_writer(script, db, tag, count) for tag in ("a", "b")]
    for writer in writers:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = [writer.communicate(timeout=300) for writer in writers]
    for writer, (_, errors) in zip(writers, results, strict=True):
        assert writer.returncode == 0, errors

    assert count_assessments(db) == 2 * count
    with Store(db) as store:
        assert store.notices == []
        saved = store.assessments()
    assert len({a.id for a in saved}) == 2 * count
    for tag in ("a", "b"):
        assert sorted(a.answers["seq"] for a in saved if a.answers["writer"] == tag) == list(range(count))
