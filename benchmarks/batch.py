"""Batch assessment throughput: 10,000 generated profiles through the whole pipeline.

Each profile is validated (parse_answers), advised (advise) and serialized to a JSON line, as
`mlcareer assess --answers cohort.jsonl` does. Start-up (imports, loading knowledge and rules) is
timed separately; the figure that matters is profiles per second after it. Aim: >= 5,000/s.

    python benchmarks/batch.py [--profiles 10000] [--seed 7] [--cli]

--cli also times the real command on a JSON Lines file, start-up included, run as installed: the
first run builds the knowledge cache, the second is the usual warm run (the figure that counts).
Wall time depends on what else the machine runs, so CPU time and the load average are printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
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
    from mlcareer.loading.answers import parse_answers
    from mlcareer.loading.knowledge import load_knowledge
    from mlcareer.loading.rules import load_quiz_and_rules
    from mlcareer.render.jsondata import assessment_line

    kb = load_knowledge()
    quiz, rules = load_quiz_and_rules(kb)
    startup = time.perf_counter() - started
    profiles = generate(args.profiles, args.seed, sorted(kb.skills), quiz)

    started, cpu = time.perf_counter(), time.process_time()
    size = 0
    for number, profile in enumerate(profiles, 1):
        result = advise(kb, rules, parse_answers(kb, quiz, profile))
        size += len(assessment_line(kb, result, "en", number))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"start-up (imports, knowledge, rules): {startup * 1000:.0f} ms")
    print(f"in-process: {args.profiles:,} profiles in {elapsed:.2f} s: {args.profiles / elapsed:,.0f} profiles/s "
          f"(CPU {cpu / args.profiles * 1e6:.0f} µs a profile; {size / 1e6:.1f} MB of JSON)")  # fmt: skip

    if args.cli:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "cohort.jsonl"
            path.write_text("".join(json.dumps(p) + "\n" for p in profiles), encoding="utf-8")
            # As installed: bytecode is cached (a wheel install compiles it), and MLCAREER_HOME holds
            # the knowledge cache after the first run.
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            env["MLCAREER_HOME"] = tmp
            for run in ("first run (cold cache)", "warm run"):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "mlcareer", "assess", "--answers", str(path)],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    check=True,
                )
                total = time.perf_counter() - started
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                print(f"mlcareer assess --answers cohort.jsonl, {run}: {total:.2f} s in all, "
                      f"{args.profiles / total:,.0f} profiles/s (CPU {used:.2f} s over all processes; "
                      f"load average {os.getloadavg()[0]:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
