"""The typer app and what every command shares: options, language, printing, error mapping.

Heavy modules (rich, the knowledge loader, questionary) are imported inside the functions that
use them, so `--help` and simple lookups start fast.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

import click
import typer
from typer.core import TyperGroup

from mlcareer import __version__
from mlcareer.errors import EXIT_CANCELLED, EXIT_USAGE, MlcareerError
from mlcareer.i18n import LANGS, Lang, detect_lang, set_lang

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlcareer.model import KnowledgeBase


def _help_lang(argv: list[str]) -> Lang:
    """Help is built before options are parsed, so look for --lang in the arguments first."""
    for index, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else None
        if arg in ("--lang", "-l") and index + 1 < len(argv):
            value = argv[index + 1]
        if value is not None and value.strip().lower() in ("ja", "en"):
            return "ja" if value.strip().lower() == "ja" else "en"
    return detect_lang()


_HELP_LANG = _help_lang(sys.argv[1:])


class ErrorsToExitCodes(TyperGroup):
    """Every expected failure becomes a message on stderr and its exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MlcareerError as error:
            report_error(error)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:  # Ctrl-C outside a prompt (prompts handle their own)
            from mlcareer.i18n import msg

            sys.stderr.write(msg("\n中止しました。\n", "\nCancelled.\n"))
            ctx.exit(EXIT_CANCELLED)
        except click.UsageError as error:
            if _HELP_LANG != "ja" and state.lang != "ja":
                raise
            # The full text (BadParameter and friends compose theirs), re-raised as a plain usage error.
            raise click.UsageError(usage_in_japanese(error.format_message()), ctx=error.ctx) from None
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, BrokenPipeError):
            raise  # click's own handling (a closed pipe, as in `mlcareer … | head`, ends quietly)
        except Exception as error:  # a bug: a short note, not pages of traceback with every local
            if os.environ.get("MLCAREER_DEBUG"):
                raise
            from mlcareer.i18n import msg

            sys.stderr.write(
                msg(
                    f"内部エラー: {type(error).__name__}: {error}\n"
                    "mlcareer の不具合です。MLCAREER_DEBUG=1 を付けて再実行すると詳細が出ます。報告をお願いします。\n",
                    f"Internal error: {type(error).__name__}: {error}\n"
                    "This is a bug in mlcareer. Run again with MLCAREER_DEBUG=1 for the details, "
                    "and please report it.\n",
                )
            )
            ctx.exit(1)


# click's usage errors, which it writes in English only, for the Japanese interface.
_USAGE_JA = (
    (re.compile(r"Invalid value for (.+?): (.+?) is not a valid integer\."), r"\1 の値 \2 は整数ではありません。"),
    (re.compile(r"Invalid value for (.+?): (.+?) is not a valid float\."), r"\1 の値 \2 は数値ではありません。"),
    (re.compile(r"Invalid value for (.+?): (.+)"), r"\1 の値が正しくありません: \2"),
    (re.compile(r"Missing option (.+?)\.(?=\s|$)(.*)"), r"オプション \1 が必要です。\2"),
    (re.compile(r"Missing argument (.+?)\.(?=\s|$)(.*)"), r"引数 \1 が必要です。\2"),
    (re.compile(r"No such option:? (.+?)(?:\.)?(?: Did you mean (.+?)\?)?$"), r"\1 というオプションはありません。"),
    (re.compile(r"No such command (.+?)\.(?: Did you mean (.+?)\?)?$"), r"\1 というコマンドはありません。"),
    (re.compile(r"Got unexpected extra arguments? \((.+)\)"), r"余分な引数があります（\1）。"),
    (re.compile(r"Option (.+?) requires an argument\."), r"オプション \1 には値が必要です。"),
)


def usage_in_japanese(message: str) -> str:
    for pattern, replacement in _USAGE_JA:
        match = pattern.match(message)
        if match:
            translated = match.expand(replacement)
            suggestion = re.search(r"Did you mean (.+?)\?", message)
            return translated + (f" 候補: {suggestion.group(1)}" if suggestion else "")
    return message


def H(ja: str, en: str) -> str:
    """Help text in the language of the environment (options are parsed after help is built)."""
    return ja if _HELP_LANG == "ja" else en


