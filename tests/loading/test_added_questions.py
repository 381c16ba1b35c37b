"""A counsellor's own questions: added in questions.yaml, asked, validated, saved and scored by rules,
with no Python change. Every test builds its own data folder, as the README tells a counsellor to."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_runner import Cli
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from mlcareer.domain.advisor import advise
from mlcareer.errors import MlcareerError
from mlcareer.interactive.quiz import run_quiz
from mlcareer.loading.answers import parse_answers
from mlcareer.loading.datafiles import builtin_data_dir
from mlcareer.loading.knowledge import load_knowledge
from mlcareer.loading.rules import load_quiz_and_rules
from mlcareer.render.problems import problem_lines

DOWN, ENTER, SPACE = "\x1b[B", "\r", " "

# One question of each kind, appended after the built-in ones.
ADDED_QUESTIONS = """
  - id: english_level
    label: {ja: 英語力, en: English}
    kind: single
    prompt: {ja: 仕事で英語をどのくらい使えますか？, en: "How well can you work in English?"}
    required: false
    choices:
      - {id: little, label: {ja: ほとんど使わない, en: Hardly at all}}
      - {id: reading, label: {ja: 技術文書なら読める, en: I read technical documents}}
      - {id: business, label: {ja: 会議やメールで仕事ができる, en: Business level}}
  - id: work_styles
    label: {ja: 働き方, en: Ways of working}
    kind: multi
    prompt: {ja: 希望する働き方は？, en: "How do you want to work?"}
    choices:
      - {id: remote, label: {ja: フルリモート, en: Fully remote}}
      - {id: hybrid, label: {ja: ハイブリッド, en: Hybrid}}
      - {id: office, label: {ja: 出社, en: In the office}}
  - id: notice_months
    label: {ja: 退職までの期間, en: Notice period}
    kind: number
    prompt: {ja: 今の職場を離れるまでに何か月かかりますか？, en: "How many months is your notice period?"}
    min: 0
    max: 12
    unit: {ja: か月, en: months}
  - id: manage_people
    label: {ja: マネジメント志向, en: Managing people}
    kind: yes_no
    prompt: {ja: いずれ人のマネジメントをしたいですか？, en: "Do you want to manage people one day?"}
"""

ADDED_RULES = """
  - id: english_foreign_firms
    when: {answer: {english_level: business}}
    then: {roles: [ai_product_manager], points: 10, sites: [bizreach]}
    because: {ja: ビジネス英語は外資系企業の求人で強みになる, en: Business English opens jobs at foreign firms}
  - id: remote_llm
    when: {answer: {work_styles: [remote, hybrid]}}
    then: {specialization: genai_llm, points: 7}
    because: {ja: リモートの求人が多い分野, en: A field with many remote openings}
  - id: short_notice
    when: {answer: {notice_months: {max: 1}}}
    then: {specialization: mlops, points: 3}
    because: {ja: すぐに動ける, en: You can start soon}
  - id: wants_to_manage
    when: {answer: {manage_people: yes}}
    then: {specialization: data_scientist, points: 4}
    because: {ja: マネジメント志向はビジネス側との橋渡しに生きる, en: Wanting to lead suits bridging to the business}
