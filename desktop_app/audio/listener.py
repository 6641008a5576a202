"""Turns engine events into cues and spoken prompts on an AudioOutput."""

from __future__ import annotations

from desktop_app.audio.announcements import cue_for, speech_for
from desktop_app.audio.output import AudioOutput
from desktop_app.core.events import Event


class CueListener:
    """Subscribed to the engine for one session."""

    def __init__(self, output: AudioOutput) -> None:
        self.output = output

    def __call__(self, event: Event) -> None:
        self.output.announce(cue_for(event), speech_for(event))
