"""A session's life: opened on a routine, listened to (sound, history, phone), ticked by the
driver, finished or stopped, and kept as stopped when the app ends in the middle of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop_app import settings as opt
from desktop_app.i18n import _
from desktop_app.qt.driver import Driver

if TYPE_CHECKING:
    from desktop_app.app.sound import SoundControl
    from desktop_app.core import events as ev
    from desktop_app.core.actions import Press
    from desktop_app.core.clock import Clock
    from desktop_app.core.history import History
    from desktop_app.core.recorder import HistoryRecorder
    from desktop_app.core.routines import Routine
    from desktop_app.core.session import Result, SessionEngine, SessionView
    from desktop_app.qt.main_window import MainWindow
    from desktop_app.settings import Settings


class SessionFlow(QObject):
    """One session at a time. The window shows it; the flow says what happened."""

    #: The session left the screen (stopped, or left before it started).
    left = Signal()
    #: The engine's view after a tick or a press: for the phone.
    ticked = Signal(object)
    #: The session shown now changed (a SessionEngine, or None when none is).
    engine_changed = Signal(object)
    #: Every engine event (the phone buzzes on some).
    happened = Signal(object)
    #: Keeping the history failed mid-session: the sentence to show.
    history_problem = Signal(str)

    def __init__(
        self,
        window: MainWindow,
        settings: Settings,
        history: History,
        sound: SoundControl,
        clock: Clock,
        speed: float,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.history = history
        self.sound = sound
        self.clock = clock
        self.speed = speed
        self.driver = Driver(window, self._tick, speed)
        self.engine: SessionEngine | None = None
        self.recorder: HistoryRecorder | None = None
        window.session_ended.connect(self._left)
        window.session_commanded.connect(self._keyed)

    @property
    def running(self) -> bool:
        """A session is open and not over."""
        return self.engine is not None and not self.engine.finished

    def open(self, routine: Routine) -> None:
        """A new session on `routine` (a running one is stopped and kept first)."""
        # The session machinery loads with the first session, not at start-up.
        from desktop_app.audio.listener import CueListener
        from desktop_app.core.recorder import HistoryRecorder
        from desktop_app.core.session import EngineOptions, SessionEngine
        from desktop_app.qt.keys import action_names

        self.end()
        pace = self.settings.get(opt.ROLLING_PACE)
        options = EngineOptions(
            auto_advance=self.settings.get(opt.AUTO_ADVANCE),
            checkin_after=self.settings.get(opt.CHECKIN_AFTER),
            rolling_pace=float(pace) if pace else None,
            spot_choice_after=float(self.settings.get(opt.SPOT_CHOICE_AFTER)),
            prepare_wait=float(self.settings.get(opt.PREPARE_WAIT)),
        )
        engine = SessionEngine(routine, self.clock, options)
        engine.subscribe(CueListener(self.sound.cues, action_names()))
        if self.speed == 1.0:
            self.recorder = HistoryRecorder(self.history, self._history_failed)
            engine.subscribe(self.recorder)
        else:
            # A preview (--speed) is not a session: it is not kept in the history.
            self.recorder = None
        engine.subscribe(self._on_event)
        self.engine = engine
        self.engine_changed.emit(engine)
        self.window.bind_session(engine)
        if self.settings.get(opt.FLOOR_MODE) and not self.window.isFullScreen():
            # Floor mode: the session fills the screen, to be read from the floor.
            self.window.showMaximized()
        self.window.show_session()
        self.driver.start(engine)

    def again(self) -> Routine | None:
        """The routine of the session just shown, to run again."""
        return self.engine.routine if self.engine is not None else None

    def advance(self) -> None:
        """Tick once now (the driver does this on its timer)."""
        if self.engine is not None:
            self.engine.advance()
        self._tick()

    def apply(self, press: Press) -> Result | None:
        """The one way into the running session: a key on the session page and a button on
        the phone both come here. After it every surface is redrawn from one view, in this
        same turn of the event loop (the phone no longer waits for the next tick). None when
        no session is open to take it."""
        engine = self.engine
        if engine is None or engine.finished:
            return None
        from desktop_app.core.commands import command

        result = command(press)(engine)
        self._tick()
        return result

    def _keyed(self, press: Press) -> None:
        """A key on the session page: applied, and a refusal said on the page."""
        from desktop_app.qt.keys import action_names
        from desktop_app.view.presenter import refusal_sentence

        result = self.apply(press)
        if result is not None and not result.applied and self.engine is not None:
            sentence = refusal_sentence(result.refusal, action_names(), self.engine.view().cap)
            self.window.tell_during_session(sentence)

    def end(self) -> None:
        """A session still running is stopped and kept as stopped — not left looking like a
        crash (the app is ending, or another routine was chosen)."""
        if self.running:
            assert self.engine is not None
            self.engine.stop()
        self.driver.stop()

    def _tick(self, view: SessionView | None = None) -> None:
        """Every surface from one view: the window's and the phone's."""
        if view is None and self.engine is not None:
            view = self.engine.view()
        self.window.refresh_session(view)
        self.ticked.emit(view)

    def _on_event(self, event: ev.Event) -> None:
        from desktop_app.core import events

        self.happened.emit(event)
        match event:
            case events.SessionFinished(summary=summary) if self.engine is not None:
                self.window.show_summary(self.engine.routine, summary, self._unsaved() or None)
                self._offer()

    def _offer(self) -> None:
        """The finish page's offers, one at a time and each once: reminders, then the voice
        (only where one can speak; nothing that speaks is started to find out)."""
        get = self.settings.get
        reminders = not (get(opt.REMINDERS_OFFERED) or get(opt.REMINDERS_ENABLED))
        self.window.offer_reminders(reminders)
        if reminders:
            self.settings.set(opt.REMINDERS_OFFERED, True)
        voice = (
            not (
                get(opt.VOICE_ENABLED) or get(opt.VOICE_OFFERED) or self.window.offering_reminders()
            )
            and self.sound.can_speak()
        )
        if voice:
            self.settings.set(opt.VOICE_OFFERED, True)
        self.window.offer_voice(voice)

    def _unsaved(self) -> str:
        """Why this session is not in the history ("" when it is)."""
        if self.recorder is None:
            return _("a preview at {speed:g}× speed is not kept").format(speed=self.speed)
        if self.recorder.failed:
            return self.recorder.reason or _("it failed")
        return ""

    def interrupted(self) -> str:
        """What the start page says of the last session when it was interrupted (the app was
        killed, the computer went off) and that was not said before; "" otherwise."""
        from PySide6.QtCore import QDateTime, QLocale

        row = self.history.interrupted()
        if row is None:
            return ""
        return _(
            "Your last session, “{title}” on {when}, was interrupted: the app did not close"
            " normally. What you did until then is kept in your history."
        ).format(
            title=row.routine_title,
            when=QLocale().toString(QDateTime(row.started_at), _("d MMM HH:mm")),
        )

    def _history_failed(self, message: str) -> None:
        self.window.tell_during_session(message)
        self.history_problem.emit(message)

    def _left(self) -> None:
        self.driver.stop()
        if self.engine is not None and self.engine.finished:
            self.window.show_finish()
        else:
            self.engine = None
            self.engine_changed.emit(None)
            self.window.show_start()
        self.left.emit()
