"""The one place that composes the app: data → services → flows → window. It holds no rules
of its own; it connects what one flow says to what another does."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from desktop_app import settings as opt
from desktop_app.app.back_check import BackCheckFlow
from desktop_app.app.looks import Looks
from desktop_app.app.phone import PhoneRemote
from desktop_app.app.reminders import Reminders
from desktop_app.app.routines import RoutineFeed
from desktop_app.app.safety import SafetyGate
from desktop_app.app.session import SessionFlow
from desktop_app.app.sound import SoundControl
from desktop_app.app.windows import Windows
from desktop_app.audio.cues import Cue
from desktop_app.core.clock import Clock, MonotonicClock, ScaledClock
from desktop_app.core.history import History, Now, local_now
from desktop_app.i18n import _
from desktop_app.library import Catalogue
from desktop_app.paths import history_path, user_routines_dir, writable
from desktop_app.qt.main_window import MainWindow
from desktop_app.settings import Settings
from desktop_app.terminal import say

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

    from desktop_app.audio.backends import Player
    from desktop_app.audio.voice import Voice

WARNING_CUES = (Cue.PAIN_WARNING, Cue.CHECK_IN)
log = logging.getLogger(__name__)


class Controller:
    """Owns what lives as long as the window: settings, history, routines, the flows."""

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
        self.clock: Clock = clock or (
            MonotonicClock() if speed == 1.0 else ScaledClock(MonotonicClock(), speed)
        )
        self.wall_clock = wall_clock
        self.notices: list[str] = []
        self.second_start_listener: QLocalServer | None = None
        self._shut_down = False
        # Data and services.
        self.settings = Settings(data_dir)
        self.history = History(history_path(data_dir), now=wall_clock)
        self.window = window = MainWindow()
        self.sound = SoundControl(self.settings, window, player=player, voice=voice)
        # Flows.
        self.routines = RoutineFeed(Catalogue.for_data(data_dir), window.show_routines, window)
        self.safety = SafetyGate(
            self.settings, window, lambda: self.wall_clock().date(), self.history
        )
        self.back_check = BackCheckFlow(self.history, window, lambda: self.wall_clock().date())
        self.session = session = SessionFlow(
            window, self.settings, self.history, self.sound, self.clock, speed
        )
        self.phone = PhoneRemote(window, session.apply)
        self.reminders = Reminders(self.settings, window, reminder_clock or MonotonicClock())
        self.windows = Windows(window, self.history, self.settings)
        self.looks = Looks(self.settings, window)
        self._connect()
        # What the window shows first.
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
            for problem in (self.settings.problem, self.history.problem, session.interrupted()):
                if problem:
                    self.notify(problem)
        self.routines.reload()
        self.sound.apply_settings()
        self.looks.choose(self.settings.get(opt.THEME), save=False)
        self.window.restore(self.settings.get(opt.WINDOW_GEOMETRY))
        self.back_check.show_recovery()

    def _connect(self) -> None:
        window, sound, session, phone = self.window, self.sound, self.session, self.phone
        sound.said.connect(self.notify)
        sound.status.connect(window.set_sound_status)
        sound.voice_speaks.connect(window.set_voice_speaks)
        sound.flashed.connect(lambda cue: window.flash(warning=cue in WARNING_CUES))
        sound.told.connect(window.tell_during_session)
        self.routines.problem.connect(self.notify)
        self.safety.cleared_for.connect(self.open_routine)
        self.safety.closed.connect(self.ask_back_check)
        self.back_check.answered.connect(self.back_check.show_recovery)
        self.back_check.answered.connect(self.safety.open_if_due)  # never during a session
        self.back_check.problem.connect(self.notify)
        self.back_check.sign_said.connect(self.safety.sign_said)
        self.windows.sign_said.connect(self.safety.sign_said)
        session.left.connect(self.back_check.show_recovery)
        session.history_problem.connect(self.notify)
        session.ticked.connect(phone.show)
        session.engine_changed.connect(phone.follow)
        session.happened.connect(phone.cue)
        self.reminders.reminded.connect(self.sound.remind)
        self.reminders.quit_requested.connect(self.quit)
        self.reminders.show_window_requested.connect(window.come_forward)
        self.windows.history_changed.connect(self.back_check.show_recovery)
        self.windows.option_changed.connect(self.set_option)
        self.windows.safety_requested.connect(lambda: self.safety.open())
        window.routine_chosen.connect(self.open_routine)
        window.mute_toggled.connect(lambda: window.set_muted(sound.toggle_mute()))
        window.theme_chosen.connect(self.looks.choose)
        window.settings_requested.connect(self.open_settings)
        window.history_requested.connect(self.windows.open_history)
        window.report_requested.connect(self.windows.save_report)
        self.windows.problem.connect(self.notify)
        window.help_requested.connect(self.windows.open_help)
        window.safety_requested.connect(lambda: self.safety.open())
        window.reminders_toggled.connect(self.reminders.set_enabled)
        window.reminders_accepted.connect(lambda: self.reminders.set_enabled(True))
        window.closing.connect(self.save_window)
        # The back check waits for the finish page to be read (a dialog would hide it).
        window.finish_back.connect(window.show_start)
        window.finish_back.connect(self.ask_back_check)
        window.finish_again.connect(self._again)
        window.voice_accepted.connect(lambda: self.set_option(opt.VOICE_ENABLED, True))
        window.remote_requested.connect(phone.open)

    # -- routines and sessions ---------------------------------------------------------------

    def open_routine(self, routine_id: str) -> bool:
        """The routine's session — once the red-flag check has cleared the way."""
        found = self.routines.openable(routine_id)  # or it says why not
        if found is None:
            return False
        if not self.safety.cleared():
            self.safety.open(then_open=routine_id)
            return False
        self.session.open(found)
        return True

    def _again(self) -> None:
        routine = self.session.again()
        if routine is not None:
            self.open_routine(routine.id)

    def ask_back_check(self) -> None:
        """The daily back check, unless a session or the safety check is in its way (it is
        asked again when they are gone)."""
        if not self.session.running and not self.safety.showing:
            self.back_check.ask()

    # -- settings, sound, looks --------------------------------------------------------------

    def open_settings(self) -> None:
        if self.settings.get(opt.VOICE_ENABLED):
            self.sound.ensure_voice()
        self.windows.open_settings(
            self.settings, self.sound.player_description, self.sound.voice_description
        )

    def set_option(self, option: opt.Option[Any], value: object) -> None:
        """A setting changed (in the settings window, or by an offer accepted): keep it, and
        let what depends on it follow at once."""
        if option is opt.VOLUME and isinstance(value, float):
            self.sound.set_volume(value)
        elif option is opt.REMINDERS_ENABLED:
            self.reminders.set_enabled(bool(value))
        elif option is opt.REMINDER_MINUTES and isinstance(value, int):
            self.reminders.set_minutes(value)
        else:
            self.settings.set(option, value)
            self.sound.apply_settings()
        if option is opt.VOICE_ENABLED:
            self.windows.show_voice(self.sound.voice_description)

    def notify(self, message: str) -> None:
        """Tell the user once, on the command line and on the start page, what went wrong."""
        if message in self.notices:
            return
        say(message)
        self.notices.append(message)
        self.window.show_notices(self.notices)

    # -- the window's life -------------------------------------------------------------------

    def show(self, ask_back_check: bool = True) -> None:
        if self.settings.get(opt.FULL_SCREEN):
            self.window.toggle_full_screen()
        else:
            self.window.show()
        self.window.show_start()
        if self.settings.get(opt.REMINDERS_ENABLED):
            self.reminders.set_enabled(True)
        if not self.safety.cleared():
            self.safety.open()
        if ask_back_check:
            self.ask_back_check()

    def save_window(self) -> None:
        self.settings.set(opt.WINDOW_GEOMETRY, self.window.saveGeometry())
        self.settings.set(opt.FULL_SCREEN, self.window.isFullScreen())
        if not self.settings.sync():
            say(_("Could not save the settings in {path}.").format(path=self.settings.path))

    def quit(self) -> None:
        """End the app (tray's Quit, Ctrl+C, SIGTERM, SIGHUP): `shutdown` runs on the way out."""
        self.window.close_to_tray = False
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        """However the app ends (window closed, Quit, Ctrl+C, SIGTERM, SIGHUP, logout) it ends
        here, on aboutToQuit, once, in this order: session stopped and kept, settings and
        history closed, phone remote and second-start door shut, sound and voice ended. The
        windows go after this, in `run_app`."""
        if self._shut_down:
            return
        self._shut_down = True
        door = [self.second_start_listener.close] if self.second_start_listener else []
        for step in (self.session.end, self.reminders.stop, self.save_window, self.history.close,
                     self.phone.stop, *door, self.sound.close):  # fmt: skip
            try:
                step()
            except Exception:  # one step failing must not skip the rest (the sound helper)
                log.exception("while shutting down: %s", step)
