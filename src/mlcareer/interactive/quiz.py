"""The interactive quiz, built from data/questions.yaml. The only module that imports questionary."""

from __future__ import annotations

import itertools
import shutil
from typing import Any

import questionary
from questionary import Choice, Separator
from rich.cells import cell_len

from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.quiz import Quiz, QuizQuestion
from mlcareer.errors import MlcareerError
from mlcareer.i18n import Lang, _
from mlcareer.loading.answers import parse_answers
from mlcareer.render.terminal.answers import describe

DONE = "__done__"
SKIP = "__skip__"  # an optional single or yes/no question left unanswered


def run_quiz(kb: KnowledgeBase, quiz: Quiz, lang: Lang, preset: dict[str, Any] | None = None) -> dict[str, Any]:
    """Ask every question, then let the person review and change answers. Returns raw answers.

    `preset` pre-selects answers the person then confirms or changes (the skills found in a CV).
    Ctrl-C raises KeyboardInterrupt (unsafe_ask), which the CLI turns into exit 130.
    """
    questions = list(quiz.questions.values())
    answers: dict[str, Any] = {}
    given = preset or {}
    for number, question in enumerate(questions, 1):
        progress = f"{number}/{len(questions)}"
        answers[question.id] = ask(kb, question, lang, progress, given.get(question.id), answers, quiz)
    while True:
        change = review(kb, quiz, answers, lang)
        if change == DONE:
            given = {k: v for k, v in answers.items() if v is not None}
            try:  # answers changed on the review screen may no longer agree with each other
                parse_answers(kb, quiz, given, "quiz")
            except MlcareerError as error:
                from mlcareer.render.problems import problem_lines

                for problem in problem_lines(error, lang):
                    questionary.print("  " + problem.removeprefix("quiz: "), style="fg:ansired")
                continue
            return given
        number = questions.index(quiz.questions[change]) + 1
        progress = f"{number}/{len(questions)}"
        answers[change] = ask(kb, quiz.questions[change], lang, progress, answers.get(change), answers, quiz)


def ask(
    kb: KnowledgeBase,
    question: QuizQuestion,
    lang: Lang,
    progress: str,
    current: Any,
    answers: dict[str, Any],
    quiz: Quiz | None = None,
) -> Any:
    message = f"[{progress}] {question.prompt(lang)}"
    instruction = question.help(lang) if question.help else None
    if question.kind in ("single", "yes_no"):
        choices = [Choice(label, value) for label, value in _options(question, lang)]
        if not question.required:
            choices.append(Choice(_("(skip)", lang), SKIP))
        default = next((c for c in choices if c.value == current), None)
        hint = instruction or _("(arrow keys, then Enter)", lang)
        picked = _select(message, choices, default, hint)
        return None if picked == SKIP else picked
    if question.kind == "multi":
        chosen = set(current or ())
        choices = [Choice(c.label(lang), c.id, checked=c.id in chosen) for c in question.choices]
        at_least = question.required

        def at_least_one(selected: list[str]) -> bool | str:
            if at_least and not selected:
                return _("Choose at least one (Space to select)", lang)
            return True

        hint = instruction or _("(Space to tick or untick, Enter when done)", lang)
        return _checkbox(message, choices, lang, hint, validate=at_least_one)
    if question.kind == "skills":
        return list(_ask_skills(kb, message, lang, set(current or ())))
    years = quiz.questions.get("years_experience") if quiz is not None and question.id == "ml_years" else None
    ceiling = answers.get("years_experience") if years is not None else None
    if years is None or ceiling is None:
        return _ask_number(question, message, lang, current)
    # Hands-on ML years are part of the years worked: said with that question's own label and unit.
    too_many = _("Can't be more than your answer to “{label}” ({value})", lang).format(
        label=years.label(lang), value=describe(kb, years, ceiling, lang)
    )
    return _ask_number(question, message, lang, current, (ceiling, too_many))


def _options(question: QuizQuestion, lang: Lang) -> list[tuple[str, Any]]:
    """A single question's choices, or yes and no, as (label, the value saved)."""
    if question.kind == "yes_no":
        return [(_("Yes", lang), True), (_("No", lang), False)]
    return [(c.label(lang), c.id) for c in question.choices]


def _ask_skills(kb: KnowledgeBase, message: str, lang: Lang, held: set[str]) -> list[str]:
    """Two steps that stay short with 170+ skills: the areas the person has worked in, then one page
    of that area's skills each. (questionary's type-to-filter was tried and dropped: it only filters
    on ASCII, and with group headers in the list its cursor could land on a header and crash.)"""
    groups = [g for g in kb.skill_groups.values() if any(s.group == g.id for s in kb.skills.values())]
    area_choices = [
        Choice(
            _area_title(g.name(lang), sum(1 for s in kb.skills.values() if s.group == g.id), lang),
            g.id,
            checked=any(kb.skills[s].group == g.id for s in held),
        )
        for g in groups
    ]
    areas = _checkbox(
        message,
        area_choices,
        lang,
        _("(first the areas: Space to tick, Enter to go on; none is fine)", lang),
    )
    picked: list[str] = []
    chosen = [g for g in groups if g.id in set(areas)]
    for number, group in enumerate(chosen, 1):
        members = [s for s in kb.skills.values() if s.group == group.id]
        choices = [Choice(skill.name(lang), skill.id, checked=skill.id in held) for skill in members]
        page = _("{area} ({number}/{count})", lang).format(area=group.name(lang), number=number, count=len(chosen))
        picked += _checkbox(
            f"{message.split(']')[0]}] {page}",
            choices,
            lang,
            _("(Space to tick what you have used, Enter to go on)", lang),
        )
    return picked


