"""The red-flag check, the help pages and the keep-moving reminders."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app import settings as opt
from desktop_app.core.clock import FakeClock
from desktop_app.core.help import PAGES
from desktop_app.core.reminder import Reminder
from desktop_app.core.safety import RED_FLAGS, Urgency, advice
from desktop_app.settings import Settings
from tests.qt_helpers import press, screenshot

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture
def fresh_app(qtbot: Any, isolated_data_dir: Path) -> Any:
    """The app as on its first start: nothing acknowledged yet."""
    from desktop_app.app import Controller
    from desktop_app.audio.backends import RecordingPlayer
    from desktop_app.audio.voice import RecordingVoice

    controller = Controller(
        isolated_data_dir,
        clock=FakeClock(),
        player=RecordingPlayer(),
        voice=RecordingVoice(),
        reminder_clock=FakeClock(),
    )
    qtbot.addWidget(controller.window)
    controller.window.resize(1280, 800)
    controller.show()
    yield controller
    if controller.keep_moving is not None:
        controller.keep_moving.stop()


# -- red flags -------------------------------------------------------------------------------


def test_the_check_lists_both_groups_from_the_product_card() -> None:
    assert len([f for f in RED_FLAGS if f.urgency is Urgency.EMERGENCY]) == 5
    assert len([f for f in RED_FLAGS if f.urgency is Urgency.DOCTOR]) == 7


def test_an_emergency_sign_comes_before_a_doctor_sign_in_the_advice() -> None:
    lines = advice(["fever", "bladder"])
    assert lines[0].startswith("Please get emergency help now") and "see a doctor" in lines[1]


def test_first_start_shows_the_safety_check(fresh_app: Any) -> None:
    dialog = fresh_app.safety_dialog
    assert dialog is not None and dialog.isVisible()
    screenshot(dialog, "safety-check")


def test_the_check_blocks_a_routine_until_acknowledged(fresh_app: Any) -> None:
    assert not fresh_app.open_routine("lower-back-ball")
    assert fresh_app.engine is None
    dialog = fresh_app.safety_dialog
    assert dialog.confirm.text() == "None of these apply to me"
    press(dialog, Qt.Key.Key_Return)
    assert fresh_app.engine is not None and fresh_app.engine.routine.id == "lower-back-ball"
    assert fresh_app.window.pages.currentWidget() is fresh_app.window.session_page


def test_a_ticked_sign_shows_what_to_do_and_asks_to_confirm_reading_it(fresh_app: Any) -> None:
    fresh_app.open_routine("lower-back-ball")
    dialog = fresh_app.safety_dialog
    dialog.boxes["chest"].setChecked(True)
    assert dialog.advice.isVisibleTo(dialog)
    assert "emergency help now" in dialog.advice.text()
    assert dialog.confirm.text() == "I have read this"
    screenshot(dialog, "safety-check-emergency")
    assert fresh_app.engine is None
    dialog.confirm.click()
    assert fresh_app.engine is not None
    assert not fresh_app.settings.get(opt.SAFETY_ACKNOWLEDGED)  # asked again next time


def test_not_now_keeps_the_routine_closed(fresh_app: Any) -> None:
    fresh_app.open_routine("lower-back-ball")
    fresh_app.safety_dialog.cancel.click()
    assert fresh_app.engine is None


def test_the_acknowledgement_survives_a_restart(
    qtbot: Any, fresh_app: Any, isolated_data_dir: Path
) -> None:
    from desktop_app.app import Controller

    press(fresh_app.safety_dialog, Qt.Key.Key_Return)
    restarted = Controller(isolated_data_dir)
    qtbot.addWidget(restarted.window)
    restarted.show()
    assert restarted.safety_dialog is None
    assert Settings(isolated_data_dir).get(opt.SAFETY_ACKNOWLEDGED)


def test_the_check_can_be_reviewed_from_help(app_controller: Any) -> None:
    app_controller.window.safety_action.trigger()
    assert app_controller.safety_dialog is not None and app_controller.safety_dialog.isVisible()


# -- help ------------------------------------------------------------------------------------


def test_f1_opens_help_and_the_arrow_keys_move_through_its_pages(app_controller: Any) -> None:
    press(app_controller.window.start_page.list, Qt.Key.Key_F1)
    help_window = app_controller.help_window
    assert help_window.isVisible() and help_window.current_key == "how"
    press(help_window.pages, Qt.Key.Key_Down)
    assert help_window.current_key == "pain"
    assert "4 to 7" in help_window.text.toPlainText()
    screenshot(help_window, "help-pain")
    press(help_window, Qt.Key.Key_Escape)
    assert not help_window.isVisible()


def test_each_help_page_opens_from_the_help_menu(app_controller: Any) -> None:
    for action, page in zip(app_controller.window.help_actions, PAGES, strict=True):
        action.trigger()
        assert app_controller.help_window.current_key == page.key
        assert page.title in app_controller.help_window.text.toPlainText()


@pytest.mark.skipif(
    not (SHARED / "seed").is_dir(),
    reason="the guide and PRODUCT.md live in ../shared beside the checkout (there in CI), not here",
)
def test_help_pages_cite_only_numbers_the_guide_or_the_product_card_give() -> None:
    sources = (SHARED / "seed" / "lumbago-self-treatment.txt").read_text() + (
        SHARED / "PRODUCT.md"
    ).read_text()
    allowed = set(re.findall(r"\d+", sources)) | {"0", "1", "3", "9", "10"}
    for page in PAGES:
        numbers = set(re.findall(r"\d+", page.text))
        assert numbers <= allowed, (page.key, numbers - allowed)


def test_help_pages_promise_no_cure() -> None:
    for page in PAGES:
        lowered = page.text.lower()
        for claim in ("cure", "guarantee", "heals", "always works"):
            assert claim not in lowered, (page.key, claim)


def test_help_names_the_guides_muscles_course_and_measures() -> None:
    text = " ".join(" ".join(page.text for page in PAGES).lower().split())
    for fact in (
        "quadratus lumborum",
        "erector spinae",
        "gluteus maximus",
        "gluteus medius",
        "first two days",
        "three or four days",
        "two weeks",
        "infrared",
        "avoid sitting",
        "lifting",
    ):
        assert fact in text, fact


# -- reminders -------------------------------------------------------------------------------


def test_reminder_is_due_after_the_interval() -> None:
    clock = FakeClock()
    reminder = Reminder(clock, minutes=30)
    reminder.start()
    clock.advance(30 * 60 - 1)
    assert not reminder.due()
    clock.advance(1)
    assert reminder.due()


def test_snooze_postpones_and_pause_stops_the_reminder() -> None:
    clock = FakeClock()
    reminder = Reminder(clock, minutes=30)
    reminder.start()
    clock.advance(30 * 60)
    reminder.snooze(10)
    assert not reminder.due()
    clock.advance(10 * 60)
    assert reminder.due()
    reminder.pause()
    clock.advance(3600)
    assert not reminder.due()


def test_the_app_reminds_at_n_minutes_with_a_sound_and_a_window(app_controller: Any) -> None:
    app_controller.set_reminders(True)
    service = app_controller.keep_moving
    clock = app_controller.reminder_clock
    clock.advance(29 * 60)
    service.check()
    assert service.shown == 0
    clock.advance(60)
    service.check()
    assert service.shown == 1
    assert app_controller.cues.player.cues[-1].value == "check_in"
    if not service.uses_tray:
        assert service.popup.isVisible()
        screenshot(service.popup, "reminder-popup")
        press(service.popup, "s")
        assert not service.popup.isVisible()
        clock.advance(10 * 60)
        service.check()
        assert service.shown == 2
        press(service.popup, "p")
        clock.advance(5 * 3600)
        service.check()
        assert service.shown == 2
    app_controller.set_reminders(False)
    assert not service.running


def test_reminders_are_offered_once_after_the_first_session(app_controller: Any) -> None:
    page = app_controller.window.session_page
    app_controller.open_routine("lower-back-ball")
    press(page, Qt.Key.Key_Space)
    press(page, Qt.Key.Key_Escape, times=2)
    finish = app_controller.window.finish_page
    assert finish.offer.isVisible()
    press(finish, "r")
    assert app_controller.settings.get(opt.REMINDERS_ENABLED)
    assert app_controller.keep_moving.running
    app_controller.open_routine("lower-back-ball")
    press(page, Qt.Key.Key_Space)
    press(page, Qt.Key.Key_Escape, times=2)
    assert not finish.offer.isVisible()


def test_the_reminder_interval_is_set_in_the_settings_window(app_controller: Any) -> None:
    app_controller.open_settings()
    dialog = app_controller.settings_dialog
    dialog.reminders.setChecked(True)
    dialog.reminder_minutes.setValue(45)
    assert app_controller.settings.get(opt.REMINDER_MINUTES) == 45
    clock = app_controller.reminder_clock
    service = app_controller.keep_moving
    clock.advance(44 * 60)
    service.check()
    assert service.shown == 0
    clock.advance(60)
    service.check()
    assert service.shown == 1
    screenshot(dialog, "settings")
    dialog.reminders.setChecked(False)
    assert not service.running
    dialog.close()
