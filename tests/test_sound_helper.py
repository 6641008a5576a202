"""The sound helper process: whatever it does, the app goes on, says so once, and recovers.

Fake helpers (small Python scripts) play the faults: one that never starts, one that hangs,
one that spins, one that dies, one whose sound server comes back. The supervisor's timings are
shortened for the tests; the waits are real but bounded (a process cannot run on a fake clock).
"""

from __future__ import annotations

import itertools
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from desktop_app.audio.backends import HelperPlayer
from desktop_app.audio.cues import Cue
from desktop_app.resources import assets_dir
from tests import real_sound

FAKE = r"""
import os, sys, time
mode, log = sys.argv[1], sys.argv[2]
tries = os.path.join(os.path.dirname(log), "tries")
with open(tries, "a", encoding="utf-8") as f:
    f.write("x")
attempt = len(open(tries, encoding="utf-8").read())
if mode == "error" or (mode == "comes-back" and attempt < 3):
    print("error no-output ('failed to init device', -401)", flush=True)
    sys.exit(3)
print("ready null" if mode == "null" else "ready Fake — test device", flush=True)
for line in sys.stdin:
    word, _, rest = line.strip().partition(" ")
    with open(log, "a", encoding="utf-8") as f:
        f.write(line)
    if word == "play" and mode == "hang":
        time.sleep(3600)
    if word == "play" and mode == "spin":
        while True:
            sys.stderr.write("QSocketNotifier: Invalid socket 21 and type 'Read', disabling...\n")
    if word == "play" and mode == "die":
        os._exit(9)
    if word == "ping":
        print(f"pong {rest}", flush=True)
    if word == "quit":
        break
"""


class Status:
    def __init__(self) -> None:
        self.messages: list[tuple[str, bool]] = []

    def __call__(self, message: str, playing: bool) -> None:
        self.messages.append((message, playing))

    @property
    def told(self) -> list[str]:
        return [message for message, _ in self.messages if message]


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(HelperPlayer, "PING_EVERY", 0.1)
    monkeypatch.setattr(HelperPlayer, "ANSWER_WITHIN", 0.5)
    monkeypatch.setattr(HelperPlayer, "RETRY_AFTER", (0.2,))
    monkeypatch.setattr(HelperPlayer, "RECOVERED_AFTER", 2.0)


