"""The routine loader: valid files become routines; every problem is `path:line: message`."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.core.loader import load_library, load_routine, read_routine
from desktop_app.core.problems import Library, Problem, RoutineError, Severity
from desktop_app.core.routines import Origin, StepKind
from desktop_app.resources import bundled_routines_dir
from tests.conftest import VALID_ROUTINE

WriteRoutine = Callable[..., Path]


def problems_of(path: Path, assets: Path) -> list[str]:
    """The problems of one file as the user sees them, with the folder stripped."""
    result = read_routine(path, assets)
    return [str(p).removeprefix(f"{path.parent}{os.sep}") for p in result.problems]


def variant(old: str, new: str) -> str:
    assert old in VALID_ROUTINE, old
    return VALID_ROUTINE.replace(old, new, 1)


def test_valid_routine_loads_every_step_kind(write_routine: WriteRoutine, assets: Path) -> None:
    routine = load_routine(write_routine(VALID_ROUTINE), assets)
    assert [s.kind for s in routine.steps] == [
        StepKind.PREPARE,
        StepKind.HOLD,
        StepKind.ROLLING,
        StepKind.SPOT,
        StepKind.ACTIVITY,
    ]
    hold = routine.steps[1].hold
    assert hold is not None and (hold.lower, hold.upper, hold.lead_in) == (20, 30, 5)
    assert routine.steps[2].rolling is not None and routine.steps[2].rolling.cap == 15
    assert [p.at for p in routine.steps[4].prompts] == [0, 30]
    assert routine.steps[1].illustration_path is not None


def test_spot_defaults_to_20_to_30_second_hold_and_15_rolls(
    write_routine: WriteRoutine, assets: Path
) -> None:
    spot = load_routine(write_routine(VALID_ROUTINE), assets).steps[3]
    assert spot.hold is not None and (spot.hold.lower, spot.hold.upper) == (20, 30)
    assert spot.rolling is not None and spot.rolling.cap == 15


def test_yaml_syntax_error_reports_its_line(write_routine: WriteRoutine, assets: Path) -> None:
    path = write_routine(variant("summary: A routine for tests.", "summary: [unclosed"))
    # The sequence opens on line 4; the parser notices on line 5. The start comes first.
    assert problems_of(path, assets) == [
        "routine.yaml:4: YAML syntax error: while parsing a flow sequence: did not find "
        "expected ',' or ']' (noticed at line 5)"
    ]


def test_an_unterminated_quote_names_the_line_it_starts_on(tmp_path: Path, assets: Path) -> None:
    lines = VALID_ROUTINE.splitlines()
    lines[6] = lines[6].split(":")[0] + ': "never closed'
    path = tmp_path / "quote.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = problems_of(path, assets)
    assert problems[0].startswith("quote.yaml:7: YAML syntax error"), problems


@pytest.mark.parametrize("number", ["1.0e+308", "1e400", "99999999999999999999999", "-1e308"])
@pytest.mark.parametrize("field", ["seconds", "duration", "lead_in", "pace", "spots", "cap"])
def test_no_number_can_overflow_the_app(
    write_routine: WriteRoutine, assets: Path, field: str, number: str
) -> None:
    from desktop_app.core.clock import FakeClock
    from desktop_app.core.session import SessionEngine

    # Each field on a step that takes it: the hold, the rolling step, the spot step.
    anchor = {
        "seconds": "    seconds: [20, 30]",
        "lead_in": "    seconds: [20, 30]",
        "cap": "    cap: 15",
        "pace": "    cap: 15",
        "spots": "    title: Search spots",
        "duration": "    duration: 60",
    }[field]
    if field in ("seconds", "cap", "duration"):
        text = VALID_ROUTINE.replace(anchor, f"    {field}: {number}", 1)
    else:
        text = VALID_ROUTINE.replace(anchor, f"{anchor}\n    {field}: {number}", 1)
    path = write_routine(text)
    result = read_routine(path, assets)
    if result.routine is None:
        assert result.problems and all(":" in str(p) for p in result.problems)
        return
    routine = result.routine
    assert routine.estimated_seconds() < 10**7  # total over what the loader accepts
    engine = SessionEngine(routine, FakeClock())
    engine.start()
    engine.view()


def test_a_device_or_a_pipe_is_refused_not_read(tmp_path: Path, assets: Path) -> None:
    import os
    import time

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    for path in (Path("/dev/zero"), fifo):
        problems = problems_of(path, assets)
        assert problems and "not a regular file" in problems[0], problems
    assert time.monotonic() - started < 1


def test_missing_required_key_is_reported_at_the_mapping(
    write_routine: WriteRoutine, assets: Path
) -> None:
    path = write_routine(variant("title: Test routine\n", ""))
    assert problems_of(path, assets) == [
        "routine.yaml:1: the routine is missing the required key “title”"
    ]


def test_missing_step_key_is_reported_at_the_step(
    write_routine: WriteRoutine, assets: Path
) -> None:
    path = write_routine(variant("    instruction: Rest on the ball.\n", ""))
    assert problems_of(path, assets) == [
        "routine.yaml:12: step 2 is missing the required key “instruction”"
    ]


def test_unknown_key_suggests_the_closest_known_key(
    write_routine: WriteRoutine, assets: Path
) -> None:
    path = write_routine(variant("summary:", "sumary:"))
    assert problems_of(path, assets) == [
        "routine.yaml:4: unknown key “sumary” in the routine — did you mean “summary”?",
        "routine.yaml:1: the routine is missing the required key “summary”",
    ]


def test_wrong_type_is_reported(write_routine: WriteRoutine, assets: Path) -> None:
    path = write_routine(variant("title: Test routine", "title: [Test, routine]"))
    assert problems_of(path, assets) == ["routine.yaml:3: title must be text, not a list"]


def test_number_where_text_belongs_is_reported(write_routine: WriteRoutine, assets: Path) -> None:
    path = write_routine(variant("    title: Roll\n", "    title: 12\n"))
    assert problems_of(path, assets) == [
        "routine.yaml:18: step 3 title must be text, not a whole number"
    ]


def test_unknown_step_kind_names_the_kinds_and_a_guess(
    write_routine: WriteRoutine, assets: Path
) -> None:
    path = write_routine(variant("kind: rolling", "kind: roling"))
    assert problems_of(path, assets) == [
        "routine.yaml:17: unknown step kind “roling” (one of: prepare, hold, rolling, spot, "
        "activity) — did you mean “rolling”?"
    ]


def test_hold_lower_bound_above_upper_is_reported(
    write_routine: WriteRoutine, assets: Path
) -> None:
    path = write_routine(variant("seconds: [20, 30]", "seconds: [35, 30]"))
    assert problems_of(path, assets) == [
        "routine.yaml:16: step 2 seconds: the shortest (35 s) is longer than the longest (30 s)"
    ]


def test_non_positive_duration_is_reported(write_routine: WriteRoutine, assets: Path) -> None:
    path = write_routine(variant("duration: 60", "duration: 0"))
    assert problems_of(path, assets) == [
        "routine.yaml:30: step 5 duration must be more than 0 (got 0)"
    ]


def test_negative_hold_is_reported(write_routine: WriteRoutine, assets: Path) -> None:
    path = write_routine(variant("seconds: [20, 30]", "seconds: [-5, 30]"))
    assert problems_of(path, assets) == [
        "routine.yaml:16: the shortest step 2 seconds must be more than 0 (got -5)"
    ]


def test_repetition_cap_above_15_is_reported(write_routine: WriteRoutine, assets: Path) -> None:
    path = write_routine(variant("cap: 15", "cap: 20"))
    assert problems_of(path, assets) == [
        "routine.yaml:21: step 3 cap is 20, but a spot is rolled at most 15 times"
    ]


def test_key_that_does_not_apply_to_the_kind_is_reported(
    write_routine: WriteRoutine, assets: Path
) -> None:
    path = write_routine(variant("    seconds: [20, 30]\n", "    seconds: [20, 30]\n    cap: 10\n"))
    assert problems_of(path, assets) == ["routine.yaml:17: “cap” does not apply to a hold step"]


def test_missing_illustration_is_a_warning_and_the_routine_still_loads(
    write_routine: WriteRoutine, assets: Path
) -> None:
    path = write_routine(variant("illustrations/walk-pressing.svg", "illustrations/nowhere.svg"))
    result = read_routine(path, assets)
    assert result.routine is not None
    assert result.routine.steps[4].illustration_path is None
    assert [(p.line, p.severity) for p in result.problems] == [(29, Severity.WARNING)]
    assert "illustration “illustrations/nowhere.svg” not found" in result.problems[0].message


def test_illustration_outside_the_assets_folder_is_refused(
    write_routine: WriteRoutine, assets: Path
) -> None:
    path = write_routine(variant("illustrations/walk-pressing.svg", "../../etc/passwd"))
    assert problems_of(path, assets) == [
        "routine.yaml:29: illustration “../../etc/passwd” must be a path inside the assets folder"
    ]


def test_every_problem_in_a_file_is_reported_not_just_the_first(
    write_routine: WriteRoutine, assets: Path
) -> None:
    text = variant("cap: 15", "cap: 99").replace("duration: 60", "duration: -1")
    path = write_routine(text.replace("schema: 1", "schema: 2"))
    lines = [p.line for p in read_routine(path, assets).problems]
    assert lines == [1, 21, 30]


def test_duplicate_key_is_reported(write_routine: WriteRoutine, assets: Path) -> None:
    path = write_routine(variant("title: Test routine\n", "title: Test routine\ntitle: Again\n"))
    assert problems_of(path, assets) == [
        "routine.yaml:4: duplicate key “title” (first given on line 3)"
    ]


def test_unsupported_schema_is_reported(write_routine: WriteRoutine, assets: Path) -> None:
    path = write_routine(variant("schema: 1", "schema: 7"))
    assert problems_of(path, assets) == [
        "routine.yaml:1: schema 7 is not supported (this version reads schema 1)"
    ]


def test_prompts_out_of_time_order_are_reported(write_routine: WriteRoutine, assets: Path) -> None:
    path = write_routine(variant("      - at: 30", "      - at: 0"))
    assert problems_of(path, assets) == [
        "routine.yaml:34: prompts must be in time order (0 s comes after 0 s)"
    ]


def test_prompt_after_the_activity_ends_is_reported(
    write_routine: WriteRoutine, assets: Path
) -> None:
    path = write_routine(variant("      - at: 30", "      - at: 90"))
    assert problems_of(path, assets) == [
        "routine.yaml:34: prompt at 90 s comes after the activity ends (60 s)"
    ]


def test_pain_band_from_the_routine_is_used(write_routine: WriteRoutine, assets: Path) -> None:
    text = variant("steps:", "pain:\n  band: [3, 6]\n  rising_threshold: 3\nsteps:")
    routine = load_routine(write_routine(text), assets)
    assert (routine.pain.band_low, routine.pain.band_high, routine.pain.rising_threshold) == (
        3,
        6,
        3,
    )


def test_inverted_pain_band_is_reported(write_routine: WriteRoutine, assets: Path) -> None:
    path = write_routine(variant("steps:", "pain:\n  band: [7, 4]\nsteps:"))
    assert problems_of(path, assets) == [
        "routine.yaml:8: pain band: lowest (7) is above highest (4)"
    ]


def test_a_routine_cannot_lift_the_pain_limits(write_routine: WriteRoutine, assets: Path) -> None:
    path = write_routine(variant("steps:", "pain:\n  band: [4, 8]\n  rising_threshold: 4\nsteps:"))
    problems = problems_of(path, assets)
    assert len(problems) == 2
    assert problems[0].startswith(
        "routine.yaml:8: the pain band's highest must be at most 7 (got 8)"
    )
    assert problems[1].startswith("routine.yaml:9: rising_threshold must be at most 3 (got 4)")


def test_load_routine_raises_our_error_with_every_problem(
    write_routine: WriteRoutine, assets: Path
) -> None:
    path = write_routine(variant("cap: 15", "cap: 16"))
    with pytest.raises(RoutineError) as caught:
        load_routine(path, assets)
    assert (
        str(caught.value) == f"{path}:21: step 3 cap is 16, but a spot is rolled at most 15 times"
    )


# -- hostile files ---------------------------------------------------------------------------


def test_python_object_tag_is_refused_and_never_constructed(
    write_routine: WriteRoutine, assets: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    path = write_routine(
        variant("title: Test routine", f"title: !!python/object/apply:os.system ['touch {marker}']")
    )
    assert problems_of(path, assets) == [
        "routine.yaml:3: the YAML tag “tag:yaml.org,2002:python/object/apply:os.system” is not "
        "allowed in a routine",
    ]
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly(write_routine: WriteRoutine, assets: Path) -> None:
    # 1,000 steps, each an alias of one step with 1,000 aliased prompts: a million prompts.
    prompts = "[" + ", ".join(["&p {at: 1, text: x}"] + ["*p"] * 999) + "]"
    step = (
        "  - &s {kind: activity, title: t, instruction: i, "
        f"illustration: illustrations/walk-pressing.svg, duration: 60, prompts: {prompts}}}\n"
    )
    header = VALID_ROUTINE.split("steps:")[0]
    path = write_routine(header + "steps:\n" + step + "  - *s\n" * 999)
    started = time.perf_counter()
    problems = problems_of(path, assets)
    assert time.perf_counter() - started < 2
    assert problems == [
        "routine.yaml:1: the document repeats values through aliases more than 20000 times "
        "(an alias bomb?); not loaded"
    ]


def test_recursive_alias_is_refused(write_routine: WriteRoutine, assets: Path) -> None:
    path = write_routine(variant("muscles: [quadratus lumborum]", "muscles: &loop [*loop]"))
    assert problems_of(path, assets) == [
        "routine.yaml:5: each entry of muscles must be text, not a list"
    ]


def test_deeply_nested_document_is_refused(write_routine: WriteRoutine, assets: Path) -> None:
    path = write_routine("title: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert problems_of(path, assets) == [
        "routine.yaml:1: the document is nested too deeply to be a routine"
    ]


def test_binary_garbage_is_refused(tmp_path: Path, assets: Path) -> None:
    path = tmp_path / "garbage.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    # The first byte that is not UTF-8 (0x80) comes after the newline (0x0a).
    assert problems_of(path, assets) == [
        "garbage.yaml:2: not a text file (YAML must be UTF-8 text)"
    ]


def test_a_bad_byte_is_reported_on_its_line(tmp_path: Path, assets: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"schema: 1\nid: x\ntitle: caf\xe9\n")
    assert problems_of(path, assets) == ["latin1.yaml:3: not a text file (YAML must be UTF-8 text)"]


def test_empty_file_is_refused(write_routine: WriteRoutine, assets: Path) -> None:
    path = write_routine("")
    assert problems_of(path, assets) == [
        "routine.yaml:1: the file is empty; a routine starts with “schema: 1”"
    ]


def test_huge_file_is_refused_without_parsing(tmp_path: Path, assets: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("# padding\n" * 100_000, encoding="utf-8")
    assert problems_of(path, assets) == [
        "huge.yaml:1: file is over 512 KiB; a routine file is at most that"
    ]


def test_document_that_is_not_a_mapping_is_refused(
    write_routine: WriteRoutine, assets: Path
) -> None:
    path = write_routine("- just\n- a list\n")
    assert problems_of(path, assets) == [
        "routine.yaml:1: the routine must be a mapping of keys to values, not a list"
    ]


# -- the library ---------------------------------------------------------------------------


def load_folder(folder: Path, assets: Path) -> Library:
    return load_library([(folder, Origin.USER)], assets)


def test_a_broken_file_does_not_hide_the_others(
    write_routine: WriteRoutine, assets: Path, tmp_path: Path
) -> None:
    write_routine(VALID_ROUTINE, "a-good.yaml")
    write_routine("schema: 1\nid: [\n", "b-broken.yaml")
    write_routine(VALID_ROUTINE.replace("id: test-routine", "id: other"), "c-good.yaml")
    library = load_folder(tmp_path / "routines", assets)
    assert [r.id for r in library.routines] == ["test-routine", "other"]
    assert [p.path.name for p in library.problems] == ["b-broken.yaml"]


def test_two_routines_with_the_same_id_report_the_second(
    write_routine: WriteRoutine, assets: Path, tmp_path: Path
) -> None:
    first = write_routine(VALID_ROUTINE, "first.yaml")
    write_routine(VALID_ROUTINE, "second.yaml")
    library = load_folder(tmp_path / "routines", assets)
    assert [r.source for r in library.routines] == [first]
    assert [str(p).removeprefix(f"{first.parent}{os.sep}") for p in library.problems] == [
        f"second.yaml:2: the id “test-routine” is already used by {first}; not loaded"
    ]


def test_a_missing_user_folder_is_not_a_problem(tmp_path: Path, assets: Path) -> None:
    library = load_folder(tmp_path / "does-not-exist", assets)
    assert library.routines == [] and library.problems == []


def test_an_unreadable_folder_is_reported(tmp_path: Path, assets: Path) -> None:
    folder = tmp_path / "not-a-folder"
    folder.write_text("a file where a folder should be", encoding="utf-8")
    library = load_folder(folder, assets)
    assert len(library.problems) == 1
    assert library.problems[0].message.startswith("cannot read the folder")


def test_every_bundled_routine_validates_without_a_problem(assets: Path) -> None:
    library = load_library([(bundled_routines_dir(), Origin.BUNDLED)], assets)
    assert library.problems == []
    assert {r.id for r in library.routines} == {
        "immediate-relief",
        "lower-back-stick",
        "lower-back-ball",
        "buttocks-ball",
        "daily-session",
    }


def test_bundled_routines_never_roll_more_than_15_times(assets: Path) -> None:
    library = load_library([(bundled_routines_dir(), Origin.BUNDLED)], assets)
    caps = [s.rolling.cap for r in library.routines for s in r.steps if s.rolling]
    assert caps and max(caps) <= 15


def test_bundled_holds_last_20_to_30_seconds(assets: Path) -> None:
    library = load_library([(bundled_routines_dir(), Origin.BUNDLED)], assets)
    holds = {(s.hold.lower, s.hold.upper) for r in library.routines for s in r.steps if s.hold}
    assert holds == {(20, 30)}


def test_problem_without_a_line_prints_just_the_path() -> None:
    path = Path("x", "y")  # x/y, or x\\y on Windows: as the system writes it
    assert str(Problem(path, 0, "gone")) == f"{path}: gone"


def test_a_long_routine_is_not_taken_for_an_alias_bomb(tmp_path: Path, assets: Path) -> None:
    step = """  - kind: hold
    title: Hold spot {n}
    instruction: Rest on the ball.
    illustration: illustrations/ball-quadratus.svg
    seconds: [20, 30]
