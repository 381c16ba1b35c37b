"""Reading postings and CVs: skills found (with the false-positive traps), sections, years, salary, place."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.posting import match_line, read_posting
from mlcareer.loading.knowledge import load_knowledge

from posting_scores import expected, read_fixture, report, score_all


def test_precision_and_recall_over_the_labelled_fixtures(kb: KnowledgeBase) -> None:
    labels = expected()
    assert sum("skills" not in v for v in labels.values()) >= 12
    assert sum("skills" in v for v in labels.values()) >= 3
    scores = score_all(kb)
    print(report(scores))
    assert scores.precision >= 0.95, report(scores)
    assert scores.recall >= 0.95, report(scores)
    assert scores.split >= 0.95, report(scores)


@pytest.mark.parametrize("name", [n for n, v in expected().items() if "skills" not in v])
def test_years_salary_and_remote_of_each_posting(kb: KnowledgeBase, name: str) -> None:
    labels = expected()[name]
    posting = read_fixture(kb, name)
    assert posting.experience_years == labels["years"]
    assert posting.salary is not None
    assert [posting.salary.min, posting.salary.max] == labels["salary"]
    assert posting.remote == labels["remote"]


def test_each_skill_keeps_its_line_and_the_text_as_written(kb: KnowledgeBase) -> None:
    posting = read_fixture(kb, "ja_mlops.txt")
    by_skill = {f.skill: f for f in posting.skills}
    assert (by_skill["kubernetes"].line, by_skill["kubernetes"].text) == (12, "Kubernetes")
    assert (by_skill["deployment_automation"].line, by_skill["deployment_automation"].text) == (14, "CI/CD")
    assert by_skill["deployment_automation"].required  # 仕事内容 mentions it too; 必須 is the stronger
    assert (by_skill["data_drift_monitoring"].line, by_skill["data_drift_monitoring"].required) == (20, False)


def test_html_lines_are_the_source_lines_and_scripts_are_not_read(kb: KnowledgeBase) -> None:
    posting = read_fixture(kb, "mixed_mlops.html")
    by_skill = {f.skill: f for f in posting.skills}
    assert by_skill["helm"].line == 16
    # The <script> in <head> names Python and TensorFlow: neither is what the posting asks for.
    assert "python" not in by_skill and "tensorflow" not in by_skill


@pytest.fixture(scope="module")
def trap_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The built-in knowledge (which knows Go and C) plus a skill spelled 学習, to spring the traps on."""
    from mlcareer.loading.datafiles import ALL_FILES, builtin_data_dir

    folder: Path = tmp_path_factory.mktemp("data")
    for name in ALL_FILES:
        (folder / name).write_text((builtin_data_dir() / name).read_text(encoding="utf-8"), encoding="utf-8")
    skills = (folder / "skills.yaml").read_text(encoding="utf-8")
    extra = """
  - id: trap_learning
    name: {ja: 学習, en: Learning in general}
    group: programming
    hours: 1
    prerequisites: []
"""
    marker = "\n  # ── math_stats"
    assert marker in skills
    (folder / "skills.yaml").write_text(skills.replace(marker, extra + marker, 1), encoding="utf-8")
    return load_knowledge(folder)


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("Google Cloud と Google Workspace を使っています", {"cloud_computing_basics"}),
        ("Go で API を書いた経験", {"go_language"}),
        ("Golang or Go", {"go_language"}),
        ("We go further than Google", set()),
        ("R&D 部門との協業", set()),
        ("Python or R for analysis", {"python", "r_language"}),
        ("R/Python", {"python", "r_language"}),
        ("機械学習の実務経験", {"machine_learning_basics"}),
        ("学習意欲のある方", {"trap_learning"}),
        ("深層学習と機械学習", {"deep_learning_basics", "machine_learning_basics"}),
        ("Our team sparked a wave of experiments", set()),
        ("Apache Spark and Spark SQL", {"spark", "sql"}),
        ("Reporting to the C-suite", set()),
        ("C, C++ and C#", {"c_cpp"}),
        ("Experience in C", {"c_cpp"}),
        ("ＰｙＴｏｒｃｈ と ｋ８ｓ", {"pytorch", "kubernetes"}),
        ("at the helm of the team", set()),
        ("Helm charts", {"helm"}),
        ("attention to detail and a CV", set()),
    ],
)
def test_false_positive_traps(trap_kb: KnowledgeBase, line: str, found: set[str]) -> None:
    assert {skill for skill, _ in match_line(trap_kb, line)} == found


