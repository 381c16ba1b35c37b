"""Loading and validating the knowledge base (data/*.yaml) and looking things up in it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from mlcareer.domain.lookup import normalize_key
from mlcareer.domain.message import Join, Msg, msg, nmsg
from mlcareer.domain.model import (
    Case,
    CaseFactor,
    CaseStep,
    Cause,
    ChoiceGroup,
    Driver,
    DriverItem,
    EmployerGroup,
    ExperienceMedian,
    FieldProject,
    KnowledgeBase,
    Level,
    LevelStep,
    Market,
    Module,
    ModuleCondition,
    NamedSkills,
    Phase,
    Project,
    Question,
    Role,
    Salary,
    Share,
    Site,
    Skill,
    SkillGroup,
    Source,
    Specialization,
    Text,
    Topic,
)
from mlcareer.domain.quiz import BACKGROUNDS, INTERESTS
from mlcareer.domain.salary import is_entry_level
from mlcareer.domain.suggest import did_you_mean, kind_name
from mlcareer.errors import MlcareerError, Problem, ProblemLine
from mlcareer.loading.checker import Checker, Path_
from mlcareer.loading.datafiles import KNOWLEDGE_FILES, KNOWLEDGE_INPUTS, knowledge_sources
from mlcareer.loading.yamlparse import locate_problems, parse_yaml, read_text

T = TypeVar("T")

SITE_KINDS = ("specialized", "general", "agent", "scout")
SKILL_SOURCES = ("guide", "mlcareer")
SOURCES = SKILL_SOURCES  # where a role or a site's levels come from: the guide, or our own addition
ROLE_TRACKS = ("engineering", "research", "business", "leadership")


# Within one process (the tests, kb validate) the same files are parsed once. Keyed by their
# contents, not their paths: reading is cheap, parsing is what costs, and an edited file must count.
_parsed: dict[tuple[tuple[str, str], ...], KnowledgeBase] = {}


def load_knowledge(data_dir: Path | None = None) -> KnowledgeBase:
    """Read, validate and link every knowledge file of `data_dir` (None: the built-in files).
    Raises MlcareerError listing all problems. No cache on disk and no environment: a script gets
    the same knowledge base wherever it runs (the CLI's start-up cache is `loading.cache`)."""
    wanted = KNOWLEDGE_INPUTS
    files = {name: path for name, path in knowledge_sources(data_dir).items() if name in wanted}
    sources = {name: (str(path), read_text(path)) for name, path in files.items()}
    key = tuple(sources.values())
    if key not in _parsed:
        _parsed[key] = build_knowledge(sources)
    return _parsed[key]


def _quiz_choices(source: tuple[str, str] | None) -> dict[str, Iterable[str]]:
    """The background and interest ids roles.yaml and cases.yaml may name: the choices of those two
    questions in questions.yaml, so a counsellor's new background can be used at once. A quiz file
    that cannot be read gives the built-in ids (the quiz loader reports what is wrong with it)."""
    found: dict[str, Iterable[str]] = {"background": BACKGROUNDS, "interest": INTERESTS}
    try:
        data = parse_yaml(source[1], source[0]) if source else None
    except MlcareerError:
        return found
    questions = data.get("questions") if isinstance(data, dict) else None
    for question in questions if isinstance(questions, list) else ():
        if not isinstance(question, dict):
            continue
        kind = {"background": "background", "interests": "interest"}.get(str(question.get("id")))
        choices = question.get("choices")
        if kind and isinstance(choices, list):
            found[kind] = {c["id"] for c in choices if isinstance(c, dict) and isinstance(c.get("id"), str)}
    return found


def build_knowledge(sources: Mapping[str, tuple[str, str]]) -> KnowledgeBase:
    """`sources` maps a knowledge file name to (display path, YAML text); questions.yaml is optional."""
    problems: list[Problem] = []
    checkers: list[Checker] = []
    parsed: dict[str, tuple[Checker, Any]] = {}
    syntax: list[ProblemLine] = []
    for name in KNOWLEDGE_FILES:
        display, text = sources[name]
        try:
            data = parse_yaml(text, display)
        except MlcareerError as exc:
            syntax.extend(exc.problems)
            continue
        checker = Checker(display)
        checkers.append(checker)
        parsed[name] = (checker, data)
    if syntax:
        raise MlcareerError(_invalid_header(len(syntax)), problems=syntax)

    def top(name: str, required: set[str], optional: set[str] = set()) -> tuple[Checker, dict[str, Any]]:  # noqa: B006
        checker, data = parsed[name]
        mapping = checker.mapping(data, (), required, optional)
        return checker, mapping or {}

    c, meta = top("meta.yaml", {"source"})
    source = _source(c, meta.get("source"), ("source",))
    c, market_map = top(
        "market.yaml",
        {"job_postings", "demand_shares", "employer_types", "salary", "drivers", "outlook"},
        {"demand_causes"},
    )
    market = _market(c, market_map)
    c, skills_map = top("skills.yaml", {"groups", "skills"}, {"foundations", "scale_up", "choices"})
    groups = _unique(c, c.items(skills_map, "groups", (), _named(c)), "groups")
    skills = _unique(c, c.items(skills_map, "skills", (), lambda n, p: _skill(c, n, p)), "skills")
    foundations = c.refs(skills_map, "foundations", (), "skill")
    scale_up = c.refs(skills_map, "scale_up", (), "skill")
    choices = _unique(c, c.items(skills_map, "choices", (), lambda n, p: _choice(c, n, p)), "choices")
    choice_of = _check_choices(c, choices)
    c, specs_map = top("specializations.yaml", {"specializations"})
    specs = _unique(
        c,
        c.items(specs_map, "specializations", (), lambda n, p: _specialization(c, n, p)),
        "specializations",
    )
    c, levels_map = top("levels.yaml", {"levels"})
    levels = _unique(c, c.items(levels_map, "levels", (), lambda n, p: _level(c, n, p)), "levels")
    c, roles_map = top("roles.yaml", {"roles"})
    raw_roles = _unique(c, c.items(roles_map, "roles", (), lambda n, p: _role(c, n, p)), "roles")
    c, roadmap_map = top("roadmap.yaml", {"phases"})
    phases = tuple(c.items(roadmap_map, "phases", (), lambda n, p: _phase(c, n, p)))
    _check_roadmap(c, phases)
    c, sites_map = top("sites.yaml", {"sites"})
    sites = _unique(c, c.items(sites_map, "sites", (), lambda n, p: _site(c, n, p)), "sites")
    c, cases_map = top("cases.yaml", {"cases"})
    cases = _unique(c, c.items(cases_map, "cases", (), lambda n, p: _case(c, n, p)), "cases")
    c, interview_map = top("interview.yaml", {"topics", "questions"})
    topics = _unique(c, c.items(interview_map, "topics", (), lambda n, p: _topic(c, n, p)), "topics")
    questions = _unique(c, c.items(interview_map, "questions", (), lambda n, p: _question(c, n, p)), "questions")

    skills_by_id = {s.id: s for s in skills}
    known: dict[str, Iterable[str]] = {
        "skill": skills_by_id,
        "skill group": {g.id for g in groups},
        "specialization": {s.id for s in specs},
        "level": {lv.id for lv in levels},
        "role": {r.id for r in raw_roles},
        "site": {s.id for s in sites},
        "topic": {t.id for t in topics},
        **_quiz_choices(sources.get("questions.yaml")),
    }
    for checker in checkers:
        for ref in checker.references:
            valid = known[ref.kind]
            if ref.id not in valid:
                checker.problem(
                    ref.path,
                    msg(
                        "unknown {kind} id {id!r}{hint}",
                        kind=kind_name(ref.kind),
                        id=ref.id,
                        hint=did_you_mean(ref.id, valid),
                    ),
                )
    skills_checker = parsed["skills.yaml"][0]
    _check_cycles(skills_checker, skills)
    _check_cycles(skills_checker, skills, "implies")
    if not skills_checker.problems:
        _check_module_phases(parsed["roadmap.yaml"][0], phases, skills_by_id)
    skill_index = _skill_index(skills_checker, skills)
    for checker in checkers:
        problems.extend(checker.problems)
    if problems:
        by_display = {display: text for display, text in sources.values()}
        located = locate_problems(problems, by_display)
        raise MlcareerError(_invalid_header(len(located)), problems=located)

    level_by_id = {lv.id: lv for lv in levels}
    spec_by_id = {s.id: s for s in specs}
    return KnowledgeBase(
        source=source,
        market=market,
        skill_groups={g.id: SkillGroup(g.id, g.name) for g in groups},
        skills=skills_by_id,
        specializations=spec_by_id,
        levels=level_by_id,
        roles={r.id: _with_salary(r, level_by_id, spec_by_id) for r in raw_roles},
        phases=phases,
        sites={s.id: s for s in sites},
        cases={c.id: c for c in cases},
        topics={t.id: t for t in topics},
        questions={q.id: q for q in questions},
        skill_index=skill_index,
        prerequisite_closure=_closure(skills_by_id, "prerequisites"),
        implied_closure=_closure(skills_by_id, "implies"),
        choice_groups={g.id: g for g in choices},
        choice_of=choice_of,
        foundations=foundations,
        scale_up=frozenset(scale_up),
    )


def _invalid_header(count: int) -> Msg:
    return nmsg(
        "The knowledge files have {count} problem:", "The knowledge files have {count} problems:", count, count=count
    )


# -- builders: one per kind of entry ---------------------------------------------------------


def _unique(c: Checker, items: list[T], where: str) -> list[T]:
    """Ids unique within their list, and the lists every command relies on are not empty."""
    if not items and where in NEVER_EMPTY:
        c.problem((where,), msg("expected at least one entry: {choices}", choices=NEVER_EMPTY[where]))
    seen: set[str] = set()
    for index, item in enumerate(items):
        ident = getattr(item, "id", "")
        if ident and ident in seen:
            c.problem((where, index, "id"), msg("duplicate id {ident!r}", ident=ident))
        seen.add(ident)
    return items


NEVER_EMPTY = {
    "skills": "every plan and gap is made of skills",
    "specializations": "assess ranks them",
    "levels": "every assessment places the person in one",
    "cases": "assess shows the most similar story",
}


def _check_roadmap(c: Checker, phases: tuple[Phase, ...]) -> None:
    """Phases numbered 1..N, module ids unique across phases, and each skill taught by one module
    (a plan schedules a skill where it is taught; two places would make that ambiguous)."""
    if not phases:
        c.problem(("phases",), msg("expected at least one phase"))
    numbers = [p.number for p in phases]
    if numbers and numbers != list(range(1, len(phases) + 1)):
        c.problem(
            ("phases",),
            msg(
                "expected phases numbered 1 to {count} in order, got {numbers}", count=len(phases), numbers=str(numbers)
            ),
        )
    module_at: dict[str, str] = {}
    taught_by: dict[str, str] = {}
    for p_index, phase in enumerate(phases):
        for m_index, module in enumerate(phase.modules):
            here = ("phases", p_index, "modules", m_index)
            if module.id in module_at:
                c.problem((*here, "id"), msg("duplicate module id {id!r}", id=module.id))
            module_at[module.id] = module.id
            for skill in module.skills:
                if skill in taught_by and taught_by[skill] != module.id:
                    c.problem(
                        (*here, "skills"),
                        msg("{skill!r} is already taught by module {value!r}", skill=skill, value=taught_by[skill]),
                    )
                taught_by.setdefault(skill, module.id)


def _named(c: Checker) -> Callable[[Any, Path_], NamedSkills | None]:
    def read(node: Any, path: Path_) -> NamedSkills | None:
        m = c.mapping(node, path, {"id", "name"})
        if m is None:
            return None
        return NamedSkills(c.ident(m, "id", path), c.text(m, "name", path), ())

    return read


def _topic(c: Checker, node: Any, path: Path_) -> Topic | None:
    m = c.mapping(node, path, {"id", "name"}, {"aliases"})
    if m is None:
        return None
    return Topic(c.ident(m, "id", path), c.text(m, "name", path), c.strings(m, "aliases", path))


def _source(c: Checker, node: Any, path: Path_) -> Source:
    m = c.mapping(node, path, {"title", "publisher_file", "published", "figures_as_of", "note"}) or {}
    return Source(
        title=c.text(m, "title", path),
        file=c.string(m, "publisher_file", path),
        published=c.date(m, "published", path) or dt.date(1970, 1, 1),
        figures_as_of=str(m.get("figures_as_of", "")),
        note=c.text(m, "note", path),
    )


def _share(c: Checker, ref_kind: str | None) -> Callable[[Any, Path_], Share | None]:
    def read(node: Any, path: Path_) -> Share | None:
        if ref_kind:
            m = c.mapping(node, path, {"specialization", "pct"})
            if m is None:
                return None
            ident = c.ref(m, "specialization", path, ref_kind)
            name = Text(ident, ident)
        else:
            m = c.mapping(node, path, {"id", "name", "pct"})
            if m is None:
                return None
            ident, name = c.ident(m, "id", path), c.text(m, "name", path)
        pct = c.number(m, "pct", path)
        if pct > 100:
            c.problem((*path, "pct"), msg("expected a percentage up to 100, got {pct}", pct=pct))
        return Share(ident, name, pct)

    return read


def _market(c: Checker, m: dict[str, Any]) -> Market:
    jobs_path: Path_ = ("job_postings",)
    jobs = c.mapping(m.get("job_postings"), jobs_path, {"monthly", "yoy_growth_pct"}, {"at_least"}) or {}
    sal_path: Path_ = ("salary",)
    sal = (
        c.mapping(
            m.get("salary"),
            sal_path,
            {"average", "range", "yoy_growth_pct", "medians_by_experience"},
            {"average_note", "range_min_note", "range_max_note", "yoy_growth_note"},
        )
        or {}
    )

    def median(node: Any, path: Path_) -> ExperienceMedian | None:
        mm = c.mapping(node, path, {"id", "years", "min", "max"})
        if mm is None:
            return None
        years = c.months(mm, "years", path, open_max=True)
        low, high = c.number(mm, "min", path, minimum=1), c.number(mm, "max", path, minimum=1)
        return ExperienceMedian(c.ident(mm, "id", path), years[0], years[1], Salary(low, high))

    def driver(node: Any, path: Path_) -> Driver | None:
        dm = c.mapping(node, path, {"id", "name", "summary", "items"})
        if dm is None:
            return None

        def item(node: Any, ipath: Path_) -> DriverItem | None:
            im = c.mapping(node, ipath, {"id", "name", "examples"})
            if im is None:
                return None
            return DriverItem(c.ident(im, "id", ipath), c.text(im, "name", ipath), c.texts(im, "examples", ipath))

        return Driver(
            c.ident(dm, "id", path),
            c.text(dm, "name", path),
            c.text(dm, "summary", path),
            tuple(c.items(dm, "items", path, item)),
        )

    def cause(node: Any, path: Path_) -> Cause | None:
        cm = c.mapping(node, path, {"id", "name"})
        return None if cm is None else Cause(c.ident(cm, "id", path), c.text(cm, "name", path))

    def outlook(node: Any, path: Path_) -> Text | None:
        om = c.mapping(node, path, {"id", "text"})
        return None if om is None else c.text(om, "text", path)

    return Market(
        monthly_postings=c.number(jobs, "monthly", jobs_path, minimum=1),
        postings_at_least=c.flag(jobs, "at_least", jobs_path),
        postings_yoy_pct=c.number(jobs, "yoy_growth_pct", jobs_path),
        demand_shares=tuple(c.items(m, "demand_shares", (), _share(c, "specialization"))),
        employer_types=tuple(c.items(m, "employer_types", (), _share(c, None))),
        average_salary=c.number(sal, "average", sal_path, minimum=1),
        average_note=c.text(sal, "average_note", sal_path),
        salary_range=c.salary(sal, "range", sal_path) or Salary(0, 0),
        range_min_note=c.text(sal, "range_min_note", sal_path),
        range_max_note=c.text(sal, "range_max_note", sal_path),
        salary_yoy_pct=c.number(sal, "yoy_growth_pct", sal_path),
        salary_yoy_note=c.text(sal, "yoy_growth_note", sal_path) if "yoy_growth_note" in sal else None,
        medians=tuple(c.items(sal, "medians_by_experience", sal_path, median)),
        drivers=tuple(c.items(m, "drivers", (), driver)),
        outlook=tuple(c.items(m, "outlook", (), outlook)),
        demand_causes=tuple(c.items(m, "demand_causes", (), cause, required=False)),
    )


def _skill(c: Checker, node: Any, path: Path_) -> Skill | None:
    m = c.mapping(
        node, path, {"id", "name", "group", "hours"}, {"aliases", "prerequisites", "implies", "source", "theory"}
    )
    if m is None:
        return None
    source = m.get("source", "guide")
    if source not in SKILL_SOURCES:
        c.problem(
            (*path, "source"),
            msg("expected one of {choices}, got {source}", choices=", ".join(SKILL_SOURCES), source=repr(source)),
        )
    prerequisites = c.refs(m, "prerequisites", path, "skill")
    theory = c.refs(m, "theory", path, "skill")
    for extra in sorted(set(theory) - set(prerequisites)):
        c.problem((*path, "theory"), msg("{skill} is not one of this skill's prerequisites", skill=extra))
    return Skill(
        id=c.ident(m, "id", path),
        name=c.text(m, "name", path),
        aliases=c.strings(m, "aliases", path),
        group=c.ref(m, "group", path, "skill group"),
        hours=c.number(m, "hours", path, minimum=1),
        prerequisites=prerequisites,
        implies=c.refs(m, "implies", path, "skill"),
        source=source if source in SKILL_SOURCES else "guide",
        theory=tuple(t for t in theory if t in prerequisites),
    )


def _choice(c: Checker, node: Any, path: Path_) -> ChoiceGroup | None:
    m = c.mapping(node, path, {"id", "name", "members"})
    if m is None:
        return None
    members = c.refs(m, "members", path, "skill", required=True)
    if len(members) < 2:
        c.problem((*path, "members"), msg("expected at least two alternatives"))
    return ChoiceGroup(id=c.ident(m, "id", path), name=c.text(m, "name", path), members=members)


def _check_choices(c: Checker, choices: list[ChoiceGroup]) -> dict[str, str]:
    """A skill belongs to one choice group at most: otherwise "holding one satisfies the group" is ambiguous."""
    choice_of: dict[str, str] = {}
    for index, group in enumerate(choices):
        for member in group.members:
            other = choice_of.setdefault(member, group.id)
            if other != group.id:
                c.problem(
                    ("choices", index, "members"),
                    msg("skill {member!r} is already in choice group {other!r}", member=member, other=other),
                )
    return choice_of


def _skill_list(c: Checker, field_group: bool = False) -> Callable[[Any, Path_], NamedSkills | None]:
    """`field_group`: a specialization's skill group, which may say whose interests learn it first."""

    def read(node: Any, path: Path_) -> NamedSkills | None:
        interest_marks = ["first_for", "left_out_for", "kept_for", "source"] if field_group else []
        optional = {"skills", "description", "items", *interest_marks}
        m = c.mapping(node, path, {"id", "name"}, optional)
        if m is None:
            return None
        return NamedSkills(
            id=c.ident(m, "id", path),
            name=c.text(m, "name", path),
            skills=c.refs(m, "skills", path, "skill"),
            description=c.text(m, "description", path) if "description" in m else None,
            items=c.texts(m, "items", path),
            first_for=c.refs(m, "first_for", path, "interest"),
            left_out_for=c.refs(m, "left_out_for", path, "interest"),
            kept_for=c.refs(m, "kept_for", path, "interest"),
            source=_one_of(c, m, "source", path, SOURCES) if field_group else "guide",
        )

    return read


def _employers(c: Checker, node: Any, path: Path_) -> EmployerGroup | None:
    m = c.mapping(node, path, {"id", "name"}, {"examples", "reason"})
    if m is None:
        return None
    return EmployerGroup(
        id=c.ident(m, "id", path),
        name=c.text(m, "name", path),
        examples=c.names(m, "examples", path),
        reason=c.text(m, "reason", path) if "reason" in m else None,
    )


def _specialization(c: Checker, node: Any, path: Path_) -> Specialization | None:
    m = c.mapping(
        node,
        path,
        {"id", "name", "summary", "salary", "role", "skill_groups", "trends", "employers"},
        {"aliases"},
    )
    if m is None:
        return None
    skill_groups = tuple(c.items(m, "skill_groups", path, _skill_list(c, field_group=True)))
    return Specialization(
        id=c.ident(m, "id", path),
        name=c.text(m, "name", path),
        summary=c.text(m, "summary", path),
        salary=c.salary(m, "salary", path) or Salary(0, 0),
        role=c.ref(m, "role", path, "role"),
        skill_groups=skill_groups,
        trends=tuple(c.items(m, "trends", path, _skill_list(c))),
        employers=tuple(c.items(m, "employers", path, lambda n, p: _employers(c, n, p))),
        skills=tuple(dict.fromkeys(s for group in skill_groups for s in group.skills)),
        aliases=c.strings(m, "aliases", path),
    )


def _level(c: Checker, node: Any, path: Path_) -> Level | None:
    m = c.mapping(
        node,
        path,
        {"id", "name", "years", "salary", "summary", "preparation", "roles", "roles_title"},
        {"roadmap", "employers", "aliases", "assumes", "project"},
    )
    if m is None:
        return None

    def step(node: Any, spath: Path_) -> LevelStep | None:
        sm = c.mapping(node, spath, {"id", "name", "months"}, {"skills"})
        if sm is None:
            return None
        return LevelStep(
            c.ident(sm, "id", spath),
            c.text(sm, "name", spath),
            c.months(sm, "months", spath),
            c.refs(sm, "skills", spath, "skill"),
        )

    years = c.months(m, "years", path, open_max=True)
    return Level(
        id=c.ident(m, "id", path),
        name=c.text(m, "name", path),
        years_min=years[0],
        years_max=years[1],
        salary=c.salary(m, "salary", path) or Salary(0, 0),
        summary=c.text(m, "summary", path),
        preparation=tuple(c.items(m, "preparation", path, _skill_list(c))),
        roadmap=tuple(c.items(m, "roadmap", path, step, required=False)),
        employers=tuple(c.items(m, "employers", path, lambda n, p: _employers(c, n, p), required=False)),
        roles=c.refs(m, "roles", path, "role"),
        roles_title=c.text(m, "roles_title", path),
        aliases=c.strings(m, "aliases", path),
        assumes=c.refs(m, "assumes", path, "skill"),
        project=_project(c, m["project"], (*path, "project")) if "project" in m else None,
    )


def _role(c: Checker, node: Any, path: Path_) -> Role | None:
    m = c.mapping(
        node,
        path,
        {"id", "name", "levels", "specializations", "description", "skills"},
        {"salary", "source", "levels_source", "track", "backgrounds", "interests", "when", "after_hired"},
    )
    if m is None:
        return None
    levels = c.refs(m, "levels", path, "level")
    if not levels and "levels" in m:
        c.problem((*path, "levels"), msg("expected at least one level id"))
    skills = c.refs(m, "skills", path, "skill")
    after_hired = c.refs(m, "after_hired", path, "skill")
    for skill in after_hired:
        if skill not in skills:
            c.problem((*path, "after_hired"), msg("{skill} is not one of this role's skills", skill=skill))
    return Role(
        id=c.ident(m, "id", path),
        name=c.text(m, "name", path),
        levels=levels,
        specializations=c.refs(m, "specializations", path, "specialization"),
        salary=c.salary(m, "salary", path) or Salary(0, 0, derived=True),
        description=c.text(m, "description", path),
        skills=skills,
        source=_one_of(c, m, "source", path, SOURCES),
        levels_source=_one_of(c, m, "levels_source", path, SOURCES),
        track=_one_of(c, m, "track", path, ROLE_TRACKS),
        backgrounds=c.refs(m, "backgrounds", path, "background"),
        interests=c.refs(m, "interests", path, "interest"),
        when=_condition_source(m),
        after_hired=after_hired,
    )


def _condition_source(m: dict[str, Any]) -> str:
    """A `when` condition, kept as JSON text: the rules compile it, once the quiz it may ask about is read."""
    return json.dumps(m["when"], ensure_ascii=False, default=str) if "when" in m else ""


def _one_of(c: Checker, m: dict[str, Any], key: str, path: Path_, allowed: tuple[str, ...]) -> str:
    """An optional keyword from a fixed list; the first of the list when absent."""
    if key not in m:
        return allowed[0]
    value = c.string(m, key, path)
    if not value:  # not a string: already reported
        return allowed[0]
    if value not in allowed:
        c.problem(
            (*path, key),
            msg("expected one of {choices}{hint}", choices=", ".join(allowed), hint=did_you_mean(value, allowed)),
        )
        return allowed[0]
    return value


def _with_salary(role: Role, levels: Mapping[str, Level], specs: Mapping[str, Specialization]) -> Role:
    """A role the guide gives no range for: its levels' range, narrowed to its specializations'."""
    if not role.salary.derived:
        return role
    level_ranges = [levels[lv].salary for lv in role.levels]
    low = min(s.min for s in level_ranges)
    high = max(s.max for s in level_ranges)
    open_ended = any(s.open_ended for s in level_ranges)
    level_names = Join(tuple(levels[lv].name for lv in role.levels), "alternatives")
    basis = msg("Not in the guide; derived from the salary range of its level ({levels})", levels=level_names)
    # A newcomers' role keeps the newcomers' band whatever its field, as a newcomer's estimate does
    # (domain/salary.level_estimate): a field's range is what people earn with experience.
    if all(is_entry_level(levels[lv]) for lv in role.levels):
        basis = msg(
            "Not in the guide; the salary range of its level ({levels}), in any field: a field's range is what "
            "people earn once they have experience",
            levels=level_names,
        )
    elif role.specializations:
        spec_low = min(specs[s].salary.min for s in role.specializations)
        spec_high = max(specs[s].salary.max for s in role.specializations)
        if max(low, spec_low) <= min(high, spec_high):
            low, high = max(low, spec_low), min(high, spec_high)
            open_ended = open_ended and high == max(s.max for s in level_ranges)
            basis = msg(
                "Not in the guide; derived from the salary range of its level ({levels}) overlapped with "
                "its specialization's ({specializations})",
                levels=level_names,
                specializations=Join(tuple(specs[s].name for s in role.specializations), "alternatives"),
            )
    return role._replace(salary=Salary(low, high, open_ended=open_ended, derived=True, basis=basis))


def _condition(c: Checker, parent: dict[str, Any], path: Path_) -> ModuleCondition | None:
    wpath = (*path, "when")
    wm = c.mapping(parent.get("when"), wpath, set(), {"interests", "industries", "fields"})
    if wm is None:
        return None
    condition = ModuleCondition(
        interests=c.strings(wm, "interests", wpath),
        industries=c.strings(wm, "industries", wpath),
        fields=c.refs(wm, "fields", wpath, "specialization"),
    )
    if not (condition.interests or condition.industries or condition.fields):
        c.problem(wpath, msg("expected at least one of interests, industries, fields"))
    return condition


def _project(
    c: Checker, node: Any, path: Path_, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()
) -> Project:
    m = c.mapping(node, path, {"id", "name", "description", *required}, set(optional)) or {}
    return Project(c.ident(m, "id", path), c.text(m, "name", path), c.text(m, "description", path))


def _phase(c: Checker, node: Any, path: Path_) -> Phase | None:
    m = c.mapping(
        node, path, {"id", "number", "name", "months", "summary", "modules", "project", "milestone"}, {"field_projects"}
    )
    if m is None:
        return None
    number = c.number(m, "number", path, minimum=1)

    def module(node: Any, mpath: Path_) -> Module | None:
        mm = c.mapping(node, mpath, {"id", "name", "hours", "skills"}, {"months", "specializations", "when"})
        if mm is None:
            return None
        skills = c.refs(mm, "skills", mpath, "skill")
        if not skills and "skills" in mm:
            c.problem((*mpath, "skills"), msg("expected at least one skill id"))
        return Module(
            id=c.ident(mm, "id", mpath),
            name=c.text(mm, "name", mpath),
            phase=number,
            hours=c.number(mm, "hours", mpath, minimum=1),
            skills=skills,
            specializations=c.refs(mm, "specializations", mpath, "specialization"),
            months=c.months(mm, "months", mpath) if "months" in mm else None,
            when=_condition(c, mm, mpath) if "when" in mm else None,
        )

    def field_project(node: Any, fpath: Path_) -> FieldProject | None:
        if not isinstance(node, dict):
            _project(c, node, fpath)  # says what is wrong
            return None
        return FieldProject(
            c.ref(node, "specialization", fpath, "specialization"),
            _project(c, node, fpath, ("specialization",), ("interests",)),
            c.refs(node, "interests", fpath, "interest"),
        )

    months = c.months(m, "months", path, open_max=True)
    return Phase(
        id=c.ident(m, "id", path),
        number=number,
        name=c.text(m, "name", path),
        months_min=months[0],
        months_max=months[1],
        summary=c.text(m, "summary", path),
        modules=tuple(c.items(m, "modules", path, module)),
        project=_project(c, m.get("project"), (*path, "project")),
        milestone=c.text(m, "milestone", path),
        field_projects=tuple(c.items(m, "field_projects", path, field_project)),
    )


def _site(c: Checker, node: Any, path: Path_) -> Site | None:
    m = c.mapping(
        node,
        path,
        {"id", "rank", "name", "kind", "strengths", "levels", "specializations", "suits"},
        {
            "ai_ml_jobs",
            "salary",
            "average_salary",
            "min_salary",
            "support",
            "newcomers",
            "levels_source",
            "when",
            "for_newcomers",
        },
    )
    if m is None:
        return None
    kind = c.string(m, "kind", path)
    if kind and kind not in SITE_KINDS:
        c.problem(
            (*path, "kind"),
            msg("expected one of {choices}{hint}", choices=", ".join(SITE_KINDS), hint=did_you_mean(kind, SITE_KINDS)),
        )
    jobs_path = (*path, "ai_ml_jobs")
    jobs = c.mapping(m["ai_ml_jobs"], jobs_path, {"count"}, {"at_least"}) if "ai_ml_jobs" in m else None
    return Site(
        id=c.ident(m, "id", path),
        rank=c.integer(m, "rank", path, minimum=1, nullable=True),
        name=c.text(m, "name", path),
        kind=kind,
        ai_ml_jobs=c.integer(jobs, "count", jobs_path, minimum=1) if jobs else None,
        jobs_at_least=c.flag(jobs, "at_least", jobs_path) if jobs else False,
        salary=c.salary(m, "salary", path),
        average_salary=c.integer(m, "average_salary", path, minimum=1, nullable=True),
        min_salary=c.integer(m, "min_salary", path, minimum=1, nullable=True),
        strengths=c.texts(m, "strengths", path),
        support=c.texts(m, "support", path),
        levels=c.refs(m, "levels", path, "level"),
        specializations=c.refs(m, "specializations", path, "specialization"),
        suits=c.text(m, "suits", path),
        newcomers=c.flag(m, "newcomers", path),
        levels_source=_one_of(c, m, "levels_source", path, SOURCES),
        when=_condition_source(m),
        for_newcomers=c.text(m, "for_newcomers", path) if "for_newcomers" in m else None,
    )


def _case(c: Checker, node: Any, path: Path_) -> Case | None:
    m = c.mapping(
        node,
        path,
        {
            "id",
            "title",
            "before",
            "after",
            "salary_increase",
            "search_months",
            "factors",
            "steps",
            "sites",
            "fits",
        },
        {"achievements", "portfolio", "when"},
    )
    if m is None:
        return None
    before_path, after_path = (*path, "before"), (*path, "after")
    before = c.mapping(m.get("before"), before_path, {"role", "salary", "years"}) or {}
    after = c.mapping(m.get("after"), after_path, {"role", "salary"}, {"extras"}) or {}

    def factor(node: Any, fpath: Path_) -> CaseFactor | None:
        fm = c.mapping(node, fpath, {"name", "detail"})
        return None if fm is None else CaseFactor(c.text(fm, "name", fpath), c.text(fm, "detail", fpath))

    def step(node: Any, spath: Path_) -> CaseStep | None:
        sm = c.mapping(node, spath, {"name", "months"})
        return None if sm is None else CaseStep(c.text(sm, "name", spath), c.number(sm, "months", spath, minimum=1))

    fits_path = (*path, "fits")
    fits = (
        c.mapping(
            m.get("fits"),
            fits_path,
            {"backgrounds"},
            {"related", "skills", "exclusive", "related_because", "fields", "levels"},
        )
        or {}
    )
    return Case(
        id=c.ident(m, "id", path),
        title=c.text(m, "title", path),
        before_role=c.text(before, "role", before_path),
        before_salary=c.number(before, "salary", before_path, minimum=1),
        before_years=c.number(before, "years", before_path),
        after_role=c.text(after, "role", after_path),
        after_salary=c.number(after, "salary", after_path, minimum=1),
        after_extras=c.text(after, "extras", after_path) if "extras" in after else None,
        salary_increase=c.number(m, "salary_increase", path),
        search_months=c.number(m, "search_months", path, minimum=1),
        factors=tuple(c.items(m, "factors", path, factor)),
        steps=tuple(c.items(m, "steps", path, step, required=False)),
        achievements=c.texts(m, "achievements", path),
        portfolio=c.texts(m, "portfolio", path),
        sites=c.refs(m, "sites", path, "site"),
        fits_backgrounds=c.refs(fits, "backgrounds", fits_path, "background"),
        fits_related=c.refs(fits, "related", fits_path, "background"),
        fits_skills=c.refs(fits, "skills", fits_path, "skill"),
        exclusive=c.flag(fits, "exclusive", fits_path),
        when=_condition_source(m),
        related_because=c.text(fits, "related_because", fits_path) if "related_because" in fits else None,
        fits_fields=c.refs(fits, "fields", fits_path, "specialization"),
        fits_levels=c.refs(fits, "levels", fits_path, "level"),
    )


def _question(c: Checker, node: Any, path: Path_) -> Question | None:
    m = c.mapping(
        node, path, {"id", "topic", "level", "question", "key_points"}, {"specializations", "from_guide", "stage"}
    )
    if m is None:
        return None
    points = c.texts(m, "key_points", path)
    if not points and "key_points" in m:
        c.problem((*path, "key_points"), msg("expected at least one key point"))
    return Question(
        id=c.ident(m, "id", path),
        topic=c.ref(m, "topic", path, "topic"),
        specializations=c.refs(m, "specializations", path, "specialization"),
        question=c.text(m, "question", path),
        key_points=points,
        from_guide=c.flag(m, "from_guide", path),
        level=c.ref(m, "level", path, "level"),
        stage=_mock_stage(c, m, path),
    )


STAGES = ("opener", "closing")


def _mock_stage(c: Checker, m: dict[str, Any], path: Path_) -> str | None:
    if "stage" not in m:
        return None
    stage = c.ident(m, "stage", path)
    if stage not in STAGES:
        c.problem(
            (*path, "stage"),
            msg("expected one of {choices}, got {stage}", choices=", ".join(STAGES), stage=repr(stage)),
        )
        return None
    return stage


def _check_cycles(c: Checker, skills: list[Skill], edge: str = "prerequisites") -> None:
    """Study plans order skills by prerequisites, and implied skills are followed transitively: neither
    graph may have a cycle."""
    graph: dict[str, tuple[str, ...]] = {s.id: getattr(s, edge) for s in skills}
    index = {s.id: i for i, s in enumerate(skills)}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset[str]] = set()

    for start in graph:
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = [start]
        state[start] = 1
        while stack:
            node, i = stack[-1]
            prereqs = graph.get(node, ())
            if i < len(prereqs):
                stack[-1] = (node, i + 1)
                nxt = prereqs[i]
                if nxt not in graph:
                    continue
                if state.get(nxt) == 1:
                    cycle = [*path[path.index(nxt) :], nxt]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        c.problem(
                            ("skills", index[node], edge),
                            msg("{edge} form a cycle: {cycle}", edge=edge, cycle=" -> ".join(cycle)),
                        )
                elif not state.get(nxt):
                    state[nxt] = 1
                    stack.append((nxt, 0))
                    path.append(nxt)
            else:
                state[node] = 2
                stack.pop()
                path.pop()


