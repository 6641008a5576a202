"""Spoken prompts: QTextToSpeech, else the espeak-ng command, else none (and why).

A new sentence always replaces the one being spoken: a stale prompt is worse than none.
Speaking never blocks the interface or the timer.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from desktop_app.i18n import _

if TYPE_CHECKING:
    from PySide6.QtCore import QObject


class Voice(Protocol):
    name: str
    description: str

    def say(self, text: str) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None:
        """The app is leaving: stop, and let nothing of the voice's outlive the app."""
        ...

    def set_rate(self, rate: float) -> None:
        """-1 (slow) … 0 (normal) … 1 (fast)."""
        ...

    def set_volume(self, volume: float) -> None: ...


class RecordingVoice:
    """For tests: remembers what would have been said."""

    name = "recording"
    description = "Recording (tests)"

    def __init__(self) -> None:
        self.said: list[str] = []
        self.rate = 0.0

    def say(self, text: str) -> None:
        self.said.append(text)

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass

    def set_rate(self, rate: float) -> None:
        self.rate = rate

    def set_volume(self, volume: float) -> None:
        pass


class NoVoice:
    name = "none"

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.description = _("Voice is unavailable: {reason}.").format(reason=reason)

    def say(self, text: str) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass

    def set_rate(self, rate: float) -> None:
        pass

    def set_volume(self, volume: float) -> None:
        pass


class QtVoice:
    """QTextToSpeech (on Linux: speech-dispatcher, usually with espeak-ng behind it)."""

    name = "qt"

    def __init__(self, parent: QObject, language: str = "en") -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        engines = [e for e in QTextToSpeech.availableEngines() if e != "mock"]
        if not engines:
            raise RuntimeError(_("Qt has no speech engine"))
        self._speech = QTextToSpeech(engines[0], parent)
        if self._speech.state() == QTextToSpeech.State.Error or not self._speech.availableVoices():
            reason = self._speech.errorString() or _("the speech service is not running")
            raise RuntimeError(reason)
        # A voice for the app's language, never another language's voice reading it.
        locales = [
            locale
            for locale in self._speech.availableLocales()
            if locale.name().split("_")[0] == language
        ]
        if not locales:
            raise RuntimeError(_("it has no voice for this language"))
        self._speech.setLocale(locales[0])
        if not self._speech.availableVoices():
            raise RuntimeError(_("it has no voice for this language"))
        self.description = _("Qt text to speech ({engine}), {language}").format(
            engine=engines[0], language=locales[0].nativeLanguageName()
        )

    def say(self, text: str) -> None:
        self._speech.stop()
        self._speech.say(text)

    def stop(self) -> None:
        self._speech.stop()

    def close(self) -> None:
        self.stop()

    def set_rate(self, rate: float) -> None:
        self._speech.setRate(max(-1.0, min(1.0, rate)))

    def set_volume(self, volume: float) -> None:
        self._speech.setVolume(max(0.0, min(1.0, volume)))


