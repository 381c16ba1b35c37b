"""Salary estimates from the guide's ranges, with every step of the derivation spelled out."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from mlcareer.domain.model import ExperienceMedian, KnowledgeBase, Level, Salary, Specialization, Text
from mlcareer.errors import UsageError
from mlcareer.i18n import _


@dataclass(frozen=True, slots=True)
class SalaryEstimate:
    specialization: Specialization
    level: Level
    years: int
    estimate: Salary
    median: ExperienceMedian | None
    steps: tuple[Text, ...]


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
    if years < 0 or years > 60:
        raise UsageError(
            _("--years must be a whole number from 0 to 60."),
        )
    spec = kb.specializations[specialization_id]
    level = level_for_years(kb, years)
    estimate, met = overlap(spec.salary, level.salary)
    s, lv = spec.salary, level.salary
    steps = [
        Text(
            f"{spec.name.ja}の年収相場: {s.min:,}〜{s.max:,}万円",
            f"{spec.name.en} salary range: ¥{s.min / 100:.1f}M–{s.max / 100:.1f}M",
        ),
        Text(
            f"経験{years}年 → {level.name.ja}（{lv.min:,}〜{lv.max:,}万円{'以上' if lv.open_ended else ''}）",
            f"{years} year{'s' if years != 1 else ''} of experience → {level.name.en} "
            f"(¥{lv.min / 100:.1f}M–{lv.max / 100:.1f}M"
            f"{' or more' if lv.open_ended else ''})",
        ),
        Text("推定は2つのレンジの重なり", "The estimate is where the two ranges overlap")
        if met
        else (
            Text(
                "2つのレンジが重なりません。この分野の求人はこのレベルの上限より上から始まるため、レベルの上限を推定としました",
                "The ranges do not meet: this field's jobs start above this level's band, so the estimate is the "
                "top of the band",
            )
            if spec.salary.min > level.salary.max
            else Text(
                "2つのレンジが重なりません。このレベルの相場がこの分野の上限を超えるため、分野の上限を推定としました",
                "The ranges do not meet: this level usually earns more than this field pays, so the estimate is "
                "the top of the field's range",
            )
        ),
    ]
    median = median_for_years(kb, years)
    if median is not None:
        m = median.salary
        lo, hi = median.years_min, median.years_max
        span_ja = f"{lo}〜{hi}年" if hi is not None else f"{lo}年以上"
        span_en = f"{lo}–{hi}" if hi is not None else f"{lo}+"
        steps.append(
            Text(
                f"参考: 経験{span_ja}の市場中央値は{m.min:,}〜{m.max:,}万円",
                f"For reference: the market median for {span_en} years is ¥{m.min / 100:.1f}M–{m.max / 100:.1f}M",
            )
        )
    return SalaryEstimate(spec, level, years, estimate, median, tuple(steps))


def pay_at_stage(kb: KnowledgeBase, years: int, estimate: Salary) -> tuple[Salary, Text]:
    median = median_for_years(kb, years) if years >= 1 else None
    return _pay_at_stage(median, estimate)


@lru_cache(maxsize=256)
def _pay_at_stage(median: ExperienceMedian | None, estimate: Salary) -> tuple[Salary, Text]:
    """What AI/ML work pays at the person's counted years, as a labelled reference: the market median for
    those years, never above the estimate for their own level (the median band for 1–3 years reaches
    900万円, the beginner band stops at 700). With no counted years it is the entry pay of the field."""
    if median is not None:
        cap = estimate.max
        low, high = min(median.salary.min, cap), min(median.salary.max, cap)
        hi = median.years_max
        span_ja = f"{median.years_min}〜{hi}年" if hi is not None else f"{median.years_min}年以上"
        span_en = f"{median.years_min}–{hi}" if hi is not None else f"{median.years_min}+"
        capped = (low, high) != (median.salary.min, median.salary.max)
        return Salary(low, high), Text(
            f"AI・ML職の経験{span_ja}の市場中央値"
            + ("（レベルの見込みの上限まで）" if capped else "")
            + "。あなたの今の年収ではありません",
            f"the market median for {span_en} years of AI/ML work"
            + (", up to the top of the estimate for your level" if capped else "")
            + "; not your current salary",
        )
    return Salary(estimate.min, estimate.max, open_ended=estimate.open_ended), Text(
        "AI・MLの実務経験なしで就く場合の水準。あなたの今の年収ではありません",
        "what AI/ML jobs pay someone with no hands-on ML experience; not your current salary",
    )


def salary_change(estimate: Salary, current: int) -> tuple[int, int]:
    """From the person's current pay to the estimate for their level: (lowest, highest) change."""
    return estimate.min - current, estimate.max - current


def target_above_range(kb: KnowledgeBase, target: int | None, specialization_id: str) -> tuple[str, Text] | None:
    """The `target_above_range` warning: a target above the ceiling of the best field in the guide."""
    if target is None:
        return None
    spec = kb.specializations[specialization_id]
    if target <= spec.salary.max:
        return None
    top = kb.market.salary_range.max
    beyond = (
        Text(
            f"市場全体の上限（{top:,}万円）は研究者・アーキテクト級の水準です。",
            f"The top of the whole market (¥{top / 100:.1f}M) is for researcher- and architect-level people.",
        )
        if target <= top
        else Text(
            f"ガイドにある市場全体の上限（{top:,}万円）も超えています。",
            f"It is above the top of the whole market in the guide too (¥{top / 100:.1f}M).",
        )
    )
    return "target_above_range", Text(
        f"希望年収{target:,}万円は、ガイドにある{spec.name.ja}の年収相場の上限（{spec.salary.max:,}万円）を"
        f"超えています。{beyond.ja}",
        f"Your target of ¥{target / 100:.1f}M is above the top of the guide's range for {spec.name.en} "
        f"(¥{spec.salary.max / 100:.1f}M). {beyond.en}",
    )
