"""The core's messages in the reader's language, and the one money formatter.

`say(phrase, lang)` turns a `Msg` (catalog key + values) or a `Text` (both languages at hand) into
the sentence to show. Money is written the way each reader counts it: 万円 for Japanese readers,
yen in millions for everyone else.
"""

from __future__ import annotations

from functools import lru_cache

from mlcareer.domain.message import Action, Arg, Join, Money, MoneyRange, Msg, Phrase
from mlcareer.domain.model import Salary, Text
from mlcareer.i18n import Lang, _, ngettext
from mlcareer.render.actions import spelling

_SEPARATORS = {
    "list": {"ja": "、", "en": ", "},
    "alternatives": {"ja": "・", "en": ", "},
    "or": {"ja": "・", "en": " / "},
    "sentences": {"ja": "", "en": " "},
}


def say(phrase: Phrase, lang: Lang) -> str:
    """The sentence `phrase` stands for, in `lang`."""
    if isinstance(phrase, Text):
        return phrase.ja if lang == "ja" else phrase.en
    return _said(phrase, lang)


@lru_cache(maxsize=4096)  # a batch says the same reasons with the same figures again and again
def _said(phrase: Msg, lang: Lang) -> str:
    template = ngettext(phrase.id, phrase.plural, phrase.number, lang) if phrase.plural else _(phrase.id, lang)
    if not phrase.args:
        return template
    return template.format(**{name: _value(value, lang) for name, value in phrase.args})


def _value(value: Arg, lang: Lang) -> object:
    """A field's value ready for `str.format`: numbers stay numbers (so `{share:.0%}` works)."""
    if isinstance(value, Text | Msg):
        return say(value, lang)
    if isinstance(value, Money):
        return signed_money(lang, value.amount) if value.signed else money(lang, value.amount)
    if isinstance(value, MoneyRange):
        return money_range(lang, value.min, value.max, open_ended=value.open_ended)
    if isinstance(value, Action):
        spelled = spelling(value)
        return spelled if isinstance(spelled, str) else say(spelled, lang)
    if isinstance(value, Join):
        return _SEPARATORS[value.kind][lang].join(str(_value(item, lang)) for item in value.items)
    return value


def money(lang: Lang, amount: int) -> str:
    """700万円 / ¥7.0M."""
    return f"{amount:,}万円" if lang == "ja" else f"¥{amount / 100:.1f}M"


def signed_money(lang: Lang, amount: int) -> str:
    """+150万円 / −¥1.5M: a difference, with its sign."""
    sign = "+" if amount >= 0 else "−"
    return sign + money(lang, abs(amount))


def money_range(lang: Lang, low: int | None, high: int | None, *, open_ended: bool = False) -> str:
    """600〜900万円 / ¥6.0M–9.0M; an open top, or a missing end, reads as "or more" / "up to"."""
    if low is not None and high is not None:
        if low == high and not open_ended:  # a range that met in one figure
            return money(lang, low)
        if lang == "ja":
            return f"{low:,}〜{high:,}万円" + ("以上" if open_ended else "")
        return f"¥{low / 100:.1f}M–{high / 100:.1f}M" + ("+" if open_ended else "")
    if low is not None:
        return _("{amount} or more", lang).format(amount=money(lang, low))
    if high is not None:
        return _("up to {amount}", lang).format(amount=money(lang, high))
    raise ValueError("a money range needs at least one end")


def salary_text(lang: Lang, salary: Salary) -> str:
    return money_range(lang, salary.min, salary.max, open_ended=salary.open_ended)
