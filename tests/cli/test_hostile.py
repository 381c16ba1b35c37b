"""Hostile input: every case from the attack run (issue 8) as a real file, device or descriptor.

Each test says what the attack did before and checks the clear error (or the right result) now:
no traceback, no "Internal error", no unbounded memory or time, nothing destroyed.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ANSWERS = {"background": "web_engineer", "years_experience": 4, "ml_years": 1, "interests": ["llm_apps"]}


def mlcareer(
    *args: str,
    stdin: bytes | str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    memory_mb: int | None = None,
    stdin_file: Any = None,
    close_fds_in_child: tuple[int, ...] = (),
    **popen: Any,
) -> subprocess.CompletedProcess[str]:
    """The real command in a child process: real descriptors, real devices, an optional memory cap,
    standard descriptors closed as `>&-` and `<&-` do."""

    def limit_memory() -> None:
        if memory_mb is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
        for fd in close_fds_in_child:
            os.close(fd)

    data = stdin.encode() if isinstance(stdin, str) else stdin
    if stdin_file is not None:
        popen["stdin"] = stdin_file
    elif 0 not in close_fds_in_child:
        popen["input"] = data
    popen.setdefault("stdout", subprocess.PIPE)
    result = subprocess.run(
        [sys.executable, "-m", "mlcareer", *args],
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "80", **(env or {})},
        timeout=timeout,
        preexec_fn=limit_memory,
        **popen,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace") if result.stdout is not None else "",
        result.stderr.decode("utf-8", "replace") if result.stderr is not None else "",
    )


def assert_clear_error(result: subprocess.CompletedProcess[str], *expected: str, code: int = 1) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "Internal error" not in result.stderr, result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr


ALIAS_BOMB = "".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
        *(f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)),
    ]
)


# -- 2. small input never costs unbounded memory or time --------------------------------------


def test_an_alias_bomb_in_an_answers_file_is_refused_under_a_memory_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(ALIAS_BOMB + "background: web_engineer\nskills: *i\n", encoding="utf-8")
    assert bomb.stat().st_size < 1000
    result = mlcareer("assess", "-a", str(bomb), "--no-save", memory_mb=1500, timeout=60)
    assert_clear_error(result, f"{bomb}:", "aliases here expand to more than 100,000 values")


def test_an_alias_bomb_in_skills_yaml_is_refused_by_validate_and_by_lookups(data_copy: Path) -> None:
    skills = data_copy / "skills.yaml"
    skills.write_text(ALIAS_BOMB + skills.read_text(encoding="utf-8"), encoding="utf-8")
    for args in (["kb", "validate", str(data_copy)], ["skills", "--data-dir", str(data_copy)]):
        result = mlcareer(*args, memory_mb=1500, timeout=60)
        assert_clear_error(result, "skills.yaml:", "aliases here expand")


def test_a_few_aliases_are_still_fine(tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(
        "background: web_engineer\nyears_experience: 4\nml_years: 1\n"
        "interests: [llm_apps]\nskills: [&p Python, SQL, *p]\n",
        encoding="utf-8",
    )
    result = mlcareer("assess", "-a", str(path), "--no-save", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["answers"]["skills"] == ["python", "sql"]


def test_standard_input_from_the_zero_device_stops_at_the_cap() -> None:
    with open("/dev/zero", "rb") as zero:
        result = mlcareer(
            "assess", "-a", "-", "--no-save", stdin_file=zero, env={"MLCAREER_MAX_INPUT_MB": "2"}, memory_mb=1500
        )
    assert_clear_error(result, "larger than the input limit of 2 MB", "MLCAREER_MAX_INPUT_MB")


def test_a_yaml_batch_over_the_cap_points_to_json_lines(tmp_path: Path) -> None:
    cohort = tmp_path / "cohort.yaml"
    cohort.write_text(json.dumps([ANSWERS] * 20_000), encoding="utf-8")  # about 2 MB
    result = mlcareer("assess", "-a", str(cohort), env={"MLCAREER_MAX_INPUT_MB": "1"})
    assert_clear_error(result, "larger than the input limit of 1 MB", "JSON Lines", "MLCAREER_MAX_INPUT_MB")
    assert result.stdout == ""  # refused before any record ran
    raised = mlcareer("assess", "-a", str(cohort), env={"MLCAREER_MAX_INPUT_MB": "4"})
    assert raised.returncode == 0 and len(raised.stdout.splitlines()) == 20_000


def test_json_lines_stream_past_the_cap_a_record_at_a_time(tmp_path: Path) -> None:
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text((json.dumps(ANSWERS) + "\n") * 20_000, encoding="utf-8")  # about 2 MB
    result = mlcareer("assess", "-a", str(cohort), env={"MLCAREER_MAX_INPUT_MB": "1"})
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 20_000


def test_a_json_lines_record_over_the_cap_is_refused_with_its_line(tmp_path: Path) -> None:
    cohort = tmp_path / "cohort.jsonl"
    huge = {**ANSWERS, "skills": ["x" * 100] * 20_000}
    cohort.write_text(json.dumps(ANSWERS) + "\n" + json.dumps(ANSWERS) + "\n" + json.dumps(huge) + "\n")
    result = mlcareer("assess", "-a", str(cohort), env={"MLCAREER_MAX_INPUT_MB": "1"})
    assert_clear_error(result, f"{cohort}:3 is larger than the input limit of 1 MB")
    assert len(result.stdout.splitlines()) == 2  # the records before it ran


@pytest.mark.parametrize("value", ["0", "-3", "lots"])
def test_a_wrong_cap_setting_is_a_usage_error(tmp_path: Path, value: str) -> None:
    result = mlcareer("assess", "-a", "-", "--no-save", stdin=json.dumps(ANSWERS), env={"MLCAREER_MAX_INPUT_MB": value})
    assert_clear_error(result, "MLCAREER_MAX_INPUT_MB must be a positive number of megabytes", code=2)


def test_a_wrong_cap_setting_stops_only_the_commands_that_read_answers(tmp_path: Path) -> None:
    """The cap is for answers: a lookup runs the same with a cold cache and a warm one (it used to
    fail only while the cache was cold), and the error speaks the chosen language."""
    env = {"MLCAREER_MAX_INPUT_MB": "64MB", "MLCAREER_HOME": str(tmp_path / "home")}
    for _ in ("cold", "warm"):
        lookup = mlcareer("roles", "--level", "mid", "--lang", "en", env=env)
        assert lookup.returncode == 0, lookup.stderr
    assert (tmp_path / "home" / "cache").is_dir()
    answers = json.dumps(ANSWERS)
    ja = mlcareer("assess", "-a", "-", "--no-save", "--lang", "ja", stdin=answers, env=env)
    assert_clear_error(ja, "MLCAREER_MAX_INPUT_MB は MB 単位の正の数です", "'64MB'", code=2)


def test_a_knowledge_file_over_its_fixed_cap_is_refused_whatever_the_setting(data_copy: Path) -> None:
    meta = data_copy / "meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "#" * (16 << 20) + "\n", encoding="utf-8")
    result = mlcareer("--data-dir", str(data_copy), "roles", env={"MLCAREER_MAX_INPUT_MB": "64"})
    assert_clear_error(result, f"{meta} is larger than 16 MB, the most a knowledge file may hold.")


def test_a_hundred_thousand_unknown_skills_are_reported_quickly(tmp_path: Path) -> None:
    path = tmp_path / "typos.json"
    path.write_text(json.dumps({**ANSWERS, "skills": [f"pythn{i}" for i in range(100_000)]}), encoding="utf-8")
    result = mlcareer("assess", "-a", str(path), "--no-save", "--json", timeout=60)  # took 133 s
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert len(document["skills_unknown"]) == 100_000  # every one kept, none silently dropped
    warning = next(w for w in document["warnings"] if w["id"] == "unknown_skills")
    assert "more" in json.dumps(warning)


def test_deep_nesting_in_json_lines_is_a_clear_error_for_that_record(tmp_path: Path) -> None:
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(json.dumps(ANSWERS) + "\n" + "[" * 100_000 + "]" * 100_000 + "\n" + json.dumps(ANSWERS) + "\n")
    result = mlcareer("assess", "-a", str(cohort))
    assert_clear_error(result, f"{cohort}:2: nested too deeply")
    assert [json.loads(line)["record"] for line in result.stdout.splitlines()] == [1, 3]


# -- 5. answers values, paths and line ends -------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-02-30", "'2020-02-30' is not a date"),
        ("!!timestamp 2020-99-99", "'2020-99-99' is not a date"),
        ("!!int abc", "'abc' is not a whole number"),
        ("!!float abc", "'abc' is not a number"),
        ("9" * 10_001, "a number of 10,001 digits is too long"),
        ("9" * 400, "years_experience: expected a number from 0 to 50, got a number of 400 digits"),
    ],
)
def test_impossible_answer_values_are_clear_errors_with_the_line(tmp_path: Path, value: str, expected: str) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(f"background: web_engineer\nml_years: 0\nyears_experience: {value}\n", encoding="utf-8")
    result = mlcareer("assess", "-a", str(path), "--no-save")
    assert_clear_error(result, expected)
    if "digits" not in expected or "10,001" in expected:
        assert f"{path}:3:" in result.stderr


def test_a_huge_number_of_weekly_hours_is_out_of_range_not_a_crash() -> None:
    result = mlcareer("assess", "-a", "-", "--no-save", stdin=json.dumps({**ANSWERS, "weekly_hours": 10**400}))
    assert_clear_error(result, "weekly_hours: expected a number from 1 to 80, got a number of 401 digits")


def test_a_key_given_twice_in_an_answers_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text("background: web_engineer\nyears_experience: 4\nyears_experience: 40\n", encoding="utf-8")
    result = mlcareer("assess", "-a", str(path), "--no-save")
    assert_clear_error(result, f"{path}:3: the key 'years_experience' appears twice")
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(json.dumps(ANSWERS) + "\n" + '{"background": "web_engineer", "background": "sales"}\n')
    batch = mlcareer("assess", "-a", str(cohort))
    assert_clear_error(batch, f"{cohort}:2: the key 'background' appears twice")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_json_lines_split_on_newline_only(tmp_path: Path, separator: str) -> None:
    cohort = tmp_path / "cohort.jsonl"
    odd = {**ANSWERS, "skills": [f"Python{separator}"]}
    cohort.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (ANSWERS, odd, ANSWERS)) + "\n")
    result = mlcareer("assess", "-a", str(cohort))
    assert "not valid JSON" not in result.stderr, result.stderr
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["record"] for d in documents] == [1, 2, 3]  # numbering not shifted
    assert documents[1]["answers"]["skills"] == ["python"]  # the name with the odd character, in one piece


@pytest.mark.parametrize("separator", ["\u0085", "\x0c"])
def test_a_control_character_that_splits_lines_elsewhere_is_one_bad_record(tmp_path: Path, separator: str) -> None:
    cohort = tmp_path / "cohort.jsonl"
    odd = {**ANSWERS, "skills": [f"Python{separator}"]}
    cohort.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (ANSWERS, odd, ANSWERS)) + "\n")
    result = mlcareer("assess", "-a", str(cohort))
    assert_clear_error(result, f"{cohort}:2: skills[0]: control character U+{ord(separator):04X}")
    assert [json.loads(line)["record"] for line in result.stdout.splitlines()] == [1, 3]


def test_half_a_utf16_pair_in_json_lines_is_one_bad_record_not_a_crash(tmp_path: Path) -> None:
    """JSON can write a lone surrogate ("\\ud800"), which no output can encode: the record is refused
    in its place, and the others still run."""
    cohort = tmp_path / "cohort.jsonl"
    odd = json.dumps({**ANSWERS, "skills": ["Python"]}).replace('"Python"', '"Py\\ud800thon"')
    cohort.write_text("\n".join([json.dumps(ANSWERS), odd, json.dumps(ANSWERS)]) + "\n")
    result = mlcareer("assess", "-a", str(cohort))
    assert_clear_error(result, f"{cohort}:2: skills[0]: U+D800 is half of a UTF-16 pair")
    assert [json.loads(line)["record"] for line in result.stdout.splitlines()] == [1, 3]


def test_a_path_too_long_for_the_system_is_a_clear_error(tmp_path: Path) -> None:
    result = mlcareer("assess", "-a", str(tmp_path / ("a" * 300)), "--no-save")
    assert_clear_error(result, "The path is too long for this system", code=2)


def test_an_unknown_user_in_a_path_is_a_clear_error() -> None:
    result = mlcareer("assess", "-a", "~nosuchuser8/me.yaml", "--no-save")
    assert_clear_error(result, "there is no home folder for user 'nosuchuser8'", code=2)


def test_a_fifo_given_as_an_answers_file_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.fifo"
    os.mkfifo(fifo)
    result = mlcareer("assess", "-a", str(fifo), "--no-save", timeout=30)
    assert_clear_error(result, "is a named pipe (FIFO), not a regular file", "pass -", code=2)
    assert "not found" not in result.stderr


def test_a_device_given_as_an_answers_file_is_refused() -> None:
    result = mlcareer("assess", "-a", "/dev/zero", "--no-save", timeout=30)
    assert_clear_error(result, "/dev/zero is a device, not a regular file", code=2)


def test_a_fifo_in_the_knowledge_folder_is_reported_not_read(data_copy: Path) -> None:
    (data_copy / "sites.yaml").unlink()
    os.mkfifo(data_copy / "sites.yaml")
    for args in (["kb", "validate", str(data_copy)], ["roles", "--data-dir", str(data_copy)]):
        result = mlcareer(*args, timeout=30)
        assert_clear_error(result, "sites.yaml is a named pipe (FIFO), not a regular file", code=2)


# -- 3. exports never destroy what they should not touch -----------------------------------------


def _can_mknod() -> bool:
    return hasattr(os, "getuid") and os.getuid() == 0


@pytest.mark.skipif(not _can_mknod(), reason="mknod of a character device needs root")
def test_force_never_replaces_a_character_device(tmp_path: Path) -> None:
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the null device, under another name
    result = mlcareer("roadmap", "-s", "mlops", "-e", "md", "-o", str(node), "--force")
    assert_clear_error(result, f"{node} is a device; an export only ever replaces a regular file", code=2)
    assert stat.S_ISCHR(node.stat().st_mode)


@pytest.mark.parametrize("kind", ["fifo", "socket", "folder", "link to a fifo"])
def test_force_never_replaces_a_fifo_socket_or_folder(tmp_path: Path, kind: str) -> None:
    import socket

    target = tmp_path / "plan.md"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(target))
    elif kind == "folder":
        target.mkdir()
    else:
        os.mkfifo(tmp_path / "pipe")
        target.symlink_to(tmp_path / "pipe")
    result = mlcareer("roadmap", "-s", "mlops", "-o", str(target), "--force", timeout=30)
    assert_clear_error(result, str(target), code=2)
    assert not target.is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_force_still_replaces_a_regular_file_and_a_link_to_one(tmp_path: Path) -> None:
    plain = tmp_path / "plan.md"
    plain.write_text("old", encoding="utf-8")
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    for target in (plain, link):
        result = mlcareer("roadmap", "-s", "mlops", "-o", str(target), "--force")
        assert result.returncode == 0, result.stderr
    assert plain.read_text(encoding="utf-8").startswith("# Study plan")
    assert not link.is_symlink() and link.read_text(encoding="utf-8").startswith("# Study plan")
    assert real.read_text(encoding="utf-8") == "old"  # the link itself was replaced, as before


@pytest.mark.parametrize("fmt", ["md", "json", "ics"])
def test_dash_as_output_is_standard_output(tmp_path: Path, fmt: str) -> None:
    result = mlcareer("roadmap", "-s", "mlops", "-e", fmt, "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert {"md": "# Study plan", "json": '"specialization"', "ics": "BEGIN:VCALENDAR"}[fmt] in result.stdout
    assert list(tmp_path.iterdir()) == [] or not (tmp_path / "-").exists()


def test_dash_as_output_without_a_format_asks_for_one() -> None:
    result = mlcareer("roadmap", "-s", "mlops", "-o", "-")
    assert_clear_error(result, "add --export md|json|ics", code=2)


def test_stale_temp_files_of_killed_exports_are_removed_by_the_next_export(tmp_path: Path) -> None:
    from mlcareer.storage.atomic import write_atomic

    stale = [tmp_path / ".plan.md.k3j9x_2a.tmp", tmp_path / ".other.ics.0123abcd.tmp"]
    for path in stale:
        path.write_bytes(b"half an exp")
    bystanders = [tmp_path / "notes.tmp", tmp_path / ".plan.md.tmp", tmp_path / "keep.md"]
    for path in bystanders:
        path.write_bytes(b"mine")
    # A live export elsewhere holds its temporary file locked: that one must survive.
    live = tmp_path / ".live.md.abcdefgh.tmp"
    live.write_bytes(b"")
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import fcntl,sys,time\nf=open({str(live)!r},'rb')\nfcntl.flock(f,fcntl.LOCK_EX)\n"
         "print('locked',flush=True)\ntime.sleep(60)"],
        stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"locked"
        write_atomic(tmp_path / "plan.md", b"new\n")
        assert live.exists()
    finally:
        holder.kill()
        holder.wait()
    assert not any(path.exists() for path in stale)
    assert all(path.read_bytes() == b"mine" for path in bystanders)
    assert (tmp_path / "plan.md").read_bytes() == b"new\n"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_an_export_interrupted_mid_write_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int
) -> None:
    from mlcareer.storage import atomic

    def fsync_then_signal(fd: int) -> None:
        os.kill(os.getpid(), signum)  # arrives while the temporary file exists

    monkeypatch.setattr(atomic.os, "fsync", fsync_then_signal)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_atomic(tmp_path / "plan.md", b"x" * 100_000)
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL or signum == signal.SIGINT


def test_a_killed_export_process_leaves_nothing_the_next_one_does_not_clean(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "plan.md"
    code = (
        "import os, signal\nfrom pathlib import Path\nfrom mlcareer.storage import atomic\n"
        "atomic.os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"atomic.write_atomic(Path({str(target)!r}), b'x' * 1000)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=False)
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")]  # SIGKILL: nothing could run
    result = mlcareer("roadmap", "-s", "mlops", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.iterdir()] == ["plan.md"]


# -- 4. the store keeps data private and visible -------------------------------------------------


def _saved_assessments(home: Path, count: int) -> Path:
    for _ in range(count):
        result = mlcareer("assess", "-a", "-", "--json", stdin=json.dumps(ANSWERS), env={"MLCAREER_HOME": str(home)})
        assert result.returncode == 0, result.stderr
    return home / "mlcareer.db"


@pytest.mark.parametrize(
    "bad_result",
    [
        "[" * 100_000 + "]" * 100_000,  # RecursionError in history
        json.dumps({"specializations": 5, "level": "mid", "phase": 1}),  # TypeError in history
        json.dumps({"specializations": [{"id": "mlops", "score": "high"}], "phase": 1}),
        json.dumps({"specializations": [], "phase": "two"}),
        "not json",
    ],
    ids=["deep", "wrong-type", "wrong-score", "wrong-phase", "not-json"],
)
def test_one_bad_row_does_not_hide_the_others(tmp_path: Path, bad_result: str) -> None:
    import sqlite3

    home = tmp_path / "home"
    db = _saved_assessments(home, 3)
    with sqlite3.connect(db) as conn:  # the newest row, so "the latest" is the bad one
        conn.execute(
            "INSERT INTO assessments (created_at, answers, result) VALUES (?, ?, ?)",
            ("2999-01-01T00:00:00.000000+00:00", json.dumps(ANSWERS), bad_result),
        )
        bad_id = conn.execute("SELECT max(id) FROM assessments").fetchone()[0]
    conn.close()
    env = {"MLCAREER_HOME": str(home)}
    history = mlcareer("history", "--json", env=env)
    assert history.returncode == 0, history.stderr
    assert len(json.loads(history.stdout)["assessments"]) == 3
    assert f"Skipped row {bad_id} of assessments" in history.stderr
    for args in (["history"], ["history", "--compare"], ["roadmap"], ["progress"]):
        result = mlcareer(*args, env=env)
        assert result.returncode == 0, (args, result.stderr)
        assert "There is no saved assessment" not in result.stdout + result.stderr
        assert "Traceback" not in result.stderr and "Internal error" not in result.stderr
        if args[0] != "progress":  # progress reads the plan roadmap saved, not the assessments
            assert f"row {bad_id}" in result.stderr


def test_the_database_is_private_and_an_existing_one_is_fixed(tmp_path: Path) -> None:
    home = tmp_path / "new-home"
    db = _saved_assessments(home, 1)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    os.chmod(db, 0o644)
    _saved_assessments(home, 1)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_a_read_only_database_is_not_moved_aside(tmp_path: Path, deny_writing: Callable[[Path], None]) -> None:
    from mlcareer.storage.store import Store

    home = tmp_path / "home"
    db = _saved_assessments(home, 1)
    before = db.read_bytes()
    deny_writing(db)
    from mlcareer.errors import MlcareerError

    with pytest.raises(MlcareerError, match="cannot be written: it is read-only"):
        Store(db)
    assert db.read_bytes() == before
    assert sorted(p.name for p in home.iterdir() if "damaged" in p.name) == []


def test_a_read_only_history_is_shown_and_only_saving_is_refused(
    tmp_path: Path, deny_writing: Callable[[Path], None], cli: Cli
) -> None:
    home = tmp_path / "home"
    db = _saved_assessments(home, 1)
    before = db.read_bytes()
    deny_writing(db)
    env = {"MLCAREER_HOME": str(home)}
    shown = cli("history", "--json", env=env)
    assert shown.exit_code == 0, shown.output
    assert len(json.loads(shown.stdout)["assessments"]) == 1
    assert cli("history", "show", "1", env=env).exit_code == 0
    saving = cli("assess", "-a", "-", stdin=json.dumps({**ANSWERS, "skills": ["Python"]}), env=env)
    assert saving.exit_code == 1 and "cannot be written: it is read-only" in saving.stderr
    assert db.read_bytes() == before


# -- 5. the terminal: a full disk, closed descriptors, COLUMNS=0 ------------------------------------

FULL = Path("/dev/full")
needs_full = pytest.mark.skipif(not FULL.exists(), reason="no /dev/full on this system")


@needs_full
@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["roles"], ["market", "--json"], ["kb", "validate"], ["roles", "--lang", "ja"]],
)
def test_standard_output_to_a_full_disk_is_a_clear_error(args: list[str]) -> None:
    with FULL.open("w") as full:
        result = mlcareer(*args, stdout=full)
    expected = (
        "標準出力に書き込めません" if "ja" in args else "cannot write to standard output (No space left on device)"
    )
    assert_clear_error(result, expected)
    assert "Exception ignored" not in result.stderr


@needs_full
def test_assess_to_a_full_disk_still_saves_and_says_so(tmp_path: Path) -> None:
    env = {"MLCAREER_HOME": str(tmp_path / "home")}
    with FULL.open("w") as full:
        result = mlcareer("assess", "-a", "-", stdin=json.dumps(ANSWERS), stdout=full, env=env)
    assert_clear_error(result, "It was saved to your history: see it with mlcareer history")
    saved = mlcareer("history", "--json", env=env)
    assert len(json.loads(saved.stdout)["assessments"]) == 1
    with FULL.open("w") as full:
        unsaved = mlcareer("assess", "-a", "-", "--no-save", stdin=json.dumps(ANSWERS), stdout=full, env=env)
    assert_clear_error(unsaved, "with --no-save it was not saved")


@pytest.mark.parametrize("args", [["roles"], ["assess", "-a", "-"], ["--help"]])
def test_a_closed_standard_output_is_a_clear_error(args: list[str], tmp_path: Path) -> None:
    env = {"MLCAREER_HOME": str(tmp_path / "home")}
    result = mlcareer(*args, stdin=json.dumps(ANSWERS), close_fds_in_child=(1,), env=env)
    assert_clear_error(result, "standard output is closed", "Nothing was done")
    assert not (tmp_path / "home" / "mlcareer.db").exists() or "assess" not in args


@pytest.mark.parametrize(("args", "expected"), [(["assess", "-a", "-"], "Standard input is closed"),
                                                (["assess"], "The quiz needs a terminal")])  # fmt: skip
def test_a_closed_standard_input_is_a_clear_error(args: list[str], expected: str) -> None:
    result = mlcareer(*args, close_fds_in_child=(0,))
    assert_clear_error(result, expected, code=2)


def test_columns_zero_is_treated_as_unset() -> None:
    result = mlcareer("roles", "--level", "mid", env={"COLUMNS": "0"})
    assert result.returncode == 0, result.stderr
    assert "ml_engineer" in result.stdout or "ML engineer" in result.stdout


# -- 6. `kb validate` passing means every command works ---------------------------------------------

PYTHON_SKILL = "  - id: python\n    name: {ja: Python, en: Python}\n"


def chain_of_prerequisites(text: str, length: int) -> str:
    """skills.yaml with `length` more skills, each the prerequisite of the next."""
    chain = "".join(
        f"  - id: chain{i}\n    name: {{ja: 連鎖{i}, en: Chain {i}}}\n    group: programming\n    hours: 1\n"
        f"    prerequisites: [{'python' if i == 0 else f'chain{i - 1}'}]\n"
        for i in range(length)
    )
    return text.replace("\nskills:\n", "\nskills:\n" + chain, 1)


def deeply_nested_rule(text: str, depth: int) -> str:
    """rules.yaml with one rule whose condition is `not` nested `depth` times."""
    condition = "{interest: llm_apps}"
    for _ in range(depth):
        condition = "{not: " + condition + "}"
    rule = (
        f"  - id: deep_rule\n    when: {condition}\n    then: {{specialization: mlops, points: 1}}\n"
        "    because: {ja: 深い条件, en: A deep condition}\n"
    )
    return text.replace("\nrules:\n", "\nrules:\n" + rule, 1)


def _mutate(folder: Path, name: str, change: Any) -> None:
    path = folder / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def run_every_command(folder: Path, home: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    answers = home.parent / "answers.json"
    answers.write_text(json.dumps({**ANSWERS, "skills": ["Python"]}), encoding="utf-8")
    env = {"MLCAREER_HOME": str(home)}
    commands = {
        "validate": ["kb", "validate", str(folder)],
        "roles": ["roles", "--data-dir", str(folder)],
        "skills": ["skills", "--data-dir", str(folder)],
        "assess": ["assess", "-a", str(answers), "--no-save", "--data-dir", str(folder)],
        "roadmap": ["roadmap", "-s", "mlops", "--data-dir", str(folder)],
    }
    return {name: mlcareer(*args, env=env, timeout=120) for name, args in commands.items()}


def test_a_chain_of_a_thousand_prerequisites_validates_and_every_command_runs(data_copy: Path, tmp_path: Path) -> None:
    _mutate(data_copy, "skills.yaml", lambda text: chain_of_prerequisites(text, 1000))
    for name, result in run_every_command(data_copy, tmp_path / "home").items():
        assert result.returncode == 0, (name, result.stderr[-500:])
        assert "Internal error" not in result.stderr and "RecursionError" not in result.stderr


def test_rules_nested_too_deep_are_refused_by_validate_and_assess_alike(data_copy: Path, tmp_path: Path) -> None:
    _mutate(data_copy, "rules.yaml", lambda text: deeply_nested_rule(text, 450))
    results = run_every_command(data_copy, tmp_path / "home")
    for name in ("validate", "assess"):
        assert_clear_error(results[name], "rules.yaml:", "conditions nested more than 20 levels deep")


def test_a_rule_nested_within_the_limit_still_works(data_copy: Path, tmp_path: Path) -> None:
    _mutate(data_copy, "rules.yaml", lambda text: deeply_nested_rule(text, 18))
    results = run_every_command(data_copy, tmp_path / "home")
    assert results["validate"].returncode == 0 and results["assess"].returncode == 0, results["assess"].stderr


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("skills.yaml", "    hours: 35\n", "    hours: 1" + "0" * 400 + "\n", "expected a number up to 1,000,000"),
        ("specializations.yaml", "{min: 800, max: 2200}", "{min: 800, max: 1" + "0" * 400 + "}", "up to 1,000,000"),
        ("skills.yaml", "    hours: 35\n", "    hours: 35\n    hours: 36\n", "the key 'hours' appears twice"),
        ("skills.yaml", "  - id: python\n", '  - id: "python\\n"\n', "expected a lowercase snake_case id"),
        ("skills.yaml", "{ja: Python, en: Python}", '{ja: Python, en: "Py\\e]0;owned\\athon"}', "U+001B"),
        ("skills.yaml", "{ja: Python, en: Python}", '{ja: "Py\\e[2Jthon", en: Python}', "control character"),
        ("questions.yaml", "    max: 80", "    max: 1" + "0" * 400, "expected a number from"),
    ],
    ids=["huge-hours", "huge-salary", "duplicate-key", "id-newline", "osc-title", "clear-screen", "huge-quiz-max"],
)
def test_validate_refuses_what_would_break_a_command(
    data_copy: Path, tmp_path: Path, name: str, old: str, new: str, expected: str
) -> None:
    assert old in (data_copy / name).read_text(encoding="utf-8")
    _mutate(data_copy, name, lambda text: text.replace(old, new, 1))
    results = run_every_command(data_copy, tmp_path / "home")
    assert_clear_error(results["validate"], f"{name}:", expected)
    for command, result in results.items():  # the lookups refuse the same folder, never crash on it
        if name in ("questions.yaml", "rules.yaml") and command not in ("validate", "assess"):
            continue  # lookups never read the quiz or the rules
        assert result.returncode != 0, command
        assert "Internal error" not in result.stderr and "Traceback" not in result.stderr, (command, result.stderr)
        assert "\x1b" not in result.stdout + result.stderr


# -- the property: whatever `kb validate` accepts, every command runs --------------------------------

_MUTATIONS = st.one_of(
    st.integers(1, 1200).map(lambda n: ("skills.yaml", lambda text: chain_of_prerequisites(text, n))),
    st.integers(1, 500).map(lambda depth: ("rules.yaml", lambda text: deeply_nested_rule(text, depth))),
    st.integers(0, 400).map(
        lambda k: ("skills.yaml", lambda text: text.replace("    hours: 35\n", f"    hours: {10**k}\n", 1))
    ),
    st.integers(0, 400).map(
        lambda k: ("specializations.yaml", lambda text: text.replace("max: 2200}", f"max: {10**k}}}", 1))
    ),
    st.sampled_from(["\\e]0;owned\\a", "\\e[2J", "\\x9b31m", "\\a", "\\t", "plain"]).map(
        lambda insert: ("skills.yaml", lambda text: text.replace("en: Python}", f'en: "Py{insert}thon"}}', 1))
    ),
    st.sampled_from(['"python\\n"', '"python "', "python", "Python"]).map(
        lambda ident: ("skills.yaml", lambda text: text.replace("  - id: python\n", f"  - id: {ident}\n", 1))
    ),
    st.just(("skills.yaml", lambda text: text.replace("    hours: 35\n", "    hours: 35\n    hours: 36\n", 1))),
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_MUTATIONS, min_size=1, max_size=3))
def test_any_folder_validate_accepts_runs_every_command(cli: Cli, mutations: list[tuple[str, Any]]) -> None:
    from mlcareer.loading.datafiles import ALL_FILES, builtin_data_dir

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir()
        for name in ALL_FILES:
            (folder / name).write_text((builtin_data_dir() / name).read_text(encoding="utf-8"), encoding="utf-8")
        for name, change in mutations:
            _mutate(folder, name, change)
        answers = Path(tmp) / "answers.json"
        answers.write_text(json.dumps({**ANSWERS, "skills": ["Python", "SQL"]}), encoding="utf-8")
        env = {"MLCAREER_HOME": str(Path(tmp) / "home"), "COLUMNS": "80", "NO_COLOR": "1"}

        def checked(*args: str) -> Any:
            """The run's result, once it is clear that it raised nothing but a clean exit."""
            result = cli(*args, env=env)
            assert "Internal error" not in result.stderr, (args, result.stderr)
            assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (
                args,
                result.exception,
            )
            return result

        accepted = checked("kb", "validate", str(folder)).exit_code == 0
        for args in (
            ["roles", "--data-dir", str(folder)],
            ["skills", "--data-dir", str(folder)],
            ["assess", "-a", str(answers), "--no-save", "--data-dir", str(folder)],
            ["roadmap", "-s", "mlops", "--data-dir", str(folder)],
        ):
            result = checked(*args)
            if accepted:
                assert result.exit_code == 0, (args, result.stderr[-400:])
            assert "\x1b" not in result.stdout
