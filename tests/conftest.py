from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Cli
from knowledge_base import Assess, builtin_kb, builtin_quiz, builtin_rules

from mlcareer.cli.app import set_click_language
from mlcareer.domain.advisor import Assessment, advise
from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.quiz import Quiz
from mlcareer.domain.rules import RuleSet
from mlcareer.loading.answers import parse_answers
from mlcareer.loading.datafiles import ALL_FILES, builtin_data_dir

# Rich output in tests: no colour, 80 columns, whatever the developer's terminal is.
os.environ["NO_COLOR"] = "1"
os.environ["COLUMNS"] = "80"
os.environ.pop("MLCAREER_DATA_DIR", None)
os.environ.pop("MLCAREER_LANG", None)


@pytest.fixture(autouse=True)
def _english_and_isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("MLCAREER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LANG", "C.UTF-8")
    set_click_language("en")
    yield
    set_click_language("en")


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The built-in knowledge base, loaded once per session (knowledge_base.py)."""
    return builtin_kb()


@pytest.fixture(scope="session")
def quiz() -> Quiz:
    return builtin_quiz()


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return builtin_rules()


@pytest.fixture(scope="session")
def assess(kb: KnowledgeBase, quiz: Quiz, rules: RuleSet) -> Assess:
    """`assess(answers)`: the advice the built-in knowledge gives for these raw answers."""

    def advice(answers: dict[str, Any]) -> Assessment:
        return advise(kb, rules, parse_answers(kb, quiz, answers))

    return advice


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A full copy of the built-in knowledge files, for tests that break one on purpose."""
    target = tmp_path / "data"
    target.mkdir()
    for name in ALL_FILES:
        (target / name).write_text((builtin_data_dir() / name).read_text(encoding="utf-8"), encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def cli() -> Cli:
    """`cli("roles", "--level", "mid")` -> the result; `cli.json(...)` -> the --json document.

    One for the session: it keeps no state between runs (each reads the environment the test set),
    so hypothesis tests, which refuse function-scoped fixtures, use it too."""
    return Cli()


@pytest.fixture
def deny_writing(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """`deny_writing(path)`: from then on os.access says `path` cannot be written, as a non-root user
    sees after chmod 0400 (root, which runs these tests in CI, ignores chmod)."""
    real_access = os.access
    denied: set[Path] = set()

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if Path(str(path)) in denied and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    return denied.add
