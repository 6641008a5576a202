"""Session time: seconds of a clock that count only while the session runs unpaused; and the
silence in it that asks whether the person is still there.

Deadlines are moments of this time, so a pause never shortens a hold, and a late tick never
lengthens one."""

from __future__ import annotations

import math
from dataclasses import dataclass

from desktop_app.core.clock import Clock
from desktop_app.core.events import PauseReason


@dataclass(frozen=True)
class Pause:
    """A pause under way."""

    #: The clock moment it began (for the paused time added on resuming) …
    at: float
    #: … and the active time then: what the session's time stands at while paused.
    active: float
    reason: PauseReason


class ActiveTime:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._origin: float | None = None
        self._paused_total = 0.0
        #: Time never runs backwards: where it stood when the last pause ended (the paused
        #: time is summed from clock moments, which can round a hair below it).
        self._floor = 0.0
        self._ended_at: float | None = None
        self.pause: Pause | None = None

    def start(self) -> None:
        self._origin = self._clock.now()

    def now(self) -> float:
        """Seconds not paused since the start; 0 before it, still after the end."""
        if self._origin is None:
            return 0.0
        if self._ended_at is not None:
            return self._ended_at
        if self.pause is not None:
            # Exactly the moment the pause began: recomputing it from clock moments can come
            # out one rounding step earlier, and time would seem to run backwards.
            return self.pause.active
        return max(self._floor, self._clock.now() - self._origin - self._paused_total)

    def pause_at(self, at: float, reason: PauseReason) -> None:
        """Pause from active time `at`: a pause found late (the check-in's) starts at its due
        moment, not at the late tick."""
        assert self._origin is not None
        self.pause = Pause(self._origin + self._paused_total + at, at, reason)

    def resume(self) -> float:
        """End the pause; the active time at which it ended."""
        assert self.pause is not None
        at = self.now()
        self._paused_total += self._clock.now() - self.pause.at
        self._floor = at
        self.pause = None
        return at

    def end(self, at: float) -> None:
        """The session is over at active time `at`: time stands still from here."""
        self._ended_at = at
        self.pause = None


class Silence:
    """How long the person has given no sign: after `after` seconds of it a check-in is due,
    and `grace` seconds later, still unanswered, a pause. Nothing counts while paused or over."""

    def __init__(self, after: float, grace: float) -> None:
        self._after, self._grace = after, grace
        self._since: float | None = None
        #: The check-in was said and is waiting for an answer.
        self.checked_in = False

    def heard(self, at: float) -> None:
        """A sign of the person at active time `at`: the silence starts again."""
        self._since, self.checked_in = at, False

    def stop_listening(self) -> None:
        self._since, self.checked_in = None, False

    @property
    def listening(self) -> bool:
        return self._since is not None

    def due(self) -> float:
        """When the check-in (or, once said, the pause) is due; infinity when not listening."""
        if self._since is None:
            return math.inf
        return self._since + self._after + (self._grace if self.checked_in else 0.0)

    def check_in(self, at: float) -> float:
        """The check-in is said at `at`: how long the person had been silent."""
        assert self._since is not None
        self.checked_in = True
        return at - self._since
