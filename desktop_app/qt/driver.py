"""A precise QTimer that ticks the engine and asks the page to repaint what changed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer

from desktop_app.core.session import SessionEngine

#: The longest gap between ticks: the digits and the ring move smoothly enough at 20 Hz.
MAX_INTERVAL_MS = 50


class Driver(QObject):
    """Ticks the engine; wakes up early when the next cue is due sooner than the next frame.

    The timer is parented, so it dies with its owner instead of ticking a dead engine.
    """

    def __init__(self, parent: QObject, on_tick: Callable[[], None], speed: float = 1.0) -> None:
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
        self._on_tick()
        if engine.finished:
            self.stop()
            return
        due_in = engine.next_due_in()
        interval = MAX_INTERVAL_MS
        if due_in is not None:
            interval = max(1, min(MAX_INTERVAL_MS, round(due_in / self._speed * 1000)))
        self._timer.start(interval)
