"""docs/pressure-feedback.md's cases, each run through the session engine: the table is the
spec, and a rule that breaks a row fails here."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.app.report import make_report
from desktop_app.core import events as ev
from desktop_app.core.history_csv import export_csv
from desktop_app.core.logged import Logged
from desktop_app.core.routines import Step
from desktop_app.qt.finish_view import describe
from tests.engine_helpers import Session, hold, prepare, rolling, session
from tests.qt_helpers import press, wait
from tests.test_window import go_to_step

TABLE = Path(__file__).resolve().parent.parent / "docs" / "pressure-feedback.md"
STEPS: dict[str, Callable[[], Step]] = {"hold": hold, "rolling": rolling, "prepare": prepare}
#: A hold runs to its end (5 s lead-in, 30 s count) and a moment more; other steps a while.
RUN_FOR = {"hold": 36.0, "rolling": 20.0, "prepare": 10.0}


def cases() -> list[tuple[str, str, list[tuple[int, float]], list[str]]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[1] not in STEPS:
            continue
        name, kind, ratings, says = cells
        timed = [
            (int(rating), float(second))
            for rating, second in re.findall(r"(\d+)@([\d.]+)", ratings)
        ]
        expected = [] if says == "—" else [part.strip() for part in says.split(";")]
        rows.append((name, kind, timed, expected))
    return rows


def said(s: Session) -> list[str]:
    """What the engine flagged, in the table's words."""
    found = []
    for event in s.events:
        match event:
            case ev.PainAboveBand(rating=rating):
                found.append(f"above {rating}")
            case ev.PainRising(lowest=lowest, rating=rating):
                found.append(f"rising {lowest}→{rating}")
            case ev.PainBelowBand(rating=rating):
                found.append(f"below {rating}")
            case ev.PainHighAtRest(rating=rating):
                found.append(f"rest {rating}")
            case ev.HoldEnded(eased=True, highest=high, latest=last):
                found.append(f"eased {high}→{last}")
            case ev.HoldEnded(eased=False, highest=high, latest=last):
                found.append(f"not eased {high}→{last}")
    return found


def test_the_table_has_its_cases() -> None:
    assert len(cases()) >= 15


@pytest.mark.parametrize(("name", "kind", "ratings", "expected"), cases(), ids=lambda v: str(v))
def test_each_case_says_what_the_table_says(
    name: str, kind: str, ratings: list[tuple[int, float]], expected: list[str]
) -> None:
    step: Step = STEPS[kind]()
    s = session(step, prepare(), auto_advance=False, prepare_wait=None)
    for rating, second in sorted(ratings, key=lambda pair: pair[1]):
        s.drive(second - s.engine.now)
        assert s.engine.rate_pain(rating), (name, rating, second)
    s.drive(RUN_FOR[kind] - s.engine.now)
    assert said(s) == expected, name


def test_in_the_app_settling_is_quiet_and_the_hold_ends_eased(app_controller: Any) -> None:
    """The walk-through's hold: 4 in the lead-in, 6 two seconds into the count, then 4. No
    warning on the screen, the hold ends eased, and the history keeps pain_eased."""
    page = go_to_step(app_controller, 2)
    wait(app_controller, 2)
    press(page, "4")  # in the lead-in
    wait(app_controller, 5)  # two seconds into the count
    press(page, "6")
    assert not page.warning.isVisible()
    wait(app_controller, 20)
    press(page, "4")
    wait(app_controller, 10)  # the hold runs out
    assert [e for e in engine_events(app_controller) if e == Logged.PAIN_RISING] == []
    assert Logged.PAIN_EASED in engine_events(app_controller)


def test_in_the_app_an_8_after_a_5_is_one_warning_everywhere(
    app_controller: Any, tmp_path: Path
) -> None:
    """A roll rated 5 then 8: one banner, one voice line, one row in the CSV export, one
    warning on the finish page and in the report."""
    page = go_to_step(app_controller, 1)
    press(page, "5")
    press(page, "8")
    assert page.warning.text() == "Pressed too hard: 8 of 10. Ease off."
    press(page, Qt.Key.Key_Escape, times=2)
    summary = app_controller.session.engine.summary()
    rows = dict(describe(summary))
    assert rows["Pressure warnings"] == "1"
    target = tmp_path / "export.csv"
    export_csv(app_controller.history, target)
    exported = target.read_text(encoding="utf-8")
    warnings = [name for name in (Logged.PAIN_RISING, Logged.PAIN_ABOVE_BAND) if name in exported]
    assert warnings == [Logged.PAIN_ABOVE_BAND] and exported.count(Logged.PAIN_ABOVE_BAND) == 1
    report = make_report(app_controller.history, app_controller.settings)
    assert [line.warnings for line in report.first_days] == [{Logged.PAIN_ABOVE_BAND: 1}]


def engine_events(controller: Any) -> list[str]:
    return [row.event for row in controller.history.events(controller.history.sessions()[0].id)]
