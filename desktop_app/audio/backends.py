"""Ways to play a cue: the sound helper process, playsound3, silence (a flash), or a recording.

All of them sit behind one small interface, `Player.play(cue)`, which returns at once: a
sound never blocks the interface or the timer.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject

from desktop_app.audio.cues import Cue
from desktop_app.i18n import _

if TYPE_CHECKING:
    from PySide6.QtCore import QProcess

log = logging.getLogger(__name__)


class AudioUnavailable(Exception):
    """This way of playing sound does not work here; the message says why."""


class Hearing(enum.Enum):
    """Whether a player's cues reach the person (the status line says which)."""

    #: Played, as far as anything here can tell.
    HEARD = enum.auto()
    #: No way to play sound here: cues flash the screen edge.
    OFF = enum.auto()
    #: The sound helper stopped: cues flash until it is back.
    OUTAGE = enum.auto()
    #: Played into a device nobody hears (no sound server, a null sink): cues flash too.
    INAUDIBLE = enum.auto()


class Player(Protocol):
    #: "helper", "playsound", "off" or "recording".
    name: str
    #: A sentence for the settings: how sound is played.
    description: str

    @property
    def missing(self) -> Sequence[Cue]:
        """Cues whose sound file is missing: they only flash."""
        ...

    @property
    def hearing(self) -> Hearing: ...

    def play(self, cue: Cue) -> None: ...

    def set_volume(self, volume: float) -> None: ...

    def close(self) -> None:
        """The app is leaving: nothing of the player's outlives it (waited for, bounded)."""
        ...


def missing_sounds(sounds_dir: Path) -> list[Cue]:
    return [cue for cue in Cue if not cue.path(sounds_dir).is_file()]


class RecordingPlayer:
    """For tests: remembers which cue was asked for at which engine time."""

    name = "recording"
    description = "Recording (tests)"
    missing: Sequence[Cue] = ()
    hearing = Hearing.HEARD

    def __init__(self, now: Callable[[], float] = lambda: 0.0) -> None:
        self.now = now
        self.played: list[tuple[float, Cue]] = []
        self.volume = 1.0

    def play(self, cue: Cue) -> None:
        self.played.append((round(self.now(), 6), cue))

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def close(self) -> None:
        pass

    @property
    def cues(self) -> list[Cue]:
        return [cue for _, cue in self.played]


class SilentPlayer:
    """No sound here: every cue becomes a flash of the screen edge instead."""

    name = "off"
    missing: Sequence[Cue] = ()
    hearing = Hearing.OFF

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

    def close(self) -> None:
        pass


