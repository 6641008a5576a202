"""Ending the real app, many times: the close button, Ctrl+C and SIGTERM, each N times.

Each launch is what `tests/test_real_app_exit.py` does a few times: the real app under Xvfb,
the sound helper playing to a private PulseAudio null sink, the phone remote on 127.0.0.1
with a phone paired, a session in its hold — then ended. Clean means exit status 0, nothing
on stderr, the session kept as stopped, no child process left, the phone told "going away",
the phone page unreachable and the second-start socket removed. `--hogs N` keeps N busy processes running meanwhile.

Run: .venv/bin/python bench/app_exits.py [RUNS_EACH] [--hogs N]   (Xvfb, xdotool, pulseaudio)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import common  # noqa: F401  (puts the project on sys.path)

from tests import real_sound


def main() -> int:
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(arguments[0]) if arguments else 50
    hogs = int(sys.argv[sys.argv.index("--hogs") + 1]) if "--hogs" in sys.argv else 0
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(hogs)]
    failures: list[real_sound.Ending] = []
    seconds: dict[str, list[float]] = {how: [] for how in real_sound.ENDINGS}
    try:
        with tempfile.TemporaryDirectory(prefix="lumbago-exits-") as name:
            folder = Path(name)
            with real_sound.xvfb(1024, 600) as display, real_sound.pulseaudio(folder) as server:
                for run in range(runs):
                    for how in real_sound.ENDINGS:
                        ending = real_sound.end_once(display, server, folder / f"{how}{run}", how)
                        seconds[how].append(ending.seconds)
                        if not ending.clean:
                            failures.append(ending)
                            print(f"{how} #{run}: {ending}", flush=True)
    finally:
        for hog in busy:
            hog.kill()
    total = runs * len(real_sound.ENDINGS)
    print(f"{total - len(failures)} of {total} endings clean ({hogs} busy processes running)")
    for how, taken in seconds.items():
        print(
            f"  {how:8} {runs} runs: ended in {statistics.median(taken) * 1000:.0f} ms median,"
            f" {max(taken) * 1000:.0f} ms worst"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
