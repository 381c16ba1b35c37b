"""Reading YAML fast and reporting problems in it as `file:line: key.path: expected …`.

The happy path parses with PyYAML's C loader (measured 7x faster than the pure-Python one).
Line numbers are only needed when something is wrong, so the file is composed into nodes
(which keep their marks) only then.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

from mlcareer.errors import MlcareerError
from mlcareer.i18n import N_, _

PathPart = str | int
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")  # use fullmatch: "$" also matches before a final newline


# Aliases may repeat a part of a document, but not blow it up: a few hundred bytes of nested aliases
# otherwise expand to billions of values in whatever walks the result.
MAX_ALIAS_EXPANSION = 100_000


class _StrictLoader(_Loader):  # type: ignore[misc]
    """The fast loader, refusing what PyYAML lets by: a key given twice in one mapping (the last
    silently won) and aliases that expand a small file into a huge one."""

    check_aliases = False

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        if self.check_aliases:
            _check_expansion(node)
        return self.construct_document(node)

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: set[tuple[str, str]] = set()
            for key_node, _value in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    ident = (key_node.tag, key_node.value)
                    if ident in seen:
                        raise yaml.constructor.ConstructorError(
                            None,
                            None,
                            _("the key {key!r} appears twice").format(key=key_node.value),
                            key_node.start_mark,
                        )
                    seen.add(ident)
        return super().construct_mapping(node, deep=deep)


class _AliasCheckingLoader(_StrictLoader):
    check_aliases = True


def _check_expansion(root: yaml.Node) -> None:
    """Count the nodes the document has once every alias is expanded, without expanding them."""
    sizes: dict[int, int] = {}
    unique = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    active: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            active.discard(key)
            size = 1 + sum(sizes[id(child)] for child in _children(node))
            sizes[key] = size
            if size > unique + MAX_ALIAS_EXPANSION:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    _("aliases here expand to more than {count:,} values; write the values out instead").format(
                        count=MAX_ALIAS_EXPANSION
                    ),
                    node.start_mark,
                )
            continue
        if key in sizes:
            continue
        if key in active:
            problem = _("an alias refers to a value that contains it")
            raise yaml.composer.ComposerError(None, None, problem, node.start_mark)
        unique += 1
        active.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def parse_yaml(text: str, file: str) -> Any:
    """Parse one YAML document, turning every way it can be wrong into the project's error with file:line."""
    loader = _AliasCheckingLoader if "*" in text else _StrictLoader  # no '*', no alias: skip the count
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{file}:{mark.line + 1}" if mark is not None else file
        what = yaml_problem(exc.problem) if exc.problem else str(exc)
        raise MlcareerError(
            _("This is not valid YAML."),
            problems=[f"{where}: {what}"],
        ) from None
    except yaml.YAMLError as exc:
        raise MlcareerError(_("This is not valid YAML."), problems=[f"{file}: {exc}"]) from None
    except RecursionError:
        raise MlcareerError(
            _("The YAML is nested too deeply."),
            problems=[f"{file}: " + _("nested too deeply")],
        ) from None
    except (ValueError, OverflowError) as exc:
        # A well-formed scalar whose value cannot exist: 2020-02-30, !!int abc, 10,001 digits.
        found = _bad_scalar(text)
        where = f"{file}:{found[0]}" if found else file
        raise MlcareerError(
            _("A value in the YAML is not valid."),
            problems=[f"{where}: {found[1] if found else _short(str(exc))}"],
        ) from None
    if _CONTROL.search(text):  # the walk only when the text holds one (escapes like "\\e" are text)
        bad = control_characters(data)
        if bad:
            problems = [Problem(file, path, message) for path, message in bad]
            raise MlcareerError(
                _("The text holds control characters."),
                problems=format_problems(problems, {file: text}),
            )
    return data


# C0 controls but tab and line feed, DEL and C1: ESC starts terminal sequences (ESC]0; retitles the
# window, ESC[2J clears the screen), so no text we show may carry one.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]|\\[abefrvx0-9NuUL]")
# And half of a UTF-16 pair, which JSON can write ("\\ud800"): no character, so it cannot be printed or saved.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def control_characters(data: Any, limit: int = 10) -> list[tuple[tuple[PathPart, ...], str]]:
    """Where strings (keys included) in parsed data hold control characters: up to `limit` of them."""
    found: list[tuple[tuple[PathPart, ...], str]] = []
    stack: list[tuple[tuple[PathPart, ...], Any]] = [((), data)]
    seen: set[int] = set()
    while stack and len(found) < limit:
        path, value = stack.pop()
        if isinstance(value, str):
            char = _NOT_TEXT.search(value)
            if char and 0xD800 <= ord(char.group()) <= 0xDFFF:
                found.append(
                    (
                        path,
                        _("U+{code:04X} is half of a UTF-16 pair, not a character; remove it").format(
                            code=ord(char.group())
                        ),
                    )
                )
            elif char:
                found.append(
                    (path, _("control character U+{code:04X} in the text; remove it").format(code=ord(char.group())))
                )
        elif isinstance(value, dict | list) and id(value) not in seen:
            seen.add(id(value))
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in reversed(list(items)):
                if isinstance(key, str) and _NOT_TEXT.search(key):
                    found.append(((*path, key), _("control character in a key; remove it")))
                stack.append(((*path, key if isinstance(key, str | int) else str(key)), item))
    return found


