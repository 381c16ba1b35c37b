"""The commands: parse options, call one core function, print a view or JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from mlcareer.cli.app import GUIDE_PANEL
from mlcareer.cli.options import (
    DataDirOpt,
    JsonOpt,
    LangOpt,
    check_choice,
    complete_ids,
    level_option,
    specialization_option,
)
from mlcareer.cli.output import print_json, print_renderable
from mlcareer.cli.settings import Settings, load_kb, settings_of
from mlcareer.errors import UsageError
from mlcareer.i18n import N_, _

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlcareer.domain.model import KnowledgeBase

T = TypeVar("T")


commands = typer.Typer()  # composed into the app by mlcareer.cli


# -- lookups ---------------------------------------------------------------------------------
# Arguments carry no help=: click 8.3+ drops it under typer 0.20 (Parameter.__init__ resets it), so
# what an argument means is said in the command's own help instead.


def _show_one_or_all(
    settings: Settings,
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
        print_json(one_json(item)) if as_json else print_renderable(one_view(item), settings)
        return
    if as_json:
        from mlcareer.render.jsondata import source_json

        key = f"{kind}s"
        print_json({key: [one_json(item) for item in table.values()], "source": source_json(kb, settings.lang)})
    else:
        print_renderable(all_view(), settings)


@commands.command(rich_help_panel=GUIDE_PANEL)
def roles(
    ctx: typer.Context,
    role_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", autocompletion=complete_ids("roles")),
    ] = None,
    level: Annotated[
        str | None,
        level_option(N_("Only roles at this level: beginner, mid, senior")),
    ] = None,
    specialization: Annotated[
        str | None,
        specialization_option(N_("Only roles in this field: genai_llm, mlops, computer_vision, data_scientist")),
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """List job titles with their levels and salaries, or show one role.

    Examples: mlcareer roles --level mid · mlcareer roles -s mlops · mlcareer roles ml_engineer --json
    """
    settings = settings_of(ctx, lang, data_dir)
    chosen = settings.lang
    kb = load_kb(settings)
    from mlcareer.domain.lookup import find
    from mlcareer.render import jsondata

    if role_id is not None:
        role = find("role", kb.roles, role_id)
        if as_json:
            print_json(jsondata.role_json(role, chosen))
            return
        from mlcareer.render.terminal.lookups import render_role

        print_renderable(render_role(kb, role, chosen), settings)
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
    print_renderable(render_roles(kb, found, chosen, filters), settings)


@commands.command(rich_help_panel=GUIDE_PANEL)
def specializations(
    ctx: typer.Context,
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
    settings = settings_of(ctx, lang, data_dir)
    chosen = settings.lang
    kb = load_kb(settings)
    from mlcareer.render import jsondata
    from mlcareer.render.terminal import lookups as views

    _show_one_or_all(
        settings, kb, "specialization", kb.specializations, spec_id, as_json,
        one_json=lambda spec: jsondata.specialization_json(kb, spec, chosen),
        one_view=lambda spec: views.render_specialization(kb, spec, chosen),
        all_view=lambda: views.render_specializations(kb, chosen),
    )  # fmt: skip


@commands.command(rich_help_panel=GUIDE_PANEL)
def levels(
    ctx: typer.Context,
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
    settings = settings_of(ctx, lang, data_dir)
    chosen = settings.lang
    kb = load_kb(settings)
    from mlcareer.render import jsondata
    from mlcareer.render.terminal import lookups as views

    _show_one_or_all(
        settings, kb, "level", kb.levels, level_id, as_json,
        one_json=lambda level: jsondata.level_json(level, chosen),
        one_view=lambda level: views.render_level(kb, level, chosen),
        all_view=lambda: views.render_levels(kb, chosen),
    )  # fmt: skip


@commands.command(rich_help_panel=GUIDE_PANEL)
def skills(
    ctx: typer.Context,
    query: Annotated[
        str | None,
        typer.Argument(metavar="[NAME]"),
    ] = None,
    specialization: Annotated[
        str | None,
        specialization_option(N_("Only skills this field asks for")),
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
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Skills, tools and methods with study hours and prerequisites.

    Names are matched ignoring case: "PyTorch", "pytorch", "Scikit-learn", "確率統計".

    Examples: mlcareer skills -s mlops · mlcareer skills --group nlp_llm · mlcareer skills "scikit-learn" --json
    """
    settings = settings_of(ctx, lang, data_dir)
    chosen = settings.lang
    kb = load_kb(settings)
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
        render_skill(kb, found[0], chosen) if query is not None else render_skills(kb, found, chosen),
        settings,
        page=True,
    )


