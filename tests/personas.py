"""The persona suite (tests/personas.yaml): real kinds of people and what a counsellor would tell them."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import yaml


class Persona(NamedTuple):
    name: str
    answers: dict[str, Any]
    expect: dict[str, Any]

    @property
    def top(self) -> str:
        """The best fit the suite expects (the first, when two are equally right)."""
        top = self.expect.get("top", "")
        return top[0] if isinstance(top, list) else str(top)


SUITE = Path(__file__).with_name("personas.yaml")


def load_personas(path: Path = SUITE) -> list[Persona]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Persona(p["name"], p["answers"], p.get("expect", {})) for p in data]


PERSONAS = load_personas()
