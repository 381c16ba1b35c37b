"""`mlcareer assess`: the quiz or an answers file (one person or a batch) to an assessment, saved to history."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from mlcareer.cli.app import CAREER_PANEL
from mlcareer.cli.options import (
    DataDirOpt,
    JsonOpt,
    LangOpt,
    answers_option,
    open_answers_source,
)
from mlcareer.cli.output import open_store, print_json, print_renderable, write_stderr
from mlcareer.cli.settings import load_kb, settings_of
from mlcareer.cli.terminal import require_terminal
from mlcareer.errors import Cancelled, MlcareerError, UsageError
from mlcareer.i18n import N_, Lang, _

if TYPE_CHECKING:
    from mlcareer.domain.model import KnowledgeBase

T = TypeVar("T")


commands = typer.Typer()  # composed into the app by mlcareer.cli


@commands.command(rich_help_panel=CAREER_PANEL)
def assess(
    ctx: typer.Context,
    answers: Annotated[
        str | None,
        answers_option(N_("Answers file instead of the quiz (YAML, JSON or JSON Lines; - for stdin)")),
    ] = None,
    cv: Annotated[
        str | None,
        typer.Option(
            "--cv",
            metavar="FILE",
            help=N_("Pre-select the skills found in your CV (.txt, .md, .html) in the quiz; with --answers, add them"),
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
    no_save: Annotated[bool, typer.Option("--no-save", help=N_("Do not save to history"))] = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Take the quiz (or read answers) and see which specialization fits, and why.

    A file holding a list of answer mappings, or JSON Lines, is a batch: one JSON result per line,
    one error line per bad record on stderr; batches are not saved to history.

    Examples: mlcareer assess · mlcareer assess --answers me.yaml · mlcareer assess -a cohort.jsonl
    """
    settings = settings_of(ctx, lang, data_dir)
    chosen = settings.lang
    kb = load_kb(settings)
    from mlcareer.loading.rules import load_quiz_and_rules

    quiz, rules = load_quiz_and_rules(kb, settings.data_dir)
    cv_skills = _cv_skills(kb, cv, chosen) if cv is not None else None
    if answers is None:
        raw = _run_quiz(kb, quiz, chosen, {"skills": list(cv_skills)} if cv_skills else None)
        records: list[Any] = [raw]
        where = "quiz"
    else:
        from mlcareer.loading.answers import answer_records

        with open_answers_source(answers, chosen) as (stream, where):
            found, batch = answer_records(stream, where, limit=settings.input_limit(), unparsed=True)
            if batch and cv_skills is not None:
                raise _cv_with_batch(chosen)
            if batch:
                _assess_batch(kb, quiz, rules, found, where, chosen)
                return
            records = list(found)
        if cv_skills:
            records = [_with_cv_skills(records[0], cv_skills)]
    from mlcareer.domain.advisor import advise
    from mlcareer.loading.answers import parse_answers
    from mlcareer.render.jsondata import assessment_json

    parsed = parse_answers(kb, quiz, records[0], where)
    result = advise(kb, rules, parsed)
    document = assessment_json(kb, result, chosen)
    # The result first: a store that cannot be written must not cost the person what they just did.
    # And the other way round: output that cannot be written (a full disk) must not cost the save.
    from mlcareer.cli.terminal import output_failed

    unwritten: OSError | None = None
    try:
        if as_json:
            print_json(document)
        else:
            from mlcareer.render.terminal.lookups import render_assessment

            print_renderable(render_assessment(kb, result, chosen), settings, page=True)
        sys.stdout.flush()
    except OSError as error:
        if not output_failed(error):
            raise
        unwritten = error
    from mlcareer.domain.history import assessment_record
    from mlcareer.loading.datafiles import knowledge_version

    def save() -> None:
        import datetime as dt

        record = assessment_record(result, knowledge_version(settings.data_dir))
        with open_store(settings) as store:  # it says what it found (a damaged database moved aside…)
            store.save_assessment(parsed.as_json(), record, dt.datetime.now(dt.UTC))

    if unwritten is not None:
        if not no_save:
            save()
        _result_not_shown(unwritten, not no_save, chosen)
    if no_save:
        return
    save()
    if not as_json:
        write_stderr(_("Saved to your history. Next: mlcareer roadmap for your study plan.", chosen) + "\n", chosen)


