"""The quiz as data (data/questions.yaml): questions, their kinds, choices and limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mlcareer.domain.message import msg
from mlcareer.domain.quiz import BUILT_IN, QUESTION_KINDS, Choice, Quiz, QuizQuestion
from mlcareer.domain.suggest import did_you_mean
from mlcareer.loading.checker import MAX_NUMBER, Checker, Path_, short_number
from mlcareer.loading.yamlparse import parse_yaml, read_text

# Other spellings a counsellor may write for a yes/no question.
KIND_ALIASES = {"yes/no": "yes_no", "yesno": "yes_no", "yes-no": "yes_no", "boolean": "yes_no", "bool": "yes_no"}
MAX_QUESTIONS = 20


def build_quiz(text: str, display: str) -> Quiz:
    data = parse_yaml(text, display)
    c = Checker(display)
    top = c.mapping(data, (), {"questions"}) or {}
    questions = c.items(top, "questions", (), lambda n, p: _question(c, n, p))
    seen: dict[str, QuizQuestion] = {}
    for index, question in enumerate(questions):
        if question.id in seen:
            c.problem(("questions", index, "id"), msg("duplicate id {id!r}", id=question.id))
        seen[question.id] = question
    if len(questions) > MAX_QUESTIONS:
        c.problem(
            ("questions",),
            msg(
                "at most {MAX_QUESTIONS} questions keep the quiz under 3 minutes; there are {count}",
                MAX_QUESTIONS=MAX_QUESTIONS,
                count=len(questions),
            ),
        )
    for ident, kind in BUILT_IN.items():
        found = seen.get(ident)
        if found is None:
            c.problem(("questions",), msg("missing question {ident!r} (answers files rely on it)", ident=ident))
            continue
        question = found
        index = questions.index(question)
        if question.kind != kind:
            c.problem(
                ("questions", index, "kind"),
                msg("question {ident!r} must be of kind {kind!r}", ident=ident, kind=kind),
            )
        if kind == "number" and question.minimum < (0.5 if ident == "weekly_hours" else 0):
            floor = "more than 0 hours (plans divide by it)" if ident == "weekly_hours" else "0 or more"
            c.problem(
                ("questions", index, "min"),
                msg("question {ident!r} needs a min of {floor}", ident=ident, floor=floor),
            )
    for index, question in enumerate(questions):
        if question.kind == "skills" and question.id != "skills":
            c.problem(
                ("questions", index, "kind"),
                msg("only the question 'skills' can be of kind 'skills' (there is one catalogue)"),
            )
    c.raise_problems(text, msg("The quiz file"))
    return Quiz(seen)


def _question(c: Checker, node: Any, path: Path_) -> QuizQuestion | None:
    m = c.mapping(
        node,
        path,
        {"id", "kind", "label", "prompt"},
        {"help", "choices", "min", "max", "required", "default", "unit", "fractions"},
    )
    if m is None:
        return None
    kind = c.string(m, "kind", path)
    kind = KIND_ALIASES.get(kind.strip().lower(), kind)
    if kind and kind not in QUESTION_KINDS:
        c.problem(
            (*path, "kind"),
            msg(
                "expected one of {choices}{hint}",
                choices=", ".join(QUESTION_KINDS),
                hint=did_you_mean(kind, QUESTION_KINDS),
            ),
        )

    def choice(node: Any, cpath: Path_) -> Choice | None:
        cm = c.mapping(node, cpath, {"id", "label"})
        return None if cm is None else Choice(c.ident(cm, "id", cpath), c.text(cm, "label", cpath))

    choices = tuple(c.items(m, "choices", path, choice, required=False))
    if kind in ("single", "multi") and not choices:
        c.problem((*path, "choices"), msg("a {kind} question needs choices", kind=kind))
    if kind not in ("single", "multi") and choices:
        c.problem((*path, "choices"), msg("only single and multi questions have choices"))
    ids = [choice.id for choice in choices]
    for index, ident in enumerate(ids):
        if ident and ident in ids[:index]:
            c.problem((*path, "choices", index, "id"), msg("duplicate id {id!r}", id=ident))
    low, high = _num(c, m, "min", path, 0), _num(c, m, "max", path, 1_000_000)
    if low > high:
        c.problem((*path, "min"), msg("min ({low:g}) is above max ({high:g})", low=low, high=high))
    default = _num(c, m, "default", path, None) if "default" in m else None
    required = m.get("required", True)
    if not isinstance(required, bool):
        c.problem((*path, "required"), msg("expected true or false"))
        required = True
    ident = c.ident(m, "id", path)
    fractions = m.get("fractions", ident == "weekly_hours")  # hours a week were 7.5 before the key existed
    if not isinstance(fractions, bool):
        c.problem((*path, "fractions"), msg("expected true or false"))
        fractions = False
    if default is not None and not low <= default <= high:
        c.problem((*path, "default"), msg("the default is outside min and max"))
    return QuizQuestion(
        id=ident,
        kind=kind,
        label=c.text(m, "label", path),
        prompt=c.text(m, "prompt", path),
        help=c.text(m, "help", path) if "help" in m else None,
        choices=choices,
        minimum=low,
        maximum=high,
        required=required,
        default=default,
        unit=c.text(m, "unit", path) if "unit" in m else None,
        fractions=fractions,
    )


def _num(c: Checker, m: dict[str, Any], key: str, path: Path_, fallback: Any) -> Any:
    value = m.get(key, fallback)
    if value is fallback:
        return fallback
    if isinstance(value, bool) or not isinstance(value, int | float):
        c.problem((*path, key), msg("expected a number, got {value}", value=repr(value)))
        return fallback if fallback is not None else 0
    if not -MAX_NUMBER <= value <= MAX_NUMBER:  # also NaN and infinity
        c.problem(
            (*path, key),
            msg(
                "expected a number from {value1:,} to {MAX_NUMBER:,}, got {number}",
                value1=-MAX_NUMBER,
                MAX_NUMBER=MAX_NUMBER,
                number=short_number(value),
            ),
        )
        return fallback if fallback is not None else 0
    return value


def load_quiz(path: Path) -> Quiz:
    return build_quiz(read_text(path), str(path))
