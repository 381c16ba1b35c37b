"""What the advice is unsure of, said out loud: close calls, answers that do not fit together, skills
we could not judge, and skills we assumed. Warnings are advice, not errors. Pure."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mlcareer.domain.gaps import senior_agenda
from mlcareer.domain.lookup import normalize_key
from mlcareer.domain.model import KnowledgeBase, Text
from mlcareer.domain.skillgraph import HeldSkills

if TYPE_CHECKING:
    from mlcareer.domain.advisor import SpecializationScore
    from mlcareer.domain.answers import Answers
    from mlcareer.domain.rules import Rule

WARNING_IDS = ("close_call", "contradiction", "target_above_range", "unknown_skills", "inferred_skills")
CLOSE_CALL_POINTS = 5
_SUGGEST_AT_MOST = 5  # did-you-mean costs a search per name: a file of 100,000 unknown names must stay fast
_LIST_AT_MOST = 8
# Backgrounds that claim hands-on ML: with no ML years or no skills, the answers disagree.
_ML_BACKGROUNDS = ("ml_engineer",)
_YEARS_THAT_SHOW = 3  # this many years of hands-on ML leave traces among the skills chosen
_MANY_SKILLS = 25  # more skills than a newcomer has used in practice
# Skill groups whose members show machine-learning work (not programming, tools or business alone).
_ML_GROUPS = frozenset(
    {
        "ml_fundamentals",
        "deep_learning",
        "dl_frameworks",
        "nlp_llm",
        "llm_apps",
        "generative_multimodal",
        "computer_vision",
        "model_efficiency",
        "mlops",
        "data_science_methods",
    }
)


@dataclass(frozen=True, slots=True)
class AdviceWarning:
    id: str
    text: Text


def advice_warnings(
    kb: KnowledgeBase,
    answers: Answers,
    held: HeldSkills,
    ranking: Sequence[SpecializationScore],
    fired: Sequence[Rule],
) -> tuple[AdviceWarning, ...]:
    found = [
        _close_call(kb, ranking),
        *_contradictions(kb, answers, held, ranking, fired),
        _unknown_skills(kb, answers),
        _inferred_skills(kb, held, ranking[0].id),
    ]
    return tuple(w for w in found if w is not None)


def _names(kb: KnowledgeBase, ids: Sequence[str]) -> Text:
    return Text("、".join(kb.skills[s].name.ja for s in ids), ", ".join(kb.skills[s].name.en for s in ids))


def _close_call(kb: KnowledgeBase, ranking: Sequence[SpecializationScore]) -> AdviceWarning | None:
    if len(ranking) < 2 or ranking[0].score - ranking[1].score > CLOSE_CALL_POINTS:
        return None
    first, second = (kb.specializations[s.id] for s in ranking[:2])
    a, b = ranking[0].score, ranking[1].score

    def core(spec_id: str) -> Text:
        groups = kb.specializations[spec_id].skill_groups[:2]
        return Text("・".join(g.name.ja for g in groups), ", ".join(g.name.en.lower() for g in groups))

    ca, cb = core(first.id), core(second.id)
    if a == b:
        head = Text(
            f"{first.name.ja}と{second.name.ja}は同点（{a}点）です。",
            f"{first.name.en} and {second.name.en} are tied at {a}.",
        )
    else:
        head = Text(
            f"{first.name.ja}（{a}点）と{second.name.ja}（{b}点）の差は{a - b}点しかありません。",
            f"{first.name.en} ({a}) and {second.name.en} ({b}) are only {a - b} points apart.",
        )
    return AdviceWarning(
        "close_call",
        Text(
            head.ja + f"決め手は、日々どちらの仕事をしたいかです。{first.name.ja}は{ca.ja}、{second.name.ja}は"
            f"{cb.ja}が中心です。両方の求人を見比べてから決めましょう。",
            head.en + f" What decides is the work you want to do day to day: {first.name.en} centres on "
            f"{ca.en}; {second.name.en} on {cb.en}. Compare openings in both before you choose.",
        ),
    )


def _contradictions(
    kb: KnowledgeBase,
    answers: Answers,
    held: HeldSkills,
    ranking: Sequence[SpecializationScore],
    fired: Sequence[Rule],
) -> list[AdviceWarning]:
    found: list[Text] = []
    ml_background = answers.background in _ML_BACKGROUNDS
    if ml_background and answers.ml_years == 0 and not held.named:
        # One warning for one story: the background is the answer the other two contradict.
        found.append(
            Text(
                "経歴に「機械学習エンジニア」を選びましたが、機械学習の実務経験は0年で、スキルも1つも"
                "選ばれていません。経歴を見直すか、実務の年数と使っているスキルを答えると、レベル・フェーズ・"
                "年収の目安が正確になります。",
                "You chose 'ML engineer' as your background, but 0 years of hands-on ML and no skills. Correct "
                "the background, or give your years and the skills you use, and the level, phase and salary "
                "estimates will fit you.",
            )
        )
    elif ml_background and answers.ml_years == 0:
        found.append(
            Text(
                "経歴に「機械学習エンジニア」を選びましたが、機械学習の実務経験は0年になっています。"
                "どちらかを見直すと、レベルと年収の目安が正確になります。",
                "You chose 'ML engineer' as your background but 0 years of hands-on ML. Correct one of the "
                "two and the level and salary estimates will fit you better.",
            )
        )
    if not held.named and answers.ml_years >= 1:
        found.append(
            Text(
                "機械学習の実務経験を答えていますが、スキルが1つも選ばれていません。"
                "使っているスキルを選ぶと、足りないスキルとフェーズが正確になります。",
                "You report hands-on ML years, but no skills. Add the ones you use and "
                "the gaps and phase will fit you.",
            )
        )
    elif held.named and answers.ml_years >= _YEARS_THAT_SHOW and held.all.isdisjoint(_ml_skills(kb)):
        found.append(
            Text(
                f"機械学習の実務経験が{answers.ml_years}年ありますが、選んだスキルに機械学習のものがありません。"
                "実務で使っているスキルを選び直すと、レベルとフェーズが正確になります。",
                f"You report {answers.ml_years} years of hands-on ML, but none of the skills you chose is an ML "
                "skill. Choose the ones you use at work and the level and phase will fit you.",
            )
        )
    if answers.ml_years == 0 and len(held.named) >= _MANY_SKILLS:
        found.append(
            Text(
                f"{len(held.named)}個のスキルを選びましたが、実務経験は0年です。勉強しただけのものが多いなら、"
                "実務や作品で使ったものに絞ると、フェーズが正確になります。",
                f"You chose {len(held.named)} skills with no hands-on ML years. If many come from study alone, "
                "keep the ones you have used in work or projects and the phase will fit you better.",
            )
        )
    wanted = _interest_fields(fired)
    if wanted and len(held.named) >= 3:
        share = {s.id: s.skills_held / s.skills_total if s.skills_total else 0.0 for s in ranking}
        if all(share[f] == 0 for f in wanted):
            other = max((s for s in share if s not in wanted), key=lambda s: share[s], default=None)
            if other is not None and share[other] >= 0.2:
                names_ja = "・".join(kb.specializations[f].name.ja for f in wanted)
                names_en = " / ".join(kb.specializations[f].name.en for f in wanted)
                spec = kb.specializations[other]
                found.append(
                    Text(
                        f"関心は{names_ja}を指していますが、お持ちのスキルはその分野になく、{spec.name.ja}寄り"
                        f"です（{share[other]:.0%}）。関心で選ぶなら基礎から積み上げる覚悟を、近道を選ぶなら"
                        f"{spec.name.ja}も検討してください。",
                        f"Your interests point to {names_en}, but none of your skills are in it; they lean to "
                        f"{spec.name.en} ({share[other]:.0%}). Follow the interest and expect to build up from "
                        f"the basics, or take the shorter road through {spec.name.en}.",
                    )
                )
    if not found:
        return []
    # One entry per id: several contradictions are one warning that lists each of them.
    return [AdviceWarning("contradiction", Text("".join(t.ja for t in found), " ".join(t.en for t in found)))]


_ml_skills_of: dict[int, tuple[object, frozenset[str]]] = {}


def _ml_skills(kb: KnowledgeBase) -> frozenset[str]:
    cached = _ml_skills_of.get(id(kb.skills))
    if cached is None or cached[0] is not kb.skills:
        cached = (kb.skills, frozenset(s.id for s in kb.skills.values() if s.group in _ML_GROUPS))
        _ml_skills_of[id(kb.skills)] = cached
    return cached[1]


def _interest_fields(fired: Sequence[Rule]) -> list[str]:
    """The fields the person's stated interests alone gave the most points to."""
    points: dict[str, int] = {}
    for rule in fired:
        if rule.target_kind == "specialization" and rule.uses == {"interest"} and rule.points > 0:
            points[rule.target] = points.get(rule.target, 0) + rule.points
    if not points:
        return []
    top = max(points.values())
    return [s for s, p in points.items() if p == top]


