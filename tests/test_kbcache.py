"""The start-up cache: used when the files are unchanged, rebuilt when one changes, never trusted blindly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mlcareer import kbcache


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLCAREER_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_an_edit_rebuilds_and_a_damaged_cache_is_ignored(home: Path, data_copy: Path) -> None:
    first = kbcache.cached_knowledge(data_copy)
    cache = home / "cache" / "knowledge.pickle"
    assert cache.is_file()
    assert kbcache.cached_knowledge(data_copy) == first
    meta = data_copy / "meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("2025-06-27", "2025-07-01"), encoding="utf-8")
    os.utime(meta, ns=(meta.stat().st_atime_ns, meta.stat().st_mtime_ns + 10**9))
    assert kbcache.cached_knowledge(data_copy).source.published.isoformat() == "2025-07-01"
    cache.write_bytes(b"not a pickle")
    assert kbcache.cached_knowledge(data_copy).source.published.isoformat() == "2025-07-01"


def test_a_cache_that_cannot_be_written_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "knowledge.pickle"
    target.mkdir()  # a folder where the file should go: the final rename fails
    assert kbcache._store(target, {"any": "payload"}) is False
    assert [p.name for p in tmp_path.iterdir()] == ["knowledge.pickle"]
