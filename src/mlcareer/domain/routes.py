"""Routes for one person: the job titles that fit them, the guide's story closest to where they start,
and the job sites that suit their level. Pure: knowledge and answers in, ranked ids and reasons out.

Every score is a sum of named parts, each with the sentence shown to the person, so a counsellor can
check why a title, a story or a site came first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from mlcareer.domain.answers import Answers
from mlcareer.domain.message import Join, Money, Msg, Phrase, msg, nmsg
from mlcareer.domain.model import Case, KnowledgeBase, Role, Salary, Site, Text
from mlcareer.domain.salary import level_for_years

ROLES_SHOWN = 3
MAX_YEARS = 60  # years of work the quiz could ever allow
SITES_SHOWN = 3

# The parts of a title's score (points).
LEVEL_FIT = 30  # the guide places the title at the person's level, and at that level only
LEVEL_SHARED = 22  # ... at the person's level among others (a mid and senior title for a senior)
# The person is one level past the title: well within reach, but a senior's first route is a title at
# their own level (a counsellor's review: a 12-year data scientist was first shown the beginner/mid title).
# Small enough that field, background, interest and every key skill (80 points) do not lift a title the
# person has outgrown over a title of the same field at their level (22).
LEVEL_ABOVE = 5
LEVEL_STRETCH = 10  # the title is one level up: the next goal
TOP_FIELD = 20  # the title belongs to the person's best field
SECOND_FIELD = 8  # ... to their second field
OTHER_FIELD = -15  # ... to a field their answers do not point to
# The guide's senior titles (CAIO, principal scientist, architect, CTO…) are tied to no one field: they
# lead across fields, so for a senior they count as in the best field. Without it a senior's "LLM
# engineer" outranked them. Below that level a field's own title is the concrete route, and a senior
# title stays a next goal.
ANY_FIELD = TOP_FIELD
BACKGROUND = 20  # their background carries over (ours: roles.yaml backgrounds)
INTEREST = 15  # it is the kind of work they said draws them
SKILLS = 25  # times the share of the title's key skills they hold


EMPTY_TEXTS: Mapping[str, Phrase] = MappingProxyType({})


# NamedTuples rather than frozen dataclasses: a batch builds a dozen of these per person.
class RouteReason(NamedTuple):
    rule: str
    points: int
    text: Phrase  # a rule's `because` (rules.yaml) or a message built here


EMPTY_BOOSTS: Mapping[str, tuple[RouteReason, ...]] = MappingProxyType({})


class RoleFit(NamedTuple):
    id: str
    score: int
    reasons: tuple[RouteReason, ...]


class _Title(NamedTuple):
    """A role with the sets ranking tests against, built once per knowledge base."""

    role: Role
    skills: frozenset[str]
    levels: frozenset[int]
    low: int
    high: int
    backgrounds: frozenset[str]
    interests: frozenset[str]
    level_points: tuple[int | None, ...]  # by the person's level (0, 1, 2): the points, or None if out of reach
    research: bool
    business: bool
    any_field: bool  # a senior title tied to no one field (ANY_FIELD, for a senior)


class _Index(NamedTuple):
    kb: KnowledgeBase  # kept so the id the cache is keyed on cannot be reused while it is cached
    order: dict[str, int]  # level id -> 0, 1, 2 by years
    levels: tuple[str, ...]  # level ids by years
    by_years: tuple[str, ...]  # the level for 0, 1, 2, ... MAX_YEARS years of work
    titles: tuple[_Title, ...]
    explained: dict[tuple[object, ...], tuple[RouteReason, ...]]  # memo: the reasons are the same for many


_INDEXES: dict[int, _Index] = {}


def _index(kb: KnowledgeBase) -> _Index:
    found = _INDEXES.get(id(kb))
    if found is not None and found.kb is kb:
        return found
    order = {lv.id: i for i, lv in enumerate(sorted(kb.levels.values(), key=lambda lv: lv.years_min))}
    titles = []
    for role in kb.roles.values():
        spans = frozenset(order[lv] for lv in role.levels)
        low, high = min(spans), max(spans)
        points = tuple(_level_points(spans, low, high, person) for person in range(len(order)))
        any_field = not role.specializations and high == len(order) - 1
        titles.append(
            _Title(
                role,
                frozenset(role.skills),
                spans,
                low,
                high,
                frozenset(role.backgrounds),
                frozenset(role.interests),
                points,
                role.track == "research",
                role.track == "business",
                any_field,
            )
        )
    levels = tuple(sorted(order, key=order.__getitem__))
    by_years = tuple(level_for_years(kb, years).id for years in range(MAX_YEARS + 1))
    made = _Index(kb, order, levels, by_years, tuple(titles), {})
    _INDEXES[id(kb)] = made
    return made


def research_minded(answers: Answers, held: frozenset[str]) -> bool:
    """A researcher by background, interest or record: research titles and papers are for them."""
    return answers.background == "researcher" or "research" in answers.interests or "research_publication" in held


def rank_roles(
    kb: KnowledgeBase,
    answers: Answers,
    held: frozenset[str],
    level_id: str,
    fields: tuple[str, ...],
    boosts: Mapping[str, tuple[RouteReason, ...]] = EMPTY_BOOSTS,
    closed: frozenset[str] = frozenset(),
) -> tuple[RoleFit, ...]:
    """The titles that fit best, highest first (ties: file order). `fields`: specialization ids, best first.

    `boosts`: points the rules that fired give some titles (rules.yaml `then: {roles: …}`), with why;
    `closed`: titles whose own `when` (roles.yaml) the person does not meet."""
    index = _index(kb)
    research = research_minded(answers, held)
    background = answers.background
    interests = frozenset(answers.interests)
    person = index.order[level_id]
    # Years of work count for business titles, but at most one level beyond the person's AI/ML level:
    # a salesperson new to ML is not yet a senior consultant.
    years = min(answers.years_experience, len(index.by_years) - 1)
    career = min(index.order[index.by_years[years]], person + 1)
    top = fields[0] if fields else ""
    second = fields[1] if len(fields) > 1 else ""
    scored: list[tuple[int, int, int, bool]] = []  # (-score, position, judged level, in the best field)
    for position, title in enumerate(index.titles):
        if title.research and not research:
            continue  # a research title for someone with no research background, interest or record
        if closed and title.role.id in closed:
            continue
        # Business titles (product, consulting) build on the years of a background that carries over.
        fits_background = background in title.backgrounds
        judged = career if title.business and fits_background else person
        score = title.level_points[judged]
        if score is None:
            continue
        specs = title.role.specializations
        best_field = False
        if specs:
            best_field = top in specs
            score += TOP_FIELD if best_field else SECOND_FIELD if second in specs else OTHER_FIELD
        elif title.any_field and judged in title.levels:
            best_field = True
            score += ANY_FIELD
        if fits_background:
            score += BACKGROUND
        if not interests.isdisjoint(title.interests):
            score += INTEREST
        if title.skills:
            score += round(SKILLS * len(title.skills & held) / len(title.skills))
        if boosts:
            score += sum(reason.points for reason in boosts.get(title.role.id, ()))
        scored.append((-score, position, judged, best_field))
    scored.sort()
    shown = scored[:ROLES_SHOWN]
    if len(shown) == ROLES_SHOWN and not any(entry[3] for entry in shown):
        # The field we call the person's best has its title among their routes whenever one is in reach
        # (a lower score than the others, so the order holds): otherwise the routes contradict the fit.
        best = next((entry for entry in scored[ROLES_SHOWN:] if entry[3]), None)
        if best is not None:
            shown[-1] = best
    fits = []
    for negative, position, judged, _ in shown:
        title = index.titles[position]
        reasons = _role_reasons(kb, title, answers, held, index.levels[judged], fields)
        if boosts and title.role.id in boosts:
            reasons = (reasons[0], *boosts[title.role.id], *reasons[1:])  # the counsellor's reason, seen first
        fits.append(RoleFit(title.role.id, -negative, reasons))
    return tuple(fits)


def _level_points(spans: frozenset[int], low: int, high: int, person: int) -> int | None:
    fit = _level_fit_of(spans, low, high, person)
    return None if fit is None else fit[1]


def _level_fit_of(spans: frozenset[int], low: int, high: int, person: int) -> tuple[str, int] | None:
    if person in spans:
        return "level", LEVEL_FIT if len(spans) == 1 else LEVEL_SHARED
    if person == low - 1:
        return "level_stretch", LEVEL_STRETCH
    if person == high + 1 and high > 0:  # past the title, but never back to an entry-only title
        return "level_above", LEVEL_ABOVE
    return None


def _level_fit(title: _Title, person: int) -> tuple[str, int] | None:
    return _level_fit_of(title.levels, title.low, title.high, person)


def _field_points(role: Role, fields: tuple[str, ...]) -> int:
    if not role.specializations:
        return 0
    if fields and fields[0] in role.specializations:
        return TOP_FIELD
    if len(fields) > 1 and fields[1] in role.specializations:
        return SECOND_FIELD
    return OTHER_FIELD


FIELD_TEXTS = {
    TOP_FIELD: msg("In your best-fitting field"),
    SECOND_FIELD: msg("In your second field"),
    OTHER_FIELD: msg("In a field your answers do not point to"),
}
ANY_FIELD_TEXT = msg("A senior title open to every field, your best one included")
BACKGROUND_TEXT = msg("Your current work carries over")
STUDIES_TEXT = msg("What you have studied carries over")  # a student has no current work to speak of
INTEREST_TEXT = msg("Close to the work that draws you")


def _role_reasons(
    kb: KnowledgeBase,
    title: _Title,
    answers: Answers,
    held: frozenset[str],
    judged: str,
    fields: tuple[str, ...],
) -> tuple[RouteReason, ...]:
    role = title.role
    index = _index(kb)
    by_career_key = role.track == "business" and answers.background in title.backgrounds
    key = (
        role.id,
        judged,
        answers.years_experience if by_career_key else None,
        _field_points(role, fields),
        answers.background in title.backgrounds,
        answers.background == "student",
        not title.interests.isdisjoint(answers.interests),
        len(title.skills & held),
    )
    found = index.explained.get(key)
    if found is not None:
        return found
    fit = _level_fit(title, index.order[judged])
    assert fit is not None  # only fitting titles are explained
    rule, points = fit
    by_career = rule == "level" and role.track == "business" and answers.background in title.backgrounds
    names = tuple(kb.levels[lv].name for lv in role.levels)
    years = answers.years_experience if by_career else None
    reasons = [RouteReason(rule, points, _level_text(rule, kb.levels[judged].name, names, years, _ours(role)))]
    field_points = _field_points(role, fields)
    if title.any_field and index.order[judged] in title.levels:
        reasons.append(RouteReason("any_field", ANY_FIELD, ANY_FIELD_TEXT))
    elif field_points:
        reasons.append(RouteReason("field", field_points, FIELD_TEXTS[field_points]))
    if answers.background in title.backgrounds:
        said = STUDIES_TEXT if answers.background == "student" else BACKGROUND_TEXT
        reasons.append(RouteReason("background", BACKGROUND, said))
    if not title.interests.isdisjoint(answers.interests):
        reasons.append(RouteReason("interest", INTEREST, INTEREST_TEXT))
    if title.skills:
        have = len(title.skills & held)
        reasons.append(
            RouteReason("skills", round(SKILLS * have / len(title.skills)), _skills_text(len(title.skills), have))
        )
    made = index.explained[key] = tuple(reasons)
    return made


def _ours(role: Role) -> bool:
    """A title the guide does not name, or whose levels are our reading: the level is then ours to say."""
    return role.source != "guide" or role.levels_source != "guide"


@lru_cache(maxsize=512)
def _level_text(rule: str, level: Text, role_levels: tuple[Text, ...], years: int | None, ours: bool) -> Msg:
    if years is not None:
        return nmsg(
            "A {level} title; your {years} year of work counts (our reading)",
            "A {level} title; your {years} years of work count (our reading)",
            years,
            level=level,
            years=years,
        )
    if rule == "level" and ours:  # a title the guide does not name: say whose reading the level is
        return msg("A {level} title (our reading)", level=level)
    if rule == "level":
        return msg("The guide's title for {level}", level=level)
    if rule == "level_stretch":
        # Japanese quotes each name: a level's own name can hold a ・ (未経験・初級者).
        quoted = Join(tuple(msg("{level}", level=name) for name in role_levels), "alternatives")
        return msg("One level up ({levels}): a next goal", levels=quoted)
    return msg("A {levels} title, well within reach", levels=Join(role_levels, "alternatives"))


@lru_cache(maxsize=256)
def _skills_text(total: int, have: int) -> Msg:
    if have == 0:
        return msg("You hold none of its {total} key skills yet", total=total)
    return msg("You hold {have} of its {total} key skills", have=have, total=total)


# -- the closest success story ----------------------------------------------------------------------


def similar_cases(
    kb: KnowledgeBase,
    answers: Answers,
    named: frozenset[str],
    field: str,
    level_id: str,
    preferred: Mapping[str, Phrase] = EMPTY_TEXTS,
    closed: frozenset[str] = frozenset(),
) -> tuple[tuple[str, ...], tuple[Phrase, ...]]:
    """The guide's stories that speak to this person, closest first, and why the first was chosen.

    Only stories told for the person's level count (a story of starting with no experience is not one
    for someone past it). Among them, one that leads to the person's best field comes first, then one
    that starts where they do (or named a skill it rests on), then one that starts close to it, then
    the closest in years and pay; an exclusive story speaks only to those who start where it did. When
    none speaks to them, a beginner is shown the closest non-exclusive story, and told so; anyone
    further on is shown none, and told why, rather than a story of a start they are past.
    """
    stories: Iterable[Case] = kb.cases.values()
    if closed:  # a story's own `when`; it never leaves the person with no story at all
        stories = [case for case in stories if case.id not in closed] or stories
    matched: list[tuple[tuple[bool, int, float], str]] = []
    fallback: list[tuple[float, str]] = []
    for case in stories:
        if not _for_level(case, level_id):
            continue
        start = _start(case, answers.background, named)
        heading = field in case.fits_fields and (start == _SAME or not case.exclusive)
        distance = _story_distance(case, answers)
        if heading or start != _ELSEWHERE:
            matched.append(((not heading, start, distance), case.id))
        elif not case.exclusive:
            fallback.append((distance, case.id))
    chosen = [case_id for _, case_id in sorted(matched)]
    if not chosen and level_id == _index(kb).levels[0]:
        chosen = [case_id for _, case_id in sorted(fallback)]
    wanted = [c for c in kb.cases if c in preferred and c not in closed and _for_level(kb.cases[c], level_id)]
    if wanted:  # stories a rule that fired puts first (rules.yaml `then: {cases: …}`), with its reason
        ids = (*wanted, *(c for c in chosen if c not in wanted))
        first = kb.cases[ids[0]]
        years_line = _story_reasons(
            first.before_role, first.before_years, first.after_role, first.after_salary, "closest",
            answers.years_experience, answers.target_salary, None, False,
        )[1:]  # fmt: skip
        return ids, (preferred[first.id], *years_line)
    if not chosen:
        return (), (
            msg("None of the guide's three stories suits both your stage and where you are heading, so none is shown."),
        )
    first = kb.cases[chosen[0]]
    kind = ("same", "related", "heading")[_start(first, answers.background, named)] if matched else "closest"
    return tuple(chosen), _story_reasons(
        first.before_role, first.before_years, first.after_role, first.after_salary, kind,
        answers.years_experience, answers.target_salary, first.related_because,
        answers.target_salary is not None or answers.current_salary is not None,
    )  # fmt: skip


_SAME, _RELATED, _ELSEWHERE = 0, 1, 2  # how close the person's start is to a story's


def _for_level(case: Case, level_id: str) -> bool:
    return not case.fits_levels or level_id in case.fits_levels


def _start(case: Case, background: str, named: frozenset[str]) -> int:
    if background in case.fits_backgrounds or any(s in named for s in case.fits_skills):
        return _SAME
    return _RELATED if background in case.fits_related else _ELSEWHERE


def _story_distance(case: Case, answers: Answers) -> float:
    distance = abs(case.before_years - answers.years_experience) / 5
    if answers.target_salary is not None:
        distance += abs(case.after_salary - answers.target_salary) / 500
    if answers.current_salary is not None:
        distance += abs(case.before_salary - answers.current_salary) / 500
    return distance


@lru_cache(maxsize=1024)
def _story_reasons(
    before_role: Text,
    before_years: int,
    after_role: Text,
    after_salary: int,
    kind: str,
    years: int,
    goal: int | None,
    related_because: Text | None,
    pay_known: bool,
) -> tuple[Phrase, ...]:
    reasons: list[Phrase] = []
    if kind == "closest" and pay_known:
        reasons.append(
            msg("None of the guide's three stories starts where you do; this one is the closest in years and pay.")
        )
    elif kind == "closest":  # only the years were compared: say no more than that
        reasons.append(msg("None of the guide's three stories starts where you do; this one is the closest in years."))
    elif kind == "related" and related_because is not None:
        reasons.append(msg("It starts elsewhere ({start}), but {because}", start=before_role, because=related_because))
    elif kind == "heading":  # it starts elsewhere but ends where they are going
        reasons.append(
            msg(
                "It starts elsewhere ({start}), but it ends in work close to what you are aiming for ({after}).",
                start=before_role,
                after=after_role,
            )
        )
    elif kind == "same":
        reasons.append(msg("It starts from much the same place as you ({start}).", start=before_role))
    else:
        reasons.append(msg("It starts from work close to yours ({start}).", start=before_role))
    reasons.append(
        msg("They moved after {their_years} years of work (you have {years}).", their_years=before_years, years=years)
    )
    if goal is not None:
        reasons.append(
            msg(
                "Their new salary was {salary} (your target: {target}).",
                salary=Money(after_salary),
                target=Money(goal),
            )
        )
    return tuple(reasons)


# -- job sites ----------------------------------------------------------------------------------------


def job_sites(
    kb: KnowledgeBase,
    answers: Answers,
    level_id: str,
    spec_id: str,
    estimate: Salary,
    shown: Mapping[str, Phrase] = EMPTY_TEXTS,
    closed: frozenset[str] = frozenset(),
) -> tuple[tuple[str, Phrase], ...]:
    """The sites for this person's level, with why. Newcomers first get the sites the guide says take
    people without experience; a high-class site (a minimum salary) only when the person's level, or a
    target or current pay their level can reach, meets that minimum.

    `shown`: sites a rule that fired names (rules.yaml `then: {sites: …}`), with its reason: they come
    first, and a minimum salary does not hold them back, but they still have to suit the level.
    `closed`: sites whose own `when` (sites.yaml) the person does not meet."""
    newcomer = level_id == _index(kb).levels[0]
    level = kb.levels[level_id]
    picked: list[tuple[tuple[bool, bool, bool, bool, int, str], Site, Phrase]] = []
    for site in kb.sites.values():
        if level_id not in site.levels or (closed and site.id in closed):
            continue
        by_rule = shown.get(site.id) if shown else None
        if (
            by_rule is None
            and site.min_salary is not None
            and not _reaches(site.min_salary, level.salary, estimate, answers)
        ):
            continue
        why = by_rule or _site_reason(site.id, site.rank, site.min_salary, site.newcomers and newcomer,
                                      spec_id in site.specializations, kb.specializations[spec_id].name)  # fmt: skip
        key = (
            by_rule is None,
            not (newcomer and site.newcomers),
            spec_id not in site.specializations,
            site.rank is None,
            site.rank or 0,
            site.id,
        )
        picked.append((key, site, why))
    picked.sort(key=lambda item: item[0])
    return tuple((site.id, why) for _, site, why in picked[:SITES_SHOWN])


# Ours (the guide covers job changes only): every site above hires people changing jobs, so a student is
# told of the routes into a first job as well.
STUDENT_SITES_NOTE = msg(
    "These sites are for people changing jobs. As a student, also use new-graduate hiring, long-term "
    "internships and reverse job-matching services, where employers contact you after reading your "
    "profile (ours: the guide does not cover new graduates)."
)


def job_sites_note(answers: Answers) -> Phrase | None:
    """What to add under the job sites for this person, if anything: the routes into a first job for a student."""
    return STUDENT_SITES_NOTE if answers.background == "student" else None


def _reaches(minimum: int, level_band: Salary, estimate: Salary, answers: Answers) -> bool:
    if level_band.min >= minimum:
        return True
    wanted = max(answers.target_salary or 0, answers.current_salary or 0)
    return wanted >= minimum and estimate.max >= minimum


@lru_cache(maxsize=256)
def _site_reason(
    site_id: str, rank: int | None, min_salary: int | None, for_newcomers: bool, strong: bool, field: Text
) -> Msg:
    if for_newcomers:
        return msg("Openings for newcomers (the guide)")
    if min_salary is not None:
        return msg("Only jobs from {minimum} a year: your level or target is in that range", minimum=Money(min_salary))
    if strong and rank is not None:  # the site lists openings in this field (its `specializations`)
        return msg("The guide's #{rank}, with {field} openings", rank=rank, field=field)
    if rank is not None:
        return msg("The guide's #{rank}", rank=rank)
    return msg("Used in one of the guide's stories")
