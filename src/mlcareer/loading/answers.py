"""The person's answers: the contract shared by the quiz, answers files and batch runs."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO, NamedTuple

from mlcareer.domain.answers import DEFAULT_WEEKLY_HOURS, Answers, AnswerValue
from mlcareer.domain.lookup import normalize_key
from mlcareer.domain.message import Msg, Phrase, msg, nmsg
from mlcareer.domain.model import KnowledgeBase, Text
from mlcareer.domain.quiz import Quiz, QuizQuestion
from mlcareer.domain.suggest import closest
from mlcareer.errors import MlcareerError, Problem, ProblemLine
from mlcareer.i18n import N_
from mlcareer.loading.checker import describe_value as _kind
from mlcareer.loading.checker import short_number
from mlcareer.loading.inputs import DEFAULT_INPUT_LIMIT, decode_text, os_reason, read_capped, too_large
from mlcareer.loading.yamlparse import control_characters, parse_yaml

YES_WORDS = {"yes": True, "true": True, "y": True, "はい": True}
YES_WORDS.update({"no": False, "false": False, "n": False, "いいえ": False})


def parse_answers(kb: KnowledgeBase, quiz: Quiz, data: Any, where: str = "answers", *, saved: bool = False) -> Answers:
    """Validate one mapping of answers. Every problem is reported at once, with the closest valid values.

    `saved`: the answers of a history row, which may predate questions added since (they count as
    unanswered) or answer questions removed since (kept in `no_longer_asked`).
    """
    problems: list[Problem] = []

    def bad(key: str, message: Msg) -> None:
        problems.append(Problem(where, message, (key,)))

    if not isinstance(data, Mapping):
        raise MlcareerError(
            msg("Answers must be a mapping of keys to values."),
            problems=[msg("{where}: expected a mapping, got {got}", where=where, got=_kind(data))],
        )
    questions = quiz.questions
    retired: dict[str, Any] = {}
    for key in data:
        if key in questions:
            continue
        if saved:
            retired[str(key)] = data[key]
            continue
        near = closest(str(key), questions)
        if near:
            bad(str(key), msg("unknown key (did you mean: {near}?)", near=", ".join(near)))
        else:
            bad(str(key), msg("unknown key; valid keys: {keys}", keys=", ".join(questions)))

    # Every question in quiz order, so the problems read in the order the person answered.
    values: dict[str, AnswerValue | None] = {}
    skills: tuple[str, ...] = ()
    unknown_skills: tuple[str, ...] = ()
    for question in questions.values():
        if question.kind == "skills":
            skills, unknown_skills = _skills(kb, data.get(question.id), bad)
            continue
        required = question.required and not (saved and not question.built_in)
        values[question.id] = _answer(question, data.get(question.id), required, bad)
    added = {key: value for key, value in values.items() if value is not None and not questions[key].built_in}

    def number(key: str) -> int | float | None:
        value = values.get(key)
        return value if isinstance(value, int | float) else None

    background = values.get("background")
    years = number("years_experience")
    ml_years = number("ml_years")
    if isinstance(years, int) and isinstance(ml_years, int) and ml_years > years:
        bad(
            "ml_years",
            msg("cannot be more than years_experience ({ml_years} > {years})", ml_years=ml_years, years=years),
        )
    interests = values.get("interests")
    industries = values.get("industries")
    current = number("current_salary")
    target = number("target_salary")
    hours = number("weekly_hours")
    if problems:
        raise MlcareerError(
            nmsg(
                "The answers have {count} problem:",
                "The answers have {count} problems:",
                len(problems),
                count=len(problems),
            ),
            problems=problems,
        )
    return Answers(
        background=background if isinstance(background, str) else "",
        years_experience=int(years or 0),
        ml_years=int(ml_years or 0),
        skills=skills,
        interests=interests if isinstance(interests, tuple) else (),
        industries=industries if isinstance(industries, tuple) else (),
        weekly_hours=DEFAULT_WEEKLY_HOURS if hours is None else float(hours),
        target_salary=None if target is None else int(target),
        unknown_skills=unknown_skills,
        current_salary=None if current is None else int(current),
        added=added,
        no_longer_asked=retired,
    )


def _answer(question: QuizQuestion, value: Any, required: bool, bad: Any) -> AnswerValue | None:
    """One answer checked against its question; None when it is absent or wrong (then `bad` says why)."""
    key = question.id
    ids = question.choice_ids
    if value is None:
        if question.kind == "number" and question.default is not None:
            return float(question.default) if question.fractions else int(question.default)
        if required:
            bad(key, msg(_REQUIRED[question.kind], ids=", ".join(ids)))
        return None
    if question.kind == "single":
        if not isinstance(value, str) or value.strip().lower() not in ids:
            bad(key, msg("unknown value {value} ({hint})", value=repr(value), hint=_hint(value, ids)))
            return None
        return value.strip().lower()
    if question.kind == "multi":
        return _choice_list(question, value, required, bad)
    if question.kind == "yes_no":
        word = YES_WORDS.get(value.strip().lower()) if isinstance(value, str) else None
        if isinstance(value, bool) or word is not None:
            return value if isinstance(value, bool) else word
        bad(key, msg("expected yes or no (true or false), got {got}", got=_kind(value)))
        return None
    if question.kind == "number":
        return _number(question, value, bad)
    return None  # the skills picker: read by _skills


_REQUIRED = {
    "single": N_("required: one of {ids}"),
    "multi": N_("required: at least one of {ids}"),
    "number": N_("required: a whole number"),
    "yes_no": N_("required: yes or no"),
    "skills": N_("required: at least one skill"),
}


def _hint(value: Any, ids: tuple[str, ...]) -> Msg:
    near = closest(str(value), ids)
    if near:
        return msg("did you mean: {near}", near=", ".join(near))
    return msg("valid: {ids}", ids=", ".join(ids))


def _choice_list(question: QuizQuestion, value: Any, required: bool, bad: Any) -> tuple[str, ...] | None:
    key = question.id
    ids = question.choice_ids
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        bad(key, msg("expected a list of ids, got {got}", got=_kind(value)))
        return None
    out: list[str] = []
    for item in value:
        ident = str(item).strip().lower() if isinstance(item, str) else None
        if ident is None or ident not in ids:
            bad(key, msg("unknown value {value} ({hint})", value=repr(item), hint=_hint(item, ids)))
        elif ident not in out:
            out.append(ident)
    if required and not value:
        bad(key, msg(_REQUIRED["multi"], ids=", ".join(ids)))
    return tuple(out)


def _number(question: QuizQuestion, value: Any, bad: Any) -> int | float | None:
    key = question.id
    if question.fractions:
        if isinstance(value, bool) or not isinstance(value, int | float):
            bad(key, msg("expected a number of {unit}, got {got}", unit=_unit_word(question), got=_kind(value)))
            return None
        if not question.minimum <= value <= question.maximum:  # NaN compares false; huge ints compare fine
            bad(key, _out_of_range(question.minimum, question.maximum, value))
            return None
        return float(value)
    # is_integer() also turns away NaN and infinity, which int() would raise on; an int is not
    # made a float first (a 400-digit number would overflow).
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and not value.is_integer())
    ):
        bad(key, msg("expected a whole number, got {got}", got=_kind(value)))
        return None
    return _in_range(int(value), question.minimum, question.maximum, key, bad)


def _unit_word(question: QuizQuestion) -> Phrase:
    return question.unit or msg("units")


def _out_of_range(low: float, high: float, value: float) -> Msg:
    return msg("expected a number from {low:g} to {high:g}, got {got}", low=low, high=high, got=short_number(value))


def _in_range(value: int, low: float, high: float, key: str, bad: Any) -> int | None:
    if not low <= value <= high:
        bad(key, _out_of_range(low, high, value))
        return None
    return value


def _skills(kb: KnowledgeBase, value: Any, bad: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The known skills as ids, and the names the catalogue does not know (advice warns about those)."""
    if value is None:
        return (), ()
    if isinstance(value, str):  # "Python, SQL" written as one string: the person meant a list
        value = [part for part in value.replace("、", ",").split(",") if part.strip()]
    if not isinstance(value, list):
        bad("skills", msg("expected a list of skill ids or names, got {got}", got=_kind(value)))
        return (), ()
    out: list[str] = []
    unknown: dict[str, None] = {}  # a dict: 100,000 names must not cost a list scan each
    for item in value:
        if not isinstance(item, str) or not item.strip():
            bad("skills", msg("expected a skill id or name, got {got}", got=_kind(item)))
            continue
        skill_id = item if item in kb.skills else kb.skill_index.get(normalize_key(item))
        if skill_id is None:
            unknown.setdefault(item.strip())
        elif skill_id not in out:
            out.append(skill_id)
    return tuple(out), tuple(unknown)


