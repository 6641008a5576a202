"""Where the keyboard is, seen from the floor: a thick ring in the accent colour round the
control that has the focus, in every window (Fusion's own mark is a one-pixel line)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QFocusFrame, QWidget
from shiboken6 import isValid

from desktop_app.qt.widgets import RING_AROUND_PARENT

#: The ring's width in pixels, all of it outside the control (so controls that sit side by
#: side need that much space between them).
RING_WIDTH = 3
#: The controls that get a ring (by Qt class, so that no class is loaded to ask). Pages that
#: take the keys themselves (the session page, the finish page) are marked by their content.
RINGED = (
    "QAbstractButton",
    "QAbstractSlider",
    "QAbstractSpinBox",
    "QComboBox",
    "QLineEdit",
    "QAbstractScrollArea",
)


def ring_target(widget: QWidget | None) -> QWidget | None:
    """What the ring goes round when `widget` has the focus (None: no ring)."""
    if widget is None or not any(widget.inherits(name) for name in RINGED):
        return None
    around = widget.parentWidget() if widget.property(RING_AROUND_PARENT) else None
    if around is not None:
        widget = around
    parent = widget.parentWidget()
    if parent is not None and parent.inherits("QSplitter"):
        return None  # the ring would become one more pane: put the control in a pane of its own
    return widget


class FocusRing(QFocusFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def fit(self) -> None:
        """Round the control, RING_WIDTH wide (the style's own frame is two pixels wide)."""
        target, parent = self.widget(), self.parentWidget()
        if target is not None and parent is not None:
            place = QRect(target.mapTo(parent, QPoint(0, 0)), target.size())
            self.setGeometry(place.adjusted(-RING_WIDTH, -RING_WIDTH, RING_WIDTH, RING_WIDTH))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        handled = super().eventFilter(watched, event)
        if watched is self.widget() and event.type() in (
            QEvent.Type.Move,
            QEvent.Type.Resize,
            QEvent.Type.Show,
        ):
            self.fit()
        return handled

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.clearMask()  # the style's mask is its own frame's band
        return handled

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # The theme's accent (theme.apply makes it the palette's highlight): at least 3:1
        # against every background in every look (tests/test_contrast.py).
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), RING_WIDTH)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = RING_WIDTH / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 4, 4)


class FocusRings(QObject):
    """One ring, following the focus from window to window. The ring lives among its target's
    siblings (it scrolls and clips with them) and so goes when they go: a new one is made."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("focusRings")
        self.ring: FocusRing | None = None
        app.focusChanged.connect(self.follow)

    @classmethod
    def install(cls, app: QApplication) -> FocusRings:
        """The application's one FocusRings (made the first time)."""
        return app.findChild(cls, "focusRings") or cls(app)

    def follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        target = ring_target(new)
        if self.ring is None or not isValid(self.ring):
            if target is None:
                return
            self.ring = FocusRing()
        self.ring.setWidget(target)  # type: ignore[arg-type]  # None takes the ring away
        self.ring.fit()
        if target is not None:
            _scroll_into_view(target)


def _scroll_into_view(target: QWidget) -> None:
    """A scroll area shows the focused control; here the whole of what the ring goes round
    (a check box's row of two lines, not just its box), ring and all."""
    area = target.parentWidget()
    while area is not None and not area.inherits("QScrollArea"):
        area = area.parentWidget()
    content = area.widget() if area is not None else None  # type: ignore[attr-defined]
    if area is not None and content is not None:
        # Not ensureWidgetVisible: it does nothing while the control itself is in view, even
        # when its ring (the margin) is cut off at the edge. The ring's bottom, then its top
        # (which wins when the two do not fit).
        margin = 2 * RING_WIDTH
        ring = QRect(target.mapTo(content, QPoint(0, 0)), target.size())
        ring = ring.adjusted(-margin, -margin, margin, margin)
        area.ensureVisible(ring.center().x(), ring.bottom(), 0, 0)  # type: ignore[attr-defined]
        area.ensureVisible(ring.center().x(), ring.top(), 0, 0)  # type: ignore[attr-defined]
