"""The built-in knowledge base, quiz and rules: loaded once per test session, when first asked for.

The `kb`, `quiz` and `rules` fixtures (conftest.py) return these. Hypothesis tests and strategies call
them instead of taking the fixtures: hypothesis prints every argument of a failing example, and the
knowledge base's repr runs to some 300 kB. Nothing calls them at import time, so collecting one test
loads nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from mlcareer.domain.advisor import Assessment
from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.quiz import Quiz
from mlcareer.domain.rules import RuleSet
from mlcareer.loading.knowledge import load_knowledge
from mlcareer.loading.rules import load_quiz_and_rules

# The `assess` fixture: raw answers, as in an answers file -> the built-in knowledge's advice.
Assess = Callable[[dict[str, Any]], Assessment]


@functools.cache
def builtin_kb() -> KnowledgeBase:
    return load_knowledge()


@functools.cache
def _builtin_quiz_and_rules() -> tuple[Quiz, RuleSet]:
    return load_quiz_and_rules(builtin_kb())


def builtin_quiz() -> Quiz:
    return _builtin_quiz_and_rules()[0]


def builtin_rules() -> RuleSet:
    return _builtin_quiz_and_rules()[1]