app = typer.Typer(
    name="mlcareer",
    help=H(
        "AI・機械学習エンジニアのためのオフライン・キャリアアドバイザー（日本語 / English）。",
        "Offline career advisor for AI / machine-learning engineers in Japan (日本語 / English).",
    ),
    epilog=H(
        "例: mlcareer roles --level mid · mlcareer specializations genai_llm · "
        "mlcareer salary --specialization mlops --years 4 · mlcareer market --lang en",
        "Examples: mlcareer roles --level mid · mlcareer specializations genai_llm · "
        "mlcareer salary --specialization mlops --years 4 · mlcareer market --lang ja",
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",  # paragraphs of a docstring reflow; a single newline is not a break
    add_completion=True,
    pretty_exceptions_enable=False,
    suggest_commands=False,  # click 8.2+ suggests already; typer would repeat "Did you mean"
    cls=ErrorsToExitCodes,
    context_settings={"help_option_names": ["-h", "--help"]},
)
kb_app = typer.Typer(
    help=H("知識ベース（data/*.yaml）の確認。", "Check the knowledge base (data/*.yaml)."), no_args_is_help=True
)
app.add_typer(kb_app, name="kb", rich_help_panel=H("知識ベース", "Knowledge base"))

CAREER_PANEL = H("あなたのキャリア", "Your career")
GUIDE_PANEL = H("ガイドを調べる", "Look up the guide")
if _HELP_LANG == "ja":  # typer's own headings
    import typer.rich_utils as _rich_utils

    _rich_utils.ARGUMENTS_PANEL_TITLE = "引数"
    _rich_utils.OPTIONS_PANEL_TITLE = "オプション"
    _rich_utils.COMMANDS_PANEL_TITLE = "コマンド"
    _rich_utils.ERRORS_PANEL_TITLE = "エラー"
    _rich_utils.REQUIRED_LONG_STRING = "[必須]"
    _rich_utils.RICH_HELP = "使い方: [blue]'{command_path} {help_option}'[/]"


class _State:
    lang: Lang | None = None
    data_dir: Path | None = None


state = _State()

LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        "-l",
        help=H(
            "表示言語 ja|en（既定: MLCAREER_LANG、次に LANG）", "Language ja|en (default: MLCAREER_LANG, then LANG)"
        ),
        show_default=False,
    ),
]
DataDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help=H(
            "組み込みを置き換える知識フォルダ（MLCAREER_DATA_DIR）",
            "Knowledge folder overriding built-in files (MLCAREER_DATA_DIR)",
        ),
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help=H("JSON を1つ出力", "Print one JSON document instead"))]


def _version(value: bool) -> None:
    if value:
        print(f"mlcareer {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_version,
            is_eager=True,
            help=H("バージョンを表示", "Show the version"),
        ),
    ] = False,
) -> None:
    state.lang = parse_lang(lang) if lang else None
    state.data_dir = data_dir


@kb_app.callback()
def _kb_main(lang: LangOpt = None, data_dir: DataDirOpt = None) -> None:
    """The same --lang and --data-dir as everywhere, also before `validate`."""
    if lang:
        state.lang = parse_lang(lang)
    if data_dir is not None:
        state.data_dir = data_dir


def parse_lang(value: str) -> Lang:
    lowered = value.strip().lower()
    if lowered not in LANGS:
        raise MlcareerError(
            f"--lang must be ja or en, not {value!r}. / --lang は ja か en です。",
            exit_code=EXIT_USAGE,
        )
    return "ja" if lowered == "ja" else "en"


def setup(lang: str | None, data_dir: Path | None) -> Lang:
    chosen = parse_lang(lang) if lang else state.lang or detect_lang()
    set_lang(chosen)
    if data_dir is not None:
        state.data_dir = data_dir
    return chosen


def load_kb() -> KnowledgeBase:
    from mlcareer.kbcache import cached_knowledge

    return cached_knowledge(state.data_dir)


def print_renderable(renderable: RenderableType) -> None:
    from rich.console import Console

    # Markup off: texts from the knowledge files are shown as written ("[LLM]" stays), and views
    # style with Text objects instead of markup strings.
    Console(soft_wrap=False, markup=False).print(renderable)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def check_choice(kind: str, value: str | None, valid: dict[str, Any]) -> str | None:
    """An option naming an id: unknown values are usage errors with the closest ids."""
    if value is None:
        return None
    from mlcareer.lookup import find

    try:
        entry = find(kind, valid, value)
    except MlcareerError as error:
        error.exit_code = EXIT_USAGE
        raise
    return str(getattr(entry, "id", value.strip().lower()))


def report_error(error: MlcareerError) -> None:
    from mlcareer.i18n import msg

    sys.stderr.write(msg("エラー: ", "Error: ") + error.message + "\n")
    for line in error.problems:
        sys.stderr.write(f"  {line}\n")


def complete_ids(table: str) -> Callable[[str], list[str]]:
    """Shell completion for ids, read from the (cached) knowledge base; silent on any problem."""

    def complete(incomplete: str) -> list[str]:
        try:
            from mlcareer.kbcache import cached_knowledge

            ids = getattr(cached_knowledge(state.data_dir), table)
        except Exception:  # completion must never print a traceback into the shell
            return []
        return [ident for ident in ids if ident.startswith(incomplete)]

    return complete


@contextlib.contextmanager
def open_answers_source(source: str) -> Iterator[tuple[BinaryIO, str]]:
    """An answers file, or standard input for "-", as a byte stream, and a name for messages.
    Nothing is read yet: JSON Lines batches stream through a record at a time."""
    from mlcareer.inputs import expand_user_path, open_regular, stdin_stream

    if source == "-":
        yield stdin_stream(), "<stdin>"
        return
    path = expand_user_path(source)
    with open_regular(
        path,
        missing_ja=f"回答ファイル {source} が見つかりません。パスを確かめるか、- で標準入力から渡してください"
        "（書き方は README の「Answers files」）。",
        missing_en=f"Answers file {source} not found. Check the path, or pass - to read standard input "
        "(the format is under 'Answers files' in the README).",
        pipe_hint=True,
    ) as handle:
        yield handle, str(path)


def require_terminal(ja: str, en: str) -> None:
    """Interactive prompts need a terminal: prompt_toolkit raises EOFError without one, and
    questionary does not catch it. Guard before prompting, with what to do instead."""
    from mlcareer.i18n import msg

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise MlcareerError(msg(ja, en), exit_code=EXIT_USAGE)


def print_notices(notices: list[str]) -> None:
    """What the store wants the person to know (a damaged database moved aside, a row skipped)."""
    for notice in notices:
        sys.stderr.write(notice + "\n")
