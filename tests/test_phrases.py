"""Messages from the core, said in the reader's language; the one money formatter."""

from __future__ import annotations

import pytest

from mlcareer.domain.message import Join, Money, MoneyRange, msg, nmsg
from mlcareer.domain.model import Salary, Text
from mlcareer.render.phrases import money, money_range, salary_text, say, signed_money


def test_a_text_picks_its_language() -> None:
    name = Text("金融", "finance")
    assert (say(name, "ja"), say(name, "en")) == ("金融", "finance")


def test_a_message_is_looked_up_and_filled_in_each_language() -> None:
    phrase = msg("{amount} or more", amount=Money(700))
    assert say(phrase, "en") == "¥7.0M or more"
    assert say(phrase, "ja") == "700万円以上"


def test_fields_keep_their_format_specs_and_nest() -> None:
    inner = msg("{amount} or more", amount=Money(1200))
    assert say(msg("{share:.0%} of {what}", share=0.456, what=inner), "en") == "46% of ¥12.0M or more"


def test_an_unknown_key_falls_back_to_its_english_text_in_japanese() -> None:
    assert say(msg("not in the catalog {n}", n=3), "ja") == "not in the catalog 3"


def test_plural_forms_follow_the_number() -> None:
    one = nmsg("{years} year counted", "{years} years counted", 1, years=1)
    many = nmsg("{years} year counted", "{years} years counted", 4, years=4)
    assert (say(one, "en"), say(many, "en")) == ("1 year counted", "4 years counted")


def test_lists_join_the_way_each_language_joins_them() -> None:
    names = (Text("数学", "maths"), Text("統計", "statistics"))
    assert say(msg("{names}", names=Join(names)), "ja") == "数学、統計"
    assert say(msg("{names}", names=Join(names, "alternatives")), "ja") == "数学・統計"
    assert say(msg("{names}", names=Join(names)), "en") == "maths, statistics"
    assert say(msg("{n}", n=Join(names, "or")), "en") == "maths / statistics"
    assert say(msg("{n}", n=Join(names, "or")), "ja") == "数学・統計"


def test_sentences_follow_each_other_with_a_space_only_in_english() -> None:
    said = (Text("前です。", "First."), Text("後です。", "Then."))
    assert say(msg("{s}", s=Join(said, "sentences")), "ja") == "前です。後です。"
    assert say(msg("{s}", s=Join(said, "sentences")), "en") == "First. Then."


@pytest.mark.parametrize(
    ("low", "high", "open_ended", "ja", "en"),
    [
        (600, 900, False, "600〜900万円", "¥6.0M–9.0M"),
        (1200, 2000, True, "1,200〜2,000万円以上", "¥12.0M–20.0M+"),
        (700, 700, False, "700万円", "¥7.0M"),
        (500, None, False, "500万円以上", "¥5.0M or more"),
        (None, 800, False, "800万円以下", "up to ¥8.0M"),
    ],
)
def test_money_ranges(low: int | None, high: int | None, open_ended: bool, ja: str, en: str) -> None:
    assert money_range("ja", low, high, open_ended=open_ended) == ja
    assert money_range("en", low, high, open_ended=open_ended) == en
    assert say(msg("{pay}", pay=MoneyRange(low, high, open_ended)), "en") == en


def test_money_signs_and_salary_records() -> None:
    assert (money("ja", 1500), money("en", 1500)) == ("1,500万円", "¥15.0M")
    assert (signed_money("ja", -150), signed_money("en", 150)) == ("−150万円", "+¥1.5M")
    assert say(msg("{d}", d=Money(-150, signed=True)), "en") == "−¥1.5M"
    assert salary_text("ja", Salary(1000, 1500, open_ended=True)) == "1,000〜1,500万円以上"


def test_a_range_with_no_end_is_a_bug_not_a_blank() -> None:
    with pytest.raises(ValueError, match="at least one end"):
        money_range("en", None, None)