class HelperPlayer(QObject):
    """Cues played by the sound helper, a child process (see desktop_app/audio/helper.py).

    The app only ever writes one short line to the helper's pipe, without waiting, so no fault
    of the sound stack can stop or slow the session. The helper is supervised on the Qt event
    loop: it must answer a ping every second; one that hangs, spins, fails or dies is killed,
    the cues flash the screen edge instead (said once through `on_status`), and a new helper
    is tried every few seconds, so a sound server that comes back is used without a restart.

    The player is a QObject and every process signal goes to one of its methods, never to a
    lambda: Qt drops those connections when the player goes, so nothing can call into a
    player (or a process) that is already gone. A process is never destroyed while it runs:
    one that was killed is kept until it has ended, and `close` waits for each, bounded.
    """

    name = "helper"
    #: Seconds between pings, and how long an answer may take before the helper is replaced.
    PING_EVERY = 1.0
    ANSWER_WITHIN = 2.5
    #: Seconds before the next try after a failure (doubling up to the last).
    RETRY_AFTER = (2.0, 4.0, 8.0, 15.0)
    #: Bytes waiting in the pipe beyond which the helper is taken as stuck.
    MAX_BACKLOG = 4096
    #: After an outage, a new helper must stay healthy this long before "Sound is back" is
    #: said: one that breaks on its first cue again must not make the app chatter.
    RECOVERED_AFTER = 5.0
    #: At close: how long a helper told to quit may take, and then how long a killed one may.
    QUIT_WITHIN = 1.0
    KILLED_WITHIN = 2.0

    def __init__(
        self,
        sounds_dir: Path,
        parent: QObject,
        flash: Callable[[Cue], None] | None = None,
        on_status: Callable[[str, bool], None] | None = None,
        command: list[str] | None = None,
    ) -> None:
        from PySide6.QtCore import QProcess, QTimer

        super().__init__(parent)
        self._sounds_dir = sounds_dir
        self._flash = flash
        self._on_status = on_status
        self._command = command or helper_command(sounds_dir)
        self.missing = missing_sounds(sounds_dir)
        self.volume = 1.0
        self.ready = False
        #: The helper runs but plays into nothing (a null output): cues flash.
        self.inaudible = False
        #: What plays now (or why nothing does), for the settings.
        self.description = _("Starting the sound helper…")
        self._failures = 0
        self._outage_told = False
        self._ping = 0
        self._answered = 0
        self._buffer = b""
        self._process_class = QProcess
        self._process: QProcess | None = None
        #: Killed helpers not yet ended: kept, so that none is destroyed while it runs.
        self._ending: list[QProcess] = []
        self._closed = False
        self._pinger = QTimer(self)
        self._pinger.setInterval(round(self.PING_EVERY * 1000))
        self._pinger.timeout.connect(self._check)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.start)
        self._asked_at = 0.0
        self._ready_at = 0.0
        self.start()

    # -- the helper's life ---------------------------------------------------------------

    def start(self) -> None:
        """Start a helper (again); cues flash until it says it is ready."""
        from PySide6.QtCore import QProcess, QProcessEnvironment

        if self._closed:
            return
        self._stop_process()
        process = QProcess(self)
        process.setProgram(self._command[0])
        process.setArguments(self._command[1:])
        environment = QProcessEnvironment.systemEnvironment()
        root = str(Path(__file__).resolve().parent.parent.parent)
        environment.insert(
            "PYTHONPATH", os.pathsep.join(filter(None, [root, environment.value("PYTHONPATH")]))
        )
        process.setProcessEnvironment(environment)
        # What a helper prints on standard error is not ours to show; a spinning one could
        # write gigabytes.
        process.setStandardErrorFile(QProcess.nullDevice())
        process.readyReadStandardOutput.connect(self._readable)
        process.finished.connect(self._process_ended)
        process.errorOccurred.connect(self._process_error)
        self._process = process
        self._buffer = b""
        self.ready = False
        self._answered = self._ping
        self._asked_at = time.monotonic()
        process.start()
        self._pinger.start()

    def _stop_process(self) -> None:
        """Kill the current helper without waiting for it (a session may be running): it is
        kept in `_ending` until it has ended."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.state() == self._process_class.ProcessState.NotRunning:
            process.deleteLater()
            return
        self._ending.append(process)
        process.kill()

    def close(self) -> None:
        """The app is leaving: the helper is told to quit (a killed one is killed), and this
        waits, bounded, until every helper has ended. Nothing is started after it."""
        self._closed = True
        self._pinger.stop()
        self._retry.stop()
        process, self._process = self._process, None
        running = self._process_class.ProcessState.NotRunning
        if process is not None:
            if self.ready and process.state() != running:
                process.write(b"quit\n")
                process.waitForBytesWritten(100)
            process.closeWriteChannel()  # end of file: a helper not yet ready leaves too
            if not process.waitForFinished(round(self.QUIT_WITHIN * 1000)):
                process.kill()
            self._ending.append(process)
        for ending in self._ending:
            if ending.state() != running:
                ending.kill()
                ending.waitForFinished(round(self.KILLED_WITHIN * 1000))
            ending.blockSignals(True)
        self._ending = [ending for ending in self._ending if ending.state() != running]
        self.ready = False

    def _readable(self) -> None:
        if self.sender() is self._process and self._process is not None:
            self._read(self._process)

    def _process_ended(self) -> None:
        process = self.sender()
        if process is self._process:
            self._failed(_("the sound helper stopped"))
        elif process in self._ending:
            self._ending.remove(process)
            process.deleteLater()

    def _read(self, process: QProcess) -> None:
        if process is not self._process:
            return
        self._buffer += bytes(process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        self._buffer = self._buffer[-512:]
        for raw in lines:
            word, _sep, rest = raw.decode("utf-8", "replace").strip().partition(" ")
            if word == "ready":
                self._became_ready(rest)
            elif word == "pong":
                with contextlib.suppress(ValueError):
                    self._answered = max(self._answered, int(rest))
            elif word == "error":
                code, _sep, detail = rest.partition(" ")
                if detail:
                    log.info("sound helper: %s %s", code, detail)
                self._failed(helper_failure(code))

    def _became_ready(self, device: str) -> None:
        self.ready = True
        self._ready_at = time.monotonic()
        self._answered = self._ping
        backend = device.partition(" — ")[0].strip().lower()
        if backend in INAUDIBLE_BACKENDS:
            self._inaudible()
            return
        self.inaudible = False
        if " — " not in device:
            device = _("{backend}, the default output").format(backend=device)
        self.description = _("Sound helper (miniaudio), playing through {device}").format(
            device=device[:120]
        )
        self._send(f"volume {self.volume:.3f}")
        if self._on_status is not None and not self._outage_told:
            self._on_status("", True)

    def _inaudible(self) -> None:
        """The helper plays, but into nothing: no sound server or card was found, and the
        audio library fell back to its null output. Said, and every cue flashes."""
        self.inaudible = True
        self.description = _(
            "No sound output was found (no sound server or sound card): cues cannot be heard, "
            "and the screen edge flashes for each."
        )
        if not self._outage_told and self._on_status is not None:
            self._outage_told = True
            self._on_status(
                _(
                    "Cues cannot be heard: no sound output was found. The screen edge flashes "
                    "for each cue."
                ),
                False,
            )

    def _recovered(self) -> None:
        self._failures = 0
        self._outage_told = False
        if self._on_status is not None:
            self._on_status(_("Sound is back."), True)

    def _check(self) -> None:
        """Every second: the helper must have answered the last ping (or said it is ready)."""
        process = self._process
        if process is None:
            return
        now = time.monotonic()
        if not self.ready:
            if now - self._asked_at > 8.0:
                self._failed(_("the sound helper did not start in time"))
            return
        if self._answered < self._ping and now - self._asked_at > self.ANSWER_WITHIN:
            self._failed(_("the sound helper stopped answering"))
            return
        if self._outage_told and not self.inaudible and now - self._ready_at > self.RECOVERED_AFTER:
            self._recovered()
        if self._answered >= self._ping:
            self._ping += 1
            self._asked_at = now
            self._send(f"ping {self._ping}")

    def _send(self, line: str) -> None:
        process = self._process
        if process is None:
            return
        if process.bytesToWrite() > self.MAX_BACKLOG:
            self._failed(_("the sound helper stopped reading"))
            return
        process.write((line + "\n").encode("ascii", "replace"))
        # Hand it to the pipe now, not when the event loop next comes round: whatever the
        # window does right after a cue (build the finish page, say) must not delay it. A
        # zero timeout writes what the pipe takes and never waits.
        process.waitForBytesWritten(0)

    def _process_error(self, error: QProcess.ProcessError) -> None:
        if (
            self.sender() is self._process
            and error == self._process_class.ProcessError.FailedToStart
        ):
            self._failed(_("the sound helper could not be started"))

    def _failed(self, reason: str) -> None:
        """Flash from now on, say so once, and try a new helper in a while."""
        self._stop_process()
        self.ready = False
        self._pinger.stop()
        self.description = _(
            "No sound right now ({reason}); the screen edge flashes. Trying again…"
        ).format(reason=reason)
        if not self._outage_told and self._on_status is not None:
            self._outage_told = True
            self._on_status(
                _(
                    "Sound stopped working ({reason}). The screen edge flashes for each cue "
                    "until it is back."
                ).format(reason=reason),
                False,
            )
        if self._closed:
            return
        delay = self.RETRY_AFTER[min(self._failures, len(self.RETRY_AFTER) - 1)]
        self._failures += 1
        self._retry.start(round(delay * 1000))

    @property
    def outage(self) -> bool:
        """Sound stopped working and the user has been told; cues flash until it is back."""
        return self._outage_told

    @property
    def hearing(self) -> Hearing:
        if self.inaudible:
            return Hearing.INAUDIBLE
        return Hearing.OUTAGE if self.outage else Hearing.HEARD

    # -- Player ------------------------------------------------------------------------

    def play(self, cue: Cue) -> None:
        if self.ready and not self.inaudible and cue not in self.missing:
            self._send(f"play {cue.value}")
        elif self._flash is not None:
            self._flash(cue)

    def set_volume(self, volume: float) -> None:
        self.volume = min(1.0, max(0.0, volume))
        if self.ready:
            self._send(f"volume {self.volume:.3f}")


class PlaysoundPlayer:
    """playsound3 through a command-line player (gst-play-1.0, ffplay, aplay), never blocking."""

    name = "playsound"
    hearing = Hearing.HEARD

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

    def close(self) -> None:
        pass  # each cue's player process ends with its sound


def choose_player(
    preference: str | None,
    sounds_dir: Path,
    parent: QObject,
    flash: Callable[[Cue], None] | None = None,
    on_status: Callable[[str, bool], None] | None = None,
) -> tuple[Player, str]:
    """The best way to play sound here (or the one asked for), and a notice when it is not
    the sound helper. "qt" is the old name of the default and means the helper now."""
    if preference == "off":
        return SilentPlayer(_("turned off with --sound off"), flash), ""
    reasons: list[str] = []
    if preference in (None, "helper", "qt"):
        if helper_available():
            return HelperPlayer(sounds_dir, parent, flash, on_status), ""
        reasons.append(_("sound helper: the miniaudio library is not installed"))
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


#: Outputs that play into nothing: miniaudio's null backend, its fallback when it finds no
#: sound server and no card.
INAUDIBLE_BACKENDS = frozenset({"null"})


def helper_failure(code: str) -> str:
    """What the helper's failure word means, in plain words (no library detail, no markup)."""
    from desktop_app.audio import helper

    return {
        helper.NO_LIBRARY: _("the sound library cannot be loaded"),
        helper.NO_OUTPUT: _("no sound output could be opened"),
        helper.SERVER_SILENT: _("the sound server takes no audio"),
        helper.SERVER_GONE: _("the sound server stopped answering"),
    }.get(code, _("the sound helper failed"))


def helper_command(sounds_dir: Path) -> list[str]:
    """How the sound helper is started: this app, running the helper module."""
    from desktop_app.resources import module_command

    return module_command("desktop_app.audio.helper", str(sounds_dir))


def helper_available() -> bool:
    """Whether the helper's audio library is installed (it is loaded in the helper only)."""
    import importlib.util

    return importlib.util.find_spec("miniaudio") is not None
