"""Reading YAML fast and reporting problems in it as `file:line: key.path: expected …`.

The happy path parses with PyYAML's C loader (measured 7x faster than the pure-Python one).
Line numbers are only needed when something is wrong, so the file is composed into nodes
(which keep their marks) only then.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

from mlcareer.domain.message import Msg, Phrase, msg
from mlcareer.domain.model import Text
from mlcareer.errors import MlcareerError, PathPart, Problem
from mlcareer.i18n import N_

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")  # use fullmatch: "$" also matches before a final newline


# Aliases may repeat a part of a document, but not blow it up: a few hundred bytes of nested aliases
# otherwise expand to billions of values in whatever walks the result.
MAX_ALIAS_EXPANSION = 100_000


class _Refused(yaml.MarkedYAMLError):
    """What our loader refuses that PyYAML would let by; its message is ours, already a Msg."""

    def __init__(self, message: Msg, mark: Any) -> None:
        super().__init__(None, None, message.id, mark)
        self.message = message


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
                        raise _Refused(msg("the key {key!r} appears twice", key=key_node.value), key_node.start_mark)
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
                raise _Refused(
                    msg(
                        "aliases here expand to more than {count:,} values; write the values out instead",
                        count=MAX_ALIAS_EXPANSION,
                    ),
                    node.start_mark,
                )
            continue
        if key in sizes:
            continue
        if key in active:
            raise _Refused(msg("an alias refers to a value that contains it"), node.start_mark)
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
        raise MlcareerError(
            msg("This is not valid YAML."), problems=[Problem(where, yaml_problem(exc, text))]
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control character)
        line = text.count("\n", 0, max(0, exc.position)) + 1
        raise MlcareerError(
            msg("This is not valid YAML."), problems=[Problem(f"{file}:{line}", _reader_problem(exc))]
        ) from None
    except yaml.YAMLError as exc:
        raise MlcareerError(msg("This is not valid YAML."), problems=[Problem(file, _as_is(str(exc)))]) from None
    except RecursionError:
        raise MlcareerError(
            msg("The YAML is nested too deeply."),
            problems=[Problem(file, msg("nested too deeply"))],
        ) from None
    except (ValueError, OverflowError) as exc:
        # A well-formed scalar whose value cannot exist: 2020-02-30, !!int abc, 10,001 digits.
        found = _bad_scalar(text)
        where = f"{file}:{found[0]}" if found else file
        raise MlcareerError(
            msg("A value in the YAML is not valid."),
            problems=[Problem(where, found[1] if found else _as_is(_short(str(exc))))],
        ) from None
    if _CONTROL.search(text):  # the walk only when the text holds one (escapes like "\\e" are text)
        bad = control_characters(data)
        if bad:
            problems = [Problem(file, message, path) for path, message in bad]
            raise MlcareerError(
                msg("The text holds control characters."),
                problems=locate_problems(problems, {file: text}),
            )
    return data


def _as_is(text: str) -> Text:
    """A library's own words that the catalog does not know: shown as they are, in both languages."""
    return Text(text, text)


# C0 controls but tab and line feed, DEL and C1: ESC starts terminal sequences (ESC]0; retitles the
# window, ESC[2J clears the screen), so no text we show may carry one.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]|\\[abefrvx0-9NuUL]")
# And half of a UTF-16 pair, which JSON can write ("\\ud800"): no character, so it cannot be printed or saved.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def control_characters(data: Any, limit: int = 10) -> list[tuple[tuple[PathPart, ...], Msg]]:
    """Where strings (keys included) in parsed data hold control characters: up to `limit` of them."""
    found: list[tuple[tuple[PathPart, ...], Msg]] = []
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
                        msg(
                            "U+{code:04X} is half of a UTF-16 pair, not a character; remove it",
                            code=ord(char.group()),
                        ),
                    )
                )
            elif char:
                found.append(
                    (path, msg("control character U+{code:04X} in the text; remove it", code=ord(char.group())))
                )
        elif isinstance(value, dict | list) and id(value) not in seen:
            seen.add(id(value))
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in reversed(list(items)):
                if isinstance(key, str) and _NOT_TEXT.search(key):
                    found.append(((*path, key), msg("control character in a key; remove it")))
                stack.append(((*path, key if isinstance(key, str | int) else str(key)), item))
    return found


_TAG_NAMES = {
    "tag:yaml.org,2002:int": N_("a whole number"),
    "tag:yaml.org,2002:float": N_("a number"),
    "tag:yaml.org,2002:timestamp": N_("a date"),
}


def _bad_scalar(text: str) -> tuple[int, Msg] | None:
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
                        return line, msg("a number of {count:,} digits is too long", count=len(value))
                    shown: str | Msg = (
                        repr(value) if len(value) <= 40 else msg("a value of {count:,} characters", count=len(value))
                    )
                    tag = node.tag.rsplit(":", 1)[-1]
                    kind = msg(_TAG_NAMES[node.tag]) if node.tag in _TAG_NAMES else msg("a valid {tag}", tag=tag)
                    return line, msg("{value} is not {kind}", value=shown, kind=kind)
            stack.extend(reversed(_children(node)))
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
    return None


