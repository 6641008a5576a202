"""Cue latency: time from an engine event to the sound backend's play() returning.

Run: .venv/bin/python bench/cue_latency.py   (prints one line per backend)
The sound helper needs an audio output; start a PulseAudio null sink first to measure it on a
machine with no sound card:  pulseaudio --start -n --load="module-null-sink" \
--load=module-native-protocol-unix
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from desktop_app.audio.backends import (
    AudioUnavailable,
    HelperPlayer,
    PlaysoundPlayer,
    RecordingPlayer,
    SilentPlayer,
)
from desktop_app.audio.cues import Cue
from desktop_app.audio.listener import CueListener
from desktop_app.audio.output import AudioOutput
from desktop_app.core.clock import FakeClock
from desktop_app.core.events import Event, RepetitionCounted
from desktop_app.core.routines import RollingSpec, Routine, Step, StepKind
from desktop_app.core.session import SessionEngine
from desktop_app.qt.keys import action_names
from desktop_app.resources import assets_dir

CUES = 200


class Timed:
    """Wraps a player: notes when play() returns for a repetition blip."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.description = inner.description
        self.missing = inner.missing
        self.returned: list[float] = []

    def play(self, cue: Cue) -> None:
        self.inner.play(cue)
        if cue is Cue.REPETITION:
            self.returned.append(time.perf_counter())

    def set_volume(self, volume: float) -> None:
        self.inner.set_volume(volume)

    def close(self) -> None:
        self.inner.close()

    @property
    def hearing(self) -> Any:
        return self.inner.hearing


def measure(player: Any) -> tuple[float, float]:
    """Count rolls through the real engine and listener; each roll's blip is one sample."""
    step = Step(StepKind.ROLLING, "Roll", "Roll.", "x.svg", rolling=RollingSpec(15))
    routine = Routine("bench", "Bench", "", (), (), tuple([step] * (CUES // 14 + 2)))
    engine = SessionEngine(routine, FakeClock())
    emitted: list[float] = []

    def stamp(event: Event) -> None:
        if isinstance(event, RepetitionCounted) and event.count < event.cap:
            emitted.append(time.perf_counter())

    timed = Timed(player)
    engine.subscribe(stamp)  # listeners run in order: the stamp, then the sound
    engine.subscribe(CueListener(AudioOutput(timed), action_names()))
    engine.start()
    while len(emitted) < CUES:
        if not engine.count_repetition():
            engine.next_step()
        QCoreApplication.processEvents()  # let Qt's audio thread breathe, as the event loop would
    latencies = [(done - start) * 1000 for start, done in zip(emitted, timed.returned, strict=True)]
    return statistics.median(latencies), max(latencies)


def players() -> list[tuple[str, Any]]:
    """Each backend by name, as a factory (QtMultimedia and playsound3 may be unavailable)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    sounds = assets_dir() / "sounds"
    return [
        ("recording", lambda: RecordingPlayer()),
        ("off (edge flash)", lambda: SilentPlayer("bench", lambda cue: None)),
        ("helper", lambda: ready_helper(sounds, app)),
        ("playsound", lambda: PlaysoundPlayer(sounds)),
    ]


def ready_helper(sounds: Any, app: Any) -> HelperPlayer:
    """The sound helper once it says it plays (or AudioUnavailable after 10 s)."""
    player = HelperPlayer(sounds, app)
    deadline = time.monotonic() + 10
    while not player.ready and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    if not player.ready:
        player.close()
        raise AudioUnavailable(player.description)
    return player


def measure_backend(make: Any) -> tuple[float, float] | None:
    try:
        player = make()
    except AudioUnavailable:
        return None
    return measure(player)


def main() -> None:
    print(
        f"{'backend':<18} {'median ms':>10} {'worst ms':>10}  ({CUES} cues; engine event → play() returned)"
    )
    for name, make in players():
        try:
            player = make()
        except AudioUnavailable as error:
            print(f"{name:<18} {'—':>10} {'—':>10}  unavailable: {error}")
            continue
        median, worst = measure(player)
        print(f"{name:<18} {median:>10.3f} {worst:>10.3f}  {player.description}")


if __name__ == "__main__":
    main()
