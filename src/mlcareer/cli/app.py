"""The typer app and what every command shares: options, language, printing, error mapping.

Heavy modules (rich, the knowledge loader, questionary) are imported inside the functions that
use them, so `--help` and simple lookups start fast.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from mlcareer import __version__
from mlcareer.cli.options import DataDirOpt, LangOpt, NoPagerOpt, accept_no_pager_everywhere
from mlcareer.cli.output import report_error, write_stderr
from mlcareer.cli.settings import from_environment
from mlcareer.errors import Cancelled, ExitCode, MlcareerError
from mlcareer.i18n import N_, Lang, _, detect_lang


def _help_lang(argv: list[str]) -> Lang:
    """Help is built before options are parsed, so look for --lang in the arguments first."""
    for index, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else None
        if arg in ("--lang", "-l") and index + 1 < len(argv):
            value = argv[index + 1]
        if value is not None and value.strip().lower() in ("ja", "en"):
            return "ja" if value.strip().lower() == "ja" else "en"
    return detect_lang(os.environ)


# The words of a usage line (click's, the types' and ours; ids, N and a,b,c are not words): the
# Japanese help says them in Japanese. Listed here so that the catalog test sees them.
METAVARS = frozenset(
    {
        N_("[OPTIONS]"), N_("COMMAND [ARGS]..."), N_("TEXT"), N_("PATH"), N_("INTEGER"), N_("FLOAT"),
        N_("FILE"), N_("DATE"), N_("[DIR]"), N_("[NAME]"), N_("FILE|-|FOLDER..."), N_("MODULE_ID..."),
        N_("[COMMAND] [ARGS]..."), N_("[N]"),
    }
)  # fmt: skip

# What each positional argument is, by its metavar. `help=` on a typer.Argument is lost: typer 0.20
# sets it before click 8.5's Parameter.__init__, which sets it again (to None). So the words are here.
ARGUMENT_HELP = {
    "FILE|-|FOLDER...": N_(
        "Job postings or CVs: text, Markdown or HTML files, folders of them, or - for standard input"
    ),
    "MODULE_ID...": N_("Module ids (see mlcareer roadmap)"),
    "[ID]": N_("The id or name of one entry; without it, the whole list"),
    "[NAME]": N_("A skill's id, name or alias; without it, every skill"),
    "[N]": N_("The assessment's number in mlcareer history; without it, the newest"),
    "[DIR]": N_(
        "A folder whose files replace the built-in files of the same name; without it, the built-in files are checked"
    ),
}


def _describe_arguments(command: click.Command) -> None:
    """An argument's row in the help panel: its metavar and what it is. Without `opts` the row does not
    start with the Python parameter's name (`paths`, `module_ids`), which means nothing to a reader."""
    for param in command.params:
        if isinstance(param, click.Argument):
            param.opts = []
            param.help = param.help or ARGUMENT_HELP.get(param.metavar or "")


def _localize_metavars(command: click.Command, lang: Lang) -> None:
    def tr(metavar: str | None) -> str | None:
        return _(metavar, lang) if metavar in METAVARS else metavar

    command.options_metavar = tr(command.options_metavar)
    if isinstance(command, click.Group):
        command.subcommand_metavar = _(command.subcommand_metavar, lang)
    for param in command.params:
        if param.metavar is not None:
            param.metavar = tr(param.metavar)
        elif isinstance(param, click.Option) and not param.is_flag and param.type.name.upper() in METAVARS:
            param.metavar = _(param.type.name.upper(), lang)


def localize_help(command: click.Command, lang: Lang) -> None:
    """Help texts are English msgids (docstrings, `help=`); put them in `lang` through the
    catalog. typer builds fresh click commands for every run, so this never translates twice."""

    def tr(text: str | None) -> str | None:
        return _(text, lang) if text else text

    _describe_arguments(command)
    if lang != "en":
        _localize_metavars(command, lang)

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


