"""A start-up cache of the validated knowledge base, stored as plain data.

Parsing and validating every YAML file costs about 30 ms on each run; reading the cache back costs
a few. The cache is JSON, so reading it can never run code, and it is rebuilt into the records field
by field, checking every type on the way: anything unexpected means "rebuild", never a crash and
never a record of the wrong shape. It is keyed by a hash of the knowledge files' contents, the
version and the record layout, so any edit (even one that keeps size and modification time, as
`cp -p` does) rebuilds it. It lives in a 0700 folder as a 0600 file and is only read back if it is
a regular file of ours that no one else can write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import types
import typing
from collections.abc import Callable

try:  # the same hash without loading OpenSSL's bindings, which cost a lookup 2 ms
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b
from pathlib import Path
from typing import Any

from mlcareer import __version__
from mlcareer.domain.message import Join, Money, MoneyRange, Msg
from mlcareer.domain.model import KnowledgeBase, Text
from mlcareer.errors import MlcareerError
from mlcareer.loading.datafiles import KNOWLEDGE_INPUTS, KNOWLEDGE_LIMIT, knowledge_sources
from mlcareer.storage.privatefs import make_private_folder, read_trusted

CACHE_NAME = "knowledge.json"
FORMAT = "mlcareer-knowledge-cache/1"


def cached_knowledge(data_dir: Path | None, *, cache_dir: Path | None) -> KnowledgeBase:
    """The knowledge base of `data_dir` (None: the built-in files), from the cache in `cache_dir`
    when it matches the files, else loaded and cached there. `cache_dir` None: no cache, the files
    are loaded. The caller (the CLI) chooses the folder; nothing here reads the environment."""
    if cache_dir is None:
        return _load(data_dir)
    files = knowledge_sources(data_dir)
    codec = _codec()
    key = cache_key(files, codec.schema) if codec is not None else None
    target = cache_dir / CACHE_NAME
    if key is not None and codec is not None:
        kb = _read(target, key, codec)
        if kb is not None:
            return kb
    kb = _load(data_dir)
    if key is not None and codec is not None:
        _store(target, key + "\n" + json.dumps(codec.encode(kb), ensure_ascii=False, separators=(",", ":")))
    return kb


def _load(data_dir: Path | None) -> KnowledgeBase:
    from mlcareer.loading.knowledge import load_knowledge  # parsing YAML: only when the cache misses

    return load_knowledge(data_dir)


def cache_key(files: dict[str, Path], schema: str) -> str | None:
    """A hash of what the cache depends on; None when a knowledge file cannot be read as a regular
    file within the knowledge files' cap (the loader then says which and why)."""
    digest = blake2b(digest_size=20)
    for part in (FORMAT, __version__, schema):
        digest.update(part.encode() + b"\0")
    for name in KNOWLEDGE_INPUTS:
        content = _read_knowledge_file(files[name])
        if content is None:
            return None
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def _read_knowledge_file(path: Path) -> bytes | None:
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None  # a FIFO or device: never read, the loader reports it
        with os.fdopen(os.dup(fd), "rb") as handle:
            content = handle.read(KNOWLEDGE_LIMIT + 1)
        return content if len(content) <= KNOWLEDGE_LIMIT else None  # too large: the loader says so
    except OSError:
        return None
    finally:
        os.close(fd)


def _read(target: Path, key: str, codec: _Codec) -> KnowledgeBase | None:
    raw = read_trusted(target)
    if raw is None:
        return None
    stored_key, _, payload = raw.partition(b"\n")
    if stored_key != key.encode():
        return None
    try:
        kb = codec.decode(json.loads(payload))
    except (_Unexpected, ValueError, RecursionError):  # ValueError: not JSON, or not UTF-8
        return None
    return kb if isinstance(kb, KnowledgeBase) else None


def _store(target: Path, text: str) -> bool:
    """Write the cache atomically and privately; False when it cannot be written (a read-only home
    is fine: the next run parses the YAML again), and never a temporary file left behind."""
    from mlcareer.storage.atomic import write_atomic

    try:
        make_private_folder(target.parent)
        write_atomic(target, text.encode("utf-8"), private=True)
    except (OSError, MlcareerError):
        return False
    with contextlib.suppress(OSError):
        (target.parent / "knowledge.pickle").unlink()  # the old format: never read again
    return True


