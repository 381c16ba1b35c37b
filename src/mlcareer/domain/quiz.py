"""The quiz as the advice reads it: questions, kinds and choices (loading.quiz reads data/questions.yaml)."""

from __future__ import annotations

from dataclasses import dataclass

from mlcareer.domain.model import Text

QUESTION_KINDS = ("single", "multi", "number", "yes_no", "skills")


# A yes/no question's two answers, as choice ids (rules name them: `answer: {wants_remote: yes}`).
YES_NO = ("yes", "no")


# The built-in background and interest ids: what roles.yaml and cases.yaml are checked against when
# questions.yaml cannot be read (otherwise its own choices count).
BACKGROUNDS = (
    "student", "web_engineer", "infra_engineer", "sier_engineer", "data_analyst",
    "researcher", "ml_engineer", "embedded_engineer", "project_manager", "sales_business", "non_it", "other",
)  # fmt: skip


INTERESTS = ("llm_apps", "ml_infrastructure", "vision", "data_analysis", "research", "ai_business")


# The questions the advice reads by name, and their kinds: every other question is the counsellor's
# own, asked, validated, saved and tested by rules from its definition alone. The skills picker and
# the two experience numbers keep code of their own (the catalogue; hands-on years within years).
BUILT_IN: dict[str, str] = {
    "background": "single",
    "years_experience": "number",
    "ml_years": "number",
    "skills": "skills",
    "interests": "multi",
    "industries": "multi",
    "weekly_hours": "number",
    "current_salary": "number",
    "target_salary": "number",
}


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    label: Text


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    id: str
    kind: str
    label: Text
    prompt: Text
    help: Text | None
    choices: tuple[Choice, ...]
    minimum: float
    maximum: float
    required: bool
    default: float | None
    unit: Text | None
    fractions: bool = False  # a number question that takes 7.5 as well as whole numbers

    @property
    def choice_ids(self) -> tuple[str, ...]:
        return YES_NO if self.kind == "yes_no" else tuple(c.id for c in self.choices)

    @property
    def built_in(self) -> bool:
        return self.id in BUILT_IN


@dataclass(frozen=True, slots=True)
class Quiz:
    questions: dict[str, QuizQuestion]

    @property
    def answer_keys(self) -> tuple[str, ...]:
        return tuple(self.questions)
