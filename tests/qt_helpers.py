"""Driving the real window: keys, the fake clock, screenshots."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

#: Where screenshots go unless $LUMBAGO_SCREENSHOTS says: outside the checkout, which may be
#: read-only.
SCREENSHOTS = Path(tempfile.gettempdir()) / "lumbago-coach-screenshots"


def press(widget: QWidget, key: Qt.Key | str, times: int = 1) -> None:
    for _ in range(times):
        if isinstance(key, str):
            QTest.keyClicks(widget, key)
        else:
            QTest.keyClick(widget, key)


def wait(controller: Any, seconds: float, step: float = 0.1) -> None:
    """Move the fake clock on, ticking the app like its timer would."""
    clock = controller.clock
    end = clock.now() + seconds
    while clock.now() + step < end - 1e-9:
        clock.advance(step)
        controller.session.advance()
    clock.advance(max(0.0, end - clock.now()))
    controller.session.advance()
    QApplication.processEvents()


def screenshot_folder() -> Path:
    folder = Path(os.environ.get("LUMBAGO_SCREENSHOTS", SCREENSHOTS))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(widget: QWidget, name: str) -> Path:
    """Save a screenshot for a person to look at (the folder is printed by `make test`)."""
    folder = screenshot_folder()
    QApplication.processEvents()
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path)), path
    return path


def make_controller(qtbot: Any, data_dir: Path, wall_clock: Any) -> Any:
    """The app as `lumbago-coach` builds it, on fake clocks and recording sound and voice."""
    from desktop_app.app.controller import Controller
    from desktop_app.audio.backends import RecordingPlayer
    from desktop_app.audio.voice import RecordingVoice
    from desktop_app.core.clock import FakeClock
    from tests.conftest import add_walk_through

    add_walk_through(data_dir)
    controller = Controller(
        data_dir,
        clock=FakeClock(),
        player=RecordingPlayer(),
        voice=RecordingVoice(),
        reminder_clock=FakeClock(),
        wall_clock=wall_clock,
    )
    qtbot.addWidget(controller.window)
    controller.window.resize(1280, 800)
    return controller