def set_click_language(lang: Lang) -> None:
    """The language of click's and typer's own strings. They read it from the process's gettext
    environment (LANGUAGE), so it is process-wide by click's design; mlcareer's text never reads it."""
    os.environ["LANGUAGE"] = lang


def dispatch(group: click.Group, argv: list[str], prog_name: str, complete_var: str | None, extra: Any) -> int:
    """Run one command line and give its exit code. Errors become exit codes here and nowhere else:
    the project's error its own code (1, 2 for a usage error, 130 for a cancelled session), click's
    usage errors 2, Ctrl-C 130, a reader that left the pipe a quiet exit, anything else one line
    (MLCAREER_DEBUG=1 shows the traceback)."""
    from mlcareer.cli.terminal import output_failed, prepare_terminal, report_output_failure, silence_stdout

    # Help and click's usage errors are written while the options are parsed, so the language
    # comes from the arguments first; click and typer read their strings through gettext.
    # The commands take theirs from the run's Settings (the same choice, checked).
    lang = _help_lang(argv)
    set_click_language(lang)  # click's own strings only: ours are given `lang`
    accept_no_pager_everywhere(group)
    localize_help(group, lang)
    if "typer.rich_utils" in sys.modules:  # its headings were translated when first imported
        import importlib

        importlib.reload(sys.modules["typer.rich_utils"])
    if lang == "ja":  # English help and errors wrap as Rich does: its few Japanese words are names
        from mlcareer.render.terminal import linebreak

        linebreak.install()
    try:
        try:
            if not prepare_terminal(lang):  # it said why
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
        _show_click_error(error, lang)
        return error.exit_code
    except Cancelled as error:
        from mlcareer.render.problems import error_text

        write_stderr("\n" + error_text(error, lang) + "\n", lang)
        return error.exit_code
    except MlcareerError as error:
        report_error(error, lang)
        return error.exit_code
    except (KeyboardInterrupt, click.exceptions.Abort):  # Ctrl-C outside a prompt (prompts say what they kept)
        write_stderr("\n" + _("Cancelled.", lang) + "\n", lang)
        return ExitCode.CANCELLED
    except BrokenPipeError:  # the reader left (`mlcareer … | head`): nothing to say, nowhere to say it
        silence_stdout()  # so the flush at exit cannot fail again
        return ExitCode.ERROR
    except OSError as error:
        if not output_failed(error):
            return _internal_error(error, lang)
        report_output_failure(error, lang)
        return ExitCode.ERROR
    except Exception as error:
        return _internal_error(error, lang)
    return int(result) if isinstance(result, int) else ExitCode.OK


def _show_click_error(error: click.ClickException, lang: Lang) -> None:
    """A usage error as typer shows it: in a Rich box when Rich is there."""
    if lang == "ja":  # click joins its sentences with a space and lists names with ", "
        said = error.format_message().replace("。 ", "。").replace("', '", "'、'")
        error.format_message = lambda: said  # type: ignore[method-assign]
    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - rich is a dependency
        error.show()
        return
    rich_utils.rich_format_error(error)


def _internal_error(error: Exception, lang: Lang) -> int:
    """A bug: a short note, not pages of traceback with every local."""
    if os.environ.get("MLCAREER_DEBUG"):
        raise error

    write_stderr(
        _("Internal error: {kind}: {error}", lang).format(kind=type(error).__name__, error=error)
        + "\n"
        + _("This is a bug in mlcareer. Run again with MLCAREER_DEBUG=1 for the details, and please report it.", lang)
        + "\n",
        lang,
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

CAREER_PANEL = N_("Your career")
GUIDE_PANEL = N_("Look up the guide")
KB_PANEL = N_("Knowledge base")


def _version(value: bool) -> None:
    if value:
        print(f"mlcareer {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
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
    ctx.obj = from_environment(os.environ, lang=lang, data_dir=data_dir, no_pager=no_pager)
