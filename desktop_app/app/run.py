"""`lumbago-coach`'s window: the application made, the controller shown, the event loop run,
and everything ended in order however the app ends."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QLockFile
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.app.controller import Controller
from desktop_app.i18n import language_tag
from desktop_app.qt.instance import listen_for_second_start, quit_on_signals, single_instance
from desktop_app.qt.widgets import after_first_paint, use_language
from desktop_app.resources import assets_dir


def start_app(
    data_dir: Path, speed: float = 1.0, sound: str | None = None, ask_back_check: bool = True
) -> tuple[QApplication, Controller, object] | None:
    """Everything `lumbago-coach` does before the event loop; None when another app has the folder."""
    QGuiApplication.setDesktopFileName(APP_ID)
    app = QApplication(sys.argv[:1])
    lock = single_instance(data_dir)
    if lock is None:
        return None
    app.setApplicationName("lumbago-coach")
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(assets_dir() / "icons" / f"{APP_ID}.svg")))
    use_language(app, language_tag())
    controller = Controller(data_dir, speed=speed)
    controller.show(ask_back_check)

    def after_paint() -> None:
        # A second start asks this app to come forward through a local socket; until it
        # listens (a few milliseconds after the first paint), the lock above turns one away.
        controller.second_start_listener = listen_for_second_start(
            data_dir, controller.window.come_forward, controller.window
        )
        controller.sound.start_default(sound)

    # Sound and the second-start door follow the window's first paint: the sound helper and its
    # audio library take a moment to start, Qt's network module to load, and the first
    # paint waits for neither.
    after_first_paint(controller.window, after_paint)
    app.aboutToQuit.connect(controller.shutdown)  # the one way out, whatever ends the app
    return app, controller, lock


def run_app(
    data_dir: Path,
    routine_id: str | None,
    speed: float,
    sound: str | None,
    remote: str | None = None,
) -> int:
    """`remote`: None leaves the phone remote off; "" turns it on at the LAN address; an
    address turns it on there (127.0.0.1 for tests)."""
    # With --routine the session comes first; the daily back check waits for its finish page.
    started = start_app(data_dir, speed, sound, ask_back_check=routine_id is None)
    if started is None:
        return 1
    app, controller, lock = started
    # Ctrl+C, SIGTERM, SIGHUP: the same way out as Quit in the menu.
    restore_signals = quit_on_signals(app, controller.quit)
    if remote is not None:
        from desktop_app.remote.server import RemoteError

        try:
            print(controller.phone.start(remote or None), flush=True)
        except RemoteError as error:
            controller.notify(str(error))
    if routine_id:
        controller.open_routine(routine_id)  # an unknown id is reported in the window
    code = app.exec()  # aboutToQuit has run controller.shutdown()
    restore_signals()
    # The windows go while the application still exists (left to Python's teardown, a
    # pending repaint could reach a window whose native handle was already gone), and with
    # them whatever hangs on them (the remote's servers, the finished helper processes).
    for window in QApplication.topLevelWidgets():
        window.hide()
        window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if isinstance(lock, QLockFile):
        lock.unlock()
    return code