def test_leftmost_longest_keeps_the_longer_name(kb: KnowledgeBase) -> None:
    assert match_line(kb, "Mask R-CNN and Faster R-CNN") == [("mask_rcnn", "Mask R-CNN"), ("r_cnn", "Faster R-CNN")]
    assert match_line(kb, "LLM APIを使う") == [("llm_api", "LLM API")]


def test_full_width_and_half_width_text_is_matched_and_shown_as_written(kb: KnowledgeBase) -> None:
    assert match_line(kb, "ﾃﾞｨｰﾌﾟﾗｰﾆﾝｸﾞの経験") == [("deep_learning_basics", "ﾃﾞｨｰﾌﾟﾗｰﾆﾝｸﾞ")]
    assert match_line(kb, "ＤＯＣＫＥＲ") == [("docker", "ＤＯＣＫＥＲ")]


@pytest.mark.parametrize(
    ("text", "required", "preferred"),
    [
        ("必須: Python, SQL\n歓迎: Docker", {"python", "sql"}, {"docker"}),
        ("Requirements\n- Python\n\nNice to have\n- Docker\n", {"python"}, {"docker"}),
        ("【必須】\n・Python\n【尚可】\n・Docker\n", {"python"}, {"docker"}),
        ("- Python（必須）\n- Docker（歓迎）", {"python"}, {"docker"}),
        ("- 必須: Python\n- 歓迎: Docker\n- SQL is a plus", {"python"}, {"docker", "sql"}),
        ("Python と Docker の経験", {"python", "docker"}, set()),  # nothing marked: all asked for
        ("業務: Docker の運用\n\n必須スキル\n- Python\n\n会社について: SQL を使う文化", {"python"}, {"docker", "sql"}),
    ],
)
def test_required_and_preferred_sections(kb: KnowledgeBase, text: str, required: set[str], preferred: set[str]) -> None:
    posting = read_posting(kb, text.splitlines())
    assert {f.skill for f in posting.skills if f.required} == required
    assert {f.skill for f in posting.skills if not f.required} == preferred


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("実務経験3年以上", 3),
        ("5+ years of experience", 5),
        ("At least 4 years of professional experience", 4),
        ("Python 2年以上、機械学習 3年以上", 3),
        ("必須: 経験1年以上\n歓迎: 5年以上のマネジメント経験", 1),  # preferred years do not count
        ("新卒・未経験歓迎", None),
    ],
)
def test_years_asked(kb: KnowledgeBase, text: str, years: int | None) -> None:
    assert read_posting(kb, text.splitlines()).experience_years == years


@pytest.mark.parametrize(
    ("text", "salary"),
    [
        ("年収600万〜1,000万円", (600, 1000)),
        ("年収 700万円～1200万円", (700, 1200)),
        ("¥6M–10M", (600, 1000)),
        ("Salary: JPY 8.5M to 12M", (850, 1200)),
        ("¥10,000,000 - ¥15,000,000", (1000, 1500)),
        ("想定年収: 800万円以上", (800, None)),
    ],
)
def test_salary_range(kb: KnowledgeBase, text: str, salary: tuple[int | None, int | None]) -> None:
    found = read_posting(kb, [text]).salary
    assert found is not None
    assert (found.min, found.max) == salary


def test_location_and_remote(kb: KnowledgeBase) -> None:
    posting = read_posting(kb, ["勤務地: 東京都港区（フルリモート可）"])
    assert posting.locations == ("Tokyo",)  # not Kyoto, though 東京都 holds 京都
    assert posting.remote == "full"
    assert read_posting(kb, ["Osaka office, hybrid"]).remote == "hybrid"
    assert read_posting(kb, ["勤務地: 大阪"]).remote is None


def test_unknown_skill_like_terms_are_listed_not_guessed(kb: KnowledgeBase) -> None:
    posting = read_posting(
        kb, ["必須: Python, Snowflake, dbt の経験", "- Looker を使ったダッシュボード", "歓迎: ROSの経験"]
    )
    assert {"Snowflake", "Looker"} <= set(posting.unknown_terms)
    assert "ROS" in posting.unknown_terms
    assert "Python" not in posting.unknown_terms
    assert {f.skill for f in posting.skills} == {"python"}
