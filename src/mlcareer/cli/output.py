"""Where results go: a view (through a pager when taller than the screen), JSON, errors, the store's notices."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from mlcareer.cli.settings import Settings
from mlcareer.errors import Message, MlcareerError
from mlcareer.i18n import Lang, _

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlcareer.storage.store import Store


def print_renderable(renderable: RenderableType, settings: Settings, *, page: bool = False) -> None:
    """Print a view; with `page`, output taller than the terminal goes through a pager (as git does)."""
    from rich.console import Console

    if settings.lang == "ja":  # English output pays neither for the phrase-aware layout nor its checks
        from mlcareer.render.terminal import linebreak

        linebreak.install()
    # Markup off: texts from the knowledge files are shown as written ("[LLM]" stays), and views
    # style with Text objects instead of markup strings.
    console = Console(soft_wrap=False, markup=False)
    wanted = page and not settings.no_pager and console.is_terminal and sys.stdout.isatty()
    pager = pager_command(settings.pager) if wanted else None
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


def pager_command(chosen: str | None) -> str | None:
    """The pager the person chose (MLCAREER_PAGER, else PAGER), else less; None (print straight
    through) when it is set empty or to cat."""
    if chosen is not None:
        return chosen.strip() if chosen.strip() not in ("", "cat") else None
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


def write_stderr(text: str, lang: Lang) -> None:
    """A message for the person on standard error. On a terminal, Japanese is broken at phrases to
    its width (the terminal itself would cut a word anywhere, or start a line with 。); piped to a
    file, lines stay whole."""
    write_wrapped(sys.stderr, text, lang)


def write_stdout(text: str, lang: Lang) -> None:
    """A short line of result on standard output, broken as `write_stderr` breaks it."""
    write_wrapped(sys.stdout, text, lang)


def write_wrapped(stream: TextIO | None, text: str, lang: Lang) -> None:
    if stream is not None:
        stream.write(fit_to_terminal(text, lang, stream))


def fit_to_terminal(text: str, lang: Lang, stream: TextIO, *, reserve: int = 0) -> str:
    """`text` with Japanese broken at phrases to the terminal's width when `stream` is one (the
    terminal would cut 置き / 換えますか or start a line with 。), `reserve` cells kept free for what
    follows it (a prompt's " [y/N]: "). Unchanged in English or when not a terminal."""
    if lang != "ja" or not stream.isatty():
        return text
    import itertools
    import shutil

    from mlcareer.render.terminal.linebreak import divide_line

    width = max(shutil.get_terminal_size().columns - 1 - reserve, 20)
    lines = []
    for line in text.split("\n"):
        cuts = [0, *divide_line(line, width), len(line)]
        lines.append("\n".join(line[start:end].rstrip() for start, end in itertools.pairwise(cuts)))
    return "\n".join(lines)


def print_notices(notices: Sequence[Message], lang: Lang) -> None:
    """What the store wants the person to know (a damaged database moved aside, a row skipped)."""
    from mlcareer.render.problems import message_text

    for notice in notices:
        write_stderr(message_text(notice, lang) + "\n", lang)


def report_error(error: MlcareerError, lang: Lang) -> None:
    """The error and its problems, in the run's language."""
    from mlcareer.render.problems import error_text, problem_lines

    write_stderr(_("Error: {message}", lang).format(message=error_text(error, lang)) + "\n", lang)
    for line in problem_lines(error, lang):
        write_stderr(f"  {line}\n", lang)


@contextlib.contextmanager
def open_store(settings: Settings, *, read_only_ok: bool = False) -> Iterator[Store]:
    """The person's store, the one way the CLI opens it, and what it has to say on stderr (a damaged
    database moved aside, a row skipped): the notices of opening it at once, before any prompt, and
    any found while in use at the end (or earlier, with `tell_notices`). `read_only_ok` for commands
    that only read: a history the person cannot write is still shown."""
    from mlcareer.storage.store import Store

    with Store.open_default(settings.home, read_only_ok=read_only_ok) as store:
        tell_notices(store, settings.lang)
        try:
            yield store
        finally:
            tell_notices(store, settings.lang)


def tell_notices(store: Store, lang: Lang) -> None:
    """Print the store's notices not printed yet (each once): e.g. after reading, before a prompt."""
    print_notices(store.notices, lang)
    store.notices.clear()
