"""Sound and voice for the app: which player plays the cues, the voice chosen when first
needed, mute, volume, and the one-line status the window shows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop_app import settings as opt
from desktop_app.audio.backends import Hearing, Player, SilentPlayer, choose_player
from desktop_app.audio.cues import Cue
from desktop_app.audio.output import AudioOutput
from desktop_app.audio.voice import Voice
from desktop_app.core.actions import Action
from desktop_app.i18n import _, speech_language
from desktop_app.qt.keys import name
from desktop_app.settings import Settings


class SoundControl(QObject):
    """Owns the cue output; says what the window should show through its signals."""

    #: Said once, on the command line and the start page: why there is no sound, say.
    said = Signal(str)
    #: The one-line sound status for the window ("" when all is well).
    status = Signal(str)
    #: A cue that could not be heard, to be seen: the Cue.
    flashed = Signal(object)
    #: A sentence for the session page (sound stopped, or came back).
    told = Signal(str)
    #: Whether the app's own voice speaks the session now (on, not muted, a voice that works).
    voice_speaks = Signal(bool)

    def __init__(
        self,
        settings: Settings,
        parent: QObject,
        *,
        player: Player | None,
        voice: Voice | None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        # Sound starts silent and is set up after the window is painted (`start`): the
        # sound helper (a process of its own) must not delay the first paint.
        self.cues = AudioOutput(player or SilentPlayer(_("starting up")), voice)
        self._voice_ready = voice is not None
        self.muted = False
        #: Said once when sound was set up: why there is none, or which cues only flash.
        self.notice = ""

    # -- players ----------------------------------------------------------------------------

    def start(self, sounds: Path, preference: str | None = None) -> None:
        """Find a way to play sound (or use the one asked for); say so once if there is none."""
        player, notice = choose_player(
            preference, sounds, self, flash=self.flashed.emit, on_status=self._status_changed
        )
        self.use_player(player, notice)

    def use_player(self, player: Player, notice: str = "") -> None:
        self.cues.player = player
        player.set_volume(self.settings.get(opt.VOLUME))
        if player.missing:
            names = ", ".join(cue.value for cue in player.missing)
            gap = _("Missing sound files: {names}; those cues only flash.").format(names=names)
            notice = f"{notice} {gap}" if notice else gap
        self.notice = notice
        if notice:
            self.said.emit(notice)
        self.show_status()

    def start_default(self, preference: str | None = None) -> None:
        """Sound as `lumbago-coach` plays it: the bundled cues, the player asked for (or the
        best one here)."""
        from desktop_app.resources import assets_dir

        self.start(assets_dir() / "sounds", preference)

    def remind(self) -> None:
        """A keep-moving reminder, heard."""
        from desktop_app.core.reminder import spoken

        self.cues.announce(Cue.CHECK_IN, spoken())

    def close(self) -> None:
        """The app is leaving: the sound helper and the voice's speaker end (waited for,
        bounded), so no process of ours outlives the app."""
        self.cues.player.close()
        if self.cues.voice is not None:
            self.cues.voice.close()

    def _status_changed(self, message: str, playing: bool) -> None:
        """The sound helper stopped (cues flash until it is back) or came back."""
        if message:
            if not playing:
                self.said.emit(message)
            self.told.emit(message)
        self.show_status()

    # -- the voice --------------------------------------------------------------------------

    def ensure_voice(self) -> Voice | None:
        """The voice, chosen the first time it is needed (it may start a speech server)."""
        from desktop_app.audio.voice import choose_voice

        if not self._voice_ready:
            self.cues.voice = choose_voice(self, speech_language())
            self._voice_ready = True
        voice = self.cues.voice
        if voice is not None:
            voice.set_rate(self.settings.get(opt.VOICE_RATE))
            voice.set_volume(self.settings.get(opt.VOLUME))
        return voice

    def voice_works(self) -> bool:
        """Whether the voice chosen so far can speak (not yet chosen: no reason to doubt it)."""
        from desktop_app.audio.voice import NoVoice

        return not isinstance(self.cues.voice, NoVoice)

    def can_speak(self) -> bool:
        """Whether offering the voice makes sense. Asked on the finish page, where nobody has
        turned the voice on: nothing that speaks is loaded or started to answer it."""
        from desktop_app.audio.voice import NoVoice, voice_likely

        if self._voice_ready:
            voice = self.cues.voice
            return voice is not None and not isinstance(voice, NoVoice)
        return voice_likely(speech_language())

    @property
    def player_description(self) -> str:
        return self.cues.player.description

    @property
    def voice_description(self) -> str:
        voice = self.cues.voice
        return voice.description if voice is not None else _("Chosen when you turn the voice on.")

    # -- what the settings say --------------------------------------------------------------

    def apply_settings(self) -> None:
        self.cues.sound_enabled = self.settings.get(opt.SOUND_ENABLED)
        self.cues.voice_enabled = self.settings.get(opt.VOICE_ENABLED)
        if self.cues.voice_enabled:
            self.ensure_voice()
        self.show_status()

    def set_volume(self, volume: float) -> None:
        self.settings.set(opt.VOLUME, volume)
        self.cues.player.set_volume(volume)
        if self.cues.voice is not None:
            self.cues.voice.set_volume(volume)

    def toggle_mute(self) -> bool:
        """M: silence sound and voice at once (and bring them back); returns whether muted."""
        self.muted = not self.muted
        self.cues.set_muted(self.muted)
        self.show_status()
        return self.muted

    def status_text(self) -> str:
        if self.muted:
            return _("Muted · press {key}").format(key=name(Action.MUTE))
        if not self.cues.sound_enabled:
            return _("Sound off")
        hearing = self.cues.player.hearing
        if hearing is Hearing.INAUDIBLE:
            return _("Cues cannot be heard: the edge flashes")
        if hearing in (Hearing.OFF, Hearing.OUTAGE):
            return _("No sound: the edge flashes")
        if self.cues.voice_enabled and not self.voice_works():
            # Said, not hidden: the voice is on in the settings, but nothing here speaks
            # this language (the settings window tells why).
            return _("No voice in this language")
        return ""

    def show_status(self) -> None:
        self.status.emit(self.status_text())
        self.voice_speaks.emit(self.cues.voice_enabled and not self.muted and self.voice_works())