"""

ANSWERS: dict[str, Any] = {
    "background": "ml_engineer",
    "years_experience": 8,
    "ml_years": 5,
    "skills": ["python", "pytorch", "docker", "sql", "git", "machine_learning_basics"],
    "interests": ["llm_apps"],
    "english_level": "business",
    "work_styles": ["remote"],
    "notice_months": 1,
    "manage_people": True,
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    built_in = builtin_data_dir()
    target = tmp_path / "my-data"
    target.mkdir()
    questions = (built_in / "questions.yaml").read_text(encoding="utf-8")
    (target / "questions.yaml").write_text(questions.rstrip() + "\n" + ADDED_QUESTIONS, encoding="utf-8")
    rules = (built_in / "rules.yaml").read_text(encoding="utf-8")
    (target / "rules.yaml").write_text(rules.rstrip() + "\n" + ADDED_RULES, encoding="utf-8")
    return target


@pytest.fixture(autouse=True)
def _no_cursor_position_requests() -> Iterator[None]:
    os.environ["PROMPT_TOOLKIT_NO_CPR"] = "1"
    yield


def reasons_of(document: dict[str, Any]) -> set[str]:
    return {r["rule"] for s in document["specializations"] for r in s["reasons"]}


def test_the_quiz_asks_each_added_question_and_the_rules_score_the_answers(folder: Path) -> None:
    kb = load_knowledge(folder)
    quiz, rules = load_quiz_and_rules(kb, folder)
    keys = [
        DOWN * 6 + ENTER,  # background: ml_engineer
        "8" + ENTER,  # years of work
        "5" + ENTER,  # ML years
        ENTER,  # skills: no area
        SPACE + ENTER,  # interests: llm_apps
        ENTER,  # industries: none
        ENTER,  # weekly hours: the default
        ENTER,  # current salary: skipped
        ENTER,  # target salary: skipped
        DOWN * 2 + ENTER,  # english_level: business (third choice)
        SPACE + ENTER,  # work_styles: remote
        "1" + ENTER,  # notice_months
        ENTER,  # manage_people: yes (the first choice)
        ENTER,  # review: show my result
    ]
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        for key in keys:
            pipe.send_text(key)
        raw = run_quiz(kb, quiz, "en")
    assert raw["english_level"] == "business"
    assert raw["work_styles"] == ["remote"]
    assert raw["notice_months"] == 1
    assert raw["manage_people"] is True
    answers = parse_answers(kb, quiz, raw, "quiz")
    assert answers.added == {
        "english_level": "business",
        "work_styles": ("remote",),
        "notice_months": 1,
        "manage_people": True,
    }
    result = advise(kb, rules, answers)
    fired = {r.rule for s in result.ranking for r in s.reasons}
    assert {"remote_llm", "short_notice", "wants_to_manage"} <= fired
    assert result.job_sites[0] == "bizreach"  # shown first, although the person set no high target


def test_the_review_screen_lists_added_questions_in_both_languages(folder: Path) -> None:
    from mlcareer.interactive.quiz import describe

    kb = load_knowledge(folder)
    quiz, _ = load_quiz_and_rules(kb, folder)
    assert describe(kb, quiz.questions["manage_people"], True, "ja") == "はい"
    assert describe(kb, quiz.questions["manage_people"], False, "en") == "No"
    assert describe(kb, quiz.questions["english_level"], "business", "ja") == "会議やメールで仕事ができる"
    assert describe(kb, quiz.questions["notice_months"], 1, "ja") == "1か月"


def test_an_optional_question_can_be_skipped_and_then_no_rule_on_it_fires(folder: Path) -> None:
    kb = load_knowledge(folder)
    quiz, rules = load_quiz_and_rules(kb, folder)
    answers = parse_answers(kb, quiz, {k: v for k, v in ANSWERS.items() if k != "english_level"})
    assert "english_level" not in answers.added
    result = advise(kb, rules, answers)
    assert "bizreach" not in result.job_sites[:1]


def test_an_answers_file_reaches_the_new_rules(folder: Path, tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(yaml.safe_dump(ANSWERS), encoding="utf-8")
    result = cli("assess", "--data-dir", str(folder), "--answers", str(path), "--json", "--no-save")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {"remote_llm", "short_notice", "wants_to_manage"} <= reasons_of(document)
    assert document["job_sites"][0] == "bizreach"
    assert document["job_site_reasons"][0]["text"] == "Business English opens jobs at foreign firms"
    manager = next(r for r in document["roles"] if r["id"] == "ai_product_manager")
    assert {"rule": "english_foreign_firms", "points": 10} in [
        {"rule": r["rule"], "points": r["points"]} for r in manager["reasons"]
    ]
    assert document["answers"]["manage_people"] is True and document["answers"]["work_styles"] == ["remote"]


def test_a_json_lines_batch_reads_added_answers_and_reports_bad_ones(folder: Path, cli: Cli) -> None:
    good = json.dumps(ANSWERS)
    wrong = json.dumps({**ANSWERS, "english_level": "buisness", "manage_people": "maybe"})
    missing = json.dumps({k: v for k, v in ANSWERS.items() if k != "work_styles"})
    result = cli("assess", "--data-dir", str(folder), "--answers", "-", stdin=f"{good}\n{wrong}\n{missing}\n")
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 1 and "remote_llm" in reasons_of(lines[0])
    assert "english_level: unknown value 'buisness' (did you mean: business)" in result.stderr
    assert "manage_people: expected yes or no" in result.stderr
    assert "work_styles: required: at least one of remote, hybrid, office" in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [("yes", True), ("No", False), (False, False), ("はい", True)],
)
def test_yes_no_answers_are_read_in_several_spellings(folder: Path, value: Any, expected: bool) -> None:
    kb = load_knowledge(folder)
    quiz, _ = load_quiz_and_rules(kb, folder)
    assert parse_answers(kb, quiz, {**ANSWERS, "manage_people": value}).added["manage_people"] is expected


def test_a_number_out_of_the_questions_range_is_refused(folder: Path) -> None:
    kb = load_knowledge(folder)
    quiz, _ = load_quiz_and_rules(kb, folder)
    with pytest.raises(MlcareerError) as caught:
        parse_answers(kb, quiz, {**ANSWERS, "notice_months": 30})
    assert problem_lines(caught.value, "en") == ["answers: notice_months: expected a number from 0 to 12, got 30"]


def _validate_rule(cli: Cli, folder: Path, when: str) -> Any:
    rules = (folder / "rules.yaml").read_text(encoding="utf-8")
    broken = "  - id: broken\n    when: " + when + "\n    then: {specialization: mlops, points: 5}\n"
    broken += "    because: {ja: 壊れた規則, en: A broken rule}\n"
    (folder / "rules.yaml").write_text(rules.rstrip() + "\n" + broken, encoding="utf-8")
    line = len(rules.rstrip().splitlines()) + 2  # the `when:` line of the rule just added
    return cli("kb", "validate", str(folder)), line


def test_kb_validate_names_a_missing_question_with_the_nearest_one(folder: Path, cli: Cli) -> None:
    result, line = _validate_rule(cli, folder, "{answer: {english_levle: business}}")
    assert result.exit_code == 1
    assert f"rules.yaml:{line}: rules[" in result.stderr
    assert "when.answer.english_levle: unknown question 'english_levle' (did you mean: english_level?)" in result.stderr


def test_kb_validate_names_a_missing_choice(folder: Path, cli: Cli) -> None:
    result, line = _validate_rule(cli, folder, "{answer: {work_styles: [remote, remot, office]}}")
    assert result.exit_code == 1
    assert f"rules.yaml:{line}:" in result.stderr
    assert "when.answer.work_styles[1]: unknown choice 'remot' (did you mean: remote?)" in result.stderr


def test_kb_validate_names_a_number_outside_the_questions_range(folder: Path, cli: Cli) -> None:
    result, line = _validate_rule(cli, folder, "{answer: {notice_months: {min: 2, max: 24}}}")
    assert result.exit_code == 1
    assert f"rules.yaml:{line}:" in result.stderr
    assert "when.answer.notice_months.max: 24 is outside the range of question 'notice_months' (0 to 12)" in (
        result.stderr
    )


def test_kb_validate_in_japanese_says_it_in_japanese(folder: Path, cli: Cli) -> None:
    _validate_rule(cli, folder, "{answer: {english_levle: business}}")
    japanese = cli("kb", "validate", str(folder), "--lang", "ja")
    assert japanese.exit_code == 1
    assert "質問 'english_levle' は questions.yaml にありません（候補: english_level）" in japanese.stderr


def test_kb_validate_passes_the_added_questions_and_rules(folder: Path, cli: Cli) -> None:
    result = cli("kb", "validate", str(folder))
    assert result.exit_code == 0, result.stderr
    assert "quiz 13" in result.stdout


def _save(cli: Cli, tmp_path: Path, answers: dict[str, Any], *data_dir: str) -> None:
    path = tmp_path / "saved.yaml"
    path.write_text(yaml.safe_dump(answers), encoding="utf-8")
    result = cli("assess", *data_dir, "--answers", str(path), "--json")
    assert result.exit_code == 0, result.output


BUILT_IN_ONLY = {k: v for k, v in ANSWERS.items() if k in ("background", "years_experience", "ml_years", "skills")}
BUILT_IN_ONLY["interests"] = ["llm_apps"]


def test_an_old_row_without_the_new_answers_still_shows(folder: Path, tmp_path: Path, cli: Cli) -> None:
    _save(cli, tmp_path, BUILT_IN_ONLY)  # saved before the counsellor added the questions
    _save(cli, tmp_path, ANSWERS, "--data-dir", str(folder))
    shown = cli("history", "show", "1", "--data-dir", str(folder))
    assert shown.exit_code == 0, shown.output  # work_styles is required now, but #1 predates it
    assert "Best fit" in shown.stdout
    compared = cli("history", "--compare", "--data-dir", str(folder), "--json")
    assert compared.exit_code == 0, compared.output
    answers = {a["question"]: a for a in json.loads(compared.stdout)["answers"]}
    assert answers["work_styles"] == {"question": "work_styles", "before": None, "after": ["remote"], "asked": True}
    assert answers["manage_people"]["after"] is True
    assert "background" not in answers  # unchanged built-in answers are not repeated
    text = cli("history", "--compare", "--data-dir", str(folder), "--lang", "ja")
    assert re.search(r"働き方 +（なし） → フルリモート", text.stdout), text.stdout
    assert re.search(r"マネジメント志向 +（なし） → はい", text.stdout), text.stdout


def test_a_row_answering_a_removed_question_still_shows_and_says_so(folder: Path, tmp_path: Path, cli: Cli) -> None:
    _save(cli, tmp_path, ANSWERS, "--data-dir", str(folder))
    _save(cli, tmp_path, BUILT_IN_ONLY)  # the counsellor's questions are gone again
    shown = cli("history", "show", "1")
    assert shown.exit_code == 0, shown.output
    assert "#1 answers questions no longer asked (english_level, work_styles, notice_months, manage_people)" in (
        shown.stderr
    )
    listed = cli("history", "--json")
    saved = {item["id"]: item["answers"] for item in json.loads(listed.stdout)["assessments"]}
    assert saved[1]["english_level"] == "business"  # kept as it was saved
    compared = cli("history", "--compare")
    assert compared.exit_code == 0, compared.output
    assert re.search(r"english_level \(no longer asked\) +business → \(none\)", compared.stdout), compared.stdout
    assert re.search(r"manage_people \(no longer asked\) +Yes → \(none\)", compared.stdout), compared.stdout


def _readme_example() -> list[str]:
    """The YAML blocks of the README's 'Adding a question of your own' walk-through, in order."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Adding a question of your own", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, flags=re.S)


