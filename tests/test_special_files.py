"""Something in the data folder that is not a regular file (a named pipe above all: opening one
blocks until someone writes to it) never hangs the app: each file the app opens there is
checked first (core/files.py). Before, a FIFO named settings.ini, routine-listings.json,
lumbago-coach.lock or history.sqlite3 hung --list, --export-csv and the window (issue 39)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

NAMES = ["settings.ini", "routine-listings.json", "lumbago-coach.lock", "history.sqlite3"]


def run(data: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *arguments],
        env={**os.environ, "LUMBAGO_COACH_DATA_DIR": str(data), "LANGUAGE": "en"},
        capture_output=True, encoding="utf-8", timeout=30, stdin=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_window_less_commands_never_hang_on_a_named_pipe(
    isolated_data_dir: Path, name: str
) -> None:
    data = isolated_data_dir
    os.mkfifo(data / name)
    listed = run(data, "--list")  # raises TimeoutExpired when it hangs
    assert listed.returncode == 0, listed.stderr
    assert "lower-back-ball" in listed.stdout
    exported = run(data, "--export-csv", "-")
    assert exported.returncode in (0, 1), exported.stderr  # 1: no history to export, said


@pytest.mark.parametrize("name", NAMES)
def test_the_window_starts_with_a_named_pipe_in_the_data_folder(
    qtbot: Any, isolated_data_dir: Path, name: str
) -> None:
    from desktop_app.app.controller import Controller
    from desktop_app.audio.backends import RecordingPlayer
    from desktop_app.audio.voice import RecordingVoice
    from desktop_app.core.clock import FakeClock
    from desktop_app.qt.instance import single_instance

    data = isolated_data_dir
    os.mkfifo(data / name)
    lock = single_instance(data)  # the lock: a pipe by its name is cleared, never read
    assert lock is not None
    controller = Controller(
        data, clock=FakeClock(), player=RecordingPlayer(), voice=RecordingVoice(),
        reminder_clock=FakeClock(),
    )  # fmt: skip
    qtbot.addWidget(controller.window)
    try:
        if name == "settings.ini":
            assert "settings file could not be read" in " ".join(controller.notices)
        if name == "history.sqlite3":
            assert not controller.history.available
            assert "not a regular file" in " ".join(controller.notices)
        assert controller.routines  # the routines still load
    finally:
        controller.shutdown()
