"""The cue sounds: one per kind of event, each a WAV file in assets/sounds/."""

from __future__ import annotations

import enum
from pathlib import Path


class Cue(enum.StrEnum):
    STEP_START = "step_start"
    HOLD_START = "hold_start"
    LOWER_BOUND = "lower_bound"
    TICK = "tick"
    HOLD_END = "hold_end"
    REPETITION = "repetition"
    CAP_REACHED = "cap_reached"
    PAIN_WARNING = "pain_warning"
    CHECK_IN = "check_in"
    PROMPT = "prompt"
    FINISHED = "finished"

    def path(self, sounds_dir: Path) -> Path:
        return sounds_dir / f"{self.value}.wav"