def test_the_readme_walk_through_works_as_written(tmp_path: Path, cli: Cli) -> None:
    question, rule, me = _readme_example()
    built_in = builtin_data_dir()
    target = tmp_path / "my-data"
    target.mkdir()
    for name, added in (("questions.yaml", question), ("rules.yaml", rule)):
        text = (built_in / name).read_text(encoding="utf-8")
        (target / name).write_text(text.rstrip() + "\n\n" + added, encoding="utf-8")
    assert cli("kb", "validate", str(target)).exit_code == 0
    answers = tmp_path / "me.yaml"
    answers.write_text(me, encoding="utf-8")
    for lang, reason, site in (
        ("en", "With business English", "BizReach"),
        ("ja", "ビジネスレベルの英語が", "ビズリーチ"),
    ):
        result = cli("assess", "--data-dir", str(target), "--answers", str(answers), "--no-save", "--lang", lang)
        assert result.exit_code == 0, result.output
        titles = result.stdout.split("Job titles" if lang == "en" else "あなたに合う職種", 1)[1]
        assert titles.count(reason) == 2  # beside the architect title and beside the site
        assert site in titles
    answers.write_text(me.replace("english_level: business", "english_level: reading"), encoding="utf-8")
    without = cli("assess", "--data-dir", str(target), "--answers", str(answers), "--no-save", "--lang", "en")
    assert "With business English" not in without.stdout and "BizReach" not in without.stdout


