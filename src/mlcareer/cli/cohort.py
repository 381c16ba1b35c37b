"""Assessing a cohort: one JSON line per good record and the problems of each bad one, in record order.

A bootcamp or career centre runs thousands of people at once, so a large cohort is shared among the
machine's cores: workers started by fork inherit the loaded knowledge, take chunks of records and
hand back finished lines. JSON Lines records travel as the bytes read (`JsonLine`): the workers parse,
validate, advise and encode, and this process only reads and writes bytes. Only a bounded number of
chunks is in flight, so a JSON Lines file of any size streams in constant memory. Small cohorts, and
platforms without fork, run in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import Any

from mlcareer.errors import MlcareerError
from mlcareer.i18n import Lang

CHUNK = 100  # records per task: passing them between processes costs little, and the cores finish together
PARALLEL_FROM = 500  # a cohort smaller than this runs in-process: it never starts workers
IN_FLIGHT_PER_WORKER = 3

Outcome = tuple[int, bytes | None, list[str]]  # record number, its JSON line (UTF-8, with "\n") or None, its problems


class _Job:
    """What every record needs, set once per process (inherited by the workers through fork)."""

    def __init__(self, kb: Any, quiz: Any, rules: Any, where: str, lang: Lang) -> None:
        self.kb, self.quiz, self.rules = kb, quiz, rules
        self.where, self.lang = where, lang

    def run(self, number: int, record: Any) -> Outcome:
        from mlcareer.domain.advisor import advise
        from mlcareer.loading.answers import JsonLine, is_bad_record, parse_answers, parse_json_line
        from mlcareer.render.jsondata import assessment_line

        try:
            if isinstance(record, JsonLine):
                record = parse_json_line(record, self.where)
            problem = is_bad_record(record)
            if problem:  # a record that did not parse: its problem says it all
                raise MlcareerError("", problems=[problem])
            # The problems name the file; the caller puts the record's number before each line.
            parsed = parse_answers(self.kb, self.quiz, record, self.where)
            line = assessment_line(self.kb, advise(self.kb, self.rules, parsed), self.lang, number)
        except MlcareerError as error:
            from mlcareer.render.problems import error_text, problem_lines

            return number, None, problem_lines(error, self.lang) or [error_text(error, self.lang)]
        return number, line, []


_job: _Job | None = None


class _Turn:
    """Whose chunk may write next, shared by the workers: chunks reach the output in the order read."""

    def __init__(self, context: Any, fd: int) -> None:
        self.fd = fd
        self.next = context.RawValue("q", 0)
        self.changed = context.Condition()


_turn: _Turn | None = None  # set before the workers were forked, when they write the lines themselves


def _run_chunk(chunk: list[tuple[int, Any]], seq: int = -1) -> tuple[list[Outcome], tuple[int, str] | None]:
    """The chunk's outcomes. When the workers write (seq >= 0), its lines go to the output in turn and
    the outcomes carry b"" instead; a failed write comes back as (errno, message)."""
    assert _job is not None  # set before the workers were forked
    if seq < 0 or _turn is None:
        return [_job.run(number, record) for number, record in chunk], None
    data = b""
    try:
        outcomes = [_job.run(number, record) for number, record in chunk]
        data = b"".join(line for _, line, _ in outcomes if line)
    finally:  # even after a bug, pass the turn on: the chunks after this one must not wait forever
        failed = _write_in_turn(_turn, seq, data)
    return [(number, None if line is None else b"", problems) for number, line, problems in outcomes], failed


def _write_in_turn(turn: _Turn, seq: int, data: bytes) -> tuple[int, str] | None:
    with turn.changed:
        turn.changed.wait_for(lambda: turn.next.value == seq)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(turn.fd, view) :]
        except OSError as error:
            return error.errno or 0, error.strerror or str(error)
        finally:  # the next chunk's turn, whatever happened to this one
            turn.next.value = seq + 1
            turn.changed.notify_all()
    return None


def _ignore_interrupts() -> None:
    # Ctrl-C is the parent's to handle: it stops the workers without a traceback from each of them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _workers() -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    return max(1, cores)


def assess_cohort(
    kb: Any,
    quiz: Any,
    rules: Any,
    records: Iterable[Any],
    *,
    where: str,
    lang: Lang,
    out_fd: int | None = None,
) -> Iterator[Outcome]:
    """Each record's outcome, in order: its number, its line, its problems (naming `where`, not the
    record, whose number the caller puts before them).

    `out_fd`: where the lines go. When the cohort runs on several cores the workers write them there
    themselves, in order, and the outcomes of those records carry b"" (whatever the caller buffered
    must be written before). Without it, every outcome carries its line."""
    global _job
    _job = _Job(kb, quiz, rules, where, lang)
    numbered = enumerate(records, 1)
    # Reading ahead is cheap (JSON Lines records are still bytes) and tells a small cohort, which runs
    # here and never starts workers, from a large one, which goes to every core from its first record.
    head: list[tuple[int, Any]] = []
    unreadable: MlcareerError | None = None
    try:
        head.extend(islice(numbered, PARALLEL_FROM))
    except MlcareerError as error:  # a record that cannot be read: the ones before it still print
        unreadable = error
    workers = _workers()
    if unreadable is None and len(head) == PARALLEL_FROM and workers >= 2:
        yield from _in_parallel(chain(head, numbered), workers, out_fd)
        return
    for number, record in head:
        yield _job.run(number, record)
    if unreadable is not None:
        raise unreadable
    for number, record in numbered:
        yield _job.run(number, record)


def _in_parallel(rest: Iterator[tuple[int, Any]], workers: int, out_fd: int | None) -> Iterator[Outcome]:
    global _turn
    context = multiprocessing.get_context("fork")
    # With a file descriptor to write to, the workers write their lines themselves, in turn: a cohort's
    # output runs to gigabytes, and passing it back through this process cost a tenth of the run.
    _turn = None if out_fd is None else _Turn(context, out_fd)
    # What the workers inherit (the knowledge, the modules) lives as long as the run: frozen, the
    # collector never walks it again in the workers, nor writes to (and so copies) its pages.
    gc.freeze()
    pool = context.Pool(workers, initializer=_ignore_interrupts)
    unreadable: MlcareerError | None = None
    seq = 0

    def results(task: Any) -> list[Outcome]:
        outcomes, failed = task.get()
        if failed is not None:  # e.g. a full disk or a closed pipe: said as if this process had written
            raise OSError(*failed)
        return outcomes  # type: ignore[no-any-return]

    try:
        pending: deque[Any] = deque()
        while unreadable is None:
            chunk: list[tuple[int, Any]] = []
            try:
                chunk.extend(islice(rest, CHUNK))
            except MlcareerError as error:  # a record that cannot be read: the ones before it still print
                unreadable = error
            if not chunk:
                break
            pending.append(pool.apply_async(_run_chunk, (chunk, seq if _turn is not None else -1)))
            seq += 1
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from results(pending.popleft())
        while pending:
            yield from results(pending.popleft())
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        _turn = None
    if unreadable is not None:
        raise unreadable
