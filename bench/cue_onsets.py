"""Cues on time at the sound card: the real app, a real PulseAudio, the sink recorded.

The app runs under Xvfb with its default sound (the helper process) on a private PulseAudio
whose only output is a null sink; `parec` records that sink's monitor. A routine with a hold
(lead-in ticks, hold start, lower bound, "how is it now?", 3-2-1, hold end) and a paced rolling
step (each roll, the cap) runs from Space to its end. The same routine, run through the engine
on a fake clock, gives each cue's due moment. The first sound in the recording is aligned with
the first cue (Space), and every later cue is matched to the nearest sound onset: the error is
how far from its due moment, relative to the others, the cue reached the sound card.

Run: .venv/bin/python bench/cue_onsets.py [RUNS]   (needs Xvfb, xdotool, pulseaudio, parec)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common  # noqa: F401  (puts the project on sys.path)

from tests import real_sound

VERBOSE = "-v" in sys.argv

ROUTINE = """\
schema: 1
id: cue-timing
title: Cue timing
summary: A hold and a paced rolling step, for the cue timing benchmark.
muscles: [quadratus lumborum]
equipment: [massage ball]
steps:
  - kind: hold
    title: Hold the spot
    instruction: Rest on the ball without moving.
    illustration: illustrations/ball-quadratus.svg
    area: quadratus lumborum
    seconds: [6, 11]
    lead_in: 3
  - kind: rolling
    title: Roll the spot
    instruction: Roll slowly over the spot.
    illustration: illustrations/ball-quadratus.svg
    area: quadratus lumborum
    cap: 6
    pace: 1.5
"""


def expected_cues() -> list[tuple[float, str]]:
    """(due moment, cue) for the routine, from the engine itself on a fake clock."""
    from desktop_app.audio.backends import RecordingPlayer
    from desktop_app.audio.listener import CueListener
    from desktop_app.audio.output import AudioOutput
    from desktop_app.core.clock import FakeClock
    from desktop_app.core.loader import load_routine
    from desktop_app.core.session import SessionEngine
    from desktop_app.qt.keys import action_names
    from desktop_app.resources import assets_dir

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cue-timing.yaml"
        path.write_text(ROUTINE, encoding="utf-8")
        routine = load_routine(path, assets_dir())
    clock = FakeClock()
    engine = SessionEngine(routine, clock)
    player = RecordingPlayer(lambda: engine.now)
    engine.subscribe(CueListener(AudioOutput(player), action_names()))
    engine.start()
    while not engine.finished and clock.now() < 120:
        clock.advance(0.01)
        engine.advance()
    return [(at, cue.value) for at, cue in player.played]


def one_run(folder: Path, expected: list[tuple[float, str]]) -> list[float]:
    """Errors in ms, one per expected cue moment that no earlier cue is still sounding over
    (cues due together count once; a cue inside another's sound has no onset of its own)."""
    import wave

    from desktop_app.resources import assets_dir

    def length(cue: str) -> float:
        with wave.open(str(assets_dir() / "sounds" / f"{cue}.wav"), "rb") as sound:
            return sound.getnframes() / sound.getframerate()

    def attack(cue: str) -> float:
        """Seconds from the file's start to where the onset detector will see it begin."""
        return real_sound.onsets(assets_dir() / "sounds" / f"{cue}.wav", threshold=0.02 / 0.8)[0]

    moments: list[float] = []
    sounding_until = -1.0
    for at, cue in expected:
        if (not moments or at - moments[-1] > 0.15) and at >= sounding_until + 0.1:
            moments.append(at + attack(cue))
        sounding_until = max(sounding_until, at + length(cue))
    span = moments[-1] + 3.0
    with real_sound.xvfb() as display, real_sound.pulseaudio(folder / "pa") as server:
        data = real_sound.prepared_data_dir(folder)
        (data / "routines" / "cue-timing.yaml").write_text(ROUTINE, encoding="utf-8")
        env = {
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "HOME": str(folder),
            **server.env,
        }
        import os

        app = subprocess.Popen(
            [
                real_sound.app_python(),
                "-m",
                "desktop_app",
                "--data-dir",
                str(data),
                "--routine",
                "cue-timing",
            ],
            env={**os.environ, **env},
            cwd=real_sound.ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            window = real_sound.window_id(display, 20)
            if window is None:
                raise RuntimeError("the window did not appear")
            time.sleep(4.0)  # the sound helper is ready well before this
            with real_sound.recording(server, folder / "run.wav") as wav:
                subprocess.run(
                    ["xdotool", "windowfocus", window, "key", "space"],
                    env={**os.environ, **env},
                    check=True,
                )
                time.sleep(span)
        finally:
            app.kill()
            app.wait(10)
    heard = real_sound.onsets(wav, gap=0.1)
    if not heard:
        raise RuntimeError("nothing was heard at the sound card")
    # Anchor on the first sound, match each due moment to the nearest onset, then take out the
    # typical (median) offset: what is left is how far each cue strays from the beat the
    # person hears. The fixed part (output buffer 20 ms + the server's latency) is reported
    # apart in RESULTS.md: the recording has no clock shared with the app's.
    first = heard[0]
    raw = []
    for due in moments:
        nearest = min(heard, key=lambda onset: abs((onset - first) - due))
        raw.append(((nearest - first) - due) * 1000)
    typical = statistics.median(raw)
    if VERBOSE:
        print(
            "  ".join(
                f"{due:.2f}:{error - typical:+.0f}" for due, error in zip(moments, raw, strict=True)
            )
        )
    return [error - typical for error in raw]


def measure(runs: int = 3) -> tuple[float, float, int] | None:
    """Median and worst |error| in ms over all cue moments of all runs, and how many cues."""
    if real_sound.missing_programs("Xvfb", "xdotool", "pulseaudio", "parec"):
        return None
    expected = expected_cues()
    errors: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="lumbago-cues-") as folder:
            errors += one_run(Path(folder), expected)
    absolute = [abs(error) for error in errors]
    return statistics.median(absolute), max(absolute), len(errors)


def main() -> None:
    numbers = [arg for arg in sys.argv[1:] if arg.isdigit()]
    runs = int(numbers[0]) if numbers else 3
    expected = expected_cues()
    print(f"{len(expected)} cues per run: " + ", ".join(f"{at:.1f} {cue}" for at, cue in expected))
    result = measure(runs)
    if result is None:
        print("needs Xvfb, xdotool, pulseaudio and parec")
        return
    median, worst, count = result
    print(
        f"{count} cue moments over {runs} runs: |error| median {median:.1f} ms, worst {worst:.1f} ms"
    )


if __name__ == "__main__":
    main()
