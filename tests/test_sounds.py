"""The cue sounds themselves: valid, short, not clipped, equally loud, and distinct."""

from __future__ import annotations

import cmath
import math
import wave
from itertools import combinations
from pathlib import Path

import pytest

from desktop_app.audio.cues import Cue
from desktop_app.resources import assets_dir

SOUNDS = assets_dir() / "sounds"


def read(path: Path) -> tuple[wave._wave_params, list[float]]:
    with wave.open(str(path), "rb") as sound:
        params = sound.getparams()
        frames = sound.readframes(params.nframes)
    samples = [
        int.from_bytes(frames[i : i + 2], "little", signed=True) / 32768
        for i in range(0, len(frames), 2)
    ]
    return params, samples


def fft(values: list[complex]) -> list[complex]:
    n = len(values)
    if n == 1:
        return values
    even, odd = fft(values[0::2]), fft(values[1::2])
    twiddled = [cmath.exp(-2j * math.pi * k / n) * odd[k] for k in range(n // 2)]
    return [even[k] + twiddled[k] for k in range(n // 2)] + [
        even[k] - twiddled[k] for k in range(n // 2)
    ]


def dominant_frequency(samples: list[float], rate: int) -> float:
    """The strongest frequency in the loudest 2048-sample stretch."""
    size = 2048
    padded = samples + [0.0] * max(0, size - len(samples))
    start = max(
        range(0, len(padded) - size + 1, 256),
        key=lambda i: sum(abs(s) for s in padded[i : i + size]),
    )
    window = [
        padded[start + i] * (0.5 - 0.5 * math.cos(2 * math.pi * i / size)) for i in range(size)
    ]
    spectrum = [abs(c) for c in fft([complex(v) for v in window])[: size // 2]]
    peak = max(range(1, len(spectrum)), key=spectrum.__getitem__)
    return peak * rate / size


@pytest.mark.parametrize("cue", list(Cue), ids=lambda c: c.value)
def test_cue_is_16_bit_pcm_at_cd_rate(cue: Cue) -> None:
    params, _ = read(cue.path(SOUNDS))
    assert (params.sampwidth, params.framerate, params.comptype) == (2, 44_100, "NONE")


@pytest.mark.parametrize("cue", list(Cue), ids=lambda c: c.value)
def test_cue_is_short_except_the_finish(cue: Cue) -> None:
    params, _ = read(cue.path(SOUNDS))
    seconds = params.nframes / params.framerate
    assert 0.03 < seconds < (3.0 if cue is Cue.FINISHED else 1.0)


@pytest.mark.parametrize("cue", list(Cue), ids=lambda c: c.value)
def test_cue_peaks_at_or_below_minus_1_dbfs(cue: Cue) -> None:
    _, samples = read(cue.path(SOUNDS))
    peak = max(abs(s) for s in samples)
    assert 20 * math.log10(peak) <= -1.0


def test_cues_are_about_equally_loud() -> None:
    levels = {}
    for cue in Cue:
        _, samples = read(cue.path(SOUNDS))
        rms = math.sqrt(sum(s * s for s in samples) / len(samples))
        levels[cue] = 20 * math.log10(rms)
    assert max(levels.values()) - min(levels.values()) <= 6, levels


def test_no_two_cues_are_near_identical() -> None:
    features = {}
    for cue in Cue:
        params, samples = read(cue.path(SOUNDS))
        features[cue] = (
            params.nframes / params.framerate,
            dominant_frequency(samples, params.framerate),
        )
    for a, b in combinations(Cue, 2):
        (length_a, pitch_a), (length_b, pitch_b) = features[a], features[b]
        same_length = abs(length_a - length_b) < 0.08
        same_pitch = abs(pitch_a - pitch_b) / max(pitch_a, pitch_b) < 0.06
        assert not (same_length and same_pitch), (
            f"{a} and {b} sound alike: {features[a]} {features[b]}"
        )


def test_cap_chime_rises() -> None:
    params, samples = read(Cue.CAP_REACHED.path(SOUNDS))
    first_note = samples[: int(0.15 * params.framerate)]
    second_note = samples[int(0.3 * params.framerate) :]
    assert dominant_frequency(second_note, params.framerate) > 1.3 * dominant_frequency(
        first_note, params.framerate
    )
