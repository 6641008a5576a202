"""Ways to play a cue: QtMultimedia, playsound3, silence (with a visual flash), or a recording.

All of them sit behind one small interface, `Player.play(cue)`, which returns at once: a
sound never blocks the interface or the timer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from desktop_app.audio.cues import Cue
from desktop_app.i18n import _

log = logging.getLogger(__name__)


class AudioUnavailable(Exception):
    """This way of playing sound does not work here; the message says why."""


class Player(Protocol):
    #: "qt", "playsound", "off" or "recording".
    name: str
    #: A sentence for the settings: how sound is played.
    description: str

    def play(self, cue: Cue) -> None: ...

    def set_volume(self, volume: float) -> None: ...


def missing_sounds(sounds_dir: Path) -> list[Cue]:
    return [cue for cue in Cue if not cue.path(sounds_dir).is_file()]


class RecordingPlayer:
    """For tests: remembers which cue was asked for at which engine time."""

    name = "recording"
    description = "Recording (tests)"

    def __init__(self, now: Callable[[], float] = lambda: 0.0) -> None:
        self.now = now
        self.played: list[tuple[float, Cue]] = []
        self.volume = 1.0

    def play(self, cue: Cue) -> None:
        self.played.append((round(self.now(), 6), cue))

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    @property
    def cues(self) -> list[Cue]:
        return [cue for _, cue in self.played]


class SilentPlayer:
    """No sound here: every cue becomes a flash of the screen edge instead."""

    name = "off"

    def __init__(self, reason: str, flash: Callable[[Cue], None] | None = None) -> None:
        self.reason = reason
        self.description = _("Sound is off: {reason}. Cues flash the screen edge instead.").format(
            reason=reason
        )
        self._flash = flash

    def play(self, cue: Cue) -> None:
        if self._flash is not None:
            self._flash(cue)

    def set_volume(self, volume: float) -> None:
        pass


class QtPlayer:
    """QSoundEffect per cue, loaded once: in-process and fast (the default)."""

    name = "qt"

    def __init__(
        self, sounds_dir: Path, parent: Any, on_failure: Callable[[str], None] | None = None
    ) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

        outputs = QMediaDevices.audioOutputs()
        if not outputs:
            raise AudioUnavailable(_("no audio output device was found"))
        device = QMediaDevices.defaultAudioOutput()
        self.description = _("QtMultimedia, playing through “{device}”").format(
            device=device.description()
        )
        self._on_failure = on_failure
        self._failed = False
        self._effects: dict[Cue, Any] = {}
        self.missing = missing_sounds(sounds_dir)
        for cue in Cue:
            if cue in self.missing:
                continue
            effect = QSoundEffect(parent)
            effect.setAudioDevice(device)
            effect.setSource(QUrl.fromLocalFile(str(cue.path(sounds_dir))))
            self._effects[cue] = effect
        self._error_status = QSoundEffect.Status.Error

    def play(self, cue: Cue) -> None:
        effect = self._effects.get(cue)
        if effect is None:
            return
        if effect.status() == self._error_status:
            self._fail(_("the sound “{cue}” could not be played").format(cue=cue.value))
            return
        effect.play()

    def _fail(self, reason: str) -> None:
        if not self._failed and self._on_failure is not None:
            self._failed = True
            self._on_failure(reason)

    def set_volume(self, volume: float) -> None:
        for effect in self._effects.values():
            effect.setVolume(volume)

    def effect(self, cue: Cue) -> Any:
        return self._effects.get(cue)


class PlaysoundPlayer:
    """playsound3 through a command-line player (gst-play-1.0, ffplay, aplay), never blocking."""

    name = "playsound"

    def __init__(self, sounds_dir: Path) -> None:
        logging.getLogger("playsound3").setLevel(logging.ERROR)
        try:
            import playsound3
        except Exception as error:  # an import can fail in many ways on a broken system
            raise AudioUnavailable(
                _("playsound3 cannot be loaded ({error})").format(error=error)
            ) from error
        backend = playsound3.DEFAULT_BACKEND
        if backend is None:
            raise AudioUnavailable(
                _("no command-line sound player (gst-play-1.0, ffplay, aplay) was found")
            )
        self._playsound = playsound3.playsound
        self._sounds_dir = sounds_dir
        self.missing = missing_sounds(sounds_dir)
        self.description = _("playsound3, playing through {backend}").format(backend=backend)

    def play(self, cue: Cue) -> None:
        if cue in self.missing:
            return
        try:
            self._playsound(str(cue.path(self._sounds_dir)), block=False)
        except Exception as error:  # a player that vanished must not take the session down
            log.warning("could not play %s: %s", cue.value, error)

    def set_volume(self, volume: float) -> None:
        pass  # command-line players play at the system volume


def choose_player(
    preference: str | None,
    sounds_dir: Path,
    parent: Any,
    flash: Callable[[Cue], None] | None = None,
    on_failure: Callable[[str], None] | None = None,
) -> tuple[Player, str]:
    """The best way to play sound here (or the one asked for), and a notice when it is not Qt."""
    if preference == "off":
        return SilentPlayer(_("turned off with --sound off"), flash), ""
    reasons: list[str] = []
    if preference in (None, "qt"):
        try:
            return QtPlayer(sounds_dir, parent, on_failure), ""
        except AudioUnavailable as error:
            reasons.append(f"QtMultimedia: {error}")
        except ImportError as error:
            reasons.append(f"QtMultimedia: {error}")
    if preference in (None, "playsound"):
        try:
            player = PlaysoundPlayer(sounds_dir)
            notice = (
                _("Sound plays through {description} ({reasons}).").format(
                    description=player.description, reasons="; ".join(reasons)
                )
                if reasons
                else ""
            )
            return player, notice
        except AudioUnavailable as error:
            reasons.append(f"playsound3: {error}")
    reason = "; ".join(reasons)
    silent = SilentPlayer(reason, flash)
    return silent, _(
        "No sound is available ({reason}). The screen edge flashes for each cue instead."
    ).format(reason=reason)
