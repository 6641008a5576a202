"""Typed settings with defaults, stored with QSettings in the data folder's settings.ini."""

from __future__ import annotations

import datetime as dt
import math
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QByteArray, QSettings

from desktop_app.core import defaults
from desktop_app.core.safety import Answer
from desktop_app.files import special_file
from desktop_app.i18n import SETTING, _
from desktop_app.paths import settings_path


@dataclass(frozen=True)
class Option[T]:
    key: str
    default: T
    minimum: float | None = None
    maximum: float | None = None


SOUND_ENABLED = Option("sound/enabled", True)
VOLUME = Option("sound/volume", 0.8, 0.0, 1.0)
VOICE_ENABLED = Option("voice/enabled", False)
VOICE_RATE = Option("voice/rate", 0.0, -1.0, 1.0)
AUTO_ADVANCE = Option("session/auto_advance", True)
CHECKIN_AFTER = Option("session/checkin_after", defaults.CHECKIN_AFTER, 60.0, 3600.0)
#: Hands-free rolling: one roll counted every this many seconds; 0 counts by hand only.
ROLLING_PACE = Option("session/rolling_pace", round(defaults.ROLLING_PACE), 0, 10)
#: A spot nobody chooses roll or hold for is held after this many seconds.
SPOT_CHOICE_AFTER = Option("session/spot_choice_after", round(defaults.SPOT_CHOICE_AFTER), 5, 120)
#: A prepare step without its own duration goes on by itself after this many seconds.
PREPARE_WAIT = Option("session/prepare_wait", round(defaults.PREPARE_WAIT), 10, 300)
#: "system", "light", "dark" or "contrast".
THEME = Option("window/theme", "system")
#: "" follows the system; "en" or a shipped language (i18n.SHIPPED) otherwise. Read at start.
LANGUAGE = Option("/".join(SETTING), "")
WINDOW_GEOMETRY = Option("window/geometry", QByteArray())
FULL_SCREEN = Option("window/full_screen", False)
#: Floor mode: sessions fill the screen (maximised), with text sized for two metres away.
FLOOR_MODE = Option("session/floor_mode", True)
#: Before 0.2: "none of these apply" was a bool. Read once to carry the answer over.
SAFETY_ACKNOWLEDGED = Option("safety/acknowledged", False)
#: The red-flag check's answer (core.safety.Answer) and the day it was given (ISO date).
SAFETY_ANSWER = Option("safety/answer", "")
SAFETY_ANSWERED_ON = Option("safety/answered_on", "")
#: The see-a-doctor signs ticked with that answer (core.safety keys, space-separated: QSettings
#: would read commas back as a list): the report for the doctor names them.
SAFETY_SIGNS = Option("safety/signs", "")
REMINDERS_ENABLED = Option("reminders/enabled", False)
REMINDER_MINUTES = Option("reminders/minutes", defaults.REMINDER_MINUTES, 5, 240)
#: Reading the steps aloud was offered on a finish page (it is offered once).
VOICE_OFFERED = Option("voice/offered", False)
#: The reminder was offered after a first session (it is offered once).
REMINDERS_OFFERED = Option("reminders/offered", False)


class Settings:
    """The app's preferences, one typed option at a time; unknown or bad values read as defaults."""

    def __init__(self, data_dir: Path) -> None:
        self.path = settings_path(data_dir)
        self.problem = ""
        if special_file(self.path):  # a named pipe would hang QSettings for good
            self._move_aside()
            return
        self._store = QSettings(str(self.path), QSettings.Format.IniFormat)
        if self._store.status() is not QSettings.Status.NoError:
            self._move_aside()

    def _move_aside(self) -> None:
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            self.path.rename(aside)
            self.problem = _(
                "The settings file could not be read; it was moved to {aside} and defaults are used."
            ).format(aside=aside)
        except OSError as error:
            self.problem = _(
                "The settings file could not be read ({error}); defaults are used."
            ).format(error=error.strerror)
        if special_file(self.path):  # still there: settings for this run only, elsewhere
            self.path = Path(tempfile.mkdtemp(prefix="lumbago-coach-")) / self.path.name
        self._store = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get[T](self, option: Option[T]) -> T:
        raw: Any = self._store.value(option.key, option.default)
        value = _coerce(raw, option.default)
        if value is None:
            return option.default
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not math.isfinite(value):
                return option.default  # "nan" or "inf" in a hand-edited settings.ini
            bounded = value
            if option.minimum is not None:
                bounded = max(bounded, option.minimum)
            if option.maximum is not None:
                bounded = min(bounded, option.maximum)
            return cast(T, type(value)(bounded))
        return cast(T, value)

    def set[T](self, option: Option[T], value: T) -> None:
        self._store.setValue(option.key, value)

    def sync(self) -> bool:
        """Write to disk; False when the folder is not writable."""
        self._store.sync()
        return self._store.status() is QSettings.Status.NoError


def _coerce(raw: Any, default: Any) -> Any:
    """QSettings' INI format gives strings back; turn them into the option's type."""
    try:
        if isinstance(default, bool):
            if isinstance(raw, str):
                return {"true": True, "false": False}.get(raw.lower())
            return bool(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, QByteArray):
            return raw if isinstance(raw, QByteArray) else None
        if isinstance(default, str):
            return str(raw)
    except (TypeError, ValueError):
        return None
    return raw


def safety_signs(settings: Settings) -> tuple[str, ...]:
    """The signs ticked with the stored answer: only keys the check knows, each once."""
    from desktop_app.core.safety import red_flags

    known = [flag.key for flag in red_flags()]
    stored = set(str(settings.get(SAFETY_SIGNS)).split())
    return tuple(key for key in known if key in stored)


def safety_answer(settings: Settings) -> tuple[Answer, dt.date | None]:
    """The stored answer to the red-flag check and its day (an older bool carried over)."""
    try:
        answer = Answer(settings.get(SAFETY_ANSWER))
    except ValueError:
        answer = Answer.NONE
    if answer is Answer.NONE and settings.get(SAFETY_ACKNOWLEDGED):
        answer = Answer.NONE_APPLY
    try:
        day: dt.date | None = dt.date.fromisoformat(settings.get(SAFETY_ANSWERED_ON))
    except ValueError:
        day = None
    return answer, day
