"""Turns engine events into cues and spoken prompts, honouring mute, sound and voice settings."""

from __future__ import annotations

from desktop_app.audio.backends import Player
from desktop_app.audio.cues import Cue, cue_for, speech_for
from desktop_app.audio.voice import Voice
from desktop_app.core.events import Event


class CueListener:
    """Subscribed to the engine; plays the cue first, so speech never delays a sound."""

    def __init__(self, player: Player, voice: Voice | None = None) -> None:
        self.player = player
        self.voice = voice
        self.sound_enabled = True
        self.voice_enabled = False
        self.muted = False

    def __call__(self, event: Event) -> None:
        if self.muted:
            return
        if self.sound_enabled and (cue := cue_for(event)) is not None:
            self.player.play(cue)
        if self.voice_enabled and self.voice is not None and (text := speech_for(event)):
            self.voice.say(text)

    def announce(self, cue: Cue, text: str) -> None:
        """Something outside a session to be heard (a keep-moving reminder)."""
        if self.muted:
            return
        if self.sound_enabled:
            self.player.play(cue)
        if self.voice_enabled and self.voice is not None:
            self.voice.say(text)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if muted and self.voice is not None:
            self.voice.stop()
