"""history show: a saved assessment shown again exactly as assess showed it, in either language,
from a language-free record; and rows saved in the old format (the localized document) still show."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from cli_runner import Cli

from mlcareer.storage.store import Store, default_store_path

ANSWERS = """\
background: non_it
years_experience: 8
ml_years: 0
skills: [確率統計]
interests: [data_analysis]
industries: [finance]
weekly_hours: 10
"""


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "me.yaml"
    path.write_text(ANSWERS, encoding="utf-8")
    return path


def stored_rows() -> list[tuple[str, str]]:
    with sqlite3.connect(default_store_path(os.environ["MLCAREER_HOME"])) as conn:
        return list(conn.execute("SELECT answers, result FROM assessments ORDER BY id"))


def test_one_saved_row_shows_in_both_languages_as_assess_did(answers: Path, cli: Cli) -> None:
    ja = cli("assess", "--answers", str(answers), "--lang", "ja")
    assert ja.exit_code == 0, ja.output
    en_json = cli("assess", "--answers", str(answers), "--lang", "en", "--json", "--no-save")
    assert len(stored_rows()) == 1  # --no-save kept nothing
    # The stored record holds ids and numbers, not the Japanese text it was shown in.
    _, result = stored_rows()[0]
    record = json.loads(result)
    assert record["format"] == 2 and record["knowledge"]
    assert record["specializations"][0]["id"] == "data_scientist"
    assert not any("\u3040" <= ch <= "\u30ff" for ch in result), "no Japanese text in the record"

    shown_ja = cli("history", "show", "--lang", "ja")
    assert shown_ja.exit_code == 0, shown_ja.output
    assert shown_ja.stdout == ja.stdout
    shown_en = cli("history", "show", "1", "--lang", "en", "--json")
    assert shown_en.exit_code == 0, shown_en.output
    assert json.loads(shown_en.stdout) == json.loads(en_json.stdout)
    text_en = cli("history", "show", "--lang", "en")
    assert "Your result" in text_en.stdout and "診断結果" not in text_en.stdout
    assert text_en.stderr == ""  # same knowledge: no note that the figures may differ


def test_an_old_format_row_still_shows(answers: Path, cli: Cli) -> None:
    # A row as earlier versions saved it: the localized assess --json document as the result.
    document = json.loads(cli("assess", "--answers", str(answers), "--lang", "ja", "--json", "--no-save").stdout)
    with Store.open_default(os.environ["MLCAREER_HOME"]) as store:
        import datetime as dt

        store.save_assessment(document["answers"], document, dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    shown = cli("history", "show", "--lang", "en", "--json")
    assert shown.exit_code == 0, shown.output
    again = json.loads(shown.stdout)
    assert again["specializations"][0]["id"] == document["specializations"][0]["id"]
    assert again["specializations"][0]["name"] == "Data science"  # rendered anew, in English
    assert cli("history").exit_code == 0 and cli("history", "--compare").exit_code == 1


def test_show_n_and_its_errors(answers: Path, cli: Cli) -> None:
    assert cli("history", "show").exit_code == 1  # nothing saved yet
    assert "mlcareer assess" in cli("history", "show").stderr
    for _ in range(2):
        assert cli("assess", "--answers", str(answers)).exit_code == 0
    missing = cli("history", "show", "9")
    assert missing.exit_code == 2 and "#9" in missing.stderr and "1, 2" in missing.stderr
    assert "Traceback" not in missing.output
    bad = cli("history", "show", "two")
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    listed = cli("history")
    assert "history show N" in listed.stdout
    # `history 2` is what people type: it reads as `history show 2`.
    assert cli("history", "2", "--json").stdout == cli("history", "show", "2", "--json").stdout


def test_other_knowledge_data_is_said_not_hidden(answers: Path, data_copy: Path, cli: Cli) -> None:
    assert cli("assess", "--answers", str(answers)).exit_code == 0
    rules = data_copy / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    shown = cli("history", "show", "--data-dir", str(data_copy))
    assert shown.exit_code == 0, shown.output
    assert "other knowledge data" in shown.stderr
