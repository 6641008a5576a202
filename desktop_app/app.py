"""The one place that wires the engine, the window, sound, settings and the routines together."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QLockFile
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app import settings as opt
from desktop_app.audio.backends import Player
from desktop_app.audio.cues import Cue
from desktop_app.audio.output import AudioOutput
from desktop_app.back_check_flow import BackCheckFlow
from desktop_app.core.clock import Clock, MonotonicClock, ScaledClock
from desktop_app.core.history import History, Now, local_now
from desktop_app.core.recovery import assess
from desktop_app.core.routines import Routine
from desktop_app.i18n import _, language_tag
from desktop_app.library import Catalogue
from desktop_app.paths import history_path, user_routines_dir, writable
from desktop_app.phone_remote import PhoneRemote
from desktop_app.qt import theme as themes
from desktop_app.qt.driver import Driver
from desktop_app.qt.instance import listen_for_second_start, quit_on_signals, single_instance
from desktop_app.qt.main_window import MainWindow
from desktop_app.qt.widgets import after_first_paint, use_language
from desktop_app.resources import assets_dir
from desktop_app.routine_feed import RoutineFeed
from desktop_app.safety_gate import SafetyGate
from desktop_app.settings import Settings
from desktop_app.sound_control import SoundControl

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

    from desktop_app.audio.voice import Voice
    from desktop_app.core import events as ev
    from desktop_app.core.recorder import HistoryRecorder
    from desktop_app.core.session import SessionEngine, SessionView
    from desktop_app.qt.back_check_view import BackCheckDialog
    from desktop_app.qt.help_view import HelpWindow
    from desktop_app.qt.history_view import HistoryWindow
    from desktop_app.qt.reminder_view import KeepMoving
    from desktop_app.qt.remote_view import RemoteDialog
    from desktop_app.qt.safety_view import SafetyDialog
    from desktop_app.qt.settings_dialog import SettingsDialog
    from desktop_app.remote.server import RemoteServer

WARNING_CUES = (Cue.PAIN_WARNING, Cue.CHECK_IN)


class Controller:
    """Owns what lives as long as the window: settings, routines, the current session."""

    def __init__(
        self,
        data_dir: Path,
        *,
        clock: Clock | None = None,
        speed: float = 1.0,
        player: Player | None = None,
        voice: Voice | None = None,
        wall_clock: Now = local_now,
        reminder_clock: Clock | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.speed = speed
        self.clock: Clock = clock or (
            MonotonicClock() if speed == 1.0 else ScaledClock(MonotonicClock(), speed)
        )
        self.settings = Settings(data_dir)
        self.window = MainWindow()
        self.driver = Driver(self.window, self._tick, speed)
        self.engine: SessionEngine | None = None
        self.notices: list[str] = []
        self.sound = SoundControl(
            self.settings,
            self.window,
            player=player,
            voice=voice,
            notify=self.notify,
            show_status=self.window.set_sound_status,
            flash=lambda cue: self.window.flash(warning=cue in WARNING_CUES),
            during_session=self.window.tell_during_session,
        )
        self.settings_dialog: SettingsDialog | None = None
        self.wall_clock = wall_clock
        self.reminder_clock: Clock = reminder_clock or MonotonicClock()
        self.history = History(history_path(data_dir), now=wall_clock)
        self.history_window: HistoryWindow | None = None
        self.help_window: HelpWindow | None = None
        self.safety = SafetyGate(self.settings, self.window, lambda: self.wall_clock().date())
        self.safety.cleared_for.connect(self.open_routine)
        self.recorder: HistoryRecorder | None = None
        self.second_start_listener: QLocalServer | None = None
        self._shut_down = False
        self._last_history_problem = ""
        self.back_check = BackCheckFlow(
            self.history,
            self.window,
            self.safety,
            lambda: self.wall_clock().date(),
            lambda: self.engine is not None and not self.engine.finished,
        )
        self.back_check.answered.connect(self.refresh_recovery)
        self.back_check.problem.connect(self.notify)
        self.keep_moving: KeepMoving | None = None

        self.window.routine_chosen.connect(self.open_routine)
        self.window.mute_toggled.connect(self.toggle_mute)
        self.window.theme_chosen.connect(self.set_theme)
        self.window.settings_requested.connect(self.open_settings)
        self.window.history_requested.connect(self.open_history)
        self.window.help_requested.connect(self.open_help)
        self.window.safety_requested.connect(lambda: self.open_safety_check())
        self.window.reminders_toggled.connect(self.set_reminders)
        self.window.reminders_accepted.connect(lambda: self.set_reminders(True))
        self.window.closing.connect(self.save_window)
        self.window.session_ended.connect(self._session_ended)
        self.window.finish_back.connect(self.window.show_start)
        self.window.finish_again.connect(self._again)
        self.window.voice_accepted.connect(lambda: self.set_option(opt.VOICE_ENABLED, True))
        self.window.remote_requested.connect(self.open_remote)
        self.phone = PhoneRemote(self.window, lambda: self.engine, self._tick)

        self.routines = RoutineFeed(
            Catalogue.for_data(data_dir), self.window.show_routines, self.window
        )
        self.routines.watch(user_routines_dir(data_dir))

        if not writable(data_dir):
            # One plain sentence instead of a database error and a settings error.
            self.notify(
                _(
                    "Nothing from this run can be kept: the data folder {folder} cannot be"
                    " written to. Sessions work as usual; history and settings are not saved."
                ).format(folder=data_dir)
            )
        else:
            for problem in (self.settings.problem, self.history.problem):
                if problem:
                    self.notify(problem)
        self.routines.reload()
        self.sound.apply_settings()
        self.set_theme(self.settings.get(opt.THEME), save=False)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_colours_changed)
        self.restore_window()
        self.refresh_recovery()

    # -- routines ---------------------------------------------------------------------------

    def reload_routines(self) -> None:
        """Read what changed in the routine folders (the folder watcher does this by itself)."""
        self.routines.reload()

    def open_routine(self, routine_id: str) -> bool:
        found = self.routines.routine(routine_id)
        if found is None:
            self.notify(_("There is no routine with the id '{id}'.").format(id=routine_id))
            return False
        if not isinstance(found, Routine):
            # The file changed since it was listed and no longer loads (or names another id).
            problems = "; ".join(str(p) for p in found.problems) or _("it now has another id")
            self.notify(
                _("The routine '{id}' could not be opened: {problems}").format(
                    id=routine_id, problems=problems
                )
            )
            self.reload_routines()
            return False
        routine = found
        if not self.safety_cleared():
            # The red-flag check decides first; the routine opens once it clears the way.
            self.open_safety_check(then_open=routine_id)
            return False
        # The session machinery loads with the first session, not at start-up.
        from desktop_app.audio.listener import CueListener
        from desktop_app.core.recorder import HistoryRecorder
        from desktop_app.core.session import EngineOptions, SessionEngine

        if self.engine is not None and not self.engine.finished:
            self.engine.stop()
        pace = self.settings.get(opt.ROLLING_PACE)
        options = EngineOptions(
            auto_advance=self.settings.get(opt.AUTO_ADVANCE),
            checkin_after=self.settings.get(opt.CHECKIN_AFTER),
            rolling_pace=float(pace) if pace else None,
            spot_choice_after=float(self.settings.get(opt.SPOT_CHOICE_AFTER)),
            prepare_wait=float(self.settings.get(opt.PREPARE_WAIT)),
        )
        self.engine = SessionEngine(routine, self.clock, options)
        self.engine.subscribe(CueListener(self.sound.cues))
        if self.speed == 1.0:
            self.recorder = HistoryRecorder(self.history, self._history_problem)
            self.engine.subscribe(self.recorder)
        else:
            # A preview (--speed) is not a session: it is not kept in the history.
            self.recorder = None
        self.engine.subscribe(self._on_event)
        self.engine.subscribe(self.phone.cue)
        self.window.bind_session(self.engine)
        if self.settings.get(opt.FLOOR_MODE) and not self.window.isFullScreen():
            # Floor mode: the session fills the screen, to be read from the floor.
            self.window.showMaximized()
        self.window.show_session()
        self.driver.start(self.engine)
        return True

    def _again(self) -> None:
        if self.engine is not None:
            self.open_routine(self.engine.routine.id)

    # -- the session ------------------------------------------------------------------------

    def _tick(self, view: SessionView | None = None) -> None:
        self.window.refresh_session(view)
        if self.phone.connected:
            self.phone.tell(view)

    def _on_event(self, event: ev.Event) -> None:
        from desktop_app.core.events import SessionFinished

        if isinstance(event, SessionFinished) and self.engine is not None:
            recorder = self.recorder
            unsaved = None
            if recorder is None:
                unsaved = _("a preview at {speed:g}× speed is not kept").format(speed=self.speed)
            elif recorder.failed:
                unsaved = self.history.problem or self._last_history_problem or _("it failed")
            self.window.show_summary(self.engine.routine, event.summary, unsaved)
            offer = not self.settings.get(opt.REMINDERS_OFFERED) and not self.settings.get(
                opt.REMINDERS_ENABLED
            )
            self.window.offer_reminders(offer)
            if offer:
                self.settings.set(opt.REMINDERS_OFFERED, True)
            self._offer_voice()
            self.ask_back_check()  # held back while the session ran (--routine)

    def _offer_voice(self) -> None:
        """Once, on the finish page (never in a session's way): read the steps aloud?"""
        offer = (
            not (
                self.settings.get(opt.VOICE_ENABLED)
                or self.settings.get(opt.VOICE_OFFERED)
                # One offer at a time: the voice waits for the next finish.
                or self.window.offering_reminders()
            )
            and self.sound.can_speak()
        )
        if offer:
            self.settings.set(opt.VOICE_OFFERED, True)
        self.window.offer_voice(offer)

    def _history_problem(self, message: str) -> None:
        self._last_history_problem = message
        self.window.tell_during_session(message)
        self.notify(message)

    def _session_ended(self) -> None:
        self.refresh_recovery()
        if self.engine is not None and self.engine.finished:
            self.driver.stop()
            self.window.show_finish()
        else:
            self.driver.stop()
            self.engine = None
            self.window.show_start()

    def advance(self) -> None:
        """Tick once now (the driver does this on its timer)."""
        if self.engine is not None:
            self.engine.advance()
        self._tick()

    # -- safety, help, reminders ------------------------------------------------------------

    @property
    def safety_dialog(self) -> SafetyDialog | None:
        return self.safety.dialog

    def safety_cleared(self) -> bool:
        return self.safety.cleared()

    def open_safety_check(self, then_open: str | None = None) -> None:
        self.safety.open(then_open)

    def open_help(self, key: str = "how") -> None:
        from desktop_app.qt.help_view import HelpWindow

        if self.help_window is None:
            self.help_window = HelpWindow(self.window)
            self.help_window.safety_requested.connect(lambda: self.open_safety_check())
        self.help_window.open_page(key)

    def set_reminders(self, enabled: bool) -> None:
        """Keep-moving reminders on or off (a tray icon, or a small window on top)."""
        from desktop_app.qt.reminder_view import KeepMoving

        self.settings.set(opt.REMINDERS_ENABLED, enabled)
        self.window.set_reminders_on(enabled)
        if enabled and self.keep_moving is None:
            self.keep_moving = KeepMoving(
                self.window,
                self.reminder_clock,
                self.window.windowIcon(),
                self.settings.get(opt.REMINDER_MINUTES),
            )
            self.keep_moving.reminded.connect(self._remind)
            self.keep_moving.quit_requested.connect(self.quit)
            self.keep_moving.show_window_requested.connect(self.come_forward)
        if self.keep_moving is None:
            return
        if enabled:
            self.keep_moving.start()
        else:
            self.keep_moving.stop()
        self.window.close_to_tray = enabled and self.keep_moving.uses_tray
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(not self.window.close_to_tray)

    def set_reminder_minutes(self, minutes: int) -> None:
        self.settings.set(opt.REMINDER_MINUTES, minutes)
        if self.keep_moving is not None:
            self.keep_moving.set_minutes(minutes)

    def _remind(self) -> None:
        from desktop_app.core.reminder import spoken

        self.sound.cues.announce(Cue.CHECK_IN, spoken())

    def come_forward(self) -> None:
        self.window.come_forward()

    def quit(self) -> None:
        """End the app (Quit in the menu or the tray, Ctrl+C, SIGTERM, SIGHUP): the event loop
        stops and `shutdown` runs on its way out."""
        self.window.close_to_tray = False
        app = QApplication.instance()
        if app is not None:
            app.quit()

    # -- history ----------------------------------------------------------------------------

    def refresh_recovery(self) -> None:
        """The start page's card: the usual course from the daily back check, today's dose."""
        today = self.wall_clock().date()
        self.window.show_recovery(
            assess(self.history.onset, today, self.history.back_checks()),
            self.history.area_totals(today),
            self.history.available,
        )

    def open_history(self) -> None:
        from desktop_app.qt.history_view import HistoryWindow  # QtCharts loads only now

        if self.history_window is None:
            self.history_window = HistoryWindow(self.history, self.window)
            self.history_window.finished.connect(lambda _result: self.refresh_recovery())
            self.history_window.export_requested.connect(self.export_history)
            self.history_window.onset_chosen.connect(self.set_onset)
        self.history_window.refresh(self.window.theme)
        self.history_window.show()
        self.history_window.raise_()

    def export_history(self, target: Path) -> None:
        try:
            count = self.history.export_csv(target)
            said = _("Wrote {count} events to {target}.").format(count=count, target=target)
        except OSError as error:
            said = _("Could not write {target}: {reason}.").format(
                target=target, reason=error.strerror
            )
        if self.history_window is not None:
            self.history_window.show_status(said)

    def set_onset(self, day: dt.date) -> None:
        """The day the back went, as the person set it in the history window."""
        self.history.onset = day
        if self.history_window is not None:
            self.history_window.refresh()
        self.refresh_recovery()

    # -- the phone remote (PhoneRemote does the work) ----------------------------------------

    @property
    def remote(self) -> RemoteServer | None:
        return self.phone.server

    @property
    def remote_dialog(self) -> RemoteDialog | None:
        return self.phone.dialog

    def start_remote(self, address: str | None = None) -> str:
        """Turn the phone remote on (raises RemoteError with words for the person)."""
        return self.phone.start(address)

    def stop_remote(self) -> None:
        self.phone.stop()

    def open_remote(self) -> None:
        self.phone.open()

    # -- sound, voice and the settings window ----------------------------------------------

    @property
    def cues(self) -> AudioOutput:
        return self.sound.cues

    def init_audio(self, preference: str | None = None) -> None:
        self.sound.start(assets_dir() / "sounds", preference)

    def toggle_mute(self) -> None:
        self.window.set_muted(self.sound.toggle_mute())

    def open_settings(self) -> None:
        from desktop_app.qt.settings_dialog import SettingsDialog

        if self.settings_dialog is None:
            self.settings_dialog = SettingsDialog(self.window)
            self.settings_dialog.option_changed.connect(self.set_option)
        if self.settings.get(opt.VOICE_ENABLED):
            self.sound.ensure_voice()
        self.settings_dialog.show_values(
            self.settings, self.sound.player_description, self.sound.voice_description
        )
        self.settings_dialog.show()
        self.settings_dialog.raise_()

    def set_option(self, option: opt.Option[Any], value: object) -> None:
        """A setting changed (in the settings window, or by an offer accepted): keep it, and
        let what depends on it follow at once."""
        if option is opt.VOLUME and isinstance(value, float):
            self.sound.set_volume(value)
        elif option is opt.REMINDERS_ENABLED:
            self.set_reminders(bool(value))
        elif option is opt.REMINDER_MINUTES and isinstance(value, int):
            self.set_reminder_minutes(value)
        else:
            self.settings.set(option, value)
            self.sound.apply_settings()
        if self.settings_dialog is not None and option is opt.VOICE_ENABLED:
            self.settings_dialog.show_voice(self.sound.voice_description)

    # -- preferences ------------------------------------------------------------------------

    def set_theme(self, preference: str, save: bool = True) -> None:
        theme = themes.choose(preference)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            themes.apply(app, theme)
        self.window.set_theme(theme, preference)
        if save:
            self.settings.set(opt.THEME, preference)

    def _system_colours_changed(self) -> None:
        if self.settings.get(opt.THEME) == "system":
            self.set_theme("system", save=False)

    def end_session(self) -> None:
        """A session still running is stopped and kept as stopped — not left looking like a
        crash."""
        if self.engine is not None and not self.engine.finished:
            self.engine.stop()

    def shutdown(self) -> None:
        """However the app ends — its window closed, Quit, Ctrl+C, SIGTERM or SIGHUP, the
        session manager at logout — it ends here (on the application's aboutToQuit, while
        the application and the windows still exist), once, in this order: the session is
        stopped and kept, the settings and the history closed, the phone remote and the
        second-start door shut, the sound helper and the voice ended (each waited for,
        bounded). The windows go after this, in `run_app`."""
        if self._shut_down:
            return
        self._shut_down = True
        self.end_session()
        self.driver.stop()
        if self.keep_moving is not None:
            self.keep_moving.stop()
        self.save_window()
        self.history.close()
        self.phone.stop()
        if self.second_start_listener is not None:
            self.second_start_listener.close()
        self.sound.close()

    def save_window(self) -> None:
        self.settings.set(opt.WINDOW_GEOMETRY, self.window.saveGeometry())
        self.settings.set(opt.FULL_SCREEN, self.window.isFullScreen())
        if not self.settings.sync():
            print(
                _("Could not save the settings in {path}.").format(path=self.settings.path),
                file=sys.stderr,
            )

    def restore_window(self) -> None:
        self.window.restore(self.settings.get(opt.WINDOW_GEOMETRY))

    def notify(self, message: str) -> None:
        """Tell the user once, on the command line and on the start page, what went wrong."""
        if message in self.notices:
            return
        print(message, file=sys.stderr)
        self.notices.append(message)
        self.window.show_notices(self.notices)

    # -- the daily back check -----------------------------------------------------------

    @property
    def back_check_dialog(self) -> BackCheckDialog | None:
        return self.back_check.dialog

    def back_check_due(self) -> bool:
        return self.back_check.due()

    def ask_back_check(self) -> None:
        self.back_check.ask()

    def show(self, ask_back_check: bool = True) -> None:
        if self.settings.get(opt.FULL_SCREEN):
            self.window.toggle_full_screen()
        else:
            self.window.show()
        self.window.show_start()
        if self.settings.get(opt.REMINDERS_ENABLED):
            self.set_reminders(True)
        if not self.safety_cleared():
            self.open_safety_check()
        if ask_back_check:
            self.ask_back_check()


def start_app(
    data_dir: Path, speed: float = 1.0, sound: str | None = None, ask_back_check: bool = True
) -> tuple[QApplication, Controller, object] | None:
    """Everything `lumbago-coach` does before the event loop; None when another app has the folder."""
    QGuiApplication.setDesktopFileName(APP_ID)
    app = QApplication(sys.argv[:1])
    lock = single_instance(data_dir)
    if lock is None:
        return None
    app.setApplicationName("lumbago-coach")
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(assets_dir() / "icons" / f"{APP_ID}.svg")))
    use_language(app, language_tag())
    controller = Controller(data_dir, speed=speed)
    controller.show(ask_back_check)
    controller.second_start_listener = listen_for_second_start(
        data_dir, controller.come_forward, controller.window
    )
    # Sound starts once the window has been painted: the helper process and its audio library
    # take a moment to start, and the first paint must not wait for them.
    after_first_paint(controller.window, lambda: controller.init_audio(sound))
    app.aboutToQuit.connect(controller.shutdown)  # the one way out, whatever ends the app
    return app, controller, lock