def read_answer_records(text: str, where: str, *, limit: int = DEFAULT_INPUT_LIMIT) -> tuple[list[Any], bool]:
    """Records from YAML, JSON or JSON Lines text; the flag says whether it is a batch."""
    records, batch = answer_records(io.BytesIO(text.encode("utf-8")), where, limit=limit)
    return list(records), batch


def answer_records(stream: BinaryIO, where: str, *, limit: int, unparsed: bool = False) -> tuple[Iterator[Any], bool]:
    """Records from a YAML, JSON or JSON Lines stream; the flag says whether it is a batch.

    JSON Lines is read a line at a time, so a cohort of any size runs in the memory of one record;
    a YAML or JSON document is read whole, up to `limit` bytes (the cap applies to each JSON Lines
    record). Lines end at "\\n" only: U+2028
    and U+0085 are ordinary characters inside a JSON string. `unparsed`: JSON Lines records come as
    `JsonLine`s for `parse_json_line`, so a cohort's workers parse them, not the process reading.
    """
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
        lines = _json_lines(head, stream, where, limit)
        return (lines if unparsed else (parse_json_line(line, where) for line in lines)), True
    text = decode_text(b"".join(head) + read_capped(stream, where, limit=limit, already=size, batch_hint=True), where)
    if not text.strip():
        raise MlcareerError(msg("{where} is empty.", where=where))
    data = _parse_document(text, where)
    if isinstance(data, list):
        return iter(data), True
    return iter([data]), False


