"""Japanese line breaking: BudouX phrases, kinsoku, Latin words kept whole, columns sized to fit."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from mlcareer.render.terminal.linebreak import NO_LINE_END, NO_LINE_START, divide_line, install, unbreakable_chunks

install()


def wrapped(text: str, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None, record=True)
    console.print(Text(text))
    return console.export_text().splitlines()


def test_a_word_is_never_split_when_the_line_can_hold_it() -> None:
    text = "金融・保険業界のデータサイエンティストとして、あなたのペースで学びます。"
    for width in range(12, 40):
        lines = wrapped(text, width)
        assert "".join(line.rstrip() for line in lines) == text
        assert all(cell_len(line.rstrip()) <= width for line in lines)
        assert not any(line.endswith("デ") or line.endswith("ペ") for line in lines), lines


@pytest.mark.parametrize("width", [10, 14, 20, 26, 33])
def test_kinsoku(width: int) -> None:
    text = "ChatGPT、GPT-4、Claudeなどの大規模言語モデル（LLM）が広まり、企業は「生成AI」を業務に取り入れています。"
    for line in wrapped(text, width):
        assert line[:1] not in NO_LINE_START, line
        assert line.rstrip()[-1:] not in NO_LINE_END, line


def test_latin_words_numbers_and_ranges_stay_whole() -> None:
    chunks = unbreakable_chunks("今後10〜20年は --data-dir と data_scientist、年収1,200万円")
    joined = "|".join(chunks)
    for whole in ("10〜20年", "--data-dir", "data_scientist", "1,200"):
        assert any(whole in chunk for chunk in chunks), joined


def test_english_lines_use_richs_own_breaking() -> None:
    from rich._wrap import divide_line as rich_divide_line

    text = "Offline career advisor for AI / machine-learning engineers in Japan"
    for width in (8, 20, 33):
        assert divide_line(text, width) == rich_divide_line(text, width)


def test_a_phrase_wider_than_the_line_is_folded_without_a_leading_small_kana() -> None:
    offsets = divide_line("コンピュータビジョンエンジニア", 8)
    pieces = [
        "コンピュータビジョンエンジニア"[a:b]
        for a, b in zip([0, *offsets], [*offsets, len("コンピュータビジョンエンジニア")], strict=True)
    ]
    assert all(cell_len(piece) <= 8 for piece in pieces)
    assert not any(piece[0] in NO_LINE_START for piece in pieces), pieces


def test_table_columns_keep_their_widest_phrase() -> None:
    table = Table("名前", "レベル", "年収")
    table.add_row("ジュニアデータサイエンティスト", "未経験・初級者", "600〜700万円")
    table.add_row("コンピュータビジョンエンジニア", "上級者・エキスパート", "1,400〜2,500万円以上")
    console = Console(width=76, file=io.StringIO(), color_system=None, record=True)
    console.print(table)
    out = console.export_text()
    assert "ジュニアデータサイエンティスト" in out and "コンピュータビジョンエンジニア" in out


japanese = st.text(
    alphabet=st.sampled_from(list("あいうえおかきくけこ、。「」（）ーッャ・データ分析基盤ABC123 _-")), max_size=80
)


@given(text=japanese, width=st.integers(min_value=2, max_value=50))
def test_lines_fit_and_nothing_is_lost(text: str, width: int) -> None:
    offsets = divide_line(text, width)
    assert offsets == sorted(set(offsets)) and all(0 < o < len(text) for o in offsets)
    pieces = [text[a:b] for a, b in zip([0, *offsets], [*offsets, len(text)], strict=True)]
    assert "".join(pieces) == text
    assert all(cell_len(piece.rstrip()) <= width for piece in pieces if piece.strip())


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("除外: Weights & Biases、Neptune（この計画では使いません）", "Weights & Biases"),
        ("注意（過去の開始日）: 終わった分は mlcareer done ID で記録できます", "mlcareer done ID"),
        ("結果をファイルに残すには -o mock.md を付けて実行します", "-o mock.md"),
        ("例: mlcareer salary --specialization mlops --years 4", "--specialization mlops"),
        ("（週8時間、2026-12-01開始）はそのままです", "2026-12-01"),
    ],
)
def test_product_names_commands_and_dates_stay_on_one_line(text: str, whole: str) -> None:
    for width in range(len(whole) + 2, 60):
        lines = [line.rstrip() for line in wrapped(text, width)]
        assert any(whole in line for line in lines), (width, lines)


def test_a_list_separator_ends_a_line_and_never_starts_one() -> None:
    text = "例: mlcareer roadmap · mlcareer roadmap -o plan.ics · mlcareer progress"
    for width in range(20, 60):
        assert not any(line.lstrip().startswith("·") for line in wrapped(text, width)), width
