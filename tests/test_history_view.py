"""The history window and the recovery card, through the real widgets."""

from __future__ import annotations

import datetime as dt
import functools
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest

from desktop_app.core.history import History
from tests.qt_helpers import press, screenshot


def fill(history: History, days: int, start: dt.date) -> None:
    """`days` days of sessions with ratings that fall slowly, as a recovery would."""
    for day in range(days):
        moment = dt.datetime.combine(start + dt.timedelta(days=day), dt.time(9, 0)).astimezone()
        history.now = functools.partial(lambda moment: moment, moment)
        session_id = history.start_session("lower-back-ball", "Lower back — massage ball", 5)
        for rating in (max(1, 8 - day // 3), max(0, 6 - day // 4)):
            history.add_event(session_id, 1, "pain_rated", rating)
        history.end_session(session_id, True)


def open_history(widget: Any) -> None:
    """The history's key (Ctrl+H, the window's shortcut) pressed on a page."""
    widget.window().activateWindow()
    QTest.keyClick(widget, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)


@pytest.mark.parametrize("days", [0, 1, 60])
def test_history_window_renders_with_0_1_and_60_days(app_controller: Any, days: int) -> None:
    history = app_controller.history
    today = dt.date.today()
    fill(history, days, today - dt.timedelta(days=max(days - 1, 0)))
    history.onset = today - dt.timedelta(days=max(days - 1, 0))
    open_history(app_controller.window.start_page.list)
    window = app_controller.windows.history
    assert window is not None and window.isVisible()
    assert window.sessions.model().rowCount() == days
    assert len(window.chart.days) == days
    shot = screenshot(window, f"history-{days:02d}-days")
    assert shot.stat().st_size > 10_000
    press(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_a_session_run_in_the_app_appears_in_the_history(app_controller: Any) -> None:
    app_controller.open_routine("walk-through")
    page = app_controller.window.session_page
    press(page, Qt.Key.Key_Space)
    press(page, "6")
    press(page, Qt.Key.Key_Escape, times=2)
    (row,) = app_controller.history.sessions()
    assert (row.routine_id, row.completed, row.pain_first) == ("walk-through", False, 6)
    open_history(app_controller.window.finish_page)
    window = app_controller.windows.history
    assert window.sessions.model().index(0, 3).data() == "stopped"
    told = [window.events.item(i).text() for i in range(window.events.count())]
    assert told[-1] == "Stopped after 0 minutes"


def test_setting_the_day_of_onset_shows_the_day_on_the_start_page(app_controller: Any) -> None:
    app_controller.windows.open_history()
    window = app_controller.windows.history
    three_days_ago = QDate.currentDate().addDays(-2)
    before = window.onset.date()
    press(window.onset, "5")  # a stray digit changes nothing: the field is locked
    assert window.onset.date() == before and not window.onset.isEnabled()
    window.change_onset.click()
    window.onset.setDate(three_days_ago)
    window.set_onset.click()
    window.close()
    text = app_controller.window.start_page.recovery.text()
    assert "Day 3 since your back went." in text
    assert "day 3 and 4" in text


def test_recovery_card_explains_the_daily_check_before_the_first_answer(
    app_controller: Any,
) -> None:
    assert (
        "Once a day the app asks how your back is"
        in app_controller.window.start_page.recovery.text()
    )


def test_export_from_the_history_window_writes_the_csv(app_controller: Any, tmp_path: Path) -> None:
    fill(app_controller.history, 2, dt.date.today() - dt.timedelta(days=1))
    app_controller.windows.open_history()
    target = tmp_path / "history.csv"
    app_controller.windows.history.export_to(target)
    assert len(target.read_text(encoding="utf-8").splitlines()) == 1 + 4
    assert app_controller.windows.history.status.text() == f"Wrote 4 events to {target}."


def test_a_corrupt_history_is_moved_aside_and_the_user_is_told(
    qtbot: Any, isolated_data_dir: Path
) -> None:
    from desktop_app.app.controller import Controller

    (isolated_data_dir / "history.sqlite3").write_bytes(b"this is not a database" * 500)
    controller = Controller(isolated_data_dir)
    qtbot.addWidget(controller.window)
    notice = controller.window.start_page.notice.text()
    assert "moved to" in notice and "corrupt-" in notice
    assert controller.history.available


def test_a_second_app_on_the_same_data_folder_says_the_first_is_running(
    isolated_data_dir: Path,
) -> None:
    from PySide6.QtCore import QLockFile

    lock = QLockFile(str(isolated_data_dir / "lumbago-coach.lock"))
    assert lock.tryLock(100)
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QMessageBox\n"
        "QMessageBox.information = staticmethod(lambda *a, **k: None)\n"
        "from desktop_app.cli import main\n"
        f"sys.exit(main(['--data-dir', {str(isolated_data_dir)!r}]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        cwd=Path(__file__).parent.parent,
    )
    lock.unlock()
    assert result.returncode == 1
    assert "already running" in result.stderr


def test_a_session_reads_as_short_sentences() -> None:
    from desktop_app.core.history import EventRow
    from desktop_app.core.story import tell

    moment = dt.datetime(2026, 11, 20, 9, 0)

    def row(event: str, value: str = "", title: str = "Hold the spot") -> EventRow:
        return EventRow(moment, 1, "r", 0, title, event, value)

    told = tell(
        [
            row("step_started"),
            row("hold_started", "30"),
            row("pain_rated", "6"),
            row("pain_rated", "4"),
            row("hold_ended", "30"),
            row("pain_eased", "6 4"),
            row("step_ended", "completed"),
            row("step_started", title="Roll"),
            *[row("repetition", str(n), "Roll") for n in range(1, 16)],
            row("repetition_cap_reached", "15", "Roll"),
            row("step_ended", "completed", "Roll"),
            row("pain_above_band", "8", "Roll"),
            row("session_finished", "600"),
        ]
    )
    assert told == [
        "Held “Hold the spot” 30 s — pain 6 → 4, eased",
        "Rolled “Roll” 15 times — the cap, so it stopped",
        "Pressed too hard: 8 of 10, told to ease off",
        "Finished after 10 minutes",
    ]


def test_a_preview_at_speed_is_not_kept_and_says_so(qtbot: Any, isolated_data_dir: Path) -> None:
    from desktop_app import settings as opt
    from desktop_app.app.controller import Controller
    from desktop_app.audio.backends import RecordingPlayer
    from desktop_app.core.clock import FakeClock
    from desktop_app.settings import Settings

    settings = Settings(isolated_data_dir)
    settings.set(opt.SAFETY_ANSWER, "none_apply")
    settings.sync()
    controller = Controller(
        isolated_data_dir, clock=FakeClock(), speed=10, player=RecordingPlayer()
    )
    qtbot.addWidget(controller.window)
    assert controller.open_routine("lower-back-ball")
    page = controller.window.session_page
    press(page, Qt.Key.Key_Space)
    press(page, Qt.Key.Key_Escape, times=2)
    assert controller.history.sessions() == []
    finish = controller.window.finish_page
    assert finish.heading.text() == "Session stopped"
    assert "preview at 10× speed is not kept" in finish.unsaved.text()
