"""Precision and recall of skill extraction over the hand-labelled postings and CVs in tests/postings/.

Run it on its own to see the figures per file: python tests/posting_scores.py
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.posting import Posting, read_posting, skills_in
from mlcareer.loading.postings import read_source

FIXTURES = Path(__file__).parent / "postings"


def expected() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))
    return data


def read_fixture(kb: KnowledgeBase, name: str) -> Posting:
    source = read_source(str(FIXTURES / name))
    return read_posting(kb, source.lines, source.numbers)


@dataclass
class Scores:
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    kind_right: int = 0  # found skills whose required/preferred split agrees with the label
    kind_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_pos + self.false_pos
        return self.true_pos / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_pos + self.false_neg
        return self.true_pos / wanted if wanted else 1.0

    @property
    def split(self) -> float:
        return self.kind_right / self.kind_checked if self.kind_checked else 1.0


def score_all(kb: KnowledgeBase) -> Scores:
    scores = Scores()
    for name, labels in expected().items():
        if "skills" in labels:  # a CV
            source = read_source(str(FIXTURES / name))
            got = set(skills_in(kb, source.lines))
            want = set(labels["skills"])
            kinds: dict[str, bool] = {}
        else:
            posting = read_fixture(kb, name)
            got = {f.skill for f in posting.skills}
            want = set(labels["required"]) | set(labels["preferred"])
            kinds = {s: True for s in labels["required"]} | {s: False for s in labels["preferred"]}
            for found in posting.skills:
                if found.skill in kinds:
                    scores.kind_checked += 1
                    if found.required == kinds[found.skill]:
                        scores.kind_right += 1
                    else:
                        scores.problems.append(f"{name}: {found.skill} marked required={found.required}")
        scores.true_pos += len(got & want)
        scores.false_pos += len(got - want)
        scores.false_neg += len(want - got)
        scores.problems += [f"{name}: found but not labelled: {s}" for s in sorted(got - want)]
        scores.problems += [f"{name}: labelled but not found: {s}" for s in sorted(want - got)]
    return scores


def report(scores: Scores) -> str:
    lines = [
        f"skill extraction over {len(expected())} fixtures: precision {scores.precision:.3f}, "
        f"recall {scores.recall:.3f} ({scores.true_pos} right, {scores.false_pos} extra, {scores.false_neg} missed); "
        f"required/preferred agree on {scores.split:.3f}",
        *scores.problems,
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    from mlcareer.loading.knowledge import load_knowledge

    print(report(score_all(load_knowledge())))
