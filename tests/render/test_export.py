"""Exports of a study plan: CommonMark with task lists, JSON, iCalendar; and writing files safely."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from icalendar import Calendar
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.tasklists import tasklists_plugin

from mlcareer.domain.model import KnowledgeBase, Text
from mlcareer.domain.planner import StudyPlan, build_plan
from mlcareer.errors import MlcareerError
from mlcareer.i18n import Lang
from mlcareer.render import export
from mlcareer.storage import atomic

START = dt.date(2026, 4, 1)
STAMP = dt.datetime(2026, 3, 31, 9, 30, tzinfo=dt.UTC)


def make_plan(kb: KnowledgeBase, done: frozenset[str] = frozenset(), start: dt.date = START) -> StudyPlan:
    return build_plan(kb, "mlops", "mid", ("sql", "git"), done, 10, start)


def rename_module(kb: KnowledgeBase, module_id: str, name: Text) -> KnowledgeBase:
    phases = tuple(
        p._replace(modules=tuple(m._replace(name=name) if m.id == module_id else m for m in p.modules))
        for p in kb.phases
    )
    return kb._replace(phases=phases)


def parse_md(text: str) -> list[Token]:
    return MarkdownIt("commonmark").use(tasklists_plugin).parse(text)


def task_items(tokens: list[Token]) -> list[tuple[bool, str]]:
    """(checked, text) for each task-list item, as the plugin sees it."""
    items = []
    for index, token in enumerate(tokens):
        if token.type == "list_item_open" and "task-list-item" in str(token.attrGet("class") or ""):
            inline = next(t for t in tokens[index:] if t.type == "inline")
            checkbox = inline.children[0] if inline.children else None
            assert checkbox is not None and checkbox.type == "html_inline"
            items.append(('checked="checked"' in checkbox.content, inline.content))
    return items


# -- Markdown ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_markdown_is_commonmark_with_a_task_per_module(kb: KnowledgeBase, lang: Lang) -> None:
    plan = make_plan(kb, done=frozenset({"python_basics"}))
    text = export.plan_markdown(kb, plan, lang)
    tokens = parse_md(text)
    headings = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]
    # Before applying, then after you are hired (no warnings for this plan).
    assert [tag for tag, _ in headings] == ["h1", "h2", "h2"]
    assert headings[1][1] == ("応募までに学ぶこと" if lang == "ja" else "Before applying")
    assert headings[2][1] == ("採用後に伸ばすこと" if lang == "ja" else "After you are hired")
    ready = plan.ready_to_apply
    assert ready.module is not None and f"{ready.date:%Y-%m-%d}" in text.split("\n## ")[0]
    items = task_items(tokens)
    assert len(items) == len(plan.modules)
    checked = {m.id for m in plan.modules if m.is_done}
    assert checked == {"python_basics", "sql_git_basics", "visualization_basics"}  # mid: visualization is known
    for (is_checked, content), module in zip(items, plan.modules, strict=True):
        assert is_checked == module.is_done
        assert f"`{module.id}`" in content and str(module.hours) in content
        if module.start is not None and module.end is not None:
            assert f"{module.start:%Y-%m-%d}" in content and f"{module.end:%Y-%m-%d}" in content
    html = MarkdownIt("commonmark").use(tasklists_plugin).render(text)
    assert html.count('type="checkbox"') == len(plan.modules)
    assert kb.source.figures_as_of in text and "2025-06-27" in text
    assert ("週10時間" if lang == "ja" else "10 h/week") in text


def test_markdown_escapes_what_would_be_markup(kb: KnowledgeBase) -> None:
    odd = Text("*強調* <b>タグ</b> [リンク](x)", "*not emphasis* <b>not html</b> [not a link](x) a_b_c & co")
    plan = make_plan(rename_module(kb, "python_basics", odd))
    html = MarkdownIt("commonmark").use(tasklists_plugin).render(export.plan_markdown(kb, plan, "en"))
    assert "*not emphasis* &lt;b&gt;not html&lt;/b&gt; [not a link](x) a_b_c &amp; co" in html
    assert html.count("<em>") == 1  # the source note, and nothing from the title
    assert "<a " not in html and "<b>" not in html
    ja = MarkdownIt("commonmark").use(tasklists_plugin).render(export.plan_markdown(kb, plan, "ja"))
    assert "*強調* &lt;b&gt;タグ&lt;/b&gt; [リンク](x)" in ja


# -- JSON ----------------------------------------------------------------------------------------


def test_json_has_phases_of_modules_with_the_contract(kb: KnowledgeBase) -> None:
    plan = make_plan(kb, done=frozenset({"ml_basics"}))
    data = json.loads(json.dumps(export.plan_json(kb, plan, "en"), ensure_ascii=False))
    assert data["specialization"] == {"id": "mlops", "name": kb.specializations["mlops"].name.en}
    assert data["level"]["id"] == "mid" and data["weekly_hours"] == 10
    assert [p["number"] for p in data["phases"]] == [1, 2, 3]
    modules = [m for p in data["phases"] for m in p["modules"]]
    assert [m["id"] for m in modules] == [m.id for m in plan.modules]
    for item in modules:
        assert {"id", "title", "skills", "hours", "start", "end", "status"} <= item.keys()
        assert item["status"] in ("done", "open")
        assert (item["start"] is None) == (item["status"] == "done")
    by_id = {m["id"]: m for m in modules}
    assert by_id["ml_basics"]["status"] == "done" and by_id["ml_basics"]["done_by"] == "progress"
    assert by_id["sql_git_basics"]["done_by"] == "skills"
    first_open = plan.open_modules[0]
    assert by_id[first_open.id]["start"] == "2026-04-01"
    assert data["hours"] == {"total": plan.hours, "done": plan.done_hours, "open": plan.open_hours}
    assert data["phases"][0]["milestone"]["date"] == data["phases"][0]["end"]
    assert data["phases"][0]["project"]["id"] == "first_ml_pipeline"  # the MLOps field's own (field_projects)
    assert data["source"]["figures_as_of"] == "2025-06"
    assert export.plan_json(kb, plan, "ja")["phases"][0]["title"] == "基礎習得"


# -- iCalendar -----------------------------------------------------------------------------------


def module_events(data: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(data)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    return {uid: e for uid, e in events.items() if "-milestone@" not in uid and not uid.startswith("ready-")}


def test_ics_has_one_event_per_open_module(kb: KnowledgeBase) -> None:
    plan = make_plan(kb, done=frozenset({"python_basics"}))
    data = export.plan_ical(kb, plan, "en", STAMP)
    cal = Calendar.from_ical(data)
    assert str(cal["version"]) == "2.0" and "mlcareer" in str(cal["prodid"])
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    modules = {
        uid: e for uid, e in events.items() if not uid.endswith("-milestone@mlcareer") and not uid.startswith("ready-")
    }
    ready = events["ready-to-apply@mlcareer"]
    assert ready.decoded("dtstart") == plan.ready_to_apply.date and "Ready to apply" in str(ready["summary"])
    assert set(modules) == {f"{m.id}@mlcareer" for m in plan.open_modules}
    assert "python_basics@mlcareer" not in modules and "sql_git_basics@mlcareer" not in modules
    for module in plan.open_modules:
        event = modules[f"{module.id}@mlcareer"]
        assert event.decoded("dtstart") == module.start
        assert module.end is not None
        assert event.decoded("dtend") == module.end + dt.timedelta(days=1)  # exclusive end
        assert str(event["summary"]).startswith(module.title.en)
        assert event.decoded("dtstamp") == STAMP
    milestones = {uid for uid in events if uid.endswith("-milestone@mlcareer")}
    assert milestones == {"phase1-milestone@mlcareer", "phase2-milestone@mlcareer", "phase3-milestone@mlcareer"}
    # Every content line folded to at most 75 octets, CRLF line ends (RFC 5545 §3.1).
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_ics_uids_are_stable_across_exports(kb: KnowledgeBase) -> None:
    first = module_events(export.plan_ical(kb, make_plan(kb), "en", STAMP))
    later = module_events(
        export.plan_ical(kb, make_plan(kb, start=dt.date(2026, 9, 1)), "ja", STAMP + dt.timedelta(days=30))
    )
    assert set(first) == set(later) and first
    ticked = module_events(export.plan_ical(kb, make_plan(kb, done=frozenset({"ml_basics"})), "en", STAMP))
    assert set(first) - set(ticked) == {"ml_basics@mlcareer"}


def test_ics_in_japanese_keeps_utf8_intact(kb: KnowledgeBase) -> None:
    plan = make_plan(kb)
    data = export.plan_ical(kb, plan, "ja", STAMP)
    data.decode("utf-8")  # folding never splits a character
    events = module_events(data)
    maths = next(m for m in plan.modules if m.id == "math_stats_foundations")
    assert str(events["math_stats_foundations@mlcareer"]["summary"]) == f"数学・統計の基礎（{maths.hours}時間）"


# -- writing files -------------------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_atomic_creates_then_refuses_then_forces(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    atomic.write_atomic(target, b"first\n")
    assert target.read_bytes() == b"first\n"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # an ordinary file, not mkstemp's private one
    before = target.stat()
    with pytest.raises(MlcareerError, match="--force") as caught:
        atomic.write_atomic(target, b"second\n")
    assert caught.value.exit_code == 1
    assert target.read_bytes() == b"first\n" and target.stat().st_mtime_ns == before.st_mtime_ns
    atomic.write_atomic(target, b"second\n", force=True)
    assert target.read_bytes() == b"second\n"
    assert target.stat().st_ino != before.st_ino  # replaced by a rename, not rewritten in place
    assert leftovers(tmp_path) == []


def test_a_failed_replace_leaves_the_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.ics"
    target.write_bytes(b"old")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(MlcareerError, match="No space left"):
        atomic.write_atomic(target, b"new", force=True)
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_write_atomic_reports_a_folder_or_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(MlcareerError, match="folder"):
        atomic.write_atomic(tmp_path, b"x")
    with pytest.raises(MlcareerError, match="does not exist"):
        atomic.write_atomic(tmp_path / "nope" / "plan.md", b"x")


def test_format_from_the_file_name() -> None:
    assert export.format_for(Path("a/plan.MD")) == "md"
    assert export.format_for(Path("plan.ics")) == "ics"
    assert export.format_for(Path("plan.json")) == "json"
    assert export.format_for(Path("plan.txt")) is None


def test_ics_of_a_finished_plan_is_refused_not_empty(kb: KnowledgeBase) -> None:
    plan = make_plan(kb)
    finished = make_plan(kb, done=frozenset(m.id for m in plan.modules))
    with pytest.raises(MlcareerError, match="nothing left"):
        export.plan_ical(kb, finished, "en", STAMP)
