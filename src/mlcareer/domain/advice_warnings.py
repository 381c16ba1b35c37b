"""What the advice is unsure of, said out loud: close calls, answers that do not fit together, skills
we could not judge, and skills we assumed. Warnings are advice, not errors. Pure."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mlcareer.domain.gaps import senior_agenda
from mlcareer.domain.lookup import normalize_key
from mlcareer.domain.message import Action, Join, Msg, Phrase, msg
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
    text: Phrase


def advice_warnings(
    kb: KnowledgeBase,
    answers: Answers,
    held: HeldSkills,
    ranking: Sequence[SpecializationScore],
    fired: Sequence[Rule],
) -> tuple[AdviceWarning, ...]:
    found = [
        _close_call(kb, ranking, answers.interests),
        *_contradictions(kb, answers, held, ranking, fired),
        _unknown_skills(kb, answers),
        _inferred_skills(kb, held, ranking[0].id),
    ]
    return tuple(w for w in found if w is not None)


def _close_call(
    kb: KnowledgeBase, ranking: Sequence[SpecializationScore], interests: Sequence[str]
) -> AdviceWarning | None:
    if len(ranking) < 2 or ranking[0].score - ranking[1].score > CLOSE_CALL_POINTS:
        return None
    first, second = (kb.specializations[s.id] for s in ranking[:2])
    a, b = ranking[0].score, ranking[1].score

    def core(spec_id: str) -> Text:
        """The field's day-to-day work: its first two skill groups, those this person's interests
        start with first (prompting and RAG for LLM apps); a group named like the field itself
        (大規模言語モデル in 生成AI・大規模言語モデル) says nothing about the work."""
        spec = kb.specializations[spec_id]
        groups = [g for g in spec.skill_groups if g.name.ja not in spec.name.ja]
        groups.sort(key=lambda g: not set(g.first_for) & set(interests))
        names = groups[:2]
        return Text("・".join(g.name.ja for g in names), " and ".join(_lower_first(g.name.en) for g in names))

    ca, cb = core(first.id), core(second.id)
    if a == b:
        head = msg("{first} and {second} are tied at {score}.", first=first.name, second=second.name, score=a)
    else:
        head = msg(
            "{first} ({a}) and {second} ({b}) are only {gap} points apart.",
            first=first.name,
            a=a,
            second=second.name,
            b=b,
            gap=a - b,
        )
    return AdviceWarning(
        "close_call",
        msg(
            "{head} What decides is the work you want to do day to day: {first} centres on {first_core}; "
            "{second} on {second_core}. Compare openings in both before you choose.",
            head=head,
            first=first.name,
            first_core=ca,
            second=second.name,
            second_core=cb,
        ),
    )


def _lower_first(name: str) -> str:
    """ "Model management" inside a sentence, but "ML pipelines" keeps its acronym."""
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


def _contradictions(
    kb: KnowledgeBase,
    answers: Answers,
    held: HeldSkills,
    ranking: Sequence[SpecializationScore],
    fired: Sequence[Rule],
) -> list[AdviceWarning]:
    found: list[Msg] = []
    ml_background = answers.background in _ML_BACKGROUNDS
    if ml_background and answers.ml_years == 0 and not held.named:
        # One warning for one story: the background is the answer the other two contradict.
        found.append(
            msg(
                "You chose 'ML engineer' as your background, but 0 years of hands-on ML and no skills. Correct "
                "the background, or give your years and the skills you use, and the level, phase and salary "
                "estimates will fit you."
            )
        )
    elif ml_background and answers.ml_years == 0:
        found.append(
            msg(
                "You chose 'ML engineer' as your background but 0 years of hands-on ML. Correct one of the "
                "two and the level and salary estimates will fit you better."
            )
        )
    if not held.named and answers.ml_years >= 1:
        found.append(
            msg(
                "You report hands-on ML years, but no skills. Add the ones you use and the gaps and phase will fit you."
            )
        )
    elif held.named and answers.ml_years >= _YEARS_THAT_SHOW and held.all.isdisjoint(_ml_skills(kb)):
        found.append(
            msg(
                "You report {years} years of hands-on ML, but none of the skills you chose is an ML skill. "
                "Choose the ones you use at work and the level and phase will fit you.",
                years=answers.ml_years,
            )
        )
    if answers.ml_years == 0 and len(held.named) >= _MANY_SKILLS:
        found.append(
            msg(
                "You chose {count} skills with no hands-on ML years. If many come from study alone, "
                "keep the ones you have used in work or projects and the phase will fit you better.",
                count=len(held.named),
            )
        )
    wanted = _interest_fields(fired)
    # Only hands-on ML years make skills elsewhere a contradiction: without them, wanting a field your
    # skills are not in is a career change (an SRE who wants LLM apps), and the field ranking already
    # says where the experience counts.
    if wanted and len(held.named) >= 3 and answers.ml_years >= 1:
        share = {s.id: s.skills_held / s.skills_total if s.skills_total else 0.0 for s in ranking}
        if all(share[f] == 0 for f in wanted):
            other = max((s for s in share if s not in wanted), key=lambda s: share[s], default=None)
            if other is not None and share[other] >= 0.2:
                found.append(
                    msg(
                        "Your interests point to {wanted}, but none of your skills are in it; they lean to "
                        "{field} ({share:.0%}). Follow the interest and expect to build up from "
                        "the basics, or take the shorter road through {field}.",
                        wanted=Join(tuple(kb.specializations[f].name for f in wanted), "or"),
                        field=kb.specializations[other].name,
                        share=share[other],
                    )
                )
    if not found:
        return []
    # One entry per id: several contradictions are one warning that lists each of them.
    return [AdviceWarning("contradiction", msg("{sentences}", sentences=Join(tuple(found), "sentences")))]


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
    parts: list[str | Msg] = []
    for index, name in enumerate(unknown[:_LIST_AT_MOST]):
        near: list[str] = []
        if index < _SUGGEST_AT_MOST:
            # Only a near-miss spelling (pytorh): a different word that merely looks alike (React, ResNet)
            # is not suggested.
            keys = difflib.get_close_matches(normalize_key(name), kb.skill_index.keys(), n=1, cutoff=0.8)
            near = [kb.skill_index[k] for k in keys]
        if near:
            parts.append(msg("{name} (did you mean {skill}?)", name=name, skill=kb.skills[near[0]].name))
        else:
            parts.append(name)
    more = len(unknown) - _LIST_AT_MOST
    if more > 0:
        text = msg(
            "Not in the skills catalogue, so not used in this result: {names} and {more} more. "
            "Check the names with {command}.",
            names=Join(tuple(parts)),
            more=more,
            command=Action("list", "skill"),
        )
    else:
        text = msg(
            "Not in the skills catalogue, so not used in this result: {names}. Check the names with {command}.",
            names=Join(tuple(parts)),
            command=Action("list", "skill"),
        )
    return AdviceWarning("unknown_skills", text)


def _inferred_skills(kb: KnowledgeBase, held: HeldSkills, top: str) -> AdviceWarning | None:
    """Only when an assumed skill counted: it is a foundation, part of the top field, or senior agenda."""
    relevant = set(kb.foundations) | set(kb.specializations[top].skills) | set(senior_agenda(kb))
    used = [(skill, source) for skill, source in held.inferred.items() if skill in relevant]
    if not used:
        return None
    shown = used[:_LIST_AT_MOST]
    pairs = Join(
        tuple(msg("{skill} (from {source})", skill=kb.skills[s].name, source=kb.skills[f].name) for s, f in shown)
    )
    return AdviceWarning(
        "inferred_skills",
        msg(
            "These skills were taken as held because of skills you chose: {pairs}. "
            "If that is not so, review the skills you chose.",
            pairs=pairs,
        ),
    )
