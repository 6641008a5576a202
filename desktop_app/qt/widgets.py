"""Building blocks every page uses: fonts that scale, pages that restyle, overlays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from desktop_app.core.days import entry_range
from desktop_app.i18n import _
from desktop_app.qt.theme import LIGHT, Theme

#: Set on a check box drawn beside its own label: the focus ring goes round both.
RING_AROUND_PARENT = "ringAroundParent"


def bold_font(pixel_size: float, weight: QFont.Weight = QFont.Weight.Bold) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, round(pixel_size)))
    font.setWeight(weight)
    return font


def fit_font(text: str, base: QFont, width: float, height: float) -> QFont:
    """`base`, shrunk until `text` fits in width × height."""
    font = QFont(base)
    size = font.pixelSize()
    while size > 8:
        metrics = QFontMetricsF(font)
        rect = metrics.tightBoundingRect(text)
        if rect.width() <= width and metrics.capHeight() <= height:
            break
        size = int(size * 0.94)
        font.setPixelSize(size)
    return font


def cover_parent(widget: QWidget) -> None:
    """Lay `widget` over the whole of its parent, on top, and show it."""
    parent = widget.parentWidget()
    assert parent is not None
    widget.setGeometry(parent.rect())
    widget.raise_()
    widget.show()
    widget.update()


class ScaledPage(QWidget):
    """A page whose type sizes follow its height (800 px high = 1), restyled on resize and theme."""

    theme: Theme = LIGHT

    @property
    def unit(self) -> float:
        return max(0.6, self.height() / 800)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.restyle()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.restyle()

    def restyle(self) -> None:
        """Apply the theme's colours and the current unit to the page's widgets."""


class Overlay(QWidget):
    """A dimmed layer over a page with a big message: the pause, the key map."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.title = ""
        self.lines: list[str] = []
        self.theme = LIGHT
        self.hide()

    def show_message(self, title: str, lines: list[str]) -> None:
        self.title, self.lines = title, lines
        self.setAccessibleName(title)
        self.setAccessibleDescription(" ".join(lines))
        cover_parent(self)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        veil = QColor(self.theme.window)
        veil.setAlpha(236)
        painter.fillRect(self.rect(), veil)
        unit = self.height() / 800
        painter.setPen(self.theme.color("text"))
        # A few lines (the pause) sit low under a huge title; many (the key map) get the room.
        many = len(self.lines) > 6
        title_height = (100 if many else 150) * unit
        title_rect = QRectF(0, self.height() * (0.04 if many else 0.16), self.width(), title_height)
        painter.setFont(bold_font(title_height * 0.73, QFont.Weight.Black))
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignCenter, self.title)
        top = title_rect.bottom() + 20 * unit
        step = min(58 * unit, (self.height() - top - 16 * unit) / max(1, len(self.lines)))
        size = step * 34 / 58
        widest = max(self.lines, key=len, default="")
        while (
            size > 9
            and QFontMetricsF(bold_font(size, QFont.Weight.DemiBold)).horizontalAdvance(widest)
            > self.width() - 80
        ):
            size -= 0.5  # every line fits across, whatever the language
        painter.setFont(bold_font(size, QFont.Weight.DemiBold))
        for index, line in enumerate(self.lines):
            painter.drawText(
                QRectF(40, top + index * step, self.width() - 80, step),
                Qt.AlignmentFlag.AlignCenter,
                line,
            )


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Size a window to width × height, or to most of its screen where that is smaller
    (1024×600 netbooks, 2× scaling): no button may end up off-screen."""
    screen = window.screen().availableGeometry()
    window.resize(min(width, screen.width() - 40), min(height, screen.height() - 60))


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


def use_language(app: QCoreApplication, language: str) -> None:
    """Qt's own words (a file dialog's buttons, a spin box's menu) and its month names in the
    app's language — an English window on a German system says "Nov", not "Nov.", too."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    if language == "qps":
        return
    QLocale.setDefault(QLocale(language))
    for earlier in app.findChildren(QTranslator, "qtbase"):  # a language chosen before
        app.removeTranslator(earlier)
        earlier.deleteLater()
    if language == "en":
        return  # Qt's own words are English already
    translator = QTranslator(app)
    translator.setObjectName("qtbase")
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)