class EspeakVoice:
    """The espeak-ng command, one process per sentence; the previous one is cut short."""

    name = "espeak"

    def __init__(self, command: str | None = None, language: str = "en") -> None:
        found = command or shutil.which("espeak-ng") or shutil.which("espeak")
        if found is None:
            raise RuntimeError(_("espeak-ng is not installed"))
        self.command = found
        self.language = language
        #: The voice espeak-ng is asked for: a clearer MBROLA voice where one is installed.
        self.voice = clearest_espeak_voice(language)
        self.description = _("espeak-ng ({path}), voice “{language}”").format(
            path=found, language=self.voice
        )
        self._process: subprocess.Popen[bytes] | None = None
        #: Killed, not yet reaped (poll() reaps them without waiting).
        self._stopped: list[subprocess.Popen[bytes]] = []
        self._words_per_minute = 160
        self._amplitude = 100

    def say(self, text: str) -> None:
        self.stop()
        try:
            self._process = subprocess.Popen(
                [
                    self.command,
                    "-v",
                    self.voice,
                    "-s",
                    str(self._words_per_minute),
                    "-a",
                    str(self._amplitude),
                    "--",
                    text,
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self._process = None

    def stop(self) -> None:
        """Cut the sentence short at once. Never waits: the timer may be calling (a new
        prompt replaces a stale one); the killed process is reaped on a later call."""
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()
            self._stopped.append(process)
        self._process = None
        self._stopped = [old for old in self._stopped if old.poll() is None]

    def close(self) -> None:
        """The app is leaving: the sentence is cut short and every speaker reaped (bounded)."""
        self.stop()
        for process in self._stopped:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(1.0)
        self._stopped = [old for old in self._stopped if old.poll() is None]

    @property
    def speaking(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def set_rate(self, rate: float) -> None:
        self._words_per_minute = round(160 + 70 * max(-1.0, min(1.0, rate)))

    def set_volume(self, volume: float) -> None:
        self._amplitude = round(200 * max(0.0, min(1.0, volume)))


#: MBROLA's voices, spoken through espeak-ng, by language, clearest first. Far easier to follow
#: than espeak-ng's own voices (German above all: the same sentence transcribed back had a word
#: error of 0.41 with espeak-ng's German, 0.09-0.14 with mb-de7). Not free to bundle: the .deb
#: suggests them (packages mbrola-de7, mbrola-en1), and they are used where installed.
MBROLA_VOICES = {"de": ("de7", "de6", "de4", "de2"), "en": ("en1", "us1", "us2")}
#: Where Debian's mbrola-* packages put each voice's data (a voice is "de7/de7").
MBROLA_DIR = Path("/usr/share/mbrola")


def clearest_espeak_voice(language: str, mbrola_dir: Path = MBROLA_DIR) -> str:
    """The voice to ask espeak-ng for: an installed MBROLA voice for `language` (the mbrola
    program and the voice's data both there), else espeak-ng's own voice for the language."""
    if shutil.which("mbrola") is None:
        return language
    for name in MBROLA_VOICES.get(language, ()):
        if (mbrola_dir / name / name).is_file():
            return f"mb-{name}"
    return language


def espeak_speaks(command: str, language: str) -> bool:
    """Whether espeak-ng has a voice for `language` (it would otherwise read the text with
    its default, English, voice)."""
    try:
        listed = subprocess.run(
            [command, f"--voices={language}"],
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            timeout=5,
            stdin=subprocess.DEVNULL,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    # A header line, then one line per voice: "5  de  --/M  German  gmw/de".
    return any(
        line.split()[1].split("-")[0] == language
        for line in listed.splitlines()[1:]
        if len(line.split()) > 1
    )


def speech_service_installed() -> bool:
    """Whether Qt's speech engine has a service to talk to. On Linux that is speech-dispatcher;
    without it, loading Qt's speech module only costs time — and it loads QtMultimedia, which
    looks for PipeWire and prints two warnings where there is none (a fresh Debian)."""
    if not sys.platform.startswith("linux"):
        return True  # Windows and macOS speak through the system's own speech service
    return shutil.which("speech-dispatcher") is not None


def voice_likely(language: str) -> bool:
    """Without loading or starting anything that speaks: could a voice read `language` here?
    (For offering the voice; turning it on chooses one for real.)"""
    if speech_service_installed():
        return True
    command = shutil.which("espeak-ng") or shutil.which("espeak")
    return command is not None and espeak_speaks(command, language)


def choose_voice(parent: QObject, language: str = "en") -> Voice:
    """The best voice that speaks `language` here, or a NoVoice that says why none does: a
    prompt read in the wrong language is worse than none."""
    reasons = []
    if speech_service_installed():
        try:
            return QtVoice(parent, language)
        except (RuntimeError, ImportError) as error:
            reasons.append(f"Qt: {error}")
    else:
        reasons.append(_("speech-dispatcher is not installed"))
    if not sys.platform.startswith("linux"):
        # Windows and macOS speak with the system's own voices only: Qt's reason says it all.
        return NoVoice("; ".join(reasons))
    try:
        voice = EspeakVoice(language=language)
    except RuntimeError as error:
        reasons.append(str(error))
    else:
        if espeak_speaks(voice.command, language):
            return voice
        reasons.append(_("espeak-ng has no voice for “{language}”").format(language=language))
    return NoVoice("; ".join(reasons))