def _parse_document(text: str, where: str) -> Any:
    """YAML reads JSON too (it is a superset), so one parser reads both. A file named as JSON that
    does not parse is told it is not valid JSON, at the place where the JSON decoder stopped."""
    try:
        return parse_yaml(text, where)
    except MlcareerError as error:
        if not where.lower().endswith((".json", ".jsonl", ".ndjson")) or error.message != msg(
            "This is not valid YAML."
        ):
            raise
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            problem = msg("{error} (column {column})", error=json_problem(exc.msg), column=exc.colno)
            raise MlcareerError(
                msg("This is not valid JSON."), problems=[Problem(f"{where}:{exc.lineno}", problem)]
            ) from None
        except RecursionError:
            pass
        # JSON, but refused on the way in (a key given twice): the problems hold, named as JSON.
        raise MlcareerError(msg("This is not valid JSON."), problems=error.problems) from None


def _line(stream: BinaryIO, where: str, limit: int, number: int | None) -> bytes:
    """One line, up to the cap; `number` names it in the error (None: still telling formats apart)."""
    try:
        line = stream.readline(limit + 1)
    except OSError as error:
        raise MlcareerError(msg("Cannot read {where}: {reason}", where=where, reason=os_reason(error))) from None
    if len(line) > limit:
        raise too_large(where if number is None else f"{where}:{number}", limit, batch_hint=number is None)
    return line


def _text(line: bytes, where: str, number: int) -> str:
    try:
        return line.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MlcareerError(msg("{where}:{number}: not UTF-8 text.", where=where, number=number)) from None


# Raw C0 controls are not valid JSON already; these are the other ways a record can carry one.
_MAY_HOLD_CONTROL = re.compile(rb"\\[bfru]|\xc2[\x80-\x9f]|\x7f")


class JsonLine(NamedTuple):
    """One JSON Lines record as read, not parsed yet."""

    number: int  # its line in the file
    text: bytes


def _json_lines(head: list[bytes], stream: BinaryIO, where: str, limit: int) -> Iterator[JsonLine]:
    number = 0
    pending = iter(head)
    while True:
        line = next(pending, None)
        if line is None:
            line = _line(stream, where, limit, number + 1)
            if not line:
                return
        number += 1
        if line.strip():
            yield JsonLine(number, line)


def parse_json_line(line: JsonLine, where: str) -> Any:
    """The record a JSON Lines line holds, or what is wrong with it (reported in its place)."""
    number = line.number
    try:
        # Without its line end: an unclosed string then reads as one, not as a control character.
        record = json.loads(_text(line.text, where, number).rstrip("\r\n"), object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        return _BadRecord(
            Problem(
                f"{where}:{number}",
                msg("not valid JSON: {error} (column {column})", error=json_problem(exc.msg), column=exc.colno),
            )
        )
    except RecursionError:
        return _BadRecord(Problem(f"{where}:{number}", msg("nested too deeply")))
    except _DuplicateKey as exc:
        return _BadRecord(Problem(f"{where}:{number}", msg("the key {key!r} appears twice", key=exc.key)))
    except MlcareerError as exc:  # not UTF-8
        return _BadRecord(exc.message)
    bad = control_characters(record, limit=1) if _MAY_HOLD_CONTROL.search(line.text) else None
    if bad:
        path, problem = bad[0]
        return _BadRecord(Problem(f"{where}:{number}", problem, path))
    return record


# Python's JSON decoder says what is wrong in English only (json/decoder.py, and Modules/_json.c,
# whose scanner words two of them without the character); the catalog has the Japanese.
_JSON_PROBLEMS = frozenset(
    (
        N_("Expecting value"),
        N_("Expecting ',' delimiter"),
        N_("Expecting ':' delimiter"),
        N_("Expecting property name enclosed in double quotes"),
        N_("Unterminated string starting at"),
        N_("Invalid control character at"),
        N_("Invalid \\escape"),
        N_("Invalid \\uXXXX escape"),
        N_("Extra data"),
        N_("Illegal trailing comma before end of object"),
        N_("Illegal trailing comma before end of array"),
    )
)
_JSON_PROBLEMS_WITH_FOUND = (
    (re.compile(r"Invalid control character (.+) at"), N_("Invalid control character {found} at")),
    (re.compile(r"Invalid \\escape: (.+)"), N_("Invalid \\escape: {found}")),
)


def json_problem(problem: str) -> Phrase:
    """What the JSON decoder found wrong, as a message (its own words if the catalog does not know them)."""
    if problem in _JSON_PROBLEMS:
        return msg(problem)
    for pattern, message in _JSON_PROBLEMS_WITH_FOUND:
        found = pattern.fullmatch(problem)
        if found:
            return msg(message, found=found.group(1))
    return Text(problem, problem)


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
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

    problem: ProblemLine


def is_bad_record(record: Any) -> ProblemLine | None:
    return record.problem if isinstance(record, _BadRecord) else None
