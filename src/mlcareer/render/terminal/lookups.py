"""Rich renderables for every lookup. Views build things to print; they never print."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RichText

from mlcareer.domain.model import (
    Case,
    KnowledgeBase,
    Level,
    Role,
    Site,
    Skill,
    Specialization,
    Text,
)
from mlcareer.i18n import N_, Lang, _, ngettext
from mlcareer.render.phrases import money, salary_text, say, signed_money

if TYPE_CHECKING:
    from mlcareer.domain.advice_warnings import AdviceWarning
    from mlcareer.domain.advisor import Assessment
    from mlcareer.domain.gaps import SkillGap
    from mlcareer.domain.history import Comparison, SavedAssessment
    from mlcareer.domain.quiz import Quiz
    from mlcareer.domain.salary import SalaryEstimate


def years_text(lang: Lang, low: int, high: int | None) -> str:
    if high is None:
        return _("{low}+ years", lang).format(low=low)
    return _("{low}–{high} years", lang).format(low=low, high=high)


def bar(value: float, total: float, width: int = 20) -> str:
    filled = round(width * value / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def source_note(kb: KnowledgeBase, lang: Lang) -> RichText:
    from mlcareer.render.jsondata import source_text

    return RichText(source_text(kb, lang), style="dim")


def paren(lang: Lang, text: str) -> str:
    """An aside in brackets: full-width in Japanese, after a space in English."""
    return f"（{text}）" if lang == "ja" else f"  ({text})"


def name_and_id(lang: Lang, name: str, ident: str) -> str:
    """A name with its id after it, in brackets: full-width in Japanese."""
    return _("{name} ({id})", lang).format(name=name, id=ident)


def named_id(name: str, ident: str) -> RichText:
    """A name with its id under it, dim: the id is what the commands take."""
    return RichText.assemble(name, (f"\n{ident}", "cyan dim"))


def _names(kb: KnowledgeBase, lang: Lang, table: str, ids: Iterable[str], separator: str | None = None) -> str:
    tables: dict[str, Mapping[str, Any]] = {
        "skills": kb.skills,
        "levels": kb.levels,
        "specializations": kb.specializations,
        "roles": kb.roles,
        "sites": kb.sites,
    }
    lookup = tables[table]
    return (separator or _(", ", lang)).join(str(lookup[i].name(lang)) for i in ids)


def _bullets(lang: Lang, items: Sequence[Text]) -> Table:
    return bullet_list([item(lang) for item in items])


def bullet_list(lines: Sequence[str | RichText], marker: str = "•", indent: int = 0) -> Table:
    """Bullets whose wrapped lines stay indented under their text."""
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), pad_edge=False)
    if indent:
        table.add_column(width=indent, no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for line in lines:
        table.add_row(*([""] if indent else []), marker, line)
    return table


def _detail_table() -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    return table


# -- roles ---------------------------------------------------------------------------------------


DERIVED_NOTE = N_("* not given by the guide: derived from the role's level and specialization")
OURS_MARK = "†"
OURS_ROLE_NOTE = N_("† a title the guide does not name (added by mlcareer)")


def render_roles(kb: KnowledgeBase, roles: Sequence[Role], lang: Lang, filters: Sequence[str] = ()) -> RenderableType:
    """`filters`: the names of what the list was narrowed to, shown in its title."""
    title = _("Roles", lang) + (_(" (", lang) + _(", ", lang).join(filters) + _(")", lang) if filters else "")
    table = Table(title=RichText(title), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column(_("Role / id", lang), overflow="fold", ratio=3)
    table.add_column(_("Level", lang), overflow="fold", ratio=2)
    table.add_column(_("Salary", lang), justify="right", no_wrap=True)
    for role in roles:
        pay = salary_text(lang, role.salary) + (" *" if role.salary.derived else "")
        name = role.name(lang) + (OURS_MARK if role.source != "guide" else "")
        table.add_row(named_id(name, role.id), _names(kb, lang, "levels", role.levels, "\n"), pay)
    notes: list[RenderableType] = [table]
    if any(r.salary.derived for r in roles):
        notes.append(RichText(_(DERIVED_NOTE, lang), style="dim"))
    if any(r.source != "guide" for r in roles):
        notes.append(RichText(_(OURS_ROLE_NOTE, lang), style="dim"))
    if not roles:
        notes.append(RichText(_("No role matches these filters.", lang)))
    notes.append(source_note(kb, lang))
    return Group(*notes)


def render_role(kb: KnowledgeBase, role: Role, lang: Lang) -> RenderableType:
    table = _detail_table()
    table.add_row(_("id", lang), role.id)
    if role.source != "guide":
        table.add_row(
            _("Source", lang),
            _("Not named in the guide (added by mlcareer)", lang),
        )
    levels = _names(kb, lang, "levels", role.levels)
    if role.levels_source != "guide":
        levels += _(" (our reading of the guide)", lang)
    table.add_row(_("Levels", lang), levels)
    if role.specializations:
        table.add_row(
            _("Specializations", lang),
            _names(kb, lang, "specializations", role.specializations),
        )
    pay = RichText(salary_text(lang, role.salary))
    if role.salary.derived and role.salary.basis:
        # On its own line, not in brackets: the basis names the level in brackets itself.
        pay.append("\n" + say(role.salary.basis, lang), style="dim")
    table.add_row(_("Salary", lang), pay)
    table.add_row(_("Key skills", lang), _names(kb, lang, "skills", role.skills))
    body = Group(RichText(role.description(lang)), RichText(""), table)
    return Group(Panel(body, title=RichText(role.name(lang)), title_align="left"), source_note(kb, lang))


# -- specializations ---------------------------------------------------------------------------


def render_specializations(kb: KnowledgeBase, lang: Lang) -> RenderableType:
    shares = {s.id: s.pct for s in kb.market.demand_shares}
    table = Table(title=RichText(_("Specializations", lang)), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column(_("Specialization / id", lang), overflow="fold")
    table.add_column(_("Salary", lang), justify="right", no_wrap=True)
    table.add_column(_("Share of jobs", lang), justify="right", no_wrap=True)
    for spec in kb.specializations.values():
        share = f"{shares[spec.id]}%" if spec.id in shares else "—"
        table.add_row(named_id(spec.name(lang), spec.id), salary_text(lang, spec.salary), share)
    hint = RichText(_("Details: mlcareer specializations ID", lang), style="dim")
    return Group(table, hint, source_note(kb, lang))


def render_specialization(kb: KnowledgeBase, spec: Specialization, lang: Lang) -> RenderableType:
    skills = _detail_table()
    for group in spec.skill_groups:
        listed = RichText(_names(kb, lang, "skills", group.skills))
        name = group.name(lang) + (OURS_MARK if group.source != "guide" else "")
        if group.description is not None:
            listed.append("\n" + group.description(lang), style="dim")
        skills.add_row(name, listed)
    trends = _detail_table()
    for trend in spec.trends:
        detail = RichText(trend.description(lang) if trend.description else "")
        if trend.skills:
            detail.append(("\n" if detail.plain else "") + _names(kb, lang, "skills", trend.skills), style="dim")
        trends.add_row(trend.name(lang), detail)
    employers = _detail_table()
    for emp in spec.employers:
        employers.add_row(emp.name(lang), _(", ", lang).join(e(lang) for e in emp.examples))
    role = kb.roles[spec.role]
    head = RichText.assemble(
        (spec.summary(lang) + "\n\n", ""),
        (_("Salary range: ", lang), "bold"),
        salary_text(lang, spec.salary),
        "   ",
        (_("Role: ", lang), "bold"),
        f"{role.name(lang)}{paren(lang, role.id)}",
    )
    body = Group(
        head,
        RichText("\n" + _("Skills in demand", lang), style="bold underline"),
        skills,
        *(
            [RichText(_("† a group the guide does not list (added by mlcareer)", lang), style="dim")]
            if any(group.source != "guide" for group in spec.skill_groups)
            else []
        ),
        RichText(
            "\n" + _("Trends and career paths", lang),
            style="bold underline",
        ),
        trends,
        RichText("\n" + _("Typical employers", lang), style="bold underline"),
        employers,
    )
    return Group(Panel(body, title=RichText(spec.name(lang)), title_align="left"), source_note(kb, lang))


# -- levels ----------------------------------------------------------------------------------------


def render_levels(kb: KnowledgeBase, lang: Lang) -> RenderableType:
    table = Table(title=RichText(_("Experience levels", lang)), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column(_("Level / id", lang), overflow="fold")
    table.add_column(_("Experience", lang), no_wrap=True)
    table.add_column(_("Salary", lang), justify="right", no_wrap=True)
    for level in kb.levels.values():
        table.add_row(
            named_id(level.name(lang), level.id),
            years_text(lang, level.years_min, level.years_max),
            salary_text(lang, level.salary),
        )
    hint = RichText(_("Details: mlcareer levels ID", lang), style="dim")
    return Group(table, hint, source_note(kb, lang))


def render_level(kb: KnowledgeBase, level: Level, lang: Lang) -> RenderableType:
    parts: list[RenderableType] = [
        RichText.assemble(
            (level.summary(lang) + "\n\n", ""),
            (_("Experience: ", lang), "bold"),
            years_text(lang, level.years_min, level.years_max),
            "   ",
            (_("Salary: ", lang), "bold"),
            salary_text(lang, level.salary),
        )
    ]
    for number, prep in enumerate(level.preparation, 1):
        parts.append(RichText(f"\n{number}. {prep.name(lang)}", style="bold"))
        lines = [item(lang) for item in prep.items]
        if prep.skills and not prep.items:
            lines.append(_names(kb, lang, "skills", prep.skills))
        parts.append(bullet_list(lines, indent=2))
    if level.roadmap:
        parts.append(RichText("\n" + _("Learning roadmap", lang), style="bold underline"))
        for step in level.roadmap:
            low, high = step.months
            months = (
                _("{low}–{high} months", lang).format(low=low, high=high)
                if high != low
                else _("{low} months", lang).format(low=low)
            )
            parts.append(bullet_list([f"{step.name(lang)}{paren(lang, months).rstrip()}"]))
    if level.employers:
        parts.append(RichText("\n" + _("Where to apply", lang), style="bold underline"))
        employers = _detail_table()
        for emp in level.employers:
            employers.add_row(emp.name(lang), emp.reason(lang) if emp.reason else "")
        parts.append(employers)
    if level.roles:
        parts.append(RichText("\n" + level.roles_title(lang), style="bold underline"))
        roles = _detail_table()
        for role_id in level.roles:
            role = kb.roles[role_id]
            pay = salary_text(lang, role.salary) + (" *" if role.salary.derived else "")
            roles.add_row(role.name(lang), RichText.assemble(pay, (paren(lang, role.id), "dim")))
        parts.append(roles)
        if any(kb.roles[r].salary.derived for r in level.roles):
            parts.append(RichText(_(DERIVED_NOTE, lang), style="dim"))
    return Group(Panel(Group(*parts), title=RichText(level.name(lang)), title_align="left"), source_note(kb, lang))


# -- skills -----------------------------------------------------------------------------------------


def render_skills(kb: KnowledgeBase, skills: Sequence[Skill], lang: Lang) -> RenderableType:
    """Skills under their group's heading (a group column wrapped on every row at 80 columns)."""
    table = Table(
        title=_("Skills ({count})", lang).format(count=len(skills)),
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    table.add_column(_("Skill / id", lang), overflow="fold", ratio=3)
    table.add_column(_("Hours", lang), justify="right", no_wrap=True)
    table.add_column(_("Needs first", lang), overflow="fold", ratio=3)
    for group in kb.skill_groups.values():
        members = [s for s in skills if s.group == group.id]
        if not members:
            continue
        table.add_row(RichText(name_and_id(lang, group.name(lang), group.id), style="bold"), "", "", end_section=False)
        for skill in members:
            table.add_row(
                named_id(skill.name(lang), skill.id),
                str(skill.hours),
                _names(kb, lang, "skills", skill.prerequisites),
                end_section=skill is members[-1],
            )
    note = RichText(
        _("Hours are our estimate of study time to become productive. Details: mlcareer skills ID", lang),
        style="dim",
    )
    return Group(table, note, source_note(kb, lang))


def render_skill(kb: KnowledgeBase, skill: Skill, lang: Lang) -> RenderableType:
    needed_by = [s.id for s in kb.skills.values() if skill.id in s.prerequisites]
    fields = [spec.id for spec in kb.specializations.values() if skill.id in spec.skills]
    modules = [m for m in kb.modules.values() if skill.id in m.skills]
    table = _detail_table()
    table.add_row(_("id", lang), skill.id)
    names = skill.name.ja if skill.name.ja == skill.name.en else f"{skill.name.ja} / {skill.name.en}"
    table.add_row(_("Names", lang), names)
    if skill.aliases:
        table.add_row(_("Also typed as", lang), ", ".join(skill.aliases))
    table.add_row(_("Group", lang), name_and_id(lang, kb.skill_groups[skill.group].name(lang), skill.group))
    table.add_row(
        _("Study hours", lang),
        _("about {hours} h", lang).format(hours=skill.hours),
    )
    none = _("none", lang)
    table.add_row(
        _("Needs first", lang),
        _names(kb, lang, "skills", skill.prerequisites) or none,
    )
    table.add_row(_("Leads to", lang), _names(kb, lang, "skills", needed_by) or none)
    table.add_row(_("Asked for in", lang), _names(kb, lang, "specializations", fields) or none)
    roles = [r.id for r in kb.roles.values() if skill.id in r.skills]
    if roles:
        table.add_row(_("Key skill of", lang), _names(kb, lang, "roles", roles))
    if modules:
        table.add_row(
            _("Roadmap", lang),
            "\n".join(_("Phase {number}: {name}", lang).format(number=m.phase, name=m.name(lang)) for m in modules),
        )
    return Panel(table, title=RichText(skill.name(lang)), title_align="left")


# -- market -----------------------------------------------------------------------------------------


def render_market(kb: KnowledgeBase, lang: Lang) -> RenderableType:
    m = kb.market
    head = _detail_table()
    head.add_row(
        _("Job postings a month", lang),
        (
            _("{count:,}+ (+{pct}% year on year)", lang)
            if m.postings_at_least
            else _("{count:,} (+{pct}% year on year)", lang)
        ).format(count=m.monthly_postings, pct=m.postings_yoy_pct),
    )
    head.add_row(
        _("Average salary", lang),
        RichText.assemble(money(lang, m.average_salary), (paren(lang, m.average_note(lang)), "dim")),
    )
    head.add_row(
        _("Salary range", lang),
        RichText.assemble(
            salary_text(lang, m.salary_range), (f"\n{m.range_min_note(lang)}\n{m.range_max_note(lang)}", "dim")
        ),
    )
    growth = RichText(_("+{salary_yoy_pct}% year on year", lang).format(salary_yoy_pct=m.salary_yoy_pct))
    if m.salary_yoy_note:
        growth.append(paren(lang, m.salary_yoy_note(lang)), style="dim")
    head.add_row(_("Salary growth", lang), growth)

    def share_table(title: str, rows: Iterable[tuple[str, int]]) -> Table:
        table = Table(title=title, box=None, title_justify="left", show_header=False, padding=(0, 1))
        table.add_column(no_wrap=False, max_width=34, overflow="fold")
        table.add_column(no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        for name, pct in rows:
            table.add_row(name, bar(pct, 100), f"{pct}%")
        return table

    demand = share_table(
        _("Fields in demand (share of postings)", lang),
        ((kb.specializations[s.id].name(lang), s.pct) for s in m.demand_shares),
    )
    employers = share_table(
        _("Who is hiring", lang),
        ((e.name(lang), e.pct) for e in m.employer_types),
    )
    medians = Table(
        title=RichText(_("Median salary by experience", lang)),
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    medians.add_column(_("Experience", lang), overflow="fold")
    medians.add_column(_("Median", lang), justify="right", overflow="fold")
    medians.add_column("", overflow="fold")
    top = max(b.salary.max for b in m.medians) if m.medians else 1
    for band in m.medians:
        medians.add_row(
            years_text(lang, band.years_min, band.years_max),
            salary_text(lang, band.salary),
            bar(band.salary.max, top, 20),
        )
    drivers: list[RenderableType] = [RichText(_("What drives demand", lang), style="bold underline")]
    if m.demand_causes:
        causes = _(", ", lang).join(c.name(lang) for c in m.demand_causes)
        drivers.append(
            RichText(
                _("The guide names: {causes}.", lang).format(causes=causes),
                style="dim",
            )
        )
    for number, driver in enumerate(m.drivers, 1):
        heading = RichText.assemble(
            (driver.name(lang), "bold"), ("\n" if lang == "ja" else " — ") + driver.summary(lang)
        )
        drivers.append(bullet_list([heading], marker=f"{number}."))
        drivers.append(
            bullet_list(
                [f"{item.name(lang)}: " + _(", ", lang).join(e(lang) for e in item.examples) for item in driver.items],
                indent=2,
            )
        )
    outlook: list[RenderableType] = [
        RichText(_("Outlook", lang), style="bold underline"),
        _bullets(lang, m.outlook),
    ]
    return Group(
        Panel(head, title=RichText(_("The AI/ML job market", lang)), title_align="left"),
        demand,
        RichText(""),
        employers,
        RichText(""),
        medians,
        *drivers,
        RichText(""),
        *outlook,
        RichText(""),
        source_note(kb, lang),
    )


# -- sites and cases -------------------------------------------------------------------------------


def site_jobs(lang: Lang, site: Site) -> str:
    if site.ai_ml_jobs is None:
        return "—"
    if site.jobs_at_least:
        return _("{count:,}+ jobs", lang).format(count=site.ai_ml_jobs)
    return _("{count:,} jobs", lang).format(count=site.ai_ml_jobs)


def site_pay(lang: Lang, site: Site) -> str:
    parts = []
    if site.salary:
        parts.append(salary_text(lang, site.salary))
    if site.average_salary:
        parts.append(_("avg {average}", lang).format(average=money(lang, site.average_salary)))
    if site.min_salary:
        parts.append(_("jobs from {salary}", lang).format(salary=money(lang, site.min_salary)))
    return "\n".join(parts) or "—"


def render_sites(kb: KnowledgeBase, sites: Sequence[Site], lang: Lang) -> RenderableType:
    if not sites:
        return RichText(_("No site matches this level.", lang))
    cards: list[RenderableType] = []
    for site in sites:
        facts = _detail_table()
        facts.add_row(_("AI/ML openings", lang), site_jobs(lang, site))
        facts.add_row(_("Salary", lang), site_pay(lang, site).replace("\n", _("; ", lang)))
        # The guide ranks four sites; for the others it says only which story used them.
        label = _("Suits", lang) if site.rank else _("Note", lang)
        facts.add_row(label, site.suits_for(lang))
        levels = _names(kb, lang, "levels", site.levels)
        if site.levels_source != "guide":
            levels += _(" (ours: the guide gives none)", lang)
        facts.add_row(_("For levels", lang), levels)
        if site.strengths:
            facts.add_row(_("Strengths", lang), bullet_list([x(lang) for x in site.strengths]))
        if site.support:
            facts.add_row(_("Support", lang), bullet_list([x(lang) for x in site.support]))
        rank = _("#{rank} ", lang).format(rank=site.rank) if site.rank else ""
        shown_id = "" if site.id == site.name(lang).casefold() else paren(lang, site.id)
        title = RichText.assemble(f"{rank}{site.name(lang)}", (shown_id, "dim"))
        cards.append(Panel(facts, title=title, title_align="left"))
    return Group(*cards, source_note(kb, lang))


def render_cases(kb: KnowledgeBase, lang: Lang) -> RenderableType:
    table = Table(title=RichText(_("Success stories", lang)), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column(_("Story / id", lang), overflow="fold")
    table.add_column(_("Salary", lang), justify="right", no_wrap=True)
    table.add_column(_("Search", lang), justify="right", no_wrap=True)
    for case in kb.cases.values():
        pay = f"{money(lang, case.before_salary)} → {money(lang, case.after_salary)}"
        table.add_row(
            named_id(case.title(lang), case.id),
            pay,
            _("{search_months} mo", lang).format(search_months=case.search_months),
        )
    hint = RichText(_("Details: mlcareer cases ID", lang), style="dim")
    return Group(table, hint, source_note(kb, lang))


def render_case(kb: KnowledgeBase, case: Case, lang: Lang) -> RenderableType:
    table = _detail_table()
    table.add_row(
        _("Before", lang),
        _("{role} ({salary}, {years} years)", lang).format(
            role=case.before_role(lang), salary=money(lang, case.before_salary), years=case.before_years
        ),
    )
    after = _("{role} ({salary})", lang).format(role=case.after_role(lang), salary=money(lang, case.after_salary))
    if case.after_extras:
        after += " · " + case.after_extras(lang)
    table.add_row(_("After", lang), after)
    table.add_row(_("Raise", lang), "+" + money(lang, case.salary_increase))
    table.add_row(
        _("Job search", lang),
        _("{search_months} months", lang).format(search_months=case.search_months),
    )
    table.add_row(_("Sites used", lang), _names(kb, lang, "sites", case.sites))
    parts: list[RenderableType] = [
        table,
        RichText("\n" + _("What made it work", lang), style="bold underline"),
    ]
    factors = _detail_table()
    for factor in case.factors:
        factors.add_row(factor.name(lang), factor.detail(lang))
    parts.append(factors)
    if case.steps:
        parts.append(RichText("\n" + _("Learning steps", lang), style="bold underline"))
        total = sum(s.months for s in case.steps)
        for step in case.steps:
            months = _("{months} mo", lang).format(months=step.months)
            parts.append(RichText(f"{bar(step.months, total, 12)} {months:>6}  {step.name(lang)}"))
    if case.achievements:
        parts.append(RichText("\n" + _("Track record shown", lang), style="bold underline"))
        parts.append(_bullets(lang, case.achievements))
    if case.portfolio:
        parts.append(RichText("\n" + _("Portfolio", lang), style="bold underline"))
        parts.append(_bullets(lang, case.portfolio))
    return Group(Panel(Group(*parts), title=RichText(case.title(lang)), title_align="left"), source_note(kb, lang))


# -- salary ------------------------------------------------------------------------------------------


def render_salary(kb: KnowledgeBase, est: SalaryEstimate, lang: Lang) -> RenderableType:
    head = RichText.assemble(
        (_("Estimated salary: ", lang), "bold"),
        (salary_text(lang, est.estimate), "bold green"),
    )
    # Numbered like the next steps: a wrapped step stays indented under its text.
    steps = Group(*(bullet_list([say(step, lang)], marker=f"{i}.") for i, step in enumerate(est.steps, 1)))
    title = ngettext("{name}, {count} year", "{name}, {count} years", est.years, lang).format(
        name=est.specialization.name(lang), count=est.years
    )
    body = Group(
        head,
        RichText(""),
        RichText(_("How it was derived", lang), style="bold underline"),
        steps,
    )
    return Group(Panel(body, title=RichText(title), title_align="left"), source_note(kb, lang))


def render_validation_ok(lang: Lang, where: str, counts: dict[str, int]) -> RenderableType:
    names_ja = {"skills": "スキル", "roles": "職種", "modules": "モジュール", "sites": "転職サイト", "cases": "事例",
                "interview": "面接質問", "quiz": "クイズの質問", "rules": "ルール"}  # fmt: skip
    if lang == "ja":
        summary = "・".join(f"{names_ja.get(name, name)}{count}" for name, count in counts.items())
    else:
        summary = ", ".join(f"{name} {count}" for name, count in counts.items())
    return RichText.assemble((_("✓ {where}: no problems", lang).format(where=where), "green"), (f"\n{summary}", "dim"))


# -- assessment --------------------------------------------------------------------------------------

MAX_GAPS_SHOWN = 10
REASONS_SHOWN = 3  # a field's reasons in the ranking table; the rest are summed in one line


def render_assessment(kb: KnowledgeBase, a: Assessment, lang: Lang) -> RenderableType:
    top = kb.specializations[a.top]
    level = kb.levels[a.level]
    phase = next(p for p in kb.phases if p.number == a.phase)
    headline = RichText.assemble(
        (_("Best fit: ", lang), "bold"),
        (top.name(lang), "bold green"),
        paren(lang, f"{a.ranking[0].score}/100") + "\n",
        (_("Level: ", lang), "bold"),
        level.name(lang),
        "   ",
        (_("Learning phase: ", lang), "bold"),
        _("Phase {number} ({name})", lang).format(number=phase.number, name=phase.name(lang)),
    )

    ranking = Table(
        box=box.SIMPLE_HEAD,
        title=RichText(_("Fit by specialization", lang)),
        title_justify="left",
        expand=False,
    )
    ranking.add_column(_("Specialization", lang), ratio=2, overflow="fold")
    ranking.add_column(_("Score", lang), no_wrap=True)
    ranking.add_column(_("Top reasons", lang), ratio=3, overflow="fold")
    for score in a.ranking:
        reasons = Table(box=None, show_header=False, padding=(0, 1, 0, 0), pad_edge=False)
        reasons.add_column(justify="right", no_wrap=True)
        reasons.add_column(overflow="fold")
        for reason in score.reasons[:REASONS_SHOWN]:
            reasons.add_row(f"{reason.points:+d}", say(reason.text, lang))
        rest = score.reasons[REASONS_SHOWN:]
        if rest:  # the score is the sum of all its reasons: say what the hidden ones add
            hidden = ngettext(
                "{count} more reason (all in --json)", "{count} more reasons (all in --json)", len(rest), lang
            )
            reasons.add_row(f"{sum(r.points for r in rest):+d}", hidden.format(count=len(rest)))
        if not score.reasons:
            reasons.add_row("", _("(none)", lang))
        ranking.add_row(
            kb.specializations[score.id].name(lang),
            f"{bar(score.score, 100, 10)} {score.score:>3}",
            reasons,
        )

    why = Table(box=None, show_header=False, padding=(0, 1))
    why.add_column(style="bold", no_wrap=True)
    why.add_column(overflow="fold")
    why.add_row(_("Level", lang), "\n".join(say(r, lang) for r in a.level_reasons))
    why.add_row(_("Phase", lang), "\n".join(say(r, lang) for r in a.phase_reasons))

    gaps = Table(
        box=box.SIMPLE_HEAD,
        title=RichText(_("Skills to learn for {name}, in order", lang).format(name=top.name(lang))),
        title_justify="left",
    )
    gaps.add_column("#", justify="right", overflow="fold")
    gaps.add_column(_("Skill", lang), ratio=3, overflow="fold")
    gaps.add_column(_("Hours", lang), justify="right", no_wrap=True)
    gaps.add_column(_("Kind → unlocks", lang), ratio=3, overflow="fold")
    for number, gap in enumerate(a.skill_gaps[:MAX_GAPS_SHOWN], 1):
        gaps.add_row(str(number), _gap_skill(kb, gap, lang), str(gap.hours), _gap_why(kb, gap, lang))
    total_hours = sum(g.hours for g in a.skill_gaps)
    more = len(a.skill_gaps) - MAX_GAPS_SHOWN
    inferred = dict(a.skills_inferred)
    field = [s for s in top.skills if s in inferred or s in a.skills_held]
    held_names = _(", ", lang).join(kb.skills[s].name(lang) + ("†" if s in inferred else "") for s in field) or _(
        "none yet", lang
    )
    if any(s in inferred for s in field):
        sources = _(", ", lang).join(dict.fromkeys(kb.skills[inferred[s]].name(lang) for s in field if s in inferred))
        held_names += _(" († implied by {sources})", lang).format(sources=sources)
    gap_notes = RichText(
        _("This field's skills you already have: {names}", lang).format(names=held_names)
        + "\n"
        + ngettext(
            "Still to learn: {count} skill, about {hours} h",
            "Still to learn: {count} skills, about {hours} h",
            len(a.skill_gaps),
            lang,
        ).format(count=len(a.skill_gaps), hours=total_hours)
        + (_(" ({more} not in the table)", lang).format(more=more) if more > 0 else "")
        + "\n"
        + _("The whole study plan, foundations to practice: mlcareer roadmap", lang),
        style="dim",
    )

    pay = _salary_panel(kb, a, lang)
    routes = _routes_table(kb, a, lang)

    where = _detail_table()
    for site_id, site_why in zip(a.job_sites, a.job_site_reasons or [None] * len(a.job_sites), strict=False):
        site = kb.sites[site_id]
        shown = RichText(say(site_why, lang)) if site_why is not None else RichText("")
        if site_why is not None:
            shown.append("\n")
        shown.append(site.suits_for(lang, newcomer=a.level == "beginner"), style="dim" if site_why is not None else "")
        where.add_row(site.name(lang), shown)
    # The reasons wrap under themselves, indented, not back at the margin.
    story_lines = [RichText(say(r, lang), style="dim") for r in a.similar_case_reasons]
    if a.similar_cases:
        case = kb.cases[a.similar_cases[0]]
        story = RichText.assemble(
            (_("A similar story: ", lang), "bold"),
            # In brackets, not after a dash: a wrapped line must not start with "—".
            ngettext(
                "{title} ({before} → {after}, {count} month's search)",
                "{title} ({before} → {after}, {count} months' search)",
                case.search_months,
                lang,
            ).format(
                title=case.title(lang),
                before=money(lang, case.before_salary),
                after=money(lang, case.after_salary),
                count=case.search_months,
            ),
        )
        story_lines.append(RichText(f"→ mlcareer cases {case.id}", style="dim"))
    else:  # no story suits them: say so, and where all three are
        story = RichText.assemble((_("A similar story: ", lang), "bold"), _("none", lang))
        story_lines.append(RichText("→ mlcareer cases", style="dim"))
    story_block = Group(story, bullet_list(story_lines, marker="", indent=1))
    steps = Group(*(bullet_list([say(s, lang)], marker=f"{i}.") for i, s in enumerate(a.next_steps, 1)))
    return Group(
        Panel(headline, title=RichText(_("Your result", lang)), title_align="left"),
        *([render_warnings(a.warnings, lang)] if a.warnings else []),
        ranking,
        Panel(why, title=RichText(_("Why this level and phase", lang)), title_align="left"),
        gaps,
        gap_notes,
        RichText(""),
        Panel(pay, title=RichText(_("Salary outlook", lang)), title_align="left"),
        routes,
        Panel(
            where
            if a.job_sites_note is None
            else Group(where, RichText(""), RichText(say(a.job_sites_note, lang), style="dim")),
            title=RichText(_("Job sites for you", lang)),
            title_align="left",
        ),
        story_block,
        RichText(""),
        Panel(
            steps,
            title=RichText(_("Your next three steps", lang)),
            title_align="left",
            border_style="green",
        ),
        source_note(kb, lang),
    )


_GAP_WHY = {
    "senior_agenda": N_("senior agenda"),
    "foundation": N_("foundation"),
    "field": N_("field"),
    "prerequisite": N_("learn first"),
    "scale_up": N_("scale-up"),
}


def _gap_skill(kb: KnowledgeBase, gap: SkillGap, lang: Lang) -> RichText:
    name = RichText(kb.skills[gap.skill].name(lang))
    if gap.alternatives:
        others = _(", ", lang).join(kb.skills[s].name(lang) for s in gap.alternatives)
        name.append(_("\n(or {others})", lang).format(others=others), style="dim")
    return name


def _gap_why(kb: KnowledgeBase, gap: SkillGap, lang: Lang) -> str:
    why = _(_GAP_WHY.get(gap.reason, _GAP_WHY["field"]), lang)
    if gap.prerequisite_for:
        unlocks = _(", ", lang).join(kb.skills[s].name(lang) for s in gap.prerequisite_for[:2])
        more = len(gap.prerequisite_for) - 2
        unlocks += _(" +{more}", lang).format(more=more) if more > 0 else ""
        why += f" → {unlocks}"
    return why


def render_warnings(warnings: Sequence[AdviceWarning], lang: Lang) -> RenderableType:
    lines = [say(w.text, lang) for w in warnings]
    return Panel(
        bullet_list(lines, marker="!"),
        title=RichText(_("Please note", lang)),
        title_align="left",
        border_style="yellow",
    )


def _salary_panel(kb: KnowledgeBase, a: Assessment, lang: Lang) -> Table:
    """Every figure says what it is: the estimate for the best field at the person's level, the market
    reference for their counted years, their own pay (their answer) and the change from it."""
    top = kb.specializations[a.top]
    level = kb.levels[a.level]
    pay = _detail_table()
    expected = RichText(salary_text(lang, a.salary_target), style="bold")
    expected.append(_(" ({field}, {level})", lang).format(field=top.name(lang), level=level.name(lang)))
    if a.salary_basis is not None:
        expected.append("\n" + say(a.salary_basis, lang), style="dim")
    pay.add_row(_("Expected", lang), expected)
    if a.salary_now != a.salary_target:
        reference = RichText(salary_text(lang, a.salary_now))
        reference.append("\n" + say(a.salary_now_basis, lang), style="dim")
        pay.add_row(_("Reference", lang), reference)
    current = a.answers.current_salary
    if current is not None and a.salary_change is not None:
        low, high = a.salary_change
        change = signed_money(lang, low)
        if high != low:
            change += _(" to ", lang) + signed_money(lang, high)
        pay.add_row(_("Now", lang), money(lang, current) + _(" (your answer)", lang))
        pay.add_row(_("Change", lang), change + _(" (to the estimate)", lang))
        stories = RichText()
        for number, case in enumerate(kb.cases.values()):
            stories.append(("\n" if number else "") + signed_money(lang, case.salary_increase), style="bold")
            stories.append("  " + case.title(lang), style="dim")
        pay.add_row(_("Stories", lang), stories)
    else:
        hint = _("Give your current salary to see the change a move would make, beside the guide's stories.", lang)
        pay.add_row("", RichText(hint, style="dim"))
    for note in a.salary_notes:
        pay.add_row("", say(note, lang))
    return pay


def _routes_table(kb: KnowledgeBase, a: Assessment, lang: Lang) -> RenderableType:
    """The job titles that fit, best first, with the pay of each (marked when derived) and why."""
    lines: list[RenderableType] = [RichText(_("Job titles that fit you (routes)", lang), style="bold")]
    for number, fit in enumerate(a.roles, 1):
        role = kb.roles[fit.id]
        name = role.name(lang) + (OURS_MARK if role.source != "guide" else "")
        pay = salary_text(lang, role.salary) + (" *" if role.salary.derived else "")
        # The level, the strongest other reason, and always the skills held (or not), so nobody reads
        # a title as theirs already.
        skills = [r for r in fit.reasons if r.rule == "skills"]
        others = [r for r in fit.reasons[1:] if r.rule != "skills" and r.points > 0][:2]
        why = _(". ", lang).join(say(r.text, lang) for r in (fit.reasons[0], *others, *skills)) + _(".", lang)
        line = RichText.assemble((name, "bold"), "  ", pay, "\n", (why, "dim"))
        lines.append(bullet_list([line], marker=f"{number}."))
    shown = [kb.roles[f.id] for f in a.roles]
    notes = []
    if any(r.salary.derived for r in shown):
        notes.append(_(DERIVED_NOTE, lang))
    if any(r.source != "guide" for r in shown):
        notes.append(_(OURS_ROLE_NOTE, lang))
    notes.append(_("Details: mlcareer roles ID", lang))
    lines.append(RichText("\n".join(notes), style="dim"))
    return Group(*lines)


# -- history -----------------------------------------------------------------------------------------


def _label(kb: KnowledgeBase, table: str, ident: str, lang: Lang) -> str:
    """A name for an id from history; an id the knowledge base no longer has is shown as is."""
    tables: dict[str, Mapping[str, Any]] = {
        "specializations": kb.specializations,
        "levels": kb.levels,
        "skills": kb.skills,
    }
    lookup = tables[table]
    item = lookup.get(ident)
    return str(item.name(lang)) if item is not None else ident


def render_history(kb: KnowledgeBase, saved: Sequence[SavedAssessment], lang: Lang) -> RenderableType:
    if not saved:
        return RichText(_("No assessments yet. Start with: mlcareer assess", lang))
    table = Table(
        title=_("Assessment history (newest first)", lang),
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(_("When", lang))  # may break between the date and the time, rather than stack the table
    table.add_column(_("Best fit", lang), overflow="fold", ratio=1, min_width=12)
    table.add_column(_("Score", lang), justify="right", no_wrap=True)
    table.add_column(_("Level", lang), overflow="fold")
    table.add_column(_("Phase", lang), justify="right", no_wrap=True)
    table.add_column(_("Gaps", lang), justify="right", no_wrap=True)
    for item in saved:
        specs = item.result.get("specializations", [])
        top = specs[0] if specs else {}
        table.add_row(
            str(item.id),
            item.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            _label(kb, "specializations", str(top.get("id", "")), lang),
            str(top.get("score", "")),
            _label(kb, "levels", str(item.result.get("level", "")), lang),
            str(item.result.get("phase", "")),
            str(len(item.result.get("skill_gaps", []))),
        )
    hint = RichText(
        _("See one again: mlcareer history show N · compare the last two: mlcareer history --compare", lang),
        style="dim",
    )
    return Group(table, hint)


def render_comparison(kb: KnowledgeBase, diff: Comparison, lang: Lang, quiz: Quiz | None = None) -> RenderableType:
    when = (
        diff.before.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
        diff.after.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
    )
    # The title above the table, not in it: a table's title wraps at the table's width, which would
    # part a date from its time.
    title = RichText(_("How scores moved ({before} → {after})", lang).format(before=when[0], after=when[1]))
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column(_("Specialization", lang), overflow="fold")
    table.add_column(_("Previous", lang), justify="right", overflow="fold")
    table.add_column(_("Latest", lang), justify="right", overflow="fold")
    table.add_column(_("Change", lang), justify="right", overflow="fold")
    for change in diff.scores:
        delta = change.delta
        style = "green" if delta > 0 else "red" if delta < 0 else ""
        sign = "+" if delta > 0 else ""
        table.add_row(
            _label(kb, "specializations", change.specialization, lang),
            "—" if change.before is None else str(change.before),
            "—" if change.after is None else str(change.after),
            RichText(f"{sign}{delta}", style=style),
        )
    facts = _detail_table()
    if diff.top[0] != diff.top[1]:
        facts.add_row(
            _("Best fit", lang),
            f"{_label(kb, 'specializations', diff.top[0], lang)} → {_label(kb, 'specializations', diff.top[1], lang)}",
        )
    facts.add_row(
        _("Level", lang),
        f"{_label(kb, 'levels', diff.level[0], lang)} → {_label(kb, 'levels', diff.level[1], lang)}",
    )
    facts.add_row(_("Phase", lang), f"{diff.phase[0]} → {diff.phase[1]}")
    facts.add_row(_("Skill gaps", lang), f"{diff.gaps_count[0]} → {diff.gaps_count[1]}")
    if diff.top[0] != diff.top[1]:
        facts.add_row(
            "",
            RichText(
                _("The best fit changed, so the skill gaps are not compared: they list different fields.", lang),
                style="dim",
            ),
        )
    if diff.gaps_closed:
        facts.add_row(
            _("Closed", lang),
            _(", ", lang).join(_label(kb, "skills", s, lang) for s in diff.gaps_closed),
        )
    if diff.gaps_opened:
        facts.add_row(
            _("New", lang),
            _(", ", lang).join(_label(kb, "skills", s, lang) for s in diff.gaps_opened),
        )
    if not diff.answers or quiz is None:
        return Group(title, table, facts)
    return Group(title, table, facts, _answer_changes(kb, diff, lang, quiz))


def _answer_changes(kb: KnowledgeBase, diff: Comparison, lang: Lang, quiz: Quiz) -> RenderableType:
    """The answers that changed, and those to the counsellor's own questions, before → now."""
    from mlcareer.render.terminal.answers import describe, describe_retired

    rows = _detail_table()
    for change in diff.answers:
        question = quiz.questions.get(change.question)
        if question is None or not change.asked:
            label = _("{question} (no longer asked)", lang).format(question=change.question)
            before, after = describe_retired(change.before, lang), describe_retired(change.after, lang)
        else:
            label = question.label(lang)
            before = describe(kb, question, change.before, lang, whole=True)
            after = describe(kb, question, change.after, lang, whole=True)
        rows.add_row(label, f"{before} → {after}")
    title = RichText(_("Answers (before → now)", lang), style="bold")
    return Group(RichText(""), title, rows)
