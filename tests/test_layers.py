"""The layers, checked on the source: the pure core depends on nothing above it, renderers never
reach the CLI or the prompts, only interactive/ imports questionary, and only cli/ reads the
environment. Every import counts, including those inside functions and under TYPE_CHECKING.

    python tests/test_layers.py    prints the imports up a layer, the environment reads below the
                                   CLI, and the deepest import chain
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import mlcareer

SRC = Path(mlcareer.__file__).parent
LAYERS = ("domain", "loading", "storage", "render", "interactive", "cli")
# What each layer may not import (besides questionary/prompt_toolkit, kept to interactive/).
FORBIDDEN = {
    "domain": {"loading", "storage", "render", "interactive", "cli"},
    # loading and storage are peers at the edge: the cache is a private file, the store reads paths.
    "loading": {"render", "interactive", "cli"},
    "storage": {"render", "interactive", "cli"},
    "render": {"interactive", "cli"},
    "interactive": {"cli"},
}
PROMPTS = ("questionary", "prompt_toolkit")


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file, `from a import b` counted as a and a.b."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "mlcareer" and parts[1] in LAYERS else None


def violations() -> list[str]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        here = module_name(path)
        layer = layer_of(here)
        for line, target in imports_of(path):
            if target.split(".")[0] in PROMPTS and layer != "interactive":
                out.append(f"{here}:{line} imports {target}")
            if layer in FORBIDDEN and layer_of(target) in FORBIDDEN[layer]:
                out.append(f"{here}:{line} imports {target}")
    return out


def test_no_import_runs_up_a_layer() -> None:
    assert violations() == []


def test_the_layers_are_there() -> None:
    for layer in LAYERS:
        assert (SRC / layer / "__init__.py").is_file(), layer
    for name in ("errors.py", "cli/options.py", "cli/output.py", "cli/commands/__init__.py"):
        assert (SRC / name).is_file(), name


def test_the_checker_sees_an_import_up_a_layer(tmp_path: Path) -> None:
    """The check itself can fail: a domain module importing the CLI, inside a function, is caught."""
    bad = tmp_path / "x.py"
    bad.write_text("def f():\n    from mlcareer.cli.output import print_json\n", encoding="utf-8")
    (line, target), *_ = imports_of(bad)
    assert line == 2 and layer_of(target) == "cli" and "cli" in FORBIDDEN["domain"]


# Outside cli/ nothing reads (or sets) the environment: the CLI's Settings reads it once a run and
# passes the values down, so a script calling the core gets the same result wherever it runs.
READS_THE_ENVIRONMENT = ("cli", "__main__.py")
ENVIRONMENT_NAMES = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}


def environment_reads(path: Path) -> list[tuple[int, str]]:
    """(line, what) for every use of the process environment in the file: `os.environ`, `os.getenv`
    and the like however `os` is named, `from os import environ`, `getattr(os, "environ")`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in ENVIRONMENT_NAMES:
            found.append((node.lineno, node.attr))
        elif isinstance(node, ast.ImportFrom) and node.module in ("os", "posix", "nt"):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name in ENVIRONMENT_NAMES]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr":
            names = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
            found += [(node.lineno, str(name)) for name in names if name in ENVIRONMENT_NAMES]
    return found


def environment_reads_below_the_cli() -> list[str]:
    """Every use of the environment in errors.py, i18n/, domain/, loading/, storage/, render/ and
    interactive/ (every module but cli/ and __main__)."""
    return [
        f"{module_name(path)}:{line} uses {what}"
        for path in sorted(SRC.rglob("*.py"))
        if path.relative_to(SRC).parts[0] not in READS_THE_ENVIRONMENT
        for line, what in environment_reads(path)
    ]


def test_nothing_below_the_cli_reads_the_environment() -> None:
    assert environment_reads_below_the_cli() == []


def test_the_environment_check_can_fail(tmp_path: Path) -> None:
    """Each way of reading the environment is caught; a comment or a docstring naming it is not."""
    bad = tmp_path / "x.py"
    bad.write_text(
        '"""Reads os.environ? No."""\n'
        "# os.getenv('HOME') in a comment\n"
        "import os as o\n"
        "def f():\n"
        "    from os import getenv\n"
        "    return o.environ.get('A'), getattr(o, 'environ'), getenv('B')\n",
        encoding="utf-8",
    )
    assert sorted(environment_reads(bad)) == [(5, "getenv"), (6, "environ"), (6, "environ")]
    assert environment_reads(SRC / "cli" / "settings.py"), "the CLI's settings read the environment"


def import_graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in SRC.rglob("*.py")}
    # The root package is left out as a target: its imports are the lazy public surface.
    return {
        name: {t for _, t in imports_of(path) if t in modules and t not in (name, "mlcareer")}
        for name, path in modules.items()
    }


def deepest_chain() -> list[str]:
    graph = import_graph()

    @functools.cache
    def chain(name: str, seen: frozenset[str] = frozenset()) -> tuple[str, ...]:
        longest: tuple[str, ...] = ()
        for target in sorted(graph[name] - seen):
            candidate = chain(target, seen | {name})
            longest = max(longest, candidate, key=len)
        return (name, *longest)

    return list(max((chain(name) for name in graph), key=len))


if __name__ == "__main__":
    problems = violations()
    print("imports up a layer:", problems or "none")
    print("environment read below the CLI:", environment_reads_below_the_cli() or "none")
    path = deepest_chain()
    print(f"deepest import chain ({len(path) - 1} steps): " + " -> ".join(path))


def test_errors_load_no_layer() -> None:
    """Every layer imports mlcareer.errors, so importing it must not load any of them (its types
    come in for the type checker only; str() of an error renders lazily, through render)."""
    import subprocess
    import sys

    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, mlcareer.errors; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    layers = sorted(m for m in loaded if layer_of(m) is not None)
    assert layers == []
