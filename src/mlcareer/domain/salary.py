"""Salary estimates from the guide's ranges, with every step of the derivation spelled out."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from mlcareer.domain.message import Money, MoneyRange, Msg, Phrase, msg, nmsg
from mlcareer.domain.model import ExperienceMedian, KnowledgeBase, Level, Salary, Specialization

MAX_YEARS = 60  # years of work an estimate is made for


@dataclass(frozen=True, slots=True)
class SalaryEstimate:
    specialization: Specialization
    level: Level
    years: int
    estimate: Salary
    median: ExperienceMedian | None
    steps: tuple[Phrase, ...]


def level_for_years(kb: KnowledgeBase, years: int) -> Level:
    """The first level whose band holds `years` (the guide's bands share 7: 3–7 is mid, 7+ senior)."""
    ordered = sorted(kb.levels.values(), key=lambda lv: lv.years_min)
    for level in ordered:
        if years >= level.years_min and (level.years_max is None or years <= level.years_max):
            return level
    # A gap between bands (2 < years < 3 cannot happen with whole years, but custom data may leave one).
    below = [lv for lv in ordered if lv.years_min <= years]
    return below[-1] if below else ordered[0]


def median_for_years(kb: KnowledgeBase, years: int) -> ExperienceMedian | None:
    for band in kb.market.medians:
        if years >= band.years_min and (band.years_max is None or years <= band.years_max):
            return band
    return None


def overlap(field: Salary, level: Salary) -> tuple[Salary, bool]:
    """Where a field's range and a level's band overlap. When they do not meet, the one figure both
    allow best (and False): the top of the level's band if the field pays more than that level
    earns, or the top of the field's range if the level earns more than the field pays."""
    low, high = max(field.min, level.min), min(field.max, level.max)
    if low <= high:
        return Salary(low, high, open_ended=field.open_ended and level.open_ended and high == field.max), True
    edge = level.max if field.min > level.max else field.max
    return Salary(edge, edge), False


def is_entry_level(level: Level) -> bool:
    """The newcomers' level: the band that starts at no experience."""
    return level.years_min == 0


# How an estimate was found, so its explanation can say so.
ENTRY = "entry"  # the newcomers' band itself: every field's floor is above the guide's figure for newcomers
OVERLAP = "overlap"  # where the field's range and the level's band overlap
BAND_TOP = "band_top"  # the field starts above the level's band: its top
FIELD_TOP = "field_top"  # the level earns more than the field pays: the field's top
FIELD_TOP_MEDIAN = "field_top_median"  # the field tops out at the level's floor: the field's range from the median


def level_estimate(kb: KnowledgeBase, field: Salary, level: Level, years: int) -> tuple[Salary, str]:
    """What jobs in a field offer someone at a level, and how that was found.

    A newcomer gets the newcomers' band, not its overlap with the field: the guide puts newcomers at
    500万円 (the bottom of the whole market) while every field's range starts higher, so a field's range
    is what people earn once they have experience. When a field tops out at or below a level's floor
    (data science and computer vision for seniors), the range runs from the market median for those
    years to the field's top, rather than one figure."""
    if is_entry_level(level):
        return level.salary, ENTRY
    estimate, met = overlap(field, level.salary)
    if field.max <= level.salary.min:
        median = median_for_years(kb, years)
        if median is not None and max(field.min, median.salary.min) < field.max:
            return Salary(max(field.min, median.salary.min), field.max), FIELD_TOP_MEDIAN
    if met:
        return estimate, OVERLAP
    return estimate, BAND_TOP if field.min > level.salary.max else FIELD_TOP


def newcomer_figure(kb: KnowledgeBase) -> int:
    """The guide's figure for newcomers with no experience: the bottom of the whole market's range."""
    return kb.market.salary_range.min


def estimate_salary(kb: KnowledgeBase, specialization_id: str, years: int) -> SalaryEstimate:
    """`years` from 0 to MAX_YEARS (the CLI says so to the person; anything else is a caller's mistake)."""
    if not 0 <= years <= MAX_YEARS:
        raise ValueError(f"years must be from 0 to {MAX_YEARS}, not {years}")
    spec = kb.specializations[specialization_id]
    level = level_for_years(kb, years)
    estimate, how = level_estimate(kb, spec.salary, level, years)
    s, lv = spec.salary, level.salary
    steps: list[Phrase] = [
        msg("{field} salary range: {range}", field=spec.name, range=MoneyRange(s.min, s.max)),
        nmsg(
            "{years} year of experience → {level} ({band})",
            "{years} years of experience → {level} ({band})",
            years,
            years=years,
            level=level.name,
            band=MoneyRange(lv.min, lv.max, lv.open_ended),
        ),
        _derivation_step(how),
    ]
    median = median_for_years(kb, years)
    if median is not None:
        m = median.salary
        steps.append(
            msg(
                "For reference: the market median for {span} is {range}",
                span=_years_span(median),
                range=MoneyRange(m.min, m.max),
            )
        )
    elif how == ENTRY:
        steps.append(
            msg("For reference: the guide's figure for newcomers is {salary}", salary=Money(newcomer_figure(kb)))
        )
    return SalaryEstimate(spec, level, years, estimate, median, tuple(steps))


def _derivation_step(how: str) -> Phrase:
    if how == ENTRY:
        return msg(
            "For newcomers the estimate is this level's band whatever the field: the field's range is what people "
            "earn once they have experience"
        )
    if how == OVERLAP:
        return msg("The estimate is where the two ranges overlap")
    if how == FIELD_TOP_MEDIAN:
        return msg(
            "This field's range reaches no higher than this level's floor, so the estimate runs from the market "
            "median for these years to the top of the field's range"
        )
    if how == BAND_TOP:
        return msg(
            "The ranges do not meet: this field's jobs start above this level's band, so the estimate is the "
            "top of the band"
        )
    return msg(
        "The ranges do not meet: this level usually earns more than this field pays, so the estimate is "
        "the top of the field's range"
    )


def _years_span(median: ExperienceMedian) -> Msg:
    if median.years_max is None:
        return msg("{low}+ years", low=median.years_min)
    return msg("{low}–{high} years", low=median.years_min, high=median.years_max)


def pay_at_stage(kb: KnowledgeBase, years: int, estimate: Salary) -> tuple[Salary, Phrase]:
    median = median_for_years(kb, years) if years >= 1 else None
    return _pay_at_stage(median, estimate, newcomer_figure(kb))


@lru_cache(maxsize=256)
def _pay_at_stage(median: ExperienceMedian | None, estimate: Salary, newcomer: int) -> tuple[Salary, Phrase]:
    """What AI/ML work pays at the person's counted years, as a labelled reference: the market median for
    those years, never above the estimate for their own level (the median band for 1–3 years reaches
    900万円, the beginner band stops at 700). With no counted years it is the guide's figure for
    newcomers, when the estimate holds it."""
    if median is not None:
        cap = estimate.max
        low, high = min(median.salary.min, cap), min(median.salary.max, cap)
        span = _years_span(median)
        if (low, high) != (median.salary.min, median.salary.max):
            return Salary(low, high), msg(
                "the market median for {span} of AI/ML work, up to the top of the estimate for your level; "
                "not your current salary",
                span=span,
            )
        return Salary(low, high), msg("the market median for {span} of AI/ML work; not your current salary", span=span)
    if estimate.min <= newcomer <= estimate.max:
        return Salary(newcomer, newcomer), msg(
            "the guide's figure for starting without experience; not your current salary"
        )
    return Salary(estimate.min, estimate.max, open_ended=estimate.open_ended), msg(
        "what AI/ML jobs pay someone with no hands-on ML experience; not your current salary"
    )


def salary_change(estimate: Salary, current: int) -> tuple[int, int]:
    """From the person's current pay to the estimate for their level: (lowest, highest) change."""
    return estimate.min - current, estimate.max - current


def target_above_range(kb: KnowledgeBase, target: int | None, specialization_id: str) -> tuple[str, Phrase] | None:
    """The `target_above_range` warning: a target above the ceiling of the best field in the guide."""
    if target is None:
        return None
    spec = kb.specializations[specialization_id]
    if target <= spec.salary.max:
        return None
    top = Money(kb.market.salary_range.max)
    beyond = (
        msg("The top of the whole market ({top}) is for researcher- and architect-level people.", top=top)
        if target <= top.amount
        else msg("It is above the top of the whole market in the guide too ({top}).", top=top)
    )
    return "target_above_range", msg(
        "Your target of {target} is above the top of the guide's range for {field} ({top}). {beyond}",
        target=Money(target),
        field=spec.name,
        top=Money(spec.salary.max),
        beyond=beyond,
    )
