"""`mlcareer match` speed: one posting after start-up, and a folder of 1,000 postings.

The postings are the hand-written fixtures in tests/postings/ (ja, en, mixed; text, Markdown, HTML),
copied round-robin into a temporary folder with a line of their own each, so no two are the same.

- one posting: read, extracted and matched in process, after start-up (imports, knowledge, automaton).
  Aim: a few milliseconds.
- a folder: the same for 1,000 files, each read from disk and turned into a JSON line, in process.
  Aim: under 2 seconds on one core.
- --cli also times the real command on the folder, start-up included.

    python benchmarks/match.py [--postings 1000] [--cli]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "postings"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=1000)
    parser.add_argument("--cli", action="store_true", help="also time the real command on the folder")
    args = parser.parse_args()

    started = time.perf_counter()
    from mlcareer.domain.matching import Person, match_posting
    from mlcareer.domain.posting import read_posting
    from mlcareer.loading.knowledge import load_knowledge
    from mlcareer.loading.postings import read_source
    from mlcareer.loading.rules import load_quiz_and_rules
    from mlcareer.render.terminal.match import match_json

    kb = load_knowledge()
    _, rules = load_quiz_and_rules(kb)
    person = Person(("python", "sql", "pandas", "git", "docker"), "mid", 4, 10.0, 900)
    today = dt.date.today()
    samples = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md", ".html"))
    first = read_source(str(samples[0]))
    match_posting(kb, rules, read_posting(kb, first.lines, first.numbers), person, today)  # builds the automaton
    startup = time.perf_counter() - started

    def one(path: Path) -> str:
        source = read_source(str(path))
        result = match_posting(kb, rules, read_posting(kb, source.lines, source.numbers), person, today)
        return json.dumps({"file": source.name, **match_json(kb, result, "en")}, ensure_ascii=False)

    print(f"start-up (imports, knowledge, automaton): {startup * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as folder:
        # A long posting: five of the fixtures (Japanese, English, mixed) back to back.
        names = ("ja_llm_rag.md", "en_cv_engineer.md", "ja_mlops.txt", "en_data_scientist.txt", "mixed_ml_engineer.md")
        long_text = "\n\n".join((FIXTURES / name).read_text(encoding="utf-8") for name in names)
        long_posting = Path(folder) / "long.md"
        long_posting.write_text(long_text, encoding="utf-8")
        timings = []
        for _ in range(200):
            begin = time.perf_counter()
            one(long_posting)
            timings.append(time.perf_counter() - begin)
    print(
        f"one posting ({len(long_text):,} characters): "
        f"median {statistics.median(timings) * 1000:.2f} ms, best {min(timings) * 1000:.2f} ms"
    )

    with tempfile.TemporaryDirectory() as folder:
        for index in range(args.postings):
            sample = samples[index % len(samples)]
            text = sample.read_text(encoding="utf-8") + f"\nposting {index}\n"
            (Path(folder) / f"posting-{index:04d}{sample.suffix}").write_text(text, encoding="utf-8")
        files = sorted(Path(folder).iterdir())
        begin, cpu = time.perf_counter(), time.process_time()
        lines = [one(path) for path in files]
        elapsed, cpu = time.perf_counter() - begin, time.process_time() - cpu
        assert len(lines) == args.postings
        # CPU time too: on a shared machine the wall clock also counts the other processes' turns.
        print(
            f"{args.postings:,} postings in a folder, in process: {elapsed:.2f} s "
            f"({args.postings / elapsed:,.0f} postings/s; {cpu:.2f} s of CPU)"
        )
        if args.cli:
            env = {**os.environ, "MLCAREER_HOME": tempfile.mkdtemp(), "COLUMNS": "100"}
            command = [sys.executable, "-m", "mlcareer", "match", folder, "--skills", "python,sql", "--json"]
            begin = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True, check=True)
            elapsed = time.perf_counter() - begin
            print(
                f"mlcareer match FOLDER --json, start-up included: {elapsed:.2f} s "
                f"({len(done.stdout.splitlines()):,} JSON lines)"
            )


if __name__ == "__main__":
    main()
