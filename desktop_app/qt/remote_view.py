"""The phone remote's window: a QR code to open the page, the address to type, who is
connected, and the security note in plain words."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.i18n import _
from desktop_app.qt.theme import Theme
from desktop_app.qt.widgets import fit_to_screen

#: A QR code is black on white in every theme: that is what phone cameras read best.
QR_DARK, QR_LIGHT = "#000000", "#ffffff"


def qr_svg(text: str, dark: str = QR_DARK, light: str = QR_LIGHT) -> bytes:
    """A QR code for `text` as SVG (segno: pure Python)."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=10, border=3, dark=dark, light=light)
    return buffer.getvalue()


class RemoteDialog(QDialog):
    pair_again = Signal()
    turn_off = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Phone remote"))
        self.setStyleSheet("QWidget { font-size: 18px; }")
        self.qr = QSvgWidget()
        self.qr.setFixedSize(300, 300)
        self.qr.setAccessibleName(_("QR code of the phone remote's address"))
        self.heading = QLabel(_("Point your phone's camera at the code"))
        self.heading.setStyleSheet("font-size: 26px; font-weight: 800;")
        self.heading.setWordWrap(True)
        self.address = QLabel()
        self.address.setTextFormat(Qt.TextFormat.PlainText)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address.setWordWrap(True)
        self.address.setAccessibleDescription(_("Address to type"))
        self.address.setStyleSheet("font-family: monospace; font-size: 17px;")
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleDescription(_("Phone remote status"))
        self.status.setWordWrap(True)
        self.note = QLabel(
            _(
                "The connection to your phone is not encrypted: use the remote on your home"
                " network, not on a public Wi-Fi. Someone on the same network could see your"
                " pain ratings, and with the address could send commands to this session."
                " Only this computer's local network can reach the page, and only with the"
                " code in the address. Turn the remote off when you are done; it is off"
                " whenever the app starts."
            )
        )
        self.note.setWordWrap(True)
        self.pair = QPushButton(_("Pair another phone"))
        self.pair.setAutoDefault(False)
        self.pair.clicked.connect(self.pair_again)
        self.off = QPushButton(_("Turn the remote off"))
        self.off.setAutoDefault(False)
        self.off.clicked.connect(self.turn_off)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.close)

        text = QVBoxLayout()
        text.addWidget(self.heading)
        text.addWidget(QLabel(_("or type this address in its browser:")))
        text.addWidget(self.address)
        text.addSpacing(8)
        text.addWidget(self.status)
        text.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(16)
        top.addLayout(text, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pair)
        buttons.addWidget(self.off)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.set_theme(theme)
        fit_to_screen(self, 860, 520)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.note.setStyleSheet(f"color: {theme.muted}; font-size: 16px;")
        self.status.setStyleSheet(f"font-size: 20px; font-weight: 700; color: {theme.text};")

    def show_address(self, url: str) -> None:
        self.address.setText(url)
        # Dark on light whatever the theme: phone cameras read that best.
        self.qr.load(QByteArray(qr_svg(url)))
        self.show_status(_("Waiting for your phone…"))

    def show_problem(self, text: str) -> None:
        self.address.setText("")
        self.qr.load(QByteArray(b"<svg xmlns='http://www.w3.org/2000/svg'/>"))
        self.show_status(text)

    def show_status(self, text: str) -> None:
        self.status.setText(text)
