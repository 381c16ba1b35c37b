"""The start-up cache: plain data that can never run code, keyed by content, private, never trusted
blindly. Every hostile case uses a real file in the real cache folder."""

from __future__ import annotations

import json
import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from mlcareer.domain.message import Join, Msg
from mlcareer.domain.model import KnowledgeBase
from mlcareer.errors import MlcareerError
from mlcareer.loading import cache as kbcache
from mlcareer.loading.datafiles import KNOWLEDGE_LIMIT, knowledge_sources
from mlcareer.render.problems import error_text, problem_lines

IS_ROOT = hasattr(os, "getuid") and os.getuid() == 0


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLCAREER_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def cache_file(home: Path) -> Path:
    return home / "cache" / kbcache.CACHE_NAME


def cached_knowledge(data_dir: Path | None = None) -> KnowledgeBase:
    """The cache where the CLI keeps it when MLCAREER_HOME is set (the `home` fixture sets it)."""
    return kbcache.cached_knowledge(data_dir, cache_dir=Path(os.environ["MLCAREER_HOME"]) / "cache")


class _WritesMarker:
    """Unpickling this creates the marker file: the proof that a cache load ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (exec, (f"open({str(self.marker)!r}, 'w').write('ran')",))


def forged_cache(home: Path, data_dir: Path | None, published: str) -> bytes:
    """A cache with the genuine key whose data says something the knowledge files do not."""
    cached_knowledge(data_dir)
    raw = cache_file(home).read_bytes()
    assert b"2025-06-27" in raw
    return raw.replace(b"2025-06-27", published.encode())


def test_the_cache_is_plain_json_and_round_trips_every_record(home: Path) -> None:
    first = cached_knowledge()
    key, _, payload = cache_file(home).read_bytes().partition(b"\n")
    assert len(key) == 40 and json.loads(payload)  # a hash, then plain JSON
    again = cached_knowledge()
    assert again == first and type(again.skills["python"]) is type(first.skills["python"])
    assert isinstance(again.prerequisite_closure["pytorch"], frozenset)
    assert kbcache._codec() is not None, "a model type the cache cannot rebuild: every run would parse YAML"
    codec = kbcache._codec()
    assert codec is not None
    rebuilt = codec.decode(json.loads(payload))
    assert rebuilt == first
    basis = rebuilt.roles["senior_data_scientist"].salary.basis  # a message: its values come back by kind
    assert isinstance(basis, Msg) and isinstance(dict(basis.args)["levels"], Join)


def test_a_message_of_the_wrong_shape_in_the_cache_is_refused() -> None:
    for bad in ({"msg": ["x", [["n", {"join": [[1], "nope"]}]], "", 0]}, {"msg": ["x", [], "", "0"]}, {"text": ["a"]}):
        with pytest.raises(kbcache._Unexpected):
            kbcache._message(bad)


def test_a_cache_hit_reads_no_yaml(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second run is served from the file alone. (An equal knowledge base proves nothing: the
    YAML would give the same one; so the loader is made to fail, and the run must not notice.)"""
    first = cached_knowledge()
    import mlcareer.loading.knowledge

    def no_yaml(data_dir: Path | None = None) -> None:
        raise AssertionError("the knowledge files were parsed although the cache was valid")

    monkeypatch.setattr(mlcareer.loading.knowledge, "load_knowledge", no_yaml)
    assert cached_knowledge() == first


