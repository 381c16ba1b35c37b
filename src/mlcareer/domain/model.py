"""The knowledge base as immutable records: what data/*.yaml holds once it has been validated.

NamedTuples rather than dataclasses: every command imports this module, and defining these thirty
classes as NamedTuples costs a third of the start-up time that frozen dataclasses do (measured).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from mlcareer.i18n import Lang

if TYPE_CHECKING:
    from collections.abc import Iterable

    from mlcareer.domain.message import Phrase

SALARY_UNIT = "man_yen"  # 万円: 10,000 yen a year


class Text(NamedTuple):
    ja: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.ja if lang == "ja" else self.en


class Salary(NamedTuple):
    min: int
    max: int
    open_ended: bool = False
    derived: bool = False
    basis: Phrase | None = None  # why a derived range is what it is

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {"min": self.min, "max": self.max, "unit": SALARY_UNIT}
        if self.open_ended:
            out["open_ended"] = True
        if self.derived:
            out["derived"] = True
        return out


class Source(NamedTuple):
    title: Text
    file: str
    published: dt.date
    figures_as_of: str
    note: Text


class Share(NamedTuple):
    id: str
    name: Text
    pct: int


class ExperienceMedian(NamedTuple):
    id: str
    years_min: int
    years_max: int | None
    salary: Salary


class DriverItem(NamedTuple):
    id: str
    name: Text
    examples: tuple[Text, ...]


class Driver(NamedTuple):
    id: str
    name: Text
    summary: Text
    items: tuple[DriverItem, ...]


class Cause(NamedTuple):
    id: str
    name: Text


class Market(NamedTuple):
    monthly_postings: int
    postings_at_least: bool
    postings_yoy_pct: int
    demand_shares: tuple[Share, ...]
    employer_types: tuple[Share, ...]
    average_salary: int
    average_note: Text
    salary_range: Salary
    range_min_note: Text
    range_max_note: Text
    salary_yoy_pct: int
    salary_yoy_note: Text | None
    medians: tuple[ExperienceMedian, ...]
    drivers: tuple[Driver, ...]
    outlook: tuple[Text, ...]
    demand_causes: tuple[Cause, ...] = ()  # the guide's opening: what pushes demand up


class SkillGroup(NamedTuple):
    id: str
    name: Text


class Skill(NamedTuple):
    id: str
    name: Text
    aliases: tuple[str, ...]
    group: str
    hours: int
    prerequisites: tuple[str, ...]  # learn these first; knowing this skill does not mean knowing them
    implies: tuple[str, ...] = ()  # held whenever this one is: opt-in, one deliberate edge at a time
    source: str = "guide"  # "mlcareer" for a skill the guide does not name
    # Prerequisites that explain this skill but are not needed to use it: someone who builds on
    # models (an LLM app) may learn them after it.
    theory: tuple[str, ...] = ()


class ChoiceGroup(NamedTuple):
    """Alternatives the guide lists side by side (SageMaker, Azure ML, Vertex AI): one of them is enough."""

    id: str
    name: Text
    members: tuple[str, ...]  # the first is the guide's main tool, recommended by default


class NamedSkills(NamedTuple):
    """A named list of skills: a specialization's skill group, a trend, a level's preparation."""

    id: str
    name: Text
    skills: tuple[str, ...]
    description: Text | None = None
    items: tuple[Text, ...] = ()
    # A field's skill group that someone with one of these interests learns first within the field
    # (ours): an LLM app builder does prompting and RAG before fine-tuning.
    first_for: tuple[str, ...] = ()
    # ... that someone with one of these interests meets later, on the job, so it is left out of their
    # gaps (ours): an LLM app builder does not study image models; unless one of `kept_for` is chosen too.
    left_out_for: tuple[str, ...] = ()
    kept_for: tuple[str, ...] = ()
    source: str = "guide"  # "mlcareer" for a field's skill group the guide does not list


class EmployerGroup(NamedTuple):
    id: str
    name: Text
    examples: tuple[Text, ...] = ()
    reason: Text | None = None


class Specialization(NamedTuple):
    id: str
    name: Text
    summary: Text
    salary: Salary
    role: str
    skill_groups: tuple[NamedSkills, ...]
    trends: tuple[NamedSkills, ...]
    employers: tuple[EmployerGroup, ...]
    skills: tuple[str, ...]  # every skill of its skill groups, once, in order
    aliases: tuple[str, ...] = ()  # other words people use for it, accepted wherever an id is


class LevelStep(NamedTuple):
    id: str
    name: Text
    months: tuple[int, int | None]
    skills: tuple[str, ...]


class Level(NamedTuple):
    id: str
    name: Text
    years_min: int
    years_max: int | None
    salary: Salary
    summary: Text
    preparation: tuple[NamedSkills, ...]
    roadmap: tuple[LevelStep, ...]
    employers: tuple[EmployerGroup, ...]
    roles: tuple[str, ...]
    roles_title: Text
    aliases: tuple[str, ...] = ()
    assumes: tuple[str, ...] = ()  # ours: what a plan takes as known at this level
    project: Project | None = None  # ours: the last phase's practice at this level, in place of the field's


class Role(NamedTuple):
    id: str
    name: Text
    levels: tuple[str, ...]
    specializations: tuple[str, ...]
    salary: Salary
    description: Text
    skills: tuple[str, ...]
    source: str = "guide"  # "mlcareer": a title the guide does not name
    levels_source: str = "guide"  # "mlcareer" when the levels are our reading, not the guide's
    # Ours, for ranking routes: engineering | research | business | leadership, and who it suits.
    track: str = "engineering"
    backgrounds: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    when: str = ""  # ours: offered only when this condition (JSON text, compiled with the rules) holds
    after_hired: tuple[str, ...] = ()  # ours: skills an entry posting does not ask for (plans teach them later)

    @property
    def entry_skills(self) -> tuple[str, ...]:
        """The skills an entry posting for this role asks for."""
        return tuple(s for s in self.skills if s not in self.after_hired)


class Module(NamedTuple):
    id: str
    name: Text
    phase: int
    hours: int
    skills: tuple[str, ...]
    specializations: tuple[str, ...]
    months: tuple[int, int | None] | None = None
    when: ModuleCondition | None = None  # ours: planned only for the people it fits


class ModuleCondition(NamedTuple):
    """Whom an optional module fits: any listed interest or industry (quiz choice ids), or these fields."""

    interests: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()

    def fits(self, specialization: str, interests: tuple[str, ...], industries: tuple[str, ...]) -> bool:
        return (
            specialization in self.fields
            or any(i in self.interests for i in interests)
            or any(i in self.industries for i in industries)
        )


class Project(NamedTuple):
    id: str
    name: Text
    description: Text


class FieldProject(NamedTuple):
    """Ours: the phase's project made concrete for one field, or for those of the field whose
    interests include one of `interests` (an LLM app builder's portfolio is an app, not a model)."""

    specialization: str
    project: Project
    interests: tuple[str, ...] = ()


class Phase(NamedTuple):
    id: str
    number: int
    name: Text
    months_min: int
    months_max: int | None
    summary: Text
    modules: tuple[Module, ...]
    project: Project
    milestone: Text
    field_projects: tuple[FieldProject, ...] = ()

    def project_for(self, spec_id: str, interests: Iterable[str] = ()) -> Project:
        """The project for someone aiming at this field with these interests: the one made for their
        interests, else the field's own, else the phase's."""
        wants = set(interests)
        mine = [
            f
            for f in self.field_projects
            if f.specialization == spec_id and (not f.interests or wants & set(f.interests))
        ]
        mine.sort(key=lambda f: not f.interests)  # the one made for their interests first
        return mine[0].project if mine else self.project


class Site(NamedTuple):
    id: str
    rank: int | None
    name: Text
    kind: str
    ai_ml_jobs: int | None
    jobs_at_least: bool
    salary: Salary | None
    average_salary: int | None
    min_salary: int | None
    strengths: tuple[Text, ...]
    support: tuple[Text, ...]
    levels: tuple[str, ...]
    specializations: tuple[str, ...]
    suits: Text
    newcomers: bool = False  # the guide says it takes people without experience
    levels_source: str = "guide"  # "mlcareer" when the levels are our reading, not the guide's
    when: str = ""  # ours: shown only when this condition (JSON text, compiled with the rules) holds
    # What the site offers someone without experience: said after `suits` to beginners (and in the
    # site's own listing), not to mid or senior people, for whom it is beside the point.
    for_newcomers: Text | None = None

    def suits_for(self, lang: Lang, *, newcomer: bool = True) -> str:
        if self.for_newcomers is None or not newcomer:
            return self.suits(lang)
        return self.suits(lang) + ("" if lang == "ja" else " ") + self.for_newcomers(lang)


class CaseStep(NamedTuple):
    name: Text
    months: int


class CaseFactor(NamedTuple):
    name: Text
    detail: Text


class Case(NamedTuple):
    id: str
    title: Text
    before_role: Text
    before_salary: int
    before_years: int
    after_role: Text
    after_salary: int
    after_extras: Text | None
    salary_increase: int
    search_months: int
    factors: tuple[CaseFactor, ...]
    steps: tuple[CaseStep, ...]
    achievements: tuple[Text, ...]
    portfolio: tuple[Text, ...]
    sites: tuple[str, ...]
    # Ours: whom the story speaks to (its starting backgrounds, close ones, named skills that also
    # make it someone's story) and whether it is shown to nobody else.
    fits_backgrounds: tuple[str, ...]
    fits_related: tuple[str, ...] = ()
    fits_skills: tuple[str, ...] = ()
    exclusive: bool = False
    when: str = ""  # ours: told only when this condition (JSON text, compiled with the rules) holds
    related_because: Text | None = None  # why it speaks to someone who starts from a related background
    fits_fields: tuple[str, ...] = ()  # ours: the fields it leads to (someone heading there)
    fits_levels: tuple[str, ...] = ()  # ours: the levels it is a story for (empty: every level)


class Topic(NamedTuple):
    id: str
    name: Text
    aliases: tuple[str, ...] = ()


class Question(NamedTuple):
    id: str
    topic: str
    specializations: tuple[str, ...]
    question: Text
    key_points: tuple[Text, ...]
    from_guide: bool
    level: str  # beginner / mid / senior: the level of candidate it is typically asked of
    stage: str | None = None  # "opener" or "closing": where a mock interview may use it


class KnowledgeBase(NamedTuple):
    source: Source
    market: Market
    skill_groups: dict[str, SkillGroup]
    skills: dict[str, Skill]
    specializations: dict[str, Specialization]
    levels: dict[str, Level]
    roles: dict[str, Role]
    phases: tuple[Phase, ...]
    sites: dict[str, Site]
    cases: dict[str, Case]
    topics: dict[str, Topic]
    questions: dict[str, Question]
    skill_index: dict[str, str]
    # Every skill's prerequisites, transitively: computed once on load, used by every plan and gap.
    prerequisite_closure: dict[str, frozenset[str]]
    # Every skill's implied skills, transitively (LoRA => PEFT => fine-tuning).
    implied_closure: dict[str, frozenset[str]]
    choice_groups: dict[str, ChoiceGroup]
    choice_of: dict[str, str]  # member skill -> its choice group
    foundations: tuple[str, ...]  # the guide's newcomer must-haves, in its order
    scale_up: frozenset[str]  # tools learnt after the basics they extend

    @property
    def modules(self) -> dict[str, Module]:
        return {m.id: m for phase in self.phases for m in phase.modules}

    def practice(self, phase: Phase, spec_id: str, level_id: str | None, interests: Iterable[str] = ()) -> Project:
        """The practice project of `phase` for this person. In the last phase a level may have its own
        (a senior leads and shares the work rather than builds one more system); else the phase's."""
        level = self.levels.get(level_id) if level_id is not None else None
        last = max(p.number for p in self.phases)
        if level is not None and level.project is not None and phase.number == last:
            return level.project
        return phase.project_for(spec_id, interests)
