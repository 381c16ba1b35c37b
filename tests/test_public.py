"""The public surface: the example in mlcareer's docstring runs as written, and costs nothing at import."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import mlcareer


def test_the_docstring_example_runs() -> None:
    doc = mlcareer.__doc__ or ""
    block = doc.split("For scripts", 1)[1].split("Expected failures", 1)[0]
    example = "\n".join(line for line in block.splitlines()[1:] if line.startswith("    ") or not line.strip())
    namespace: dict[str, object] = {}
    exec(textwrap.dedent(example), namespace)
    markdown = namespace["markdown"]
    assert isinstance(markdown, str) and markdown.startswith("#")
    document = namespace["document"]
    assert isinstance(document, dict) and document["specializations"][0]["id"] == "genai_llm"


def test_every_public_name_resolves_and_nothing_else_does() -> None:
    assert set(mlcareer.__all__) == {"__version__", *mlcareer._PUBLIC}
    for name in mlcareer.__all__:
        assert getattr(mlcareer, name) is not None
    try:
        mlcareer.views  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError:
        pass
    else:
        raise AssertionError("an internal module leaked into the public surface")


def test_importing_mlcareer_loads_none_of_it() -> None:
    code = "import sys, mlcareer; print(sorted(m for m in sys.modules if m.startswith('mlcareer.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
