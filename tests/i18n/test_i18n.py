"""The message catalog: language choice, completeness, the compiled .mo, click's own strings."""

from __future__ import annotations

import ast
import io
import os
import re
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import typer
import typer.main
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from cli_runner import Cli

import mlcareer
from mlcareer.cli import app
from mlcareer.i18n import LOCALE_DIR, Lang, _, detect_lang, ngettext

PO = LOCALE_DIR / "ja" / "LC_MESSAGES" / "mlcareer.po"
MO = PO.with_suffix(".mo")
SRC = Path(mlcareer.__file__).parent


def _catalog() -> dict[str, tuple[str, ...]]:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    entries: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            entries[msgid] = tuple(strings)
    return entries


def _literal_msgids(paths: list[Path], functions: set[str]) -> set[str]:
    """String literals passed to the catalog functions (what `pybabel extract` would find)."""
    found: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in functions:
                continue
            literals = node.args[:2] if name in {"ngettext", "nmsg"} else node.args[:1]
            found |= {arg.value for arg in literals if isinstance(arg, ast.Constant) and isinstance(arg.value, str)}
    return found


def _help_texts(command: click.Command, name: str = "mlcareer") -> Iterator[tuple[str, str, str]]:
    """(command, where, text) for every help text of the command tree, as English msgids."""
    for attr in ("help", "short_help", "epilog", "rich_help_panel"):
        text = getattr(command, attr, None)
        if text:
            yield name, attr, text
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            yield name, f"--{param.name}", text
    for sub_name, sub in getattr(command, "commands", {}).items():
        yield from _help_texts(sub, sub_name)


def _ours() -> set[str]:
    return _literal_msgids(sorted(SRC.rglob("*.py")), {"_", "N_", "ngettext", "msg", "nmsg"})


def _theirs() -> set[str]:
    """click's and typer's msgids (their gettext calls, and typer's completion options)."""
    paths = sorted(Path(click.__file__).parent.glob("*.py")) + sorted(Path(typer.__file__).parent.glob("*.py"))
    return _literal_msgids(paths, {"_", "ngettext"})


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"MLCAREER_LANG": "ja", "LC_ALL": "en_US.UTF-8"}, "ja"),
        ({"MLCAREER_LANG": "en", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"MLCAREER_LANG": "fr", "LANG": "ja_JP.UTF-8"}, "ja"),  # not one of ours: the locale decides
        ({"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, "ja"),
        ({"LC_ALL": "C", "LANG": "ja_JP.UTF-8"}, "en"),  # LC_ALL overrides LANG even when it is C
        ({"LC_MESSAGES": "ja_JP.eucJP", "LANG": "C.UTF-8"}, "ja"),
        ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "ja"}, "ja"),  # empty means unset
        ({}, "en"),
    ],
)
def test_language_order_is_flag_env_then_posix(env: dict[str, str], expected: str) -> None:
    assert detect_lang(env) == expected


def test_lc_all_alone_gives_japanese_output() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("MLCAREER_LANG", "LANG", "LC_MESSAGES")}
    result = subprocess.run(
        [sys.executable, "-m", "mlcareer", "levels"],
        capture_output=True,
        text=True,
        check=True,
        env={**env, "LC_ALL": "ja_JP.UTF-8"},
    )
    assert "経験レベル" in result.stdout


def test_no_msgid_is_in_the_catalog_twice() -> None:
    """Two helpers' merges can each keep an entry; Babel silently keeps one, so the other's edits are lost."""
    seen: list[tuple[str, str]] = []
    current = None
    for line in PO.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgctxt "):
            current = line
        elif line.startswith("msgid "):
            seen.append((current or "", line))
            current = None
    duplicates = sorted({entry for entry in seen if seen.count(entry) > 1 and entry[1] != 'msgid ""'})
    assert duplicates == []


def test_every_entry_is_translated() -> None:
    untranslated = [msgid for msgid, strings in _catalog().items() if not all(s.strip() for s in strings)]
    assert untranslated == []


def test_mo_is_compiled_from_the_po() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert MO.read_bytes() == compiled.getvalue(), "run: pybabel compile -d src/mlcareer/locale -D mlcareer"


def test_every_msgid_in_the_code_is_in_the_catalog() -> None:
    assert sorted(_ours() - set(_catalog())) == []


def test_every_help_text_is_in_the_catalog() -> None:
    catalog = _catalog()
    missing = [
        (command, where, text)
        for command, where, text in _help_texts(typer.main.get_command(app))
        if text not in catalog
    ]
    assert missing == []


