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
from mlcareer.i18n import Lang
from mlcareer.i18n import pick as t
from mlcareer.render.terminal.lookups import _detail_table, bar, bullet_list, paren, source_note

_REMOTE = {
    "full": ("フルリモート", "fully remote"),
    "hybrid": ("リモート可・一部出社の場合あり", "remote possible, may be hybrid"),
    "none": ("出社（リモート不可）", "on site (no remote)"),
}
MAX_UNKNOWN_SHOWN = 12


def _name(kb: KnowledgeBase, skill: str, lang: Lang) -> str:
    return kb.skills[skill].name(lang)


def _held_text(kb: KnowledgeBase, match: Match, skill: str, lang: Lang) -> str:
    implied = dict(match.implied).get(skill)
    if implied is None:
        return t(lang, "保有", "held")
    return t(lang, f"保有（{_name(kb, implied, lang)}から推定）", f"held (implied by {_name(kb, implied, lang)})")


def render_match(kb: KnowledgeBase, match: Match, lang: Lang, source: str) -> RenderableType:
    posting = match.posting
    parts: list[RenderableType] = []
    head = RichText.assemble((t(lang, "求人との照合: ", "Matched against: "), "bold"), source, "\n")
    if match.readiness is None:
        head.append(t(lang, "準備度: 判定できません", "Readiness: cannot be judged"), style="bold yellow")
    else:
        head.append(t(lang, "準備度: ", "Readiness: "), style="bold")
        head.append(f"{bar(match.readiness, 100, 10)} {match.readiness}/100", style="bold green")
    if match.specialization is not None:
        head.append(t(lang, "\n分野: ", "\nField: "), style="bold")
        head.append(kb.specializations[match.specialization].name(lang))
    parts.append(Panel(head, title=RichText(t(lang, "照合結果", "Match")), title_align="left"))

    if match.asked:
        table = Table(
            box=box.SIMPLE_HEAD,
            title=RichText(t(lang, "求人が求めるスキル", "Skills the posting asks for")),
            title_justify="left",
        )
        table.add_column(t(lang, "スキル", "Skill"), overflow="fold", ratio=3)
        table.add_column(t(lang, "区分", "Kind"), no_wrap=True)
        table.add_column(t(lang, "あなた", "You"), overflow="fold", ratio=2)
        table.add_column(t(lang, "行", "Line"), justify="right", no_wrap=True)
        found_by_skill = {f.skill: f for f in posting.skills}
        for asked in sorted(match.asked, key=lambda a: not a.required):  # required first, each in line order
            names = t(lang, " / ", " / ").join(_name(kb, s, lang) for s in asked.skills)
            first = found_by_skill[asked.skills[0]]
            cell = RichText(names)
            if first.text.casefold() != kb.skills[first.skill].name(lang).casefold():
                cell.append(f"\n「{first.text}」" if lang == "ja" else f'\n"{first.text}"', style="dim")
            kind = t(lang, "必須", "required") if asked.required else t(lang, "歓迎", "preferred")
            you = (
                RichText("✓ " + _held_text(kb, match, asked.held_by, lang), style="green")
                if asked.held_by is not None
                else RichText("✗ " + t(lang, "未習得", "missing"), style="red")
            )
            if asked.alternative_held is not None:
                other = _name(kb, asked.alternative_held, lang)
                you.append(
                    t(lang, f"\n（同系統の{other}は保有）", f"\n(you have {other}, an alternative)"), style="dim"
                )
            table.add_row(cell, kind, you, str(first.line))
        parts.append(table)
    parts.append(
        _bullets_box(t(lang, "準備度の内訳", "How readiness is counted"), [r(lang) for r in match.readiness_reasons])
    )

    facts = _detail_table()
    facts.add_row(
        t(lang, "経験年数", "Experience"),
        match.experience_reason(lang) if match.experience_reason else t(lang, "記載なし", "not stated"),
    )
    facts.add_row(
        t(lang, "年収", "Salary"),
        match.salary_reason(lang) if match.salary_reason else t(lang, "記載なし", "not stated"),
    )
    if match.salary_level_note is not None:
        facts.add_row("", match.salary_level_note(lang))
    places = [PLACE_JA.get(p, p) if lang == "ja" else p for p in posting.locations]
    place = t(lang, "、", ", ").join(places) or t(lang, "記載なし", "not stated")
    if posting.remote is not None:
        place += paren(lang, t(lang, *_REMOTE[posting.remote]))
    facts.add_row(t(lang, "勤務地", "Location"), place)
    parts.append(Panel(facts, title=RichText(t(lang, "条件", "Terms")), title_align="left"))

    if match.study:
        study = Table(
            box=box.SIMPLE_HEAD,
            title=RichText(t(lang, "足りないスキル（学ぶ順）", "What to learn, in order")),
            title_justify="left",
        )
        study.add_column("#", justify="right", no_wrap=True)
        study.add_column(t(lang, "スキル", "Skill"), overflow="fold", ratio=3)
        study.add_column(t(lang, "時間", "Hours"), justify="right", no_wrap=True)
        study.add_column(t(lang, "理由", "Why"), overflow="fold", ratio=3)
        for number, item in enumerate(match.study, 1):
            cell = RichText(_name(kb, item.skill, lang))
            if item.alternatives:
                others = t(lang, "、", ", ").join(_name(kb, s, lang) for s in item.alternatives)
                cell.append(t(lang, f"\nまたは {others}", f"\nor {others}"), style="dim")
            if item.for_posting:
                why = (
                    t(lang, "求人で必須", "the posting requires it")
                    if item.required
                    else t(lang, "求人で歓迎", "the posting prefers it")
                )
            else:
                unlocks = t(lang, "、", ", ").join(_name(kb, s, lang) for s in item.prerequisite_for[:3])
                why = t(lang, f"{unlocks}の前提", f"needed for {unlocks}")
            study.add_row(str(number), cell, str(item.hours), why)
        parts.append(study)
        pace = f"{match.person.weekly_hours:g}"
        parts.append(
            RichText(
                t(
                    lang,
                    f"合計 約{match.study_hours}時間。週{pace}時間なら {match.ready_by:%Y-%m-%d} ごろに揃います。"
                    "学習計画にするには --plan を付けてください。",
                    f"About {match.study_hours} h in all: at {pace} h/week, ready by {match.ready_by:%Y-%m-%d}. "
                    "Add --plan to make it a study plan.",
                ),
                style="bold",
            )
        )
    elif match.asked:
        parts.append(
            RichText(
                t(lang, "求人が挙げるスキルはすべて揃っています。", "You hold every skill the posting names."),
                style="bold green",
            )
        )
    if posting.unknown_terms:
        shown = posting.unknown_terms[:MAX_UNKNOWN_SHOWN]
        more = len(posting.unknown_terms) - len(shown)
        listing = t(lang, "、", ", ").join(shown) + (t(lang, f" ほか{more}個", f" and {more} more") if more > 0 else "")
        parts.append(
            RichText(
                t(
                    lang,
                    f"判定していない語（カタログにないスキルらしき語）: {listing}",
                    f"Not judged (skill-like terms not in the catalogue): {listing}",
                ),
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
        title=RichText(t(lang, f"求人 {view.postings}件", f"{view.postings} postings")),
        title_justify="left",
    )
    postings.add_column(t(lang, "ファイル", "File"), overflow="fold", ratio=3)
    postings.add_column(t(lang, "準備度", "Ready"), justify="right", no_wrap=True)
    postings.add_column(t(lang, "分野", "Field"), overflow="fold", ratio=2)
    postings.add_column(t(lang, "不足", "Missing"), justify="right", no_wrap=True)
    for name, match in rows:
        field = kb.specializations[match.specialization].name(lang) if match.specialization else "—"
        ready = "—" if match.readiness is None else str(match.readiness)
        postings.add_row(Path(name).name, ready, field, str(len(match.missing)))
    asked = Table(
        box=box.SIMPLE_HEAD,
        title=RichText(t(lang, "よく求められるスキル", "Skills asked for most")),
        title_justify="left",
    )
    asked.add_column(t(lang, "スキル", "Skill"), overflow="fold", ratio=3)
    asked.add_column(t(lang, "求人数", "Postings"), justify="right", no_wrap=True)
    asked.add_column(t(lang, "うち必須", "Required"), justify="right", no_wrap=True)
    asked.add_column(t(lang, "あなた", "You"), no_wrap=True)
    for skill, count, required, held in view.counts[:20]:
        asked.add_row(
            _name(kb, skill, lang),
            str(count),
            str(required),
            RichText("✓", style="green") if held else RichText("✗", style="red"),
        )
    held_count = sum(1 for c in view.counts if c[3])
    note = RichText(
        t(
            lang,
            f"求人に出てくるスキル{len(view.counts)}個のうち、あなたが持っているのは{held_count}個です。",
            f"Of the {len(view.counts)} skills these postings name, you hold {held_count}.",
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
        "readiness_reasons": [r(lang) for r in match.readiness_reasons],
        "specialization": match.specialization,
        "specialization_reasons": [r(lang) for r in match.specialization_reasons],
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
