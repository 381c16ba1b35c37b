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
    Salary,
    Site,
    Skill,
    Specialization,
    Text,
)
from mlcareer.i18n import Lang
from mlcareer.i18n import pick as t

if TYPE_CHECKING:
    from mlcareer.domain.advice_warnings import AdviceWarning
    from mlcareer.domain.advisor import Assessment
    from mlcareer.domain.gaps import SkillGap
    from mlcareer.domain.history import Comparison
    from mlcareer.domain.salary import SalaryEstimate
    from mlcareer.storage.store import SavedAssessment


def money(lang: Lang, amount: int) -> str:
    """万円 for Japanese readers; yen in millions for everyone else."""
    return f"{amount:,}万円" if lang == "ja" else f"¥{amount / 100:.1f}M"


def salary_text(lang: Lang, salary: Salary) -> str:
    if salary.min == salary.max and not salary.open_ended:  # a range that met in one figure
        return money(lang, salary.min)
    if lang == "ja":
        top = "以上" if salary.open_ended else ""
        return f"{salary.min:,}〜{salary.max:,}万円{top}"
    plus = "+" if salary.open_ended else ""
    return f"¥{salary.min / 100:.1f}M–{salary.max / 100:.1f}M{plus}"


def years_text(lang: Lang, low: int, high: int | None) -> str:
    if high is None:
        return t(lang, f"{low}年以上", f"{low}+ years")
    return t(lang, f"{low}〜{high}年", f"{low}–{high} years")


