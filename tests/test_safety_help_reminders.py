"""The red-flag check, the help pages and the keep-moving reminders."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from desktop_app import settings as opt
from desktop_app.core.clock import FakeClock
from desktop_app.core.help import pages
from desktop_app.core.reminder import Reminder
from desktop_app.core.safety import (
    Answer,
    Urgency,
    advice,
    by_urgency,
    check_due,
    red_flags,
    sign_groups,
    verdict,
)
from desktop_app.qt.keys import help_key_names
from desktop_app.settings import Settings
from tests.qt_helpers import make_controller, press, screenshot

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


class Calendar:
    """The wall clock the app reads for dates, moved on by the test."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 9, 0).astimezone()

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, days: int) -> None:
        self.now += dt.timedelta(days=days)


@pytest.fixture
def calendar() -> Calendar:
    return Calendar()


def start_controller(qtbot: Any, data_dir: Path, calendar: Calendar) -> Any:
    """The app as `lumbago-coach` starts it, on fake clocks."""
    controller = make_controller(qtbot, data_dir, calendar)
    controller.show()
    return controller


@pytest.fixture
def fresh_app(qtbot: Any, isolated_data_dir: Path, calendar: Calendar) -> Any:
    """The app as on its first start: nothing answered yet."""
    controller = start_controller(qtbot, isolated_data_dir, calendar)
    yield controller
    if controller.safety.dialog is not None:
        controller.safety.dialog.close()  # "not now": the day's back check comes next
    if controller.back_check.dialog is not None:
        controller.back_check.dialog.close()
    if controller.reminders.keep_moving is not None:
        controller.reminders.keep_moving.stop()


def dialog_of(app: Any) -> Any:
    QApplication.processEvents()
    dialog = app.safety.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def no_dialog(app: Any) -> bool:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return app.safety.dialog is None


def visible_buttons(dialog: Any) -> list[str]:
    return [
        button.text()
        for button in (dialog.close_button, dialog.doctor_cleared, dialog.none_apply)
        if button.isVisibleTo(dialog)
    ]


ROUTINE = "walk-through"


# -- red flags: the list ---------------------------------------------------------------------


def test_the_check_lists_the_product_cards_groups_and_nices_red_flags() -> None:
    emergency = {f.key for f in red_flags() if f.urgency is Urgency.EMERGENCY}
    doctor = {f.key for f in red_flags() if f.urgency is Urgency.DOCTOR}
    # The product card's, and NICE NG59's that it lacked (issue 28): both legs, unsteady
    # walking, burning or blood in the urine, infection risks, pregnancy, inflammatory mornings;
    # and the NHS's (issue 36): belly pain or a pulsing belly (an aneurysm), a serious accident
    # (a minor fall is a see-a-doctor-today sign).
    assert emergency == {
        "saddle", "bladder", "sex", "legs", "chest", "belly", "accident", "both_legs", "walking",
    }  # fmt: skip
    assert doctor == {
        "one_leg", "fall", "fever", "immune", "weight", "cancer", "constant", "over50", "bones",
        "thinners", "shape", "high", "local", "urine", "infection", "pregnant", "stiff_mornings",
    }  # fmt: skip
    flags = {f.key: f for f in red_flags()}
    assert "tingling" in flags["saddle"].text
    # Being woken when turning over is lumbago; pain all night in every position is the sign.
    assert "all night" in flags["constant"].text and "turn over" in flags["constant"].text
    # Every see-a-doctor sign says how soon; fever, weight loss and night pain the same or
    # the next day.
    assert all(f.soon is not None for f in flags.values() if f.urgency is Urgency.DOCTOR)
    # The check lists them by how soon, saying it once per group, not after every sign.
    groups = {group.heading: {flag.key for flag in group.flags} for group in sign_groups()}
    assert len(groups) == 3 and set().union(*groups.values()) == set(flags)
    (now, now_keys), (today, today_keys), (days, days_keys) = groups.items()
    assert "emergency" in now and "today or tomorrow" in today and "next few days" in days
    assert {"fever", "weight", "constant", "one_leg"} <= today_keys and "pregnant" in days_keys
    assert "saddle" in now_keys
    assert not any("(" in flag.text and "doctor" in flag.text for flag in flags.values())