_TAG_NAMES = {
    "tag:yaml.org,2002:int": N_("a whole number"),
    "tag:yaml.org,2002:float": N_("a number"),
    "tag:yaml.org,2002:timestamp": N_("a date"),
}


def _bad_scalar(text: str) -> tuple[int, str] | None:
    """The line of the first scalar whose value cannot be built, and what is wrong with it."""
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
        stack = [root] if root is not None else []
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node)
                except (ValueError, OverflowError):
                    value = str(node.value)
                    line = int(node.start_mark.line) + 1
                    if value.lstrip("+-").replace("_", "").isdigit():
                        return line, _("a number of {count:,} digits is too long").format(count=len(value))
                    shown = (
                        repr(value)
                        if len(value) <= 40
                        else _("a value of {count:,} characters").format(count=len(value))
                    )
                    tag = node.tag.rsplit(":", 1)[-1]
                    kind = _(_TAG_NAMES[node.tag]) if node.tag in _TAG_NAMES else _("a valid {tag}").format(tag=tag)
                    return line, _("{value} is not {kind}").format(value=shown, kind=kind)
            stack.extend(reversed(_children(node)))
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
    return None


# PyYAML's own problem lines (English only), as the catalog knows them: the ones a hand-edited file
# meets. A %r in PyYAML's text becomes {found}; a problem not listed here is shown as PyYAML wrote it.
_YAML_PROBLEMS = (
    (
        re.compile(r"mapping values are not allowed here"),
        N_("a ':' is not allowed here (is a value missing quotes?)"),
    ),
    (re.compile(r"could not find expected ':'"), N_("a ':' is missing after the key")),
    (
        re.compile(r"sequence entries are not allowed here"),
        N_("a '- ' list entry is not allowed here (check the indentation)"),
    ),
    (
        re.compile(r"found character (.+) that cannot start any token"),
        N_("the character {found} cannot start a value (a tab? indent with spaces)"),
    ),
    (
        re.compile(r"expected <block end>, but found (.+)"),
        N_("the indentation does not line up (found {found})"),
    ),
    (
        re.compile(r"found a tab character that violates indentation"),
        N_("a tab is used for indentation: indent with spaces"),
    ),
    (re.compile(r"did not find expected key"), N_("a key was expected here (check the indentation)")),
    (
        re.compile(r"did not find expected '-' indicator"),
        N_("a '- ' list entry was expected here"),
    ),
    (re.compile(r"found undefined alias (.+)"), N_("the alias {found} is not defined")),
    (
        re.compile(r"found unexpected end of stream"),
        N_("the file ends in the middle of a value (an unclosed quote or bracket?)"),
    ),
    (
        re.compile(r"found unknown escape character (.+)"),
        N_("unknown escape {found} in a double-quoted text"),
    ),
    (re.compile(r"expected the node content, but found (.+)"), N_("a value was expected, but found {found}")),
    (
        re.compile(r"found unhashable key"),
        N_("a key must be plain text, not a list or mapping"),
    ),
)


def yaml_problem(problem: str) -> str:
    """PyYAML's problem in the language of this run."""
    for pattern, message in _YAML_PROBLEMS:
        found = pattern.fullmatch(problem.strip())
        if found:
            return _(message).format(found=found.group(1) if found.groups() else "")
    return problem


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "..."


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    path: tuple[PathPart, ...]
    message: str


def format_path(path: Sequence[PathPart]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(top)"


def _line_of(node: yaml.Node | None, path: Sequence[PathPart]) -> int | None:
    """1-based line of the deepest node of `path` that exists."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in path:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == part:
                    line = key.start_mark.line + 1
                    child = value
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            return line
        node = child
        if not isinstance(node, yaml.ScalarNode):
            line = node.start_mark.line + 1
    return line


def format_problems(problems: Sequence[Problem], sources: dict[str, str]) -> list[str]:
    """`file:line: path: message`, with line numbers found by composing only the files at fault."""
    roots: dict[str, yaml.Node | None] = {}
    lines = []
    for problem in problems:
        if problem.file not in roots:
            text = sources.get(problem.file)
            try:
                roots[problem.file] = yaml.compose(text, Loader=_Loader) if text else None
            except yaml.YAMLError:
                roots[problem.file] = None
        line = _line_of(roots[problem.file], problem.path)
        where = f"{problem.file}:{line}" if line else problem.file
        lines.append(f"{where}: {format_path(problem.path)}: {problem.message}")
    return lines


def read_text(path: Path) -> str:
    """A regular file as text, within the input cap (a FIFO or device is reported, never read)."""
    from mlcareer.loading.inputs import read_file_text

    return read_file_text(path)
