"""A precise QTimer that ticks the engine and asks the page to repaint what changed."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer

if TYPE_CHECKING:
    from desktop_app.core.session import SessionEngine, SessionView

#: The longest gap between ticks when nothing on screen or in the cues needs an earlier one.
MAX_INTERVAL_MS = 250
#: The countdown ring moves in steps of 2 degrees: a 30 s hold ticks 6 times a second, the
#: 5 s lead-in 36 times, each smooth to the eye and no busier than it needs to be.
RING_STEPS = 180


class Driver(QObject):
    """Ticks the engine; wakes up early when the next cue is due sooner than the next frame.

    The timer is parented, so it dies with its owner instead of ticking a dead engine.
    """

    def __init__(
        self, parent: QObject, on_tick: Callable[[SessionView], None], speed: float = 1.0
    ) -> None:
        super().__init__(parent)
        self._on_tick = on_tick
        self._speed = speed
        self.engine: SessionEngine | None = None
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.tick)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self, engine: SessionEngine) -> None:
        self.engine = engine
        self._timer.start(0)

    def stop(self) -> None:
        self._timer.stop()
        self.engine = None

    def tick(self) -> None:
        engine = self.engine
        if engine is None:
            return
        engine.advance()
        view = engine.view()
        self._on_tick(view)
        if engine.finished:
            self.stop()
            return
        waits = [MAX_INTERVAL_MS / 1000 * self._speed]
        due_in = engine.next_due_in()
        if due_in is not None:
            waits.append(due_in)
        remaining = view.remaining
        if remaining is not None and remaining > 0:
            # The moment the digits change: the countdown crosses the next whole second.
            waits.append(remaining - math.floor(remaining - 1e-9) if remaining % 1 else 1.0)
            if view.countdown_total:
                waits.append(view.countdown_total / RING_STEPS)
        self._timer.start(max(1, round(min(waits) / self._speed * 1000)))