def test_no_entry_is_unused() -> None:
    used = _ours() | _theirs() | {text for _c, _w, text in _help_texts(typer.main.get_command(app))}
    assert sorted(set(_catalog()) - used) == []


def _fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _t, name, _s, _c in string.Formatter().parse(template) if name}


def test_every_translation_fills_the_same_fields() -> None:
    """A msgstr that names a field its msgid lacks fails only at run time, and only in Japanese."""
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        known = set().union(*(_fields(i) for i in ids))
        wrong += [(ids[0], s) for s in strings if not _fields(s) <= known]
    assert wrong == []


def test_plural_forms() -> None:
    one = ngettext("The knowledge files have {count} problem:", "The knowledge files have {count} problems:", 1, "en")
    many = ngettext("The knowledge files have {count} problem:", "The knowledge files have {count} problems:", 3, "en")
    assert (one.format(count=1), many.format(count=3)) == (
        "The knowledge files have 1 problem:",
        "The knowledge files have 3 problems:",
    )
    assert ngettext("The knowledge files have {count} problem:", "", 3, "ja").format(count=3) == (
        "知識ファイルに 3 件の問題があります:"
    )


def test_the_language_is_given_never_remembered(cli: Cli) -> None:
    """No current language to leak: after a Japanese run in this process, English is still asked for."""
    import mlcareer.i18n

    assert cli("levels", "--lang", "ja").exit_code == 0
    assert (_("Usage:", "en"), _("Usage:", "ja")) == ("Usage:", "使い方:")
    assert not hasattr(mlcareer.i18n, "current_lang") and not hasattr(mlcareer.i18n, "_current")
    assert "Level" in cli("levels").stdout


def test_click_speaks_japanese_through_the_catalog() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mlcareer", "--lang", "ja", "rolez"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "100"},
    )
    assert result.returncode == 2
    assert "使い方: mlcareer" in result.stderr and "'rolez' というコマンドはありません。" in result.stderr
    assert "Usage" not in result.stderr and "No such command" not in result.stderr


def test_english_stays_english_under_a_japanese_locale() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mlcareer", "--lang", "en", "roles", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LANG": "ja_JP.UTF-8", "COLUMNS": "100"},
    )
    assert "Usage:" in result.stdout and "Show this message and exit." in result.stdout


def test_the_words_of_a_usage_line_are_japanese_too(cli: Cli) -> None:
    ja = cli("match", "--help", "--lang", "ja").stdout
    assert "使い方: mlcareer match [オプション] ファイル|-|フォルダ..." in ja
    assert "文字列" in ja and "パス" in ja  # --lang TEXT, --data-dir PATH
    assert not re.search(r"\b(OPTIONS|TEXT|PATH|FILE|FOLDER)\b", ja), ja
    root = cli("--help", "--lang", "ja").stdout
    assert "[オプション] コマンド [引数]..." in root
    en = cli("match", "--help", "--lang", "en").stdout
    assert "[OPTIONS] FILE|-|FOLDER..." in en and "TEXT" in en


def _arguments(command: click.Command, words: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Argument]]:
    for param in command.params:
        if isinstance(param, click.Argument):
            yield words, param
    for name, sub in getattr(command, "commands", {}).items():
        yield from _arguments(sub, (*words, name))


@pytest.mark.parametrize(("lang", "heading"), [("en", "Arguments"), ("ja", "引数")])
def test_an_argument_is_shown_by_its_word_and_what_it_is(cli: Cli, lang: Lang, heading: str) -> None:
    """The help panel once began each argument's row with the Python parameter's name (`paths`) and
    said nothing about it; now the row is the argument's word (in the reader's language) and what it is."""
    from mlcareer.cli.app import ARGUMENT_HELP, METAVARS

    found = list(_arguments(typer.main.get_command(app)))
    assert {words[-1] for words, _param in found} >= {"match", "done", "undo", "skills", "roles", "show", "validate"}
    for words, param in found:
        assert param.metavar in ARGUMENT_HELP, words
        out = cli("--lang", lang, *words, "--help").stdout
        panel = out.split(f"─ {heading} ─", 1)[1].split("╰", 1)[0]
        assert not re.search(rf"│\s*\*?\s*{param.name}\b", panel), (words, panel)
        flat = re.sub(r"[\s│]", "", panel)
        word = _(param.metavar, lang) if param.metavar in METAVARS else param.metavar
        assert word in flat and re.sub(r"\s", "", _(ARGUMENT_HELP[param.metavar], lang)) in flat, (words, panel)
