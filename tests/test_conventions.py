"""The tests' own conventions, checked on their source: the CLI runs in-process through the one `cli`
fixture (cli_runner.Cli), and the built-in knowledge is loaded once per session, in
knowledge_base.py, never when a module is imported."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).parent
# Calls that load the knowledge files (or the quiz and rules, which need the knowledge base).
LOADERS = {"load_knowledge", "cached_knowledge", "load_quiz_and_rules", "builtin_kb", "builtin_quiz", "builtin_rules"}
RUNNERS = {"Cli", "CliRunner"}


def sources() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if p.name not in ("cli_runner.py", "knowledge_base.py"))


def run_at_import(tree: ast.Module) -> Iterator[ast.AST]:
    """Every node Python evaluates when the module is imported: not function bodies or lambdas, but
    decorators (hypothesis strategies, parametrize lists) and default values."""
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            stack += [*node.decorator_list, *node.args.defaults]
            stack += [d for d in node.args.kw_defaults if d is not None]
        elif not isinstance(node, ast.Lambda) and not _is_main_block(node):
            stack += ast.iter_child_nodes(node)


def _is_main_block(node: ast.AST) -> bool:
    """`if __name__ == "__main__":` runs only when the file is run as a script."""
    test = node.test if isinstance(node, ast.If) else None
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def called(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call):
        func = node.func
        return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return None


def test_nothing_loads_the_knowledge_or_builds_a_runner_at_import_time() -> None:
    found = [
        f"{path.relative_to(TESTS)}:{node.lineno}: {called(node)}()"
        for path in sources()
        for node in run_at_import(ast.parse(path.read_text(encoding="utf-8")))
        if called(node) in LOADERS | RUNNERS
    ]
    assert not found, "\n".join(found)


def test_the_cli_runs_in_process_only_through_cli_runner() -> None:
    """Only conftest's `cli` fixture makes a Cli; no module runs the app through a CliRunner of its own."""
    found = []
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in ("typer.testing", "click.testing"):
                found.append(f"{path.relative_to(TESTS)}:{node.lineno}: imports {node.module}")
            if called(node) == "Cli" and path.name != "conftest.py":
                found.append(f"{path.relative_to(TESTS)}:{node.lineno}: Cli()")
    assert not found, "\n".join(found)


def test_the_check_sees_what_runs_at_import_time_and_only_that() -> None:
    source = """
KB = load_knowledge()
@given(st.sampled_from(sorted(builtin_kb().skills)))
def test_a(x, kb=cached_knowledge(None, cache_dir=None)):
    load_quiz_and_rules(kb)
run = Cli()
lazy = lambda: builtin_rules()
class Holder:
    runner = CliRunner()
"""
    seen = sorted(name for node in run_at_import(ast.parse(source)) if (name := called(node)) in LOADERS | RUNNERS)
    assert seen == ["Cli", "CliRunner", "builtin_kb", "cached_knowledge", "load_knowledge"]
