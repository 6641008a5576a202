"""The bundled routines and pictures say what the guide says, where it matters."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop_app.core.loader import load_routine
from desktop_app.resources import assets_dir, bundled_routines_dir

SVG = "{http://www.w3.org/2000/svg}"


def bundled() -> list:  # type: ignore[type-arg]
    return [
        load_routine(path, assets_dir()) for path in sorted(bundled_routines_dir().glob("*.yaml"))
    ]


def test_getting_up_shows_rolling_onto_the_side() -> None:
    for routine in bundled():
        for step in routine.steps:
            if step.title.lower().startswith("get up"):
                assert step.illustration is not None
                assert step.illustration.endswith("get-up-side.svg"), (routine.id, step.title)
                assert "roll onto your side" in step.instruction.lower()


def test_a_step_that_works_the_side_of_the_buttock_counts_as_gluteus_medius() -> None:
    for routine in bundled():
        for step in routine.steps:
            if step.illustration is not None and step.illustration.endswith(
                "ball-gluteus-medius.svg"
            ):
                assert step.area == "gluteus medius", (routine.id, step.title)
            if step.area == "gluteus maximus":
                assert "tilt" not in step.instruction.lower(), (routine.id, step.title)


def test_the_cautions_are_said_where_they_apply() -> None:
    routines = {routine.id: routine for routine in bundled()}
    text = {rid: " ".join(s.instruction for s in r.steps).lower() for rid, r in routines.items()}
    for rid in ("buttocks-ball", "daily-session"):
        assert "nerve" in text[rid], rid
    for rid in ("lower-back-stick", "lower-back-ball", "immediate-relief"):
        assert "spine" in text[rid] and ("never on" in text[rid] or "not on the spine" in text[rid])
    for rid in ("lower-back-stick", "lower-back-ball", "daily-session"):
        assert "gently" in text[rid], rid  # the kidney area under the lowest ribs
        assert "without twisting" in text[rid], rid


def placed_rects(element: ET.Element, dx: float = 0, dy: float = 0, scale: float = 1):  # type: ignore[no-untyped-def]
    """Each rect's (left, top, right, bottom) where it is drawn: the insets and the panels of a
    sequence sit in groups moved with translate(x y) scale(s)."""
    transform = element.attrib.get("transform", "")
    if transform.startswith("translate("):
        numbers = re.findall(r"-?[0-9.]+", transform)
        tx, ty = float(numbers[0]), float(numbers[1])
        inner = float(numbers[2]) if "scale(" in transform else 1.0
        dx, dy, scale = dx + scale * tx, dy + scale * ty, scale * inner
    if element.tag == f"{SVG}rect":
        left, top = float(element.attrib["x"]), float(element.attrib["y"])
        right, bottom = left + float(element.attrib["width"]), top + float(element.attrib["height"])
        yield (dx + scale * left, dy + scale * top, dx + scale * right, dy + scale * bottom)
    for child in element:
        yield from placed_rects(child, dx, dy, scale)


def test_no_illustration_draws_outside_its_view_box() -> None:
    for path in sorted((assets_dir() / "illustrations").glob("*.svg")):
        root = ET.parse(path).getroot()
        x, y, w, h = (float(v) for v in root.attrib["viewBox"].split())
        for left, top, right, bottom in placed_rects(root):
            assert x <= left and right <= x + w and y <= top and bottom <= y + h, (
                path.name,
                (left, top, right, bottom),
            )


def test_no_sentence_repeats_a_run_of_eight_words_from_the_guide(tmp_path: Path) -> None:
    guide = (
        Path(__file__).resolve().parent.parent.parent
        / "shared"
        / "seed"
        / "lumbago-self-treatment.txt"
    )
    if not guide.exists():
        import pytest

        pytest.skip("the guide lives in ../shared beside the checkout (there in CI)")
    words = re.findall(r"[a-z']+", guide.read_text(encoding="utf-8").lower())
    runs = {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}
    for routine in bundled():
        for step in routine.steps:
            ours = re.findall(r"[a-z']+", step.instruction.lower())
            for i in range(len(ours) - 7):
                assert " ".join(ours[i : i + 8]) not in runs, (routine.id, step.title)
