"""Start-up of the installed Windows app under Wine, beside a bare PySide6 window.

The installer from dist/ (`make dist-windows`) is installed silently into a Wine prefix of its
own; then, interleaved, 9 launches of each under one Xvfb: the installed lumbago-coach.exe (its
data folder with the safety check answered, so the main window is what appears), and a bare
QWidget shown by the same Windows Python and PySide6 the app was built from. Each is timed from
the launch to its window being mapped (xdotool), then closed. Prints the medians and the ratio.

Run: .venv/bin/python bench/windows_startup.py   (after `make dist-windows`)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import real_sound  # noqa: E402
from tools import wine  # noqa: E402
from tools.make_windows import INSTALLER  # noqa: E402

RUNS = 9
PREFIX = wine.CACHE / "bench-prefix"
BARE = (
    "import sys\n"
    "from PySide6.QtWidgets import QApplication, QWidget\n"
    "app = QApplication(sys.argv)\n"
    "window = QWidget()\n"
    "window.setWindowTitle('Bare window')\n"
    "window.resize(800, 600)\n"
    "window.show()\n"
    "app.exec()\n"
)


def mapped(display: str, title: str, timeout: float = 60) -> str | None:
    deadline = time.monotonic() + timeout
    env = {**os.environ, "DISPLAY": display}
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", title],
            env=env, capture_output=True, encoding="utf-8",
        ).stdout.split()  # fmt: skip
        if found:
            return found[-1]
        time.sleep(0.01)
    return None


def launch(command: list[str], env: dict[str, str], display: str, title: str) -> float:
    started = time.monotonic()
    process = subprocess.Popen(
        command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    window = mapped(display, title)
    seconds = time.monotonic() - started
    if window is not None:
        real_sound.close_window(display, window)
    try:
        process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
    wine.wait_for_wineserver(PREFIX)
    if window is None:
        raise SystemExit(f"no window: {command}")
    return seconds


def main() -> int:
    if not INSTALLER.exists():
        print("Run `make dist-windows` first.", file=sys.stderr)
        return 2
    wine.ensure_python()
    wine.ensure_prefix(PREFIX)
    with real_sound.xvfb() as display:
        env = wine.environment(PREFIX, DISPLAY=display)
        subprocess.run(["wine", str(INSTALLER), "/S"], env=env, input=b"", capture_output=True,
                       timeout=300, check=True)  # fmt: skip
        wine.wait_for_wineserver(PREFIX)
        (program,) = PREFIX.glob("drive_c/users/*/AppData/Local/Programs/*/lumbago-coach.exe")
        data = program.parents[2] / "lumbago-coach"
        data.mkdir(parents=True, exist_ok=True)
        (data / "settings.ini").write_text("[safety]\nanswer=none_apply\n", encoding="utf-8")
        app_env = {**env, "LUMBAGO_COACH_DATA_DIR": wine.windows_path(data)}
        bare_env = wine.python_env(PREFIX, DISPLAY=display)
        app_times, bare_times = [], []
        for _ in range(RUNS):
            app_times.append(launch(["wine", str(program), "--sound", "off"], app_env, display,
                                    "^Lumbago Coach$"))  # fmt: skip
            bare_times.append(launch(["wine", str(wine.PYTHON / "python.exe"), "-c", BARE],
                                     bare_env, display, "^Bare window$"))  # fmt: skip
    wine.end_wineserver(PREFIX)
    app, bare = statistics.median(app_times), statistics.median(bare_times)
    print(f"installed Windows app under Wine, window mapped: median {app * 1000:.0f} ms "
          f"(of {RUNS}: {', '.join(f'{t * 1000:.0f}' for t in sorted(app_times))})")  # fmt: skip
    print(f"bare PySide6 window, same Wine and Windows Python: median {bare * 1000:.0f} ms "
          f"(of {RUNS}: {', '.join(f'{t * 1000:.0f}' for t in sorted(bare_times))})")  # fmt: skip
    print(f"ratio: {app / bare:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