@commands.command(rich_help_panel=GUIDE_PANEL)
def market(ctx: typer.Context, as_json: JsonOpt = False, lang: LangOpt = None, data_dir: DataDirOpt = None) -> None:
    """The AI/ML job market in figures: postings, demand by field, salaries, drivers.

    Examples: mlcareer market · mlcareer market --json
    """
    settings = settings_of(ctx, lang, data_dir)
    chosen = settings.lang
    kb = load_kb(settings)
    if as_json:
        from mlcareer.render.jsondata import market_json

        print_json(market_json(kb, chosen))
        return
    from mlcareer.render.terminal.lookups import render_market

    print_renderable(render_market(kb, chosen), settings)


@commands.command(rich_help_panel=GUIDE_PANEL)
def sites(
    ctx: typer.Context,
    level: Annotated[
        str | None,
        level_option(N_("Only sites suited to this level: beginner, mid, senior")),
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Job sites and agents, ranked as in the guide, and whom each suits.

    Examples: mlcareer sites · mlcareer sites --level senior
    """
    settings = settings_of(ctx, lang, data_dir)
    chosen = settings.lang
    kb = load_kb(settings)
    level_id = check_choice("level", level, kb.levels)
    found = [s for s in kb.sites.values() if level_id is None or level_id in s.levels]
    found.sort(key=lambda s: (s.rank is None, s.rank or 0))
    if as_json:
        from mlcareer.render.jsondata import site_json, source_json

        print_json({"sites": [site_json(s, chosen) for s in found], "source": source_json(kb, chosen)})
        return
    from mlcareer.render.terminal.lookups import render_sites

    print_renderable(render_sites(kb, found, chosen), settings)


@commands.command(rich_help_panel=GUIDE_PANEL)
def cases(
    ctx: typer.Context,
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
    settings = settings_of(ctx, lang, data_dir)
    chosen = settings.lang
    kb = load_kb(settings)
    from mlcareer.render import jsondata
    from mlcareer.render.terminal import lookups as views

    _show_one_or_all(
        settings, kb, "case", kb.cases, case_id, as_json,
        one_json=lambda case: jsondata.case_json(case, chosen),
        one_view=lambda case: views.render_case(kb, case, chosen),
        all_view=lambda: views.render_cases(kb, chosen),
    )  # fmt: skip


@commands.command(rich_help_panel=GUIDE_PANEL)
def salary(
    ctx: typer.Context,
    specialization: Annotated[
        str,
        specialization_option(N_("Field: genai_llm, mlops, computer_vision, data_scientist")),
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
    settings = settings_of(ctx, lang, data_dir)
    chosen = settings.lang
    kb = load_kb(settings)
    from mlcareer.domain.salary import MAX_YEARS, estimate_salary

    spec_id = check_choice("specialization", specialization, kb.specializations)
    assert spec_id is not None
    if not 0 <= years <= MAX_YEARS:
        raise UsageError(_("--years must be a whole number from 0 to 60.", chosen))
    estimate = estimate_salary(kb, spec_id, years)
    if as_json:
        from mlcareer.render.jsondata import salary_estimate_json

        print_json(salary_estimate_json(kb, estimate, chosen))
        return
    from mlcareer.render.terminal.lookups import render_salary

    print_renderable(render_salary(kb, estimate, chosen), settings)
