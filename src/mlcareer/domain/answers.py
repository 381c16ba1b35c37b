"""The person's answers as the advice reads them: what the quiz, answers files and history all produce."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_WEEKLY_HOURS = 10.0


# What one answer is, by kind: a choice id (single), choice ids (multi), a number, True/False (yes/no).
AnswerValue = str | tuple[str, ...] | int | float | bool


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
    # The answers to questions a counsellor added in questions.yaml, by question id (unanswered
    # optional ones are absent): rules test them with `answer:`.
    added: dict[str, AnswerValue] = field(default_factory=dict)
    # Answers in a saved row to questions since removed from questions.yaml: kept, shown, never scored.
    no_longer_asked: dict[str, Any] = field(default_factory=dict)

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
            **{key: list(value) if isinstance(value, tuple) else value for key, value in self.added.items()},
            **self.no_longer_asked,
        }
