"""What the user hears: a player for cues and a voice for sentences, with mute and the settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.audio.backends import Player
    from desktop_app.audio.cues import Cue
    from desktop_app.audio.voice import Voice


class AudioOutput:
    """Sound and voice as the settings and the M key leave them; knows nothing of sessions."""

    def __init__(self, player: Player, voice: Voice | None = None) -> None:
        self.player = player
        self.voice = voice
        self.sound_enabled = True
        self.voice_enabled = False
        self.muted = False

    def announce(self, cue: Cue | None, text: str | None) -> None:
        """Play the cue first, so speech never delays a sound; then say the sentence."""
        if self.muted:
            return
        if self.sound_enabled and cue is not None:
            self.player.play(cue)
        if self.voice_enabled and self.voice is not None and text:
            self.voice.say(text)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if muted and self.voice is not None:
            self.voice.stop()
