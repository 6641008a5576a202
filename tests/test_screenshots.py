"""Screenshots of every view at 1280×800, light and dark, saved under screenshots/ to look at."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from tests.qt_helpers import press, screenshot, wait


def distinct_colours(path: Any) -> int:
    image = QImage(str(path)).scaled(160, 100)
    return len({image.pixel(x, y) for x in range(image.width()) for y in range(image.height())})


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_view_renders_for_a_screenshot(app_controller: Any, theme: str) -> None:
    controller = app_controller
    controller.looks.choose(theme, save=False)
    window = controller.window
    shots = [screenshot(window, f"{theme}-01-start")]
    controller.open_routine("daily-session")
    page = window.session_page
    shots.append(screenshot(window, f"{theme}-02-session-ready"))
    press(page, Qt.Key.Key_Space)
    shots.append(screenshot(window, f"{theme}-03-prepare"))
    press(page, Qt.Key.Key_Return)
    press(page, Qt.Key.Key_Return, times=7)
    press(page, "5")
    shots.append(screenshot(window, f"{theme}-04-rolling"))
    press(page, Qt.Key.Key_Return, times=10)
    shots.append(screenshot(window, f"{theme}-05-rolling-cap"))
    press(page, Qt.Key.Key_Right)
    wait(controller, 2)
    shots.append(screenshot(window, f"{theme}-06-lead-in"))
    wait(controller, 14.3)
    press(page, "4")
    press(page, "6")
    shots.append(screenshot(window, f"{theme}-07-hold-rising-pain"))
    wait(controller, 9)  # 20.3 s into the hold: past its lower bound
    assert window.session_page.dial.state == "lower_bound"
    shots.append(screenshot(window, f"{theme}-08-hold-lower-bound"))
    press(page, Qt.Key.Key_Space)
    shots.append(screenshot(window, f"{theme}-09-paused"))
    press(page, Qt.Key.Key_Space)
    wait(controller, 10)
    press(page, Qt.Key.Key_Right)
    shots.append(screenshot(window, f"{theme}-10-spot-choice"))
    press(page, "?")
    shots.append(screenshot(window, f"{theme}-11-key-map"))
    press(window.key_map, "x")
    press(page, Qt.Key.Key_Escape, times=2)
    shots.append(screenshot(window, f"{theme}-12-finish"))
    for shot in shots:
        assert distinct_colours(shot) > 4, f"{shot} looks blank"
