"""The app from this checkout on Windows: the Windows Python (CPython 3.12 for win_amd64, with
the app's packages from the registries, hash-pinned) run by Wine, as tools/wine.py sets it up.
A short smoke, so that every `make test` keeps the Windows build honest; `make test-windows`
runs the whole suite there, and `make dist-windows-test` tries the installer."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app import __version__
from tests import real_sound
from tests.conftest import VALID_ROUTINE
from tools import wine
from tools.dist_test import wait_for_window

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("wine") is None or shutil.which(wine.MINGW) is None,
        reason="needs Wine and MinGW (make test installs them with apt when run as root)",
    ),
]


@pytest.fixture(scope="module")
def prefix() -> Iterator[Path]:
    try:
        wine.ensure_python()
        # A prefix of its own: Wine's desktop belongs to the display of a prefix's first
        # program, and `make test-windows` may be running offscreen in the shared one.
        made = wine.ensure_prefix(wine.CACHE / "smoke-prefix")
    except wine.Missing as missing:
        pytest.skip(str(missing))
    yield made
    wine.end_wineserver(made)


def windows_python(prefix: Path, *arguments: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = wine.python_env(
        prefix, LUMBAGO_COACH_DATA_DIR=wine.windows_path(data), PYTHONIOENCODING="utf-8"
    )
    return wine.python(["-m", "desktop_app", *arguments], prefix=prefix, env=env)


def test_version_and_the_bundled_routines_on_windows(prefix: Path, tmp_path: Path) -> None:
    version = windows_python(prefix, "--version", data=tmp_path)
    assert (version.returncode, version.stdout.strip()) == (0, f"lumbago-coach {__version__}")
    listed = windows_python(prefix, "--list", data=tmp_path)
    assert listed.returncode == 0, listed.stderr
    ids = [line.split()[0] for line in listed.stdout.splitlines()[1:]]
    assert ids == ["immediate-relief", "lower-back-stick", "lower-back-ball", "buttocks-ball",
                   "daily-session"]  # fmt: skip


def test_a_broken_routine_is_named_as_windows_writes_its_path(prefix: Path, tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    broken = folder / "broken.yaml"
    broken.write_text(
        VALID_ROUTINE.replace("summary: A routine for tests.", "summary: [unclosed"),
        encoding="utf-8",
    )
    checked = windows_python(prefix, "--validate", wine.windows_path(broken), data=tmp_path)
    assert checked.returncode == 1
    # The file as the person named it, then its line: C:\…\broken.yaml:4: (or Z:\ here).
    assert f"{wine.windows_path(broken)}:4: YAML syntax error" in checked.stdout + checked.stderr


def test_the_window_opens_with_the_safety_check_and_closes_by_its_buttons(
    prefix: Path, tmp_path: Path
) -> None:
    with real_sound.xvfb() as display:
        env = wine.python_env(
            prefix, DISPLAY=display, LUMBAGO_COACH_DATA_DIR=wine.windows_path(tmp_path)
        )
        started = time.monotonic()
        app = subprocess.Popen(
            ["wine", str(wine.PYTHON / "python.exe"), "-m", "desktop_app", "--sound", "off"],
            env=env, cwd=wine.ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            check = wait_for_window(display, "Is this safe for me", 90)
            assert check is not None, f"no safety check after {time.monotonic() - started:.0f} s"
            main = wait_for_window(display, "^Lumbago Coach$", 10)
            assert main is not None
            real_sound.close_window(display, check)  # "not now": the back check follows
            back = wait_for_window(display, "How is your back today", 30)
            assert back is not None
            real_sound.close_window(display, back)  # "not today"
            assert _gone(display, back, 30)
            real_sound.close_window(display, main)
            _out, err = app.communicate(timeout=60)
        finally:
            if app.poll() is None:
                app.kill()
                app.wait(10)
    assert app.returncode == 0, err.decode(errors="replace")[-2000:]


def _gone(display: str, window: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "."],
            env={**os.environ, "DISPLAY": display},
            capture_output=True,
            encoding="utf-8",
        ).stdout.split()
        if window not in shown:
            return True
        time.sleep(0.2)
    return False