def _with_when(folder: Path, name: str, entry: str, when: str) -> int:
    """Copy a knowledge file into the folder with a `when` under one entry; returns that line's number."""
    lines = (builtin_data_dir() / name).read_text(encoding="utf-8").splitlines()
    at = lines.index(f"  - id: {entry}") + 1
    lines.insert(at, f"    when: {when}")
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


def _assess(cli: Cli, folder: Path, tmp_path: Path, answers: dict[str, Any]) -> dict[str, Any]:
    path = tmp_path / "me.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    result = cli("assess", "--data-dir", str(folder), "--answers", str(path), "--json", "--no-save")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_a_site_with_a_condition_is_shown_only_to_the_people_it_suits(folder: Path, tmp_path: Path, cli: Cli) -> None:
    person = {**ANSWERS, "english_level": "reading"}
    assert "green" in _assess(cli, folder, tmp_path, {**person, "work_styles": ["office"]})["job_sites"]
    _with_when(folder, "sites.yaml", "green", "{answer: {work_styles: remote}}")
    assert "green" in _assess(cli, folder, tmp_path, {**person, "work_styles": ["remote"]})["job_sites"]
    assert "green" not in _assess(cli, folder, tmp_path, {**person, "work_styles": ["office"]})["job_sites"]


def test_a_role_with_a_condition_is_offered_only_when_it_holds(folder: Path, tmp_path: Path, cli: Cli) -> None:
    _with_when(folder, "roles.yaml", "ai_product_manager", "{answer: {manage_people: yes}}")
    person = {**ANSWERS, "english_level": "business"}  # the rule gives the title +10
    wants = [r["id"] for r in _assess(cli, folder, tmp_path, person)["roles"]]
    does_not = [r["id"] for r in _assess(cli, folder, tmp_path, {**person, "manage_people": False})["roles"]]
    assert "ai_product_manager" in wants and "ai_product_manager" not in does_not


