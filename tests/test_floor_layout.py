"""The session followed from the floor: every step of every bundled routine, at the screens
people have (1280×800, a 1024×600 netbook) and in every language, shows its picture large —
at least PICTURE_HEIGHT of the window's height and PICTURE_WIDTH of its width — and every word
of the step whole, never cut off."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from desktop_app.core.session import Phase

PICTURE_HEIGHT = 0.30
PICTURE_WIDTH = 0.25
BUNDLED = ["immediate-relief", "lower-back-stick", "lower-back-ball", "buttocks-ball",
           "daily-session"]  # fmt: skip


def settle() -> None:
    for _ in range(4):  # the words are fitted one turn after the layout places them
        QApplication.processEvents()


def clipped_labels(page: QWidget) -> list[str]:
    """Visible word-wrapped labels of the page that are lower than their text needs."""
    found = []
    for label in page.findChildren(QLabel):
        if not label.isVisibleTo(page) or not label.text() or not label.wordWrap():
            continue
        if label.height() + 1 < label.heightForWidth(label.width()):
            found.append(f"{label.accessibleDescription() or label.accessibleName()}: "
                         f"{label.text()[:40]!r} {label.height()} < "
                         f"{label.heightForWidth(label.width())}")  # fmt: skip
    return found


def walk(controller: Any, routine_id: str) -> list[str]:
    """Every step of the routine, from start to end: what is wrong on each."""
    window = controller.window
    assert controller.open_routine(routine_id)
    engine = controller.session.engine
    page = window.session_page
    engine.start()
    problems = []
    for index, step in enumerate(engine.routine.steps):
        page.refresh()
        settle()
        where = (
            f"{routine_id} step {index + 1} ({step.kind.value}, {window.width()}×{window.height()})"
        )
        picture = page.illustration.picture_rect()
        if picture.height() < PICTURE_HEIGHT * window.height():
            problems.append(f"{where}: picture {picture.height():.0f} px high")
        if picture.width() < PICTURE_WIDTH * window.width():
            problems.append(f"{where}: picture {picture.width():.0f} px wide")
        if not page.words_fit():
            problems.append(f"{where}: the step's words do not fit")
        problems += [f"{where}: {label}" for label in clipped_labels(page)]
        line = page.step_label
        if line.fontMetrics().horizontalAdvance(line.text()) > line.contentsRect().width():
            problems.append(f"{where}: the step line is cut: {line.text()!r}")
        if index + 1 < len(engine.routine.steps):
            # A hold asks for a second press before its shortest time; a spot step is left
            # with "area done".
            moved = engine.next_step().applied or engine.next_step().applied
            assert moved or engine.area_done().applied, where
    assert engine.phase is not Phase.IDLE
    engine.stop()
    controller.session.end()
    settle()
    return problems


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("size", [(1280, 800), (1024, 600)])
def test_every_step_shows_its_picture_large_and_its_words_whole(
    app_controller: Any, size: tuple[int, int]
) -> None:
    window = app_controller.window
    window.resize(*size)
    # The header as crowded as it gets: a phone that went away beside the step line.
    app_controller.phone._gone()
    settle()
    assert (window.width(), window.height()) == size
    problems = [problem for routine in BUNDLED for problem in walk(app_controller, routine)]
    assert not problems, "\n".join(problems)
