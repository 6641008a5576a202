"""Keep-moving reminders: every N minutes, snoozable and pausable, on an injected clock."""

from __future__ import annotations

from desktop_app.core import defaults
from desktop_app.core.clock import Clock
from desktop_app.i18n import _

DEFAULT_MINUTES = defaults.REMINDER_MINUTES
SNOOZE_MINUTES = 10


def message() -> str:
    """What the reminder says on screen (translated when shown)."""
    return _(
        "Stand up and take a few slow steps on level ground, pressing into your lower back"
        " muscles as you go."
    )


def spoken() -> str:
    return _("Time to move. Stand up and walk a few slow steps.")


class Reminder:
    """Knows when the next reminder is due; whoever owns a timer asks it."""

    def __init__(self, clock: Clock, minutes: float = DEFAULT_MINUTES) -> None:
        self._clock = clock
        self.interval = minutes * 60
        self.paused = False
        self._next: float | None = None

    @property
    def running(self) -> bool:
        return self._next is not None and not self.paused

    def start(self) -> None:
        self.paused = False
        self._next = self._clock.now() + self.interval

    def stop(self) -> None:
        self._next = None

    def set_minutes(self, minutes: float) -> None:
        self.interval = minutes * 60
        if self._next is not None:
            self._next = self._clock.now() + self.interval

    def seconds_until(self) -> float | None:
        if not self.running:
            return None
        assert self._next is not None
        return max(0.0, self._next - self._clock.now())

    def due(self) -> bool:
        remaining = self.seconds_until()
        return remaining is not None and remaining <= 0

    def done(self) -> None:
        """The reminder was shown: the next one is a whole interval away."""
        if self._next is not None:
            self._next = self._clock.now() + self.interval

    def snooze(self, minutes: float = SNOOZE_MINUTES) -> None:
        if self._next is not None:
            self._next = self._clock.now() + minutes * 60

    def pause(self) -> None:
        self.paused = True

    def resume(self) -> None:
        self.paused = False
        if self._next is not None:
            self._next = self._clock.now() + self.interval
