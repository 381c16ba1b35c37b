"""Reading data/rules.yaml: each rule checked against the knowledge and the quiz, then compiled into
closures (domain.rules evaluates them)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from mlcareer.domain.message import msg, nmsg
from mlcareer.domain.model import Case, KnowledgeBase, Role, Site
from mlcareer.domain.quiz import YES_NO, Quiz, QuizQuestion
from mlcareer.domain.rules import (
    CONDITIONS,
    MAX_CONDITION_DEPTH,
    NUMERIC_FIELDS,
    SHOWN_KINDS,
    TARGET_KINDS,
    Condition,
    Facts,
    Rule,
    RuleSet,
)
from mlcareer.domain.suggest import did_you_mean, kind_name
from mlcareer.errors import MlcareerError, Problem
from mlcareer.i18n import N_
from mlcareer.loading.checker import MAX_NUMBER, Checker, Path_, short_number
from mlcareer.loading.datafiles import knowledge_sources
from mlcareer.loading.quiz import load_quiz
from mlcareer.loading.yamlparse import locate_problems, parse_yaml, read_text


def load_quiz_and_rules(kb: KnowledgeBase, data_dir: Path | None = None) -> tuple[Quiz, RuleSet]:
    files = knowledge_sources(data_dir)
    quiz = load_quiz(files["questions.yaml"])
    rules_path = files["rules.yaml"]
    ruleset = build_rules(kb, quiz, read_text(rules_path), str(rules_path))
    gates = build_gates(kb, quiz, {name: files[f"{name}.yaml"] for name in ENTRY_KINDS})
    return quiz, replace(ruleset, gates=gates) if gates else ruleset


ENTRY_KINDS = ("roles", "sites", "cases")  # the knowledge entries that may carry a `when`


def build_gates(kb: KnowledgeBase, quiz: Quiz, files: Mapping[str, Path]) -> dict[str, dict[str, Condition]]:
    """Compile the `when` of every role, site and case that has one, against the quiz; problems are
    reported at the entry's line in its own file, like every other knowledge problem."""
    entries: dict[str, Mapping[str, Role | Site | Case]] = {"roles": kb.roles, "sites": kb.sites, "cases": kb.cases}
    gates: dict[str, dict[str, Condition]] = {}
    problems: list[Problem] = []
    for kind in ENTRY_KINDS:
        found = [(index, entry) for index, entry in enumerate(entries[kind].values()) if entry.when]
        if not found:
            continue
        path = files[kind]
        c = Checker(str(path))
        compiler = _Compiler(c, kb, quiz)
        gates[kind] = {
            entry.id: compiler.condition(json.loads(entry.when), (kind, index, "when")) for index, entry in found
        }
        if c.problems:
            problems += locate_problems(c.problems, {c.file: read_text(path)})
    if problems:
        raise MlcareerError(
            nmsg(
                "The knowledge files have {count} problem:",
                "The knowledge files have {count} problems:",
                len(problems),
                count=len(problems),
            ),
            problems=problems,
        )
    return gates


def build_rules(kb: KnowledgeBase, quiz: Quiz, text: str, display: str) -> RuleSet:
    data = parse_yaml(text, display)
    c = Checker(display)
    top = c.mapping(data, (), {"rules", "scoring", "phase"}) or {}
    scoring = c.mapping(top.get("scoring"), ("scoring",), {"skill_match_points"}) or {}
    phase = (
        c.mapping(
            top.get("phase"),
            ("phase",),
            set(),
            {"foundation_threshold", "specialization_threshold", "foundation_required", "phase3_foundation_threshold"},
        )
        or {}
    )
    compiler = _Compiler(c, kb, quiz)
    rules = c.items(top, "rules", (), compiler.rule)
    seen: set[str] = set()
    for index, rule in enumerate(rules):
        if rule.id in seen:
            c.problem(("rules", index, "id"), msg("duplicate id {id!r}", id=rule.id))
        seen.add(rule.id)
    ruleset = RuleSet(
        rules=tuple(rules),
        skill_match_points=c.number(scoring, "skill_match_points", ("scoring",)),
        foundation_threshold=_share(c, phase, "foundation_threshold"),
        specialization_threshold=_share(c, phase, "specialization_threshold"),
        phase3_foundation_threshold=_share(c, phase, "phase3_foundation_threshold", default=0.0),
        foundation_required=tuple(
            compiler._ids(phase["foundation_required"], ("phase", "foundation_required"), kb.skills, "skill")
        )
        if "foundation_required" in phase
        else (),
    )
    c.raise_problems(text, msg("The rules file"))
    return ruleset


