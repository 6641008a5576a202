"""SIGTERM always ends the app (issue 39): an event loop blocked in a system call never gets
to the orderly way out, and a watchdog ends the process after its grace; an app that is not
blocked ends the orderly way, with exit status 0 and without waiting for the watchdog."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.qt.instance import GRACE_SECONDS

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL"), reason="POSIX signals (Windows has no SIGTERM to send)"
)

ROOT = Path(__file__).resolve().parent.parent

#: A Qt app with the app's signal handling; `block` makes its event loop wait in a system call
#: (a read from a pipe nobody writes to, as an open() of a named pipe would).
APP = """
import os, sys
from PySide6.QtCore import QCoreApplication, QTimer
from desktop_app.qt.instance import quit_on_signals
app = QCoreApplication([])
restore = quit_on_signals(app, app.quit, grace={grace})
def started():
    print("ready", flush=True)
    if sys.argv[1] == "block":
        stuck, _ = os.pipe()
        os.read(stuck, 1)  # never returns
QTimer.singleShot(0, started)
app.exec()
restore()
print("orderly", flush=True)
"""


def run(mode: str, grace: float) -> tuple[int, str, float]:
    process = subprocess.Popen(
        [sys.executable, "-c", APP.format(grace=grace), mode],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8", cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    sent = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        out, err = process.communicate(timeout=grace + 10)  # bounded: never hangs the tests
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("SIGTERM did not end the app")
    return process.returncode, out + err, time.monotonic() - sent


def test_sigterm_ends_an_app_whose_event_loop_is_blocked_within_its_grace() -> None:
    code, said, took = run("block", grace=1.0)
    assert code == 128 + signal.SIGTERM
    assert "did not close within 1 s" in said and "orderly" not in said
    assert 1.0 <= took < 1.0 + 3


def test_an_app_that_is_not_blocked_ends_the_orderly_way_at_once() -> None:
    code, said, took = run("idle", grace=GRACE_SECONDS)
    assert code == 0, said
    assert "orderly" in said and "did not close" not in said
    assert took < GRACE_SECONDS  # the watchdog's timer never holds it up
