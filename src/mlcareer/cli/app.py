"""The typer app and what every command shares: options, language, printing, error mapping.

Heavy modules (rich, the knowledge loader, questionary) are imported inside the functions that
use them, so `--help` and simple lookups start fast.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

import click
import typer
from typer.core import TyperGroup

from mlcareer import __version__
from mlcareer.errors import Cancelled, ExitCode, MlcareerError, UsageError
from mlcareer.i18n import LANGS, N_, Lang, _, detect_lang, set_lang

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlcareer.domain.model import KnowledgeBase


def _help_lang(argv: list[str]) -> Lang:
    """Help is built before options are parsed, so look for --lang in the arguments first."""
    for index, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else None
        if arg in ("--lang", "-l") and index + 1 < len(argv):
            value = argv[index + 1]
        if value is not None and value.strip().lower() in ("ja", "en"):
            return "ja" if value.strip().lower() == "ja" else "en"
    return detect_lang()


def localize_help(command: click.Command, lang: Lang) -> None:
    """Help texts are English msgids (docstrings, `help=`); put them in `lang` through the
    catalog. typer builds fresh click commands for every run, so this never translates twice."""
    from mlcareer.i18n import _

    def tr(text: str | None) -> str | None:
        return _(text, lang) if text else text

    command.help = tr(command.help)
    command.short_help = tr(command.short_help)
    command.epilog = tr(command.epilog)
    panel = getattr(command, "rich_help_panel", None)
    if panel:
        command.rich_help_panel = tr(panel)  # type: ignore[attr-defined]
    for param in command.params:
        if isinstance(param, click.Option) or getattr(param, "help", None):
            param.help = tr(param.help)
    for sub in getattr(command, "commands", {}).values():
        localize_help(sub, lang)


class RootGroup(TyperGroup):
    """The root command; its `main` is the one error boundary of mlcareer."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(args) if args is not None else sys.argv[1:]
        code = dispatch(self, argv, prog_name or "mlcareer", complete_var, extra)
        if standalone_mode:
            sys.exit(code)
        return code


def dispatch(group: click.Group, argv: list[str], prog_name: str, complete_var: str | None, extra: Any) -> int:
    """Run one command line and give its exit code. Errors become exit codes here and nowhere else:
    the project's error its own code (1, 2 for a usage error, 130 for a cancelled session), click's
    usage errors 2, Ctrl-C 130, a reader that left the pipe a quiet exit, anything else one line
    (MLCAREER_DEBUG=1 shows the traceback)."""
    from mlcareer.cli.terminal import output_failed, prepare_terminal, report_output_failure, silence_stdout
    from mlcareer.i18n import _

    # Help and click's usage errors are written while the options are parsed, so the language
    # comes from the arguments first; click and typer read their strings through gettext.
    lang = _help_lang(argv)
    set_lang(lang)
    localize_help(group, lang)
    if "typer.rich_utils" in sys.modules:  # its headings were translated when first imported
        import importlib

        importlib.reload(sys.modules["typer.rich_utils"])
    if lang == "ja":  # English help and errors wrap as Rich does: its few Japanese words are names
        from mlcareer.render.terminal import linebreak

        linebreak.install()
    try:
        try:
            if not prepare_terminal():  # it said why
                return ExitCode.ERROR
            # Japanese text must survive a redirect on a system whose locale encoding is not UTF-8
            # (e.g. cp1252 on Windows): write UTF-8 whatever the locale says.
            for stream in (sys.stdout, sys.stderr):
                if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower().replace("-", "") != "utf8":
                    stream.reconfigure(encoding="utf-8")
            group._main_shell_completion(extra, prog_name, complete_var)
            with group.make_context(prog_name, argv, **extra) as ctx:
                result = group.invoke(ctx)
        finally:
            if sys.stdout is not None:  # None when the process started with it closed
                sys.stdout.flush()  # here, not at exit: a full disk must be reported, not a traceback
    except click.exceptions.Exit as done:  # --help, --version, completion
        return done.exit_code
    except click.ClickException as error:  # click's usage errors
        _show_click_error(error)
        return error.exit_code
    except Cancelled as error:
        sys.stderr.write("\n" + error.message + "\n")
        return error.exit_code
    except MlcareerError as error:
        report_error(error)
        return error.exit_code
    except (KeyboardInterrupt, click.exceptions.Abort):  # Ctrl-C outside a prompt (prompts say what they kept)
        sys.stderr.write("\n" + _("Cancelled.") + "\n")
        return ExitCode.CANCELLED
    except BrokenPipeError:  # the reader left (`mlcareer … | head`): nothing to say, nowhere to say it
        silence_stdout()  # so the flush at exit cannot fail again
        return ExitCode.ERROR
    except OSError as error:
        if not output_failed(error):
            return _internal_error(error)
        report_output_failure(error)
        return ExitCode.ERROR
    except Exception as error:
        return _internal_error(error)
    return int(result) if isinstance(result, int) else ExitCode.OK


