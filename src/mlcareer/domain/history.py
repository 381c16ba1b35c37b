"""Saved assessments: the language-free record kept in the store, and comparing two of them.

Works on the stored JSON, by ids, so it survives text edits. A record holds ids, scores and
numbers, never a sentence: `history show` renders it again, in whatever language is asked, by
advising from the saved answers (the same answers and knowledge always give the same result).
Rows saved before records had a `format` hold the localized `assess --json` document; they have the
same ids and numbers under the same keys, and their answers too, so they read the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mlcareer.domain.model import KnowledgeBase
from mlcareer.i18n import Lang

if TYPE_CHECKING:
    from mlcareer.domain.advisor import Assessment


@dataclass(frozen=True)
class SavedAssessment:
    id: int
    created_at: datetime
    answers: dict[str, Any]
    result: dict[str, Any]


RECORD_FORMAT = 2  # 1: the localized assess --json document (rows saved before records had a format)


def assessment_record(assessment: Assessment, knowledge: str) -> dict[str, Any]:
    """What the store keeps of an assessment: ids, scores and numbers, and the knowledge it was made with."""
    a = assessment
    return {
        "format": RECORD_FORMAT,
        "knowledge": knowledge,
        "level": a.level,
        "level_years": a.level_years,
        "phase": a.phase,
        "specializations": [
            {
                "id": s.id,
                "score": s.score,
                "skills_held": s.skills_held,
                "skills_total": s.skills_total,
                "reasons": [{"rule": r.rule, "points": r.points} for r in s.reasons],
            }
            for s in a.ranking
        ],
        "skills_held": list(a.skills_held),
        "skill_gaps": [{"skill": g.skill, "hours": g.hours} for g in a.skill_gaps],
        "salary": {"min": a.salary_target.min, "max": a.salary_target.max},
        "job_sites": list(a.job_sites),
        "similar_cases": list(a.similar_cases),
    }


def record_format(result: dict[str, Any]) -> int:
    value = result.get("format")
    return value if isinstance(value, int) and not isinstance(value, bool) else 1


def same_result(result: dict[str, Any], assessment: Assessment) -> bool:
    """Whether advising again gives what was saved: the same ranking, scores, level, phase and gaps."""
    return (
        _scores(result) == {s.id: s.score for s in assessment.ranking}
        and _top(result) == assessment.top
        and result.get("level") == assessment.level
        and result.get("phase") == assessment.phase
        and _gaps(result) == [g.skill for g in assessment.skill_gaps]
    )


@dataclass(frozen=True, slots=True)
class ScoreChange:
    specialization: str
    before: int | None
    after: int | None

    @property
    def delta(self) -> int:
        return (self.after or 0) - (self.before or 0)


@dataclass(frozen=True, slots=True)
class AnswerChange:
    question: str
    before: Any  # as saved: a choice id, a list of ids, a number, true/false; None when not answered
    after: Any
    asked: bool = True  # False: questions.yaml no longer has the question (the answer is kept, not scored)


@dataclass(frozen=True, slots=True)
class Comparison:
    before: SavedAssessment
    after: SavedAssessment
    scores: tuple[ScoreChange, ...]
    level: tuple[str, str]
    phase: tuple[int, int]
    top: tuple[str, str]
    gaps_closed: tuple[str, ...]
    gaps_opened: tuple[str, ...]
    gaps_count: tuple[int, int]
    answers: tuple[AnswerChange, ...] = ()

    def as_json(self, lang: Lang) -> dict[str, Any]:
        return {
            "before": {"id": self.before.id, "created_at": self.before.created_at.isoformat()},
            "after": {"id": self.after.id, "created_at": self.after.created_at.isoformat()},
            "top": {"before": self.top[0], "after": self.top[1]},
            "level": {"before": self.level[0], "after": self.level[1]},
            "phase": {"before": self.phase[0], "after": self.phase[1]},
            "scores": [
                {
                    "specialization": s.specialization,
                    "before": s.before,
                    "after": s.after,
                    "delta": s.delta,
                }
                for s in self.scores
            ],
            "skill_gaps": {
                "comparable": self.top[0] == self.top[1],
                "before": self.gaps_count[0],
                "after": self.gaps_count[1],
                "closed": list(self.gaps_closed),
                "opened": list(self.gaps_opened),
            },
            "answers": [
                {"question": a.question, "before": a.before, "after": a.after, "asked": a.asked} for a in self.answers
            ],
        }


def _scores(result: dict[str, Any]) -> dict[str, int]:
    return {s["id"]: int(s["score"]) for s in result.get("specializations", []) if "id" in s and "score" in s}


def _gaps(result: dict[str, Any]) -> list[str]:
    return [g["skill"] for g in result.get("skill_gaps", []) if "skill" in g]


def _top(result: dict[str, Any]) -> str:
    specs = result.get("specializations", [])
    return str(specs[0]["id"]) if specs else ""


def answer_changes(
    asked: Sequence[str], built_in: Collection[str], before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[AnswerChange, ...]:
    """The answers to show beside two saved assessments, in quiz order: those that changed, and every
    answer to a question a counsellor added (changed or not: the advice the new question drives is
    otherwise invisible); then answers to questions no longer asked, marked so."""
    out: list[AnswerChange] = []
    for question in asked:
        old, new = before.get(question), after.get(question)
        if _same_answer(old, new) and (question in built_in or (old is None and new is None)):
            continue
        out.append(AnswerChange(question, old, new))
    retired = [q for q in before if q not in asked] + [q for q in after if q not in asked and q not in before]
    out += [AnswerChange(q, before.get(q), after.get(q), asked=False) for q in retired]
    return tuple(out)


def _same_answer(old: Any, new: Any) -> bool:
    """Lists compare as sets (the order skills were ticked in is not a change); no answer equals []."""
    if isinstance(old, list) or isinstance(new, list):
        return {repr(v) for v in old or ()} == {repr(v) for v in new or ()}
    return bool(old == new)


def compare_assessments(
    kb: KnowledgeBase,
    before: SavedAssessment,
    after: SavedAssessment,
    asked: Sequence[str] = (),
    built_in: Collection[str] = (),
) -> Comparison:
    """`asked`: today's question ids in quiz order; `built_in`: the ones the advice reads by name."""
    old, new = _scores(before.result), _scores(after.result)
    order = [s for s in kb.specializations if s in old or s in new]
    order += sorted((set(old) | set(new)) - set(order))  # ids a later knowledge base no longer has
    old_gaps, new_gaps = _gaps(before.result), _gaps(after.result)
    top = (_top(before.result), _top(after.result))
    # Gaps are listed for the best-fit field: when that changed, the two lists measure different things.
    comparable = top[0] == top[1]
    return Comparison(
        before=before,
        after=after,
        scores=tuple(ScoreChange(s, old.get(s), new.get(s)) for s in order),
        level=(str(before.result.get("level", "")), str(after.result.get("level", ""))),
        phase=(int(before.result.get("phase", 0)), int(after.result.get("phase", 0))),
        top=top,
        gaps_closed=tuple(g for g in old_gaps if g not in new_gaps) if comparable else (),
        gaps_opened=tuple(g for g in new_gaps if g not in old_gaps) if comparable else (),
        gaps_count=(len(old_gaps), len(new_gaps)),
        answers=answer_changes(asked, built_in, before.answers, after.answers) if asked else (),
    )


def history_json(saved: list[SavedAssessment]) -> dict[str, Any]:
    return {
        "assessments": [
            {
                "id": item.id,
                "created_at": item.created_at.isoformat(),
                "top": _top(item.result),
                "level": item.result.get("level"),
                "phase": item.result.get("phase"),
                "scores": _scores(item.result),
                "skill_gaps": len(_gaps(item.result)),
                "answers": item.answers,
            }
            for item in saved
        ]
    }
