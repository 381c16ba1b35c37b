"""The study planner: which modules, in which order, on which dates, and progress against them."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from knowledge_base import builtin_kb

from mlcareer.domain.gaps import satisfied
from mlcareer.domain.model import KnowledgeBase
from mlcareer.domain.planner import (
    StudyPlan,
    build_plan,
    check_weekly_hours,
    entry_skills,
    inputs_from_saved,
    module_prerequisites,
    plan_modules,
    reflow,
    track_progress,
    with_ticks,
)
from mlcareer.domain.skillgraph import held_skills
from mlcareer.errors import EXIT_USAGE, MlcareerError
from mlcareer.render.export import phase_end_text

START = dt.date(2026, 1, 5)


def plan_for(
    kb: KnowledgeBase,
    spec: str = "mlops",
    skills: tuple[str, ...] = (),
    done: frozenset[str] = frozenset(),
    hours: float = 10,
    start: dt.date = START,
) -> StudyPlan:
    return build_plan(kb, spec, None, skills, done, hours, start)


def assert_prerequisites_first(kb: KnowledgeBase, plan: StudyPlan) -> None:
    modules = plan.modules
    position = {m.id: i for i, m in enumerate(modules)}
    needs = module_prerequisites(kb, [kb.modules[m.id] for m in modules])
    for module in modules:
        for dep in needs[module.id]:
            assert position[dep] < position[module.id], f"{dep} must come before {module.id}"
    phases = [m.phase for m in modules]
    assert phases == sorted(phases), "phases must come in order"
    for phase in plan.phases:
        assert all(m.phase == phase.number for m in phase.modules)
    # Dated modules follow one another without gaps or going back in time.
    open_modules = plan.open_modules
    for before, after in itertools.pairwise(open_modules):
        assert before.end is not None and after.start is not None
        assert before.end <= after.start <= before.end + dt.timedelta(days=1)


# -- which modules ----------------------------------------------------------------------------


def test_a_plan_has_the_modules_for_everyone_and_for_the_field(kb: KnowledgeBase) -> None:
    ids = {m.id for m in plan_modules(kb, "mlops")}
    assert {"python_basics", "ml_basics", "mlops_production", "cloud_ml_platforms", "realtime_ml"} <= ids
    assert not ids & {"llm_prompting", "rag_systems", "vision_3d", "boosting_models"}
    genai = {m.id for m in plan_modules(kb, "genai_llm")}
    assert {"llm_prompting", "rag_systems", "llm_agents"} <= genai and "cloud_ml_platforms" not in genai


def test_a_module_teaching_a_prerequisite_is_pulled_in(kb: KnowledgeBase) -> None:
    # Make a genai-only skill build on Spark, which only the mlops / data science plans teach.
    skills = {**kb.skills, "rag": kb.skills["rag"]._replace(prerequisites=(*kb.skills["rag"].prerequisites, "spark"))}
    edited = kb._replace(skills=skills)
    ids = [m.id for m in plan_for(edited, "genai_llm").modules]
    assert "large_scale_data" in ids
    assert ids.index("large_scale_data") < ids.index("rag_systems")


def test_known_modules_are_marked_done_not_dropped(kb: KnowledgeBase) -> None:
    everything = {m.id for m in plan_modules(kb, "mlops")}
    plan = plan_for(kb, skills=("sql", "git", "pandas"))
    assert {m.id for m in plan.modules} == everything
    sql = next(m for m in plan.modules if m.id == "sql_git_basics")
    assert sql.status == "done" and sql.done_by == "skills" and sql.start is None and sql.end is None
    # pandas implies python (a prerequisite), but python_basics also needs data preprocessing.
    python = next(m for m in plan.modules if m.id == "python_basics")
    assert python.status == "open"
    assert plan.done_hours == kb.modules["sql_git_basics"].hours


def test_ticked_modules_are_done_by_progress(kb: KnowledgeBase) -> None:
    plan = plan_for(kb, done=frozenset({"python_basics", "no_such_module"}))
    python = next(m for m in plan.modules if m.id == "python_basics")
    assert (python.status, python.done_by) == ("done", "progress")
    assert plan.open_modules[0].start == START


def test_a_ticked_module_counts_the_hours_the_plan_showed_for_it(kb: KnowledgeBase) -> None:
    plan = plan_for(kb, skills=("python", "numpy"))
    shown = next(m for m in plan.modules if m.id == "python_basics")
    assert shown.hours < kb.modules["python_basics"].hours  # half of it already known
    ticked = with_ticks(kb, plan, {"python_basics": START})
    python = next(m for m in ticked.modules if m.id == "python_basics")
    assert (python.done_by, python.hours) == ("progress", shown.hours)
    assert ticked.hours == plan.hours and ticked.open_hours == plan.open_hours - shown.hours
    progress = track_progress(kb, plan, {"python_basics": START}, START + dt.timedelta(days=1))
    assert progress.ticked_hours == shown.hours
    # A module nothing of which was known still counts in full.
    whole = with_ticks(kb, plan, {"ml_basics": START})
    assert next(m for m in whole.modules if m.id == "ml_basics").hours == kb.modules["ml_basics"].hours


# -- order --------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["genai_llm", "mlops", "computer_vision", "data_scientist"])
def test_every_prerequisite_comes_first_for_a_beginner(kb: KnowledgeBase, spec: str) -> None:
    plan = plan_for(kb, spec)
    assert_prerequisites_first(kb, plan)
    ids = [m.id for m in plan.modules]
    assert ids.index("python_basics") < ids.index("ml_basics") < ids.index("pytorch_basics")
    assert ids.index("mlops_production") > ids.index("ml_basics")


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_ordering_respects_prerequisites_for_any_held_skills(data: st.DataObject) -> None:
    kb = builtin_kb()
    spec = data.draw(st.sampled_from(sorted(kb.specializations)), label="specialization")
    held = data.draw(st.sets(st.sampled_from(sorted(kb.skills))), label="held")
    ticked = data.draw(st.sets(st.sampled_from(sorted(kb.modules))), label="ticked")
    hours = data.draw(st.sampled_from([1, 3.5, 10, 12, 40, 168]), label="hours")
    plan = plan_for(kb, spec, tuple(sorted(held)), frozenset(ticked), hours)
    assert_prerequisites_first(kb, plan)
    known = held_skills(kb, held).all
    for module in plan.modules:
        # Known, or an alternative of a choice-group member that is held (one cloud platform is enough).
        should_be_done = all(satisfied(kb, s, known) for s in module.skills) or module.id in ticked
        assert module.is_done == should_be_done
        assert (module.start is None) == module.is_done


def test_the_order_does_not_depend_on_how_skills_are_listed(kb: KnowledgeBase) -> None:
    one = plan_for(kb, "computer_vision", ("python", "numpy", "sql", "git"))
    two = plan_for(kb, "computer_vision", ("git", "sql", "numpy", "python", "git"))
    assert one.phases == two.phases
    assert one == plan_for(kb, "computer_vision", ("python", "numpy", "sql", "git"))


def test_ties_are_broken_by_importance_for_the_field(kb: KnowledgeBase) -> None:
    # Both only need the foundations; a data scientist gets boosting first, before BI dashboards.
    ids = [m.id for m in plan_for(kb, "data_scientist").modules]
    assert ids.index("boosting_models") < ids.index("statistical_computing")
    # Plotly and Tableau are alternatives to the Seaborn of the visualization basics: no module of their own.
    assert "bi_visualization" not in ids


def test_a_prerequisite_in_a_later_phase_moves_the_module_there(kb: KnowledgeBase) -> None:
    skills = {**kb.skills, "sql": kb.skills["sql"]._replace(prerequisites=("pytorch",))}
    edited = kb._replace(skills=skills)
    plan = plan_for(edited, "mlops")
    sql = next(m for m in plan.modules if m.id == "sql_git_basics")
    assert (sql.guide_phase, sql.phase) == (1, 2)
    assert sql in plan.phases[1].modules
    assert_prerequisites_first(edited, plan)


def test_a_cycle_between_modules_still_gives_every_module_once(kb: KnowledgeBase) -> None:
    # sql builds on PyTorch, and a PyTorch skill builds on git: the two modules need each other.
    skills = {
        **kb.skills,
        "sql": kb.skills["sql"]._replace(prerequisites=("pytorch",)),
        "dl_training_techniques": kb.skills["dl_training_techniques"]._replace(
            prerequisites=(*kb.skills["dl_training_techniques"].prerequisites, "git")
        ),
    }
    edited = kb._replace(skills=skills)
    plan = plan_for(edited, "mlops")
    ids = [m.id for m in plan.modules]
    assert sorted(ids) == sorted(m.id for m in plan_modules(kb, "mlops"))
    assert plan == plan_for(edited, "mlops")


# -- dates ---------------------------------------------------------------------------------------


def test_at_seven_hours_a_week_a_module_takes_one_day_per_hour(kb: KnowledgeBase) -> None:
    plan = plan_for(kb, hours=7)
    day = START
    for module in plan.open_modules:
        assert module.start == day
        assert module.end == day + dt.timedelta(days=module.hours - 1)
        day = module.end + dt.timedelta(days=1)


@pytest.mark.parametrize("hours", [1, 3.5, 7.3, 10, 12, 25, 40, 80, 168])
def test_dates_follow_the_weekly_hours_exactly(kb: KnowledgeBase, hours: float) -> None:
    plan = plan_for(kb, "genai_llm", skills=("sql", "git"), hours=hours)
    pace = Fraction(str(hours))
    spent = Fraction(0)
    for module in plan.open_modules:
        assert module.start == START + dt.timedelta(days=math.floor(spent * 7 / pace))
        spent += module.hours
        assert module.end == START + dt.timedelta(days=math.ceil(spent * 7 / pace) - 1)
    total = sum(m.hours for m in plan.open_modules)
    assert plan.end == START + dt.timedelta(days=math.ceil(total * 7 / pace) - 1)


def test_ten_hours_a_week_by_hand(kb: KnowledgeBase) -> None:
    plan = plan_for(kb, "mlops", hours=10)
    first = plan.open_modules[0]
    # 70 h at 10 h/week is 7 weeks: 49 days from 2026-01-05, the last on 2026-02-22.
    assert (first.id, first.hours) == ("python_basics", 70)
    assert (first.start, first.end) == (dt.date(2026, 1, 5), dt.date(2026, 2, 22))
    second = plan.open_modules[1]
    assert second.start == dt.date(2026, 2, 23)


@pytest.mark.parametrize("spec", ["genai_llm", "mlops", "computer_vision"])
def test_python_comes_before_the_equally_important_maths(kb: KnowledgeBase, spec: str) -> None:
    ids = [m.id for m in plan_for(kb, spec, hours=10).open_modules]
    assert ids.index("python_basics") < ids.index("math_stats_foundations")


def test_milestones_are_the_phase_ends(kb: KnowledgeBase) -> None:
    plan = plan_for(kb, "mlops", hours=10)
    for phase in plan.phases:
        last = [m for m in phase.modules if not m.is_done][-1]
        assert phase.end == last.end
        assert phase_end_text("en", phase, 10) == f"Phase {phase.number} ends {last.end:%Y-%m-%d} at 10 h/week"
        assert phase.project.id and phase.milestone.en
    assert plan.end == plan.phases[-1].end
    done = plan_for(kb, "mlops", done=frozenset(m.id for m in plan.phases[0].modules))
    assert done.phases[0].end is None
    assert phase_end_text("en", done.phases[0], 10) == "Phase 1 is done"
    assert phase_end_text("ja", done.phases[0], 10) == "フェーズ1は修了済み"


@pytest.mark.parametrize("bad", [0, -5, 168.5, float("nan"), float("inf")])
def test_weekly_hours_out_of_range_are_refused(kb: KnowledgeBase, bad: float) -> None:
    with pytest.raises(MlcareerError) as caught:
        plan_for(kb, hours=bad)
    assert caught.value.exit_code == EXIT_USAGE
    assert "168" in str(caught.value)
    assert check_weekly_hours(168) == 168.0


def test_reflow_re_dates_the_open_modules_from_today(kb: KnowledgeBase) -> None:
    plan = plan_for(kb, "mlops", done=frozenset({"python_basics"}), hours=12)
    today = dt.date(2027, 6, 1)
    moved = reflow(plan, today)
    assert [m.id for m in moved.modules] == [m.id for m in plan.modules]
    assert [m.status for m in moved.modules] == [m.status for m in plan.modules]
    assert moved.open_modules[0].start == today and moved.begins == today and moved.start == plan.start
    assert moved.end == today + dt.timedelta(days=math.ceil(plan.open_hours * 7 / 12) - 1)
    assert moved == reflow(moved, today)


# -- inputs from a saved assessment ------------------------------------------------------------


def test_inputs_from_a_saved_assessment(kb: KnowledgeBase) -> None:
    result = {"specializations": [{"id": "computer_vision"}, {"id": "mlops"}], "level": "mid"}
    answers = {"skills": ["python", "removed_skill"], "weekly_hours": 6}
    inputs = inputs_from_saved(kb, answers, result)
    assert inputs is not None
    assert (inputs.specialization, inputs.level, inputs.skills, inputs.weekly_hours) == (
        "computer_vision",
        "mid",
        ("python",),
        6.0,
    )
    odd = inputs_from_saved(kb, {"weekly_hours": "lots"}, {"specializations": [{"id": "mlops"}], "level": "gone"})
    assert odd is not None
    assert (odd.level, odd.skills, odd.weekly_hours) == (None, (), 10.0)
    # A field the knowledge no longer has: nothing to plan from (the CLI says to assess again).
    assert inputs_from_saved(kb, answers, {"specializations": [{"id": "quantum_ml"}]}) is None


# -- progress ------------------------------------------------------------------------------------


def test_nothing_ticked_on_the_first_day_is_on_track(kb: KnowledgeBase) -> None:
    baseline = plan_for(kb)
    progress = track_progress(kb, baseline, frozenset(), START)
    assert (progress.standing, progress.days, progress.reflowed) == ("on_track", 0, None)
    assert progress.hours_left == baseline.open_hours and progress.ticked_hours == 0
    assert [p.planned_end for p in progress.phases] == [p.end for p in baseline.phases]


def test_behind_re_flows_the_rest_from_today(kb: KnowledgeBase) -> None:
    baseline = plan_for(kb, hours=10)
    first = baseline.open_modules[0]
    assert first.end is not None
    today = first.end + dt.timedelta(days=11)
    progress = track_progress(kb, baseline, frozenset(), today)
    assert progress.standing == "behind" and progress.days == 11
    assert progress.overdue == (first.id,)
    assert progress.reflowed is not None
    assert progress.reflowed.open_modules[0].start == today
    assert progress.reflowed.open_modules[0].id == first.id
    assert progress.slip_days == (today - START).days
    assert all(p.new_end is not None and p.planned_end is not None and p.new_end > p.planned_end
               for p in progress.phases)  # fmt: skip


def test_ticking_the_overdue_module_brings_you_back_on_track(kb: KnowledgeBase) -> None:
    baseline = plan_for(kb, hours=10)
    first = baseline.open_modules[0]
    assert first.end is not None
    today = first.end + dt.timedelta(days=1)
    progress = track_progress(kb, baseline, {first.id: today}, today)  # ticked today: the rest starts today
    assert progress.standing == "on_track" and progress.reflowed is None
    assert progress.ticked_hours == first.hours
    assert progress.phases[0].modules_done == 1
    assert progress.phases[0].hours_done == first.hours


def test_work_done_early_puts_you_ahead(kb: KnowledgeBase) -> None:
    baseline = plan_for(kb, hours=7)  # one hour a day
    first, second = baseline.open_modules[:2]
    progress = track_progress(kb, baseline, frozenset({first.id, second.id}), START + dt.timedelta(days=10))
    assert progress.standing == "ahead"
    assert progress.days == first.hours + second.hours - 10
    # The ticked modules take no time: the next open one starts on the first day.
    assert progress.current.open_modules[0].start == START
    assert progress.current.open_modules[0].id == baseline.open_modules[2].id


def test_stale_and_foreign_ticks_are_reported_not_counted(kb: KnowledgeBase) -> None:
    baseline = plan_for(kb, "mlops")
    progress = track_progress(kb, baseline, frozenset({"deleted_module", "rag_systems"}), START)
    assert progress.unknown_done == ("deleted_module",)
    assert progress.outside_plan == ("rag_systems",)
    assert progress.ticked_hours == 0 and progress.standing == "on_track"


def test_skills_already_held_come_off_a_partly_known_module(kb: KnowledgeBase) -> None:
    fresh = {m.id: m for m in plan_for(kb, "mlops").modules}
    plan = {m.id: m for m in plan_for(kb, "mlops", skills=("python", "numpy")).modules}
    module = plan["python_basics"]
    assert module.status == "open" and module.known_skills == ("python", "numpy")
    held_hours = kb.skills["python"].hours + kb.skills["numpy"].hours
    all_hours = sum(kb.skills[s].hours for s in module.skills)
    assert module.hours == math.ceil(fresh["python_basics"].hours * (all_hours - held_hours) / all_hours)
    assert module.hours < fresh["python_basics"].hours
    assert plan["ml_basics"].hours == fresh["ml_basics"].hours  # nothing of it known


def test_nlp_and_computer_vision_only_where_the_field_builds_on_them(kb: KnowledgeBase) -> None:
    mlops = {m.id for m in plan_for(kb, "mlops").modules}
    assert "nlp" not in mlops and "cv_basics" not in mlops
    vision = {m.id for m in plan_for(kb, "computer_vision").modules}
    # The Vision Transformer builds on the Transformer, not on the rest of NLP.
    assert {"transformer_basics", "cv_basics"} <= vision and "nlp" not in vision
    assert {"transformer_basics", "nlp"} <= {m.id for m in plan_for(kb, "genai_llm").modules}


def stages_of(plan: StudyPlan) -> tuple[list[str], list[str]]:
    before = [m.id for m in plan.modules if m.stage == "before_applying"]
    return before, [m.id for m in plan.modules if m.stage == "after_hired"]


def test_a_vision_newcomer_applies_with_detection_and_learns_generation_and_3d_once_hired(kb: KnowledgeBase) -> None:
    plan = build_plan(kb, "computer_vision", "beginner", ("python",), (), 10, START, interests=("vision",))
    before, after = stages_of(plan)
    # Python, ML basics, PyTorch, CNNs and image recognition, detection; the Transformer for ViT, no NLP.
    assert before == [
        "python_basics", "visualization_basics", "sql_git_basics", "math_stats_foundations", "ml_basics",
        "pytorch_basics", "transformer_basics", "cv_basics", "object_detection_models",
    ]  # fmt: skip
    assert {"image_generation_models", "vision_3d", "multimodal_models"} <= set(after)
    assert "nlp" not in before + after
    assert plan.ready_to_apply.hours == sum(m.hours for m in plan.stage_modules("before_applying"))
    assert plan.ready_to_apply.hours < 700  # it was 853 h with NLP, image generation and 3D before applying


def test_a_data_science_newcomer_applies_without_a_deep_learning_framework(kb: KnowledgeBase) -> None:
    plan = build_plan(kb, "data_scientist", "beginner", (), (), 10, START, interests=("data_analysis",))
    before, after = stages_of(plan)
    assert {"boosting_models", "experiment_design", "causal_inference_methods"} <= set(before)
    assert not {"pytorch_basics", "time_series_forecasting"} & set(before)
    assert {"pytorch_basics", "time_series_forecasting"} <= set(after)
    assert after.index("pytorch_basics") < after.index("time_series_forecasting")  # LSTM builds on it


@pytest.mark.parametrize("spec", ["genai_llm", "mlops", "computer_vision", "data_scientist"])
def test_nothing_an_entry_posting_asks_for_is_left_until_after_hiring(kb: KnowledgeBase, spec: str) -> None:
    plan = build_plan(kb, spec, "beginner", (), (), 10, START)
    stage = {s: m.stage for m in plan.modules for s in m.skills if s not in m.skipped_alternatives}
    asked = entry_skills(kb, spec)
    assert asked and all(stage[s] == "before_applying" for s in asked if s in stage)
    # What the field's role marks as grown into on the job is still taught, after hiring.
    role = kb.roles[kb.specializations[spec].role]
    assert not set(role.after_hired) & asked
    assert all(stage[s] == "after_hired" for s in role.after_hired)


def test_an_llm_app_builder_applies_with_prompting_and_rag_and_learns_the_internals_once_hired(
    kb: KnowledgeBase,
) -> None:
    def stages(interests: tuple[str, ...]) -> tuple[list[str], list[str]]:
        plan = build_plan(kb, "genai_llm", "beginner", ("python",), (), 10, START, interests=interests)
        before = [m.id for m in plan.modules if m.stage == "before_applying"]
        after = [m.id for m in plan.modules if m.stage == "after_hired"]
        return before, after

    before, after = stages(("llm_apps",))
    assert {"llm_prompting", "rag_systems"} <= set(before)
    assert {"pytorch_basics", "nlp", "llm_finetuning"} <= set(after)
    # Applied prerequisites still come first: prompting before RAG, the foundations before both.
    assert before.index("ml_basics") < before.index("llm_prompting") < before.index("rag_systems")
    plan = build_plan(kb, "genai_llm", "beginner", ("python",), (), 10, START, interests=("llm_apps",))
    needs = module_prerequisites(kb, [kb.modules[m.id] for m in plan.modules], applied=True)
    position = {m.id: i for i, m in enumerate(plan.modules)}
    assert all(position[dep] < position[m] for m, deps in needs.items() for dep in deps)

    assert plan.applies_with == ("prompt_engineering", "rag", "llm_app_development")

    # Someone drawn to research in the same field trains models: fine-tuning is learnt before applying.
    before, _after = stages(("research",))
    assert {"pytorch_basics", "nlp", "llm_finetuning", "rag_systems"} <= set(before)


def test_an_llm_app_builder_applies_with_an_app_not_a_model_of_their_own(kb: KnowledgeBase) -> None:
    def projects(interests: tuple[str, ...], spec: str = "genai_llm") -> dict[int, str]:
        plan = build_plan(kb, spec, "beginner", ("python",), (), 10, START, interests=interests)
        return {phase.number: phase.project.id for phase in plan.phases}

    builder = projects(("llm_apps",))
    assert builder[2] == "llm_app_portfolio"  # the portfolio shown before applying
    assert builder[1] == "llm_api_first_tool" and builder[3] == "rag_assistant"  # a first tool, then the app
    assert projects(("research",))[1] == "kaggle_competition"  # a model builder starts on Kaggle
    # A researcher in the same field, or an LLM app fan aiming at another field, builds a model.
    assert projects(("research",))[2] == "github_portfolio"
    assert projects(("llm_apps",), "data_scientist")[2] == "github_portfolio"
    assert projects(("llm_apps", "research"))[2] == "llm_app_portfolio"


def test_a_seniors_last_practice_is_leading_work_not_one_more_build(kb: KnowledgeBase) -> None:
    def last_project(level: str) -> str:
        plan = build_plan(kb, "genai_llm", level, ("python",), (), 10, START, interests=("llm_apps",))
        return plan.phases[-1].project.id

    assert last_project("senior") == "lead_an_initiative"
    assert last_project("mid") == "rag_assistant"
    earlier = build_plan(kb, "genai_llm", "senior", ("python",), (), 10, START, interests=("llm_apps",)).phases[0]
    assert earlier.project.id == "llm_api_first_tool"  # only the last phase's practice changes with the level
