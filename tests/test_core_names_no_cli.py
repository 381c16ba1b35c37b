"""The core (domain/, loading/, storage/) says what went wrong and what the person can do, never which
command, flag or environment variable does it: that is an `Action`, spelled by `render/actions.py`.
Checked on the catalog keys of the core's source (the msg/nmsg/N_ calls, read as `pybabel extract`
reads them), against the commands and options the CLI really has; and the spelled sentences still
name them, in both languages.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import typer.main
from cli_runner import Cli

import mlcareer
from mlcareer.cli import app
from mlcareer.domain.message import Action, msg
from mlcareer.render.actions import SPELLINGS
from mlcareer.render.phrases import say

SRC = Path(mlcareer.__file__).parent
CORE = ("domain", "loading", "storage")
CATALOG_CALLS = {"msg", "nmsg", "N_", "_", "ngettext"}


def _calls(paths: list[Path], names: set[str]) -> Iterator[tuple[str, str, ast.Call]]:
    """(file:line, the function's name, the call) for every call of one of `names`."""
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name in names:
                    yield f"{path.relative_to(SRC)}:{node.lineno}", name, node


def core_msgids() -> list[tuple[str, str]]:
    """(file:line, msgid) for every catalog key in the core: plural forms too."""
    paths = sorted(p for layer in CORE for p in (SRC / layer).rglob("*.py"))
    found = []
    for where, name, call in _calls(paths, CATALOG_CALLS):
        keys = call.args[:2] if name in {"nmsg", "ngettext"} else call.args[:1]
        found += [(where, k.value) for k in keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
    return found


def _tree(command: click.Command) -> Iterator[click.Command]:
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _tree(sub)


def cli_words() -> tuple[set[str], set[str]]:
    """The names of every command (and subcommand) and every option string the CLI has."""
    commands, options = set(), set()
    for command in _tree(typer.main.get_command(app)):
        commands |= set(getattr(command, "commands", {}))
        for param in command.params:
            options |= {o for o in (*param.opts, *param.secondary_opts) if o.startswith("-")}
    return commands, options


def names_cli(text: str, commands: set[str], options: set[str]) -> list[str]:
    """What of the CLI `text` names: `mlcareer <command>`, any `--word`, any option the CLI has, and
    mlcareer's environment variables (MLCAREER_HOME)."""
    named = [f"mlcareer {word}" for word in re.findall(r"\bmlcareer ([a-z][\w-]*)", text) if word in commands]
    named += re.findall(r"(?<![\w-])--[a-zA-Z][\w-]*", text)
    named += re.findall(r"\bMLCAREER_[A-Z_]+", text)
    named += [o for o in sorted(options) if re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", text)]
    return sorted(set(named))


def test_the_check_finds_commands_and_flags_and_only_them() -> None:
    commands, options = cli_words()
    assert {"skills", "done", "interview", "roadmap", "show", "validate"} <= commands
    assert {"--force", "--start", "-o", "-s", "--data-dir"} <= options
    assert names_cli("Check the names with mlcareer skills.", commands, options) == ["mlcareer skills"]
    assert names_cli("Add --force to replace it. To write to standard output, use -o -.", commands, options) == [
        "--force",
        "-o",
    ]
    assert names_cli("Practise: mlcareer interview -s mlops", commands, options) == ["-s", "mlcareer interview"]
    assert names_cli("Fix it, or set MLCAREER_HOME to another folder.", commands, options) == ["MLCAREER_HOME"]
    # The program's own name, a range of hours, a hyphenated word and stdin's "-" are not CLI words.
    for text in ("another mlcareer is using it; run mlcareer again", "plan for 10-20 h a week", "read - (stdin)"):
        assert names_cli(text, commands, options) == [], text


def test_no_catalog_key_of_the_core_names_a_command_flag_or_variable() -> None:
    commands, options = cli_words()
    keys = core_msgids()
    assert len(keys) > 200  # the scan reads the core's messages (it found none if the call names changed)
    offenders = [
        f"{where}: {text!r} names {named}" for where, text in keys if (named := names_cli(text, commands, options))
    ]
    assert offenders == []


def test_every_action_of_the_core_has_a_spelling() -> None:
    paths = sorted(SRC.rglob("*.py"))
    used = {
        (call.args[0].value, where)
        for where, _name, call in _calls(paths, {"Action"})
        if isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)
    }
    assert {"list", "practise", "tick_off", "choose_start", "choose_data_dir", "replace", "choose_home"} <= {
        w for w, _ in used
    }
    assert [f"{where}: {what}" for what, where in used if what not in SPELLINGS] == []


@pytest.mark.parametrize(
    ("action", "en", "ja"),
    [
        (Action("list", "skill"), "mlcareer skills", "mlcareer skills"),
        (Action("list", "topic"), "mlcareer interview --list", "mlcareer interview --list"),
        (Action("list", "answer"), "mlcareer --help", "mlcareer --help"),  # a kind with no list of its own
        (Action("practise", "mlops"), "mlcareer interview -s mlops", "mlcareer interview -s mlops"),
        (Action("choose_data_dir"), "--data-dir or MLCAREER_DATA_DIR", "--data-dir か MLCAREER_DATA_DIR"),
    ],
)
def test_an_action_reads_as_what_the_person_types(action: Action, en: str, ja: str) -> None:
    phrase = msg("See the list: {command}", command=action)
    assert say(phrase, "en") == f"See the list: {en}"
    assert say(phrase, "ja") == f"一覧: {ja}"


def test_a_past_start_date_says_which_command_and_flag(cli: Cli) -> None:
    start = (dt.date.today() - dt.timedelta(days=400)).isoformat()
    for lang, expected in (
        ("en", "Tick off what you have done with mlcareer done ID, or leave out --start to plan from today."),
        ("ja", "終えたものは mlcareer done ID で記録するか、--start を省いて今日から計画してください。"),
    ):
        plan = cli.json("--lang", lang, "roadmap", "-s", "mlops", "--start", start)
        (warning,) = (w for w in plan["warnings"] if w["id"] == "past_start")
        assert warning["text"].endswith(expected)


def test_errors_from_the_core_name_the_flag_to_change(cli: Cli, tmp_path: Path) -> None:
    result = cli("--lang", "en", "skills", "no-such-skill-at-all")
    assert result.exit_code == 1
    assert "Unknown skill 'no-such-skill-at-all'. See the list: mlcareer skills" in result.stderr
    result = cli("--lang", "ja", "--data-dir", str(tmp_path / "missing"), "skills")
    assert result.exit_code == 2
    assert "がありません。--data-dir か MLCAREER_DATA_DIR を確認してください。" in result.stderr
    there = tmp_path / "plan.md"
    there.write_text("mine", encoding="utf-8")
    result = cli("--lang", "en", "roadmap", "-s", "mlops", "--export", "md", "-o", str(there))
    assert result.exit_code == 1
    assert "(the file is unchanged). Add --force to replace it." in result.stderr
    assert there.read_text(encoding="utf-8") == "mine"