@pytest.fixture(autouse=True)
def close_players() -> Any:
    players: list[HelperPlayer] = []
    original = HelperPlayer.__init__

    def tracked(self: HelperPlayer, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        players.append(self)

    HelperPlayer.__init__ = tracked  # type: ignore[method-assign]
    yield
    HelperPlayer.__init__ = original  # type: ignore[method-assign]
    for player in players:
        player.close()


def fake_player(
    qtbot: Any, tmp_path: Path, mode: str
) -> tuple[HelperPlayer, Status, list[Cue], Path]:
    from PySide6.QtCore import QObject

    script = tmp_path / "fake_helper.py"
    script.write_text(FAKE, encoding="utf-8")
    log = tmp_path / "log.txt"
    status = Status()
    flashed: list[Cue] = []
    parent = QObject()
    player = HelperPlayer(
        assets_dir() / "sounds",
        parent,
        flash=flashed.append,
        on_status=status,
        command=[sys.executable, str(script), mode, str(log)],
    )
    qtbot.player_parent = parent  # kept alive for the test
    return player, status, flashed, log


def played(log: Path) -> list[str]:
    return (
        [
            line.split()[1]
            for line in log.read_text(encoding="utf-8").splitlines()
            if line.startswith("play")
        ]
        if log.exists()
        else []
    )


def test_cues_go_to_the_helper_once_it_is_ready(qtbot: Any, tmp_path: Path, fast: None) -> None:
    player, status, flashed, log = fake_player(qtbot, tmp_path, "good")
    player.play(Cue.TICK)  # not ready yet: the edge flashes instead
    assert flashed == [Cue.TICK]
    qtbot.waitUntil(lambda: player.ready, timeout=5000)
    assert "Fake — test device" in player.description
    player.set_volume(0.5)
    player.play(Cue.HOLD_START)
    qtbot.waitUntil(lambda: played(log) == ["hold_start"], timeout=3000)
    assert "volume 0.500" in log.read_text(encoding="utf-8")
    assert status.told == []  # a healthy start says nothing
    player.close()


@pytest.mark.parametrize("mode", ["hang", "spin", "die"])
def test_a_helper_that_hangs_spins_or_dies_is_replaced_and_said_once(
    qtbot: Any, tmp_path: Path, fast: None, mode: str
) -> None:
    player, status, flashed, _log = fake_player(qtbot, tmp_path, mode)
    qtbot.waitUntil(lambda: player.ready, timeout=5000)
    player.play(Cue.HOLD_START)  # this is the cue that breaks it
    qtbot.waitUntil(lambda: player.outage, timeout=5000)
    assert len(status.told) == 1 and status.told[0].startswith("Sound stopped working")
    player.play(Cue.TICK)
    assert Cue.TICK in flashed
    # A new helper is tried, and breaks again on its first cue: still said only once.
    qtbot.waitUntil(lambda: player.ready, timeout=5000)
    player.play(Cue.HOLD_END)
    qtbot.waitUntil(lambda: player.outage and not player.ready, timeout=5000)
    assert len([m for m in status.told if m.startswith("Sound stopped")]) == 1
    player.close()


def test_playing_never_waits_for_a_stuck_helper(qtbot: Any, tmp_path: Path, fast: None) -> None:
    player, _status, flashed, _log = fake_player(qtbot, tmp_path, "hang")
    qtbot.waitUntil(lambda: player.ready, timeout=5000)
    worst = 0.0
    for _ in range(10000):  # far more than the pipe holds (64 KiB)
        started = time.perf_counter()
        player.play(Cue.REPETITION)
        worst = max(worst, time.perf_counter() - started)
    # Writing a line takes microseconds; the margin is for a garbage-collection pause under
    # load, far below the 500 ms a blocking write to a stuck helper would take.
    assert worst < 0.02, f"one play() took {worst * 1000:.1f} ms"
    assert player.outage and flashed  # a full pipe means a stuck helper: flash from then on
    player.close()


def test_sound_comes_back_without_a_restart(qtbot: Any, tmp_path: Path, fast: None) -> None:
    player, status, flashed, log = fake_player(qtbot, tmp_path, "comes-back")
    qtbot.waitUntil(lambda: player.outage, timeout=5000)
    player.play(Cue.TICK)
    assert flashed == [Cue.TICK]
    qtbot.waitUntil(lambda: player.ready, timeout=8000)
    qtbot.waitUntil(lambda: status.told[-1] == "Sound is back.", timeout=5000)
    assert not player.outage
    player.play(Cue.FINISHED)
    qtbot.waitUntil(lambda: played(log) == ["finished"], timeout=3000)
    player.close()


def test_a_helper_that_cannot_start_is_reported(qtbot: Any, tmp_path: Path, fast: None) -> None:
    from PySide6.QtCore import QObject

    status = Status()
    parent = QObject()
    qtbot.player_parent = parent  # kept alive for the test
    player = HelperPlayer(
        assets_dir() / "sounds",
        parent,
        on_status=status,
        command=[str(tmp_path / "no-such-program")],
    )
    qtbot.waitUntil(lambda: player.outage, timeout=5000)
    assert "could not be started" in status.told[0]
    player.close()


def test_a_failed_output_is_said_in_plain_words(qtbot: Any, tmp_path: Path, fast: None) -> None:
    player, status, _flashed, _log = fake_player(qtbot, tmp_path, "error")
    qtbot.waitUntil(lambda: player.outage, timeout=5000)
    said = status.told[0]
    assert "no sound output could be opened" in said
    # The library's own detail is for the log, not the person: no tuple, no code, no markup.
    assert not any(mark in said for mark in ("('", "-401", "&#", "failed to init"))
    player.close()


def test_a_null_output_says_cues_cannot_be_heard_and_every_cue_flashes(
    qtbot: Any, tmp_path: Path, fast: None
) -> None:
    """miniaudio falls back to its null output where there is no sound server and no card:
    the helper is ready and plays into nothing. That is said, and nothing claims it is back."""
    player, status, flashed, log = fake_player(qtbot, tmp_path, "null")
    qtbot.waitUntil(lambda: player.ready, timeout=5000)
    assert player.inaudible and player.outage
    assert status.told == [
        "Cues cannot be heard: no sound output was found. The screen edge flashes for each cue."
    ]
    assert "cues cannot be heard" in player.description
    player.play(Cue.HOLD_START)
    assert flashed[-1] is Cue.HOLD_START and "hold_start" not in played(log)
    qtbot.wait(2600)  # past RECOVERED_AFTER: a null output never counts as sound coming back
    assert status.told == [status.told[0]]
    player.close()


def test_the_session_page_and_the_settings_say_cues_cannot_be_heard(
    app_controller: Any, tmp_path: Path, fast: None
) -> None:
    """The app with a helper that found only the null output: the session page's sound badge
    and the settings' sound line say it in words."""
    window = app_controller.window
    sound = app_controller.sound
    script = tmp_path / "fake_helper.py"
    script.write_text(FAKE, encoding="utf-8")
    player = HelperPlayer(
        assets_dir() / "sounds",
        sound,
        flash=sound.flashed.emit,
        on_status=sound._status_changed,
        command=[sys.executable, str(script), "null", str(tmp_path / "log.txt")],
    )
    sound.use_player(player)
    assert app_controller.open_routine("walk-through")
    page = app_controller.window.session_page
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer

    deadline = QDeadlineTimer(5000)
    while not player.inaudible and not deadline.hasExpired():
        QCoreApplication.processEvents()
    assert page.sound_status.text() == "Cues cannot be heard: the edge flashes"
    assert page.sound_status.isVisibleTo(window)
    assert "cues cannot be heard" in sound.player_description
    assert any("Cues cannot be heard" in line for line in app_controller.notices)


needs_pulseaudio = pytest.mark.skipif(
    bool(real_sound.missing_programs("pulseaudio", "pactl", "parec")),
    reason="needs a real PulseAudio server (make test installs it when run as root)",
)


@needs_pulseaudio
def test_every_cue_is_heard_at_the_sound_card_in_order(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QObject

    with real_sound.pulseaudio(tmp_path / "pa") as server:
        for key, value in server.env.items():
            monkeypatch.setenv(key, value)
        parent = QObject()
        qtbot.player_parent = parent  # kept alive for the test
        player = HelperPlayer(assets_dir() / "sounds", parent)
        qtbot.waitUntil(lambda: player.ready, timeout=10000)
        player.set_volume(1.0)
        with real_sound.recording(server, tmp_path / "cues.wav") as wav:
            for cue in Cue:
                player.play(cue)
                qtbot.wait(2600 if cue is Cue.FINISHED else 1500)
        player.close()
    heard = real_sound.onsets(wav, gap=0.3)
    assert len(heard) == len(Cue), [round(t, 2) for t in heard]
    steps = [b - a for a, b in itertools.pairwise(heard)]
    assert all(1.3 < step < 3.2 for step in steps), steps


@pytest.mark.skipif(
    shutil.which("aplay") is None or shutil.which("mpg123") is None,
    reason="playsound3's ALSA player needs aplay and mpg123 (make run installs them as root)",
)
def test_the_playsound_fallback_finds_a_player_after_the_set_up() -> None:
    from desktop_app.audio.backends import PlaysoundPlayer

    player = PlaysoundPlayer(assets_dir() / "sounds")
    assert "playsound3" in player.description
