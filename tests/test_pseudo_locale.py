"""Every view in another language, at the sizes people use: the pseudo-language (qps) and
German, each at 1280×800 and 1024×600, walking a whole bundled session (every step kind, a
pressure warning), the finish page, the key map, help, settings, history, the safety check,
the back check and the phone remote.

- In the pseudo-language each text a person reads must come out bracketed (⟦…⟧), or it was never
  translated: a hard-coded string, or one translated at import time.
- In German no text may be shown in its English original when the catalogue has German for it,
  nor read like English.
- In both, no plain label or button may be narrower than its text (clipped).

The screenshots (`<language>-<width>x<height>-<view>.png`) are for a person to look at."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QScrollArea,
    QTextEdit,
    QWidget,
)

from desktop_app import i18n
from desktop_app.core.routines import Origin, StepKind
from desktop_app.library import load_all
from desktop_app.qt.widgets import ElidedLabel, use_language
from tests.qt_helpers import make_controller, press, screenshot

#: Words that stay as they are in every language.
KEPT = {"Lumbago", "Coach", "Ctrl", "CSV"}
#: The tests' own recording player and voice name themselves; no person ever sees them.
TEST_ONLY = ["Recording (tests)"]
#: (width, height, device pixel ratio): a laptop, a netbook, and 1920×1080 at QT_SCALE_FACTOR=2.
SIZES = [(1280, 800, 1), (1024, 600, 1), (960, 540, 2)]
ROOT = Path(__file__).resolve().parent.parent
GERMAN = ROOT / "desktop_app" / "locale" / "de" / "LC_MESSAGES" / "lumbago-coach.po"

Check = Callable[[str], list[str]]


def own_routine_texts(data_dir: Path) -> list[str]:
    """Texts from the person's own routine files: they stay as written in every language."""
    texts: list[str] = []
    for routine in load_all(data_dir).routines:
        if routine.origin is not Origin.USER:
            continue
        texts += [routine.title, routine.summary, routine.afterwards, *routine.muscles,
                  *routine.equipment]  # fmt: skip
        for step in routine.steps:
            texts += [step.title, step.instruction, step.speak or "", step.area or ""]
            texts += [prompt.text for prompt in step.prompts]
    return sorted((t for t in texts if t), key=len, reverse=True)


def pseudo_check(allowed: list[str]) -> Check:
    def leftovers(text: str) -> list[str]:
        rest, before = text, ""
        while rest != before:  # innermost first: a translated frame may hold a translated text
            before, rest = rest, re.sub(r"⟦[^⟦⟧]*⟧", " ", rest)
        rest = re.sub(r"<[^<>]*>|&[a-z]+;", " ", rest)
        for kept in allowed:
            rest = rest.replace(kept, " ").replace(kept.capitalize(), " ")
        words = re.findall(r"[A-Za-z][A-Za-z'’-]{2,}", rest)
        return [word for word in words if word not in KEPT]

    return leftovers


def german_check(allowed: list[str]) -> Check:
    with GERMAN.open("rb") as handle:
        catalogue = read_po(handle)
    english = {
        str(m.id if isinstance(m.id, str) else m.id[0]).replace("&", "").strip()
        for m in catalogue
        if m.id and (m.string if isinstance(m.string, str) else (m.string or [""])[0]) != m.id
    }
    english = {text for text in english if len(text) > 3 and "{" not in text}
    # Words German never uses: a sentence with two of them is English.
    tell_tale = re.compile(r"\b(the|you|your|and|is|to|of|with|press|it)\b")

    def leftovers(text: str) -> list[str]:
        plain = re.sub(r"<[^<>]*>", " ", text).replace("&", "")
        for kept in allowed:
            plain = plain.replace(kept, " ")
        found = [line for line in plain.splitlines() if line.strip() in english]
        if len(tell_tale.findall(plain)) >= 2:
            found.append(plain.strip()[:80])
        return found

    return leftovers


def texts_of(widget: QWidget) -> Iterator[str]:
    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisibleTo(widget) and child is not widget:
            continue
        if isinstance(child, (QLabel, QAbstractButton)):
            yield child.text()
        elif isinstance(child, QTextEdit):
            yield child.toPlainText()
    yield widget.windowTitle()


