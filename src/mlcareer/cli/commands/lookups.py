"""The commands: parse options, call one core function, print a view or JSON."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import click
import typer
from typer.core import TyperGroup

from mlcareer.cli.app import (
    CAREER_PANEL,
    GUIDE_PANEL,
    DataDirOpt,
    JsonOpt,
    LangOpt,
    NoPagerOpt,
    app,
    check_choice,
    complete_ids,
    kb_app,
    load_kb,
    open_answers_source,
    parse_lang,
    print_json,
    print_notices,
    print_renderable,
    require_terminal,
    setup,
    state,
)
from mlcareer.errors import Cancelled, MlcareerError, UsageError
from mlcareer.i18n import N_, Lang, _, current_lang

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlcareer.domain.model import KnowledgeBase

T = TypeVar("T")


# -- lookups ---------------------------------------------------------------------------------
# Arguments carry no help=: click 8.3+ drops it under typer 0.20 (Parameter.__init__ resets it), so
# what an argument means is said in the command's own help instead.


def _show_one_or_all(
    kb: KnowledgeBase,
    kind: str,
    table: dict[str, T],
    ident: str | None,
    as_json: bool,
    *,
    one_json: Callable[[T], dict[str, Any]],
    one_view: Callable[[T], RenderableType],
    all_view: Callable[[], RenderableType],
) -> None:
    """The shape every `mlcareer THING [ID] [--json]` command shares."""
    if ident is not None:
        from mlcareer.domain.lookup import find

        item = find(kind, table, ident)
        print_json(one_json(item)) if as_json else print_renderable(one_view(item))
        return
    if as_json:
        from mlcareer.render.jsondata import source_json

        key = f"{kind}s"
        print_json({key: [one_json(item) for item in table.values()], "source": source_json(kb, current_lang())})
    else:
        print_renderable(all_view())


@app.command()
def roles(
    role_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", autocompletion=complete_ids("roles")),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            help=N_("Only roles at this level: beginner, mid, senior"),
            show_default=False,
            autocompletion=complete_ids("levels"),
        ),
    ] = None,
    specialization: Annotated[
        str | None,
        typer.Option(
            "--specialization",
            "-s",
            autocompletion=complete_ids("specializations"),
            help=N_("Only roles in this field: genai_llm, mlops, computer_vision, data_scientist"),
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """List job titles with their levels and salaries, or show one role.

    Examples: mlcareer roles --level mid · mlcareer roles -s mlops · mlcareer roles ml_engineer --json
    """
    chosen = setup(lang, data_dir)
    kb = load_kb()
    from mlcareer.domain.lookup import find
    from mlcareer.render import jsondata

    if role_id is not None:
        role = find("role", kb.roles, role_id)
        if as_json:
            print_json(jsondata.role_json(role, chosen))
            return
        from mlcareer.render.terminal.lookups import render_role

        print_renderable(render_role(kb, role, chosen))
        return
    level_id = check_choice("level", level, kb.levels)
    spec_id = check_choice("specialization", specialization, kb.specializations)
    found = [
        r
        for r in kb.roles.values()
        if (level_id is None or level_id in r.levels) and (spec_id is None or spec_id in r.specializations)
    ]
    if as_json:
        print_json(
            {"roles": [jsondata.role_json(r, chosen) for r in found], "source": jsondata.source_json(kb, chosen)}
        )
        return
    from mlcareer.render.terminal.lookups import render_roles

    filters = [kb.levels[level_id].name(chosen)] if level_id else []
    filters += [kb.specializations[spec_id].name(chosen)] if spec_id else []
    print_renderable(render_roles(kb, found, chosen, filters))


@app.command()
def specializations(
    spec_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", autocompletion=complete_ids("specializations")),
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """The four specializations: salary, skills, trends, employers.

    Examples: mlcareer specializations · mlcareer specializations computer_vision --lang ja
    """
    chosen = setup(lang, data_dir)
    kb = load_kb()
    from mlcareer.render import jsondata
    from mlcareer.render.terminal import lookups as views

    _show_one_or_all(
        kb, "specialization", kb.specializations, spec_id, as_json,
        one_json=lambda spec: jsondata.specialization_json(kb, spec, chosen),
        one_view=lambda spec: views.render_specialization(kb, spec, chosen),
        all_view=lambda: views.render_specializations(kb, chosen),
    )  # fmt: skip


@app.command()
def levels(
    level_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", autocompletion=complete_ids("levels")),
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Experience levels: years, salary, what to prepare, roles to aim for.

    Examples: mlcareer levels · mlcareer levels beginner · mlcareer levels senior --json
    """
    chosen = setup(lang, data_dir)
    kb = load_kb()
    from mlcareer.render import jsondata
    from mlcareer.render.terminal import lookups as views

    _show_one_or_all(
        kb, "level", kb.levels, level_id, as_json,
        one_json=lambda level: jsondata.level_json(level, chosen),
        one_view=lambda level: views.render_level(kb, level, chosen),
        all_view=lambda: views.render_levels(kb, chosen),
    )  # fmt: skip


