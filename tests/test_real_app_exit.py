"""The real app, ended the ways people end it from outside the window: Ctrl+C in the terminal
that ran `make run`, and SIGTERM when they log out. It closes as it does from its window —
exit status 0, nothing on stderr, the session kept in the history, the phone remote's page
gone (a phone on the same Wi-Fi can no longer reach it) — and the sound helper goes with it.
Under Xvfb, on loopback; skipped where Xvfb is not installed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.real_sound import (
    ROOT,
    app_python,
    history_events,
    missing_programs,
    prepared_data_dir,
    window_id,
    xvfb,
)

pytestmark = pytest.mark.skipif(
    bool(missing_programs("Xvfb", "xdotool")),
    reason="needs Xvfb and xdotool (make test installs them when run as root)",
)


def read_line(process: subprocess.Popen[str], seconds: float) -> str:
    """The app's first line on stdout (the remote's address), waited for at most `seconds`."""
    import selectors

    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(seconds):
            return ""
    return process.stdout.readline().strip()


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(line) for line in found.stdout.split()]


def reachable(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_the_app_ends_cleanly_from_outside_and_takes_the_remote_with_it(
    how: signal.Signals, tmp_path: Path
) -> None:
    data = prepared_data_dir(tmp_path)
    with xvfb(1024, 600) as display:
        process = subprocess.Popen(
            [app_python(), "-m", "desktop_app", "--data-dir", str(data), "--sound", "helper",
             "--remote", "127.0.0.1", "--routine", "soak-hold"],
            env={**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
                 "HOME": str(tmp_path)},
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            url = read_line(process, 30)
            assert url.startswith("http://127.0.0.1:"), url
            assert reachable(url)
            window = window_id(display, 20)
            assert window is not None
            subprocess.run(["xdotool", "windowfocus", window, "key", "space"],
                           env={**os.environ, "DISPLAY": display}, capture_output=True,
                           timeout=10)  # fmt: skip
            deadline = time.monotonic() + 10
            while "step_started" not in history_events(data) and time.monotonic() < deadline:
                time.sleep(0.05)
            helpers = children(process.pid)
            process.send_signal(how)
            _out, err = process.communicate(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(10)
    assert process.returncode == 0, err
    assert err.strip() == ""
    assert not reachable(url), "the phone page outlived the app"
    events = history_events(data)
    assert "session_started" in events and events[-1] == "session_stopped", events
    # The stopped session's end is in the history, as when the window is closed mid-session.
    with sqlite3.connect(data / "history.sqlite3") as db:
        assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    deadline = time.monotonic() + 5  # the helper reads end-of-file and leaves on its own
    while [pid for pid in helpers if Path(f"/proc/{pid}").exists()] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in helpers if Path(f"/proc/{pid}").exists()], "a helper outlived it"
