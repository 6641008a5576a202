"""Start-up: process start → first painted main window, and peak RSS, for lumbago-coach vs a bare
PySide6 QMainWindow with one label. Alternating runs, median of 9 each (targets: time ratio
<= 1.3, memory ratio <= 1.2).

Run: .venv/bin/python bench/startup.py   (offscreen, so no display is needed)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common

RUNS = 9
PROBE = Path(__file__).with_name("startup_probe.py")


def once(mode: str, data: str) -> tuple[float, float]:
    # Bytecode is kept, as on a person's machine (PYTHONDONTWRITEBYTECODE, set on this one,
    # would have every start compile the app anew).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    env["BENCH_DATA_DIR"] = data
    env["BENCH_SPAWNED"] = repr(time.time())
    result = subprocess.run(
        [sys.executable, str(PROBE), mode],
        env=env,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
    )
    line = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    if result.returncode != 0 or not line:
        raise RuntimeError(f"{mode} probe failed: {result.stderr[-800:]}")
    seconds, rss = line.split()
    return float(seconds), int(rss) / 1024


def measure() -> dict[str, tuple[float, float]]:
    times: dict[str, list[float]] = {"bare": [], "app": []}
    memory: dict[str, list[float]] = {"bare": [], "app": []}
    # An everyday start: the same data folder each time (the routine list kept from the last).
    with tempfile.TemporaryDirectory() as data:
        once("bare", data)  # warm the disk cache and the bytecode for both
        once("app", data)
        for _ in range(RUNS):
            for mode in ("bare", "app"):
                seconds, mib = once(mode, data)
                times[mode].append(seconds)
                memory[mode].append(mib)
    return {mode: (common.median(times[mode]), common.median(memory[mode])) for mode in times}


def main() -> None:
    results = measure()
    (bare_time, bare_mem), (app_time, app_mem) = results["bare"], results["app"]
    time_ratio, mem_ratio = app_time / bare_time, app_mem / bare_mem
    print(
        f"start-up (median of {RUNS}, first paint): bare Qt {bare_time * 1000:.0f} ms / {bare_mem:.0f} MiB, "
        f"lumbago-coach {app_time * 1000:.0f} ms / {app_mem:.0f} MiB"
    )
    print(
        f"  time ratio {time_ratio:.2f} (target <= 1.3): {'ok' if time_ratio <= 1.3 else 'MISSED'}; "
        f"memory ratio {mem_ratio:.2f} (target <= 1.2): {'ok' if mem_ratio <= 1.2 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
