"""The main window: start, session and finish pages, the menus, full screen, the key map."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QColor,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QStackedWidget, QWidget

from desktop_app import APP_NAME
from desktop_app.core.actions import Action
from desktop_app.core.help import titles
from desktop_app.core.routines import Listing, Origin
from desktop_app.i18n import _
from desktop_app.qt.keys import overlay_lines, shortcut
from desktop_app.qt.start_view import StartPage
from desktop_app.qt.theme import LIGHT, Theme
from desktop_app.qt.widgets import VOICE_SPEAKS, Overlay, cover_parent

#: The Routines menu lists at most this many of the user's own routines.
MENU_USER_ROUTINES = 20

if TYPE_CHECKING:
    from desktop_app.core.events import SessionSummary
    from desktop_app.core.history import AreaTotal
    from desktop_app.core.problems import Problem
    from desktop_app.core.recovery import Recovery
    from desktop_app.core.routines import Routine
    from desktop_app.core.session import SessionEngine, SessionView
    from desktop_app.qt.finish_view import FinishPage
    from desktop_app.qt.session_view import SessionPage


class KeyMapOverlay(Overlay):
    """The key map over the whole window; any key closes it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(_("Keys"))
        self._previous_focus: QWidget | None = None

    def open(self) -> None:
        self._previous_focus = self.window().focusWidget()
        self.show_message(_("Keys"), [*overlay_lines(), _("Any key closes this")])
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.close_map()

    def close_map(self) -> None:
        self.hide()
        if self._previous_focus is not None:
            self._previous_focus.setFocus()