def clipped(widget: QWidget) -> list[str]:
    """Labels and buttons too small for their text: one-line ones too narrow, wrapped ones too
    low (the painted parts — countdown, cards, key row — are judged by eye in the screenshots)."""
    found = []
    for child in widget.findChildren(QWidget):
        if not child.isVisibleTo(widget) or child.width() <= 0 or isinstance(child, ElidedLabel):
            continue  # an elided label gives way with "…" by design
        if (
            isinstance(child, QLabel)
            and child.wordWrap()
            and child.text()
            and child.textFormat() is Qt.TextFormat.PlainText
        ):
            # Wrapped: cut off at the bottom when its lines need more height than it has.
            # Measured here (QLabel's heightForWidth answers at least its minimum height).
            margins = child.contentsMargins()
            inner = child.width() - margins.left() - margins.right() - 2 * child.margin()
            lines = child.fontMetrics().boundingRect(
                QRect(0, 0, max(1, inner), 1_000_000), Qt.TextFlag.TextWordWrap, child.text()
            )
            needed = lines.height() + margins.top() + margins.bottom() + 2 * child.margin()
            room = child.height() + 1
            if needed > room:
                found.append(f"{child.text()[:60]!r}… needs {needed} px high, has {room}")
            continue
        if (
            isinstance(child, QLabel)
            and not child.wordWrap()
            and child.textFormat() is Qt.TextFormat.PlainText
        ):
            needed = child.fontMetrics().horizontalAdvance(child.text())
            room = child.contentsRect().width() - 2 * child.margin() - child.indent()
        elif isinstance(child, QAbstractButton) and child.text():
            needed, room = child.sizeHint().width(), child.width() + 1
        else:
            continue
        if child.text() and needed > room:
            found.append(f"{child.text()!r} needs {needed} px, has {room}")
    for area in widget.findChildren(QScrollArea):
        inside = area.widget()
        if (
            area.isVisibleTo(widget)
            and inside is not None
            and area.horizontalScrollBarPolicy() is Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            and inside.minimumSizeHint().width() > area.viewport().width() + 1
        ):
            found.append(
                f"{area.accessibleName() or 'a scroll area'}: its content needs "
                f"{inside.minimumSizeHint().width()} px wide, has {area.viewport().width()}"
            )
    return found + overlapping(widget)


def overlapping(widget: QWidget) -> list[str]:
    """Texts drawn over each other: two visible labels or buttons of one parent that meet."""
    found = []
    for parent in [widget, *widget.findChildren(QWidget)]:
        texts = [
            child
            for child in parent.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if isinstance(child, (QLabel, QAbstractButton))
            and child.isVisibleTo(widget)
            and child.text()
        ]
        for index, first in enumerate(texts):
            for second in texts[index + 1 :]:
                if first.geometry().intersected(second.geometry()).height() > 2:
                    found.append(f"{first.text()[:40]!r} overlaps {second.text()[:40]!r}")
    return found


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}@{s[2]}")
@pytest.mark.parametrize("language", [i18n.PSEUDO, "de"])
def test_every_view_reads_in_the_language_and_fits(
    language: str, size: tuple[int, int, int], tmp_path: Path
) -> None:
    """On a screen of that size (Qt's offscreen screen can be any size, but one per process):
    the walk runs in a pytest of its own."""
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [
        {"name": "test", "x": 0, "y": 0, "width": size[0], "height": size[1],
         "logicalDpi": 96, "dpr": size[2]},
    ]}), encoding="utf-8")  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--tb=line", "-p", "no:cacheprovider",
         f"{__file__}::test_walk_on_this_screen"],
        env=dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
                 LUMBAGO_WALK=f"{language}:{size[0]}x{size[1]}@{size[2]}"),
        capture_output=True, encoding="utf-8", timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_walk_on_this_screen(qtbot: Any, isolated_data_dir: Path) -> None:
    from desktop_app import settings as opt
    from desktop_app.core.history import local_now
    from desktop_app.settings import Settings

    spec = os.environ.get("LUMBAGO_WALK")
    if not spec:
        pytest.skip("run by test_every_view_reads_in_the_language_and_fits on its own screen")
    language, _colon, dimensions = spec.partition(":")
    dimensions, _at, ratio = dimensions.partition("@")
    width, height = (int(n) for n in dimensions.split("x"))
    screen = QApplication.primaryScreen().geometry()
    assert (screen.width(), screen.height()) == (width, height)
    i18n.set_language(language)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    use_language(app, language)  # as the app does at start: Qt's words, dates
    try:
        answered = Settings(isolated_data_dir)
        answered.set(opt.SAFETY_ANSWER, "none_apply")
        answered.sync()
        controller = make_controller(qtbot, isolated_data_dir, local_now)
        walk(controller, language, (width, height, int(ratio)), isolated_data_dir)
    finally:
        i18n.set_language("en")


