"""Idle cost: CPU used by the real app (offscreen) while a hold counts down for 30 s (target
<= 1 % of one core), and while it sits on the start page.

Run: .venv/bin/python bench/idle_cost.py   (about 75 seconds)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import common  # noqa: F401

PROBE = Path(__file__).with_name("app_probe.py")


def cpu_percent(mode: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    result = subprocess.run(
        [sys.executable, str(PROBE), mode],
        env=env,
        capture_output=True,
        encoding="utf-8",
        timeout=300,
    )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{mode} probe failed: {result.stderr[-800:]}")
    return float(lines[-1])


def main() -> None:
    hold = cpu_percent("idle-hold")
    start = cpu_percent("idle-start")
    print(
        f"idle cost: {hold:.2f} % of one core during a 30 s hold (target <= 1 %: {'ok' if hold <= 1 else 'MISSED'}); "
        f"{start:.3f} % on the start page"
    )


if __name__ == "__main__":
    main()