def _share(c: Checker, m: dict[str, Any], key: str, default: float = 0.5) -> float:
    value = m.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        c.problem(("phase", key), msg("expected a share from 0 to 1, got {value}", value=repr(value)))
        return 0.5
    return float(value)


class _Compiler:
    def __init__(self, c: Checker, kb: KnowledgeBase, quiz: Quiz) -> None:
        self.c = c
        self.kb = kb
        self.choices = {q.id: set(q.choice_ids) for q in quiz.questions.values()}
        self.questions = quiz.questions
        self.uses: set[str] = set()

    def rule(self, node: Any, path: Path_) -> Rule | None:
        c = self.c
        m = c.mapping(node, path, {"id", "when", "then", "because"})
        if m is None:
            return None
        self.uses = set()
        test = self.condition(m.get("when"), (*path, "when"))
        uses = frozenset(self.uses - {"all", "any", "not"})
        then_path = (*path, "then")
        then = c.mapping(m.get("then"), then_path, set(), {"points", *TARGET_KINDS, *SHOWN_KINDS}) or {}
        targets = [k for k in TARGET_KINDS if k in then]
        kind, target, points = "specialization", "", 0
        shown = {
            key: tuple(sorted(self._ids(then[key], (*then_path, key), pool, key[:-1])))
            for key, pool in (("sites", self.kb.sites), ("cases", self.kb.cases))
            if key in then
        }
        roles: tuple[str, ...] = ()
        if len(targets) != 1:
            if not targets and shown:
                kind = "shown"
                if "points" in then:
                    c.problem((*then_path, "points"), msg("points go with specialization or roles"))
            elif isinstance(m.get("then"), dict):  # a non-mapping was already reported
                c.problem(then_path, msg("expected exactly one of {choices}", choices=", ".join(TARGET_KINDS)))
        elif targets[0] == "roles":
            kind = "roles"
            roles = tuple(sorted(self._ids(then["roles"], (*then_path, "roles"), self.kb.roles, "role")))
            if "points" not in then:
                c.problem((*then_path, "points"), msg("missing required key"))
            points = self._points(then, then_path)
        elif targets[0] == "specialization":
            target = self._known(then, "specialization", then_path, self.kb.specializations, "specialization")
            if "points" not in then:
                c.problem((*then_path, "points"), msg("missing required key"))
            points = self._points(then, then_path)
        else:
            kind = "level_years"
            value = then.get("level_years")
            if isinstance(value, bool) or not isinstance(value, int) or not -10 <= value <= 10:
                c.problem(
                    (*then_path, "level_years"),
                    msg("expected whole years from -10 to 10, got {value}", value=repr(value)),
                )
            else:
                points = value
            if "points" in then:
                c.problem((*then_path, "points"), msg("level_years rules credit years, not points"))
        return Rule(
            c.ident(m, "id", path),
            kind,
            target,
            points,
            c.text(m, "because", path),
            test,
            uses,
            roles,
            shown.get("sites", ()),
            shown.get("cases", ()),
        )

    def _points(self, then: dict[str, Any], path: Path_) -> int:
        value = then.get("points")
        if isinstance(value, bool) or not isinstance(value, int) or not -100 <= value <= 100:
            self.c.problem(
                (*path, "points"), msg("expected whole points from -100 to 100, got {value}", value=repr(value))
            )
            return 0
        return value

    def _known(self, m: dict[str, Any], key: str, path: Path_, valid: Iterable[str], kind: str) -> str:
        value = m.get(key)
        pool = set(valid)
        if not isinstance(value, str) or value not in pool:
            self.c.problem(
                (*path, key),
                msg(
                    "unknown {kind} {value}{hint}",
                    kind=kind_name(kind),
                    value=repr(value),
                    hint=did_you_mean(str(value), pool),
                ),
            )
            return ""
        return value

    def _ids(self, value: Any, path: Path_, valid: Iterable[str], kind: str) -> frozenset[str]:
        items = value if isinstance(value, list) else [value]
        pool = set(valid)
        out = set()
        for index, item in enumerate(items):
            where = (*path, index) if isinstance(value, list) else path
            if not isinstance(item, str) or item not in pool:
                self.c.problem(
                    where,
                    msg(
                        "unknown {kind} {item}{hint}",
                        kind=kind_name(kind),
                        item=repr(item),
                        hint=did_you_mean(str(item), pool),
                    ),
                )
            else:
                out.add(item)
        if isinstance(value, list) and not value:
            self.c.problem(path, msg("expected at least one {kind}", kind=kind_name(kind)))
        return frozenset(out)

    def condition(self, node: Any, path: Path_) -> Condition:
        c = self.c
        never: Condition = lambda facts: False  # noqa: E731
        if sum(1 for part in path if part in ("all", "any", "not")) > MAX_CONDITION_DEPTH:
            # Each level is a call when the rule is tested: hundreds would pass here and crash assess.
            c.problem(
                path,
                msg(
                    "conditions nested more than {MAX_CONDITION_DEPTH} levels deep; flatten them",
                    MAX_CONDITION_DEPTH=MAX_CONDITION_DEPTH,
                ),
            )
            return never
        if not isinstance(node, dict) or len(node) != 1:
            c.problem(path, msg("expected a condition: a mapping with one of {choices}", choices=", ".join(CONDITIONS)))
            return never
        ((key, value),) = node.items()
        here = (*path, str(key))
        self.uses.add(str(key))
        if key == "all" or key == "any":
            if not isinstance(value, list) or not value:
                c.problem(here, msg("expected a non-empty list of conditions"))
                return never
            parts = tuple(self.condition(item, (*here, i)) for i, item in enumerate(value))
            if key == "all":
                return lambda facts: all(part(facts) for part in parts)
            return lambda facts: any(part(facts) for part in parts)
        if key == "not":
            inner = self.condition(value, here)
            return lambda facts: not inner(facts)
        if key == "skill":
            skill = self._ids(value, here, self.kb.skills, "skill")
            return lambda facts: skill <= facts.skills and bool(skill)
        if key == "skills_any":
            wanted = self._ids(value, here, self.kb.skills, "skill")
            return lambda facts: not wanted.isdisjoint(facts.skills)
        if key == "skills_all":
            needed = self._ids(value, here, self.kb.skills, "skill")
            return lambda facts: bool(needed) and needed <= facts.skills
        if key == "skills_count":
            return self._skills_count(value, here)
        if key in ("interest", "background", "industry"):
            question = {
                "interest": "interests",
                "background": "background",
                "industry": "industries",
            }[key]
            ids = self._ids(value, here, self.choices.get(question, ()), key)
            if key == "background":
                return lambda facts: facts.background in ids
            field = "interests" if key == "interest" else "industries"
            return lambda facts: not ids.isdisjoint(getattr(facts, field))
        if key in NUMERIC_FIELDS:
            return self._numeric(str(key), value, here)
        if key == "answer":
            return self._answer(value, here)
        c.problem(
            here,
            msg(
                "unknown condition{hint}; valid: {choices}",
                hint=did_you_mean(str(key), CONDITIONS),
                choices=", ".join(CONDITIONS),
            ),
        )
        return never

    def _skills_count(self, value: Any, path: Path_) -> Condition:
        c = self.c
        m = c.mapping(value, path, {"min"}, {"of", "specialization", "group"})
        if m is None:
            return lambda facts: False
        sources = [k for k in ("of", "specialization", "group") if k in m]
        pool: frozenset[str] = frozenset()
        if len(sources) != 1:
            c.problem(path, msg("expected exactly one of of, specialization, group"))
        elif sources[0] == "of":
            pool = self._ids(m["of"], (*path, "of"), self.kb.skills, "skill")
        elif sources[0] == "specialization":
            spec = self._known(m, "specialization", path, self.kb.specializations, "specialization")
            pool = frozenset(self.kb.specializations[spec].skills) if spec else frozenset()
        else:
            group = self._known(m, "group", path, self.kb.skill_groups, "skill group")
            pool = frozenset(s.id for s in self.kb.skills.values() if s.group == group)
        need = c.integer(m, "min", path, minimum=1) or 1
        return lambda facts: len(pool & facts.skills) >= need

    def _answer(self, value: Any, path: Path_) -> Condition:
        """`answer: {QUESTION_ID: CHOICE_ID | [CHOICE_IDS] | {min, max}}`: one question's answer, for any
        question of questions.yaml; several questions in one mapping must all hold."""
        c = self.c
        if not isinstance(value, dict) or not value:
            c.problem(path, msg("expected a mapping of a question id to the answers that count"))
            return lambda facts: False
        parts: list[Condition] = []
        for key, wanted in value.items():
            question = self.questions.get(str(key))
            if question is None:
                c.problem(
                    (*path, str(key)),
                    msg(
                        "unknown question {question}{hint}",
                        question=repr(key),
                        hint=did_you_mean(str(key), self.questions),
                    ),
                )
                continue
            parts.append(self._answer_to(question, wanted, (*path, str(key))))
        if len(parts) == 1:
            return parts[0]
        return lambda facts: all(part(facts) for part in parts)

    def _answer_to(self, question: QuizQuestion, wanted: Any, path: Path_) -> Condition:
        """The test for one question, specialised once to where Facts keeps its answer."""
        ident = question.id
        never: Condition = lambda facts: False  # noqa: E731
        if question.kind == "number":
            if isinstance(wanted, int | float) and not isinstance(wanted, bool):
                wanted = {"min": wanted, "max": wanted}
            return self._numeric(ident, wanted, path, question)
        if isinstance(wanted, dict):
            c = self.c
            c.problem(
                path,
                msg(
                    "{question!r} is a {kind} question: expected {expected}",
                    question=ident,
                    kind=question.kind,
                    expected=msg(_EXPECTED[question.kind]),
                ),
            )
            return never
        if question.kind == "yes_no":
            if isinstance(wanted, bool):
                wanted = "yes" if wanted else "no"
            ids = self._ids(wanted, path, YES_NO, "answer")
            if len(ids) != 1:
                return never if not ids else lambda facts: ident in facts.added  # yes or no: any answer
            yes = "yes" in ids
            return lambda facts: facts.added.get(ident) is yes
        if question.kind == "skills":
            skills = self._ids(wanted, path, self.kb.skills, "skill")
            return lambda facts: not skills.isdisjoint(facts.skills)
        ids = self._ids(wanted, path, question.choice_ids, "choice")
        if ident == "background":
            return lambda facts: facts.background in ids
        if ident in ("interests", "industries"):
            return lambda facts: not ids.isdisjoint(getattr(facts, ident))
        if question.kind == "single":
            return lambda facts: facts.added.get(ident) in ids
        return lambda facts: not ids.isdisjoint(facts.added.get(ident, ()))  # type: ignore[arg-type]

    def _numeric(self, field: str, value: Any, path: Path_, question: QuizQuestion | None = None) -> Condition:
        c = self.c
        m = c.mapping(value, path, set(), {"min", "max"})
        if m is None:
            return lambda facts: False
        if not m:
            c.problem(path, msg("expected min and/or max"))
        bounds = []
        for key in ("min", "max"):
            bound = m.get(key)
            if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int | float)):
                c.problem((*path, key), msg("expected a number, got {bound}", bound=repr(bound)))
                bound = None
            elif bound is not None and not -MAX_NUMBER <= bound <= MAX_NUMBER:  # also NaN and infinity
                c.problem(
                    (*path, key),
                    msg(
                        "expected a number up to {MAX_NUMBER:,}, got {number}",
                        MAX_NUMBER=MAX_NUMBER,
                        number=short_number(bound),
                    ),
                )
                bound = None
            bounds.append(bound)
        low, high = bounds
        if low is not None and high is not None and low > high:
            c.problem(path, msg("min ({low}) is above max ({high})", low=low, high=high))
        question = question or self.questions.get(field)
        if question is not None:
            for key, bound in zip(("min", "max"), bounds, strict=True):
                if bound is not None and not question.minimum <= bound <= question.maximum:
                    c.problem(
                        (*path, key),
                        msg(
                            "{number} is outside the range of question {question!r} ({low:g} to {high:g})",
                            number=short_number(bound),
                            question=field,
                            low=question.minimum,
                            high=question.maximum,
                        ),
                    )
        if question is not None and not question.built_in:

            def added(facts: Facts) -> bool:
                number = facts.added.get(field)
                if number is None:
                    return False
                return (low is None or number >= low) and (high is None or number <= high)  # type: ignore[operator]

            return added

        def test(facts: Facts) -> bool:
            number = facts.numbers.get(field)
            if number is None:
                return False
            return (low is None or number >= low) and (high is None or number <= high)

        return test


_EXPECTED = {
    "single": N_("a choice id or a list of them"),
    "multi": N_("a choice id or a list of them"),
    "yes_no": N_("yes or no"),
    "skills": N_("a skill id or a list of them"),
}
