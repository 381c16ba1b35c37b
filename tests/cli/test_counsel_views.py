"""What the counsellor's review of session 19 added to the views: the note under a student's job sites."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import Cli

STUDENT = {
    "background": "student",
    "years_experience": 0,
    "ml_years": 0,
    "skills": ["python", "numpy", "pandas", "scikit-learn"],
    "interests": ["data_analysis"],
}


def test_the_new_graduate_note_is_ours_in_both_languages(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "student.json"
    path.write_text(json.dumps(STUDENT), encoding="utf-8")
    notes = {lang: cli.json("assess", "--answers", str(path), "--no-save", "--lang", lang)["job_sites_note"]
             for lang in ("ja", "en")}  # fmt: skip
    assert notes["ja"]["source"] == notes["en"]["source"] == "mlcareer"
    assert "新卒採用" in notes["ja"]["text"] and "逆求人" in notes["ja"]["text"] and "mlcareer" in notes["ja"]["text"]
    assert "new-graduate hiring" in notes["en"]["text"] and "ours" in notes["en"]["text"]
    shown = cli("assess", "--answers", str(path), "--no-save", "--lang", "ja")
    assert shown.exit_code == 0 and "長期インターン" in shown.stdout
    path.write_text(json.dumps({**STUDENT, "background": "data_analyst"}), encoding="utf-8")
    assert cli.json("assess", "--answers", str(path), "--no-save", "--lang", "en")["job_sites_note"] is None
