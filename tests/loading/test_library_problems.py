"""PyYAML's and Python's JSON decoder's own problems, shown in the reader's language.

Both libraries say what is wrong in English only. Every problem their scanner, parser, composer,
constructor and reader can raise on a hand-edited file maps to a message of ours; these real broken
files check that a Japanese run shows no English sentence, family by family.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from japanese_output import english_left

from mlcareer.domain.message import Msg
from mlcareer.loading.yamlparse import yaml_problem

from personas import PERSONAS

# (broken answers file, what the Japanese line says), by the PyYAML stage that refuses it.
YAML_FAMILIES: dict[str, list[tuple[str, str]]] = {
    "scanner": [
        ("background: web: engineer\n", "ここには ':' を書けません"),
        ("background: web_engineer\n\tyears_experience: 3\n", "字下げにタブが使われています"),
        ("background: @web\n", "文字 '@' は値の先頭に書けません"),
        ('background: "web\\qengineer"\n', "二重引用符の中に不明なエスケープ 'q' があります"),
        ('background: "\\x4"\n', "のエスケープには16進数の数字が必要です"),
        ('background: "\\UFFFFFFFF"\n', "このエスケープは正しい Unicode 文字を表していません"),
        ("background: |0\n  web\n", "字下げ指定は 1〜9 にしてください"),
        ("background: |x\n  web\n", "コメントしか書けません"),
        ("background: & web\n", "アンカー（&）やエイリアス（*）には名前が必要です"),
        ("background: !<web engineer\n", "このタグ（'!' で始まる値）の書き方が正しくありません"),
        ('background: "web\n---\nengineer"\n', "行頭の '---' や '...' は文書の区切りになります"),
        ("background: 'web_engineer\n", "引用符や括弧を閉じ忘れていませんか"),
        ("%PERSON 1\n---\nbackground: web_engineer\n", "正しい YAML の指示ではありません"),
    ],
    "parser": [
        ("background:\n  role: web_engineer\n years_experience: 3\n", "ここにはキーが必要です"),
        ("- web_engineer\nbackground: student\n", "ここにはリストの '- ' が必要です"),
        ("skills: [Python, SQL\n", "このリストに ',' か閉じる ']' がありません"),
        ("skills: {Python: 1\n", "このマッピングに ',' か閉じる波括弧がありません"),
        ("background: !x!y web_engineer\n", "タグ '!x!' は定義されていません"),
        ("background: web_engineer\n...\nyears_experience\n", "文書の終わりの後ろに文字があります"),
    ],
    "composer": [
        ("background: web_engineer\nskills: *mine\n", "エイリアス 'mine' が定義されていません"),
        ("background: web_engineer\n---\nbackground: student\n", "ファイルに文書が複数あります"),
        ("a: &x 1\nb: &x 2\n", "このアンカー名は上で使われています"),
    ],
    "constructor": [
        ("background: !web engineer\n", "不明なタグ '!web' です"),
        ("background: !!str [web_engineer]\n", "タグと値の種類が合いません（値はリストです）"),
        ("background: !!binary zz=\n", "!!binary の値が正しい base64 ではありません"),
        ("<<: 1\nbackground: web_engineer\n", "'<<' で合わせられるのは"),
        ("? [background]\n: web_engineer\n", "キーはリストやマッピングではなく文字で書いてください"),
        ("skills: !!omap [Python]\n", "!!omap や !!pairs の値は"),
        ("background: web_engineer\nbackground: student\n", "キー 'background' が2回書かれています"),
    ],
    "reader": [
        ("background: web\x01engineer\n", "テキストに制御文字 U+0001 があります"),
        ("background: web\x7fengineer\n", "テキストに制御文字 U+007F があります"),
    ],
}
YAML_CASES = [(family, text, says) for family, cases in YAML_FAMILIES.items() for text, says in cases]


@pytest.mark.parametrize(("family", "text", "says"), YAML_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(YAML_CASES)])
def test_a_yaml_problem_reads_in_japanese(cli, tmp_path: Path, family: str, text: str, says: str) -> None:
    path = tmp_path / "me.yaml"
    path.write_bytes(text.encode("utf-8"))
    result = cli("assess", "--answers", str(path), "--lang", "ja")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "YAML として読めません" in result.stderr
    assert f"{path}:" in result.stderr and says in result.stderr, result.stderr
    assert english_left(result.stderr, set()) == []


@pytest.mark.parametrize("family", sorted(YAML_FAMILIES))
def test_the_pure_python_loader_s_wording_is_known_too(family: str) -> None:
    """PyYAML without libyaml words the same problems differently; each still maps to a message."""
    unknown = []
    for text, _says in YAML_FAMILIES[family]:
        try:
            yaml.load(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            if not isinstance(yaml_problem(error, text), Msg):
                unknown.append(error.problem)
        except (yaml.YAMLError, ValueError, OverflowError):
            pass  # the reader's refusals are not marked, a value that cannot exist is not a syntax problem
    assert unknown == []


def test_english_keeps_our_wording_of_a_yaml_problem(cli, tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text("background: web_engineer\nskills: *mine\n", encoding="utf-8")
    result = cli("assess", "--answers", str(path), "--lang", "en")
    assert f"{path}:2: the alias 'mine' is not defined" in result.stderr


# One JSON Lines record per way Python's decoder (the C scanner) refuses one.
JSON_RECORDS = [
    ('{"background": }', "値が必要です"),
    ('{"background": "web_engineer" "years_experience": 3}', "区切りの ',' が必要です"),
    ('{"background" "web_engineer"}', "キーの後ろに ':' が必要です"),
    ("{'background': 'web_engineer'}", "キーは二重引用符"),
    ('{"background": "web_engineer}', "文字列の引用符が閉じられていません"),
    ('{"background": "web\tengineer"}', "文字列の中に制御文字があります"),
    ('{"background": "web\\qengineer"}', "不明なエスケープ"),
    ('{"background": "\\u12"}', "\\u の後ろには16進数4桁が必要です"),
    ('{"background": "web_engineer"} x', "値の後ろに余分な文字があります"),
]


def test_every_json_decoder_problem_reads_in_japanese(cli, tmp_path: Path) -> None:
    good = json.dumps(PERSONAS[0].answers, ensure_ascii=False)
    path = tmp_path / "cohort.jsonl"
    path.write_text("\n".join([good, *(record for record, _says in JSON_RECORDS)]) + "\n", encoding="utf-8")
    result = cli("assess", "--answers", str(path), "--lang", "ja")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for number, (_record, says) in enumerate(JSON_RECORDS, 2):
        shown = [line for line in lines if f"cohort.jsonl:{number}: JSON として正しくありません。" in line]
        assert len(shown) == 1 and says in shown[0], (number, says, result.stderr)
    assert english_left(result.stderr, set()) == []


def test_english_shows_the_decoder_s_own_words(cli, tmp_path: Path) -> None:
    good = json.dumps(PERSONAS[0].answers, ensure_ascii=False)
    path = tmp_path / "cohort.jsonl"
    path.write_text(f'{good}\n{{"background" "web_engineer"}}\n', encoding="utf-8")
    result = cli("assess", "--answers", str(path), "--lang", "en")
    assert "cohort.jsonl:2: not valid JSON: Expecting ':' delimiter (column 15)" in result.stderr


@pytest.mark.parametrize(
    ("lang", "heading", "line"),
    [
        ("en", "Error: This is not valid JSON.", "me.json:3: Expecting ',' delimiter (column 3)"),
        ("ja", "エラー: JSON として読めません。", "me.json:3: 区切りの ',' が必要です（3文字目）"),
    ],
)
def test_a_json_answers_file_is_told_it_is_not_valid_json(
    cli, tmp_path: Path, lang: str, heading: str, line: str
) -> None:
    text = '{\n  "background": "web_engineer"\n  "years_experience": 3\n}\n'
    path = tmp_path / "me.json"
    path.write_text(text, encoding="utf-8")
    result = cli("assess", "--answers", str(path), "--lang", lang)
    assert result.exit_code == 1
    assert heading in result.stderr and f"{tmp_path}/{line}" in result.stderr, result.stderr
    assert "YAML" not in result.stderr
    (tmp_path / "me.yaml").write_text(text, encoding="utf-8")  # the same text named as YAML: YAML's words
    assert "YAML" in cli("assess", "--answers", str(tmp_path / "me.yaml"), "--lang", lang).stderr


def test_json_refused_only_for_a_repeated_key_is_named_json_too(cli, tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    path.write_text('{"background": "web_engineer",\n "background": "student"}\n', encoding="utf-8")
    result = cli("assess", "--answers", str(path), "--lang", "en")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "This is not valid JSON." in result.stderr and "YAML" not in result.stderr, result.stderr
    assert f"{path}:2: the key 'background' appears twice" in result.stderr, result.stderr
