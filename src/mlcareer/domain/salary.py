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


def estimate_salary(kb: KnowledgeBase, specialization_id: str, years: int) -> SalaryEstimate:
    """`years` from 0 to MAX_YEARS (the CLI says so to the person; anything else is a caller's mistake)."""
    if not 0 <= years <= MAX_YEARS:
        raise ValueError(f"years must be from 0 to {MAX_YEARS}, not {years}")
    spec = kb.specializations[specialization_id]
    level = level_for_years(kb, years)
    estimate, met = overlap(spec.salary, level.salary)
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
        msg("The estimate is where the two ranges overlap")
        if met
        else (
            msg(
                "The ranges do not meet: this field's jobs start above this level's band, so the estimate is the "
                "top of the band"
            )
            if spec.salary.min > level.salary.max
            else msg(
                "The ranges do not meet: this level usually earns more than this field pays, so the estimate is "
                "the top of the field's range"
            )
        ),
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
    return SalaryEstimate(spec, level, years, estimate, median, tuple(steps))


def _years_span(median: ExperienceMedian) -> Msg:
    if median.years_max is None:
        return msg("{low}+ years", low=median.years_min)
    return msg("{low}–{high} years", low=median.years_min, high=median.years_max)


def pay_at_stage(kb: KnowledgeBase, years: int, estimate: Salary) -> tuple[Salary, Phrase]:
    median = median_for_years(kb, years) if years >= 1 else None
    return _pay_at_stage(median, estimate)


@lru_cache(maxsize=256)
def _pay_at_stage(median: ExperienceMedian | None, estimate: Salary) -> tuple[Salary, Phrase]:
    """What AI/ML work pays at the person's counted years, as a labelled reference: the market median for
    those years, never above the estimate for their own level (the median band for 1–3 years reaches
    900万円, the beginner band stops at 700). With no counted years it is the entry pay of the field."""
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
