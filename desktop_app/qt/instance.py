"""One app per data folder: a lock in the folder, and a local socket through which a second
start asks the running app to come to the front."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject

from desktop_app import APP_NAME
from desktop_app.i18n import _


def single_instance(data_dir: Path) -> object | None:
    """A lock in the data folder. A second app on the same history asks the first to come to
    the front and leaves; where that fails, it says so."""
    from PySide6.QtCore import QLockFile
    from PySide6.QtWidgets import QMessageBox

    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return object()  # a read-only folder: nothing to protect, and the app says so later
    lock = QLockFile(str(data_dir / "lumbago-coach.lock"))
    lock.setStaleLockTime(0)
    if lock.tryLock(200):
        return lock
    if lock.error() is not QLockFile.LockError.LockFailedError:
        # The lock cannot be written at all (a read-only folder, no permission): that is not
        # another app. Start; the history and settings say what they cannot save.
        return object()
    message = _("Lumbago Coach is already running with the data folder {folder}.").format(
        folder=data_dir
    )
    print(message, file=sys.stderr)
    if ask_to_come_forward(data_dir):
        return None
    QMessageBox.information(None, APP_NAME, message)
    return None


def _channel(data_dir: Path) -> str:
    """The local socket's name for one data folder (the user's own, not a network port)."""
    import hashlib

    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return f"lumbago-coach-{digest}"


def listen_for_second_start(
    data_dir: Path, come_forward: Callable[[], None], parent: QObject
) -> QObject | None:
    """The running app: when a second start on the same folder knocks, come to the front."""
    from PySide6.QtNetwork import QLocalServer

    server = QLocalServer(parent)
    server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
    name = _channel(data_dir)
    QLocalServer.removeServer(name)  # a stale socket from a crash
    if not server.listen(name):
        return None

    def knocked() -> None:
        while (connection := server.nextPendingConnection()) is not None:
            connection.disconnected.connect(connection.deleteLater)
            connection.disconnectFromServer()
            come_forward()

    server.newConnection.connect(knocked)
    return server


def ask_to_come_forward(data_dir: Path) -> bool:
    """The second start: knock on the running app's door; True when it answered."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(_channel(data_dir))
    answered = socket.waitForConnected(500)
    socket.abort()
    return answered


def quit_on_signals(app: QObject) -> object:
    """Ctrl+C in the terminal that ran `make run`, or SIGTERM from a logout, ends the app the
    way closing its window does: the history is closed, the sound helper and the phone remote
    are stopped. (Python only sees a signal when Python code runs, and the Qt event loop runs
    none while idle: the signal's byte on a socket wakes it.) Returns what must be kept."""
    import signal
    import socket

    from PySide6.QtCore import QCoreApplication, QSocketNotifier

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def woken() -> None:
        with contextlib.suppress(OSError):
            reader.recv(64)

    def ask_to_quit(_signal: int, _frame: object) -> None:
        from PySide6.QtWidgets import QApplication

        # As if the window were closed first (the session is stopped and kept), then quit
        # even where closing only hides the window in the tray.
        QApplication.closeAllWindows()
        QCoreApplication.quit()

    notifier.activated.connect(woken)
    signal.signal(signal.SIGINT, ask_to_quit)
    signal.signal(signal.SIGTERM, ask_to_quit)
    return (reader, writer, notifier)
