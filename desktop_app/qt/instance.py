"""One app per data folder: a lock in the folder, and a local socket through which a second
start asks the running app to come to the front."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLockFile, QObject

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

from desktop_app import APP_NAME
from desktop_app.files import special_file
from desktop_app.i18n import _
from desktop_app.terminal import say


def single_instance(data_dir: Path) -> object | None:
    """A lock in the data folder. A second app on the same history asks the first to come to
    the front and leaves; where that fails, it says so."""
    from PySide6.QtWidgets import QMessageBox

    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return object()  # a read-only folder: nothing to protect, and the app says so later
    path = data_dir / "lumbago-coach.lock"
    if special_file(path):
        # Ours by name, but not a file: reading it (as QLockFile does) would hang. Gone.
        with contextlib.suppress(OSError):
            os.unlink(path)
        if special_file(path):
            return object()  # cannot be cleared: start without the lock, as read-only does
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)
    if lock.tryLock(200):
        return lock
    if lock_names_this_process(lock) and lock.removeStaleLockFile() and lock.tryLock(200):
        # Left by an app that ended without unlocking, under a process number that is now
        # ours (Windows hands numbers out again soon, Wine at once): it cannot be held.
        return lock
    if lock.error() is not QLockFile.LockError.LockFailedError:
        # The lock cannot be written at all (a read-only folder, no permission): that is not
        # another app. Start; the history and settings say what they cannot save.
        return object()
    if not os.access(data_dir, os.W_OK) and not ask_to_come_forward(data_dir):
        # A lock left by an app that ended, in a folder where it cannot be cleared (read-only
        # since): nobody answers at the door, so nobody runs. Start; nothing is kept anyway.
        return object()
    message = _("Lumbago Coach is already running with the data folder {folder}.").format(
        folder=data_dir
    )
    say(message)
    if ask_to_come_forward(data_dir):
        return None
    QMessageBox.information(None, APP_NAME, message)
    return None


def lock_names_this_process(lock: QLockFile) -> bool:
    """Whether a lock that failed names this very process as its holder."""
    info = lock.getLockInfo()
    return bool(info) and info[0] == QCoreApplication.applicationPid()


def channel(data_dir: Path) -> str:
    """The local socket's name for one data folder (the user's own, not a network port)."""
    import hashlib

    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return f"lumbago-coach-{digest}"


def listen_for_second_start(
    data_dir: Path, come_forward: Callable[[], None], parent: QObject
) -> QLocalServer | None:
    """The running app: when a second start on the same folder knocks, come to the front."""
    from PySide6.QtNetwork import QLocalServer

    server = QLocalServer(parent)
    server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
    name = channel(data_dir)
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
    socket.connectToServer(channel(data_dir))
    answered = socket.waitForConnected(500)
    socket.abort()
    return answered


#: The signals that ask the app to end as closing its window does: Ctrl+C in the terminal that
#: ran it, SIGTERM from a logout or `kill`, SIGHUP when that terminal goes away. (Windows
#: has only SIGINT and SIGTERM of these.)
END_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


#: After an ending signal, how long the orderly way out (the session kept, the sound helper
#: told to quit, the windows closed) may take before the app ends at once: an event loop
#: blocked in a system call never gets to it, and SIGTERM must still end the app.
GRACE_SECONDS = 4.0


def quit_on_signals(
    parent: QObject, end: Callable[[], None], grace: float = GRACE_SECONDS
) -> Callable[[], None]:
    """Ctrl+C, SIGTERM and SIGHUP call `end` from the event loop itself; returns a function
    that puts the previous handlers back.

    Python runs a signal handler between any two bytecodes of whatever Python code is running,
    and in a Qt app that is often a paintEvent called from inside Qt's repaint. A handler that
    closed the windows there destroyed the window's backing store in the middle of the paint,
    and Qt's QBackingStore::endPaint() then crashed on it (SIGSEGV in 3 of 16 SIGTERMs, each
    with the handler interrupting a paintEvent). So the handler itself does nothing: the C
    level writes the signal's number to a socket (signal.set_wakeup_fd), a watchdog thread
    reads it and passes it on to a QSocketNotifier on the event loop — between events, never
    inside a paint — and only there is `end` called. (It also wakes the loop: while idle it
    runs no Python at all.) Should the app still be running `grace` seconds later, the
    watchdog ends the process at once (exit status 128 + the signal's number): every rating
    is already on disk (each is its own transaction), and a stale lock is cleared at the next
    start."""
    import socket
    import threading

    from PySide6.QtCore import QSocketNotifier

    reader, writer = socket.socketpair()  # the C-level handler → the watchdog
    inbox, outbox = socket.socketpair()  # the watchdog → the event loop
    writer.setblocking(False)
    inbox.setblocking(False)
    notifier = QSocketNotifier(inbox.fileno(), QSocketNotifier.Type.Read, parent)
    wanted = {int(number) for number in END_SIGNALS}

    def woken() -> None:
        with contextlib.suppress(OSError):
            inbox.recv(64)
            end()

    def watch() -> None:
        while True:
            try:
                numbers = reader.recv(64)
            except OSError:
                return
            if not numbers:
                reader.close()
                return  # restored: the sockets are closed
            received = wanted.intersection(numbers)
            if not received:
                continue
            with contextlib.suppress(OSError):
                outbox.send(b"!")
            # A daemon: an app that ends in time is never held up by its timer.
            deadline = threading.Timer(grace, _end_now, (max(received), grace))
            deadline.daemon = True
            deadline.start()

    notifier.activated.connect(woken)
    threading.Thread(target=watch, name="signal-watchdog", daemon=True).start()
    previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    previous = {number: signal.signal(number, _noted) for number in END_SIGNALS}

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(previous_fd)
        notifier.setEnabled(False)
        notifier.deleteLater()
        for each in (writer, outbox, inbox):
            each.close()
        with contextlib.suppress(OSError):
            reader.shutdown(socket.SHUT_RDWR)  # the watchdog's recv returns: it ends

    return restore


def _end_now(number: int, grace: float) -> None:
    """The orderly way out did not finish in time: end the process here and now."""
    say(
        _("Lumbago Coach did not close within {seconds} s of the request to end; it ends now.")
        .format(seconds=f"{grace:g}")
    )  # fmt: skip
    os._exit(128 + number)


def _noted(_signal: int, _frame: object) -> None:
    """The Python-level handler: nothing (the wake-up socket carries the signal on)."""
