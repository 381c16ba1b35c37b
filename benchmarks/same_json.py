"""Proof that a speed change left the advice alone: the JSON of generated profiles, before and after.

    python benchmarks/same_json.py --save /tmp/before.jsonl     # on the old code
    python benchmarks/same_json.py --check /tmp/before.jsonl    # on the new code: exit 1 on any difference

Each profile (the batch benchmark's generator, both languages, plus the persona suite) is run the
way a cohort is, through `mlcareer.cli.cohort`, so the lines compared are the lines a batch prints.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from batch import generate


def lines(count: int, seed: int) -> list[str]:
    from mlcareer.cli.cohort import assess_cohort
    from mlcareer.loading.knowledge import load_knowledge
    from mlcareer.loading.rules import load_quiz_and_rules

    from personas import PERSONAS

    kb = load_knowledge()
    quiz, rules = load_quiz_and_rules(kb)
    records: list[Any] = [p.answers for p in PERSONAS] + generate(count, seed, sorted(kb.skills), quiz)
    out = []
    for lang in ("en", "ja"):
        for number, line, problems in assess_cohort(kb, quiz, rules, records, where="profiles", lang=lang):
            failure = json.dumps({"record": number, "problems": problems})
            out.append(line.decode("utf-8").rstrip("\n") if line else failure)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path)
    action.add_argument("--check", type=Path)
    parser.add_argument("--profiles", type=int, default=400)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    now = lines(args.profiles, args.seed)
    if args.save:
        args.save.write_text("\n".join(now) + "\n", encoding="utf-8")
        print(f"saved {len(now)} lines to {args.save}")
        return 0
    before = args.check.read_text(encoding="utf-8").splitlines()
    if len(before) != len(now):
        print(f"{len(before)} lines before, {len(now)} now")
        return 1
    differ = [i for i, (old, new) in enumerate(zip(before, now, strict=True)) if json.loads(old) != json.loads(new)]
    bytes_differ = sum(old != new for old, new in zip(before, now, strict=True))
    for i in differ[:5]:
        old, new = json.loads(before[i]), json.loads(now[i])
        keys = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        print(f"line {i + 1}: differs in {keys}")
    print(f"{len(now)} lines: {len(differ)} differ in content, {bytes_differ} differ in bytes")
    return 1 if differ or bytes_differ else 0


if __name__ == "__main__":
    sys.exit(main())
