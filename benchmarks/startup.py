"""How much a lookup costs over the floor of its libraries.

Times `mlcareer roles --level mid` against a floor program (a minimal typer command that loads a YAML
file with the C loader and prints a Rich table) and `python -c pass`, alternating runs so that load
on the machine hits all alike, and prints medians and the ratio. Aim: ratio <= 1.3.

    python benchmarks/startup.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = """
import typer
app = typer.Typer()
@app.command()
def main() -> None:
    import yaml
    from rich.console import Console
    from rich.table import Table
    with open({path!r}, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=yaml.CSafeLoader)
    table = Table("id", "name")
    for key, value in data.items():
        table.add_row(key, str(value))
    Console().print(table)
app()
"""


def time_once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        yaml_path = Path(tmp) / "floor.yaml"
        yaml_path.write_text("".join(f"k{i}: value {i}\n" for i in range(50)), encoding="utf-8")
        floor = Path(tmp) / "floor.py"
        floor.write_text(FLOOR.format(path=str(yaml_path)), encoding="utf-8")
        # Measure what an installed copy does: pip writes bytecode at install time, so make sure it
        # exists here too (PYTHONDONTWRITEBYTECODE, set on some machines, would recompile every run).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update({"COLUMNS": "100", "MLCAREER_HOME": tmp})
        import mlcareer

        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(Path(mlcareer.__file__).parent)], env=env, check=True
        )
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "floor (typer+yaml+rich)": [sys.executable, str(floor)],
            "mlcareer roles --level mid": [
                sys.executable,
                "-m",
                "mlcareer",
                "roles",
                "--level",
                "mid",
            ],
        }
        for cmd in commands.values():  # warm the file cache and .pyc files
            time_once(cmd, env)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                samples[name].append(time_once(cmd, env))
    medians = {name: statistics.median(values) * 1000 for name, values in samples.items()}
    for name, value in medians.items():
        print(f"{name:32} median {value:7.1f} ms  (n={args.runs})")
    ratio = medians["mlcareer roles --level mid"] / medians["floor (typer+yaml+rich)"]
    print(f"ratio mlcareer / floor: {ratio:.2f} (aim <= 1.30)")


if __name__ == "__main__":
    main()