def bar(value: float, total: float, width: int = 20) -> str:
    filled = round(width * value / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def source_note(kb: KnowledgeBase, lang: Lang) -> RichText:
    from mlcareer.render.jsondata import source_text

    return RichText(source_text(kb, lang), style="dim")


def paren(lang: Lang, text: str) -> str:
    """An aside in brackets: full-width in Japanese, after a space in English."""
    return f"（{text}）" if lang == "ja" else f"  ({text})"


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
    return (separator or t(lang, "、", ", ")).join(str(lookup[i].name(lang)) for i in ids)


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


DERIVED_NOTE = Text(
    "* ガイドに記載がなく、レベルと専門分野から算出した年収",
    "* not given by the guide: derived from the role's level and specialization",
)
OURS_MARK = "†"
OURS_ROLE_NOTE = Text(
    "† ガイドにない職種名（mlcareerが補ったもの）",
    "† a title the guide does not name (added by mlcareer)",
)


def render_roles(kb: KnowledgeBase, roles: Sequence[Role], lang: Lang, filters: Sequence[str] = ()) -> RenderableType:
    """`filters`: the names of what the list was narrowed to, shown in its title."""
    title = t(lang, "職種", "Roles") + (
        t(lang, "（", " (") + t(lang, "・", ", ").join(filters) + t(lang, "）", ")") if filters else ""
    )
    table = Table(title=RichText(title), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column(t(lang, "職種 / id", "Role / id"), overflow="fold", ratio=3)
    table.add_column(t(lang, "レベル", "Level"), overflow="fold", ratio=2)
    table.add_column(t(lang, "年収", "Salary"), justify="right", no_wrap=True)
    for role in roles:
        pay = salary_text(lang, role.salary) + (" *" if role.salary.derived else "")
        name = role.name(lang) + (OURS_MARK if role.source != "guide" else "")
        table.add_row(named_id(name, role.id), _names(kb, lang, "levels", role.levels, "\n"), pay)
    notes: list[RenderableType] = [table]
    if any(r.salary.derived for r in roles):
        notes.append(RichText(DERIVED_NOTE(lang), style="dim"))
    if any(r.source != "guide" for r in roles):
        notes.append(RichText(OURS_ROLE_NOTE(lang), style="dim"))
    if not roles:
        notes.append(RichText(t(lang, "条件に合う職種はありません。", "No role matches these filters.")))
    notes.append(source_note(kb, lang))
    return Group(*notes)


def render_role(kb: KnowledgeBase, role: Role, lang: Lang) -> RenderableType:
    table = _detail_table()
    table.add_row(t(lang, "ID", "id"), role.id)
    if role.source != "guide":
        table.add_row(
            t(lang, "出典", "Source"),
            t(lang, "ガイドにない職種名（mlcareerが補ったもの）", "Not named in the guide (added by mlcareer)"),
        )
    table.add_row(t(lang, "レベル", "Levels"), _names(kb, lang, "levels", role.levels))
    if role.specializations:
        table.add_row(
            t(lang, "専門分野", "Specializations"),
            _names(kb, lang, "specializations", role.specializations),
        )
    pay = salary_text(lang, role.salary)
    if role.salary.derived and role.salary.basis:
        pay += "\n" + paren(lang, role.salary.basis(lang)).strip()
    table.add_row(t(lang, "年収", "Salary"), pay)
    table.add_row(t(lang, "主なスキル", "Key skills"), _names(kb, lang, "skills", role.skills))
    body = Group(RichText(role.description(lang)), RichText(""), table)
    return Group(Panel(body, title=RichText(role.name(lang)), title_align="left"), source_note(kb, lang))


# -- specializations ---------------------------------------------------------------------------


def render_specializations(kb: KnowledgeBase, lang: Lang) -> RenderableType:
    shares = {s.id: s.pct for s in kb.market.demand_shares}
    table = Table(title=RichText(t(lang, "専門分野", "Specializations")), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column(t(lang, "分野 / id", "Specialization / id"), overflow="fold")
    table.add_column(t(lang, "年収相場", "Salary"), justify="right", no_wrap=True)
    table.add_column(t(lang, "求人の割合", "Share of jobs"), justify="right", no_wrap=True)
    for spec in kb.specializations.values():
        share = f"{shares[spec.id]}%" if spec.id in shares else "—"
        table.add_row(named_id(spec.name(lang), spec.id), salary_text(lang, spec.salary), share)
    hint = RichText(t(lang, "詳細: mlcareer specializations ID", "Details: mlcareer specializations ID"), style="dim")
    return Group(table, hint, source_note(kb, lang))


def render_specialization(kb: KnowledgeBase, spec: Specialization, lang: Lang) -> RenderableType:
    skills = _detail_table()
    for group in spec.skill_groups:
        listed = RichText(_names(kb, lang, "skills", group.skills))
        if group.description is not None:
            listed.append("\n" + group.description(lang), style="dim")
        skills.add_row(group.name(lang), listed)
    trends = _detail_table()
    for trend in spec.trends:
        detail = RichText(trend.description(lang) if trend.description else "")
        if trend.skills:
            detail.append(("\n" if detail.plain else "") + _names(kb, lang, "skills", trend.skills), style="dim")
        trends.add_row(trend.name(lang), detail)
    employers = _detail_table()
    for emp in spec.employers:
        employers.add_row(emp.name(lang), t(lang, "、", ", ").join(e(lang) for e in emp.examples))
    role = kb.roles[spec.role]
    head = RichText.assemble(
        (spec.summary(lang) + "\n\n", ""),
        (t(lang, "年収相場: ", "Salary range: "), "bold"),
        salary_text(lang, spec.salary),
        "   ",
        (t(lang, "職種: ", "Role: "), "bold"),
        f"{role.name(lang)}{paren(lang, role.id)}",
    )
    body = Group(
        head,
        RichText("\n" + t(lang, "求められるスキル", "Skills in demand"), style="bold underline"),
        skills,
        RichText(
            "\n" + t(lang, "技術トレンドとキャリアパス", "Trends and career paths"),
            style="bold underline",
        ),
        trends,
        RichText("\n" + t(lang, "代表的な企業・業界", "Typical employers"), style="bold underline"),
        employers,
    )
    return Group(Panel(body, title=RichText(spec.name(lang)), title_align="left"), source_note(kb, lang))


# -- levels ----------------------------------------------------------------------------------------


def render_levels(kb: KnowledgeBase, lang: Lang) -> RenderableType:
    table = Table(title=RichText(t(lang, "経験レベル", "Experience levels")), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column(t(lang, "レベル / id", "Level / id"), overflow="fold")
    table.add_column(t(lang, "経験年数", "Experience"), no_wrap=True)
    table.add_column(t(lang, "年収レンジ", "Salary"), justify="right", no_wrap=True)
    for level in kb.levels.values():
        table.add_row(
            named_id(level.name(lang), level.id),
            years_text(lang, level.years_min, level.years_max),
            salary_text(lang, level.salary),
        )
    hint = RichText(t(lang, "詳細: mlcareer levels ID", "Details: mlcareer levels ID"), style="dim")
    return Group(table, hint, source_note(kb, lang))


def render_level(kb: KnowledgeBase, level: Level, lang: Lang) -> RenderableType:
    parts: list[RenderableType] = [
        RichText.assemble(
            (level.summary(lang) + "\n\n", ""),
            (t(lang, "経験年数: ", "Experience: "), "bold"),
            years_text(lang, level.years_min, level.years_max),
            "   ",
            (t(lang, "年収レンジ: ", "Salary: "), "bold"),
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
        parts.append(RichText("\n" + t(lang, "学習ロードマップ", "Learning roadmap"), style="bold underline"))
        for step in level.roadmap:
            low, high = step.months
            months = (
                t(lang, f"{low}〜{high}ヶ月", f"{low}–{high} months")
                if high != low
                else t(lang, f"{low}ヶ月", f"{low} months")
            )
            parts.append(bullet_list([f"{step.name(lang)}{paren(lang, months).rstrip()}"]))
    if level.employers:
        parts.append(RichText("\n" + t(lang, "おすすめの転職先", "Where to apply"), style="bold underline"))
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
            roles.add_row(role.name(lang), RichText.assemble(pay, (f"  ({role.id})", "dim")))
        parts.append(roles)
        if any(kb.roles[r].salary.derived for r in level.roles):
            parts.append(RichText(DERIVED_NOTE(lang), style="dim"))
    return Group(Panel(Group(*parts), title=RichText(level.name(lang)), title_align="left"), source_note(kb, lang))


# -- skills -----------------------------------------------------------------------------------------


def render_skills(kb: KnowledgeBase, skills: Sequence[Skill], lang: Lang) -> RenderableType:
    """Skills under their group's heading (a group column wrapped on every row at 80 columns)."""
    table = Table(
        title=t(lang, f"スキル（{len(skills)}件）", f"Skills ({len(skills)})"),
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    table.add_column(t(lang, "スキル / id", "Skill / id"), overflow="fold", ratio=3)
    table.add_column(t(lang, "時間", "Hours"), justify="right", no_wrap=True)
    table.add_column(t(lang, "先に学ぶもの", "Needs first"), overflow="fold", ratio=3)
    for group in kb.skill_groups.values():
        members = [s for s in skills if s.group == group.id]
        if not members:
            continue
        table.add_row(RichText(f"{group.name(lang)} ({group.id})", style="bold"), "", "", end_section=False)
        for skill in members:
            table.add_row(
                named_id(skill.name(lang), skill.id),
                str(skill.hours),
                _names(kb, lang, "skills", skill.prerequisites),
                end_section=skill is members[-1],
            )
    note = RichText(
        t(
            lang,
            "時間は学習時間の目安（本ツールの推定）です。詳細: mlcareer skills ID",
            "Hours are our estimate of study time to become productive. Details: mlcareer skills ID",
        ),
        style="dim",
    )
    return Group(table, note, source_note(kb, lang))


def render_skill(kb: KnowledgeBase, skill: Skill, lang: Lang) -> RenderableType:
    needed_by = [s.id for s in kb.skills.values() if skill.id in s.prerequisites]
    fields = [spec.id for spec in kb.specializations.values() if skill.id in spec.skills]
    modules = [m for m in kb.modules.values() if skill.id in m.skills]
    table = _detail_table()
    table.add_row(t(lang, "ID", "id"), skill.id)
    names = skill.name.ja if skill.name.ja == skill.name.en else f"{skill.name.ja} / {skill.name.en}"
    table.add_row(t(lang, "名前", "Names"), names)
    if skill.aliases:
        table.add_row(t(lang, "別名", "Also typed as"), ", ".join(skill.aliases))
    table.add_row(t(lang, "分類", "Group"), f"{kb.skill_groups[skill.group].name(lang)} ({skill.group})")
    table.add_row(
        t(lang, "学習時間の目安", "Study hours"),
        t(lang, f"約{skill.hours}時間", f"about {skill.hours} h"),
    )
    none = t(lang, "なし", "none")
    table.add_row(
        t(lang, "先に学ぶもの", "Needs first"),
        _names(kb, lang, "skills", skill.prerequisites) or none,
    )
    table.add_row(t(lang, "これを土台にするもの", "Leads to"), _names(kb, lang, "skills", needed_by) or none)
    table.add_row(t(lang, "求める分野", "Asked for in"), _names(kb, lang, "specializations", fields) or none)
    roles = [r.id for r in kb.roles.values() if skill.id in r.skills]
    if roles:
        table.add_row(t(lang, "主なスキルとする職種", "Key skill of"), _names(kb, lang, "roles", roles))
    if modules:
        table.add_row(
            t(lang, "ロードマップ", "Roadmap"),
            "\n".join(t(lang, f"フェーズ{m.phase}: {m.name.ja}", f"Phase {m.phase}: {m.name.en}") for m in modules),
        )
    return Panel(table, title=RichText(skill.name(lang)), title_align="left")


# -- market -----------------------------------------------------------------------------------------


def render_market(kb: KnowledgeBase, lang: Lang) -> RenderableType:
    m = kb.market
    plus = "+" if m.postings_at_least else ""
    head = _detail_table()
    head.add_row(
        t(lang, "月間求人数", "Job postings a month"),
        t(
            lang,
            f"{m.monthly_postings:,}件{'以上' if plus else ''}（前年比 +{m.postings_yoy_pct}%）",
            f"{m.monthly_postings:,}{plus} (+{m.postings_yoy_pct}% year on year)",
        ),
    )
    head.add_row(
        t(lang, "平均年収", "Average salary"),
        RichText.assemble(money(lang, m.average_salary), (paren(lang, m.average_note(lang)), "dim")),
    )
    head.add_row(
        t(lang, "年収レンジ", "Salary range"),
        RichText.assemble(
            salary_text(lang, m.salary_range), (f"\n{m.range_min_note(lang)}\n{m.range_max_note(lang)}", "dim")
        ),
    )
    growth = RichText(t(lang, f"前年比 +{m.salary_yoy_pct}%", f"+{m.salary_yoy_pct}% year on year"))
    if m.salary_yoy_note:
        growth.append(paren(lang, m.salary_yoy_note(lang)), style="dim")
    head.add_row(t(lang, "年収の伸び", "Salary growth"), growth)

    def share_table(title: str, rows: Iterable[tuple[str, int]]) -> Table:
        table = Table(title=title, box=None, title_justify="left", show_header=False, padding=(0, 1))
        table.add_column(no_wrap=False, max_width=34, overflow="fold")
        table.add_column(no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        for name, pct in rows:
            table.add_row(name, bar(pct, 100), f"{pct}%")
        return table

    demand = share_table(
        t(lang, "需要の高い分野（求人に占める割合）", "Fields in demand (share of postings)"),
        ((kb.specializations[s.id].name(lang), s.pct) for s in m.demand_shares),
    )
    employers = share_table(
        t(lang, "求人企業の内訳", "Who is hiring"),
        ((e.name(lang), e.pct) for e in m.employer_types),
    )
    medians = Table(
        title=RichText(t(lang, "経験年数別の年収中央値", "Median salary by experience")),
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    medians.add_column(t(lang, "経験", "Experience"), overflow="fold")
    medians.add_column(t(lang, "中央値", "Median"), justify="right", overflow="fold")
    medians.add_column("", overflow="fold")
    top = max(b.salary.max for b in m.medians) if m.medians else 1
    for band in m.medians:
        medians.add_row(
            years_text(lang, band.years_min, band.years_max),
            salary_text(lang, band.salary),
            bar(band.salary.max, top, 20),
        )
    drivers: list[RenderableType] = [RichText(t(lang, "需要拡大の背景", "What drives demand"), style="bold underline")]
    if m.demand_causes:
        causes = t(lang, "、", ", ").join(c.name(lang) for c in m.demand_causes)
        drivers.append(
            RichText(
                t(lang, f"ガイドが挙げる理由: {causes}。", f"The guide names: {causes}."),
                style="dim",
            )
        )
    for number, driver in enumerate(m.drivers, 1):
        heading = RichText.assemble((driver.name(lang), "bold"), t(lang, "\n", " — ") + driver.summary(lang))
        drivers.append(bullet_list([heading], marker=f"{number}."))
        drivers.append(
            bullet_list(
                [
                    f"{item.name(lang)}: " + t(lang, "、", ", ").join(e(lang) for e in item.examples)
                    for item in driver.items
                ],
                indent=2,
            )
        )
    outlook: list[RenderableType] = [
        RichText(t(lang, "見通し", "Outlook"), style="bold underline"),
        _bullets(lang, m.outlook),
    ]
    return Group(
        Panel(head, title=RichText(t(lang, "AI・ML転職市場", "The AI/ML job market")), title_align="left"),
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
    more = "+" if site.jobs_at_least else ""
    return t(lang, f"{site.ai_ml_jobs:,}件{'以上' if more else ''}", f"{site.ai_ml_jobs:,}{more}")


def site_pay(lang: Lang, site: Site) -> str:
    parts = []
    if site.salary:
        parts.append(salary_text(lang, site.salary))
    if site.average_salary:
        parts.append(
            t(
                lang,
                f"平均 {money(lang, site.average_salary)}",
                f"avg {money(lang, site.average_salary)}",
            )
        )
    if site.min_salary:
        parts.append(
            t(
                lang,
                f"{money(lang, site.min_salary)}以上の求人",
                f"jobs from {money(lang, site.min_salary)}",
            )
        )
    return "\n".join(parts) or "—"


def render_sites(kb: KnowledgeBase, sites: Sequence[Site], lang: Lang) -> RenderableType:
    if not sites:
        return RichText(t(lang, "条件に合うサイトはありません。", "No site matches this level."))
    cards: list[RenderableType] = []
    for site in sites:
        facts = _detail_table()
        facts.add_row(t(lang, "AI・ML求人", "AI/ML jobs"), site_jobs(lang, site))
        facts.add_row(t(lang, "年収", "Salary"), site_pay(lang, site).replace("\n", t(lang, "、", "; ")))
        # The guide ranks four sites; for the others it says only which story used them.
        label = t(lang, "向いている人", "Suits") if site.rank else t(lang, "備考", "Note")
        facts.add_row(label, site.suits(lang))
        levels = _names(kb, lang, "levels", site.levels)
        if site.levels_source != "guide":
            levels += t(lang, "（mlcareerの目安。ガイドはレベルを示しません）", " (ours: the guide gives none)")
        facts.add_row(t(lang, "対象レベル", "Levels"), levels)
        if site.strengths:
            facts.add_row(t(lang, "強み", "Strengths"), bullet_list([x(lang) for x in site.strengths]))
        if site.support:
            facts.add_row(t(lang, "サポート", "Support"), bullet_list([x(lang) for x in site.support]))
        rank = t(lang, f"{site.rank}位 ", f"#{site.rank} ") if site.rank else ""
        shown_id = "" if site.id == site.name(lang).casefold() else paren(lang, site.id)
        title = RichText.assemble(f"{rank}{site.name(lang)}", (shown_id, "dim"))
        cards.append(Panel(facts, title=title, title_align="left"))
    return Group(*cards, source_note(kb, lang))


def render_cases(kb: KnowledgeBase, lang: Lang) -> RenderableType:
    table = Table(title=RichText(t(lang, "転職成功事例", "Success stories")), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column(t(lang, "事例 / id", "Story / id"), overflow="fold")
    table.add_column(t(lang, "年収", "Salary"), justify="right", no_wrap=True)
    table.add_column(t(lang, "活動期間", "Search"), justify="right", no_wrap=True)
    for case in kb.cases.values():
        pay = f"{money(lang, case.before_salary)} → {money(lang, case.after_salary)}"
        table.add_row(
            named_id(case.title(lang), case.id),
            pay,
            t(lang, f"{case.search_months}ヶ月", f"{case.search_months} mo"),
        )
    hint = RichText(t(lang, "詳細: mlcareer cases ID", "Details: mlcareer cases ID"), style="dim")
    return Group(table, hint, source_note(kb, lang))


def render_case(kb: KnowledgeBase, case: Case, lang: Lang) -> RenderableType:
    table = _detail_table()
    table.add_row(
        t(lang, "転職前", "Before"),
        t(
            lang,
            f"{case.before_role.ja}（年収{case.before_salary:,}万円、経験{case.before_years}年）",
            f"{case.before_role.en} ({money(lang, case.before_salary)}, {case.before_years} years)",
        ),
    )
    after = t(
        lang,
        f"{case.after_role.ja}（年収{case.after_salary:,}万円）",
        f"{case.after_role.en} ({money(lang, case.after_salary)})",
    )
    if case.after_extras:
        after += " · " + case.after_extras(lang)
    table.add_row(t(lang, "転職後", "After"), after)
    table.add_row(t(lang, "年収アップ", "Raise"), "+" + money(lang, case.salary_increase))
    table.add_row(
        t(lang, "活動期間", "Job search"),
        t(lang, f"{case.search_months}ヶ月", f"{case.search_months} months"),
    )
    table.add_row(t(lang, "利用サイト", "Sites used"), _names(kb, lang, "sites", case.sites))
    parts: list[RenderableType] = [
        table,
        RichText("\n" + t(lang, "成功要因", "What made it work"), style="bold underline"),
    ]
    factors = _detail_table()
    for factor in case.factors:
        factors.add_row(factor.name(lang), factor.detail(lang))
    parts.append(factors)
    if case.steps:
        parts.append(RichText("\n" + t(lang, "学習ステップ", "Learning steps"), style="bold underline"))
        total = sum(s.months for s in case.steps)
        for step in case.steps:
            months = t(lang, f"{step.months}ヶ月", f"{step.months} mo")
            parts.append(RichText(f"{bar(step.months, total, 12)} {months:>6}  {step.name(lang)}"))
    if case.achievements:
        parts.append(RichText("\n" + t(lang, "アピールした実績", "Track record shown"), style="bold underline"))
        parts.append(_bullets(lang, case.achievements))
    if case.portfolio:
        parts.append(RichText("\n" + t(lang, "ポートフォリオ", "Portfolio"), style="bold underline"))
        parts.append(_bullets(lang, case.portfolio))
    return Group(Panel(Group(*parts), title=RichText(case.title(lang)), title_align="left"), source_note(kb, lang))


# -- salary ------------------------------------------------------------------------------------------


def render_salary(kb: KnowledgeBase, est: SalaryEstimate, lang: Lang) -> RenderableType:
    head = RichText.assemble(
        (t(lang, "推定年収: ", "Estimated salary: "), "bold"),
        (salary_text(lang, est.estimate), "bold green"),
    )
    steps = RichText("\n".join(f"{i}. {step(lang)}" for i, step in enumerate(est.steps, 1)))
    title = t(
        lang,
        f"{est.specialization.name.ja}・経験{est.years}年",
        f"{est.specialization.name.en}, {est.years} year{'s' if est.years != 1 else ''}",
    )
    body = Group(
        head,
        RichText(""),
        RichText(t(lang, "算出方法", "How it was derived"), style="bold underline"),
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
    return RichText.assemble(
        (t(lang, f"✓ {where}：問題はありません", f"✓ {where}: no problems"), "green"), (f"\n{summary}", "dim")
    )


# -- assessment --------------------------------------------------------------------------------------

MAX_GAPS_SHOWN = 10


def render_assessment(kb: KnowledgeBase, a: Assessment, lang: Lang) -> RenderableType:
    top = kb.specializations[a.top]
    level = kb.levels[a.level]
    phase = next(p for p in kb.phases if p.number == a.phase)
    headline = RichText.assemble(
        (t(lang, "あなたに合う分野: ", "Best fit: "), "bold"),
        (top.name(lang), "bold green"),
        paren(lang, f"{a.ranking[0].score}/100") + "\n",
        (t(lang, "レベル: ", "Level: "), "bold"),
        level.name(lang),
        "   ",
        (t(lang, "学習フェーズ: ", "Learning phase: "), "bold"),
        t(
            lang,
            f"フェーズ{phase.number}（{phase.name.ja}）",
            f"Phase {phase.number} ({phase.name.en})",
        ),
    )

    ranking = Table(
        box=box.SIMPLE_HEAD,
        title=RichText(t(lang, "分野ごとの適性", "Fit by specialization")),
        title_justify="left",
        expand=False,
    )
    ranking.add_column(t(lang, "分野", "Specialization"), ratio=2, overflow="fold")
    ranking.add_column(t(lang, "スコア", "Score"), no_wrap=True)
    ranking.add_column(t(lang, "主な理由", "Top reasons"), ratio=3, overflow="fold")
    for score in a.ranking:
        reasons = Table(box=None, show_header=False, padding=(0, 1, 0, 0), pad_edge=False)
        reasons.add_column(justify="right", no_wrap=True)
        reasons.add_column(overflow="fold")
        for reason in score.reasons[:3]:
            reasons.add_row(f"{reason.points:+d}", reason.text(lang))
        if not score.reasons:
            reasons.add_row("", t(lang, "（該当なし）", "(none)"))
        ranking.add_row(
            kb.specializations[score.id].name(lang),
            f"{bar(score.score, 100, 10)} {score.score:>3}",
            reasons,
        )

    why = Table(box=None, show_header=False, padding=(0, 1))
    why.add_column(style="bold", no_wrap=True)
    why.add_column(overflow="fold")
    why.add_row(t(lang, "レベル", "Level"), "\n".join(r(lang) for r in a.level_reasons))
    why.add_row(t(lang, "フェーズ", "Phase"), "\n".join(r(lang) for r in a.phase_reasons))

    gaps = Table(
        box=box.SIMPLE_HEAD,
        title=RichText(
            t(lang, f"{top.name.ja}に向けて足りないスキル（学ぶ順）", f"Skills to learn for {top.name.en}, in order")
        ),
        title_justify="left",
    )
    gaps.add_column("#", justify="right", overflow="fold")
    gaps.add_column(t(lang, "スキル", "Skill"), ratio=3, overflow="fold")
    gaps.add_column(t(lang, "時間", "Hours"), justify="right", no_wrap=True)
    gaps.add_column(t(lang, "種類 → 次につながる", "Kind → unlocks"), ratio=3, overflow="fold")
    for number, gap in enumerate(a.skill_gaps[:MAX_GAPS_SHOWN], 1):
        gaps.add_row(str(number), _gap_skill(kb, gap, lang), str(gap.hours), _gap_why(kb, gap, lang))
    total_hours = sum(g.hours for g in a.skill_gaps)
    more = len(a.skill_gaps) - MAX_GAPS_SHOWN
    inferred = dict(a.skills_inferred)
    field = [s for s in top.skills if s in inferred or s in a.skills_held]
    held_names = t(lang, "、", ", ").join(kb.skills[s].name(lang) + ("†" if s in inferred else "") for s in field) or t(
        lang, "まだありません", "none yet"
    )
    if any(s in inferred for s in field):
        sources = t(lang, "、", ", ").join(
            dict.fromkeys(kb.skills[inferred[s]].name(lang) for s in field if s in inferred)
        )
        held_names += t(lang, f"（†は{sources}から推定）", f" († implied by {sources})")
    gap_notes = RichText(
        t(
            lang,
            f"この分野のスキルで持っているもの: {held_names}\n"
            f"足りないもの: {len(a.skill_gaps)}個、約{total_hours}時間"
            + (f"（表にないもの{more}個を含む）" if more > 0 else "")
            + "\n基礎から実践までの学習計画: mlcareer roadmap",
            f"This field's skills you already have: {held_names}\n"
            f"Still to learn: {len(a.skill_gaps)} skills, about {total_hours} h"
            + (f" ({more} not in the table)" if more > 0 else "")
            + "\nThe whole study plan, foundations to practice: mlcareer roadmap",
        ),
        style="dim",
    )

    pay = _salary_panel(kb, a, lang)
    routes = _routes_table(kb, a, lang)

    where = _detail_table()
    for site_id, site_why in zip(a.job_sites, a.job_site_reasons or [None] * len(a.job_sites), strict=False):
        site = kb.sites[site_id]
        shown = RichText(site_why(lang)) if site_why is not None else RichText("")
        if site_why is not None:
            shown.append("\n")
        shown.append(site.suits(lang), style="dim" if site_why is not None else "")
        where.add_row(site.name(lang), shown)
    case = kb.cases[a.similar_cases[0]]
    story = RichText.assemble(
        (t(lang, "近い事例: ", "A similar story: "), "bold"),
        f"{case.title(lang)} — ",
        t(
            lang,
            f"{case.before_salary:,}万円 → {case.after_salary:,}万円、活動{case.search_months}ヶ月",
            f"{money(lang, case.before_salary)} → {money(lang, case.after_salary)}, "
            f"{case.search_months} months' search",
        ),
    )
    for story_reason in a.similar_case_reasons:
        story.append("\n  " + story_reason(lang), style="dim")
    story.append(f"\n  → mlcareer cases {case.id}", style="dim")
    steps = Group(*(bullet_list([s(lang)], marker=f"{i}.") for i, s in enumerate(a.next_steps, 1)))
    return Group(
        Panel(headline, title=RichText(t(lang, "診断結果", "Your result")), title_align="left"),
        *([render_warnings(a.warnings, lang)] if a.warnings else []),
        ranking,
        Panel(why, title=RichText(t(lang, "判定の根拠", "Why this level and phase")), title_align="left"),
        gaps,
        gap_notes,
        RichText(""),
        Panel(pay, title=RichText(t(lang, "年収の目安", "Salary")), title_align="left"),
        routes,
        Panel(where, title=RichText(t(lang, "おすすめの転職サイト", "Job sites for you")), title_align="left"),
        story,
        RichText(""),
        Panel(
            steps,
            title=RichText(t(lang, "次の3つのステップ", "Your next three steps")),
            title_align="left",
            border_style="green",
        ),
        source_note(kb, lang),
    )


_GAP_WHY = {
    "senior_agenda": ("上級者の課題", "senior agenda"),
    "foundation": ("基礎", "foundation"),
    "field": ("分野", "field"),
    "prerequisite": ("前提", "learn first"),
    "scale_up": ("発展", "scale-up"),
}


def _gap_skill(kb: KnowledgeBase, gap: SkillGap, lang: Lang) -> RichText:
    name = RichText(kb.skills[gap.skill].name(lang))
    if gap.alternatives:
        others = t(lang, "・", ", ").join(kb.skills[s].name(lang) for s in gap.alternatives)
        name.append(t(lang, f"\n（{others}でも可）", f"\n(or {others})"), style="dim")
    return name


def _gap_why(kb: KnowledgeBase, gap: SkillGap, lang: Lang) -> str:
    why = t(lang, *_GAP_WHY.get(gap.reason, _GAP_WHY["field"]))
    if gap.prerequisite_for:
        unlocks = t(lang, "、", ", ").join(kb.skills[s].name(lang) for s in gap.prerequisite_for[:2])
        more = len(gap.prerequisite_for) - 2
        unlocks += t(lang, f"ほか{more}個", f" +{more}") if more > 0 else ""
        why += f" → {unlocks}"
    return why


def render_warnings(warnings: Sequence[AdviceWarning], lang: Lang) -> RenderableType:
    lines = [w.text(lang) for w in warnings]
    return Panel(
        bullet_list(lines, marker="!"),
        title=RichText(t(lang, "確かでない点", "Please note")),
        title_align="left",
        border_style="yellow",
    )


def _signed(lang: Lang, amount: int) -> str:
    sign = "+" if amount >= 0 else "−"
    if lang == "ja":
        return f"{sign}{abs(amount):,}万円"
    return f"{sign}¥{abs(amount) / 100:.1f}M"


def _salary_panel(kb: KnowledgeBase, a: Assessment, lang: Lang) -> Table:
    """Every figure says what it is: the estimate for the best field at the person's level, the market
    reference for their counted years, their own pay (their answer) and the change from it."""
    top = kb.specializations[a.top]
    level = kb.levels[a.level]
    pay = _detail_table()
    expected = RichText(salary_text(lang, a.salary_target), style="bold")
    expected.append(t(lang, f"（{top.name.ja}・{level.name.ja}）", f" ({top.name.en}, {level.name.en})"))
    if a.salary_basis is not None:
        expected.append("\n" + a.salary_basis(lang), style="dim")
    pay.add_row(t(lang, "見込み", "Expected"), expected)
    if a.salary_now != a.salary_target:
        reference = RichText(salary_text(lang, a.salary_now))
        reference.append("\n" + a.salary_now_basis(lang), style="dim")
        pay.add_row(t(lang, "参考", "Reference"), reference)
    current = a.answers.current_salary
    if current is not None and a.salary_change is not None:
        low, high = a.salary_change
        change = _signed(lang, low)
        if high != low:
            change += t(lang, "〜", " to ") + _signed(lang, high)
        pay.add_row(t(lang, "今の年収", "Now"), money(lang, current) + t(lang, "（あなたの回答）", " (your answer)"))
        pay.add_row(t(lang, "変化", "Change"), change + t(lang, "（見込みとの差）", " (to the estimate)"))
        stories = RichText()
        for number, case in enumerate(kb.cases.values()):
            stories.append(("\n" if number else "") + _signed(lang, case.salary_increase), style="bold")
            stories.append(t(lang, "　", "  ") + case.title(lang), style="dim")
        pay.add_row(t(lang, "事例では", "Stories"), stories)
    else:
        hint = t(
            lang,
            "今の年収を答えると、転職での変化をガイドの事例と並べて示します。",
            "Give your current salary to see the change a move would make, beside the guide's stories.",
        )
        pay.add_row("", RichText(hint, style="dim"))
    for note in a.salary_notes:
        pay.add_row("", note(lang))
    return pay


def _routes_table(kb: KnowledgeBase, a: Assessment, lang: Lang) -> RenderableType:
    """The job titles that fit, best first, with the pay of each (marked when derived) and why."""
    lines: list[RenderableType] = [
        RichText(t(lang, "あなたに合う職種（キャリアの道すじ）", "Job titles that fit you (routes)"), style="bold")
    ]
    for number, fit in enumerate(a.roles, 1):
        role = kb.roles[fit.id]
        name = role.name(lang) + (OURS_MARK if role.source != "guide" else "")
        pay = salary_text(lang, role.salary) + (" *" if role.salary.derived else "")
        # The level, the strongest other reason, and always the skills held (or not), so nobody reads
        # a title as theirs already.
        skills = [r for r in fit.reasons if r.rule == "skills"]
        others = [r for r in fit.reasons[1:] if r.rule != "skills" and r.points > 0][:2]
        why = t(lang, "。", ". ").join(r.text(lang) for r in (fit.reasons[0], *others, *skills)) + t(lang, "。", ".")
        line = RichText.assemble((name, "bold"), "  ", pay, "\n", (why, "dim"))
        lines.append(bullet_list([line], marker=f"{number}."))
    shown = [kb.roles[f.id] for f in a.roles]
    notes = []
    if any(r.salary.derived for r in shown):
        notes.append(DERIVED_NOTE(lang))
    if any(r.source != "guide" for r in shown):
        notes.append(OURS_ROLE_NOTE(lang))
    notes.append(t(lang, "詳細: mlcareer roles ID", "Details: mlcareer roles ID"))
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
        return RichText(
            t(
                lang,
                "まだ診断の履歴はありません。まずは: mlcareer assess",
                "No assessments yet. Start with: mlcareer assess",
            )
        )
    table = Table(
        title=t(lang, "診断の履歴（新しい順）", "Assessment history (newest first)"),
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(t(lang, "日時", "When"), no_wrap=True)
    table.add_column(t(lang, "第1候補", "Best fit"), overflow="fold", ratio=1, min_width=12)
    table.add_column(t(lang, "点", "Score"), justify="right", no_wrap=True)
    table.add_column(t(lang, "レベル", "Level"), overflow="fold")
    table.add_column(t(lang, "段階", "Phase"), justify="right", no_wrap=True)
    table.add_column(t(lang, "不足", "Gaps"), justify="right", no_wrap=True)
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
        t(
            lang,
            "もう一度見る: mlcareer history show N · 前回との比較: mlcareer history --compare",
            "See one again: mlcareer history show N · compare the last two: mlcareer history --compare",
        ),
        style="dim",
    )
    return Group(table, hint)


def render_comparison(kb: KnowledgeBase, diff: Comparison, lang: Lang) -> RenderableType:
    when = (
        diff.before.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
        diff.after.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
    )
    table = Table(
        title=t(lang, f"スコアの変化（{when[0]} → {when[1]}）", f"How scores moved ({when[0]} → {when[1]})"),
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    table.add_column(t(lang, "分野", "Specialization"), overflow="fold")
    table.add_column(t(lang, "前回", "Before"), justify="right", overflow="fold")
    table.add_column(t(lang, "今回", "Now"), justify="right", overflow="fold")
    table.add_column(t(lang, "変化", "Change"), justify="right", overflow="fold")
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
            t(lang, "第1候補", "Best fit"),
            f"{_label(kb, 'specializations', diff.top[0], lang)} → {_label(kb, 'specializations', diff.top[1], lang)}",
        )
    facts.add_row(
        t(lang, "レベル", "Level"),
        f"{_label(kb, 'levels', diff.level[0], lang)} → {_label(kb, 'levels', diff.level[1], lang)}",
    )
    facts.add_row(t(lang, "フェーズ", "Phase"), f"{diff.phase[0]} → {diff.phase[1]}")
    facts.add_row(t(lang, "不足スキル", "Skill gaps"), f"{diff.gaps_count[0]} → {diff.gaps_count[1]}")
    if diff.top[0] != diff.top[1]:
        facts.add_row(
            "",
            RichText(
                t(
                    lang,
                    "第1候補の分野が変わったため、不足スキルは比較していません（別の分野の一覧です）。",
                    "The best fit changed, so the skill gaps are not compared: they list different fields.",
                ),
                style="dim",
            ),
        )
    if diff.gaps_closed:
        facts.add_row(
            t(lang, "身についた", "Closed"),
            t(lang, "、", ", ").join(_label(kb, "skills", s, lang) for s in diff.gaps_closed),
        )
    if diff.gaps_opened:
        facts.add_row(
            t(lang, "新たに必要", "New"),
            t(lang, "、", ", ").join(_label(kb, "skills", s, lang) for s in diff.gaps_opened),
        )
    return Group(table, facts)
