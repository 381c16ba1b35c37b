"""A start-up cache of the validated knowledge base.

Parsing and validating every YAML file costs about 30 ms on each run; unpickling the result costs
a few. The cache is keyed by the version and by each source file's path, size and mtime, so an edit
to any knowledge file (or a --data-dir) rebuilds it. Any problem with the cache just means a rebuild.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from mlcareer import __version__
from mlcareer.datafiles import KNOWLEDGE_FILES, knowledge_sources
from mlcareer.model import KnowledgeBase


def cache_dir() -> Path:
    home = os.environ.get("MLCAREER_HOME", "").strip()
    if home:
        return Path(home).expanduser() / "cache"
    if sys.platform.startswith("linux"):  # the XDG rule, without importing platformdirs on every lookup
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        return (Path(base).expanduser() if base else Path.home() / ".cache") / "mlcareer"
    import platformdirs  # macOS and Windows keep caches elsewhere

    return Path(platformdirs.user_cache_dir("mlcareer"))


def _fingerprint(files: dict[str, Path]) -> tuple[object, ...]:
    stats = []
    for name in KNOWLEDGE_FILES:
        path = files[name]
        st = path.stat()
        stats.append((name, str(path.resolve()), st.st_size, st.st_mtime_ns))
    # The record layout is part of the key: a cache written by other code never loads.
    return (__version__, KnowledgeBase._fields, tuple(stats))


def cached_knowledge(data_dir: Path | None = None) -> KnowledgeBase:
    files = knowledge_sources(data_dir)
    try:
        key = _fingerprint(files)
    except OSError:
        key = None  # a file cannot be read: let the loader say which and why
    target = cache_dir() / "knowledge.pickle"
    if key is not None:
        try:
            with target.open("rb") as handle:
                stored_key, kb = pickle.load(handle)
            if stored_key == key and isinstance(kb, KnowledgeBase):
                return kb
        except Exception:
            pass
    from mlcareer.knowledge import load_knowledge

    kb = load_knowledge(data_dir)
    if key is not None:
        _store(target, (key, kb))
    return kb


def _store(target: Path, payload: object) -> bool:
    """Write the cache atomically; False when it cannot be written (a read-only home is fine: the
    next run parses the YAML again), and never a temporary file left behind."""
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".knowledge-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        return True
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False
