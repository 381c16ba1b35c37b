"""The rule engine: declarative conditions over answers, compiled once into closures.

A rule in data/rules.yaml says `when` (a condition), `then` (points for a specialization, or years
credited towards the experience level) and `because` (the reason shown to the person). Compiling to
closures keeps evaluation fast (thousands of profiles a second) and safe: a rule can only test
answers, never run code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from mlcareer.domain.answers import Answers, AnswerValue
from mlcareer.domain.model import Text


@dataclass(frozen=True, slots=True)
class Facts:
    """Answers as sets, so each condition is one membership test."""

    skills: frozenset[str]
    interests: frozenset[str]
    industries: frozenset[str]
    background: str
    numbers: dict[str, float]
    added: Mapping[str, AnswerValue] = field(default_factory=dict)  # answers to questions.yaml's own questions

    @classmethod
    def of(cls, answers: Answers, skills: frozenset[str] | None = None) -> Facts:
        numbers: dict[str, float] = {
            "years_experience": answers.years_experience,
            "ml_years": answers.ml_years,
            "weekly_hours": answers.weekly_hours,
        }
        if answers.target_salary is not None:
            numbers["target_salary"] = answers.target_salary
        if answers.current_salary is not None:
            numbers["current_salary"] = answers.current_salary
        held = frozenset(answers.skills) if skills is None else skills
        return cls(
            held,
            frozenset(answers.interests),
            frozenset(answers.industries),
            answers.background,
            numbers,
            answers.added,
        )


Condition = Callable[[Facts], bool]
# all / any / not may nest this deep: enough for any rule a counsellor writes, far from the recursion limit.
MAX_CONDITION_DEPTH = 20
TARGET_KINDS = ("specialization", "level_years", "roles")
# What a rule can also do, beside its points: put job sites and stories first for the person.
SHOWN_KINDS = ("sites", "cases")
NUMERIC_FIELDS = ("years_experience", "ml_years", "weekly_hours", "current_salary", "target_salary")
CONDITIONS = (
    "all",
    "any",
    "not",
    "skill",
    "skills_any",
    "skills_all",
    "skills_count",
    "interest",
    "background",
    "industry",
    "answer",
    *NUMERIC_FIELDS,
)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    target_kind: str
    target: str
    points: int
    because: Text
    test: Condition
    uses: frozenset[str] = frozenset()  # the condition kinds it tests: {"interest"} for a pure interest rule
    roles: tuple[str, ...] = ()  # target_kind "roles": the job titles its points go to
    sites: tuple[str, ...] = ()  # job sites shown first when it fires
    cases: tuple[str, ...] = ()  # stories shown first when it fires


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    skill_match_points: int
    foundation_threshold: float
    specialization_threshold: float
    foundation_required: tuple[str, ...] = ()  # phase 1 ends only once these are held
    phase3_foundation_threshold: float = 0.0  # share of the foundations phase 3 asks for
    # The `when` of roles, sites and cases that have one ({"roles": {id: test}, …}): offered only
    # to the people whose answers meet it. Empty for the built-in data: no cost per person.
    gates: Mapping[str, Mapping[str, Condition]] = field(default_factory=dict)


def evaluate(ruleset: RuleSet, facts: Facts) -> list[Rule]:
    return [rule for rule in ruleset.rules if rule.test(facts)]
