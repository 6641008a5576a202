"""Rules of the code base that are checked, not remembered."""

from __future__ import annotations

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
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports)], capture_output=True, text=True, cwd=ROOT)
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
        text=True,
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
        text=True,
        env={"PATH": f"{only_311}:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 1
    assert "needs Python 3.12 or newer" in result.stderr
    assert "apt-get install python3.12" in result.stderr


def test_setup_finds_a_python_of_at_least_3_12_here() -> None:
    result = subprocess.run(
        ["/bin/sh", str(ROOT / "tools" / "find-python")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    version = subprocess.run(
        [result.stdout.strip(), "-c", "import sys; print(sys.version_info >= (3, 12))"],
        capture_output=True,
        text=True,
    )
    assert version.stdout.strip() == "True"


def test_the_code_is_ruff_clean() -> None:
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(
        [str(ruff), "check", "desktop_app", "tests", "bench", "tools"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_the_package_type_checks_strictly() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]
