"""What the README states as a fact about the product is checked against the product."""

from __future__ import annotations

import re
from pathlib import Path

from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.quiz import Quiz
from mlcareer.i18n import detect_lang

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_counts_are_the_knowledge_bases(kb: KnowledgeBase, quiz: Quiz) -> None:
    questions = re.search(r"short quiz \((\d+) questions", README)
    skills = re.search(r"\| `skills` \| (\d+) skills", README)
    assert questions is not None and skills is not None
    assert int(questions.group(1)) == len(quiz.questions)
    assert int(skills.group(1)) == len(kb.skills)


def test_the_language_default_is_the_order_the_program_follows() -> None:
    said = re.search(r"default: `MLCAREER_LANG`, else the first of ([^:]+) that is set", README)
    assert said is not None
    names = re.findall(r"`(\w+)`", said.group(1))
    assert names == ["LC_ALL", "LC_MESSAGES", "LANG"]
    # each decides over the ones after it, and MLCAREER_LANG over all of them
    for number, name in enumerate(names):
        env = {later: "en_US.UTF-8" for later in names[number + 1 :]} | {name: "ja_JP.UTF-8"}
        assert detect_lang(env) == "ja"
        assert detect_lang({**env, "MLCAREER_LANG": "en"}) == "en"
