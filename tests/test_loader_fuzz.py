"""Random documents and random mutations of a valid routine: only our own error type, ever."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.loader import RoutineError, load_routine
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