def _show_click_error(error: click.ClickException) -> None:
    """A usage error as typer shows it: in a Rich box when Rich is there."""
    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - rich is a dependency
        error.show()
        return
    rich_utils.rich_format_error(error)


def _internal_error(error: Exception) -> int:
    """A bug: a short note, not pages of traceback with every local."""
    if os.environ.get("MLCAREER_DEBUG"):
        raise error
    from mlcareer.i18n import _

    sys.stderr.write(
        _("Internal error: {kind}: {error}").format(kind=type(error).__name__, error=error)
        + "\n"
        + _("This is a bug in mlcareer. Run again with MLCAREER_DEBUG=1 for the details, and please report it.")
        + "\n"
    )
    return ExitCode.ERROR


app = typer.Typer(
    name="mlcareer",
    help=N_("Offline career advisor for AI / machine-learning engineers in Japan (日本語 / English)."),
    epilog=N_(
        "Examples: mlcareer roles --level mid · mlcareer specializations genai_llm · "
        "mlcareer salary --specialization mlops --years 4 · mlcareer market --lang ja"
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",  # paragraphs of a docstring reflow; a single newline is not a break
    add_completion=True,
    pretty_exceptions_enable=False,
    suggest_commands=False,  # click 8.2+ suggests already; typer would repeat "Did you mean"
    cls=RootGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
)
kb_app = typer.Typer(help=N_("Check the knowledge base (data/*.yaml)."), no_args_is_help=True)
app.add_typer(kb_app, name="kb", rich_help_panel=N_("Knowledge base"))

CAREER_PANEL = N_("Your career")
GUIDE_PANEL = N_("Look up the guide")


class _State:
    lang: Lang | None = None
    data_dir: Path | None = None
    no_pager: bool = False


state = _State()

LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        "-l",
        help=N_("Language: ja or en (default: MLCAREER_LANG, then LC_ALL, LC_MESSAGES, LANG)"),
        show_default=False,
    ),
]
DataDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help=N_("Knowledge folder overriding built-in files (MLCAREER_DATA_DIR)"),
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help=N_("Print one JSON document instead"))]
NoPagerOpt = Annotated[
    bool,
    typer.Option("--no-pager", help=N_("Print long output straight through, without a pager (less, $PAGER)")),
]


def _version(value: bool) -> None:
    if value:
        print(f"mlcareer {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
    no_pager: NoPagerOpt = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_version,
            is_eager=True,
            help=N_("Show the version"),
        ),
    ] = False,
) -> None:
    state.lang = parse_lang(lang) if lang else None
    state.data_dir = data_dir
    state.no_pager = no_pager


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
        raise UsageError(
            f"--lang must be ja or en, not {value!r}. / --lang は ja か en です。",
        )
    return "ja" if lowered == "ja" else "en"


def setup(lang: str | None, data_dir: Path | None) -> Lang:
    chosen = parse_lang(lang) if lang else state.lang or detect_lang()
    set_lang(chosen)
    if data_dir is not None:
        state.data_dir = data_dir
    return chosen


def load_kb() -> KnowledgeBase:
    from mlcareer.loading.cache import cached_knowledge

    return cached_knowledge(state.data_dir)


