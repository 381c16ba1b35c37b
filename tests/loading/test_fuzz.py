"""Whatever bytes or YAML reach the loaders, only the project's own error may come out."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from knowledge_base import builtin_kb, builtin_quiz

from mlcareer.errors import MlcareerError
from mlcareer.loading.answers import parse_answers, read_answer_records
from mlcareer.loading.datafiles import ALL_FILES, KNOWLEDGE_FILES, builtin_data_dir
from mlcareer.loading.knowledge import build_knowledge
from mlcareer.loading.quiz import build_quiz
from mlcareer.loading.rules import build_rules
from mlcareer.render.problems import error_text

BUILTIN = {name: (builtin_data_dir() / name).read_text(encoding="utf-8") for name in ALL_FILES}
PARSED = {name: yaml.safe_load(text) for name, text in BUILTIN.items()}

yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(), st.text(max_size=20))
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def build_with(name: str, text: str) -> None:
    sources = {n: (n, BUILTIN[n]) for n in KNOWLEDGE_FILES}
    sources[name] = (name, text)
    build_knowledge(sources)


def only_our_error(call: Any) -> None:
    try:
        call()
    except MlcareerError as error:
        assert error_text(error, "en")  # a message, and no traceback at the CLI


@SETTINGS
@given(st.sampled_from(KNOWLEDGE_FILES), st.binary(max_size=300))
def test_random_bytes_as_a_knowledge_file(name: str, data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    only_our_error(lambda: build_with(name, text))


@SETTINGS
@given(st.sampled_from(KNOWLEDGE_FILES), yaml_values)
def test_random_yaml_as_a_knowledge_file(name: str, value: Any) -> None:
    only_our_error(lambda: build_with(name, yaml.safe_dump(value)))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:3]):
            out += _paths(value, (*prefix, index))
    return out


PATHS = {name: _paths(PARSED[name])[1:] for name in KNOWLEDGE_FILES}


def _mutate(document: Any, path: tuple[Any, ...], value: Any, delete: bool) -> Any:
    copy = json.loads(json.dumps(document, default=str))
    parent = copy
    for part in path[:-1]:
        parent = parent[part]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return copy


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(KNOWLEDGE_FILES), st.data(), yaml_values, st.booleans())
def test_mutated_valid_knowledge_files(name: str, data: st.DataObject, value: Any, delete: bool) -> None:
    path = data.draw(st.sampled_from(PATHS[name]))
    mutated = _mutate(PARSED[name], path, value, delete)
    only_our_error(lambda: build_with(name, yaml.safe_dump(mutated, allow_unicode=True)))


@SETTINGS
@given(yaml_values)
def test_random_quiz_and_rules_files(value: Any) -> None:
    kb = builtin_kb()
    quiz = builtin_quiz()
    text = yaml.safe_dump(value)
    only_our_error(lambda: build_quiz(text, "questions.yaml"))
    only_our_error(lambda: build_rules(kb, quiz, text, "rules.yaml"))


@settings(max_examples=120, deadline=None)
@given(st.data(), yaml_values, st.booleans())
def test_mutated_rules(data: st.DataObject, value: Any, delete: bool) -> None:
    kb = builtin_kb()
    quiz = builtin_quiz()
    path = data.draw(st.sampled_from(_paths(PARSED["rules.yaml"])[1:]))
    mutated = _mutate(PARSED["rules.yaml"], path, value, delete)
    only_our_error(lambda: build_rules(kb, quiz, yaml.safe_dump(mutated, allow_unicode=True), "rules.yaml"))


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_as_answers(data: bytes) -> None:
    kb = builtin_kb()
    quiz = builtin_quiz()
    text = data.decode("utf-8", errors="replace")

    def load() -> None:
        records, _ = read_answer_records(text, "answers")
        for record in records:
            with contextlib.suppress(MlcareerError):
                parse_answers(kb, quiz, record)

    only_our_error(load)


@SETTINGS
@given(yaml_values)
def test_random_values_as_answers(value: Any) -> None:
    kb = builtin_kb()
    quiz = builtin_quiz()
    only_our_error(lambda: parse_answers(kb, quiz, value))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["background", "years_experience", "ml_years", "skills", "interests", "industries",
                        "weekly_hours", "target_salary", "extra"]), yaml_values)  # fmt: skip
def test_one_answer_replaced_by_anything(key: str, value: Any) -> None:
    kb = builtin_kb()
    quiz = builtin_quiz()
    base = {"background": "student", "years_experience": 2, "ml_years": 1, "skills": ["python"],
            "interests": ["vision"]}  # fmt: skip
    only_our_error(lambda: parse_answers(kb, quiz, {**base, key: value}))


def test_a_deeply_nested_document_is_refused_cleanly(tmp_path: Path) -> None:
    text = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    only_our_error(lambda: build_with("meta.yaml", text))