def _check_module_phases(c: Checker, phases: tuple[Phase, ...], skills: Mapping[str, Skill]) -> None:
    """A module must not need a skill that the roadmap only teaches in a later phase."""
    taught_in: dict[str, tuple[int, str]] = {}
    for phase in phases:
        for module in phase.modules:
            for skill in module.skills:
                taught_in.setdefault(skill, (phase.number, module.id))
    for p_index, phase in enumerate(phases):
        for m_index, module in enumerate(phase.modules):
            for skill in module.skills:
                for prereq in skills[skill].prerequisites if skill in skills else ():
                    where = taught_in.get(prereq)
                    if where and where[0] > phase.number:
                        c.problem(
                            ("phases", p_index, "modules", m_index, "skills"),
                            msg(
                                "{skill!r} needs {prereq!r}, which the roadmap teaches only later "
                                "(phase {phase}, module {module!r}); move one of the two",
                                skill=skill,
                                prereq=prereq,
                                phase=where[0],
                                module=where[1],
                            ),
                        )


def _closure(skills: Mapping[str, Skill], edge: str) -> dict[str, frozenset[str]]:
    """Each skill's `edge` targets (prerequisites or implies), transitively. Iterative: a chain of
    a thousand prerequisites is valid knowledge and must not hit Python's recursion limit."""
    closure: dict[str, frozenset[str]] = {}
    for start in skills:
        stack = [start]
        waiting = {start}  # on the stack: never pushed again, so even a cycle cannot loop forever
        while stack:
            skill_id = stack[-1]
            direct: tuple[str, ...] = getattr(skills[skill_id], edge)
            pending = [p for p in direct if p not in closure and p in skills and p not in waiting]
            if pending:
                stack.extend(pending)
                waiting.update(pending)
                continue
            closure[skill_id] = frozenset(direct).union(*(closure.get(p, frozenset()) for p in direct))
            stack.pop()
            waiting.discard(skill_id)
    return closure


def _skill_index(c: Checker, skills: list[Skill]) -> dict[str, str]:
    """Every spelling a user may type, folded, mapped to its skill id. Ambiguity is an error."""
    index: dict[str, str] = {}
    for i, skill in enumerate(skills):
        spellings = {skill.id, skill.name.ja, skill.name.en, *skill.aliases}
        for spelling in spellings:
            key = normalize_key(spelling)
            if not key:
                continue
            other = index.get(key)
            if other is not None and other != skill.id:
                c.problem(
                    ("skills", i),
                    msg("the spelling {spelling!r} also names skill {other!r}", spelling=spelling, other=other),
                )
            else:
                index[key] = skill.id
    return index
