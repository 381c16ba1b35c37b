"""A posting matched against the person: the view, the summary over many postings, and the JSON."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RichText

from mlcareer.domain.matching import MarketView, Match
from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.posting import PLACE_JA
from mlcareer.i18n import N_, Lang, _
from mlcareer.render.phrases import say
from mlcareer.render.terminal.lookups import _detail_table, bar, bullet_list, paren, source_note

_REMOTE = {
    "full": N_("fully remote"),
    "hybrid": N_("remote possible, may be hybrid"),
    "none": N_("on site (no remote)"),
}
MAX_UNKNOWN_SHOWN = 12


def _name(kb: KnowledgeBase, skill: str, lang: Lang) -> str:
    return kb.skills[skill].name(lang)


def _held_text(kb: KnowledgeBase, match: Match, skill: str, lang: Lang) -> str:
    implied = dict(match.implied).get(skill)
    if implied is None:
        return _("held", lang)
    return _("held (implied by {value})", lang).format(value=_name(kb, implied, lang))


def render_match(kb: KnowledgeBase, match: Match, lang: Lang, source: str) -> RenderableType:
    posting = match.posting
    parts: list[RenderableType] = []
    head = RichText.assemble((_("Matched against: ", lang), "bold"), source, "\n")
    if match.readiness is None:
        head.append(_("Readiness: cannot be judged", lang), style="bold yellow")
    else:
        head.append(_("Readiness: ", lang), style="bold")
        head.append(f"{bar(match.readiness, 100, 10)} {match.readiness}/100", style="bold green")
    if match.specialization is not None:
        head.append(_("\nField: ", lang), style="bold")
        head.append(kb.specializations[match.specialization].name(lang))
    parts.append(Panel(head, title=RichText(_("Match", lang)), title_align="left"))

    if match.asked:
        table = Table(
            box=box.SIMPLE_HEAD,
            title=RichText(_("Skills the posting asks for", lang)),
            title_justify="left",
        )
        table.add_column(_("Skill", lang), overflow="fold", ratio=3)
        table.add_column(_("Kind", lang), no_wrap=True)
        table.add_column(_("You", lang), overflow="fold", ratio=2)
        table.add_column(_("Line", lang), justify="right", no_wrap=True)
        found_by_skill = {f.skill: f for f in posting.skills}
        for asked in sorted(match.asked, key=lambda a: not a.required):  # required first, each in line order
            names = _(" / ", lang).join(_name(kb, s, lang) for s in asked.skills)
            first = found_by_skill[asked.skills[0]]
            cell = RichText(names)
            if first.text.casefold() != kb.skills[first.skill].name(lang).casefold():
                cell.append(f"\n「{first.text}」" if lang == "ja" else f'\n"{first.text}"', style="dim")
            kind = _("required", lang) if asked.required else _("preferred", lang)
            you = (
                RichText("✓ " + _held_text(kb, match, asked.held_by, lang), style="green")
                if asked.held_by is not None
                else RichText("✗ " + _("missing", lang), style="red")
            )
            if asked.alternative_held is not None:
                other = _name(kb, asked.alternative_held, lang)
                you.append(_("\n(you have {other}, an alternative)", lang).format(other=other), style="dim")
            table.add_row(cell, kind, you, str(first.line))
        parts.append(table)
    parts.append(_bullets_box(_("How readiness is counted", lang), [say(r, lang) for r in match.readiness_reasons]))

    facts = _detail_table()
    facts.add_row(
        _("Experience", lang),
        say(match.experience_reason, lang) if match.experience_reason else _("not stated", lang),
    )
    facts.add_row(
        _("Salary", lang),
        say(match.salary_reason, lang) if match.salary_reason else _("not stated", lang),
    )
    if match.salary_level_note is not None:
        facts.add_row("", say(match.salary_level_note, lang))
    places = [PLACE_JA.get(p, p) if lang == "ja" else p for p in posting.locations]
    place = _(", ", lang).join(places) or _("not stated", lang)
    if posting.remote is not None:
        place += paren(lang, _(_REMOTE[posting.remote], lang))
    facts.add_row(_("Location", lang), place)
    parts.append(Panel(facts, title=RichText(_("Terms", lang)), title_align="left"))

    if match.study:
        study = Table(
            box=box.SIMPLE_HEAD,
            title=RichText(_("What to learn, in order", lang)),
            title_justify="left",
        )
        study.add_column("#", justify="right", no_wrap=True)
        study.add_column(_("Skill", lang), overflow="fold", ratio=3)
        study.add_column(_("Hours", lang), justify="right", no_wrap=True)
        study.add_column(_("Why", lang), overflow="fold", ratio=3)
        for number, item in enumerate(match.study, 1):
            cell = RichText(_name(kb, item.skill, lang))
            if item.alternatives:
                others = _(", ", lang).join(_name(kb, s, lang) for s in item.alternatives)
                cell.append(_("\nor {others}", lang).format(others=others), style="dim")
            if item.for_posting:
                why = _("the posting requires it", lang) if item.required else _("the posting prefers it", lang)
            else:
                unlocks = _(", ", lang).join(_name(kb, s, lang) for s in item.prerequisite_for[:3])
                why = _("needed for {unlocks}", lang).format(unlocks=unlocks)
            study.add_row(str(number), cell, str(item.hours), why)
        parts.append(study)
        pace = f"{match.person.weekly_hours:g}"
        parts.append(
            RichText(
                _(
                    (
                        "About {study_hours} h in all: at {pace} h/week, ready by {ready_by:%Y-%m-%d}. "
                        "Add --plan to make it a study plan."
                    ),
                    lang,
                ).format(study_hours=match.study_hours, pace=pace, ready_by=match.ready_by),
                style="bold",
            )
        )
    elif match.asked:
        parts.append(
            RichText(
                _("You hold every skill the posting names.", lang),
                style="bold green",
            )
        )
    if posting.unknown_terms:
        shown = posting.unknown_terms[:MAX_UNKNOWN_SHOWN]
        more = len(posting.unknown_terms) - len(shown)
        listing = _(", ", lang).join(shown) + (_(" and {more} more", lang).format(more=more) if more > 0 else "")
        parts.append(
            RichText(
                _("Not judged (skill-like terms not in the catalogue): {listing}", lang).format(listing=listing),
                style="dim",
            )
        )
    parts.append(source_note(kb, lang))
    return Group(*parts)


def _bullets_box(title: str, lines: Sequence[str]) -> RenderableType:
    return Group(RichText(title, style="bold"), bullet_list(list(lines)), RichText(""))


def render_market_view(
    kb: KnowledgeBase, view: MarketView, rows: Sequence[tuple[str, Match]], lang: Lang
) -> RenderableType:
    postings = Table(
        box=box.SIMPLE_HEAD,
        title=RichText(_("{postings} postings", lang).format(postings=view.postings)),
        title_justify="left",
    )
    postings.add_column(_("File", lang), overflow="fold", ratio=3)
    postings.add_column(_("Ready", lang), justify="right", no_wrap=True)
    postings.add_column(_("Field", lang), overflow="fold", ratio=2)
    postings.add_column(_("Missing", lang), justify="right", no_wrap=True)
    for name, match in rows:
        field = kb.specializations[match.specialization].name(lang) if match.specialization else "—"
        ready = "—" if match.readiness is None else str(match.readiness)
        postings.add_row(Path(name).name, ready, field, str(len(match.missing)))
    asked = Table(
        box=box.SIMPLE_HEAD,
        title=RichText(_("Skills asked for most", lang)),
        title_justify="left",
    )
    asked.add_column(_("Skill", lang), overflow="fold", ratio=3)
    asked.add_column(_("Postings", lang), justify="right", no_wrap=True)
    asked.add_column(_("Required", lang), justify="right", no_wrap=True)
    asked.add_column(_("You", lang), no_wrap=True)
    for skill, count, required, held in view.counts[:20]:
        asked.add_row(
            _name(kb, skill, lang),
            str(count),
            str(required),
            RichText("✓", style="green") if held else RichText("✗", style="red"),
        )
    held_count = sum(1 for c in view.counts if c[3])
    note = RichText(
        _("Of the {count} skills these postings name, you hold {held_count}.", lang).format(
            count=len(view.counts), held_count=held_count
        ),
        style="bold",
    )
    return Group(postings, asked, note)


def match_json(kb: KnowledgeBase, match: Match, lang: Lang) -> dict[str, Any]:
    posting = match.posting
    salary = posting.salary
    return {
        "skills": [
            {
                "id": f.skill,
                "name": kb.skills[f.skill].name(lang),
                "required": f.required,
                "found": f.text,
                "line": f.line,
            }
            for f in posting.skills
        ],
        "held": list(match.held),
        "held_implied": [{"skill": s, "from": source} for s, source in match.implied],
        "missing": list(match.missing),
        "readiness": match.readiness,
        "readiness_reasons": [say(r, lang) for r in match.readiness_reasons],
        "specialization": match.specialization,
        "specialization_reasons": [say(r, lang) for r in match.specialization_reasons],
        "experience_years": posting.experience_years,
        "experience_fit": match.experience_fit,
        "salary": None
        if salary is None
        else {"min": salary.min, "max": salary.max, "unit": "man_yen", "found": salary.text, "line": salary.line},
        "salary_fit": match.salary_fit,
        "location": list(posting.locations),
        "remote": posting.remote,
        "study": [
            {
                "skill": item.skill,
                "hours": item.hours,
                "required": item.required,
                "for_posting": item.for_posting,
                "prerequisite_for": list(item.prerequisite_for),
                "alternatives": list(item.alternatives),
            }
            for item in match.study
        ],
        "study_hours": match.study_hours,
        "weekly_hours": match.person.weekly_hours,
        "ready_by": match.ready_by.isoformat(),
        "unknown_terms": list(posting.unknown_terms),
    }
