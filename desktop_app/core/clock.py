"""Clocks the engine can be given: the real monotonic one, a scaled one, and a fake for tests."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Monotonic seconds; only differences matter."""
        ...


class MonotonicClock:
    """The real clock (the one place in the core that reads time)."""

    def now(self) -> float:
        return time.monotonic()


class ScaledClock:
    """Runs `speed` times faster than `base`, for previewing a routine (`--speed N`)."""

    def __init__(self, base: Clock, speed: float) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._base = base
        self._speed = speed
        self._origin = base.now()

    def now(self) -> float:
        return (self._base.now() - self._origin) * self._speed


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        self._now += seconds
