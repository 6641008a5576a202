"""One table of keys (qt/keys.py): every shortcut of the running app is found in it, a key asks
for one action in one window, and what the app shows about its keys is that table."""

from __future__ import annotations

import ast
import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.core.actions import Action
from desktop_app.qt.keys import MAIN_WINDOW, Place, keys_of, overlay_lines, table, table_rows

PACKAGE = Path(__file__).resolve().parent.parent / "desktop_app"
#: The modules allowed to name a Qt key: the table, and how a sentence names a key.
KEY_MODULES = {PACKAGE / "qt" / "keys.py", PACKAGE / "qt" / "key_names.py"}

#: Each window of the app and the places of the table that are its keys.
WINDOW_PLACES: dict[str, tuple[Place, ...]] = {
    "MainWindow": MAIN_WINDOW,
    "HistoryWindow": (Place.HISTORY,),
    "HelpWindow": (Place.HELP,),
    "BackCheckDialog": (Place.BACK_CHECK,),
    "ReminderPopup": (Place.REMINDER,),
    "SafetyDialog": (Place.SAFETY,),
    "EpisodeDialog": (Place.EPISODE,),
    "SettingsDialog": (),
    "RemoteDialog": (),
}


def _sequence(key: int | str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)


def _shortcuts(window: QWidget) -> list[str]:
    """Every shortcut a window has: its actions' and its QShortcuts', its children's too."""
    actions = {id(a): a for a in [*window.actions(), *window.findChildren(QAction)]}
    found = [
        _sequence(sequence.toString())
        for action in actions.values()
        for sequence in action.shortcuts()
    ]
    found += [_sequence(s.key().toString()) for s in window.findChildren(QShortcut)]
    return found


def _open_every_window(controller: Any, qtbot: Any) -> list[QWidget]:
    from desktop_app.qt.back_check_view import BackCheckDialog
    from desktop_app.qt.episode_view import EpisodeDialog
    from desktop_app.qt.reminder_view import ReminderPopup
    from desktop_app.qt.remote_view import RemoteDialog
    from desktop_app.qt.safety_view import SafetyDialog
    from desktop_app.qt.settings_dialog import SettingsDialog

    controller.windows.open_history()
    controller.windows.open_help()
    others: list[QWidget] = [
        BackCheckDialog(dt.date(2026, 12, 6), ask_onset=True),
        ReminderPopup(),
        SafetyDialog(),
        EpisodeDialog(),
        SettingsDialog(),
        RemoteDialog(controller.window.theme),
    ]
    for widget in others:
        qtbot.addWidget(widget)
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if type(widget).__name__ in WINDOW_PLACES
    ]


def test_every_shortcut_of_every_window_is_in_the_one_table_once(
    app_controller: Any, qtbot: Any
) -> None:
    windows = _open_every_window(app_controller, qtbot)
    assert {type(w).__name__ for w in windows} == set(WINDOW_PLACES)
    for window in windows:
        places = WINDOW_PLACES[type(window).__name__]
        bound = {
            _sequence(key) for row in table() if row.place in places for key, _a in row.bindings
        }
        shortcuts = _shortcuts(window)
        assert len(shortcuts) == len(set(shortcuts)), (type(window).__name__, shortcuts)
        assert set(shortcuts) <= bound, (type(window).__name__, set(shortcuts) - bound)
    main = next(w for w in windows if type(w).__name__ == "MainWindow")
    menu_keys = {_sequence(key) for key in keys_of_place(Place.WINDOW)}
    assert set(_shortcuts(main)) == menu_keys  # every row of the window's own is a shortcut


def keys_of_place(place: Place) -> list[int | str]:
    return [key for row in table() if row.place is place for key, _action in row.bindings]


def test_in_one_window_a_key_asks_for_one_action() -> None:
    for window, places in WINDOW_PLACES.items():
        actions: dict[str, set[Action]] = defaultdict(set)
        for row in table():
            if row.place in places:
                for key, action in row.bindings:
                    actions[_sequence(key)].add(action)
        twice = {key: found for key, found in actions.items() if len(found) > 1}
        assert not twice, (window, twice)


def test_no_module_but_the_table_binds_a_key() -> None:
    """A key compared anywhere else would be a binding the table does not know."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path in KEY_MODULES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr.startswith("Key_"):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_the_key_map_and_the_help_show_exactly_the_table(app_controller: Any) -> None:
    from desktop_app.qt.help_view import HelpWindow

    window = app_controller.window
    window.keys_action.trigger()
    assert window.key_map.lines[:-1] == [f"{cap} — {does}" for cap, does in table_rows(MAIN_WINDOW)]
    assert window.key_map.lines[:-1] == overlay_lines()
    window.key_map.close_map()
    help_window = HelpWindow()
    qtbot_windows = [help_window]
    help_window.open_page("how")
    document = help_window.text.toPlainText()
    for _cap, does in table_rows():
        assert does in document, does
    for widget in qtbot_windows:
        widget.close()


def test_the_keys_the_sentences_name_are_the_table_s(app_controller: Any) -> None:
    """The finish page's key line and the menu's shortcut name the keys the table binds."""
    window = app_controller.window
    assert window.history_action.shortcut() == QKeySequence(keys_of(Action.HISTORY)[0])
    assert keys_of(Action.MUTE) == [Qt.Key.Key_M]
    finish = window.finish_page
    assert "Ctrl+H" in finish.keys.text()
