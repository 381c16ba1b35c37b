"""The person's answers: the contract shared by the quiz, answers files and batch runs."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mlcareer.checker import describe_value as _kind
from mlcareer.errors import MlcareerError
from mlcareer.i18n import msg
from mlcareer.lookup import normalize_key
from mlcareer.model import KnowledgeBase
from mlcareer.quizdata import Quiz
from mlcareer.suggest import closest
from mlcareer.yamlcheck import parse_yaml

DEFAULT_WEEKLY_HOURS = 10.0


@dataclass(frozen=True, slots=True)
class Answers:
    background: str
    years_experience: int
    ml_years: int
    skills: tuple[str, ...]
    interests: tuple[str, ...]
    industries: tuple[str, ...] = ()
    weekly_hours: float = DEFAULT_WEEKLY_HOURS
    target_salary: int | None = None
    # Skills the catalogue does not know, as written: kept (so they are saved and reported), never scored.
    unknown_skills: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "background": self.background,
            "years_experience": self.years_experience,
            "ml_years": self.ml_years,
            "skills": [*self.skills, *self.unknown_skills],
            "interests": list(self.interests),
            "industries": list(self.industries),
            "weekly_hours": self.weekly_hours,
            "target_salary": self.target_salary,
        }


def parse_answers(kb: KnowledgeBase, quiz: Quiz, data: Any, where: str = "answers") -> Answers:
    """Validate one mapping of answers. Every problem is reported at once, with the closest valid values."""
    problems: list[str] = []

    def bad(key: str, text: str) -> None:
        problems.append(f"{where}: {key}: {text}")

    if not isinstance(data, Mapping):
        raise MlcareerError(
            msg(
                "回答はキーと値の組（マッピング）で書いてください。",
                "Answers must be a mapping of keys to values.",
            ),
            problems=[f"{where}: expected a mapping, got {type(data).__name__}"],
        )
    known = quiz.answer_keys
    for key in data:
        if key not in known:
            near = closest(str(key), known)
            hint = f" (did you mean: {', '.join(near)}?)" if near else f"; valid keys: {', '.join(known)}"
            bad(str(key), f"unknown key{hint}")

    def choice_list(key: str, *, required: bool) -> tuple[str, ...]:
        question = quiz.questions[key]
        value = data.get(key)
        if value is None:
            if required:
                bad(key, f"required: at least one of {', '.join(question.choice_ids)}")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            bad(key, f"expected a list of ids, got {_kind(value)}")
            return ()
        out: list[str] = []
        for item in value:
            ident = str(item).strip().lower() if isinstance(item, str) else None
            if ident is None or ident not in question.choice_ids:
                near = closest(str(item), question.choice_ids)
                hint = f"did you mean: {', '.join(near)}" if near else f"valid: {', '.join(question.choice_ids)}"
                bad(key, f"unknown value {item!r} ({hint})")
            elif ident not in out:
                out.append(ident)
        if required and not out and isinstance(value, list) and not value:
            bad(key, f"required: at least one of {', '.join(question.choice_ids)}")
        return tuple(out)

    def whole(key: str, *, required: bool) -> int | None:
        question = quiz.questions[key]
        value = data.get(key)
        if value is None:
            if required:
                bad(key, "required: a whole number")
            return None
        # is_integer() also turns away NaN and infinity, which int() would raise on.
        if isinstance(value, bool) or not isinstance(value, int | float) or not float(value).is_integer():
            bad(key, f"expected a whole number, got {_kind(value)}")
            return None
        return _in_range(int(value), question.minimum, question.maximum, key, bad)

    background = data.get("background")
    background_id = ""
    question = quiz.questions["background"]
    if background is None:
        bad("background", f"required: one of {', '.join(question.choice_ids)}")
    elif not isinstance(background, str) or background.strip().lower() not in question.choice_ids:
        near = closest(str(background), question.choice_ids)
        hint = f"did you mean: {', '.join(near)}" if near else f"valid: {', '.join(question.choice_ids)}"
        bad("background", f"unknown value {background!r} ({hint})")
    else:
        background_id = background.strip().lower()

    years = whole("years_experience", required=True)
    ml_years = whole("ml_years", required=True)
    if years is not None and ml_years is not None and ml_years > years:
        bad("ml_years", f"cannot be more than years_experience ({ml_years} > {years})")
    skills, unknown_skills = _skills(kb, data.get("skills"), bad)
    interests = choice_list("interests", required=True)
    industries = choice_list("industries", required=False)
    target = whole("target_salary", required=False)
    hours_value = data.get("weekly_hours")
    hours = DEFAULT_WEEKLY_HOURS
    if hours_value is not None:
        hq = quiz.questions["weekly_hours"]
        if isinstance(hours_value, bool) or not isinstance(hours_value, int | float):
            bad("weekly_hours", f"expected a number of hours, got {_kind(hours_value)}")
        elif not math.isfinite(hours_value) or not hq.minimum <= hours_value <= hq.maximum:
            bad(
                "weekly_hours",
                f"expected a number from {hq.minimum} to {hq.maximum}, got {hours_value}",
            )
        else:
            hours = float(hours_value)
    if problems:
        raise MlcareerError(
            msg(
                f"回答に {len(problems)} 件の問題があります:",
                f"The answers have {len(problems)} problem(s):",
            ),
            problems=problems,
        )
    return Answers(
        background=background_id,
        years_experience=years or 0,
        ml_years=ml_years or 0,
        skills=skills,
        interests=interests,
        industries=industries,
        weekly_hours=hours,
        target_salary=target,
        unknown_skills=unknown_skills,
    )


def _in_range(value: int, low: float, high: float, key: str, bad: Any) -> int | None:
    if not low <= value <= high:
        bad(key, f"expected a number from {low:g} to {high:g}, got {value}")
        return None
    return value


def _skills(kb: KnowledgeBase, value: Any, bad: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The known skills as ids, and the names the catalogue does not know (advice warns about those)."""
    if value is None:
        return (), ()
    if isinstance(value, str):  # "Python, SQL" written as one string: the person meant a list
        value = [part for part in value.replace("、", ",").split(",") if part.strip()]
    if not isinstance(value, list):
        bad("skills", f"expected a list of skill ids or names, got {_kind(value)}")
        return (), ()
    out: list[str] = []
    unknown: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            bad("skills", f"expected a skill id or name, got {_kind(item)}")
            continue
        skill_id = item if item in kb.skills else kb.skill_index.get(normalize_key(item))
        if skill_id is None:
            name = item.strip()
            if name not in unknown:
                unknown.append(name)
        elif skill_id not in out:
            out.append(skill_id)
    return tuple(out), tuple(unknown)


def read_answer_records(text: str, where: str) -> tuple[list[Any], bool]:
    """Records from YAML, JSON or JSON Lines text; the flag says whether it is a batch."""
    stripped = text.strip()
    if not stripped:
        raise MlcareerError(msg(f"{where} が空です。", f"{where} is empty."))
    numbered = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    if len(numbered) > 1 and _is_json_object(numbered[0][1]):
        # JSON Lines: each line on its own, so one bad line is one bad record and the rest still run.
        records: list[Any] = []
        for number, line in numbered:
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                records.append(_BadRecord(f"{where}:{number}: not valid JSON: {exc.msg}"))
        return records, True
    data = parse_yaml(text, where)  # YAML is a superset of JSON
    if isinstance(data, list):
        return data, True
    return [data], False


def _is_json_object(line: str) -> bool:
    """A whole JSON object on one line: the mark of JSON Lines (pretty-printed JSON opens with a lone '{')."""
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


@dataclass(frozen=True, slots=True)
class _BadRecord:
    """A JSON Lines record that did not parse; reported in its place, the others still run."""

    problem: str


def is_bad_record(record: Any) -> str | None:
    return record.problem if isinstance(record, _BadRecord) else None
