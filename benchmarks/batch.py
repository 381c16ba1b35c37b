"""Batch assessment throughput: 10,000 generated profiles through the whole pipeline.

Each profile is validated (parse_answers), advised (advise) and serialized to a JSON line, as
`mlcareer assess --answers cohort.jsonl` does. Start-up (imports, loading knowledge and rules) is
timed separately; the figure that matters is profiles per second after it. Aim: >= 5,000/s.

    python benchmarks/batch.py [--profiles 10000] [--seed 7] [--cli]

--cli also times the real command on a JSON Lines file, start-up included.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def generate(count: int, seed: int, skills: list[str], quiz: Any) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    backgrounds = list(quiz.questions["background"].choice_ids)
    interests = list(quiz.questions["interests"].choice_ids)
    industries = list(quiz.questions["industries"].choice_ids)
    profiles = []
    for _ in range(count):
        years = rng.randint(0, 30)
        profiles.append(
            {
                "background": rng.choice(backgrounds),
                "years_experience": years,
                "ml_years": rng.randint(0, years),
                "skills": rng.sample(skills, rng.randint(0, 30)),
                "interests": rng.sample(interests, rng.randint(1, 3)),
                "industries": rng.sample(industries, rng.randint(0, 2)),
                "weekly_hours": rng.randint(1, 40),
            }
        )
    return profiles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cli", action="store_true", help="also time the real command on a JSONL file")
    args = parser.parse_args()

    started = time.perf_counter()
    from mlcareer.domain.advisor import advise
    from mlcareer.domain.rules import load_quiz_and_rules
    from mlcareer.loading.answers import parse_answers
    from mlcareer.loading.knowledge import load_knowledge
    from mlcareer.render.jsondata import assessment_json

    kb = load_knowledge()
    quiz, rules = load_quiz_and_rules(kb)
    startup = time.perf_counter() - started
    profiles = generate(args.profiles, args.seed, sorted(kb.skills), quiz)

    started = time.perf_counter()
    size = 0
    for profile in profiles:
        result = advise(kb, rules, parse_answers(kb, quiz, profile))
        size += len(json.dumps(assessment_json(kb, result, "en"), ensure_ascii=False))
    elapsed = time.perf_counter() - started
    print(f"start-up (imports, knowledge, rules): {startup * 1000:.0f} ms")
    print(f"{args.profiles:,} profiles in {elapsed:.2f} s: {args.profiles / elapsed:,.0f} profiles/s "
          f"(aim >= 5,000/s; {size / 1e6:.1f} MB of JSON)")  # fmt: skip

    if args.cli:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "cohort.jsonl"
            path.write_text("".join(json.dumps(p) + "\n" for p in profiles), encoding="utf-8")
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "mlcareer", "assess", "--answers", str(path)],
                env={**os.environ, "MLCAREER_HOME": tmp},
                stdout=subprocess.DEVNULL,
                check=True,
            )
            total = time.perf_counter() - started
        print(f"mlcareer assess --answers cohort.jsonl: {total:.2f} s in all, {args.profiles / total:,.0f} profiles/s")


if __name__ == "__main__":
    main()
