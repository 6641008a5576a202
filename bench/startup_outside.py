"""Start-up seen from outside, as a person sees it: `lumbago-coach` is launched as a command on
a real X server (Xvfb), and the clock stops when its window is mapped and viewable (xwininfo),
against a bare PySide6 window launched the same way. Memory is the process's peak RSS then.
Alternating runs, median of 9. Targets: time ≤ 1.5× the bare window, memory ≤ 1.25×.

Run: .venv/bin/python bench/startup_outside.py   (needs Xvfb and xdotool)
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

RUNS = 9
DISPLAY = ":97"
BARE = (
    "import sys\n"
    "from PySide6.QtWidgets import QApplication, QLabel, QMainWindow\n"
    "app = QApplication(sys.argv[:1])\n"
    "w = QMainWindow(); w.setWindowTitle('Bare window'); w.setCentralWidget(QLabel('Hello'))\n"
    "w.resize(1280, 800); w.show(); app.exec()\n"
)


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def viewable(name: str, env: dict[str, str]) -> bool:
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", name],
        env=env,
        capture_output=True,
        encoding="utf-8",
    )
    return found.returncode == 0 and bool(found.stdout.strip())


def once(mode: str, env: dict[str, str], data: str) -> tuple[float, float]:
    run_env = dict(env, LUMBAGO_COACH_DATA_DIR=data)
    if mode == "app":
        command = [sys.executable, "-m", "desktop_app", "--sound", "off"]
        name = "Lumbago Coach"
    else:
        command = [sys.executable, "-c", BARE]
        name = "Bare window"
    started = time.perf_counter()
    log = Path(data) / "stderr.txt"
    with log.open("wb") as err:
        process = subprocess.Popen(command, env=run_env, cwd=common.ROOT, stderr=err)
    try:
        deadline = started + 30
        while not viewable(name, run_env):
            if time.perf_counter() > deadline or process.poll() is not None:
                said = log.read_text(errors="replace")[-600:]
                raise RuntimeError(f"{mode}: no window within 30 s ({process.poll()}): {said}")
            time.sleep(0.005)
        elapsed = time.perf_counter() - started
        return elapsed, peak_rss_mib(process.pid)
    finally:
        process.terminate()
        process.wait(10)


def measure() -> dict[str, tuple[float, float]] | None:
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        return None
    server = subprocess.Popen(
        ["Xvfb", DISPLAY, "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        socket = Path("/tmp/.X11-unix") / f"X{DISPLAY[1:]}"
        deadline = time.monotonic() + 10
        while not socket.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
        # PYTHONDONTWRITEBYTECODE (set on this machine) would have every start compile the
        # app's source anew: a person's machine keeps bytecode, and the wheel and the bundle
        # ship it.
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "PYTHONDONTWRITEBYTECODE")
        }
        env["DISPLAY"] = DISPLAY
        # An everyday start, the same folder every time: the red-flag check answered, the
        # routines read once before (their list kept), no back check (no history yet).
        data = tempfile.mkdtemp(prefix="startup-outside-")
        (Path(data) / "settings.ini").write_text(
            "[safety]\nanswer=none_apply\nanswered_on=2099-01-01\n", encoding="utf-8"
        )
        once("bare", env, data)
        once("app", env, data)  # warm the disk cache and the bytecode for both
        times: dict[str, list[float]] = {"bare": [], "app": []}
        memory: dict[str, list[float]] = {"bare": [], "app": []}
        for _ in range(RUNS):
            for mode in ("bare", "app"):
                seconds, mib = once(mode, env, data)
                times[mode].append(seconds)
                memory[mode].append(mib)
        shutil.rmtree(data, ignore_errors=True)
        return {m: (common.median(times[m]), common.median(memory[m])) for m in times}
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    results = measure()
    if results is None:
        print("start-up from outside: needs Xvfb and xdotool")
        return
    (bare_t, bare_m), (app_t, app_m) = results["bare"], results["app"]
    print(
        f"start-up from outside (launch -> window viewable on Xvfb, median of {RUNS}): "
        f"bare {bare_t * 1000:.0f} ms / {bare_m:.0f} MiB, lumbago-coach {app_t * 1000:.0f} ms / "
        f"{app_m:.0f} MiB; time {app_t / bare_t:.2f}x (target <= 1.5: "
        f"{'ok' if app_t / bare_t <= 1.5 else 'MISSED'}), memory {app_m / bare_m:.2f}x "
        f"(target <= 1.25: {'ok' if app_m / bare_m <= 1.25 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