def test_the_verdict_is_the_most_urgent_group() -> None:
    assert verdict([]) is None
    assert verdict(["fever"]) is Urgency.DOCTOR
    assert verdict(["fever", "bladder"]) is Urgency.EMERGENCY
    assert advice(["fever", "bladder"])[0].startswith("Get emergency help now")


def test_a_doctors_all_clear_is_asked_again_after_30_days() -> None:
    day = dt.date(2026, 3, 2)
    assert check_due(Answer.NONE, None, day)
    assert not check_due(Answer.NONE_APPLY, day, day + dt.timedelta(days=400))
    assert not check_due(Answer.DOCTOR_CLEARED, day, day + dt.timedelta(days=29))
    assert check_due(Answer.DOCTOR_CLEARED, day, day + dt.timedelta(days=30))
    assert check_due(Answer.DOCTOR_CLEARED, None, day)
    assert check_due(Answer.DOCTOR_CLEARED, day, day - dt.timedelta(days=1))  # clock moved back
    assert check_due(Answer.EMERGENCY, day, day)


# -- red flags: the dialog decides -----------------------------------------------------------


def test_first_start_shows_the_safety_check_with_nothing_default(fresh_app: Any) -> None:
    dialog = dialog_of(fresh_app)
    assert visible_buttons(dialog) == ["Not now", "None of these apply to me"]
    for button in (dialog.close_button, dialog.doctor_cleared, dialog.none_apply):
        assert not button.isDefault() and not button.autoDefault()
    screenshot(dialog, "safety-check")


def test_a_stray_enter_answers_nothing(fresh_app: Any) -> None:
    dialog = dialog_of(fresh_app)
    for target in [dialog, *dialog.boxes.values()]:
        press(target, Qt.Key.Key_Return)
    assert dialog.isVisible() and not dialog.ticked
    assert not fresh_app.safety.cleared()
    assert fresh_app.settings.get(opt.SAFETY_ANSWER) == ""


def test_none_apply_is_a_deliberate_keyboard_choice(fresh_app: Any) -> None:
    fresh_app.open_routine(ROUTINE)
    dialog = dialog_of(fresh_app)
    dialog.none_apply.setFocus()  # Tab lands here; Space presses it
    press(dialog.none_apply, Qt.Key.Key_Space)
    assert fresh_app.session.engine is not None and fresh_app.session.engine.routine.id == ROUTINE
    assert fresh_app.window.pages.currentWidget() is fresh_app.window.session_page
    assert fresh_app.settings.get(opt.SAFETY_ANSWER) == "none_apply"


@pytest.mark.parametrize("how", ["close", "escape", "enter-on-close", "window-close"])
def test_an_emergency_answer_never_leads_to_a_session(fresh_app: Any, how: str) -> None:
    fresh_app.open_routine(ROUTINE)
    dialog = dialog_of(fresh_app)
    dialog.boxes["chest"].setChecked(True)
    assert "emergency help now" in dialog.advice.text()
    assert visible_buttons(dialog) == ["Close"]
    screenshot(dialog, "safety-check-emergency")
    match how:
        case "close":
            dialog.close_button.click()
        case "escape":
            press(dialog, Qt.Key.Key_Escape)
        case "enter-on-close":
            dialog.close_button.setFocus()
            press(dialog.close_button, Qt.Key.Key_Return)
        case "window-close":
            dialog.close()
    assert no_dialog(fresh_app)
    assert fresh_app.session.engine is None
    # Every way in afterwards shows the emergency answer again, and nothing opens.
    for routine_id in fresh_app.window.start_page.routine_ids():
        assert not fresh_app.open_routine(routine_id)
        again = dialog_of(fresh_app)
        assert again.locked and again.boxes["chest"].isChecked()
        assert visible_buttons(again) == ["Close"]
        again.close_button.click()
        assert no_dialog(fresh_app)
    press(fresh_app.window.start_page.list, Qt.Key.Key_Return)
    fresh_app.window.safety_action.trigger()
    dialog_of(fresh_app).close_button.click()
    assert fresh_app.session.engine is None
    assert fresh_app.settings.get(opt.SAFETY_ANSWER) == ""