def print_renderable(renderable: RenderableType, *, page: bool = False) -> None:
    """Print a view; with `page`, output taller than the terminal goes through a pager (as git does)."""
    from rich.console import Console

    from mlcareer.i18n import current_lang

    if current_lang() == "ja":  # English output pays neither for the phrase-aware layout nor its checks
        from mlcareer.render.terminal import linebreak

        linebreak.install()
    # Markup off: texts from the knowledge files are shown as written ("[LLM]" stays), and views
    # style with Text objects instead of markup strings.
    console = Console(soft_wrap=False, markup=False)
    pager = pager_command() if page and not state.no_pager and console.is_terminal and sys.stdout.isatty() else None
    if pager is None:
        console.print(renderable)
        return
    with console.capture() as capture:
        console.print(renderable)
    text = capture.get()
    if text.count("\n") < console.height:
        sys.stdout.write(text)
        return
    run_pager(pager, text)


def pager_command() -> str | None:
    """MLCAREER_PAGER, else PAGER, else less; None (print straight through) when set empty or to cat."""
    for name in ("MLCAREER_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            return value.strip() if value.strip() not in ("", "cat") else None
    import shutil

    return "less" if shutil.which("less") else None


def run_pager(command: str, text: str) -> None:
    import subprocess

    env = dict(os.environ)
    # As git does: quit if it fits one screen, keep colours, do not clear the screen on exit.
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    sys.stdout.flush()
    try:
        # shell=True: PAGER is a shell command line ("less -R"), as git and man treat it.
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        sys.stdout.write(text)
        return
    assert pager.stdin is not None
    try:
        pager.stdin.write(text.encode("utf-8"))
        pager.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the person quit the pager before reading it all
    while True:
        try:
            pager.wait()
            return
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager (less uses it), as with git
            continue


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def check_choice(kind: str, value: str | None, valid: dict[str, Any]) -> str | None:
    """An option naming an id: unknown values are usage errors with the closest ids."""
    if value is None:
        return None
    from mlcareer.domain.lookup import find

    try:
        entry = find(kind, valid, value)
    except MlcareerError as error:  # an id given with an option: change the option and run again
        raise UsageError(error.message, problems=error.problems) from None
    return str(getattr(entry, "id", value.strip().lower()))


def report_error(error: MlcareerError) -> None:
    from mlcareer.i18n import _

    sys.stderr.write(_("Error: {message}").format(message=error.message) + "\n")
    for line in error.problems:
        sys.stderr.write(f"  {line}\n")


def complete_ids(table: str) -> Callable[[str], list[str]]:
    """Shell completion for ids, read from the (cached) knowledge base; silent on any problem."""

    def complete(incomplete: str) -> list[str]:
        try:
            from mlcareer.loading.cache import cached_knowledge

            ids = getattr(cached_knowledge(state.data_dir), table)
        except Exception:  # completion must never print a traceback into the shell
            return []
        return [ident for ident in ids if ident.startswith(incomplete)]

    return complete


@contextlib.contextmanager
def open_answers_source(source: str) -> Iterator[tuple[BinaryIO, str]]:
    """An answers file, or standard input for "-", as a byte stream, and a name for messages.
    Nothing is read yet: JSON Lines batches stream through a record at a time."""
    from mlcareer.loading.inputs import expand_user_path, open_regular, stdin_stream

    if source == "-":
        yield stdin_stream(), "<stdin>"
        return
    path = expand_user_path(source)
    with open_regular(
        path,
        missing=_(
            "Answers file {path} not found. Check the path, or pass - to read standard input "
            "(the format is under 'Answers files' in the README)."
        ).format(path=source),
        pipe_hint=True,
    ) as handle:
        yield handle, str(path)


def require_terminal(message: str) -> None:
    """Interactive prompts need a terminal: prompt_toolkit raises EOFError without one, and
    questionary does not catch it. Guard before prompting, with what to do instead (`message`)."""
    if not (sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(message)


def print_notices(notices: list[str]) -> None:
    """What the store wants the person to know (a damaged database moved aside, a row skipped)."""
    for notice in notices:
        sys.stderr.write(notice + "\n")
