"""The window through its real widgets and keys, on a fake clock (offscreen)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from desktop_app.core.actions import Action
from desktop_app.core.routines import StepKind
from desktop_app.core.session import Phase
from desktop_app.qt.start_view import ROUTINE_ROLE
from desktop_app.view.presenter import seconds_left
from tests.conftest import VALID_ROUTINE
from tests.qt_helpers import press, screenshot, wait

# walk-through (the tests' own): 1 prepare, 2 rolling, 3 hold, 4 spot, 5 prepare


def start_routine(controller: Any, routine_id: str = "walk-through") -> Any:
    assert controller.open_routine(routine_id)
    page = controller.window.session_page
    press(page, Qt.Key.Key_Space)
    return page


def go_to_step(controller: Any, index: int) -> Any:
    page = start_routine(controller)
    while controller.session.engine.view().step_index < index:
        if not controller.session.engine.next_step():
            assert controller.session.engine.next_step()  # a hold asks to confirm
    controller.session.advance()
    return page


def test_routine_picked_from_the_routines_menu_opens_the_session(app_controller: Any) -> None:
    window = app_controller.window
    action = next(a for a in window.routines_menu.actions() if a.data() == "walk-through")
    action.trigger()
    assert window.pages.currentWidget() is window.session_page
    assert window.session_page.title.text() == "Lie down, legs up"
    assert "Walk-through" in window.session_page.step_label.text()


def test_routine_picked_from_the_start_page_with_the_keyboard_opens_it(app_controller: Any) -> None:
    window = app_controller.window
    routine_list = window.start_page.list
    assert routine_list.accessibleName() == "Routine list"
    press(routine_list, Qt.Key.Key_Down)
    chosen = window.start_page.current_routine_id()
    press(routine_list, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.session_page
    assert app_controller.session.engine.routine.id == chosen


def test_a_session_waits_for_space_before_it_starts(app_controller: Any) -> None:
    app_controller.open_routine("walk-through")
    page = app_controller.window.session_page
    assert page.big.currentWidget() is page.start_key
    press(page, Qt.Key.Key_Space)
    assert app_controller.session.engine.phase is Phase.ACTIVE


def test_a_hold_runs_end_to_end_on_screen(app_controller: Any) -> None:
    page = go_to_step(app_controller, 2)
    dial = page.dial
    wait(app_controller, 1)
    assert page.big.currentWidget() is dial
    assert (dial.state, page.caption.text()) == ("lead_in", "get ready")
    wait(app_controller, 4)
    assert (dial.seconds, dial.state) == (30, "normal")
    wait(app_controller, 20.05)
    assert dial.state == "lower_bound"
    assert page.caption.text() == "you may release once it has eased"
    assert dial.seconds == 10
    wait(app_controller, 10)
    assert dial.seconds is None and dial.state == "done"
    assert page.caption.text().startswith("Done")


@pytest.mark.parametrize("size", [(1280, 800), (1024, 600)])
def test_countdown_digits_are_large_and_stay_inside_the_ring(
    app_controller: Any, size: tuple[int, int]
) -> None:
    """The picture shares the width now, so the digits are a sixth of the window high, not a
    quarter (still 130 px at 800: several centimetres, read from two metres), and never cross
    the ring, two digits or three."""
    app_controller.window.resize(*size)
    page = go_to_step(app_controller, 2)
    wait(app_controller, 6)
    QApplication.processEvents()
    assert page.dial.digit_height() >= app_controller.window.height() / 6
    for digits in ("30", "88", "120"):
        assert page.dial.digits_inside_ring(digits), digits


def test_enter_twenty_times_on_a_rolling_step_stops_at_fifteen(app_controller: Any) -> None:
    page = go_to_step(app_controller, 1)
    press(page, Qt.Key.Key_Return, times=20)
    assert page.counter.text == "15 / 15"
    assert page.counter.message == "That's 15. Enough for this spot"
    assert page.notice.text() == "That's 15 for this spot: the count has stopped."
    assert app_controller.session.engine.view().step_index == 1


def test_rating_4_then_6_on_one_spot_shows_the_pain_warning(app_controller: Any) -> None:
    page = go_to_step(app_controller, 3)
    press(page, "r")
    press(page, "4")
    assert not page.warning.isVisible()
    press(page, "6")
    assert page.warning.isVisible()
    assert page.warning.accessibleDescription() == "Pain warning"
    assert page.warning.text() == "Up from 4 to 6 since you settled: ease off a little."


def test_warning_stays_until_the_next_rating(app_controller: Any) -> None:
    page = go_to_step(app_controller, 3)
    press(page, "r")
    press(page, "9")
    assert page.warning.text() == "Pressed too hard: 9 of 10. Ease off."
    wait(app_controller, 20)
    assert page.warning.isVisible()
    press(page, "5")
    assert not page.warning.isVisible()


def test_pain_scale_shows_the_rating_and_up_steps_to_ten(app_controller: Any) -> None:
    page = start_routine(app_controller)
    press(page, "9")
    assert page.pain.rating == 9
    press(page, Qt.Key.Key_Up)
    assert page.pain.rating == 10
    press(page, Qt.Key.Key_Down, times=2)
    assert page.pain.rating == 8


def test_space_pauses_with_an_overlay_and_resumes(app_controller: Any) -> None:
    page = go_to_step(app_controller, 2)
    press(page, Qt.Key.Key_Space)
    assert page.overlay.isVisible() and page.overlay.title == "Paused"
    wait(app_controller, 60)
    assert app_controller.session.engine.view().phase is Phase.LEAD_IN
    press(page, Qt.Key.Key_Space)
    assert not page.overlay.isVisible()


def test_right_moves_on_and_left_goes_back(app_controller: Any) -> None:
    page = start_routine(app_controller)
    press(page, Qt.Key.Key_Right)
    assert page.title.text() == "Roll over the side of the lower back"
    press(page, Qt.Key.Key_Left)
    assert page.title.text() == "Lie down, legs up"


def test_right_during_a_hold_asks_before_skipping_it(app_controller: Any) -> None:
    page = go_to_step(app_controller, 2)
    press(page, Qt.Key.Key_Right)
    assert page.hint.isVisible() and "Press → again" in page.hint.text()
    press(page, Qt.Key.Key_Right)
    assert app_controller.session.engine.view().step_index == 3


def test_spot_keys_choose_roll_or_hold_and_next_spot(app_controller: Any) -> None:
    page = go_to_step(app_controller, 3)
    assert page.big.currentWidget() is page.choice
    press(page, "h")
    assert app_controller.session.engine.view().phase is Phase.LEAD_IN
    press(page, "n")
    assert app_controller.session.engine.view().spot_number == 2
    press(page, "r")
    assert page.big.currentWidget() is page.counter


def test_escape_asks_once_then_stops_and_shows_the_summary(app_controller: Any) -> None:
    page = start_routine(app_controller)
    window = app_controller.window
    press(page, Qt.Key.Key_Escape)
    assert "Press Esc again" in page.notice.text()
    assert window.pages.currentWidget() is page
    press(page, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.finish_page
    assert window.finish_page.heading.text() == "Session stopped — it is saved"


def test_another_key_between_the_two_escapes_keeps_the_session(app_controller: Any) -> None:
    page = start_routine(app_controller)
    press(page, Qt.Key.Key_Escape)
    press(page, "5")
    press(page, Qt.Key.Key_Escape)
    assert app_controller.session.engine.phase is Phase.ACTIVE


def test_m_mutes_and_unmutes(app_controller: Any) -> None:
    page = start_routine(app_controller)
    press(page, "m")
    assert app_controller.sound.muted and page.sound_status.text() == "Muted · press M"
    press(page, "m")
    assert not app_controller.sound.muted


def test_f11_toggles_full_screen(app_controller: Any) -> None:
    page = start_routine(app_controller)
    window = app_controller.window
    press(page, Qt.Key.Key_F11)
    assert window.isFullScreen()
    press(page, Qt.Key.Key_F11)
    assert not window.isFullScreen()


def test_question_mark_shows_the_key_map_and_any_key_closes_it(app_controller: Any) -> None:
    page = start_routine(app_controller)
    press(page, "?")
    key_map = app_controller.window.key_map
    assert key_map.isVisible()
    assert any("Space" in line for line in key_map.lines)
    press(key_map, "x")
    assert not key_map.isVisible()


def test_key_map_is_on_screen_in_the_session(app_controller: Any) -> None:
    page = start_routine(app_controller)
    text = page.keymap.text()
    for key in ("Space", "Enter", "→", "←", "0–9", "M", "F11", "Esc", "?"):
        assert key in text


def test_finishing_a_routine_shows_the_summary_and_what_to_do_next(app_controller: Any) -> None:
    page = start_routine(app_controller, "immediate-relief")
    window = app_controller.window
    for _minute in range(15):  # hands-free: a rating now and then is all it takes
        if window.pages.currentWidget() is not page:
            break
        press(page, "5")
        wait(app_controller, 60, step=0.5)
    assert window.pages.currentWidget() is window.finish_page
    assert window.finish_page.heading.text() == "Well done"
    assert ("Steps", "6 of 6") in window.finish_page.rows
    assert "walk" in window.finish_page.next_steps.text().lower()
    assert window.finish_page.emergency.isVisible()
    assert "emergency help" in window.finish_page.emergency.text()
    screenshot(window, "finish")


def test_accessible_names_are_exact(app_controller: Any) -> None:
    start_routine(app_controller)
    widgets = app_controller.window.findChildren(QWidget)
    names = {w.accessibleName() for w in widgets}
    # Painted widgets and lists are named for what they are; their value is the description.
    for name in ("Countdown", "Repetitions", "Pain rating", "Illustration", "Step progress"):
        assert name in names
    assert "Routine list" in names
    # A label's name is its text (what a screen reader reads); what it is for, its description.
    page = app_controller.window.session_page
    for label, purpose in ((page.title, "Step title"), (page.instruction, "Step instruction")):
        assert label.accessibleName() == "" and label.accessibleDescription() == purpose
        assert label.text()
    assert page.warning.accessibleDescription() == "Pain warning"


def test_countdown_is_announced_every_ten_seconds_and_in_the_last_three(
    app_controller: Any,
) -> None:
    heard: list[str] = []
    app_controller.window.session_page.dial.announced.connect(heard.append)
    go_to_step(app_controller, 2)
    wait(app_controller, 40, step=0.05)
    seconds = [int(text.split()[0]) for text in heard]
    # The first step's wait (20 s, announced as it starts), the lead-in (5 s), then the hold:
    # every 10 s and each of the last 3.
    assert seconds == [20, 5, 3, 2, 1, 30, 20, 10, 3, 2, 1]
    assert heard[5] == "30 seconds, hold still, breathe out"
    # A time is said once: "40 seconds left", never "40 seconds, seconds left".
    assert all(text.count("second") == 1 for text in heard), heard
    dial = app_controller.window.session_page.dial
    dial.new_countdown()
    dial._announce(40, seconds_left())
    assert heard[-1] == "40 seconds left"


def test_missing_illustration_shows_a_placeholder_and_the_step_works(
    app_controller: Any, isolated_data_dir: Path
) -> None:
    text = VALID_ROUTINE.replace("illustrations/lie-legs-up.svg", "illustrations/gone.svg")
    (isolated_data_dir / "routines" / "mine.yaml").write_text(text, encoding="utf-8")
    app_controller.routines.reload()
    page = start_routine(app_controller, "test-routine")
    assert page.illustration.missing
    press(page, Qt.Key.Key_Return)
    assert app_controller.session.engine.view().step_index == 1
    assert not page.illustration.missing


def test_app_opens_with_a_broken_routine_file_and_shows_the_problem(
    qtbot: Any, isolated_data_dir: Path
) -> None:
    from desktop_app.app.controller import Controller

    folder = isolated_data_dir / "routines"
    folder.mkdir(exist_ok=True)
    (folder / "broken.yaml").write_text("schema: 1\nid: broken\ntitle: [\n", encoding="utf-8")
    controller = Controller(isolated_data_dir)
    qtbot.addWidget(controller.window)
    start = controller.window.start_page
    assert start.problems_button.text() == "⚠  1 routine file has a problem. Press E to see it."
    assert len(controller.window.start_page.routine_ids()) == 5
    press(start, "e")
    assert start.problems_text.isVisibleTo(start)
    assert f"{folder / 'broken.yaml'}:4: YAML syntax error" in start.problems_text.toPlainText()


def test_a_new_user_routine_appears_without_restarting(
    app_controller: Any, isolated_data_dir: Path
) -> None:
    (isolated_data_dir / "routines" / "new.yaml").write_text(VALID_ROUTINE, encoding="utf-8")
    app_controller.routines.reload()  # what the folder watcher calls
    titles = [a.text() for a in app_controller.window.routines_menu.actions()]
    assert "Test routine" in titles


def test_unknown_routine_id_is_reported_and_the_app_stays_on_the_start_page(
    app_controller: Any,
) -> None:
    assert not app_controller.open_routine("no-such-routine")
    window = app_controller.window
    assert window.pages.currentWidget() is window.start_page
    assert "no-such-routine" in window.start_page.notice.text()


def test_window_size_and_position_are_remembered(qtbot: Any, isolated_data_dir: Path) -> None:
    from desktop_app.app.controller import Controller

    first = Controller(isolated_data_dir)
    qtbot.addWidget(first.window)
    # The offscreen screen is 800×600, and a restored window is kept on the screen.
    first.window.setGeometry(0, 30, 760, 540)
    first.save_window()
    second = Controller(isolated_data_dir)
    qtbot.addWidget(second.window)
    assert (second.window.width(), second.window.height()) == (760, 540)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_theme_colours_reach_the_widgets(app_controller: Any, theme: str) -> None:
    app_controller.looks.choose(theme, save=False)
    assert app_controller.window.session_page.dial.theme.name == theme
    # The start page's heading is drawn in the theme's text colour, the page in its window
    # colour: what a person sees change.
    QApplication.processEvents()
    image = app_controller.window.start_page.grab().toImage()
    assert image.pixelColor(2, 2).name() == app_controller.window.theme.window
    heading = app_controller.window.start_page.heading
    assert f"color:{app_controller.window.theme.text}" in heading.styleSheet()


def test_every_bundled_illustration_is_a_valid_svg_that_renders_at_300_px(
    app_controller: Any,
) -> None:
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    from desktop_app.library import load_all

    routines = load_all(app_controller.data_dir).routines
    paths = {s.illustration_path for r in routines for s in r.steps}
    assert None not in paths and len(paths) >= 10
    for path in paths:
        renderer = QSvgRenderer(str(path))
        assert renderer.isValid(), path
        image = QImage(300, 225, QImage.Format.Format_ARGB32)
        image.fill(0)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        assert len({image.pixel(x, y) for x in range(0, 300, 5) for y in range(0, 225, 5)}) > 3, (
            path
        )


def test_routine_cards_span_the_list_so_their_text_is_large_and_unclipped(
    app_controller: Any,
) -> None:
    start = app_controller.window.start_page
    routine_list = start.list
    app_controller.looks.choose("dark", save=False)  # restyling must not shrink the cards

    def cards() -> list[Any]:
        QApplication.processEvents()
        model = routine_list.model()
        return [
            model.index(row, 0)
            for row in range(model.rowCount())
            if model.index(row, 0).data(ROUTINE_ROLE)
        ]

    def check() -> None:
        width = routine_list.viewport().width()
        assert len(cards()) == 5 + 1  # the bundled ones and the tests' own
        for index in cards():
            rect = routine_list.visualRect(index)
            assert 0.9 * width <= rect.width() <= width
            # Tall enough for its text wrapped at that width: title, summary and details.
            wrapped = start.delegate.text_blocks(start.model.listing(index), rect.width())
            assert len(wrapped) == 3
            assert rect.height() >= sum(block[2] for block in wrapped)

    check()
    app_controller.window.resize(1000, 700)  # narrower: the cards follow, nothing is cut off
    check()


def test_no_window_is_larger_than_its_screen(app_controller: Any) -> None:
    """1024×600 netbooks and 2× scaling leave little room; the offscreen screen (800×600) is
    smaller still. Every window must fit with its buttons on screen."""
    from PySide6.QtWidgets import QApplication

    screen = QApplication.primaryScreen().availableGeometry()
    c = app_controller
    c.window.resize(10_000, 10_000)  # ask for too much: the window must still fit
    c.window.resize(screen.width(), screen.height())
    c.open_settings()
    c.windows.open_help("safety")
    c.windows.open_history()
    c.safety.open()
    windows = [c.window, c.windows.settings, c.windows.help, c.windows.history, c.safety.dialog]
    for window in windows:
        assert window.minimumSizeHint().width() <= screen.width(), window
        assert window.minimumSizeHint().height() <= screen.height(), window
        assert window.width() <= screen.width() and window.height() <= screen.height(), (
            window,
            window.size(),
            screen,
        )
    c.safety.dialog.close()
    for window in windows[1:4]:
        window.close()


def test_floor_mode_fills_the_screen_for_a_session(app_controller: Any) -> None:
    from desktop_app import settings as opt

    app_controller.settings.set(opt.FLOOR_MODE, True)
    app_controller.window.showNormal()
    assert app_controller.open_routine("walk-through")
    assert app_controller.window.isMaximized() or app_controller.window.isFullScreen()


def test_the_finish_page_offers_the_voice_once(app_controller: Any) -> None:
    from desktop_app import settings as opt

    app_controller.settings.set(opt.REMINDERS_OFFERED, True)  # one offer at a time

    page = start_routine(app_controller)
    press(page, Qt.Key.Key_Escape, times=2)
    finish = app_controller.window.finish_page
    assert finish.voice_offer.isVisible()
    press(finish, Qt.Key.Key_V)
    assert (
        app_controller.settings.get(opt.VOICE_ENABLED) and app_controller.sound.cues.voice_enabled
    )
    app_controller.settings.set(opt.VOICE_ENABLED, False)
    page = start_routine(app_controller)
    press(page, Qt.Key.Key_Escape, times=2)
    assert not finish.voice_offer.isVisible()  # asked once only


def test_text_from_a_routine_file_is_shown_as_typed(
    app_controller: Any, isolated_data_dir: Path
) -> None:
    hostile = (
        VALID_ROUTINE.replace("title: Test routine", 'title: "<h1>Big</h1> &amp; <img src=x>"')
        .replace("summary: A routine for tests.", 'summary: "<a href=x>link</a>"')
        .replace("instruction: Lie on your back.", 'instruction: "<b>bold</b> &lt;"')
    )
    (isolated_data_dir / "routines" / "mine.yaml").write_text(hostile, encoding="utf-8")
    app_controller.routines.reload()
    start = app_controller.window.start_page
    row = start.model.row_of("test-routine")
    assert row is not None
    # The card is painted from the text as typed (QPainter.drawText knows no markup).
    assert start.model.index(row, 0).data() == "<h1>Big</h1> &amp; <img src=x>"
    assert not [w for w in start.findChildren(QLabel) if "<h1>" in w.text()]
    page = start_routine(app_controller, "test-routine")
    assert page.instruction.text() == "<b>bold</b> &lt;"
    assert page.instruction.textFormat() is Qt.TextFormat.PlainText
    assert page.title.textFormat() is Qt.TextFormat.PlainText


def test_the_finish_page_never_says_saved_when_nothing_was(app_controller: Any) -> None:
    page = start_routine(app_controller)
    app_controller.history.close()  # the disk is gone from under it: writes now fail
    press(page, "5")
    press(page, Qt.Key.Key_Escape, times=2)
    finish = app_controller.window.finish_page
    assert finish.heading.text() == "Session stopped"
    assert finish.unsaved.isVisible()
    assert finish.unsaved.text().startswith("This session could not be saved in your history")


def test_a_saved_stop_says_so(app_controller: Any) -> None:
    page = start_routine(app_controller)
    press(page, Qt.Key.Key_Escape, times=2)
    finish = app_controller.window.finish_page
    assert finish.heading.text() == "Session stopped — it is saved"
    assert not finish.unsaved.isVisible()


def test_a_finished_spot_shows_every_way_on_as_a_card(
    app_controller: Any, isolated_data_dir: Path
) -> None:
    (isolated_data_dir / "routines" / "mine.yaml").write_text(VALID_ROUTINE, encoding="utf-8")
    app_controller.routines.reload()
    page = start_routine(app_controller, "test-routine")
    while app_controller.session.engine.view().step_index < 3:  # the spot step
        if not app_controller.session.engine.next_step():
            app_controller.session.engine.next_step()
    press(page, "h")
    wait(app_controller, 5 + 30 + 0.5)
    assert page.next_spot_key.isVisible() and page.area_done_key.isVisible()
    assert page.roll_key.isVisible() and page.hold_key.isVisible()
    screenshot(app_controller.window, "spot-done")
    press(page, "n")
    assert not page.next_spot_key.isVisible()  # choosing again: R or H


def test_the_history_key_after_leaving_a_menu_with_esc_opens_the_history(
    app_controller: Any,
) -> None:
    window = app_controller.window
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    QApplication.processEvents()
    menu = window.menuBar().activeAction()
    if menu is not None and menu.menu() is not None:
        QTest.keyClick(menu.menu(), Qt.Key.Key_Escape)
    for _ in range(3):
        QApplication.processEvents()
    focused = QApplication.focusWidget() or window.start_page.list
    QTest.keyClick(focused, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert app_controller.windows.history is not None and app_controller.windows.history.isVisible()
    app_controller.windows.history.close()


def test_thousands_of_routines_fill_the_list_while_the_window_answers(
    qtbot: Any, isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window does not wait for every file: it says how far reading has got, fills the
    list a portion at a time, and a routine asked for by id before then still opens."""
    from desktop_app import settings as opt
    from desktop_app.app import controller as app_module
    from desktop_app.app import routines as routine_feed
    from desktop_app.settings import Settings

    folder = isolated_data_dir / "routines"
    folder.mkdir(exist_ok=True)
    for n in range(300):
        (folder / f"r{n:03d}.yaml").write_text(
            VALID_ROUTINE.replace("test-routine", f"r{n}"), encoding="utf-8"
        )
    answered = Settings(isolated_data_dir)
    answered.set(opt.SAFETY_ANSWER, "none_apply")
    answered.sync()
    monkeypatch.setattr(routine_feed, "FIRST_READ_SECONDS", 0.0)
    monkeypatch.setattr(routine_feed, "READ_PORTION_SECONDS", 0.0)
    controller = app_module.Controller(isolated_data_dir)
    qtbot.addWidget(controller.window)
    start = controller.window.start_page
    assert start.subheading.text().startswith("Reading your routines: ")
    assert len(start.routine_ids()) < 300
    qtbot.waitUntil(lambda: len(start.routine_ids()) == 305, timeout=10_000)
    assert start.subheading.text().startswith("Choose a routine")
    mine = [a.text() for a in controller.window.routines_menu.actions()]
    assert len(mine) == 5 + 20 + 1 and mine[-1] == "… 280 more of your routines on the start page"