class EdgeFlash(QWidget):
    """A thick coloured frame around the window for a moment: a cue you can see without sound."""

    FLASH_MS = 350

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.color = LIGHT.color("accent")  # until the first flash says which
        self.count = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def flash(self, color: str) -> None:
        self.count += 1
        self.color = QColor(color)
        cover_parent(self)
        self._timer.start(self.FLASH_MS)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        width = max(12, self.height() // 40)
        painter.setPen(QPen(self.color, width))
        painter.drawRect(self.rect().adjusted(width // 2, width // 2, -width // 2, -width // 2))


class MainWindow(QMainWindow):
    routine_chosen = Signal(str)
    mute_toggled = Signal()
    theme_chosen = Signal(str)
    settings_requested = Signal()
    history_requested = Signal()
    #: The start page's "Report for your doctor…", beside the doctor line.
    report_requested = Signal()
    help_requested = Signal(str)
    safety_requested = Signal()
    reminders_toggled = Signal(bool)
    #: From the session page: the session ended (or was left before it started).
    session_ended = Signal()
    #: From the session page: a key asked for a command (a core Command), for the session.
    session_commanded = Signal(object)
    #: From the finish page.
    finish_back = Signal()
    finish_again = Signal()
    reminders_accepted = Signal()
    voice_accepted = Signal()
    remote_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        # Fits a 1024×600 screen and 1920×1080 at 2× scaling (960×540 logical), panels included.
        self.setMinimumSize(720, 460)
        self.theme = LIGHT
        self.sound_status = ""
        self.remote_status = ""
        self.start_page = StartPage()
        # The session and finish pages are built when first needed: the first paint of the
        # start page does not wait for them (or for the SVG, engine and event modules).
        self._session_page: SessionPage | None = None
        self._finish_page: FinishPage | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_page)
        self.setCentralWidget(self.pages)
        self.key_map = KeyMapOverlay(self.pages)
        self.edge_flash = EdgeFlash(self.pages)
        self.start_page.routine_chosen.connect(self.routine_chosen)
        self.start_page.report_requested.connect(self.report_requested)

        menus = self.menuBar()
        self.routines_menu = QMenu(_("&Routines"), self)
        menus.addMenu(self.routines_menu)
        view = menus.addMenu(_("&View"))
        self.full_screen_action = QAction(_("&Full screen"), self)
        self.full_screen_action.setShortcut(shortcut(Action.FULL_SCREEN))
        self.full_screen_action.setCheckable(True)
        self.full_screen_action.triggered.connect(self.toggle_full_screen)
        self.mute_action = QAction(_("&Mute"), self)
        self.mute_action.setShortcut(shortcut(Action.MUTE))
        self.mute_action.setCheckable(True)
        self.mute_action.triggered.connect(self.mute_toggled)
        view.addAction(self.full_screen_action)
        view.addAction(self.mute_action)
        theme_menu = view.addMenu(_("&Colours"))
        self.theme_actions = QActionGroup(self)
        for key, label in (
            ("system", _("Follow the system")),
            ("light", _("Light")),
            ("dark", _("Dark")),
            ("contrast", _("High contrast")),
        ):
            action = QAction(label, self, checkable=True)
            action.setData(key)
            action.triggered.connect(lambda _checked=False, k=key: self.theme_chosen.emit(k))
            self.theme_actions.addAction(action)
            theme_menu.addAction(action)
        view.addSeparator()
        self.reminders_action = QAction(_("&Keep-moving reminders"), self, checkable=True)
        self.reminders_action.triggered.connect(self.reminders_toggled)
        view.addAction(self.reminders_action)
        self.history_action = QAction(_("&History"), self)
        self.history_action.setShortcut(shortcut(Action.HISTORY))
        self.history_action.triggered.connect(self.history_requested)
        view.addAction(self.history_action)
        self.remote_action = QAction(_("&Phone remote…"), self)
        self.remote_action.setShortcut(shortcut(Action.PHONE_REMOTE))
        self.remote_action.triggered.connect(self.remote_requested)
        view.addAction(self.remote_action)
        self.settings_action = QAction(_("&Settings…"), self)
        self.settings_action.setShortcut(shortcut(Action.SETTINGS))
        self.settings_action.triggered.connect(self.settings_requested)
        view.addAction(self.settings_action)
        help_menu = menus.addMenu(_("&Help"))
        self.help_actions: list[QAction] = []
        for key, title in titles():
            action = QAction(title, self)
            action.triggered.connect(lambda _checked=False, k=key: self.help_requested.emit(k))
            help_menu.addAction(action)
            self.help_actions.append(action)
        self.help_actions[0].setShortcut(shortcut(Action.HELP))
        self.safety_action = QAction(_("Is this &safe for me?"), self)
        self.safety_action.triggered.connect(self.safety_requested)
        help_menu.addAction(self.safety_action)
        help_menu.addSeparator()
        for menu in (self.routines_menu, view, help_menu):
            menu.aboutToHide.connect(self._menu_closed)
        self.keys_action = QAction(_("&Keys"), self)
        self.keys_action.setShortcut(shortcut(Action.KEY_MAP))
        self.keys_action.triggered.connect(self.key_map.open)
        help_menu.addAction(self.keys_action)
        for action in (
            self.full_screen_action,
            self.mute_action,
            self.keys_action,
            self.remote_action,
            self.history_action,
            self.settings_action,
            self.help_actions[0],
        ):
            self.addAction(action)  # shortcuts work with the menu bar hidden in full screen

    # -- pages ------------------------------------------------------------------------------

    @property
    def session_page(self) -> SessionPage:
        if self._session_page is None:
            from desktop_app.qt.session_view import SessionPage

            page = SessionPage()
            page.set_theme(self.theme)
            page.set_sound_status(self.sound_status)
            page.set_phone(self.remote_status)
            page.ended.connect(self.session_ended)
            page.commanded.connect(self.session_commanded)
            self.pages.addWidget(page)
            self._session_page = page
        return self._session_page

    @property
    def finish_page(self) -> FinishPage:
        if self._finish_page is None:
            from desktop_app.qt.finish_view import FinishPage

            page = FinishPage()
            page.set_theme(self.theme)
            page.back.connect(self.finish_back)
            page.again.connect(self.finish_again)
            page.reminders_accepted.connect(self.reminders_accepted)
            page.voice_accepted.connect(self.voice_accepted)
            self.pages.addWidget(page)
            self._finish_page = page
        return self._finish_page

    def set_voice_speaks(self, speaks: bool) -> None:
        """The app's voice speaks the session: the screen reader is not told it twice."""
        self.setProperty(VOICE_SPEAKS, speaks)

    def set_sound_status(self, text: str) -> None:
        self.sound_status = text
        if self._session_page is not None:
            self._session_page.set_sound_status(text)

    def set_remote_status(self, text: str, short: str = "") -> None:
        """The phone remote's state: in full on the start page; in a session's crowded header,
        the short form ("Phone connected")."""
        self.remote_status = short or text
        self.start_page.show_phone(text)
        if self._session_page is not None:
            self._session_page.set_phone(self.remote_status)

    def show_start(self) -> None:
        self.pages.setCurrentWidget(self.start_page)
        self.start_page.list.setFocus()

    def show_session(self) -> None:
        self.pages.setCurrentWidget(self.session_page)
        self.session_page.setFocus()

    def show_finish(self) -> None:
        self.pages.setCurrentWidget(self.finish_page)
        self.finish_page.setFocus()

    def set_routines(self, routines: Sequence[Listing]) -> None:
        """The Routines menu: the bundled ones and the first of the user's own; a menu of
        thousands is no use, and the start page lists them all."""
        self.routines_menu.clear()
        mine = [r for r in routines if r.origin is Origin.USER]
        shown = [r for r in routines if r.origin is not Origin.USER] + mine[:MENU_USER_ROUTINES]
        for routine in shown:
            # "&" in a title would become a shortcut marker and vanish.
            action = self.routines_menu.addAction(routine.title.replace("&", "&&"))
            action.setData(routine.id)
            action.triggered.connect(
                lambda _checked=False, rid=routine.id: self.routine_chosen.emit(rid)
            )
        if len(mine) > MENU_USER_ROUTINES:
            more = self.routines_menu.addAction(
                _("… {count} more of your routines on the start page").format(
                    count=len(mine) - MENU_USER_ROUTINES
                )
            )
            more.setEnabled(False)  # says where the rest are; leaving a session is not its job

    def set_theme(self, theme: Theme, preference: str) -> None:
        self.theme = theme
        for page in (self.start_page, self._session_page, self._finish_page):
            if page is not None:
                page.set_theme(theme)
        self.key_map.theme = theme
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == preference)

    def _menu_closed(self) -> None:
        """After Esc in a menu, leave the menu bar: the next key (H, say) belongs to the page,
        not to a menu's mnemonic. Moving on to another menu with the arrows is left alone."""

        def leave() -> None:
            bar = self.menuBar()
            active = bar.activeAction()
            menu = active.menu() if active is not None else None
            if isinstance(menu, QMenu) and menu.isVisible():
                return  # the arrows moved to the next menu
            bar.setActiveAction(None)  # type: ignore[arg-type]
            page = self.pages.currentWidget()
            target = self.start_page.list if page is self.start_page else page
            if target is not None:
                target.setFocus()

        QTimer.singleShot(0, self, leave)

    def set_muted(self, muted: bool) -> None:
        self.mute_action.setChecked(muted)

    def come_forward(self) -> None:
        """To the front (a second start on the same folder, the tray's *Show*), keeping it
        maximised or full screen if it was."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def restore(self, geometry: QByteArray) -> None:
        """Where and how big the window was; 1280×800 the first time, or most of a smaller
        screen."""
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(
                min(1280, round(screen.width() * 0.95)), min(800, round(screen.height() * 0.92))
            )

    # -- what the app tells the window --------------------------------------------------------

    def show_routines(
        self, listings: Sequence[Listing], problems: Sequence[Problem], read: int, total: int
    ) -> None:
        """The routines on the start page and in the menu, and how far reading them has got."""
        self.start_page.set_routines(listings, problems)
        self.start_page.show_progress(read, total)
        self.set_routines(listings)

    def show_notices(self, lines: list[str]) -> None:
        self.start_page.show_notices(lines)

    def show_recovery(
        self, recovery: Recovery | None, doses: Sequence[AreaTotal], history_kept: bool
    ) -> None:
        self.start_page.show_recovery(recovery, doses, history_kept)

    def bind_session(self, engine: SessionEngine) -> None:
        self.session_page.bind(engine)

    def refresh_session(self, view: SessionView | None = None) -> None:
        if self._session_page is not None:
            self._session_page.refresh(view)

    def tell_during_session(self, message: str) -> None:
        """A passing notice on the session page, when there is one."""
        if self._session_page is not None:
            self._session_page.show_notice(message)

    def show_summary(self, routine: Routine, summary: SessionSummary, unsaved: str | None) -> None:
        self.finish_page.show_summary(routine, summary, unsaved)

    def offer_reminders(self, offer: bool) -> None:
        self.finish_page.offer_reminders(offer)

    def offering_reminders(self) -> bool:
        return self._finish_page is not None and self._finish_page.offering_reminders()

    def offer_voice(self, offer: bool) -> None:
        self.finish_page.offer_voice(offer)

    def flash(self, warning: bool) -> None:
        """A cue seen rather than heard: the window's edge in the warning or accent colour."""
        self.edge_flash.flash(self.theme.warning if warning else self.theme.accent)

    def set_reminders_on(self, on: bool) -> None:
        self.reminders_action.setChecked(on)

    # -- full screen ------------------------------------------------------------------------

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
            self.menuBar().show()
        else:
            self.showFullScreen()
            self.menuBar().hide()
        self.full_screen_action.setChecked(self.isFullScreen())

    #: With keep-moving reminders in the tray, closing the window only hides it.
    close_to_tray = False

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        # Its windows (help, history, the back check) go with it, also when it only hides
        # in the tray: a help window left floating on its own is nobody's.
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.close()
        if self.close_to_tray:
            event.ignore()
            self.hide()
            return
        super().closeEvent(event)

    closing = Signal()