def run_app(
    data_dir: Path,
    routine_id: str | None,
    speed: float,
    sound: str | None,
    remote: str | None = None,
) -> int:
    """`remote`: None leaves the phone remote off; "" turns it on at the LAN address; an
    address turns it on there (127.0.0.1 for tests)."""
    # With --routine the session comes first; the daily back check waits for its finish page.
    started = start_app(data_dir, speed, sound, ask_back_check=routine_id is None)
    if started is None:
        return 1
    app, controller, lock = started
    # Ctrl+C, SIGTERM, SIGHUP: the same way out as Quit in the menu.
    restore_signals = quit_on_signals(app, controller.quit)
    if remote is not None:
        from desktop_app.remote.server import RemoteError

        try:
            print(controller.start_remote(remote or None), flush=True)
        except RemoteError as error:
            controller.notify(str(error))
    if routine_id:
        controller.open_routine(routine_id)  # an unknown id is reported in the window
    code = app.exec()  # aboutToQuit has run controller.shutdown()
    restore_signals()
    # The windows go while the application still exists (left to Python's teardown, a
    # pending repaint could reach a window whose native handle was already gone), and with
    # them whatever hangs on them (the remote's servers, the finished helper processes).
    for window in QApplication.topLevelWidgets():
        window.hide()
        window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if isinstance(lock, QLockFile):
        lock.unlock()
    return code
