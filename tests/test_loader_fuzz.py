"""Random documents and random mutations of a valid routine: only our own error type, ever."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.loader import load_routine
from desktop_app.core.problems import RoutineError
from desktop_app.resources import assets_dir
from tests.conftest import VALID_ROUTINE

ASSETS = assets_dir()

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["hold", "rolling", "spot", "prepare", "activity", "schema", "steps", "kind"]),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(
            st.sampled_from(
                [
                    "schema",
                    "id",
                    "title",
                    "summary",
                    "muscles",
                    "equipment",
                    "steps",
                    "kind",
                    "seconds",
                    "cap",
                    "pace",
                    "duration",
                    "prompts",
                    "at",
                    "text",
                    "pain",
                    "band",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=6,
        ),
    ),
    max_leaves=30,
)


def check(text: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
        else:
            path.write_bytes(text)
        try:
            load_routine(path, ASSETS)
        except RoutineError as error:
            assert error.problems, "a RoutineError always says why"
            for problem in error.problems:
                assert problem.path == path
                assert problem.line >= 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_random_yaml_documents_raise_only_routine_errors(document: object) -> None:
    check(yaml.safe_dump(document, allow_unicode=True))


lines = VALID_ROUTINE.splitlines(keepends=True)


@st.composite
def mutations(draw: st.DrawFn) -> str:
    text = list(lines)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        index = draw(st.integers(min_value=0, max_value=len(text) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "replace", "truncate", "indent"]))
        if action == "delete" and len(text) > 1:
            del text[index]
        elif action == "duplicate":
            text.insert(index, text[index])
        elif action == "replace":
            prefix = text[index].split(":")[0]
            value = draw(
                st.one_of(
                    scalars.map(str),
                    st.sampled_from(["[", "{", "&a x", "*a", "!!python/name:os.system", "- x"]),
                )
            )
            text[index] = f"{prefix}: {value}\n"
        elif action == "truncate":
            cut = draw(st.integers(min_value=0, max_value=len(text[index])))
            text[index] = text[index][:cut]
        else:
            text[index] = "  " + text[index]
    return "".join(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_mutated_routines_raise_only_routine_errors(text: str) -> None:
    check(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_raise_only_routine_errors(data: bytes) -> None:
    check(data)


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mutations(), documents.map(lambda d: yaml.safe_dump(d, allow_unicode=True))))
def test_ten_thousand_routine_files_raise_only_routine_errors(text: str) -> None:
    check(text)


# -- numbers at the edges, in every numeric field, and what loads is used ------------------

#: Numbers as a routine file could write them: large, tiny, negative, non-finite, huge integers.
edge_numbers = st.one_of(
    st.integers(),  # hypothesis reaches far past 64 bits
    st.integers(min_value=-(10**400), max_value=10**400).map(str),
    st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True).map(repr),
    st.sampled_from(
        [
            "1.0e+308",
            "-1e308",
            "1e400",
            "-1e400",
            "5e-324",
            "-0.0",
            "0",
            "-1",
            ".inf",
            "-.inf",
            ".nan",
            "0x7fffffff",
            "0o777",
            "1_000_000",
            "2e9",
            "1e-9",
            "99999999999999999999999",
        ]
    ),
).map(str)

NUMERIC_ROUTINE = """\
schema: 1
id: edge
title: Edge numbers
summary: Every number a routine may hold.
muscles: [quadratus lumborum]
equipment: [massage ball]
pain:
  band: [{band_low}, {band_high}]
  rising_threshold: {rising}
steps:
  - kind: prepare
    title: Lie down
    instruction: Lie on your back.
    illustration: illustrations/lie-legs-up.svg
    duration: {prepare}
  - kind: hold
    title: Hold a spot
    instruction: Rest on the ball.
    illustration: illustrations/ball-quadratus.svg
    seconds: [{hold_low}, {hold_high}]
    lead_in: {lead_in}
  - kind: rolling
    title: Roll
    instruction: Roll over the spot.
    illustration: illustrations/ball-quadratus.svg
    cap: {cap}
    pace: {pace}
  - kind: spot
    title: Search spots
    instruction: Roll or hold each spot.
    illustration: illustrations/ball-gluteus-maximus.svg
    spots: {spots}
    seconds: {spot_seconds}
  - kind: activity
    title: Walk
    instruction: Walk slowly.
    illustration: illustrations/walk-pressing.svg
    duration: {activity}
    prompts:
      - at: {at_first}
        text: Start walking.
      - at: {at_second}
        text: Keep going.
"""
FIELDS = (
    "band_low", "band_high", "rising", "prepare", "hold_low", "hold_high", "lead_in", "cap",
    "pace", "spots", "spot_seconds", "activity", "at_first", "at_second",
)  # fmt: skip
SENSIBLE = dict(
    band_low="4", band_high="7", rising="2", prepare="20", hold_low="20", hold_high="30",
    lead_in="5", cap="15", pace="3", spots="3", spot_seconds="25", activity="60", at_first="0",
    at_second="30",
)  # fmt: skip


@st.composite
def edge_routines(draw: st.DrawFn) -> str:
    """The sensible routine with one to all of its numbers replaced by edge values."""
    values = dict(SENSIBLE)
    chosen = draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=len(FIELDS), unique=True))
    for field in chosen:
        values[field] = draw(edge_numbers)
    return NUMERIC_ROUTINE.format(**values)


def use(text: str) -> None:
    """Load it; what loads is estimated, listed and run to its end on a fake clock, pressing
    every key the person could, with a bounded number of moves."""
    from desktop_app.core.clock import FakeClock
    from desktop_app.core.events import SpotMode
    from desktop_app.core.routines import Routine
    from desktop_app.core.session import SessionEngine

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "edge.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            routine = load_routine(path, ASSETS)
        except RoutineError as error:
            assert all(p.line >= 1 and p.path == path for p in error.problems)
            return
    assert isinstance(routine, Routine)
    assert 0 <= routine.estimated_seconds() < 10**7
    listing = routine.listing()
    assert 1 <= listing.minutes < 10**6
    clock = FakeClock()
    engine = SessionEngine(routine, clock)
    engine.start()
    for move in range(400):
        if engine.finished:
            break
        view = engine.view()
        assert view.step_index < len(routine.steps)
        match move % 6:
            case 0:
                engine.rate_pain(move % 11)
            case 1:
                engine.count_repetition()
            case 2:
                engine.choose_spot_mode(SpotMode.HOLD if move % 4 else SpotMode.ROLLING)
            case 3:
                engine.confirm()
            case _:
                due = engine.next_due_in()
                clock.advance(max(0.0, min(due, 700.0)) if due is not None else 1.0)
                engine.advance()
        if move % 50 == 49:
            engine.next_step()
    engine.stop()
    engine.view()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edge_routines())
def test_edge_numbers_in_every_field_are_refused_or_run(text: str) -> None:
    use(text)


@pytest.mark.slow
@settings(max_examples=5_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edge_routines())
def test_five_thousand_edge_routines_are_refused_or_run(text: str) -> None:
    use(text)