@app.command()
def skills(
    query: Annotated[
        str | None,
        typer.Argument(metavar="[NAME]"),
    ] = None,
    specialization: Annotated[
        str | None,
        typer.Option(
            "--specialization",
            "-s",
            autocompletion=complete_ids("specializations"),
            help=N_("Only skills this field asks for"),
            show_default=False,
        ),
    ] = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            "-g",
            help=N_("Only this group"),
            show_default=False,
            autocompletion=complete_ids("skill_groups"),
        ),
    ] = None,
    as_json: JsonOpt = False,
    no_pager: NoPagerOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Skills, tools and methods with study hours and prerequisites.

    Names are matched ignoring case: "PyTorch", "pytorch", "Scikit-learn", "確率統計".

    Examples: mlcareer skills -s mlops · mlcareer skills --group nlp_llm · mlcareer skills "scikit-learn" --json
    """
    chosen = setup(lang, data_dir)
    state.no_pager |= no_pager
    kb = load_kb()
    from mlcareer.domain.lookup import find_skill
    from mlcareer.render import jsondata

    if query is not None:
        found = [find_skill(kb, query)]
    else:
        spec_id = check_choice("specialization", specialization, kb.specializations)
        group_id = check_choice("skill group", group, kb.skill_groups)
        wanted = set(kb.specializations[spec_id].skills) if spec_id else None
        found = [
            s
            for s in kb.skills.values()
            if (wanted is None or s.id in wanted) and (group_id is None or s.group == group_id)
        ]
    if as_json:
        items = [jsondata.skill_json(kb, s, chosen) for s in found]
        print_json(items[0] if query is not None else {"skills": items})
        return
    from mlcareer.render.terminal.lookups import render_skill, render_skills

    print_renderable(
        render_skill(kb, found[0], chosen) if query is not None else render_skills(kb, found, chosen), page=True
    )


@app.command()
def market(as_json: JsonOpt = False, lang: LangOpt = None, data_dir: DataDirOpt = None) -> None:
    """The AI/ML job market in figures: postings, demand by field, salaries, drivers.

    Examples: mlcareer market · mlcareer market --json
    """
    chosen = setup(lang, data_dir)
    kb = load_kb()
    if as_json:
        from mlcareer.render.jsondata import market_json

        print_json(market_json(kb, chosen))
        return
    from mlcareer.render.terminal.lookups import render_market

    print_renderable(render_market(kb, chosen))


@app.command()
def sites(
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            help=N_("Only sites suited to this level: beginner, mid, senior"),
            show_default=False,
            autocompletion=complete_ids("levels"),
        ),
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Job sites and agents, ranked as in the guide, and whom each suits.

    Examples: mlcareer sites · mlcareer sites --level senior
    """
    chosen = setup(lang, data_dir)
    kb = load_kb()
    level_id = check_choice("level", level, kb.levels)
    found = [s for s in kb.sites.values() if level_id is None or level_id in s.levels]
    found.sort(key=lambda s: (s.rank is None, s.rank or 0))
    if as_json:
        from mlcareer.render.jsondata import site_json, source_json

        print_json({"sites": [site_json(s, chosen) for s in found], "source": source_json(kb, chosen)})
        return
    from mlcareer.render.terminal.lookups import render_sites

    print_renderable(render_sites(kb, found, chosen))