def wrapped_height(font: QFont, width: int, text: str) -> int:
    """How high `text` is when wrapped to `width` in `font`."""
    bounds = QFontMetrics(font).boundingRect(
        QRect(0, 0, max(1, width), 1_000_000), Qt.TextFlag.TextWordWrap, text
    )
    return bounds.height()


class WrappedLabel(QLabel):
    """A word-wrapped label that always gets the height its text needs at its width.

    A layout asks a plain QLabel for its height before it knows the width, so a long German
    sentence was given the height of the English one and its last line cut off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def fit_height(self) -> None:
        """Take the height the text needs at the current width and font (measured, not asked
        of QLabel: its heightForWidth never answers less than the minimum height set here)."""
        self.ensurePolished()
        needed = self.needed_height() if self.text() else 0
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def needed_height(self) -> int:
        margins = self.contentsMargins()
        inner = self.width() - margins.left() - margins.right() - 2 * self.margin()
        lines = wrapped_height(self.font(), inner, self.text())
        return lines + margins.top() + margins.bottom() + 2 * self.margin()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_height()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_height()


class ElidedLabel(QLabel):
    """A one-line label that gives way with "…" when its text is wider than its room (a long
    German routine name beside the badges), never cutting a word mid-letter."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        room = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, room.width()
        )
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.setFont(self.font())
        painter.drawText(room, int(self.alignment()), shown)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)


class BoxLabel(QLabel):
    """A check box's text that wraps (QCheckBox's own does not); a click on it ticks the box."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self.box = box
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setBuddy(box)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.box.isEnabled() and event.button() is Qt.MouseButton.LeftButton:
            self.box.toggle()
            self.box.setFocus()


def check_row(box: QCheckBox, text: str) -> QWidget:
    """A check box with a text that wraps: long German settings fit a narrow window."""
    row = QWidget()
    box.setProperty(RING_AROUND_PARENT, True)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 2, 0, 2)
    layout.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(BoxLabel(text, box), 1)
    return row


def long_date_format() -> str:
    """How a date is written in full: the history window's onset, the report's dates."""
    # TRANSLATORS: a Qt date format (d day, MMMM month name, yyyy year), e.g. "d. MMMM yyyy".
    return _("d MMMM yyyy")


def day_field(today: dt.date) -> QDateEdit:
    """A field for a day the person enters (the day the back went): a calendar to pick from,
    the day written in full in their language, and only the days core.days allows."""
    field = QDateEdit()
    field.setCalendarPopup(True)
    field.setDisplayFormat(long_date_format())
    first, last = entry_range(today)
    field.setDateRange(qdate(first), qdate(last))
    return field


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def short_date_format() -> str:
    """A day in a table or beside a value: the report's rows, the chart's words."""
    # TRANSLATORS: a Qt date format for a table's day: weekday, day, month, e.g. "ddd d. MMM".
    return _("ddd d MMM")


def day_month_format() -> str:
    """A day in the report's lines and tables, beside its day of the episode."""
    # TRANSLATORS: a Qt date format, day and short month, e.g. "d. MMM".
    return _("d MMM")


#: Set on a widget that takes a page's keys (the session page): while it has the focus, what is
#: announced becomes its accessible name as well (see `announce`).
SPEAKS_ANNOUNCEMENTS = "speaksAnnouncements"
#: A top-level window's property: the app's own voice speaks the session now (on, not muted).
VOICE_SPEAKS = "voiceSpeaks"


def announce(source: QWidget, text: str, *, spoken: bool = False) -> None:
    """Have a screen reader say `text` now (a warning, the cap, the countdown's last seconds).

    Sent as an announcement, which newer screen readers speak on their own (AT-SPI 2.50, Orca
    46). Orca 43, Debian 12's, ignores those: tried with it, it spoke none of a session's
    warnings. What every screen reader does speak is a new name of the object that has the
    focus, so where the focus is on a widget marked SPEAKS_ANNOUNCEMENTS (the session page), the
    text becomes its name too.

    `spoken`: the app's own voice says this too (a warning, the cap). While that voice speaks,
    the screen reader is not made to say it again; it can still read it where it is shown."""
    if spoken and source.window().property(VOICE_SPEAKS):
        return
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(source, text))
    focus = QApplication.focusWidget()
    if focus is not None and focus.property(SPEAKS_ANNOUNCEMENTS) and focus.isAncestorOf(source):
        focus.setAccessibleName(text)