def _result_not_shown(error: OSError, saved: bool, lang: Lang) -> NoReturn:
    from mlcareer.cli.terminal import silence_stdout
    from mlcareer.loading.inputs import os_reason

    silence_stdout()
    from mlcareer.render.phrases import say

    reason = say(os_reason(error), lang)
    if not saved:
        text = _(
            "Could not write the result to standard output ({reason}), and with --no-save it was not saved.", lang
        ).format(reason=reason)
    else:
        text = _(
            "Could not write the result to standard output ({reason}). It was saved to your "
            "history: see it with mlcareer history.",
            lang,
        ).format(reason=reason)
    raise MlcareerError(text)


def _cv_skills(kb: KnowledgeBase, cv: str, lang: Lang) -> tuple[str, ...]:
    """The catalogue skills a CV names, announced on stderr so the person knows where they came from."""
    from mlcareer.domain.posting import skills_in
    from mlcareer.i18n import _, ngettext
    from mlcareer.loading.postings import read_source

    source = read_source(cv)
    found = skills_in(kb, source.lines)
    names = _(", ", lang).join(kb.skills[s].name(lang) for s in found)
    if found:
        said = ngettext(
            "Found {count} skill in {source}: {names}", "Found {count} skills in {source}: {names}", len(found), lang
        )
    else:
        said = _("No skill of the catalogue was found in {source}.", lang)
    write_stderr(said.format(count=len(found), source=source.name, names=names) + "\n", lang)
    return found


def _cv_with_batch(lang: Lang) -> MlcareerError:
    return UsageError(_("--cv goes with one person's answers, not with a batch.", lang))


def _with_cv_skills(record: Any, found: tuple[str, ...]) -> Any:
    """The answers with the CV's skills added to the ones they list (kept first, in their order)."""
    if not isinstance(record, dict):
        return record  # parse_answers says what is wrong with it
    listed = record.get("skills")
    if listed is None:
        listed = []
    elif isinstance(listed, str):
        listed = [listed]
    if not isinstance(listed, list):
        return record
    return {**record, "skills": [*listed, *(s for s in found if s not in listed)]}


def _run_quiz(kb: KnowledgeBase, quiz: Any, lang: Lang, preset: dict[str, Any] | None = None) -> dict[str, Any]:
    from mlcareer.i18n import _

    require_terminal(_("The quiz needs a terminal (TTY). Without one, use: mlcareer assess --answers FILE", lang))
    from mlcareer.interactive.quiz import run_quiz

    try:
        return run_quiz(kb, quiz, lang, preset)
    except (KeyboardInterrupt, EOFError):
        raise Cancelled(_("Cancelled, nothing saved.", lang)) from None


def _assess_batch(kb: KnowledgeBase, quiz: Any, rules: Any, records: Iterable[Any], where: str, lang: Lang) -> None:
    from mlcareer.cli.cohort import assess_cohort
    from mlcareer.i18n import _

    record_label = _("record {number}", lang)  # looked up once: a cohort can hold a million records
    failed = 0
    lines: list[bytes] = []  # written a megabyte at a time: a cohort's output runs to gigabytes
    size = 0
    out_fd = _stdout_fd()  # the cores write the lines there themselves
    try:
        for number, line, problems in assess_cohort(kb, quiz, rules, records, where=where, lang=lang, out_fd=out_fd):
            if line is not None:
                lines.append(line)
                size += len(line)
                if size >= 1 << 20:
                    _write_bytes(lines)
                    size = 0
                continue
            _write_bytes(lines)  # the lines before a problem come out before it
            size = 0
            failed += 1
            label = record_label.format(number=number)
            for problem in problems:
                write_stderr(f"{label}: {problem}\n", lang)
    finally:  # also when a record cannot be read: the ones before it are printed
        _write_bytes(lines)
    if failed:
        from mlcareer.i18n import ngettext

        raise MlcareerError(
            ngettext(
                "{count} record could not be assessed (the reason is above); the others' results were written.",
                "{count} records could not be assessed (the reasons are above); the others' results were written.",
                failed,
                lang,
            ).format(count=failed)
        )


def _stdout_fd() -> int | None:
    """Standard output's file descriptor, with nothing left in its buffers; None if it has none (a test's
    capture): then the lines come back here to be written."""
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:
        return None
    try:
        fd = binary.fileno()
    except (OSError, ValueError):  # io.UnsupportedOperation is both
        return None
    sys.stdout.flush()
    binary.flush()
    return int(fd)


def _write_bytes(lines: list[bytes]) -> None:
    """UTF-8 lines to standard output (main() set it to UTF-8), then `lines` is emptied."""
    if not lines:
        return
    data = b"".join(lines)
    lines.clear()
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    binary.write(data)