# PyYAML's own problems are English only. Every one its scanner, parser, composer and constructor
# can raise (the libyaml C loader's wording and the pure-Python loader's, which differ) maps to a
# message of ours. Where PyYAML names what it found (%r), {found} shows it; where libyaml does not,
# it is read from the text at the mark. Looked up in PyYAML 6.0 (lib/yaml/*.py, yaml/_yaml.pyx) and
# libyaml 0.2.5 (src/scanner.c, parser.c, reader.c).
_ALT = "alternatives"
_YAML_PROBLEMS: tuple[tuple[str, str, str | None], ...] = (
    # (PyYAML's problem as a regular expression, our message, what {found} is read from at the mark)
    # -- scanner
    (
        r"mapping values are not allowed (?:here|in this context)",
        N_("a ':' is not allowed here (is a value missing quotes?)"),
        None,
    ),
    (r"could not find expected ':'", N_("a ':' is missing after the key"), None),
    (
        r"(?:block )?sequence entries are not allowed (?:here|in this context)",
        N_("a '- ' list entry is not allowed here (check the indentation)"),
        None,
    ),
    (
        r"mapping keys are not allowed (?:here|in this context)",
        N_("a '?' key is not allowed here (check the indentation)"),
        None,
    ),
    (
        r"found character (.+) that cannot start any token|found character that cannot start any token",
        N_("the character {found} cannot start a value (a tab? indent with spaces)"),
        r"(.)",
    ),
    (
        r"found a tab character (?:that violates indentation|where an indentation space is expected)",
        N_("a tab is used for indentation: indent with spaces"),
        None,
    ),
    (
        r"invalid indentation or unclosed '\[' or '\{'",
        N_("the indentation is wrong, or a bracket is not closed"),
        None,
    ),
    (
        r"found unexpected end of stream",
        N_("the file ends in the middle of a value (an unclosed quote or bracket?)"),
        None,
    ),
    (
        r"found unexpected document (?:indicator|separator)",
        N_("a line starting with '---' or '...' inside a quoted text ends the document: indent it"),
        None,
    ),
    (
        r"found unknown escape character (.+)|found unknown escape character",
        N_("unknown escape {found} in a double-quoted text"),
        r"\\(.)",
    ),
    (
        r"did not find expected hexdecimal number|expected escape sequence of \d+ hexadecimal numbers, but found .+",
        N_("a \\x, \\u or \\U escape needs hexadecimal digits"),
        None,
    ),
    (r"found invalid Unicode character escape code", N_("this escape is not a valid Unicode character"), None),
    (r"found unexpected ':'", N_("a ':' here needs a space after it, or quotes around the value"), None),
    (
        r"did not find expected alphabetic or numeric character|expected alphabetic or numeric character, but found .+",
        N_("an anchor (&) or alias (*) needs a name; put a value starting with & or * in quotes"),
        None,
    ),
    (
        r"did not find expected comment or line break|expected a comment or a line break, but found .+",
        N_("only a comment may follow here on this line"),
        None,
    ),
    (
        r"found an indentation indicator equal to 0|expected indentation indicator in the range 1-9, but found 0",
        N_("the indentation indicator after | or > must be 1 to 9"),
        None,
    ),
    (
        r"expected chomping or indentation indicators, but found .+",
        N_("after | or > only +, - or a digit from 1 to 9 may follow"),
        None,
    ),
    (
        r"did not find URI escaped octet|did not find expected tag URI"
        r"|found an incorrect (?:leading|trailing) UTF-8 octet"
        r"|did not find the expected '>'|did not find expected '!'|did not find expected whitespace or line break"
        r"|expected URI, but found .+|expected URI escape sequence of 2 hexadecimal numbers, but found .+"
        r"|expected '>', but found .+|expected '!', but found .+|expected ' ', but found .+",
        N_("this tag (a value starting with '!') is not written correctly; put the value in quotes if it is text"),
        None,
    ),
    (
        r"could not find expected directive name|found unexpected non-alphabetical character"
        r"|found unknown directive name"
        r"|did not find expected whitespace|did not find expected version number"
        r"|did not find expected digit or '\.' character|found extremely long version number"
        r"|found duplicate %YAML directive|found duplicate %TAG directive|found incompatible YAML document.*"
        r"|found duplicate YAML directive|duplicate tag handle .+"
        r"|expected a digit or ' ', but found .+|expected a digit or '\.', but found .+"
        r"|expected a digit, but found .+",
        N_("this line starting with '%' is not a valid YAML directive; put quotes around a value starting with %"),
        None,
    ),
    # -- parser
    (r"did not find expected key", N_("a key was expected here (check the indentation)"), None),
    (r"did not find expected '-' indicator", N_("a '- ' list entry was expected here"), None),
    (r"expected <block end>, but found (.+)", N_("the indentation does not line up (found {found})"), None),
    (r"expected the node content, but found (.+)", N_("a value was expected, but found {found}"), None),
    (r"did not find expected node content", N_("a value was expected here"), None),
    (
        r"did not find expected ',' or '\]'|expected ',' or '\]', but got .+",
        N_("a ',' or the closing ']' of this list is missing"),
        None,
    ),
    (
        r"did not find expected ',' or '\}'|expected ',' or '\}', but got .+",
        N_("a ',' or the closing brace of this mapping is missing"),
        None,
    ),
    (
        r"did not find expected <document start>|expected '<document start>', but found .+",
        N_("text after the end of the document: start a new one with '---' or remove it"),
        None,
    ),
    (
        r"found undefined tag handle (.+)|found undefined tag handle",
        N_("the tag {found} is not defined; put a value starting with '!' in quotes"),
        r"(![\w-]*!)",
    ),
    (
        r"found non-specific tag '!'",
        N_("the tag {found} is not defined; put a value starting with '!' in quotes"),
        r"(!)",
    ),
    (r"Maximum nesting level reached.*", N_("nested too deeply"), None),
    # -- composer
    (r"found undefined alias (.+)|found undefined alias", N_("the alias {found} is not defined"), r"\*([^\s,\[\]{}]+)"),
    (r"second occurrence", N_("this anchor name is already used above: give each anchor its own name"), None),
    (
        r"but found another document",
        N_("the file holds more than one document ('---'): keep one"),
        None,
    ),
    (r"found duplicate key", N_("a key appears twice in this mapping"), None),
    # -- constructor
    (r"found unhashable key", N_("a key must be plain text, not a list or mapping"), None),
    (
        r"could not determine a constructor for the tag (.+)",
        N_("unknown tag {found}; put the value in quotes if it is text"),
        None,
    ),
    (r"found unconstructable recursive node", N_("an alias refers to a value that contains it"), None),
    (
        r"expected a (?:scalar|sequence|mapping) node, but found (\w+)",
        N_("the tag does not fit the value here (found a {found})"),
        None,
    ),
    (
        r"expected a mapping (?:or list of mappings )?for merging, but found \w+",
        N_("a '<<' merge takes a mapping or a list of mappings"),
        None,
    ),
    (
        r"failed to (?:decode base64 data|convert base64 data into ascii).*",
        N_("the !!binary value is not valid base64"),
        None,
    ),
    (
        r"expected a sequence, but found \w+|expected a mapping of length 1, but found \w+"
        r"|expected a single mapping item, but found \d+ items",
        N_("an !!omap or !!pairs value must be a list of mappings of one key each"),
        None,
    ),
)
_COMPILED = tuple((re.compile(pattern), message, at) for pattern, message, at in _YAML_PROBLEMS)
# The kinds of node PyYAML names, as the reader calls them.
_NODE_KINDS = {"scalar": N_("single value"), "sequence": N_("list"), "mapping": N_("mapping")}


