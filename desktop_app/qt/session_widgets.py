"""Big, high-contrast widgets for a session followed from the floor, two metres away."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QByteArray, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from desktop_app.core.actions import Action
from desktop_app.core.pain import MAX_RATING, MIN_RATING
from desktop_app.core.pictures import PictureRefused, read_picture
from desktop_app.core.routines import MAX_REPETITIONS, PainSettings
from desktop_app.i18n import _, ngettext
from desktop_app.qt.key_names import rating_keys
from desktop_app.qt.keys import name
from desktop_app.qt.theme import LIGHT, Theme
from desktop_app.qt.widgets import announce, bold_font, fit_font
from desktop_app.view.presenter import CaptionState, seconds_left


class Themed:
    theme: Theme = LIGHT

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        if isinstance(self, QWidget):
            self.update()


class CountdownDial(Themed, QWidget):
    """A progress ring with the seconds left in digits a quarter of the window high."""

    #: Emitted with the text handed to assistive technology.
    announced = Signal(str)

    STATES = ("normal", "lead_in", "lower_bound", "done")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Countdown"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self._seconds: int | None = None
        self._fraction = 0.0
        self._caption = ""
        self._state = CaptionState.NORMAL
        self._last_announced: int | None = None
        self._digits_cache: tuple[tuple[object, ...], QPixmap] | None = None

    def sizeHint(self) -> QSize:
        return QSize(420, 420)

    @property
    def seconds(self) -> int | None:
        return self._seconds

    @property
    def caption(self) -> str:
        return self._caption

    @property
    def state(self) -> CaptionState:
        return self._state

    def show_countdown(
        self, remaining: float, total: float, caption: str, state: CaptionState
    ) -> None:
        # Whole seconds rounded up: "1" shows until the very end, "0" only at the end.
        seconds = math.ceil(remaining)
        fraction = 0.0 if total <= 0 else max(0.0, min(1.0, remaining / total))
        changed = (seconds, caption, state) != (self._seconds, self._caption, self._state)
        if changed:
            self._seconds, self._fraction, self._caption, self._state = (
                seconds,
                fraction,
                caption,
                state,
            )
            self.update()
        elif abs(fraction - self._fraction) >= 1 / 180:
            # Only the ring's end moved (by two degrees or more): repaint just around it.
            dirty = self._arc_end_rect(self._fraction).united(self._arc_end_rect(fraction))
            self._fraction = fraction
            self.update(dirty)
        if changed:
            self._announce(seconds, caption)

    def _ring_geometry(self) -> tuple[QRectF, float]:
        side = min(self.width(), self.height())
        thickness = max(8.0, side * 0.055)
        rect = QRectF(
            (self.width() - side) / 2 + thickness,
            (self.height() - side) / 2 + thickness,
            side - 2 * thickness,
            side - 2 * thickness,
        )
        return rect, thickness

    def _arc_end_rect(self, fraction: float) -> QRect:
        """The small square around the point where the ring's arc ends (angles from 12 o'clock)."""
        rect, thickness = self._ring_geometry()
        angle = math.radians(90 + fraction * 360)
        x = rect.center().x() + rect.width() / 2 * math.cos(angle)
        y = rect.center().y() - rect.height() / 2 * math.sin(angle)
        reach = thickness * 1.5 + 2
        return QRectF(x - reach, y - reach, 2 * reach, 2 * reach).toAlignedRect()

    def clear(self, done: bool = False) -> None:
        """No countdown: an empty ring, or a check mark when the step is done."""
        self._seconds = None
        self._caption = ""
        self._state = CaptionState.DONE if done else CaptionState.NORMAL
        self._last_announced = None
        self.update()

    def _paint_check(self, painter: QPainter, rect: QRectF, thickness: float) -> None:
        painter.setPen(
            QPen(
                self.theme.color("lower_bound"),
                thickness * 1.6,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        c, r = rect.center(), rect.width() / 2
        path = QPainterPath(QPointF(c.x() - r * 0.38, c.y() + r * 0.02))
        path.lineTo(c.x() - r * 0.1, c.y() + r * 0.3)
        path.lineTo(c.x() + r * 0.42, c.y() - r * 0.28)
        painter.drawPath(path)

    def new_countdown(self) -> None:
        """A new countdown begins (another step or phase): its first second is announced."""
        self._last_announced = None

    def _announce(self, seconds: int, caption: str) -> None:
        """Tell assistive technology every 10 s, at each new phase, and in the last 3 s."""
        first = self._last_announced is None or seconds > self._last_announced
        if not (first or seconds % 10 == 0 or seconds <= 3):
            return
        self._last_announced = seconds
        if (
            caption == seconds_left()
        ):  # said once: "40 seconds left", not "40 seconds, seconds left"
            text = ngettext("{seconds} second left", "{seconds} seconds left", seconds)
        elif caption:
            text = ngettext("{seconds} second, {caption}", "{seconds} seconds, {caption}", seconds)
        else:
            text = "{seconds}"
        text = text.format(seconds=seconds, caption=caption)
        self.setAccessibleDescription(text)
        announce(self, text)
        self.announced.emit(text)

    def digit_font(self, digits: str = "30") -> QFont:
        """As large as fits inside the ring: the digits' box, corners and all, stays within
        the ring's inner edge (two digits and three, a prepare wait of 120 s, alike)."""
        rect, thickness = self._ring_geometry()
        inner = max(1.0, rect.width() - thickness) * 0.94
        font = bold_font(min(self.width(), self.height()) * 0.6, QFont.Weight.DemiBold)
        box = QFontMetricsF(font).tightBoundingRect(digits)
        diagonal = math.hypot(box.width(), box.height())
        if diagonal > inner:
            font.setPixelSize(max(1, math.floor(font.pixelSize() * inner / diagonal)))
        return font

    def digit_height(self) -> float:
        """The height of the digits as painted, in pixels."""
        return QFontMetricsF(self.digit_font()).tightBoundingRect("30").height()

    def digits_inside_ring(self, digits: str) -> bool:
        """Whether `digits`, as painted, stay inside the ring's inner edge."""
        rect, thickness = self._ring_geometry()
        box = QFontMetricsF(self.digit_font(digits)).tightBoundingRect(digits)
        return math.hypot(box.width(), box.height()) <= rect.width() - thickness

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect, thickness = self._ring_geometry()
        painter.setPen(
            QPen(
                self.theme.color("track"), thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap
            )
        )
        painter.drawEllipse(rect)
        color = {
            CaptionState.LEAD_IN: self.theme.color("lead_in"),
            CaptionState.LOWER_BOUND: self.theme.color("lower_bound"),
        }.get(self._state, self.theme.color("accent"))
        if self._seconds is not None and self._fraction > 0:
            painter.setPen(QPen(color, thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawArc(rect, 90 * 16, round(self._fraction * 360 * 16))
        if self._seconds is None:
            if self._state is CaptionState.DONE:
                self._paint_check(painter, rect, thickness)
            return
        digits = self._digits_image(str(self._seconds))
        size = digits.deviceIndependentSize()
        painter.drawPixmap(
            QPointF(rect.center().x() - size.width() / 2, rect.center().y() - size.height() / 2),
            digits,
        )

    def _digits_image(self, digits: str) -> QPixmap:
        """The digits drawn once per second into a pixmap: glyphs this big are drawn as paths,
        which is far costlier than the ring that is repainted several times a second."""
        font = self.digit_font(digits)
        ratio = self.devicePixelRatioF()
        key = (digits, font.pixelSize(), self.theme.text, ratio)
        if self._digits_cache is not None and self._digits_cache[0] == key:
            return self._digits_cache[1]
        metrics = QFontMetricsF(font)
        box = metrics.tightBoundingRect(digits).adjusted(-4, -4, 4, 4)
        pixmap = QPixmap(max(1, round(box.width() * ratio)), max(1, round(box.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font)
        painter.setPen(self.theme.color("text"))
        painter.drawText(QPointF(-box.x(), -box.y()), digits)
        painter.end()
        self._digits_cache = (key, pixmap)
        return pixmap


class RepetitionCounter(Themed, QWidget):
    """'7 / 15' as large as the countdown, with a pip per roll."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Repetitions"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self._count = 0
        self._cap = MAX_REPETITIONS
        self._message = ""

    @property
    def text(self) -> str:
        return f"{self._count} / {self._cap}"

    @property
    def message(self) -> str:
        return self._message

    def show_count(self, count: int, cap: int, message: str) -> None:
        if (count, cap, message) == (self._count, self._cap, self._message):
            return
        self._count, self._cap, self._message = count, cap, message
        description = _("{count} of {cap} rolls").format(count=count, cap=cap)
        self.setAccessibleDescription(f"{description}. {message}" if message else description)
        # With a message the cap is reached, which the voice says too.
        announce(self, self.accessibleDescription(), spoken=bool(message))
        self.update()

    def digit_font(self) -> QFont:
        side = min(self.width(), self.height())
        return fit_font(
            self.text,
            bold_font(side * 0.46, QFont.Weight.DemiBold),
            self.width() * 0.96,
            side * 0.5,
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        done = self._count >= self._cap
        font = self.digit_font()
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        box = metrics.tightBoundingRect(self.text)
        baseline = self.height() * 0.5 + metrics.capHeight() / 2 - side * 0.08
        painter.setPen(self.theme.color("lower_bound") if done else self.theme.color("text"))
        painter.drawText(QPointF((self.width() - box.width()) / 2 - box.x(), baseline), self.text)
        # One pip per roll, so progress is visible at a glance.
        pip = min(self.width() * 0.85 / (max(self._cap, 1) * 1.35), side * 0.06)
        gap = pip * 0.35
        total = self._cap * pip + (self._cap - 1) * gap
        x = (self.width() - total) / 2
        y = baseline + side * 0.07
        for index in range(self._cap):
            filled = index < self._count
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.theme.color("accent") if filled else self.theme.color("track"))
            painter.drawEllipse(QRectF(x + index * (pip + gap), y, pip, pip))
        if self._message:
            painter.setPen(self.theme.color("lower_bound") if done else self.theme.color("muted"))
            message_font = fit_font(
                self._message, bold_font(side * 0.08), self.width() * 0.95, side * 0.09
            )
            painter.setFont(message_font)
            painter.drawText(
                QRectF(0, y + pip + side * 0.04, self.width(), side * 0.14),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                self._message,
            )


class PainScale(Themed, QWidget):
    """0–10 in big cells, the target band marked, the current rating filled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Pain rating"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(90)
        self._rating: int | None = None
        usual = PainSettings()
        self._band = (usual.band_low, usual.band_high)
        self.setAccessibleDescription(
            _("No pain rating yet. Keys {least} to {almost}; up and down step by one.").format(
                least=MIN_RATING, almost=MAX_RATING - 1
            )
        )

    @property
    def rating(self) -> int | None:
        return self._rating

    def sizeHint(self) -> QSize:
        return QSize(800, 110)

    def show_rating(self, rating: int | None, band: tuple[int, int]) -> None:
        if (rating, band) == (self._rating, self._band):
            return
        self._rating, self._band = rating, band
        if rating is None:
            self.setAccessibleDescription(_("No pain rating yet."))
        else:
            said = _("Pain {rating} of {most}; target {low} to {high}.").format(
                rating=rating, most=MAX_RATING, low=band[0], high=band[1]
            )
            self.setAccessibleDescription(said)
            announce(self, said)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        label_width = self.width() * 0.11
        cells = MAX_RATING - MIN_RATING + 1
        gap = max(4.0, self.width() * 0.006)
        cell_w = (self.width() - label_width - gap * (cells - 1)) / cells
        cell_h = self.height() * 0.68
        top = 0.0
        painter.setPen(self.theme.color("text"))
        painter.setFont(bold_font(cell_h * 0.38))
        painter.drawText(
            QRectF(0, top, label_width - gap, cell_h),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            _("Pain"),
        )
        low, high = self._band
        band_left = label_width + low * (cell_w + gap) - gap / 2
        band_right = label_width + (high + 1) * (cell_w + gap) - gap / 2
        band_rect = QRectF(band_left, top - 2, band_right - band_left, cell_h + 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.theme.color("band"))
        painter.drawRoundedRect(band_rect, 10, 10)
        for value in range(cells):
            x = label_width + value * (cell_w + gap)
            cell = QRectF(x + 3, top + 3, cell_w - 6, cell_h - 6)
            selected = value == self._rating
            if selected:
                over = value > high
                painter.setBrush(
                    self.theme.color("warning") if over else self.theme.color("accent")
                )
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawRoundedRect(cell.adjusted(-3, -3, 3, 3), 12, 12)
                painter.setPen(
                    self.theme.color("warning_text") if over else self.theme.color("accent_text")
                )
            else:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(self.theme.color("track"), 2))
                painter.drawRoundedRect(cell, 10, 10)
                in_band = low <= value <= high
                painter.setPen(
                    self.theme.color("band_text") if in_band else self.theme.color("text")
                )
            painter.setFont(bold_font(cell_h * (0.5 if selected else 0.42)))
            painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, str(value))
        painter.setPen(self.theme.color("muted"))
        painter.setFont(bold_font(self.height() * 0.2, QFont.Weight.Medium))
        legend = QRectF(
            label_width, cell_h + 2, self.width() - label_width, self.height() - cell_h - 2
        )
        painter.drawText(
            legend,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            _("Keys {keys} · {up} {down} one step ({most} = {almost} then {up})").format(
                keys=rating_keys(),
                up=name(Action.UP),
                down=name(Action.DOWN),
                most=MAX_RATING,
                almost=MAX_RATING - 1,
            ),
        )
        painter.setPen(
            self.theme.color("band_text")
            if self.theme.name == "dark"
            else self.theme.color("lower_bound")
        )
        painter.drawText(
            QRectF(band_left, cell_h + 2, band_right - band_left, self.height() - cell_h - 2),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
            _("target {low}–{high}").format(low=low, high=high),
        )


class Banner(QLabel):
    """A large coloured message across the view: the pain warning, a hint, a notice."""

    def __init__(self, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A screen reader reads a label's text as its name: the message itself, not what it is
        # for (that is its description).
        self.setAccessibleDescription(purpose)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.kind = ""
        self.hide()

    def show_message(
        self, text: str, background: str, foreground: str, kind: str = "", spoken: bool = False
    ) -> None:
        """`spoken`: the app's voice says this message too (see `announce`)."""
        self.kind = kind
        if text != self.text():
            self.setText(text)
            announce(self, text, spoken=spoken)
        self.setStyleSheet(
            f"background: {background}; color: {foreground}; border-radius: 14px; padding: 10px 18px;"
        )
        self.show()

    def clear_message(self) -> None:
        self.kind = ""
        self.setText("")
        self.hide()


class IllustrationView(Themed, QWidget):
    """The step's SVG, crisp at any size; a neutral placeholder when the file is missing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Illustration"))
        # Its column's share of the width decides its size (session_view): the picture shows how
        # to lie and where the ball goes, and keeps its room however long the words are.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._renderer: QSvgRenderer | None = None
        self._path: Path | None = None
        self.missing = False

    def sizeHint(self) -> QSize:
        return QSize(520, 390)

    def show_file(self, path: Path | None, description: str) -> None:
        self.setAccessibleDescription(description)
        if path == self._path and (self._renderer is not None or self.missing):
            return
        self._path = path
        renderer = None
        if path is not None:
            try:
                renderer = QSvgRenderer(QByteArray(read_picture(path)))
            except PictureRefused:
                renderer = None  # --validate says why; the window draws the placeholder
        if renderer is not None and not renderer.isValid():
            renderer = None
        self._renderer = renderer
        self.missing = renderer is None
        self.update()

    def picture_rect(self) -> QRectF:
        """Where the picture is drawn, in the widget (empty when there is none)."""
        if self._renderer is None:
            return QRectF()
        size = self._renderer.defaultSize()
        frame = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        if size.width() <= 0 or size.height() <= 0 or frame.width() <= 24 or frame.height() <= 24:
            return QRectF()
        scale = min((frame.width() - 24) / size.width(), (frame.height() - 24) / size.height())
        target = QRectF(0, 0, size.width() * scale, size.height() * scale)
        target.moveCenter(frame.center())
        return target

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.theme.color("picture"))
        painter.drawRoundedRect(frame, 22, 22)
        if self._renderer is None:
            self._paint_placeholder(painter, frame)
            return
        size = self._renderer.defaultSize()
        if size.width() <= 0 or size.height() <= 0:
            self._paint_placeholder(painter, frame)  # a picture of no size draws nothing
            return
        self._renderer.render(painter, self.picture_rect())

    def _paint_placeholder(self, painter: QPainter, frame: QRectF) -> None:
        painter.setPen(QPen(self.theme.color("muted"), 4, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(frame.adjusted(10, 10, -10, -10), 18, 18)
        # A simple picture-frame sign.
        icon = QRectF(0, 0, frame.width() * 0.22, frame.width() * 0.16)
        icon.moveCenter(QPointF(frame.center().x(), frame.center().y() - frame.height() * 0.08))
        painter.setPen(QPen(self.theme.color("muted"), 4))
        painter.drawRoundedRect(icon, 8, 8)
        mountain = QPainterPath(QPointF(icon.left() + 8, icon.bottom() - 8))
        mountain.lineTo(icon.left() + icon.width() * 0.4, icon.top() + icon.height() * 0.4)
        mountain.lineTo(icon.left() + icon.width() * 0.6, icon.top() + icon.height() * 0.65)
        mountain.lineTo(icon.left() + icon.width() * 0.75, icon.top() + icon.height() * 0.5)
        mountain.lineTo(icon.right() - 8, icon.bottom() - 8)
        painter.drawPath(mountain)
        painter.setFont(bold_font(max(14.0, frame.height() * 0.06), QFont.Weight.Medium))
        painter.drawText(
            QRectF(frame.left(), icon.bottom() + 12, frame.width(), frame.height() * 0.15),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            _("No picture for this step"),
        )
