"""The phone remote for the app: the server, its window with the QR code, what the phone is
told (the session's state, its cues) and what a press on the phone does — exactly the key's
command, refusals said on the phone in the window's words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from desktop_app.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from desktop_app.core import events
    from desktop_app.core.actions import Press
    from desktop_app.core.session import Result, SessionEngine, SessionView
    from desktop_app.qt.main_window import MainWindow
    from desktop_app.qt.remote_view import RemoteDialog
    from desktop_app.remote.server import RemoteServer


class PhoneRemote(QObject):
    """Off until turned on. It is told which session runs (`follow`), sends the phone what
    the window shows, and does what the phone presses."""

    def __init__(self, window: MainWindow, door: Callable[[Press], Result | None]) -> None:
        """`door`: the session's one way in (SessionFlow.apply), which redraws every surface."""
        super().__init__(window)
        self.window = window
        self.door = door
        self.engine: SessionEngine | None = None
        self.server: RemoteServer | None = None
        self.dialog: RemoteDialog | None = None

    def follow(self, engine: SessionEngine | None) -> None:
        """The session the phone shows and steers from now on (None: none). A new session
        starts with the remote's state as it is now: "the phone went away" belonged to the
        session it left."""
        self.engine = engine
        server = self.server
        if engine is not None and server is not None and server.running and not self.connected:
            self._status(_("Phone remote on"))

    @property
    def connected(self) -> bool:
        return self.server is not None and self.server.connected

    def start(self, address: str | None = None) -> str:
        """Turn the remote on (raises RemoteError with words for the person); its address."""
        from desktop_app.remote.server import RemoteServer

        if self.server is None:
            self.server = RemoteServer(self.window)
            self.server.command.connect(self._press)
            self.server.paired.connect(self._paired)
            self.server.left.connect(self._gone)
        url = self.server.start(address)
        self.tell()
        return url

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
        self.window.set_remote_status("")

    def open(self) -> None:
        """P or View → Phone remote: on (if it is not), and the QR code to open it."""
        from desktop_app.qt.remote_view import RemoteDialog
        from desktop_app.remote.server import RemoteError

        if self.dialog is None:
            self.dialog = RemoteDialog(self.window.theme, self.window)
            self.dialog.pair_again.connect(self._pair_again)
            self.dialog.turn_off.connect(self._turn_off)
        dialog = self.dialog
        try:
            if self.server is None or not self.server.running:
                self.start()
            assert self.server is not None
            dialog.show_address(self.server.url)
            if self.server.connected:
                dialog.show_status(
                    _("Phone connected: {phone}").format(phone=self.server.phone_name)
                )
        except RemoteError as error:
            dialog.show_problem(str(error))
        dialog.show()
        dialog.raise_()

    def show(self, view: SessionView | None) -> None:
        """A tick or a press changed what the window shows: the paired phone is told (with no
        phone, the presenter is not run a second time)."""
        if self.connected:
            self.tell(view)

    def tell(self, view: SessionView | None = None) -> None:
        """Send the phone what the window shows now."""
        from desktop_app.remote.protocol import idle, state

        if self.server is None:
            return
        engine = self.engine
        if engine is None:
            self.server.send(idle(_("Choose a routine on the computer; the phone follows it.")))
        else:
            self.server.send(state(view or engine.view(), engine.routine))

    def cue(self, event: events.Event) -> None:
        """An engine event: the phone buzzes where the app plays a cue (warnings twice)."""
        from desktop_app.core import events  # with the first session, not at start-up

        match event:
            case (
                events.PainRising() | events.PainAboveBand() | events.PainHighAtRest()
                | events.CheckIn()
            ):  # fmt: skip
                warning = True
            case (
                events.StepStarted() | events.HoldEnded() | events.LowerBoundReached()
                | events.RepetitionCapReached()
            ):  # fmt: skip
                warning = False
            case _:
                return
        if self.server is not None and self.connected:
            self.server.send({"type": "cue", "warning": warning})

    # -- what the server and the window ask -------------------------------------------------

    def _press(self, press: object) -> None:
        from desktop_app.core.actions import Press
        from desktop_app.remote.protocol import action_names
        from desktop_app.view.presenter import refusal_sentence

        assert isinstance(press, Press) and self.server is not None
        result = self.door(press)
        if result is None:
            self.server.refuse(_("Choose a routine on the computer first."))
        elif not result.applied and self.engine is not None:
            cap = self.engine.view().cap
            self.server.refuse(refusal_sentence(result.refusal, action_names(), cap))

    def _pair_again(self) -> None:
        if self.server is not None and self.dialog is not None:
            self.dialog.show_address(self.server.pair_again())
            self.window.set_remote_status(_("Phone remote on"))

    def _turn_off(self) -> None:
        self.stop()
        if self.dialog is not None:
            self.dialog.close()

    def _paired(self, phone: str) -> None:
        self._status(_("Phone connected: {phone}").format(phone=phone), _("Phone connected"))
        self.tell()

    def _gone(self) -> None:
        self._status(_("The phone went away; it reconnects by itself."), _("Phone away"))

    def _status(self, text: str, short: str = "") -> None:
        self.window.set_remote_status(text, short)
        if self.dialog is not None:
            self.dialog.show_status(text)
