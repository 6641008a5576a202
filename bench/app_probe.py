"""Run by the benchmarks in a fresh process: the real app (offscreen) doing one thing.

  idle-hold   a hold counting down: CPU used over 30 s of it
  idle-start  sitting on the start page: CPU used over 30 s
  drift       a 5-minute routine of holds at normal speed: how late the first hold's end and
              the routine's end fire against their deadlines
Prints one line of numbers.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))

DRIFT_ROUTINE = """\
schema: 1
id: drift
title: Drift
summary: Holds for the timer benchmark.
muscles: [quadratus lumborum]
equipment: [massage ball]
steps:
""" + "".join(
    f"""  - kind: hold
    title: Hold {n}
    instruction: Rest on the ball.
    illustration: illustrations/ball-quadratus.svg
    seconds: [20, 30]
"""
    for n in range(8)
)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    from PySide6.QtCore import QTimer

    from desktop_app import settings as opt
    from desktop_app.app.run import start_app
    from desktop_app.core import events as ev
    from desktop_app.settings import Settings

    mode = sys.argv[1]
    data = Path(tempfile.mkdtemp())
    acknowledged = Settings(data)
    acknowledged.set(opt.SAFETY_ACKNOWLEDGED, True)
    # Nobody presses a key during a benchmark: no check-in pause in the middle of it.
    acknowledged.set(opt.CHECKIN_AFTER, 3600.0)
    acknowledged.sync()
    if mode == "drift":
        (data / "routines").mkdir()
        (data / "routines" / "drift.yaml").write_text(DRIFT_ROUTINE, encoding="utf-8")
    started = start_app(data, sound="off")
    assert started is not None
    app, controller, _lock = started

    def report_cpu_between(start_ms: int) -> None:
        """Print the CPU used from start_ms for SECONDS, as a percentage of one core, then quit."""
        samples: list[float] = []

        def sample() -> None:
            samples.append(cpu_seconds())
            if len(samples) == 2:
                print(f"{(samples[1] - samples[0]) / SECONDS * 100:.3f}", flush=True)
                app.quit()

        QTimer.singleShot(start_ms, sample)
        QTimer.singleShot(start_ms + int(SECONDS * 1000), sample)

    if mode == "idle-start":
        report_cpu_between(3000)
    elif mode == "idle-hold":
        controller.open_routine("lower-back-ball")
        engine = controller.session.engine
        engine.start()
        engine.next_step()
        engine.next_step()  # step 3 is the hold; after its 5 s lead-in the count runs 30 s
        report_cpu_between(5200)
    else:
        controller.open_routine("drift")
        engine = controller.session.engine
        origin = time.monotonic()
        lateness: dict[str, float] = {}

        def watch(event: ev.Event) -> None:
            late = time.monotonic() - origin - event.at
            if isinstance(event, ev.HoldEnded) and "hold" not in lateness:
                lateness["hold"] = late
            if isinstance(event, ev.SessionFinished):
                lateness["end"] = late
                print(f"{lateness['hold'] * 1000:.3f} {late * 1000:.3f} {event.at:.1f}", flush=True)
                app.quit()

        engine.subscribe(watch)
        origin = time.monotonic()
        engine.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
