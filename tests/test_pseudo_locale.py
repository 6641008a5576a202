"""The pseudo-language over every view: each text a person reads must come out bracketed (⟦…⟧),
or it was never translated — a hard-coded string, or one translated at import time. Routine
texts from files and the app's name are the only words allowed through as they are."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTextEdit, QWidget

from desktop_app import i18n
from desktop_app.library import load_all
from tests.qt_helpers import make_controller, press, screenshot

#: Words that stay as they are in every language.
KEPT = {"Lumbago", "Coach", "Ctrl", "CSV"}
#: The tests' own recording player names itself; no person ever sees it.
TEST_ONLY = ["Recording (tests)"]


@pytest.fixture
def pseudo() -> Iterator[None]:
    i18n.set_language(i18n.PSEUDO)
    yield
    i18n.set_language("en")


def routine_texts(data_dir: Path) -> list[str]:
    """Texts that come from routine files (the bundled ones are translated separately)."""
    texts: list[str] = []
    for routine in load_all(data_dir).routines:
        texts += [routine.title, routine.summary, routine.afterwards, *routine.muscles,
                  *routine.equipment]  # fmt: skip
        for step in routine.steps:
            texts += [step.title, step.instruction, step.speak or "", step.area or ""]
            texts += [prompt.text for prompt in step.prompts]
    return sorted((t for t in texts if t), key=len, reverse=True)


def leftovers(text: str, allowed: list[str]) -> list[str]:
    rest = re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
    rest = re.sub(r"<[^<>]*>|&[a-z]+;", " ", rest)
    for kept in allowed:
        rest = rest.replace(kept, " ").replace(kept.capitalize(), " ")
    words = re.findall(r"[A-Za-z][A-Za-z'’-]{2,}", rest)
    return [word for word in words if word not in KEPT]


def texts_of(widget: QWidget) -> Iterator[str]:
    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisibleTo(widget) and child is not widget:
            continue
        if isinstance(child, (QLabel, QAbstractButton)):
            yield child.text()
        elif isinstance(child, QTextEdit):
            yield child.toPlainText()
    yield widget.windowTitle()


def check(widget: QWidget, allowed: list[str], where: str, found: dict[str, list[str]]) -> None:
    QApplication.processEvents()
    for text in texts_of(widget):
        bad = leftovers(text, allowed)
        if bad:
            found.setdefault(where, []).append(f"{text!r} -> {bad}")


def test_every_view_is_translated_through_the_catalogue(
    pseudo: None, qtbot: Any, isolated_data_dir: Path
) -> None:
    from desktop_app import settings as opt
    from desktop_app.core.history import local_now
    from desktop_app.settings import Settings

    answered = Settings(isolated_data_dir)
    answered.set(opt.SAFETY_ANSWER, "none_apply")
    answered.sync()
    controller = make_controller(qtbot, isolated_data_dir, local_now)
    controller.window.resize(1280, 800)
    controller.show(ask_back_check=False)
    allowed = routine_texts(isolated_data_dir) + TEST_ONLY
    found: dict[str, list[str]] = {}
    window = controller.window
    check(window.start_page, allowed, "start page", found)
    for action in window.menuBar().actions():
        menu = action.menu()
        for item in [action, *(menu.actions() if menu else [])]:
            if item.text() and leftovers(item.text().replace("&", ""), allowed):
                found.setdefault("menus", []).append(item.text())
    screenshot(window, "pseudo-start")
    controller.open_routine("walk-through")
    page = window.session_page
    check(page, allowed, "session: ready", found)
    press(page, Qt.Key.Key_Space)
    for step in range(5):
        controller.advance()
        check(page, allowed, f"session step {step + 1}", found)
        if step == 3:
            screenshot(window, "pseudo-session-spot")
        controller.engine.next_step() or controller.engine.next_step()
    controller.advance()
    check(window.finish_page, allowed, "finish page", found)
    screenshot(window, "pseudo-finish")
    window.key_map.open()
    key_map = " ".join([window.key_map.title, *window.key_map.lines])
    if leftovers(key_map, allowed):
        found["key map"] = [key_map]
    window.key_map.close_map()
    controller.open_help()
    check(controller.help_window, allowed, "help", found)
    controller.help_window.close()
    controller.open_settings()
    check(controller.settings_dialog, allowed, "settings", found)
    controller.settings_dialog.close()
    controller.open_history()
    check(controller.history_window, allowed, "history", found)
    controller.history_window.close()
    controller.open_safety_check()
    check(controller.safety_dialog, allowed, "safety check", found)
    controller.safety_dialog.close()
    controller.ask_back_check()
    if controller.back_check_dialog is not None:
        check(controller.back_check_dialog, allowed, "back check", found)
        controller.back_check_dialog.close()
    controller.start_remote("127.0.0.1")
    controller.open_remote()
    check(controller.remote_dialog, [*allowed, controller.remote.url], "phone remote", found)
    screenshot(controller.remote_dialog, "pseudo-phone-remote")
    controller.remote_dialog.close()
    controller.stop_remote()
    assert not found, "\n".join(f"{where}: {items}" for where, items in found.items())
