"""The real app, ended the ways people end it: the window's close button, Ctrl+C in the
terminal that ran `make run`, SIGTERM at logout. Each time it ends as it does from its
window — exit status 0, nothing on stderr (with a phone connected too), the session kept as
stopped in the history, the phone told the app went away and the remote's page gone, the sound helper ended, the second-start socket removed. Under
Xvfb with a private PulseAudio server, on loopback; skipped where those are not installed.

`bench/app_exits.py` does the same 50 times each way (figure in bench/RESULTS.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.real_sound import (
    ENDINGS,
    SoundServer,
    end_once,
    missing_programs,
    pulseaudio,
    xvfb,
)

pytestmark = pytest.mark.skipif(
    bool(missing_programs("Xvfb", "xdotool", "pulseaudio", "pactl")),
    reason="needs Xvfb, xdotool and PulseAudio (make test installs them when run as root)",
)

#: Endings of each kind per test run: enough to catch an ending that fails one time in a few.
RUNS = 4


@pytest.fixture(scope="module")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, SoundServer]]:
    folder = tmp_path_factory.mktemp("desktop")
    with xvfb(1024, 600) as display, pulseaudio(folder) as server:
        yield display, server


@pytest.mark.parametrize("how", ENDINGS)
def test_the_app_ends_cleanly_however_it_is_ended(
    how: str, desktop: tuple[str, SoundServer], tmp_path: Path
) -> None:
    display, server = desktop
    for run in range(RUNS):
        ending = end_once(display, server, tmp_path / f"run{run}", how)
        assert ending.exit_code == 0, (run, ending.stderr)
        assert ending.stderr.strip() == "", run
        assert ending.events and ending.events[-1] == "session_stopped", (run, ending.events)
        assert "hold_started" in ending.events, "the session was not in its hold when ended"
        assert not ending.left_running, f"run {run}: a child outlived the app"
        assert not ending.page_reachable, f"run {run}: the phone page outlived the app"
        assert not ending.door_left, f"run {run}: the second-start socket was left behind"
        assert ending.phone_closed == 1001, f"run {run}: the phone was not told the app went away"
        # Speech is off: neither Qt's speech module nor QtMultimedia (its PipeWire warnings).
        unasked = {"libQt6TextToSpeech", "libQt6Multimedia"} & set(ending.qt_libraries)
        assert not unasked, f"loaded although nobody asked for speech: {unasked}"
