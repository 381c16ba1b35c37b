"""The person's answers: the contract shared by the quiz, answers files and batch runs."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from mlcareer.domain.lookup import normalize_key
from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.suggest import closest
from mlcareer.errors import MlcareerError
from mlcareer.i18n import msg
from mlcareer.loading.checker import describe_value as _kind
from mlcareer.loading.checker import short_number
from mlcareer.loading.inputs import decode_text, input_limit, os_reason, read_capped, too_large
from mlcareer.loading.quiz import Quiz
from mlcareer.loading.yamlparse import control_characters, format_path, parse_yaml

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
    current_salary: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "background": self.background,
            "years_experience": self.years_experience,
            "ml_years": self.ml_years,
            "skills": [*self.skills, *self.unknown_skills],
            "interests": list(self.interests),
            "industries": list(self.industries),
            "weekly_hours": self.weekly_hours,
            "current_salary": self.current_salary,
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
        # is_integer() also turns away NaN and infinity, which int() would raise on; an int is not
        # made a float first (a 400-digit number would overflow).
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (isinstance(value, float) and not value.is_integer())
        ):
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
    current = whole("current_salary", required=False)
    target = whole("target_salary", required=False)
    hours_value = data.get("weekly_hours")
    hours = DEFAULT_WEEKLY_HOURS
    if hours_value is not None:
        hq = quiz.questions["weekly_hours"]
        if isinstance(hours_value, bool) or not isinstance(hours_value, int | float):
            bad("weekly_hours", f"expected a number of hours, got {_kind(hours_value)}")
        elif not hq.minimum <= hours_value <= hq.maximum:  # NaN compares false; huge ints compare fine
            bad(
                "weekly_hours",
                f"expected a number from {hq.minimum} to {hq.maximum}, got {short_number(hours_value)}",
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
        current_salary=current,
    )


def _in_range(value: int, low: float, high: float, key: str, bad: Any) -> int | None:
    if not low <= value <= high:
        bad(key, f"expected a number from {low:g} to {high:g}, got {short_number(value)}")
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
    unknown: dict[str, None] = {}  # a dict: 100,000 names must not cost a list scan each
    for item in value:
        if not isinstance(item, str) or not item.strip():
            bad("skills", f"expected a skill id or name, got {_kind(item)}")
            continue
        skill_id = item if item in kb.skills else kb.skill_index.get(normalize_key(item))
        if skill_id is None:
            unknown.setdefault(item.strip())
        elif skill_id not in out:
            out.append(skill_id)
    return tuple(out), tuple(unknown)


def read_answer_records(text: str, where: str) -> tuple[list[Any], bool]:
    """Records from YAML, JSON or JSON Lines text; the flag says whether it is a batch."""
    records, batch = answer_records(io.BytesIO(text.encode("utf-8")), where)
    return list(records), batch


def answer_records(stream: BinaryIO, where: str) -> tuple[Iterator[Any], bool]:
    """Records from a YAML, JSON or JSON Lines stream; the flag says whether it is a batch.

    JSON Lines is read a line at a time, so a cohort of any size runs in the memory of one record;
    a YAML or JSON document is read whole, up to the input cap. Lines end at "\\n" only: U+2028
    and U+0085 are ordinary characters inside a JSON string.
    """
    limit = input_limit()
    head: list[bytes] = []  # the lines read to tell the formats apart
    size = 0
    objects = 0
    while objects < 2:
        line = _line(stream, where, limit, None)
        if not line:
            break
        head.append(line)
        size += len(line)
        if size > limit:
            raise too_large(where, limit, batch_hint=True)
        if line.strip():
            if objects == 0 and not _is_json_object(_text(line, where, len(head))):
                break
            objects += 1
    if objects == 2:
        return _json_lines(head, stream, where, limit), True
    text = decode_text(b"".join(head) + read_capped(stream, where, already=size, batch_hint=True), where)
    if not text.strip():
        raise MlcareerError(msg(f"{where} が空です。", f"{where} is empty."))
    data = parse_yaml(text, where)  # YAML is a superset of JSON
    if isinstance(data, list):
        return iter(data), True
    return iter([data]), False


def _line(stream: BinaryIO, where: str, limit: int, number: int | None) -> bytes:
    """One line, up to the cap; `number` names it in the error (None: still telling formats apart)."""
    try:
        line = stream.readline(limit + 1)
    except OSError as error:
        raise MlcareerError(
            msg(f"{where} を読めません: {os_reason(error)}", f"Cannot read {where}: {os_reason(error)}")
        ) from None
    if len(line) > limit:
        raise too_large(where if number is None else f"{where}:{number}", limit, batch_hint=number is None)
    return line


def _text(line: bytes, where: str, number: int) -> str:
    try:
        return line.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MlcareerError(
            msg(f"{where}:{number}: UTF-8 のテキストではありません。", f"{where}:{number}: not UTF-8 text.")
        ) from None


# Raw C0 controls are not valid JSON already; these are the other ways a record can carry one.
_MAY_HOLD_CONTROL = re.compile(rb"\\[bfru]|\xc2[\x80-\x9f]|\x7f")


def _json_lines(head: list[bytes], stream: BinaryIO, where: str, limit: int) -> Iterator[Any]:
    number = 0
    pending = iter(head)
    while True:
        line = next(pending, None)
        if line is None:
            line = _line(stream, where, limit, number + 1)
            if not line:
                return
        number += 1
        if not line.strip():
            continue
        try:
            record = json.loads(_text(line, where, number), object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as exc:
            yield _BadRecord(f"{where}:{number}: not valid JSON: {exc.msg}")
        except RecursionError:
            yield _BadRecord(f"{where}:{number}: nested too deeply")
        except _DuplicateKey as exc:
            yield _BadRecord(f"{where}:{number}: the key {exc.key!r} appears twice")
        except MlcareerError as exc:  # not UTF-8
            yield _BadRecord(exc.message)
        else:
            bad = control_characters(record, limit=1) if _MAY_HOLD_CONTROL.search(line) else None
            if bad:
                path, problem = bad[0]
                yield _BadRecord(f"{where}:{number}: {format_path(path)}: {problem}")
            else:
                yield record


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return out


def _is_json_object(line: str) -> bool:
    """A whole JSON object on one line: the mark of JSON Lines (pretty-printed JSON opens with a lone '{')."""
    try:
        return isinstance(json.loads(line), dict)
    except (json.JSONDecodeError, RecursionError):
        return False


@dataclass(frozen=True, slots=True)
class _BadRecord:
    """A JSON Lines record that did not parse; reported in its place, the others still run."""

    problem: str


def is_bad_record(record: Any) -> str | None:
    return record.problem if isinstance(record, _BadRecord) else None