def test_a_stale_cache_goes_back_to_the_yaml(home: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached_knowledge(data_copy)
    meta = data_copy / "meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("2025-06-27", "2025-07-01"), encoding="utf-8")
    import mlcareer.loading.knowledge

    calls: list[Path | None] = []
    real = mlcareer.loading.knowledge.load_knowledge

    def counted(data_dir: Path | None = None) -> object:
        calls.append(data_dir)
        return real(data_dir)

    monkeypatch.setattr(mlcareer.loading.knowledge, "load_knowledge", counted)
    assert cached_knowledge(data_copy).source.published.isoformat() == "2025-07-01"
    assert calls == [data_copy]
    assert cached_knowledge(data_copy).source.published.isoformat() == "2025-07-01"
    assert calls == [data_copy], "the rebuilt cache was not used on the next run"


def test_an_edited_quiz_is_not_served_from_the_cache(home: Path, data_copy: Path) -> None:
    """The knowledge base is checked against the quiz's background ids: a background taken out of
    questions.yaml that roles.yaml still names must be reported, not hidden by yesterday's cache."""
    cached_knowledge(data_copy)
    questions = data_copy / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    choice = "      - {id: web_engineer, label: {ja: Web・アプリ開発エンジニア, en: Web or app developer}}\n"
    assert choice in text
    questions.write_text(text.replace(choice, ""), encoding="utf-8")
    with pytest.raises(MlcareerError) as caught:
        cached_knowledge(data_copy)
    assert any("web_engineer" in problem for problem in problem_lines(caught.value, "en"))


@pytest.mark.parametrize("name", ["knowledge.pickle", kbcache.CACHE_NAME])
def test_a_crafted_pickle_in_the_cache_folder_never_runs(home: Path, tmp_path: Path, name: str) -> None:
    marker = tmp_path / "marker"
    (home / "cache").mkdir(parents=True)
    (home / "cache" / name).write_bytes(pickle.dumps(_WritesMarker(marker)))
    env = {**os.environ, "MLCAREER_HOME": str(home)}
    for args in (["roles", "--level", "mid"], ["skills"]):
        result = subprocess.run([sys.executable, "-m", "mlcareer", *args], env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    completion = {**env, "_MLCAREER_COMPLETE": "complete_bash", "COMP_WORDS": "mlcareer roles --level s"}
    subprocess.run([sys.executable, "-m", "mlcareer"], env={**completion, "COMP_CWORD": "3"}, capture_output=True)
    assert not marker.exists()


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated
        lambda raw: b"",
        lambda raw: raw.partition(b"\n")[0] + b"\n" + b"[" * 100_000,  # nesting past the recursion limit
        lambda raw: raw.partition(b"\n")[0] + b"\n" + b'{"a": 1}',  # JSON of the wrong shape
        lambda raw: raw.partition(b"\n")[0] + b"\n" + b"\xff\xfe not utf-8",
        lambda raw: raw.replace(b'"2025-06-27"', b'"2025-99-99"'),  # a date that does not exist
        lambda raw: raw.replace(b'"2025-06-27"', b"20250627"),  # a number where a date goes
        lambda raw: raw.replace(b'"python"', b"null", 1),
        lambda raw: raw.replace(b"]", b",1]", 1),  # one field too many
    ],
)
def test_a_cache_of_the_wrong_shape_means_rebuild_never_a_crash(home: Path, damage: object) -> None:
    genuine = cached_knowledge()
    raw = cache_file(home).read_bytes()
    assert callable(damage)
    cache_file(home).write_bytes(damage(raw))
    assert cached_knowledge() == genuine
    assert cache_file(home).read_bytes() == raw  # rewritten


def test_an_edit_that_keeps_size_and_mtime_is_not_served_stale(home: Path, data_copy: Path) -> None:
    assert cached_knowledge(data_copy).source.published.isoformat() == "2025-06-27"
    meta = data_copy / "meta.yaml"
    before = meta.stat()
    meta.write_text(meta.read_text(encoding="utf-8").replace("2025-06-27", "2025-07-01"), encoding="utf-8")
    os.utime(meta, ns=(before.st_atime_ns, before.st_mtime_ns))  # as cp -p, tar and rsync -t do
    assert (meta.stat().st_size, meta.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert cached_knowledge(data_copy).source.published.isoformat() == "2025-07-01"


def test_the_key_covers_version_and_record_layout(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = knowledge_sources(None)
    schema = kbcache._codec().schema  # type: ignore[union-attr]
    key = kbcache.cache_key(files, schema)
    assert key is not None and kbcache.cache_key(files, schema + ";Extra(x:int)") != key
    monkeypatch.setattr(kbcache, "__version__", "0.0.0-other")
    assert kbcache.cache_key(files, schema) != key


def test_folders_are_0700_and_the_file_0600_whatever_the_umask(home: Path) -> None:
    old = os.umask(0)
    try:
        cached_knowledge()
    finally:
        os.umask(old)
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "cache").stat().st_mode) == 0o700
    assert stat.S_IMODE(cache_file(home).stat().st_mode) == 0o600


