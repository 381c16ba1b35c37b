"""mlcareer: an offline, bilingual career advisor for AI / ML engineers in Japan.

For scripts, these are the whole public surface (everything else is internal and may change):

    import datetime as dt
    import mlcareer

    kb = mlcareer.load_knowledge()                      # data/*.yaml, validated (or a folder of yours)
    quiz, rules = mlcareer.load_quiz_and_rules(kb)
    answers = mlcareer.parse_answers(kb, quiz, {"background": "web_engineer", "years_experience": 4,
                                                "ml_years": 1, "skills": ["Python"], "interests": ["llm_apps"]})
    result = mlcareer.advise(kb, rules, answers)        # ranked fields, level, phase, gaps, salary, reasons
    document = mlcareer.assessment_json(kb, result, "en")
    plan = mlcareer.build_plan(kb, result.ranking[0].id, result.level, answers.skills, {}, 10.0, dt.date.today())
    markdown = mlcareer.plan_markdown(kb, plan, "ja")

Expected failures raise `MlcareerError` (its message says what to do).

Nothing here reads the environment: `load_knowledge(data_dir=None)` reads the built-in files (or
the folder you pass) and writes no cache to disk (the start-up cache is the CLI's, in the folder it
chooses); answers are parsed from the values you pass. The environment variables in the README
(MLCAREER_HOME, MLCAREER_MAX_INPUT_MB, ...) are read by the CLI only.

How the package is laid out, by role; each layer imports only those above it in this list:

- `errors.py`: MlcareerError, UsageError, Cancelled and the exit codes (ExitCode: 0, 1, 2, 130).
- `i18n/`: the language type and the one way to get UI text (the gettext catalog in `locale/`).
- `domain/`: the pure core. Knowledge records, answers, the quiz, the rule engine, the advisor,
  salary, the skills graph, the planner, interview scheduling, history comparison, posting match.
  No I/O, no clock, no environment, no CLI command or flag names.
- `loading/`: files to the domain: data/*.yaml, answers files, postings; problems as file:line;
  the knowledge cache. `storage/`: the SQLite store and private files. These two are peers.
- `render/`: the domain to text or bytes, never printed there: JSON, Markdown, iCalendar, and the
  terminal views in `render/terminal/` (Rich renderables, Japanese-aware line breaking). Where
  the core suggests a command or option, it names it by what it does (an `Action`);
  `render/actions.py` says which command or flag that is.
- `interactive/`: the quiz and the interview sessions, the only importers of questionary.
- `cli/`: `main(argv) -> int`, the typer app with the one error boundary (`cli/app.py`); the run's
  `Settings` (`cli/settings.py`: language, knowledge folder, pager, home and cache folders, input
  limit, read from the options and the environment once, kept in click's context and passed down
  as plain values; no module-level state, and no layer below reads the environment); every shared
  option declared once (`cli/options.py`); where output goes, and the one way to open the store
  (`cli/output.py`); the saved current plan (`cli/current_plan.py`); and `cli/commands/`, one module
  a command group, composed explicitly in `cli/__init__.py`.

The language travels as a value: the core returns message keys with values, and the renderers and
the CLI say them in the `lang` they are given.

`tests/` mirrors these folders (tests/domain, tests/loading, ... tests/cli); `python tests/test_layers.py`
prints any import that runs up a layer and the deepest import chain.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from mlcareer.domain.advisor import advise
    from mlcareer.domain.planner import build_plan
    from mlcareer.domain.salary import estimate_salary
    from mlcareer.errors import MlcareerError
    from mlcareer.loading.answers import parse_answers
    from mlcareer.loading.knowledge import load_knowledge
    from mlcareer.loading.rules import load_quiz_and_rules
    from mlcareer.render.export import plan_ical, plan_json, plan_markdown
    from mlcareer.render.jsondata import assessment_json

# Loaded on first use: every `mlcareer` run imports this package, and a lookup needs none of them.
_PUBLIC = {
    "load_knowledge": "mlcareer.loading.knowledge",
    "load_quiz_and_rules": "mlcareer.loading.rules",
    "parse_answers": "mlcareer.loading.answers",
    "advise": "mlcareer.domain.advisor",
    "estimate_salary": "mlcareer.domain.salary",
    "build_plan": "mlcareer.domain.planner",
    "assessment_json": "mlcareer.render.jsondata",
    "plan_markdown": "mlcareer.render.export",
    "plan_json": "mlcareer.render.export",
    "plan_ical": "mlcareer.render.export",
    "MlcareerError": "mlcareer.errors",
}

__all__ = [
    "MlcareerError",
    "__version__",
    "advise",
    "assessment_json",
    "build_plan",
    "estimate_salary",
    "load_knowledge",
    "load_quiz_and_rules",
    "parse_answers",
    "plan_ical",
    "plan_json",
    "plan_markdown",
]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'mlcareer' has no attribute {name!r}")