# The records as JSON and back. Encoding is generic; decoding is built once per run from the
# records' type hints, so a field added to the model is cached without changes here, and the
# hints themselves (the schema) are part of the key.


class _Unexpected(Exception):
    """The cache does not hold what the records need."""


Decoder = Callable[[Any], Any]


class _Codec(typing.NamedTuple):
    decode: Decoder
    schema: str

    @staticmethod
    def encode(value: Any) -> Any:
        return _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, Msg):
        return _plain_message(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return [_plain(item) for item in value]
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, frozenset | set):
        return sorted(_plain(item) for item in value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# A message (a derived salary's basis) holds values of several kinds, so each is tagged with its kind.
def _plain_message(message: Msg) -> dict[str, Any]:
    args = [[name, _plain_arg(value)] for name, value in message.args]
    return {"msg": [message.id, args, message.plural, message.number]}


def _plain_arg(value: Any) -> Any:
    if isinstance(value, Msg):
        return _plain_message(value)
    if isinstance(value, Text):
        return {"text": [value.ja, value.en]}
    if isinstance(value, Join):
        return {"join": [[_plain_arg(item) for item in value.items], value.kind]}
    if isinstance(value, Money):
        return {"money": [value.amount, value.signed]}
    if isinstance(value, MoneyRange):
        return {"range": [value.min, value.max, value.open_ended]}
    return value  # str, int, float


def _message(value: Any) -> Msg:
    if type(value) is not dict or list(value) != ["msg"] or type(value["msg"]) is not list or len(value["msg"]) != 4:
        raise _Unexpected
    ident, args, plural, number = value["msg"]
    if type(ident) is not str or type(args) is not list or type(plural) is not str or type(number) is not int:
        raise _Unexpected
    if not all(type(pair) is list and len(pair) == 2 and type(pair[0]) is str for pair in args):
        raise _Unexpected
    return Msg(ident, tuple((name, _arg(item)) for name, item in args), plural, number)


def _arg(value: Any) -> Any:
    if type(value) in (str, int, float):
        return value
    if type(value) is not dict or len(value) != 1:
        raise _Unexpected
    (kind, parts), *_rest = value.items()
    if kind == "msg":
        return _message(value)
    if type(parts) is not list:
        raise _Unexpected
    if kind == "text" and len(parts) == 2 and all(type(part) is str for part in parts):
        return Text(*parts)
    if kind == "join" and len(parts) == 2 and type(parts[0]) is list and parts[1] in typing.get_args(_JOIN_KINDS):
        return Join(tuple(_arg(item) for item in parts[0]), parts[1])
    if kind == "money" and len(parts) == 2 and type(parts[0]) is int and type(parts[1]) is bool:
        return Money(*parts)
    if kind == "range" and len(parts) == 3 and all(type(part) in (int, type(None)) for part in parts[:2]):
        return MoneyRange(parts[0], parts[1], parts[2]) if type(parts[2]) is bool else _unexpected()
    raise _Unexpected


def _unexpected() -> Any:
    raise _Unexpected


_JOIN_KINDS = typing.get_type_hints(Join)["kind"]
# What the records' "Phrase" annotation stands for (a string alias in domain.message).
_ALIASES = {"Phrase": Text | Msg}

_codec_memo: list[_Codec | None] = []


def _codec() -> _Codec | None:
    """The decoder for KnowledgeBase, or None if the model uses a type this cache cannot rebuild
    (then every run parses the YAML: slower, never wrong; a test keeps this from happening)."""
    if not _codec_memo:
        schema: list[str] = []
        try:
            decode = _decoder(KnowledgeBase, schema, {})
        except (TypeError, NameError):
            _codec_memo.append(None)
        else:
            _codec_memo.append(_Codec(decode, ";".join(schema)))
    return _codec_memo[0]


def _decoder(tp: Any, schema: list[str], seen: dict[Any, Decoder]) -> Decoder:
    if tp in seen:
        return seen[tp]
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    decoder: Decoder
    if tp is Msg:
        decoder = _message
    elif isinstance(tp, type) and issubclass(tp, tuple) and hasattr(tp, "_fields"):
        decoder = _record_decoder(tp, schema, seen)
    elif tp in (str, bool):
        decoder = _exact(tp)
    elif tp is int:
        decoder = _exact(int)
    elif tp is float:
        decoder = _number
    elif tp is type(None):
        decoder = _exact(type(None))
    elif tp is dt.date:
        decoder = _date
    elif origin in (types.UnionType, typing.Union):
        decoder = _union([_decoder(arg, schema, seen) for arg in args], type(None) in args)
    elif origin is typing.Literal:
        decoder = _literal(args)
    elif origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        decoder = _sequence(tuple, _decoder(args[0], schema, seen))
    elif origin is tuple:
        decoder = _fixed_tuple([_decoder(arg, schema, seen) for arg in args])
    elif origin is frozenset:
        decoder = _sequence(frozenset, _decoder(args[0], schema, seen))
    elif origin is dict and args[0] is str:
        decoder = _mapping(_decoder(args[1], schema, seen))
    else:
        raise TypeError(f"the knowledge cache cannot rebuild {tp!r}")
    seen[tp] = decoder
    return decoder


def _record_decoder(cls: type[Any], schema: list[str], seen: dict[Any, Decoder]) -> Decoder:
    hints = typing.get_type_hints(cls, localns=_ALIASES)
    fields: tuple[str, ...] = cls._fields
    schema.append(f"{cls.__name__}({','.join(f'{name}:{hints[name]!r}' for name in fields)})")
    parts = [_decoder(hints[name], schema, seen) for name in fields]
    count = len(parts)

    new = tuple.__new__  # what NamedTuple._make uses, without its length check (done here)
    kinds = [_PLAIN_KINDS.get(part) for part in parts]
    if None not in kinds:  # Text and other records of plain values only: one check per field

        def decode_plain(value: Any) -> Any:
            if type(value) is not list or len(value) != count:
                raise _Unexpected
            for kind, item in zip(kinds, value, strict=True):
                if type(item) is not kind:
                    raise _Unexpected
            return new(cls, value)

        return decode_plain

    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != count:
            raise _Unexpected
        return new(cls, [part(item) for part, item in zip(parts, value, strict=True)])

    return decode


# Decoders that return their input unchanged once its type is right, by the type they accept:
# a list of such values is checked in one pass instead of one call per item.
_PLAIN_KINDS: dict[Decoder, type] = {}


def _exact(kind: type) -> Decoder:
    def decode(value: Any) -> Any:
        if type(value) is not kind:
            raise _Unexpected
        return value

    _PLAIN_KINDS[decode] = kind
    return decode


def _number(value: Any) -> Any:
    if type(value) not in (int, float):
        raise _Unexpected
    return value


def _date(value: Any) -> dt.date:
    if type(value) is not str:
        raise _Unexpected
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _Unexpected from None


def _union(options: list[Decoder], optional: bool) -> Decoder:
    def decode(value: Any) -> Any:
        if optional and value is None:
            return None
        for option in options:
            try:
                return option(value)
            except _Unexpected:
                continue
        raise _Unexpected

    return decode


def _literal(allowed: tuple[Any, ...]) -> Decoder:
    def decode(value: Any) -> Any:
        if value not in allowed or type(value) not in {type(a) for a in allowed}:
            raise _Unexpected
        return value

    return decode


def _sequence(build: Callable[[Any], Any], item: Decoder) -> Decoder:
    kind = _PLAIN_KINDS.get(item)
    if kind is not None:

        def decode_plain(value: Any) -> Any:
            if type(value) is not list or not all(type(element) is kind for element in value):
                raise _Unexpected
            return build(value)

        return decode_plain

    def decode(value: Any) -> Any:
        if type(value) is not list:
            raise _Unexpected
        return build([item(element) for element in value])

    return decode


def _fixed_tuple(items: list[Decoder]) -> Decoder:
    count = len(items)

    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != count:
            raise _Unexpected
        return tuple(part(element) for part, element in zip(items, value, strict=True))

    return decode


def _mapping(item: Decoder) -> Decoder:
    def decode(value: Any) -> Any:
        if type(value) is not dict:
            raise _Unexpected
        return {key: item(element) for key, element in value.items()}

    return decode
