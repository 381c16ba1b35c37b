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


WEB_TO_MLOPS = {  # mid level, shown doda and Green
    "background": "web_engineer", "years_experience": 4, "ml_years": 1, "weekly_hours": 10,
    "skills": ["Python", "Git", "software engineering", "NumPy", "pandas", "Scikit-learn", "machine learning basics",
               "Kaggle", "PyTorch", "SQL", "Docker"],
    "interests": ["ml_infrastructure"], "industries": ["web_tech"],
}  # fmt: skip
FOR_NEWCOMERS = ("未経験・初級者の転職先として", "未経験から応募できるデータサイエンティストの求人もあります")


def test_what_a_site_offers_newcomers_is_said_to_beginners_only(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "mid.json"
    path.write_text(json.dumps(WEB_TO_MLOPS), encoding="utf-8")
    mid = cli("assess", "--answers", str(path), "--no-save", "--lang", "ja")
    assert mid.exit_code == 0 and "Green" in mid.stdout and "doda" in mid.stdout
    flat = mid.stdout.replace("│", "").replace(" ", "").replace("\n", "")
    assert not any(sentence in flat for sentence in FOR_NEWCOMERS)
    assert "AI系スタートアップの求人が中心" in flat  # the rest of Green's blurb stays
    path.write_text(json.dumps({**STUDENT, "interests": ["llm_apps"]}), encoding="utf-8")
    beginner = cli("assess", "--answers", str(path), "--no-save", "--lang", "ja")
    assert "未経験・初級者の転職先として" in beginner.stdout.replace("│", "").replace(" ", "").replace("\n", "")
    listing = cli("sites", "--lang", "ja").stdout.replace("│", "").replace(" ", "").replace("\n", "")
    assert all(sentence in listing for sentence in FOR_NEWCOMERS)  # the site's own card says everything


def test_the_plan_header_and_the_long_plan_warning_give_the_same_years(cli: Cli, tmp_path: Path) -> None:
    """They said 約4.8年 and 約4.9年 for the same date."""
    import re

    path = tmp_path / "slow.json"
    path.write_text(
        json.dumps({**STUDENT, "skills": ["Python"], "interests": ["llm_apps"], "weekly_hours": 2}), encoding="utf-8"
    )
    for lang, pattern in (("en", r"about (\d+\.\d) years"), ("ja", r"約(\d+\.\d)年")):
        shown = cli("roadmap", "--answers", str(path), "--lang", lang)
        years = re.findall(pattern, shown.stdout + shown.stderr)
        assert len(years) >= 2 and len(set(years)) == 1, (lang, years)