"""
    head = VALID_ROUTINE.split("steps:")[0] + "steps:\n"
    path = tmp_path / "long.yaml"
    path.write_text(head + "".join(step.format(n=n) for n in range(2000)), encoding="utf-8")
    result = read_routine(path, assets)
    assert result.routine is not None, [str(p) for p in result.problems]
    assert len(result.routine.steps) == 2000


def test_waits_is_true_or_false(write_routine: WriteRoutine, assets: Path) -> None:
    good = write_routine(variant("  - kind: prepare", "  - kind: prepare\n    waits: true"))
    routine = read_routine(good, assets).routine
    assert routine is not None and routine.steps[0].waits
    bad = write_routine(variant("  - kind: prepare", "  - kind: prepare\n    waits: please"))
    assert any("waits must be true or false" in p for p in problems_of(bad, assets))


def test_standing_is_true_or_false_and_only_for_prepare_steps(
    write_routine: WriteRoutine, assets: Path
) -> None:
    good = write_routine(variant("  - kind: prepare", "  - kind: prepare\n    standing: yes"))
    routine = read_routine(good, assets).routine
    assert routine is not None and routine.steps[0].on_feet and not routine.steps[1].on_feet
    bad = write_routine(variant("  - kind: prepare", "  - kind: prepare\n    standing: [1]"))
    assert any("standing must be true or false" in p for p in problems_of(bad, assets))
    on_a_hold = write_routine(variant("  - kind: hold", "  - kind: hold\n    standing: true"))
    assert any("standing" in p for p in problems_of(on_a_hold, assets))
