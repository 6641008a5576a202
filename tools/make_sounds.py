"""Synthesize the cue sounds into assets/sounds/ (16-bit PCM mono WAV, 44.1 kHz).

Run: .venv/bin/python tools/make_sounds.py
Each cue is made of soft bell-like notes (a sine with a few decaying partials), shaped with
a short attack so nothing clicks, then normalised to the same loudness with peaks at or
below -1 dBFS. Cues differ by pitch, by rhythm and by direction (up = good news, two low
alternating notes = warning), so they can be told apart with eyes closed.
"""

from __future__ import annotations

import array
import math
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

RATE = 44_100
OUT = Path(__file__).resolve().parent.parent / "assets" / "sounds"
PEAK = 10 ** (-1.5 / 20)  # a little under -1 dBFS
TARGET_RMS = 10 ** (-17 / 20)


@dataclass(frozen=True)
class Note:
    start: float
    frequency: float
    length: float
    volume: float = 1.0
    #: Decay time constant; small for clicks, large for bells.
    decay: float = 0.25
    #: Relative strength of the 2nd and 3rd partials (bell colour).
    partials: tuple[float, float] = (0.35, 0.12)


def render(notes: Sequence[Note], total: float) -> list[float]:
    samples = [0.0] * int(total * RATE)
    for note in notes:
        first = int(note.start * RATE)
        count = min(int(note.length * RATE), len(samples) - first)
        attack = int(0.006 * RATE)
        release = int(0.02 * RATE)
        for i in range(count):
            t = i / RATE
            envelope = math.exp(-t / note.decay)
            if i < attack:
                envelope *= i / attack
            if i > count - release:
                envelope *= (count - i) / release
            value = math.sin(2 * math.pi * note.frequency * t)
            value += note.partials[0] * math.sin(2 * math.pi * note.frequency * 2.0 * t)
            value += note.partials[1] * math.sin(2 * math.pi * note.frequency * 3.01 * t)
            samples[first + i] += note.volume * envelope * value
    return samples


def normalise(samples: list[float], loudness: float = 1.0) -> list[float]:
    """Same loudness for every cue (RMS over the audible part), never above the peak limit."""
    audible = [s for s in samples if abs(s) > 1e-4] or samples
    rms = math.sqrt(sum(s * s for s in audible) / len(audible))
    gain = TARGET_RMS * loudness / rms if rms else 1.0
    peak = max(abs(s) for s in samples) * gain
    if peak > PEAK:
        gain *= PEAK / peak
    return [s * gain for s in samples]


def write(name: str, samples: list[float]) -> Path:
    path = OUT / f"{name}.wav"
    data = array.array("h", (max(-32767, min(32767, round(s * 32767))) for s in samples))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(data.tobytes())
    return path


C5, D5, E5, F5, G5, A5, B5 = 523.25, 587.33, 659.25, 698.46, 783.99, 880.0, 987.77
C6, E6, G6 = 1046.5, 1318.5, 1568.0
G4, A4 = 392.0, 440.0

CUES: dict[str, tuple[list[Note], float, float]] = {
    # A bright single chime: a new step.
    "step_start": ([Note(0, C6, 0.55, decay=0.18)], 0.55, 1.0),
    # A low, warm bong: settle and hold.
    "hold_start": ([Note(0, G4, 0.7, decay=0.3, partials=(0.5, 0.2))], 0.7, 1.0),
    # Soft, falling two notes: you may release once it has eased.
    "lower_bound": ([Note(0, E5, 0.35, 0.8, 0.2), Note(0.22, C5, 0.5, 0.8, 0.25)], 0.72, 0.8),
    # A short wooden tick for the last seconds and the lead-in.
    "tick": ([Note(0, 1760, 0.07, decay=0.018, partials=(0.2, 0.05))], 0.08, 0.9),
    # A full bell chord: the hold is over.
    "hold_end": (
        [Note(0, C5, 0.9, 0.7, 0.35), Note(0, E5, 0.9, 0.55, 0.35), Note(0, G5, 0.9, 0.5, 0.35)],
        0.9,
        1.0,
    ),
    # A tiny blip per roll.
    "repetition": ([Note(0, A5, 0.06, decay=0.03, partials=(0.1, 0.0))], 0.06, 0.8),
    # A rising double chime, clearly different: that's the cap.
    "cap_reached": ([Note(0, A5, 0.3, decay=0.12), Note(0.2, E6, 0.45, decay=0.16)], 0.65, 1.0),
    # Two low notes alternating three times: urgent, not startling.
    "pain_warning": (
        [
            Note(i * 0.16, (F5 if i % 2 == 0 else D5), 0.15, decay=0.09, partials=(0.15, 0.05))
            for i in range(5)
        ],
        0.82,
        1.0,
    ),
    # A questioning rise of three soft notes: still there?
    "check_in": (
        [
            Note(0, C5, 0.3, 0.8, 0.15),
            Note(0.18, E5, 0.3, 0.8, 0.15),
            Note(0.36, A5, 0.55, 0.9, 0.22),
        ],
        0.9,
        0.9,
    ),
    # A soft mid note: the activity's prompt changed.
    "prompt": (
        [Note(0, A4, 0.4, decay=0.14, partials=(0.45, 0.1)), Note(0.12, A5, 0.35, 0.5, 0.12)],
        0.5,
        0.9,
    ),
    # A slow, rising arpeggio that rings out: the routine is finished.
    "finished": (
        [
            Note(0, C5, 1.8, 0.8, 0.5),
            Note(0.18, E5, 1.6, 0.8, 0.5),
            Note(0.36, G5, 1.5, 0.8, 0.5),
            Note(0.56, C6, 1.5, 0.9, 0.6),
        ],
        2.1,
        1.0,
    ),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (notes, length, loudness) in CUES.items():
        print(write(name, normalise(render(notes, length), loudness)))


if __name__ == "__main__":
    main()
