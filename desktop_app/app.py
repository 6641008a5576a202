"""The one place that wires the engine, the window, sound, settings and the routines together."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app import settings as opt
from desktop_app.audio.backends import Player, SilentPlayer, choose_player
from desktop_app.audio.cues import Cue
from desktop_app.audio.output import AudioOutput
from desktop_app.core.clock import Clock, MonotonicClock, ScaledClock
from desktop_app.core.history import History, Now, local_now
from desktop_app.core.recovery import assess
from desktop_app.core.routines import Origin, Routine
from desktop_app.core.safety import Answer, check_due
from desktop_app.i18n import _
from desktop_app.library import Catalogue
from desktop_app.paths import history_path, user_routines_dir, writable
from desktop_app.qt import theme as themes
from desktop_app.qt.driver import Driver
from desktop_app.qt.main_window import MainWindow
from desktop_app.resources import assets_dir
from desktop_app.settings import Settings

if TYPE_CHECKING:
    from desktop_app.audio.voice import Voice
    from desktop_app.core import events as ev
    from desktop_app.core.session import SessionEngine, SessionView

WARNING_CUES = (Cue.PAIN_WARNING, Cue.CHECK_IN)
#: Routine files read before the window shows (a few hundred); the rest follow in portions.
FIRST_READ_SECONDS = 0.25
#: One portion of reading between two turns of the event loop: short enough to feel instant.
READ_PORTION_SECONDS = 0.04


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
        self.catalogue = Catalogue.for_data(data_dir)
        self._printed_problems: set[str] = set()
        self._shown_at = 0.0
        self.engine: SessionEngine | None = None
        self.notices: list[str] = []
        self.muted = False
        # Sound starts silent and is set up after the window is painted (init_audio):
        # the sound helper (a process of its own) must not delay the first paint.
        self.cues = AudioOutput(player or SilentPlayer(_("starting up")), voice)
        self._voice_ready = voice is not None
        self.sound_notice = ""
        self.settings_dialog: Any = None
        self.wall_clock = wall_clock
        self.reminder_clock: Clock = reminder_clock or MonotonicClock()
        self.history = History(history_path(data_dir), now=wall_clock)
        self.history_window: Any = None
        self.help_window: Any = None
        self.safety_dialog: Any = None
        #: Ticked emergency signs, once answered in this run: nothing may start until restart.
        self._emergency_signs: tuple[str, ...] = ()
        self._voice_offer_wired = False
        self.recorder: Any = None
        self.second_start_listener: Any = None
        self._last_history_problem = ""
        self.back_check_dialog: Any = None
        #: The day the back check was skipped (Esc): asked at most once a day.
        self._back_check_skipped: dt.date | None = None
        self._safety_then_open: str | None = None
        self.keep_moving: Any = None

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

        self._reading = QTimer(self.window)
        self._reading.setInterval(0)
        self._reading.timeout.connect(self._read_more)
        self._watcher = QFileSystemWatcher(self.window)
        self._reload_timer = QTimer(self.window)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.timeout.connect(self.reload_routines)
        self._watcher.directoryChanged.connect(lambda _path: self._reload_timer.start(300))
        self._watcher.fileChanged.connect(lambda _path: self._reload_timer.start(300))
        self._watch_user_folder()

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
        self.reload_routines()
        self._apply_sound_settings()
        self.set_theme(self.settings.get(opt.THEME), save=False)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_colours_changed)
        self.restore_window()
        self.refresh_recovery()

    # -- routines ---------------------------------------------------------------------------

    def _watch_user_folder(self) -> None:
        folder = user_routines_dir(self.data_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        self._watcher.addPath(str(folder))

    def reload_routines(self) -> None:
        """Find what changed in the routine folders and read just that (the folder watcher calls
        this). A short first portion is read at once; the rest, when there is much (thousands of
        files), a portion at a time while the window stays responsive."""
        self.catalogue.scan()
        self.catalogue.read_some(FIRST_READ_SECONDS)
        self._show_routines()
        if self.catalogue.waiting:
            self._reading.start()

    def _read_more(self) -> None:
        self.catalogue.read_some(READ_PORTION_SECONDS)
        if not self.catalogue.waiting:
            self._reading.stop()
            self._show_routines()
        elif time.monotonic() - self._shown_at >= 0.5:
            self._show_routines()

    def _show_routines(self) -> None:
        self._shown_at = time.monotonic()
        listings = self.catalogue.listings()
        problems = self.catalogue.problems()
        for problem in problems:
            if str(problem) not in self._printed_problems:
                self._printed_problems.add(str(problem))
                print(problem, file=sys.stderr)
        self.window.start_page.set_routines(listings, problems)
        self.window.start_page.show_progress(
            self.catalogue.total - self.catalogue.waiting, self.catalogue.total
        )
        self.window.set_routines(listings)
        # Watch the user's files too: an edit in place changes no directory entry.
        watched = set(self._watcher.files())
        new = [
            str(r.source)
            for r in listings
            if r.origin is Origin.USER and str(r.source) not in watched
        ]
        if new:
            self._watcher.addPaths(new)

    def open_routine(self, routine_id: str) -> bool:
        if self.catalogue.listing(routine_id) is None and self.catalogue.waiting:
            self.catalogue.read_some()  # asked for by id before every file was read
            self._reading.stop()
            self._show_routines()
        found = self.catalogue.routine(routine_id)
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
        self.engine.subscribe(CueListener(self.cues))
        if self.speed == 1.0:
            self.recorder = HistoryRecorder(self.history, self._history_problem)
            self.engine.subscribe(self.recorder)
        else:
            # A preview (--speed) is not a session: it is not kept in the history.
            self.recorder = None
        self.engine.subscribe(self._on_event)
        self.window.session_page.bind(self.engine)
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
        self.window.session_page.refresh(view)

    def _on_event(self, event: ev.Event) -> None:
        from desktop_app.core.events import SessionFinished

        if isinstance(event, SessionFinished) and self.engine is not None:
            recorder = self.recorder
            unsaved = None
            if recorder is None:
                unsaved = _("a preview at {speed:g}× speed is not kept").format(speed=self.speed)
            elif recorder.failed:
                unsaved = self.history.problem or self._last_history_problem or _("it failed")
            self.window.finish_page.show_summary(self.engine.routine, event.summary, unsaved)
            offer = not self.settings.get(opt.REMINDERS_OFFERED) and not self.settings.get(
                opt.REMINDERS_ENABLED
            )
            self.window.finish_page.offer.setVisible(offer)
            if offer:
                self.settings.set(opt.REMINDERS_OFFERED, True)
            self._offer_voice()
            self.ask_back_check()  # held back while the session ran (--routine)

    def _offer_voice(self) -> None:
        """Once, on the finish page (never in a session's way): read the steps aloud?"""
        page = self.window.finish_page
        if (
            self.settings.get(opt.VOICE_ENABLED)
            or self.settings.get(opt.VOICE_OFFERED)
            or not page.offer.isHidden()  # one offer at a time: the voice waits for the next finish
        ):
            page.voice_offer.hide()
            return
        self._ensure_voice()
        from desktop_app.audio.voice import NoVoice

        if self.cues.voice is None or isinstance(self.cues.voice, NoVoice):
            page.voice_offer.hide()
            return
        self.settings.set(opt.VOICE_OFFERED, True)
        if not self._voice_offer_wired:
            page.voice_accepted.connect(lambda: self._set(opt.VOICE_ENABLED, True))
            self._voice_offer_wired = True
        page.voice_offer.show()

    def _history_problem(self, message: str) -> None:
        self._last_history_problem = message
        self.window.session_page.show_notice(message)
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

    def safety_answer(self) -> tuple[Answer, dt.date | None]:
        """The stored answer to the red-flag check and its day (an older bool carried over)."""
        raw = self.settings.get(opt.SAFETY_ANSWER)
        try:
            answer = Answer(raw)
        except ValueError:
            answer = Answer.NONE
        if answer is Answer.NONE and self.settings.get(opt.SAFETY_ACKNOWLEDGED):
            answer = Answer.NONE_APPLY
        try:
            day: dt.date | None = dt.date.fromisoformat(self.settings.get(opt.SAFETY_ANSWERED_ON))
        except ValueError:
            day = None
        return answer, day

    def safety_cleared(self) -> bool:
        """Whether a routine may start: no emergency sign in this run, and a current answer."""
        if self._emergency_signs:
            return False
        answer, day = self.safety_answer()
        return not check_due(answer, day, self.wall_clock().date())

    def open_safety_check(self, then_open: str | None = None) -> None:
        """Show the check (again): from the first start, a routine, Help, any number of times."""
        from desktop_app.qt.safety_view import SafetyDialog

        self._safety_then_open = then_open
        if self.safety_dialog is not None:
            self.safety_dialog.raise_()
            self.safety_dialog.activateWindow()
            return
        dialog = SafetyDialog(
            self.window.theme,
            self.window,
            ticked=self._emergency_signs,
            locked=bool(self._emergency_signs),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.answered.connect(lambda answer: self._safety_answered(Answer(answer), dialog))
        # Forget the dialog when it closes, however it closes (it is deleted then).
        dialog.finished.connect(lambda _result: self._safety_closed(dialog))
        self.safety_dialog = dialog
        dialog.open()

    def _safety_closed(self, dialog: QWidget) -> None:
        if self.safety_dialog is dialog:
            self.safety_dialog = None

    def _safety_answered(self, answer: Answer, dialog: Any) -> None:
        if answer is Answer.EMERGENCY:
            # Nothing starts in this run; the stored answer is forgotten, so the next start asks.
            self._emergency_signs = tuple(dialog.ticked)
            self._safety_then_open = None
            self.settings.set(opt.SAFETY_ANSWER, Answer.NONE.value)
            self.settings.set(opt.SAFETY_ACKNOWLEDGED, False)
            self.settings.sync()
            return
        self.settings.set(opt.SAFETY_ANSWER, answer.value)
        self.settings.set(opt.SAFETY_ANSWERED_ON, self.wall_clock().date().isoformat())
        self.settings.sync()
        then_open, self._safety_then_open = self._safety_then_open, None
        if then_open is not None:
            self._safety_closed(dialog)
            self.open_routine(then_open)

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
        self.window.reminders_action.setChecked(enabled)
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
        from desktop_app.core.reminder import SPOKEN

        self.cues.announce(Cue.CHECK_IN, SPOKEN)

    def come_forward(self) -> None:
        """The window to the front (a second start on the same folder, the tray's *Show*),
        keeping it maximised or full screen if it was."""
        if self.window.isMinimized():
            self.window.showNormal()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def quit(self) -> None:
        self.window.close_to_tray = False
        self.save_window()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    # -- history ----------------------------------------------------------------------------

    def refresh_recovery(self) -> None:
        """The start page's card: where the usual course is, from the daily back check, and
        today's dose. The doctor line comes from the back check, never from pressure ratings."""
        today = self.wall_clock().date()
        lines: list[str] = []
        recovery = assess(self.history.onset, today, self.history.back_checks())
        if recovery is not None:
            lines.append(
                f"<b>{escape(_('Day {day} since your back went.').format(day=recovery.day))}</b> "
                f"{escape(recovery.expectation)}"
            )
            if recovery.see_doctor:
                lines.append(f"<b>{escape(recovery.reason)}</b>")
        elif self.history.available:
            lines.append(
                escape(
                    _(
                        "Once a day the app asks how your back is; your answers show where you "
                        "are in the usual course."
                    )
                )
            )
        doses = self.history.area_totals(today)
        if doses:
            parts = [
                _("{area}: {seconds} s held, {rolls} rolls").format(
                    area=d.area, seconds=round(d.hold_seconds), rolls=d.rolls
                )
                for d in doses
            ]
            lines.append(escape(_("Today so far — ") + "; ".join(parts) + "."))
        self.window.start_page.show_recovery("<br>".join(lines))

    def open_history(self) -> None:
        from desktop_app.qt.history_view import HistoryWindow  # QtCharts loads only now

        if self.history_window is None:
            self.history_window = HistoryWindow(self.history, self.window)
            self.history_window.finished.connect(lambda _result: self.refresh_recovery())
        self.history_window.refresh(self.window.theme)
        self.history_window.show()
        self.history_window.raise_()

    # -- sound and voice --------------------------------------------------------------------

    def init_audio(self, preference: str | None = None) -> None:
        """Find a way to play sound (or use the one asked for); say so once if there is none."""
        player, notice = choose_player(
            preference,
            assets_dir() / "sounds",
            self.window,
            flash=self.flash,
            on_status=self._sound_status_changed,
        )
        self.use_player(player, notice)

    def use_player(self, player: Player, notice: str = "") -> None:
        self.cues.player = player
        player.set_volume(self.settings.get(opt.VOLUME))
        missing = getattr(player, "missing", [])
        if missing:
            names = ", ".join(cue.value for cue in missing)
            notice = " ".join(
                filter(
                    None,
                    [
                        notice,
                        _("Missing sound files: {names}; those cues only flash.").format(
                            names=names
                        ),
                    ],
                )
            )
        self.sound_notice = notice
        if notice:
            self.notify(notice)
        self._show_sound_status()

    def _sound_status_changed(self, message: str, playing: bool) -> None:
        """The sound helper stopped (cues flash until it is back) or came back."""
        if message:
            if not playing:
                self.notify(message)
            if self.engine is not None:
                self.window.session_page.show_notice(message)
        self._show_sound_status()

    def close_audio(self) -> None:
        close = getattr(self.cues.player, "close", None)
        if close is not None:
            close()

    def flash(self, cue: Cue) -> None:
        theme = self.window.theme
        self.window.edge_flash.flash(theme.warning if cue in WARNING_CUES else theme.accent)

    def _ensure_voice(self) -> None:
        from desktop_app.audio.voice import choose_voice

        if not self._voice_ready:
            self.cues.voice = choose_voice(self.window)
            self._voice_ready = True
        if self.cues.voice is not None:
            self.cues.voice.set_rate(self.settings.get(opt.VOICE_RATE))
            self.cues.voice.set_volume(self.settings.get(opt.VOLUME))

    def _apply_sound_settings(self) -> None:
        self.cues.sound_enabled = self.settings.get(opt.SOUND_ENABLED)
        self.cues.voice_enabled = self.settings.get(opt.VOICE_ENABLED)
        if self.cues.voice_enabled:
            self._ensure_voice()
        self._show_sound_status()

    def _show_sound_status(self) -> None:
        if self.muted:
            text = _("Muted · press M")
        elif not self.cues.sound_enabled:
            text = _("Sound off")
        elif isinstance(self.cues.player, SilentPlayer) or getattr(
            self.cues.player, "outage", False
        ):
            text = _("No sound: the edge flashes")
        else:
            text = ""
        self.window.set_sound_status(text)

    def toggle_mute(self) -> None:
        """M: silence sound and voice at once (and bring them back)."""
        self.muted = not self.muted
        self.cues.set_muted(self.muted)
        self.window.set_muted(self.muted)
        self._show_sound_status()

    def open_settings(self) -> None:
        from desktop_app.qt.settings_dialog import SettingsDialog

        if self.settings_dialog is None:
            dialog = SettingsDialog(self.window)
            dialog.sound_enabled_changed.connect(lambda on: self._set(opt.SOUND_ENABLED, on))
            dialog.volume_changed.connect(self.set_volume)
            dialog.voice_enabled_changed.connect(lambda on: self._set(opt.VOICE_ENABLED, on))
            dialog.voice_rate_changed.connect(lambda rate: self._set(opt.VOICE_RATE, rate))
            dialog.auto_advance_changed.connect(lambda on: self._set(opt.AUTO_ADVANCE, on))
            dialog.checkin_minutes_changed.connect(
                lambda minutes: self._set(opt.CHECKIN_AFTER, minutes * 60.0)
            )
            dialog.rolling_pace_changed.connect(lambda pace: self._set(opt.ROLLING_PACE, pace))
            dialog.spot_wait_changed.connect(lambda wait: self._set(opt.SPOT_CHOICE_AFTER, wait))
            dialog.reminders_changed.connect(self.set_reminders)
            dialog.reminder_minutes_changed.connect(self.set_reminder_minutes)
            self.settings_dialog = dialog
        if self.settings.get(opt.VOICE_ENABLED):
            self._ensure_voice()
        voice = self.cues.voice
        self.settings_dialog.show_values(
            sound=self.settings.get(opt.SOUND_ENABLED),
            volume=self.settings.get(opt.VOLUME),
            backend=self.cues.player.description,
            voice=self.settings.get(opt.VOICE_ENABLED),
            rate=self.settings.get(opt.VOICE_RATE),
            voice_info=voice.description
            if voice is not None
            else _("Chosen when you turn the voice on."),
            auto_advance=self.settings.get(opt.AUTO_ADVANCE),
            checkin_minutes=round(self.settings.get(opt.CHECKIN_AFTER) / 60),
            rolling_pace=self.settings.get(opt.ROLLING_PACE),
            spot_wait=self.settings.get(opt.SPOT_CHOICE_AFTER),
            reminders=self.settings.get(opt.REMINDERS_ENABLED),
            reminder_minutes=self.settings.get(opt.REMINDER_MINUTES),
        )
        self.settings_dialog.show()
        self.settings_dialog.raise_()

    def _set(self, option: opt.Option[Any], value: Any) -> None:
        self.settings.set(option, value)
        self._apply_sound_settings()
        if (
            self.settings_dialog is not None
            and option is opt.VOICE_ENABLED
            and self.cues.voice is not None
        ):
            self.settings_dialog.voice_info.setText(self.cues.voice.description)

    def set_volume(self, volume: float) -> None:
        self.settings.set(opt.VOLUME, volume)
        self.cues.player.set_volume(volume)
        if self.cues.voice is not None:
            self.cues.voice.set_volume(volume)

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

    def save_window(self) -> None:
        self.settings.set(opt.WINDOW_GEOMETRY, self.window.saveGeometry())
        self.settings.set(opt.FULL_SCREEN, self.window.isFullScreen())
        if not self.settings.sync():
            print(
                _("Could not save the settings in {path}.").format(path=self.settings.path),
                file=sys.stderr,
            )

    def restore_window(self) -> None:
        geometry = self.settings.get(opt.WINDOW_GEOMETRY)
        if geometry.isEmpty() or not self.window.restoreGeometry(geometry):
            # 1280×800 where it fits; on a smaller screen, most of it.
            screen = self.window.screen().availableGeometry()
            self.window.resize(
                min(1280, round(screen.width() * 0.95)), min(800, round(screen.height() * 0.92))
            )

    def notify(self, message: str) -> None:
        """Tell the user once, on the command line and on the start page, what went wrong."""
        if message in self.notices:
            return
        print(message, file=sys.stderr)
        self.notices.append(message)
        self.window.start_page.notice_html(self.notices)

    # -- the daily back check -----------------------------------------------------------

    def back_check_due(self) -> bool:
        today = self.wall_clock().date()
        return (
            self.history.available
            and self._back_check_skipped != today
            and self.history.back_check_on(today) is None
        )

    def ask_back_check(self) -> None:
        """Once a day, never in a session's way and never over the safety check."""
        if not self.back_check_due() or self.back_check_dialog is not None:
            return
        if self.engine is not None and not self.engine.finished:
            return
        if self.safety_dialog is not None:
            self.safety_dialog.finished.connect(lambda _result: self.ask_back_check())
            return
        from desktop_app.qt.back_check_view import BackCheckDialog

        today = self.wall_clock().date()
        ask_onset = self.history.onset is None and not self.history.back_checks()
        dialog = BackCheckDialog(today, ask_onset, self.window.theme, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.answered.connect(self._back_check_answered)
        dialog.rejected.connect(lambda: setattr(self, "_back_check_skipped", today))
        dialog.finished.connect(lambda _result: setattr(self, "back_check_dialog", None))
        self.back_check_dialog = dialog
        dialog.open()

    def _back_check_answered(self, rating: int, movement: str, onset: object) -> None:
        from desktop_app.core.history import HistoryError, Movement

        try:
            self.history.add_back_check(self.wall_clock().date(), rating, Movement(movement))
            if isinstance(onset, dt.date):
                self.history.onset = onset
        except HistoryError as error:
            self.notify(str(error))
        self.refresh_recovery()

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
) -> tuple[QApplication, Controller, Any] | None:
    """Everything `lumbago-coach` does before the event loop; None when another app has the folder."""
    QGuiApplication.setDesktopFileName(APP_ID)
    app = QApplication(sys.argv[:1])
    lock = _single_instance(data_dir)
    if lock is None:
        return None
    app.setApplicationName("lumbago-coach")
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(assets_dir() / "icons" / f"{APP_ID}.svg")))
    controller = Controller(data_dir, speed=speed)
    controller.show(ask_back_check)
    controller.second_start_listener = listen_for_second_start(
        data_dir, controller.come_forward, controller.window
    )
    # Sound starts once the window has been painted: the helper process and its audio library
    # take a moment to start, and the first paint must not wait for them.
    after_first_paint(controller.window, lambda: controller.init_audio(sound))
    app.aboutToQuit.connect(controller.history.close)
    app.aboutToQuit.connect(controller.close_audio)
    return app, controller, lock


