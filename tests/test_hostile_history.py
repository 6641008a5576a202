"""A history someone edited by hand, or that another program wrote: one row that cannot be
read is left out and counted, never a traceback, and every view still opens (issue 39). Dates
far from today (year 1, 9999) are not days of this back's story: left out too."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.days import FIRST_DAY, LAST_DAY, entry_range, plausible
from desktop_app.core.history import History
from desktop_app.core.history_csv import export_csv
from desktop_app.core.report import SafetyRecord, build
from desktop_app.core.safety import Answer
from tests.test_report import ONSET, TODAY, known_history

#: One hand edit each: what it does to the file a previous run left.
EDITS = {
    "a session started at no date": "UPDATE sessions SET started_at = 'not a date' WHERE id = 1",
    "a session that ended at no date": "UPDATE sessions SET ended_at = 'soon' WHERE id = 2",
    "a session in year 1": "UPDATE sessions SET started_at = '0001-01-01T09:00:00' WHERE id = 1",
    "a session in 9999": "UPDATE sessions SET started_at = '9999-12-31T23:59:59' WHERE id = 1",
    "a time with no zone": "UPDATE sessions SET started_at = '2026-11-20T09:00' WHERE id = 1",
    "a time with a zone among times without": (
        "UPDATE sessions SET started_at = '2026-11-20T09:00+01:00' WHERE id = 1"
    ),
    "a rating 'five'": "UPDATE events SET value = 'five' WHERE id = 1",
    "a huge rating": "UPDATE events SET value = '99999999999999999999999' WHERE id = 2",
    "a negative rating": "UPDATE events SET value = '-3' WHERE id = 3",
    "an event at no time": "UPDATE events SET timestamp = 'yesterday' WHERE id = 4",
    "an event in 9999": "UPDATE events SET timestamp = '9999-12-31T23:59:59+00:00' WHERE id = 5",
    "a back check in year 1": "UPDATE back_checks SET day = '0001-01-01' WHERE rowid = 1",
    "a back check in 9999": "UPDATE back_checks SET day = '9999-12-31' WHERE rowid = 2",
    "a back check at no time": "UPDATE back_checks SET recorded_at = 'x' WHERE rowid = 3",
    "an onset in year 1": "UPDATE profile SET value = '0001-01-01' WHERE key = 'onset'",
    "an onset in 9999": "UPDATE profile SET value = '9999-12-31' WHERE key = 'onset'",
    "a step index that is text": "UPDATE events SET step_index = 'two' WHERE id = 6",
    "a title that is a number": "UPDATE sessions SET routine_title = 12 WHERE id = 3",
}

#: The edits that leave a row out (the others are read: a rating that is no rating is shown
#: as none, an onset that is no day as unset; a session's times are all with their zone or
#: all without, as the clock that wrote them; a row that mixes them cannot be compared).
UNREADABLE = {
    "a session started at no date", "a session that ended at no date", "a session in year 1",
    "a session in 9999", "an event at no time", "an event in 9999", "a back check in year 1",
    "a back check in 9999", "a back check at no time", "a step index that is text",
    "a time with a zone among times without",
}  # fmt: skip


def edited(folder: Path, edit: str) -> Path:
    path = known_history(folder)
    with sqlite3.connect(path) as db:
        db.execute(EDITS[edit])
    db.close()
    return path


def noon() -> dt.datetime:
    return dt.datetime.combine(TODAY, dt.time(12)).astimezone()


@pytest.mark.parametrize("edit", EDITS)
def test_every_reading_of_the_history_goes_on_past_one_bad_row(tmp_path: Path, edit: str) -> None:
    (tmp_path / "whole").mkdir()
    whole = History(known_history(tmp_path / "whole"), now=noon)
    counts = len(whole.sessions()), len(list(whole.events())), len(whole.back_checks())
    whole.close()
    history = History(edited(tmp_path, edit), now=noon)
    sessions = history.sessions()
    events = list(history.events())
    checks = history.back_checks()
    # The bad row is left out (a session with its events), the rest is all there.
    assert len(sessions) >= counts[0] - 1 and len(checks) >= counts[2] - 1
    assert len(events) >= counts[1] // 2
    assert bool(history.unreadable) == (edit in UNREADABLE), history.unreadable
    for day in [*(s.started_at.date() for s in sessions), *(c.day for c in checks)]:
        assert plausible(day), day
    assert history.onset in (None, ONSET)
    report = build(history, TODAY, SafetyRecord(Answer.NONE_APPLY, ONSET), "9.9", days=20)
    assert report.checks
    export_csv(history, tmp_path / "out.csv")
    history.close()


@pytest.mark.parametrize(
    "edit", ["a session started at no date", "a session in year 1", "a back check in 9999"]
)
def test_the_history_window_and_the_report_open_and_say_what_was_left_out(
    qtbot: Any, tmp_path: Path, edit: str
) -> None:
    from desktop_app.qt.history_view import HistoryWindow
    from desktop_app.qt.report_pdf import write_pdf

    history = History(edited(tmp_path, edit), now=noon)
    window = HistoryWindow(history)
    qtbot.addWidget(window)
    window.refresh()
    window.show()
    assert window.status.text() == "1 entry in the history could not be read and is left out."
    assert window.session_model.rowCount() >= 3
    report = build(history, TODAY, SafetyRecord(Answer.NONE_APPLY, ONSET), "9.9", days=20)
    assert report.left_out == window.status.text()
    assert write_pdf(report, tmp_path / "report.pdf") == 1
    history.close()


def test_a_year_1_onset_never_makes_the_chart_thousands_of_ticks(qtbot: Any) -> None:
    """A day field reaching back to year 1 let a person pick it, and the history window then
    drew a tick for every week since: 700 MB and never open. The chart names a bounded number
    of dates however long the span."""
    from desktop_app.qt.course_chart import MOST_TICKS, date_ticks
    from desktop_app.qt.history_view import PainChart
    from desktop_app.qt.theme import LIGHT

    chart = PainChart()
    qtbot.addWidget(chart)
    chart.resize(1000, 400)
    chart.show_days([], FIRST_DAY, LIGHT, [], today=LAST_DAY)
    assert chart.course is not None and chart.course.first == FIRST_DAY
    assert len(date_ticks(chart.course.first, chart.course.last, LAST_DAY)) <= MOST_TICKS
    assert not chart.grab().isNull()


def test_the_day_fields_offer_only_days_of_this_back(qtbot: Any) -> None:
    """Year 1 or 1752 could be picked in the day fields (a 10 s freeze, then a history no window
    could open); they reach back as far as core.days allows, and never past today."""
    from PySide6.QtCore import QDate

    from desktop_app.qt.back_check_view import BackCheckDialog
    from desktop_app.qt.history_view import HistoryWindow

    history = History(Path(":memory:"), now=noon)
    window = HistoryWindow(history)
    dialog = BackCheckDialog(TODAY, ask_onset=True)
    qtbot.addWidget(window)
    qtbot.addWidget(dialog)
    first, last = entry_range(TODAY)
    for field in (window.onset, dialog.onset_date):
        assert field.minimumDate() == QDate(first.year, first.month, first.day)
        assert field.maximumDate() == QDate(last.year, last.month, last.day)
        field.setDate(QDate(1752, 9, 3))
        assert field.date() == field.minimumDate()
