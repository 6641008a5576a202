"""The keyboard's place, in every window: each control is reached with Tab (nothing is for the
mouse only), in reading order, and where the focus is can be seen from the floor — a ring in
the accent colour round the focused control."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.qt.focus_ring import RING_WIDTH, ring_target
from tests.qt_helpers import press


def _start_page(c: Any) -> QWidget:
    return c.window  # type: ignore[no-any-return]


def _safety(c: Any) -> QWidget:
    c.safety.open()
    return c.safety.dialog  # type: ignore[no-any-return]


def _settings(c: Any) -> QWidget:
    c.open_settings()
    return c.windows.settings  # type: ignore[no-any-return]


def _back_check(c: Any) -> QWidget:
    c.back_check.ask()
    return c.back_check.dialog  # type: ignore[no-any-return]


def _history(c: Any) -> QWidget:
    c.windows.open_history()
    return c.windows.history  # type: ignore[no-any-return]


def _help(c: Any) -> QWidget:
    c.windows.open_help()
    return c.windows.help  # type: ignore[no-any-return]


def _phone(c: Any) -> QWidget:
    c.phone.start("127.0.0.1")  # loopback: the window shows its address, nothing goes out
    c.phone.open()
    return c.phone.dialog  # type: ignore[no-any-return]


WINDOWS: dict[str, Callable[[Any], QWidget]] = {
    "start page": _start_page,
    "safety check": _safety,
    "settings": _settings,
    "back check": _back_check,
    "history": _history,
    "help": _help,
    "phone remote": _phone,
}


def tab_stops(window: QWidget) -> set[QWidget]:
    """What Tab should reach: every visible, enabled control that takes the focus by Tab."""
    found = set()
    for widget in window.findChildren(QWidget):
        if (
            widget.isVisibleTo(window)
            and widget.isEnabled()
            and widget.window() is window
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
        ):
            found.add(widget)
    return found


def scroll_area_of(widget: QWidget) -> QWidget | None:
    """The scroll area whose content holds `widget` (None: it is not in one)."""
    parent = widget.parentWidget()
    while parent is not None:
        if parent.inherits("QScrollArea") and parent.isAncestorOf(widget) and parent is not widget:
            return parent
        parent = parent.parentWidget()
    return None


def place(widget: QWidget, window: QWidget, beside: QWidget) -> QRect:
    """Where `widget` is in the window's reading order, next to `beside`: within the same scroll
    area, where it is in the area's whole content (wherever that is scrolled to); leaving one,
    where the area is."""
    area, other = scroll_area_of(widget), scroll_area_of(beside)
    if area is not None and area is other:
        content = area.widget()  # type: ignore[attr-defined]
        return QRect(widget.mapTo(content, QPoint(0, 0)), widget.size())
    if area is not None:
        return QRect(area.mapTo(window, QPoint(0, 0)), area.size())
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def walk(window: QWidget, limit: int = 80) -> list[tuple[QWidget, QRect, QImage]]:
    """Tab from the first control round to it again: each control, where it was (in the
    window) and what the window looked like while it had the focus."""
    seen: list[tuple[QWidget, QRect, QImage]] = []
    for _ in range(limit):
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the focus"
        if any(widget is w for w, _r, _i in seen):
            break
        QApplication.processEvents()  # a scroll area has brought it into view
        target = ring_target(widget) or widget
        rect = QRect(target.mapTo(window, QPoint(0, 0)), target.size())
        image = window.grab().toImage()
        if os.environ.get("LUMBAGO_FOCUS_SHOTS"):
            image.save(f"{os.environ['LUMBAGO_FOCUS_SHOTS']}/{len(seen):02d}.png")
        seen.append((widget, rect, image))
        press(widget, Qt.Key.Key_Tab)
    return seen


def ring_drawn(image: QImage, rect: QRect, colour: QColor, scale: float) -> float:
    """The share of points round `rect` (on the ring's band) drawn in the ring's colour."""
    hits = total = 0
    middle = (RING_WIDTH + 1) // 2  # the middle of the band round the control
    left, top = rect.left() - middle, rect.top() - middle
    right, bottom = rect.right() + middle, rect.bottom() + middle
    points = [(x, top) for x in range(left + 8, right - 8, 4)]
    points += [(x, bottom) for x in range(left + 8, right - 8, 4)]
    points += [(left, y) for y in range(top + 8, bottom - 8, 4)]
    points += [(right, y) for y in range(top + 8, bottom - 8, 4)]
    for x, y in points:
        px, py = round(x * scale), round(y * scale)
        if not (0 <= px < image.width() and 0 <= py < image.height()):
            continue
        total += 1
        seen = image.pixelColor(px, py)
        if max(abs(seen.red() - colour.red()), abs(seen.green() - colour.green()),
               abs(seen.blue() - colour.blue())) <= 40:  # fmt: skip
            hits += 1
    return hits / total if total else 0.0


@pytest.mark.parametrize("name", list(WINDOWS))
def test_every_control_is_reached_by_tab_in_reading_order_and_shows_the_focus(
    app_controller: Any, qtbot: Any, name: str
) -> None:
    window = WINDOWS[name](app_controller)
    assert window is not None
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    focus = QApplication.focusWidget()
    if focus is None or focus.window() is not window:
        window.focusNextChild()
    try:
        steps = walk(window)
    finally:
        if window is not app_controller.window:
            window.close()
    # Nothing is for the mouse only.
    reached = {w for w, _r, _i in steps}
    missed = [f"{type(w).__name__} {w.accessibleName()!r}" for w in tab_stops(window) - reached]
    assert not missed, (name, missed)
    # Reading order: each stop is below the one before, or beside it to the right.
    for (a, _, _), (b, _, _) in itertools.pairwise(steps):
        ra, rb = place(a, window, b), place(b, window, a)
        same_row = rb.top() < ra.bottom() and ra.top() < rb.bottom()
        assert (same_row and rb.left() >= ra.left()) or rb.top() >= ra.top() - 2, (
            name,
            f"{type(a).__name__} {a.accessibleName()!r} at {ra}",
            f"then {type(b).__name__} {b.accessibleName()!r} at {rb}",
        )
    # The focus is seen: a ring in the accent colour round each control that has it.
    colour = window.palette().color(QPalette.ColorRole.Highlight)
    for widget, rect, image in steps:
        if ring_target(widget) is None:
            continue  # a page that takes the keys itself: its content says where it is
        scale = image.devicePixelRatio()
        share = ring_drawn(image, rect, colour, scale)
        assert share >= 0.8, (name, type(widget).__name__, widget.accessibleName(), share)
