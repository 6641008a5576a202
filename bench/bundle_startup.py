"""Start-up of the installed forms, seen from outside: each launched as a command on Xvfb, the
clock stopped when its window is mapped and viewable, peak RSS then. Alternating runs, median
of 7, one data folder (an everyday start) and bytecode kept, as in startup_outside.py.

- venv: `python -m desktop_app` from the virtual environment (what `make run` starts);
- bundle: the PyInstaller bundle `make dist` builds (.cache/dist/bundle/lumbago-coach);
- any other bundle's program given on the command line (pyside6-deploy's main.bin, say).
The target: the bundle no slower than the virtual environment.

Run: .venv/bin/python bench/bundle_startup.py [NAME=PROGRAM ...]   (after make dist)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common
from startup_outside import DISPLAY, peak_rss_mib, viewable

RUNS = 7
BUNDLE = common.ROOT / ".cache" / "dist" / "bundle" / "lumbago-coach" / "lumbago-coach"


def once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while not viewable("Lumbago Coach", env):
            if time.perf_counter() > started + 30 or process.poll() is not None:
                raise RuntimeError(f"{command[0]}: no window within 30 s")
            time.sleep(0.005)
        return time.perf_counter() - started, peak_rss_mib(process.pid)
    finally:
        process.terminate()
        process.wait(10)


def main() -> None:
    forms = {"venv": [sys.executable, "-m", "desktop_app", "--sound", "off"]}
    if BUNDLE.exists():
        forms["bundle"] = [str(BUNDLE), "--sound", "off"]
    for named in sys.argv[1:]:
        name, _, program = named.partition("=")
        forms[name] = [program, "--sound", "off"]
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        print("bundle start-up: needs Xvfb and xdotool")
        return
    server = subprocess.Popen(
        ["Xvfb", DISPLAY, "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    data = tempfile.mkdtemp(prefix="bundle-startup-")
    try:
        time.sleep(1)
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "PYTHONDONTWRITEBYTECODE")
        }
        env.update(DISPLAY=DISPLAY, LUMBAGO_COACH_DATA_DIR=data)
        (Path(data) / "settings.ini").write_text("[safety]\nanswer=none_apply\n", encoding="utf-8")
        for command in forms.values():
            once(command, env)  # warm the disk cache, the bytecode and the routine list
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in forms}
        for _ in range(RUNS):
            for name, command in forms.items():
                results[name].append(once(command, env))
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(data, ignore_errors=True)
    venv_time = common.median([t for t, _ in results["venv"]])
    for name, runs in results.items():
        seconds = common.median([t for t, _ in runs])
        mib = common.median([m for _, m in runs])
        print(
            f"{name:8s} window mapped in {seconds * 1000:4.0f} ms ({seconds / venv_time:.2f}x the"
            f" venv), {mib:.0f} MiB (median of {RUNS})"
        )


if __name__ == "__main__":
    main()