def yaml_problem(error: yaml.MarkedYAMLError, text: str) -> Phrase:
    """What PyYAML found wrong, as our message (PyYAML's own words if the catalog does not know them)."""
    if isinstance(error, _Refused):
        return error.message
    problem = (error.problem or str(error)).strip()
    for pattern, message, at in _COMPILED:
        found = pattern.fullmatch(problem)
        if found is None:
            continue
        if "{found}" not in message:
            return msg(message)
        shown = next((group for group in found.groups() if group), None)
        if shown is None and at is not None:
            shown = _at_mark(text, error.problem_mark, at)
        if shown in _NODE_KINDS:
            return msg(message, found=msg(_NODE_KINDS[shown]))
        return msg(message, found=shown or "?")
    return _as_is(problem)


def _at_mark(text: str, mark: Any, pattern: str) -> str | None:
    """What the text holds where PyYAML points (libyaml does not name it): a character, an alias."""
    lines = text.split("\n")
    if mark is None or not 0 <= mark.line < len(lines):
        return None
    found = re.compile(pattern).match(lines[mark.line], mark.column)
    return repr(found.group(1)) if found else None


def _reader_problem(error: yaml.reader.ReaderError) -> Phrase:
    """A character the YAML reader refuses: the control characters, which no text we show may carry."""
    if isinstance(error.character, int):
        return msg("control character U+{code:04X} in the text; remove it", code=error.character)
    return _as_is(str(error.reason))


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "..."


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


def locate_problems(problems: Sequence[Problem], sources: dict[str, str]) -> list[Problem]:
    """The problems with their line numbers (`file:line`), found by composing only the files at fault."""
    roots: dict[str, yaml.Node | None] = {}
    located = []
    for problem in problems:
        file = problem.where
        if file not in roots:
            text = sources.get(file)
            try:
                roots[file] = yaml.compose(text, Loader=_Loader) if text else None
            except yaml.YAMLError:
                roots[file] = None
        line = _line_of(roots[file], problem.path or ())
        located.append(problem._replace(where=f"{file}:{line}" if line else file, path=problem.path or ()))
    return located


def read_text(path: Path) -> str:
    """A regular file as text, within the input cap (a FIFO or device is reported, never read)."""
    from mlcareer.loading.inputs import read_file_text

    return read_file_text(path)