class _FirstPaint(QObject):
    """Runs a callback once, shortly after the first paint (or after a while without one)."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then: Callable[[], None] | None = then
        # A window that starts minimised may not paint for a long time; do not wait forever.
        QTimer.singleShot(2000, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(50, self, self._run)
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def after_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    """Run `then` shortly after the window has painted itself for the first time."""
    window.installEventFilter(_FirstPaint(window, then))


def run_app(data_dir: Path, routine_id: str | None, speed: float, sound: str | None) -> int:
    # With --routine the session comes first; the daily back check waits for its finish page.
    started = start_app(data_dir, speed, sound, ask_back_check=routine_id is None)
    if started is None:
        return 1
    app, controller, _lock = started
    if routine_id:
        controller.open_routine(routine_id)  # an unknown id is reported in the window
    return app.exec()


def _single_instance(data_dir: Path) -> Any:
    """A lock in the data folder. A second app on the same history asks the first to come to
    the front and leaves; where that fails, it says so."""
    from PySide6.QtCore import QLockFile
    from PySide6.QtWidgets import QMessageBox

    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return object()  # a read-only folder: nothing to protect, and the app says so later
    lock = QLockFile(str(data_dir / "lumbago-coach.lock"))
    lock.setStaleLockTime(0)
    if lock.tryLock(200):
        return lock
    if lock.error() is not QLockFile.LockError.LockFailedError:
        # The lock cannot be written at all (a read-only folder, no permission): that is not
        # another app. Start; the history and settings say what they cannot save.
        return object()
    message = _("Lumbago Coach is already running with the data folder {folder}.").format(
        folder=data_dir
    )
    print(message, file=sys.stderr)
    if ask_to_come_forward(data_dir):
        return None
    QMessageBox.information(None, APP_NAME, message)
    return None


def _channel(data_dir: Path) -> str:
    """The local socket's name for one data folder (the user's own, not a network port)."""
    import hashlib

    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return f"lumbago-coach-{digest}"


def listen_for_second_start(
    data_dir: Path, come_forward: Callable[[], None], parent: QObject
) -> Any:
    """The running app: when a second start on the same folder knocks, come to the front."""
    from PySide6.QtNetwork import QLocalServer

    server = QLocalServer(parent)
    server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
    name = _channel(data_dir)
    QLocalServer.removeServer(name)  # a stale socket from a crash
    if not server.listen(name):
        return None

    def knocked() -> None:
        while (connection := server.nextPendingConnection()) is not None:
            connection.disconnected.connect(connection.deleteLater)
            connection.disconnectFromServer()
            come_forward()

    server.newConnection.connect(knocked)
    return server


def ask_to_come_forward(data_dir: Path) -> bool:
    """The second start: knock on the running app's door; True when it answered."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(_channel(data_dir))
    answered = socket.waitForConnected(500)
    socket.abort()
    return answered