def test_after_an_emergency_the_next_start_asks_again(
    qtbot: Any, fresh_app: Any, isolated_data_dir: Path, calendar: Calendar
) -> None:
    fresh_app.settings.set(opt.SAFETY_ANSWER, "none_apply")  # answered on an earlier day
    fresh_app.safety.open()
    dialog = dialog_of(fresh_app)
    dialog.boxes["saddle"].setChecked(True)
    dialog.close_button.click()
    restarted = start_controller(qtbot, isolated_data_dir, calendar)
    again = dialog_of(restarted)
    assert not again.locked and not again.ticked
    again.close()


def test_a_doctor_sign_needs_a_deliberate_all_clear(fresh_app: Any) -> None:
    fresh_app.open_routine(ROUTINE)
    dialog = dialog_of(fresh_app)
    dialog.boxes["thinners"].setChecked(True)
    assert "see a doctor" in dialog.advice.text()
    assert visible_buttons(dialog) == ["Close", "A doctor has told me self-massage is fine"]
    screenshot(dialog, "safety-check-doctor")
    press(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and fresh_app.session.engine is None
    dialog.doctor_cleared.setFocus()
    screenshot(dialog, "safety-check-doctor-override")
    press(dialog.doctor_cleared, Qt.Key.Key_Space)
    assert fresh_app.session.engine is not None and fresh_app.session.engine.routine.id == ROUTINE
    assert fresh_app.settings.get(opt.SAFETY_ANSWER) == "doctor_cleared"
    assert fresh_app.settings.get(opt.SAFETY_ANSWERED_ON) == "2026-03-02"


def test_closing_on_a_doctor_sign_opens_nothing_and_asks_next_time(fresh_app: Any) -> None:
    fresh_app.open_routine(ROUTINE)
    dialog = dialog_of(fresh_app)
    dialog.boxes["fever"].setChecked(True)
    dialog.close_button.click()
    assert fresh_app.session.engine is None and not fresh_app.safety.cleared()


def test_the_all_clear_lasts_30_days(
    qtbot: Any, fresh_app: Any, isolated_data_dir: Path, calendar: Calendar
) -> None:
    dialog = dialog_of(fresh_app)
    dialog.boxes["cancer"].setChecked(True)
    dialog.doctor_cleared.click()
    assert fresh_app.safety.cleared()
    calendar.advance(29)
    assert fresh_app.safety.cleared()
    calendar.advance(1)
    assert not fresh_app.safety.cleared()
    restarted = start_controller(qtbot, isolated_data_dir, calendar)
    dialog_of(restarted).close()


def test_not_now_keeps_the_routine_closed(fresh_app: Any) -> None:
    fresh_app.open_routine(ROUTINE)
    fresh_app.safety.dialog.close_button.click()
    assert fresh_app.session.engine is None


WAYS_IN = ("first start", "routine", "help menu", "help page", "twice")
WAYS_OUT = ("not now", "escape", "window close")


@pytest.mark.parametrize("order", list(itertools.permutations(WAYS_IN, 3)))
def test_the_check_opens_and_closes_in_any_order(fresh_app: Any, order: tuple[str, ...]) -> None:
    for number, way in enumerate(order):
        match way:
            case "first start":
                fresh_app.show()
            case "routine":
                assert not fresh_app.open_routine(ROUTINE)
            case "help menu":
                fresh_app.window.safety_action.trigger()
            case "help page":
                fresh_app.windows.open_help("how")
                fresh_app.windows.help.safety_requested.emit()
            case "twice":
                fresh_app.safety.open()
                fresh_app.safety.open()
        dialog = dialog_of(fresh_app)
        match WAYS_OUT[number % len(WAYS_OUT)]:
            case "not now":
                dialog.close_button.click()
            case "escape":
                press(dialog, Qt.Key.Key_Escape)
            case "window close":
                dialog.close()
        assert no_dialog(fresh_app), way
    assert fresh_app.session.engine is None
    fresh_app.open_routine(ROUTINE)
    dialog_of(fresh_app).none_apply.click()
    assert fresh_app.session.engine is not None


def test_the_answer_survives_a_restart(
    qtbot: Any, fresh_app: Any, isolated_data_dir: Path, calendar: Calendar
) -> None:
    dialog_of(fresh_app).none_apply.click()
    restarted = start_controller(qtbot, isolated_data_dir, calendar)
    assert no_dialog(restarted)
    assert Settings(isolated_data_dir).get(opt.SAFETY_ANSWER) == "none_apply"


def test_the_old_acknowledgement_still_counts(qtbot: Any, isolated_data_dir: Path) -> None:
    old = Settings(isolated_data_dir)
    old.set(opt.SAFETY_ACKNOWLEDGED, True)
    old.sync()
    restarted = start_controller(qtbot, isolated_data_dir, Calendar())
    assert no_dialog(restarted) and restarted.safety.cleared()


def test_the_check_can_be_reviewed_from_help(app_controller: Any) -> None:
    app_controller.window.safety_action.trigger()
    assert app_controller.safety.dialog is not None and app_controller.safety.dialog.isVisible()
    app_controller.safety.dialog.close()


def test_the_emergency_signs_stay_visible_in_help(app_controller: Any) -> None:
    app_controller.windows.open_help("safety")
    text = app_controller.windows.help.text.toPlainText()
    for flag in by_urgency(Urgency.EMERGENCY):
        assert flag.text in text
    screenshot(app_controller.windows.help, "help-safety")


# -- help ------------------------------------------------------------------------------------


def test_f1_opens_help_and_the_arrow_keys_move_through_its_pages(app_controller: Any) -> None:
    press(app_controller.window.start_page.list, Qt.Key.Key_F1)
    help_window = app_controller.windows.help
    assert help_window.isVisible() and help_window.current_key == "how"
    press(help_window.pages, Qt.Key.Key_Down)
    assert help_window.current_key == "pain"
    assert "4 to 7" in help_window.text.toPlainText()
    screenshot(help_window, "help-pain")
    press(help_window, Qt.Key.Key_Escape)
    assert not help_window.isVisible()


def test_each_help_page_opens_from_the_help_menu(app_controller: Any) -> None:
    for action, page in zip(
        app_controller.window.help_actions, pages(help_key_names()), strict=True
    ):
        action.trigger()
        assert app_controller.windows.help.current_key == page.key
        assert page.title in app_controller.windows.help.text.toPlainText()


@pytest.mark.skipif(
    not (SHARED / "seed").is_dir(),
    reason="the guide and PRODUCT.md live in ../shared beside the checkout (there in CI), not here",
)
def test_help_pages_cite_only_numbers_the_guide_or_the_product_card_give() -> None:
    sources = (SHARED / "seed" / "lumbago-self-treatment.txt").read_text(encoding="utf-8") + (
        SHARED / "PRODUCT.md"
    ).read_text(encoding="utf-8")
    allowed = set(re.findall(r"\d+", sources)) | {"0", "1", "3", "9", "10"}
    for page in pages(help_key_names()):
        numbers = set(re.findall(r"\d+", page.text))
        assert numbers <= allowed, (page.key, numbers - allowed)


def test_the_pain_page_reads_the_pain_rules_it_explains(monkeypatch: pytest.MonkeyPatch) -> None:
    """The band, "too much" and the rise come from the pain rules: change them, the page follows."""
    from desktop_app.core import help
    from desktop_app.core.routines import PainSettings

    monkeypatch.setattr(help, "PainSettings", lambda: PainSettings(3, 6, 3))
    text = next(page.text for page in help.pages(help_key_names()) if page.key == "pain")
    assert "**3 to 6**" in text and "6 is a firm upper limit" in text
    assert "at least 3 points above" in text and "Under 3," in text
    assert "a rating of 7 or more" in " ".join(text.lower().split())
    assert "4 to 7" not in text and "8 or more" not in text


def test_help_pages_promise_no_cure() -> None:
    for page in pages(help_key_names()):
        lowered = page.text.lower()
        for claim in ("cure", "guarantee", "heals", "always works"):
            assert claim not in lowered, (page.key, claim)


def test_help_names_the_guides_muscles_course_and_measures() -> None:
    text = " ".join(" ".join(page.text for page in pages(help_key_names())).lower().split())
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
    app_controller.reminders.set_enabled(True)
    service = app_controller.reminders.keep_moving
    clock = app_controller.reminders.clock
    clock.advance(29 * 60)
    service.check()
    assert service.shown == 0
    clock.advance(60)
    service.check()
    assert service.shown == 1
    assert app_controller.sound.cues.player.cues[-1].value == "check_in"
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
    app_controller.reminders.set_enabled(False)
    assert not service.running


def test_reminders_are_offered_once_after_the_first_session(app_controller: Any) -> None:
    page = app_controller.window.session_page
    app_controller.open_routine("walk-through")
    press(page, Qt.Key.Key_Space)
    press(page, Qt.Key.Key_Escape, times=2)
    finish = app_controller.window.finish_page
    assert finish.offer.isVisible()
    press(finish, "k")  # K: R is "roll" in this window
    assert app_controller.settings.get(opt.REMINDERS_ENABLED)
    assert app_controller.reminders.keep_moving.running
    app_controller.open_routine("walk-through")
    press(page, Qt.Key.Key_Space)
    press(page, Qt.Key.Key_Escape, times=2)
    assert not finish.offer.isVisible()


def test_the_reminder_interval_is_set_in_the_settings_window(app_controller: Any) -> None:
    app_controller.open_settings()
    dialog = app_controller.windows.settings
    dialog.reminders.setChecked(True)
    dialog.reminder_minutes.setValue(45)
    assert app_controller.settings.get(opt.REMINDER_MINUTES) == 45
    clock = app_controller.reminders.clock
    service = app_controller.reminders.keep_moving
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


def test_an_answered_check_comes_back_for_the_episode_and_only_then() -> None:
    from desktop_app.core.history import BackCheck
    from desktop_app.core.safety import Asked, recheck

    onset = dt.date(2026, 3, 1)

    def checks(*ratings: int) -> list[BackCheck]:
        days = [onset + dt.timedelta(days=n) for n in range(len(ratings))]
        return [
            BackCheck(d, r, None, dt.datetime.combine(d, dt.time(9)))
            for d, r in zip(days, ratings, strict=True)
        ]

    def day(n: int) -> dt.date:
        return onset + dt.timedelta(days=n)

    assert recheck(None, onset, onset, []) is None  # never answered: check_due asks
    assert recheck(onset, day(3), day(2), []) is Asked.NEW_EPISODE
    # Worse by 2 after the answer, or 9 after day 4: back; the same checks before it: not.
    rising = checks(6, 5, 4, 4, 6)
    assert recheck(day(1), day(4), onset, rising) is Asked.WORSE
    assert recheck(day(4), day(4), onset, rising) is None
    high = checks(9, 9, 8, 8, 9)
    assert recheck(day(1), day(4), onset, high) is Asked.WORSE  # day 5
    assert recheck(day(1), day(3), onset, high[:4]) is None  # 8 on day 4
    # A week on: back while the back is not settled, not once it is (0–2).
    assert recheck(onset, day(7), onset, checks(7, 6, 5, 4, 4, 3, 3, 3)) is Asked.WEEKLY
    assert recheck(onset, day(7), onset, checks(7, 6, 5, 4, 2, 1, 1, 0)) is None
    assert recheck(onset, day(6), onset, checks(7, 6, 5, 4, 4, 3, 3)) is None