def test_an_existing_cache_folder_open_to_others_is_made_private(home: Path) -> None:
    (home / "cache").mkdir(parents=True)
    os.chmod(home / "cache", 0o777)
    cached_knowledge()
    assert stat.S_IMODE((home / "cache").stat().st_mode) == 0o700


@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666])
def test_a_cache_file_others_can_write_is_ignored_and_replaced(home: Path, mode: int) -> None:
    forged = forged_cache(home, None, "1999-01-01")
    cache_file(home).write_bytes(forged)
    os.chmod(cache_file(home), mode)
    assert cached_knowledge().source.published.isoformat() == "2025-06-27"
    assert stat.S_IMODE(cache_file(home).stat().st_mode) == 0o600
    assert b"1999-01-01" not in cache_file(home).read_bytes()


def test_the_forged_cache_itself_would_be_read_if_it_were_ours(home: Path) -> None:
    """The control for the tests around it: the forgery is well formed, so only the checks stop it."""
    cache_file(home).write_bytes(forged_cache(home, None, "1999-01-01"))
    os.chmod(cache_file(home), 0o600)
    assert cached_knowledge().source.published.isoformat() == "1999-01-01"


@pytest.mark.skipif(not IS_ROOT, reason="giving a file to another user needs root")
def test_a_cache_file_owned_by_another_user_is_ignored_and_replaced(home: Path) -> None:
    cache_file(home).write_bytes(forged_cache(home, None, "1999-01-01"))
    os.chmod(cache_file(home), 0o600)
    os.chown(cache_file(home), 65534, 65534)
    assert cached_knowledge().source.published.isoformat() == "2025-06-27"
    assert cache_file(home).stat().st_uid == os.getuid()


def test_a_link_in_place_of_the_cache_is_not_followed(home: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(forged_cache(home, None, "1999-01-01"))
    os.chmod(elsewhere, 0o600)
    cache_file(home).unlink()
    cache_file(home).symlink_to(elsewhere)
    assert cached_knowledge().source.published.isoformat() == "2025-06-27"
    assert not cache_file(home).is_symlink() and b"1999-01-01" in elsewhere.read_bytes()


def test_a_fifo_in_place_of_the_cache_hangs_nothing(home: Path) -> None:
    (home / "cache").mkdir(parents=True)
    os.mkfifo(cache_file(home))
    env = {**os.environ, "MLCAREER_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-m", "mlcareer", "roles", "--level", "mid"], env=env, capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert cache_file(home).is_file()  # replaced by a real cache


def test_a_folder_in_place_of_the_cache_is_survived(home: Path) -> None:
    cache_file(home).mkdir(parents=True)
    assert cached_knowledge().source.published.isoformat() == "2025-06-27"
    assert cache_file(home).is_dir()


def test_a_cache_that_cannot_be_written_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "knowledge.json"
    target.mkdir()  # a folder where the file should go: the final rename fails
    assert kbcache._store(target, "{}") is False
    assert [p.name for p in tmp_path.iterdir()] == ["knowledge.json"]


def test_no_cache_folder_means_no_cache(home: Path, kb: KnowledgeBase) -> None:
    assert kbcache.cached_knowledge(None, cache_dir=None) == kb
    assert not home.exists()  # nothing written anywhere


def test_a_knowledge_file_over_the_cap_is_never_hashed_whole_nor_cached(home: Path, data_copy: Path) -> None:
    meta = data_copy / "meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "#" * KNOWLEDGE_LIMIT + "\n", encoding="utf-8")
    assert kbcache.cache_key(knowledge_sources(data_copy), "schema") is None
    with pytest.raises(MlcareerError) as caught:
        cached_knowledge(data_copy)
    assert "the most a knowledge file may hold" in error_text(caught.value, "en")
    assert not cache_file(home).exists()