def test_a_story_with_a_condition_is_told_only_when_it_holds(folder: Path, tmp_path: Path, cli: Cli) -> None:
    first = _assess(cli, folder, tmp_path, ANSWERS)["similar_cases"][0]
    _with_when(folder, "cases.yaml", first, "{answer: {notice_months: {min: 6}}}")
    assert first not in _assess(cli, folder, tmp_path, ANSWERS)["similar_cases"]  # notice of 1 month
    assert _assess(cli, folder, tmp_path, {**ANSWERS, "notice_months": 6})["similar_cases"][0] == first


def test_kb_validate_checks_a_sites_condition_at_its_line(folder: Path, cli: Cli) -> None:
    line = _with_when(folder, "sites.yaml", "green", "{answer: {work_style: remote}}")
    result = cli("kb", "validate", str(folder))
    assert result.exit_code == 1
    assert f"sites.yaml:{line}: sites[" in result.stderr
    assert "].when.answer.work_style: unknown question 'work_style' (did you mean: work_styles?)" in result.stderr


def test_a_new_background_choice_can_be_named_by_roles_at_once(folder: Path, cli: Cli) -> None:
    questions = (folder / "questions.yaml").read_text(encoding="utf-8")
    designer = "      - {id: designer, label: {ja: デザイナー, en: Designer}}\n"
    anchor = "      - {id: other, label: {ja: その他, en: Other}}\n"
    (folder / "questions.yaml").write_text(questions.replace(anchor, designer + anchor, 1), encoding="utf-8")
    roles = (builtin_data_dir() / "roles.yaml").read_text(encoding="utf-8")
    named = roles.replace("backgrounds: [student, data_analyst,", "backgrounds: [designer, student, data_analyst,", 1)
    assert named != roles
    (folder / "roles.yaml").write_text(named, encoding="utf-8")
    assert cli("kb", "validate", str(folder)).exit_code == 0
    (folder / "roles.yaml").write_text(named.replace("[designer,", "[desginer,"), encoding="utf-8")
    result = cli("kb", "validate", str(folder))
    assert result.exit_code == 1 and "unknown background id 'desginer' (did you mean: designer" in result.stderr


def test_match_reads_a_saved_assessment_that_answers_a_removed_question(folder: Path, tmp_path: Path, cli: Cli) -> None:
    _save(cli, tmp_path, ANSWERS, "--data-dir", str(folder))
    posting = tmp_path / "posting.txt"
    posting.write_text("Machine learning engineer. Required: Python, PyTorch, Docker, SQL.\n", encoding="utf-8")
    result = cli("match", str(posting), "--json")  # today's quiz has none of the added questions
    assert result.exit_code == 0, result.output
    assert "python" in result.stdout


def test_the_quiz_skips_an_optional_question_and_takes_no_for_an_answer(folder: Path) -> None:
    kb = load_knowledge(folder)
    quiz, _ = load_quiz_and_rules(kb, folder)
    keys = [
        DOWN * 6 + ENTER,
        "8" + ENTER,
        "5" + ENTER,
        ENTER,
        SPACE + ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        DOWN * 3 + ENTER,  # english_level: past its three choices, "(skip)"
        ENTER,  # work_styles: nothing ticked is refused (required) ...
        DOWN + SPACE + ENTER,  # ... so tick hybrid
        "13" + ENTER,  # notice_months: above its max of 12, refused
        "\x7f\x7f" + "3" + ENTER,
        DOWN + ENTER,  # manage_people: no
        ENTER,
    ]
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        for key in keys:
            pipe.send_text(key)
        raw = run_quiz(kb, quiz, "ja")
    assert "english_level" not in raw
    assert raw["work_styles"] == ["hybrid"] and raw["notice_months"] == 3 and raw["manage_people"] is False


def test_answer_problems_are_listed_in_quiz_order(folder: Path) -> None:
    kb = load_knowledge(folder)
    quiz, _ = load_quiz_and_rules(kb, folder)
    wrong = {**ANSWERS, "background": "ml_enginer", "english_level": "busines", "manage_people": "maybe"}
    with pytest.raises(MlcareerError) as caught:
        parse_answers(kb, quiz, wrong)
    keys = [problem.split(": ")[1] for problem in problem_lines(caught.value, "en")]
    assert keys == ["background", "english_level", "manage_people"]