def walk(controller: Any, language: str, size: tuple[int, int, int], data_dir: Path) -> None:
    allowed = own_routine_texts(data_dir) + TEST_ONLY
    leftovers = (pseudo_check if language == i18n.PSEUDO else german_check)(allowed)
    found: dict[str, list[str]] = {}
    prefix = f"{language}-{size[0]}x{size[1]}" + ("" if size[2] == 1 else f"@{size[2]}")

    def look(widget: QWidget, where: str, shot: bool = True) -> None:
        QApplication.processEvents()
        for text in texts_of(widget):
            if bad := leftovers(text):
                found.setdefault(where, []).append(f"{text!r} -> {bad}")
        if cut := clipped(widget):
            found.setdefault(f"{where} (clipped)", []).extend(cut)
        if shot:
            screenshot(widget, f"{prefix}-{where.replace(' ', '-')}")

    window = controller.window
    window.resize(size[0], size[1])
    controller.show(ask_back_check=False)
    look(window, "start")
    for action in window.menuBar().actions():
        menu = action.menu()
        for item in [action, *(menu.actions() if menu else [])]:
            if item.text() and leftovers(item.text().replace("&", "")):
                found.setdefault("menus", []).append(item.text())
    controller.open_routine("daily-session")
    look(window, "session ready")
    engine = controller.session.engine
    press(window.session_page, Qt.Key.Key_Space)
    for number in range(1, len(engine.routine.steps) + 1):
        controller.session.advance()
        kind = engine.routine.steps[engine.view().step_index].kind
        if kind is StepKind.HOLD:
            controller.clock.advance(8)  # past the lead-in
            controller.session.advance()
            engine.rate_pain(5)
            engine.rate_pain(8)  # too much: the warning shows
            controller.session.advance()
        if kind is StepKind.ROLLING:
            for _ in range(3):
                engine.confirm()
            engine.rate_pain(6)
            controller.session.advance()
        look(window, f"step {number} {kind.value}")
        engine.next_step() or engine.next_step()
    controller.session.advance()
    look(window, "finish")
    window.key_map.open()
    key_map = " ".join([window.key_map.title, *window.key_map.lines])
    if leftovers(key_map):
        found["key map"] = [key_map]
    screenshot(window, f"{prefix}-key-map")
    window.key_map.close_map()
    windows = controller.windows
    secondary: list[tuple[str, Callable[[], None], Callable[[], QWidget | None]]] = [
        ("help", windows.open_help, lambda: windows.help),
        ("settings", controller.open_settings, lambda: windows.settings),
        ("history", windows.open_history, lambda: windows.history),
        ("safety check", controller.safety.open, lambda: controller.safety.dialog),
    ]
    for name, opener, shown in secondary:
        opener()
        dialog = shown()
        assert dialog is not None
        look(dialog, name)
        dialog.close()
    controller.ask_back_check()
    if controller.back_check.dialog is not None:
        look(controller.back_check.dialog, "back check")
        controller.back_check.dialog.close()
    controller.phone.start("127.0.0.1")
    controller.phone.open()
    allowed.append(controller.phone.server.url)
    look(controller.phone.dialog, "phone remote")
    controller.phone.dialog.close()
    controller.phone.stop()
    assert not found, "\n".join(f"{where}: {items}" for where, items in found.items())