def test_a_routine_asked_for_before_its_file_was_read_opens(
    qtbot: Any, isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app import settings as opt
    from desktop_app.app import controller as app_module
    from desktop_app.app import routines as routine_feed
    from desktop_app.settings import Settings

    folder = isolated_data_dir / "routines"
    folder.mkdir(exist_ok=True)
    for n in range(50):
        (folder / f"r{n:02d}.yaml").write_text(
            VALID_ROUTINE.replace("test-routine", f"r{n}"), encoding="utf-8"
        )
    answered = Settings(isolated_data_dir)
    answered.set(opt.SAFETY_ANSWER, "none_apply")
    answered.sync()
    monkeypatch.setattr(routine_feed, "FIRST_READ_SECONDS", 0.0)
    controller = app_module.Controller(isolated_data_dir)
    qtbot.addWidget(controller.window)
    assert controller.open_routine("r49")  # what --routine r49 does at start-up
    assert controller.session.engine is not None
    assert controller.session.engine.routine.id == "r49"


def test_the_settings_dialog_offers_exactly_what_the_settings_accept(app_controller: Any) -> None:
    from desktop_app import settings as opt

    app_controller.open_settings()
    dialog = app_controller.windows.settings
    for spin, option, per_unit in (
        (dialog.checkin, opt.CHECKIN_AFTER, 60),
        (dialog.pace, opt.ROLLING_PACE, 1),
        (dialog.spot_wait, opt.SPOT_CHOICE_AFTER, 1),
        (dialog.reminder_minutes, opt.REMINDER_MINUTES, 1),
    ):
        assert spin.minimum() * per_unit == option.minimum
        assert spin.maximum() * per_unit == option.maximum
    dialog.close()


def test_the_readme_key_table_is_the_app_s_own() -> None:
    """One table of keys: the README shows exactly what the key map and the help show."""
    from desktop_app.qt.keys import markdown_table

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Keys\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    assert "\n".join(rows) + "\n" == markdown_table()


def test_every_key_in_the_table_does_what_its_row_says_in_a_session(app_controller: Any) -> None:
    """The key row under a spot step names the spot keys; the handling has a command for each
    session key of the table."""
    from desktop_app.core.commands import COMMANDS
    from desktop_app.qt.keys import Place, session_hints, table

    caps = [cap for cap, _label in session_hints(StepKind.SPOT)]
    assert caps[:5] == ["Space", "Enter", "→", "←", "R"] and "N" in caps
    assert "R" not in [cap for cap, _label in session_hints(StepKind.HOLD)]
    session_actions = {
        action
        for row in table()
        if row.place in (Place.SESSION, Place.SPOT)
        for _key, action in row.bindings
    }
    assert session_actions - {Action.RATE} <= set(COMMANDS)


@pytest.mark.parametrize("voice_speaks", [False, True], ids=["voice off", "voice speaking"])
def test_a_screen_reader_is_told_a_warning_once_by_the_app_or_by_its_voice(
    app_controller: Any, voice_speaks: bool
) -> None:
    """A warning is announced to the screen reader (as the focused page's new name, for Orca
    43), unless the app's own voice says it: then the reader can read it on the page but is not
    made to speak it over the voice. A rating, which the voice does not say, is announced always."""
    app_controller.window.set_voice_speaks(voice_speaks)
    page = go_to_step(app_controller, 3)
    page.setFocus()
    press(page, "r")
    press(page, "9")
    assert page.warning.text() == "Pressed too hard: 9 of 10. Ease off."
    announced_warning = page.accessibleName() == page.warning.text()
    assert announced_warning is not voice_speaks
    press(page, "5")
    assert page.accessibleName().startswith("Pain 5 of 10")