def _unknown_skills(kb: KnowledgeBase, answers: Answers) -> AdviceWarning | None:
    unknown = answers.unknown_skills
    if not unknown:
        return None
    parts_ja, parts_en = [], []
    for index, name in enumerate(unknown[:_LIST_AT_MOST]):
        near: list[str] = []
        if index < _SUGGEST_AT_MOST:
            # Only a near-miss spelling (pytorh): a different word that merely looks alike (React, ResNet)
            # is not suggested.
            keys = difflib.get_close_matches(normalize_key(name), kb.skill_index.keys(), n=1, cutoff=0.8)
            near = [kb.skill_index[k] for k in keys]
        if near:
            skill = kb.skills[near[0]]
            parts_ja.append(f"{name}（{skill.name.ja}のことですか？）")
            parts_en.append(f"{name} (did you mean {skill.name.en}?)")
        else:
            parts_ja.append(name)
            parts_en.append(name)
    more = len(unknown) - _LIST_AT_MOST
    tail_ja = f"ほか{more}個" if more > 0 else ""
    tail_en = f" and {more} more" if more > 0 else ""
    return AdviceWarning(
        "unknown_skills",
        Text(
            "次のスキルはカタログにないため、判定には使っていません: "
            + "、".join(parts_ja)
            + tail_ja
            + "。名前は mlcareer skills で確かめられます。",
            "Not in the skills catalogue, so not used in this result: "
            + ", ".join(parts_en)
            + tail_en
            + ". Check the names with mlcareer skills.",
        ),
    )


def _inferred_skills(kb: KnowledgeBase, held: HeldSkills, top: str) -> AdviceWarning | None:
    """Only when an assumed skill counted: it is a foundation, part of the top field, or senior agenda."""
    relevant = set(kb.foundations) | set(kb.specializations[top].skills) | set(senior_agenda(kb))
    used = [(skill, source) for skill, source in held.inferred.items() if skill in relevant]
    if not used:
        return None
    shown = used[:_LIST_AT_MOST]
    pairs_ja = "、".join(f"{kb.skills[s].name.ja}（{kb.skills[f].name.ja}から）" for s, f in shown)
    pairs_en = ", ".join(f"{kb.skills[s].name.en} (from {kb.skills[f].name.en})" for s, f in shown)
    return AdviceWarning(
        "inferred_skills",
        Text(
            f"選んだスキルから、次のスキルも持っているものとして扱いました: {pairs_ja}。"
            "違う場合は、選んだスキルを見直してください。",
            f"These skills were taken as held because of skills you chose: {pairs_en}. "
            "If that is not so, review the skills you chose.",
        ),
    )
