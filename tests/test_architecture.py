"""Rules of the code base that are checked, not remembered."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_core_imports_without_qt() -> None:
    modules = sorted(
        f"desktop_app.core.{p.stem}" for p in (ROOT / "desktop_app" / "core").glob("*.py")
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n    importlib.import_module(name)\n"
        "loaded = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports)], capture_output=True, encoding="utf-8", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_many_void_qt_calls_do_not_abort_the_process() -> None:
    # PySide6 6.12 on Python 3.11 leaks a reference to None on every void call and aborts
    # with "none_dealloc" after a few thousand; on 3.12+ None is immortal.
    code = (
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "label = QLabel()\n"
        "for i in range(20_000):\n"
        "    label.setText(str(i))\n"
        "print('done')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        encoding="utf-8",
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "done"


def test_setup_refuses_python_3_11_with_a_message_naming_what_to_install(tmp_path: Path) -> None:
    only_311 = tmp_path / "bin"
    only_311.mkdir()
    if Path("/usr/bin/python3.11").exists():
        (only_311 / "python3").symlink_to("/usr/bin/python3.11")
    result = subprocess.run(
        ["/bin/sh", str(ROOT / "tools" / "find-python")],
        capture_output=True,
        encoding="utf-8",
        env={"PATH": f"{only_311}:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 1
    assert "needs Python 3.12 or newer" in result.stderr
    assert "apt-get install python3.12" in result.stderr


def test_setup_finds_a_python_of_at_least_3_12_here() -> None:
    result = subprocess.run(
        ["/bin/sh", str(ROOT / "tools" / "find-python")], capture_output=True, encoding="utf-8"
    )
    assert result.returncode == 0, result.stderr
    version = subprocess.run(
        [result.stdout.strip(), "-c", "import sys; print(sys.version_info >= (3, 12))"],
        capture_output=True,
        encoding="utf-8",
    )
    assert version.stdout.strip() == "True"


def test_the_code_is_ruff_clean() -> None:
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(
        [str(ruff), "check", "desktop_app", "tests", "bench", "tools"],
        capture_output=True,
        encoding="utf-8",
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_the_package_and_its_tests_type_check_strictly() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"],
        capture_output=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]


#: The keys a sentence could name. Where a key's name may be written: the key table
#: (qt/keys.py, light enough for start-up: it binds actions, not the engine) and how a key is
#: named (qt/key_names.py). Every other sentence gets a key's name from there.
KEY_TABLE = ("desktop_app/qt/keys.py", "desktop_app/qt/key_names.py")
KEY_WORDS = ("Space", "Enter", "Esc", "R", "H", "N", "P", "M", "V", "T", "Y", "F1", "F11")


def key_names_in(text: str) -> list[str]:
    """The key names a translatable text spells out. An arrow counts as a key where it stands
    for one ("Press → again", "· → area done", "R or → …"), not where it joins two words or
    numbers ("View → Settings", "6 → 4")."""
    import re

    words = re.findall(r"(?<![\w{-])(" + "|".join(KEY_WORDS) + r")(?![\w}-])", text)
    words += re.findall(r"\b[Pp]ress (space|enter|esc)\b", text)  # "Press space", spoken
    arrows = [
        arrow
        for before, arrow in re.findall(r"(\S*)\s*([→←])", " " + text)
        if before.lower() in ("", "press", "or", "and", "·", "(", ",") or before[-1:] in ",·:("
    ]
    return words + arrows


def test_no_sentence_outside_the_key_table_spells_a_key() -> None:
    """The words for an action come from the surface that shows it: the window names keys
    from qt/keys.py, the phone names its buttons. A key spelled in a sentence elsewhere is a
    rule written twice (and the phone used to show "roll it (R)")."""
    import ast

    found = []
    for path in sorted((ROOT / "desktop_app").rglob("*.py")):
        if path.relative_to(ROOT).as_posix() in KEY_TABLE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
                "_",
                "N_",
                "ngettext",
            ):
                texts = [a.value for a in node.args[:2] if isinstance(a, ast.Constant)]
                for text in texts:
                    if isinstance(text, str) and (names := key_names_in(text)):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {names}")
    assert not found, "\n".join(found)


def test_the_key_check_finds_keys_and_lets_menu_paths_and_changes_be() -> None:
    assert key_names_in("Press Enter after each roll") == ["Enter"]
    assert key_names_in("roll it (R), or hold it (H)") == ["R", "H"]
    assert key_names_in("Press → again to move on") == ["→"]
    assert key_names_in("N next spot · → area done") == ["N", "→"]
    assert key_names_in("View → Settings, pain 6 → 4, {roll} or {next_spot}") == []
    assert key_names_in("an H-shaped mark, Hold it, Space bar") == ["Space"]
    assert key_names_in("Press space when you are ready") == ["space"]


#: Modules the window's first paint does without (each costs start-up time and memory): the
#: YAML reader (the routine list is kept from the last run), the session engine and its key
#: table (loaded with the first session), Qt's network module (the second-start door and the
#: phone remote open after the paint), Qt's multimedia and speech.
NOT_FOR_THE_FIRST_PAINT = (
    "yaml",
    "desktop_app.core.loader",
    "desktop_app.core.session",
    "PySide6.QtNetwork",
    "PySide6.QtMultimedia",
    "PySide6.QtTextToSpeech",
)


def test_an_everyday_start_paints_its_window_before_loading_what_it_does_not_show(
    tmp_path: Path,
) -> None:
    code = (
        "import linecache, sys\n"
        "from pathlib import Path\n"
        "from desktop_app.app.run import start_app\n"
        "from PySide6.QtCore import QEvent, QObject, QTimer\n"
        "app, controller, lock = start_app(Path(sys.argv[1]), sound='off')\n"
        "class First(QObject):\n"
        "    def eventFilter(self, watched, event):\n"
        "        if event.type() == QEvent.Type.Paint and not hasattr(self, 'seen'):\n"
        "            self.seen = sorted(m for m in sys.modules if m in sys.argv[2:])\n"
        "            QTimer.singleShot(0, app.quit)\n"
        "        return False\n"
        "first = First()\n"
        "controller.window.installEventFilter(first)\n"
        "app.exec()\n"
        "controller.shutdown()\n"
        "read = [name for name in linecache.cache if 'desktop_app' in name]\n"
        "print(first.seen, len(read), controller.window.start_page.list.model().rowCount())\n"
    )
    (tmp_path / "settings.ini").write_text(
        "[safety]\nanswer=none_apply\nanswered_on=2099-01-01\n", encoding="utf-8"
    )
    command = [sys.executable, "-c", code, str(tmp_path), *NOT_FOR_THE_FIRST_PAINT]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LUMBAGO_COACH_DATA_DIR": str(tmp_path)}
    runs = [
        subprocess.run(command, capture_output=True, encoding="utf-8", env=env) for _ in range(2)
    ]
    for run in runs:
        assert run.returncode == 0, run.stderr
    first_start, everyday = (run.stdout.split("]")[0] + "]" for run in runs)
    assert "yaml" in first_start  # the very first start reads the files
    assert everyday == "[]", everyday  # later ones paint from what was kept
    assert runs[0].stdout.split()[-1] == runs[1].stdout.split()[-1] != "0"  # the same list
    # PySide6's import hook (undone in desktop_app/app/__init__.py) read every module's source.
    assert runs[1].stdout.split()[-2] == "0", "the app's source was read at start"


def test_the_middle_only_composes_and_no_module_grows_past_its_limit() -> None:
    """controller.py composes data, services, flows and window (at most 250 lines); every other
    module stays within 600, so a new feature finds its own place instead of the biggest file."""
    lengths = {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in (ROOT / "desktop_app").rglob("*.py")
    }
    assert lengths["desktop_app/app/controller.py"] <= 250
    # The engine keeps what spans a session; each kind of step runs in its own module.
    assert lengths["desktop_app/core/session.py"] <= 400
    too_long = {name: lines for name, lines in lengths.items() if lines > 600}
    assert not too_long, too_long


def test_no_rating_key_is_spelled_where_the_window_is_not() -> None:
    """↑ and ↓ step the pain rating on the keyboard. The phone has number buttons, the voice has
    no keys, and the help reads the key table: only the window's own code may spell them."""
    import ast

    found = []
    for layer in ("core", "view", "remote", "audio", "app"):
        for path in sorted((ROOT / "desktop_app" / layer).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and ("↑" in node.value or "↓" in node.value)
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, found