@app.command()
def cases(
    case_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", autocompletion=complete_ids("cases")),
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Success stories: before and after, what worked, how long it took.

    Examples: mlcareer cases · mlcareer cases web_to_ml_engineer
    """
    chosen = setup(lang, data_dir)
    kb = load_kb()
    from mlcareer.render import jsondata
    from mlcareer.render.terminal import lookups as views

    _show_one_or_all(
        kb, "case", kb.cases, case_id, as_json,
        one_json=lambda case: jsondata.case_json(case, chosen),
        one_view=lambda case: views.render_case(kb, case, chosen),
        all_view=lambda: views.render_cases(kb, chosen),
    )  # fmt: skip


@app.command()
def salary(
    specialization: Annotated[
        str,
        typer.Option(
            "--specialization",
            "-s",
            autocompletion=complete_ids("specializations"),
            help=N_("Field: genai_llm, mlops, computer_vision, data_scientist"),
            show_default=False,
        ),
    ],
    years: Annotated[
        int,
        typer.Option("--years", "-y", help=N_("Years of experience"), show_default=False),
    ],
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Estimate a salary range from a specialization and years of experience, showing how.

    Examples: mlcareer salary -s genai_llm --years 5 · mlcareer salary -s data_scientist -y 1 --json
    """
    chosen = setup(lang, data_dir)
    kb = load_kb()
    from mlcareer.domain.salary import estimate_salary

    spec_id = check_choice("specialization", specialization, kb.specializations)
    assert spec_id is not None
    estimate = estimate_salary(kb, spec_id, years)
    if as_json:
        from mlcareer.render.jsondata import salary_estimate_json

        print_json(salary_estimate_json(kb, estimate, chosen))
        return
    from mlcareer.render.terminal.lookups import render_salary

    print_renderable(render_salary(kb, estimate, chosen))


# -- assess and history ----------------------------------------------------------------------


@app.command()
def assess(
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            "-a",
            metavar="FILE",
            help=N_("Answers file instead of the quiz (YAML, JSON or JSON Lines; - for stdin)"),
            show_default=False,
        ),
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
    no_pager: NoPagerOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Take the quiz (or read answers) and see which specialization fits, and why.

    A file holding a list of answer mappings, or JSON Lines, is a batch: one JSON result per line,
    one error line per bad record on stderr; batches are not saved to history.

    Examples: mlcareer assess · mlcareer assess --answers me.yaml · mlcareer assess -a cohort.jsonl
    """
    chosen = setup(lang, data_dir)
    state.no_pager |= no_pager
    kb = load_kb()
    from mlcareer.domain.rules import load_quiz_and_rules

    quiz, rules = load_quiz_and_rules(kb, state.data_dir)
    cv_skills = _cv_skills(kb, cv, chosen) if cv is not None else None
    if answers is None:
        raw = _run_quiz(kb, quiz, chosen, {"skills": list(cv_skills)} if cv_skills else None)
        records: list[Any] = [raw]
        where = "quiz"
    else:
        from mlcareer.loading.answers import answer_records

        with open_answers_source(answers) as (stream, where):
            found, batch = answer_records(stream, where, unparsed=True)
            if batch and cv_skills is not None:
                raise _cv_with_batch()
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

            print_renderable(render_assessment(kb, result, chosen), page=True)
        sys.stdout.flush()
    except OSError as error:
        if not output_failed(error):
            raise
        unwritten = error
    from mlcareer.domain.history import assessment_record
    from mlcareer.loading.datafiles import knowledge_version

    def save() -> list[str]:
        return _save_assessment(parsed.as_json(), assessment_record(result, knowledge_version(state.data_dir)))

    if unwritten is not None:
        _result_not_shown(unwritten, saved=False if no_save else save())
    if no_save:
        return
    from mlcareer.i18n import _

    print_notices(save())
    if not as_json:
        sys.stderr.write(_("Saved to your history. Next: mlcareer roadmap for your study plan.") + "\n")


def _result_not_shown(error: OSError, saved: list[str] | bool) -> NoReturn:
    from mlcareer.cli.terminal import silence_stdout
    from mlcareer.loading.inputs import os_reason

    silence_stdout()
    if saved is not False:
        print_notices(list(saved) if isinstance(saved, list) else [])
    reason = os_reason(error)
    if saved is False:
        text = _(
            "Could not write the result to standard output ({reason}), and with --no-save it was not saved."
        ).format(reason=reason)
    else:
        text = _(
            "Could not write the result to standard output ({reason}). It was saved to your "
            "history: see it with mlcareer history."
        ).format(reason=reason)
    raise MlcareerError(text)


def _cv_skills(kb: KnowledgeBase, cv: str, lang: Lang) -> tuple[str, ...]:
    """The catalogue skills a CV names, announced on stderr so the person knows where they came from."""
    from mlcareer.domain.posting import skills_in
    from mlcareer.i18n import _, ngettext
    from mlcareer.loading.postings import read_source

    source = read_source(cv)
    found = skills_in(kb, source.lines)
    names = _(", ").join(kb.skills[s].name(lang) for s in found)
    if found:
        said = ngettext(
            "Found {count} skill in {source}: {names}", "Found {count} skills in {source}: {names}", len(found)
        )
    else:
        said = _("No skill of the catalogue was found in {source}.")
    sys.stderr.write(said.format(count=len(found), source=source.name, names=names) + "\n")
    return found


def _cv_with_batch() -> MlcareerError:

    return UsageError(
        _("--cv goes with one person's answers, not with a batch."),
    )


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

    require_terminal(_("The quiz needs a terminal (TTY). Without one, use: mlcareer assess --answers FILE"))
    from mlcareer.interactive.quiz import run_quiz

    try:
        return run_quiz(kb, quiz, lang, preset)
    except (KeyboardInterrupt, EOFError):
        raise Cancelled(_("Cancelled, nothing saved.")) from None


def _assess_batch(kb: KnowledgeBase, quiz: Any, rules: Any, records: Iterable[Any], where: str, lang: Lang) -> None:
    from mlcareer.cli.cohort import assess_cohort
    from mlcareer.i18n import _

    record_label = _("record {number}")  # looked up once: a cohort can hold a million records
    failed = 0
    lines: list[bytes] = []  # written a megabyte at a time: a cohort's output runs to gigabytes
    size = 0
    try:
        for number, line, problems in assess_cohort(
            kb, quiz, rules, records, where=where, lang=lang, label=record_label
        ):
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
                sys.stderr.write(f"{label}: {problem}\n")
    finally:  # also when a record cannot be read: the ones before it are printed
        _write_bytes(lines)
    if failed:
        from mlcareer.i18n import ngettext

        raise MlcareerError(
            ngettext(
                "{count} record could not be assessed (the reason is above); the others' results were written.",
                "{count} records could not be assessed (the reasons are above); the others' results were written.",
                failed,
            ).format(count=failed)
        )


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


def _save_assessment(answers: dict[str, Any], document: dict[str, Any]) -> list[str]:
    import datetime as dt

    from mlcareer.storage.store import Store

    with Store.open_default() as store:
        store.save_assessment(answers, document, dt.datetime.now(dt.UTC))
        return list(store.notices)


class _HistoryGroup(TyperGroup):
    """`mlcareer history 3` is read as `mlcareer history show 3`: the number is what people type."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0].isdigit():
            args = ["show", *args]
        return super().resolve_command(ctx, args)


history_app = typer.Typer(
    cls=_HistoryGroup,
    invoke_without_command=True,
    no_args_is_help=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(history_app, name="history", rich_help_panel=CAREER_PANEL)


@history_app.callback()
def history(
    ctx: typer.Context,
    compare: Annotated[
        bool,
        typer.Option("--compare", help=N_("Show what changed since the previous one")),
    ] = False,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Past assessments, newest first; --compare shows how scores and gaps moved; show N shows one again.

    Examples: mlcareer history · mlcareer history --compare · mlcareer history show · mlcareer history show 3 --lang en
    """
    if ctx.invoked_subcommand is not None:
        if lang:
            state.lang = parse_lang(lang)
        if data_dir is not None:
            state.data_dir = data_dir
        return
    chosen = setup(lang, data_dir)
    from mlcareer.storage.store import Store

    with Store.open_default() as store:
        saved = store.assessments()
        mocks = [(mock.created_at, mock.record) for mock in store.mocks()]
        notices = list(store.notices)
    print_notices(notices)
    kb = load_kb()
    from mlcareer.domain.history import compare_assessments, history_json

    if compare:
        from mlcareer.i18n import _

        if len(saved) < 2:
            raise MlcareerError(_("Comparing needs two assessments or more; run mlcareer assess again."))
        from mlcareer.loading.datafiles import knowledge_sources
        from mlcareer.loading.quiz import BUILT_IN, load_quiz

        quiz = load_quiz(knowledge_sources(state.data_dir)["questions.yaml"])
        diff = compare_assessments(kb, saved[1], saved[0], tuple(quiz.questions), BUILT_IN)
        if as_json:
            print_json(diff.as_json(chosen))
            return
        from mlcareer.render.terminal.lookups import render_comparison

        print_renderable(render_comparison(kb, diff, chosen, quiz))
        return
    from mlcareer.domain.mock import mock_summary

    if as_json:
        mock_interviews = [{"created_at": when.isoformat(), **mock_summary(record)} for when, record in mocks]
        print_json({**history_json(saved), "mock_interviews": mock_interviews})
        return
    from rich.console import Group

    from mlcareer.render.terminal.lookups import render_history
    from mlcareer.render.terminal.mock import render_mock_history

    print_renderable(Group(render_history(kb, saved, chosen), render_mock_history(mocks, chosen)))


@history_app.command("show")
def history_show(
    number: Annotated[
        int | None,
        typer.Argument(metavar="[N]", show_default=False),
    ] = None,
    as_json: JsonOpt = False,
    no_pager: NoPagerOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Show a saved assessment again, exactly as assess showed it, in the language you ask for.

    Examples: mlcareer history show · mlcareer history show 2 --lang en · mlcareer history show --json
    """
    chosen = setup(lang, data_dir)
    state.no_pager |= no_pager
    from mlcareer.storage.store import Store

    with Store.open_default() as store:
        saved = store.assessments()
        notices = list(store.notices)
    print_notices(notices)
    if not saved:
        raise MlcareerError(_("No assessments yet. Start with: mlcareer assess"))
    item = saved[0] if number is None else next((a for a in saved if a.id == number), None)
    if item is None:
        ids = ", ".join(str(a.id) for a in sorted(saved, key=lambda a: a.id))
        raise UsageError(
            _("There is no assessment #{number}. See the numbers with mlcareer history (saved: {ids}).").format(
                number=number, ids=ids
            ),
        )
    kb = load_kb()
    result = _advise_again(kb, item)
    from mlcareer.domain.history import record_format, same_result
    from mlcareer.loading.datafiles import knowledge_version

    stored = item.result.get("knowledge")
    if not same_result(item.result, result) or (
        record_format(item.result) >= 2 and stored != knowledge_version(state.data_dir)
    ):
        print_notices(
            [
                _(
                    "#{id} was saved with other knowledge data; it is shown as today's data reads "
                    "its answers (scores and gaps may differ from then)."
                ).format(id=item.id)
            ]
        )
    if as_json:
        from mlcareer.render.jsondata import assessment_json

        print_json(assessment_json(kb, result, chosen))
        return
    from mlcareer.render.terminal.lookups import render_assessment

    print_renderable(render_assessment(kb, result, chosen), page=True)


def _advise_again(kb: KnowledgeBase, item: Any) -> Any:
    """The saved answers advised again: the same answers and knowledge give the same result."""
    from mlcareer.domain.advisor import advise
    from mlcareer.domain.rules import load_quiz_and_rules
    from mlcareer.loading.answers import parse_answers

    quiz, rules = load_quiz_and_rules(kb, state.data_dir)
    answers = parse_answers(kb, quiz, item.answers, f"history #{item.id}", saved=True)
    if answers.no_longer_asked:
        from mlcareer.i18n import _

        notice = _("#{id} answers questions no longer asked ({names}): kept, but not used for the result.")
        print_notices([notice.format(id=item.id, names=", ".join(answers.no_longer_asked))])
    return advise(kb, rules, answers)


@kb_app.command("validate")
def kb_validate(
    directory: Annotated[
        Path | None,
        typer.Argument(metavar="[DIR]"),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Check every knowledge file and list all problems as file:line: key.path: expected.

    Files in DIR replace the built-in files of the same name. Exit 1 if there is any problem.

    Examples: mlcareer kb validate · mlcareer kb validate ./my-data
    """
    chosen = setup(lang, None)
    from mlcareer.domain.rules import load_quiz_and_rules
    from mlcareer.i18n import _, ngettext
    from mlcareer.loading.datafiles import knowledge_sources
    from mlcareer.loading.knowledge import load_knowledge
    from mlcareer.loading.quiz import load_quiz
    from mlcareer.render.terminal.lookups import render_validation_ok

    folder = directory or state.data_dir
    # Every file's problems in one list: the rules need a valid knowledge base, the quiz does not.
    problems: list[str] = []
    try:
        kb = load_knowledge(folder)
        quiz, rules = load_quiz_and_rules(kb, folder)
    except MlcareerError as error:
        problems = error.problems or [error.message]
        if isinstance(error, UsageError):
            raise
        try:
            load_quiz(knowledge_sources(folder)["questions.yaml"])
        except MlcareerError as quiz_error:
            problems += [p for p in quiz_error.problems if p not in problems]
        raise MlcareerError(
            ngettext(
                "The knowledge files have {count} problem:", "The knowledge files have {count} problems:", len(problems)
            ).format(count=len(problems)),
            problems=problems,
        ) from None
    counts = {
        "skills": len(kb.skills),
        "roles": len(kb.roles),
        "modules": len(kb.modules),
        "sites": len(kb.sites),
        "cases": len(kb.cases),
        "interview": len(kb.questions),
        "quiz": len(quiz.questions),
        "rules": len(rules.rules),
    }
    where = str(folder) if folder else _("built-in")
    print_renderable(render_validation_ok(chosen, where, counts))


# -- entry point -----------------------------------------------------------------------------


# Importing these registers their commands on `app` (after the ones above, which sets the order in --help).
from mlcareer.cli.commands import interview as cli_interview  # noqa: E402, F401
from mlcareer.cli.commands import match as cli_match  # noqa: E402, F401
from mlcareer.cli.commands import plan as cli_plan  # noqa: E402, F401

CAREER_COMMANDS = ("assess", "history", "roadmap", "done", "undo", "progress", "match", "interview")


def _arrange_help() -> None:
    """Group the commands in --help: what you do first, the lookups after."""
    # Panels appear in the order of their first command: what you do comes before the lookups.
    order = {name: index for index, name in enumerate(CAREER_COMMANDS)}
    app.registered_commands.sort(key=lambda info: order.get(getattr(info.callback, "__name__", ""), len(order)))
    for info in app.registered_commands:
        name = info.name or getattr(info.callback, "__name__", "").replace("_", "-")
        info.rich_help_panel = CAREER_PANEL if name in CAREER_COMMANDS else GUIDE_PANEL
    for group in app.registered_groups:
        if group.name == "history":
            group.rich_help_panel = CAREER_PANEL


_arrange_help()