def _checkbox(
    message: str,
    choices: list[Choice],
    lang: Lang,
    instruction: str,
    validate: Any = None,
) -> list[str]:
    """A checkbox whose answer line is ours: questionary's reads 'done (3 selections)' in English."""
    kwargs: dict[str, Any] = {"validate": validate} if validate is not None else {}
    picked: list[str] = questionary.checkbox(
        message, choices=choices, instruction=_fit(message, instruction), erase_when_done=True, **kwargs
    ).unsafe_ask()
    titles = [str(c.title) for c in choices if c.value in picked]
    shown = _(", ", lang).join(titles[:2]) + (
        _(" +{count} more", lang).format(count=len(titles) - 2) if len(titles) > 2 else ""
    )
    _echo(message, shown or _("(none)", lang))
    return picked


def _select(message: str, choices: list[Any], default: Any, instruction: str) -> Any:
    """A select whose answer line is ours, so that it too breaks at phrases."""
    picked = questionary.select(
        message, choices=choices, default=default, instruction=_fit(message, instruction), erase_when_done=True
    ).unsafe_ask()
    title = next((c.title for c in choices if isinstance(c, Choice) and c.value == picked), picked)
    _echo(message, str(title))
    return picked


# prompt_toolkit wraps a long prompt line at any character, so Japanese would break inside a word
# or start a line with ）. A prompt line that does not fit is laid out here, at BudouX phrases.


def _width() -> int:
    return shutil.get_terminal_size().columns


def _lines(text: str, width: int) -> list[str]:
    from mlcareer.render.terminal.linebreak import divide_line

    cuts = [0, *divide_line(text, width), len(text)]
    return [text[start:end].rstrip() for start, end in itertools.pairwise(cuts) if text[start:end].strip()]


def _below(text: str) -> str:
    return "".join("\n  " + line for line in _lines(text, _width() - 3))


def _on_its_own_line(line: str, instruction: str) -> bool:
    """questionary puts a space before the instruction: after Japanese text, a space and then （
    reads wrongly, so a bracketed Japanese instruction goes under the question instead."""
    return instruction.startswith("（") or cell_len(line) >= _width()


def _fit(message: str, instruction: str) -> str:
    """The instruction after the question when the line holds both, else on lines of its own under it."""
    return _below(instruction) if _on_its_own_line(f"? {message} {instruction}", instruction) else instruction


def _echo(message: str, answer: str) -> None:
    """The answered question, as questionary prints it (the question bold, the answer cyan)."""
    head = f"? {message} "
    text = head + answer
    start = 0
    for line in _lines(text, _width() - 1):
        at = text.index(line, start)
        split = max(0, min(len(line), len(head) - at))
        questionary.print(line[:split], style="bold", end="")
        questionary.print(line[split:], style="fg:ansicyan")
        start = at + len(line)


def _area_title(name: str, count: int, lang: Lang) -> str:
    return _("{name} ({count} skills)", lang).format(name=name, count=count)


def _ask_number(
    question: QuizQuestion, message: str, lang: Lang, current: Any, ceiling: tuple[int, str] | None = None
) -> float | int | None:
    """`ceiling`: the most this answer can be, and what to say above it (hands-on ML years cannot
    exceed the years worked, answered just before)."""
    low, high = question.minimum, question.maximum
    allow_fraction = question.fractions

    default = current if current is not None else question.default
    # The default is offered, not typed in: a prefilled "10" turned a typed 8 into 108.
    shown_default = "" if default is None else f"{default:g}" if isinstance(default, float) else str(default)

    def validate(text: str) -> bool | str:
        text = text.strip()
        if not text:
            return True if (not question.required or shown_default) else _("Please enter a number", lang)
        try:
            value = float(text) if allow_fraction else int(text)
        except ValueError:
            return _("Please enter a whole number", lang) if not allow_fraction else _("Please enter a number", lang)
        if ceiling is not None and value > ceiling[0]:
            return ceiling[1]
        if not low <= value <= high:
            return _("Please enter a number from {low:g} to {high:g}", lang).format(low=low, high=high)
        return True

    unit_text = question.unit(lang) if question.unit else ""
    unit = _(" ({unit})", lang).format(unit=unit_text) if unit_text and unit_text not in message else ""
    help_text = question.help(lang) if question.help else None
    if shown_default and help_text:
        help_text = _("{help} (Enter for {value})", lang).format(help=help_text, value=shown_default)
    elif shown_default:
        help_text = _("(Enter for {value})", lang).format(value=shown_default)
    if help_text and _on_its_own_line(f"? {message}{unit} {help_text} 00", help_text):
        help_text = _below(help_text) + "\n  ›"  # and the answer on a line of its own
    raw = questionary.text(message + unit, validate=validate, instruction=help_text, erase_when_done=True).unsafe_ask()
    raw = raw.strip() or shown_default
    _echo(message + unit, raw)
    if not raw:
        return None
    return float(raw) if allow_fraction else int(raw)


def review(kb: KnowledgeBase, quiz: Quiz, answers: dict[str, Any], lang: Lang) -> str:
    choices: list[Choice | Separator] = [Choice(_("✓ Show my result", lang), DONE)]
    choices.append(Separator(_("── or pick an answer to change ──", lang)))
    for question in quiz.questions.values():
        summary = describe(kb, question, answers.get(question.id), lang)
        choices.append(Choice(f"{question.label(lang)}: {summary}", question.id))
    picked: str = _select(_("Review your answers", lang), choices, choices[0], _("(arrow keys, then Enter)", lang))
    return picked
