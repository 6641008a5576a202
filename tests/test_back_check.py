"""The daily back check in the window: asked once a day, answered with one key each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from desktop_app import settings as opt
from desktop_app.core.episode import LegPain, Relief, Trigger, current_answers
from desktop_app.core.history import Movement
from desktop_app.core.history_csv import export_csv
from desktop_app.settings import Settings
from tests.qt_helpers import make_controller, press, screenshot


class Calendar:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 9, 0).astimezone()

    def __call__(self) -> dt.datetime:
        return self.now


def start(qtbot: Any, data: Path, calendar: Calendar, ask: bool = True) -> Any:
    settings = Settings(data)
    settings.set(opt.SAFETY_ANSWER, "none_apply")
    settings.set(opt.FLOOR_MODE, False)
    settings.sync()
    controller = make_controller(qtbot, data, calendar)
    controller.show(ask_back_check=ask)
    return controller


def gone(controller: Any) -> bool:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return controller.back_check.dialog is None


def test_the_first_window_of_the_day_asks_and_one_key_answers_each(
    qtbot: Any, isolated_data_dir: Path
) -> None:
    calendar = Calendar()
    app = start(qtbot, isolated_data_dir, calendar)
    dialog = app.back_check.dialog
    assert dialog is not None and dialog.isVisible()
    screenshot(dialog, "back-check")
    press(dialog, Qt.Key.Key_Return)  # Enter answers nothing
    assert dialog.pages.currentIndex() == 0
    press(dialog, "7")
    press(dialog, "1")
    screenshot(dialog, "back-check-onset")
    press(dialog, "y")  # the first answer also asks when it started (Y: yesterday)
    assert gone(app)
    check = app.history.back_check_on(calendar.now.date())
    assert (check.rating, check.movement) == (7, Movement.HARDLY)
    assert app.history.onset == dt.date(2026, 3, 1)
    assert "Day 2 since your back went" in app.window.start_page.recovery.text()
    # The episode's first check: what a doctor asks first, one key each, asked once.
    episode = app.back_check.episode
    assert episode is not None and episode.isVisible()
    screenshot(episode, "episode-questions")
    press(episode, "2")  # lifting something heavy
    press(episode, Qt.Key.Key_Escape)  # the leg question skipped
    press(episode, "2")  # pain relief from the pharmacy
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert app.back_check.episode is None
    answers = current_answers(app.history)
    assert (answers.trigger, answers.leg, answers.relief) == (
        Trigger.LIFTING,
        None,
        Relief.PHARMACY,
    )
    again = start(qtbot, isolated_data_dir, calendar)
    assert again.back_check.dialog is None  # once a day


def test_skipped_today_is_asked_again_tomorrow_without_the_onset(
    qtbot: Any, isolated_data_dir: Path
) -> None:
    calendar = Calendar()
    app = start(qtbot, isolated_data_dir, calendar)
    press(app.back_check.dialog, "5")
    press(app.back_check.dialog, "2")
    press(app.back_check.dialog, "t")
    calendar.now += dt.timedelta(days=1)
    app.ask_back_check()
    press(app.back_check.dialog, Qt.Key.Key_Escape)
    assert gone(app)
    app.ask_back_check()
    assert app.back_check.dialog is None  # skipped: not again today
    calendar.now += dt.timedelta(days=1)
    app.ask_back_check()
    dialog = app.back_check.dialog
    assert dialog is not None
    press(dialog, Qt.Key.Key_Up)  # 10
    press(dialog, "3")
    assert gone(app)  # no onset question any more
    assert [c.rating for c in app.history.back_checks()] == [5, 10]


def test_a_session_opened_with_routine_is_not_interrupted(
    qtbot: Any, isolated_data_dir: Path
) -> None:
    app = start(qtbot, isolated_data_dir, Calendar(), ask=False)
    assert app.open_routine("lower-back-ball")
    app.ask_back_check()
    assert app.back_check.dialog is None  # never in a session's way
    press(app.window.session_page, Qt.Key.Key_Space)
    press(app.window.session_page, Qt.Key.Key_Escape, times=2)
    # Not over the finish page: its summary is read first (on screen, and by a screen reader).
    assert app.window.pages.currentWidget() is app.window.finish_page
    assert app.back_check.dialog is None
    assert app.window.finish_page.accessibleName().startswith("Session stopped")
    press(app.window.finish_page, Qt.Key.Key_Escape)  # back to the routines: now it is asked
    assert app.window.pages.currentWidget() is app.window.start_page
    assert app.back_check.dialog is not None
    app.back_check.dialog.close()


def test_the_red_flag_check_comes_back_when_the_episode_asks_for_it(
    qtbot: Any, isolated_data_dir: Path
) -> None:
    """Emergency signs develop during an episode: the check answered "none apply" comes back
    after a much worse back check, a week on while the back is not settled, and at a new
    episode — each time saying why, and never answered by a stray Enter."""
    calendar = Calendar()  # 2 March
    today = calendar.now.date()
    settings = Settings(isolated_data_dir)
    settings.set(opt.SAFETY_ANSWERED_ON, (today - dt.timedelta(days=6)).isoformat())
    settings.sync()
    app = start(qtbot, isolated_data_dir, calendar, ask=False)
    app.history.onset = today - dt.timedelta(days=6)  # today is day 7
    for back, rating in enumerate((7, 6, 5, 4, 4, 3)):
        app.history.add_back_check(today - dt.timedelta(days=6 - back), rating, None)
    assert app.safety.cleared()  # six days since the answer, the back getting better
    # Today's back check is 9: the check is back at once, before any routine.
    app.ask_back_check()
    press(app.back_check.dialog, "9")
    press(app.back_check.dialog, "2")
    dialog = app.safety.dialog
    assert dialog is not None and dialog.again.isVisible()
    assert "worse than before" in dialog.again.text()
    screenshot(dialog, "safety-check-again")
    press(dialog, Qt.Key.Key_Return)  # a stray Enter answers nothing
    assert app.safety.dialog is dialog and not app.safety.cleared()
    assert not app.open_routine("lower-back-ball")  # the check first
    dialog.none_apply.click()
    assert app.safety.cleared()
    # A week on, the back still at 5: "anything new?"
    calendar.now += dt.timedelta(days=7)
    app.history.add_back_check(calendar.now.date() - dt.timedelta(days=1), 5, None)
    assert not app.safety.cleared()
    app.safety.open()
    assert "A week has passed" in app.safety.dialog.again.text()
    app.safety.dialog.none_apply.click()
    assert app.safety.cleared()
    # The back went again: a new onset after the answer.
    calendar.now += dt.timedelta(days=1)
    app.history.onset = calendar.now.date()
    assert not app.safety.cleared()
    app.safety.open()
    assert "went again" in app.safety.dialog.again.text()
    app.safety.dialog.close()


def test_a_back_that_goes_again_after_settling_is_asked_about_and_yes_starts_a_new_episode(
    qtbot: Any, isolated_data_dir: Path, tmp_path: Path
) -> None:
    """Settled at 1 by day 10, then 7 on day 20: "Did your back go again?" Yes: today is the
    new episode's first day, the earlier one stays, and the history window, the CSV and the
    report all show both."""
    from desktop_app.app.report import make_report
    from desktop_app.qt.report_pdf import html

    calendar = Calendar()
    onset = calendar.now.date()
    app = start(qtbot, isolated_data_dir, calendar, ask=False)
    app.history.onset = onset
    for day, rating in enumerate((7, 6, 4, 3, 2, 1, 1, 1, 1, 1), start=0):
        app.history.add_back_check(onset + dt.timedelta(days=day), rating, Movement.ALMOST_NORMALLY)
    calendar.now += dt.timedelta(days=19)
    app.ask_back_check()
    dialog = app.back_check.dialog
    assert dialog is not None
    press(dialog, "7")
    press(dialog, "2")
    question = app.back_check.went_again
    assert question is not None and question.isVisible()
    screenshot(question, "went-again")
    question.yes.click()
    today = calendar.now.date()
    assert app.history.onset == today
    assert app.history.earlier_onsets == [onset]
    assert "Day 1 since your back went" in app.window.start_page.recovery.text()
    # A new episode's first check: its own questions.
    episode = app.back_check.episode
    assert episode is not None and episode.isVisible()
    for key in ("1", "1", "1"):
        press(episode, key)
    assert current_answers(app.history).trigger is Trigger.BEND_TWIST
    target = tmp_path / "history.csv"
    export_csv(app.history, target)
    exported = target.read_text(encoding="utf-8")
    assert f"episode_started,{onset.isoformat()}" in exported
    assert f"episode_started,{today.isoformat()}" in exported
    app.windows.open_history()
    window = app.windows.history
    assert (
        window.episodes.isVisibleTo(window) and "earlier episodes began" in window.episodes.text()
    )
    window.close()
    page = html(make_report(app.history, app.settings), 600)
    assert "It had gone before" in page and "new episode" in page


def test_no_keeps_the_episode(qtbot: Any, isolated_data_dir: Path) -> None:
    calendar = Calendar()
    onset = calendar.now.date()
    app = start(qtbot, isolated_data_dir, calendar, ask=False)
    app.history.onset = onset
    for day, rating in enumerate((7, 5, 3, 2, 1, 1), start=0):
        app.history.add_back_check(onset + dt.timedelta(days=day), rating, Movement.ALMOST_NORMALLY)
    calendar.now += dt.timedelta(days=9)
    app.ask_back_check()
    press(app.back_check.dialog, "6")
    press(app.back_check.dialog, "3")
    question = app.back_check.went_again
    assert question is not None
    question.no.click()
    assert app.history.onset == onset and app.history.earlier_onsets == []
    assert "Day 10 since your back went" in app.window.start_page.recovery.text()


def test_pain_down_both_legs_goes_to_the_red_flag_check_with_the_sign_ticked(
    qtbot: Any, isolated_data_dir: Path
) -> None:
    from desktop_app.core.safety import Asked

    calendar = Calendar()
    app = start(qtbot, isolated_data_dir, calendar)
    for key in ("6", "2", "t"):
        press(app.back_check.dialog, key)
    episode = app.back_check.episode
    press(episode, Qt.Key.Key_Escape)
    press(episode, str(list(LegPain).index(LegPain.BOTH) + 1))
    press(episode, Qt.Key.Key_Escape)
    assert current_answers(app.history).leg is LegPain.BOTH
    check = app.safety.dialog
    assert check is not None and check.isVisible()
    assert LegPain.BOTH.emergency in check.ticked
    assert "both legs" in check.again.text()
    check.answered.emit("emergency")  # the person confirms the sign
    (kept,) = app.history.safety_answers()
    assert (kept.reason, kept.answer, kept.signs) == (Asked.LEG_PAIN, "emergency", ("both_legs",))
    # Asked once an episode: the next day's check does not ask again.
    calendar.now += dt.timedelta(days=1)
    app.safety.emergency_signs = ()
    app.back_check.ask()
    for key in ("5", "2"):
        press(app.back_check.dialog, key)
    assert app.back_check.episode is None


@pytest.mark.parametrize(
    ("language", "today", "yesterday", "button"),
    [("en", "t", "y", "T  Today"), ("de", "h", "g", "H  Heute")],
)
def test_the_keys_for_today_and_yesterday_are_letters_of_the_language(
    qtbot: Any, isolated_data_dir: Path, language: str, today: str, yesterday: str, button: str
) -> None:
    """German kept the English T and Y for *heute* and *gestern*; each language's letters now
    answer, are named on the buttons and in the hint, and the other language's do nothing."""
    from PySide6.QtWidgets import QPushButton

    from desktop_app import i18n

    i18n.set_language(language)
    try:
        for key, day in ((today, dt.date(2026, 3, 2)), (yesterday, dt.date(2026, 3, 1))):
            data = isolated_data_dir / key
            app = start(qtbot, data, Calendar())
            dialog = app.back_check.dialog
            press(dialog, "5")
            press(dialog, "2")
            names = [b.text() for b in dialog.findChildren(QPushButton)]
            assert button in names, names
            other = {"t", "y", "h", "g"} - {today, yesterday}
            for letter in sorted(other):
                press(dialog, letter)
                assert app.history.onset is None, letter  # another language's letter
            press(dialog, key)
            assert app.history.onset == day
            app.shutdown()
            app.window.close()
    finally:
        i18n.set_language("en")
