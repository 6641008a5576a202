"""Turns engine events into cues and spoken prompts on an AudioOutput."""

from __future__ import annotations

from desktop_app.audio.announcements import cue_for, speech_for
from desktop_app.audio.output import AudioOutput
from desktop_app.core.events import Event
from desktop_app.view.presenter import Names


class CueListener:
    """Subscribed to the engine for one session. `names`: what the voice calls each action
    (the window's keys)."""

    def __init__(self, output: AudioOutput, names: Names) -> None:
        self.output = output
        self.names = names

    def __call__(self, event: Event) -> None:
        self.output.announce(cue_for(event), speech_for(event, self.names))
