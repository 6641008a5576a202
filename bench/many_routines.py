"""10,000 routine files in the user's folder: the real app (offscreen), in a fresh process.

Measures the time from process start to the window's first paint and the memory then; how long
until every file is read and the memory after that, with the longest the event loop went
unanswered meanwhile (how responsive the window stays); and, once everything is read, the time
from one file being rewritten to its new title being in the list.
Targets: window < 2 s and < 150 MiB; a changed file shown within 1 s.

Run: .venv/bin/python bench/many_routines.py   (BENCH_FILES sets the number of files)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common  # noqa: F401  (puts the project on sys.path)

FILES = int(os.environ.get("BENCH_FILES", "10000"))


def generate(folder: Path, count: int) -> None:
    from desktop_app.resources import bundled_routines_dir

    sources = sorted(bundled_routines_dir().glob("*.yaml"))
    texts = [s.read_text(encoding="utf-8") for s in sources]
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        text = texts[index % len(texts)]
        routine_id = text.split("id: ", 1)[1].split("\n", 1)[0]
        (folder / f"r{index:05d}.yaml").write_text(
            text.replace(f"id: {routine_id}", f"id: {routine_id}-{index}", 1), encoding="utf-8"
        )


def rss_mib() -> float:
    """Resident memory now (not the peak)."""
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def probe(data: Path, spawned: float) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer

    from desktop_app import settings as opt
    from desktop_app.app.run import start_app
    from desktop_app.settings import Settings

    answered = Settings(data)
    answered.set(opt.SAFETY_ACKNOWLEDGED, True)
    answered.sync()
    started = start_app(data, sound="off", ask_back_check=False)
    assert started is not None
    app, controller, _lock = started
    results: dict[str, float] = {}
    gaps: list[float] = []
    last_turn = [time.perf_counter()]

    def turn() -> None:  # a 10 ms timer: how late it comes is how long the window was deaf
        now = time.perf_counter()
        gaps.append(now - last_turn[0])
        last_turn[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(turn)

    def finished_reading() -> None:
        if controller.routines.catalogue.waiting:
            QTimer.singleShot(20, finished_reading)
            return
        heartbeat.stop()
        results["read"] = time.time() - spawned
        results["rss_read"] = rss_mib()
        results["deaf"] = max(gaps, default=0.0)
        results["listed"] = len(controller.window.start_page.routine_ids())
        # Rewrite one file in place, as an editor that saves over the file does.
        target = data / "routines" / f"r{FILES // 2:05d}.yaml"
        text = target.read_text(encoding="utf-8")
        title = text.split("\ntitle: ", 1)[1].split("\n", 1)[0]
        changed_at = time.perf_counter()
        target.write_text(
            text.replace(f"\ntitle: {title}", "\ntitle: Changed by the benchmark", 1),
            encoding="utf-8",
        )

        def look() -> None:
            model = controller.window.start_page.model
            if any(getattr(row, "title", "") == "Changed by the benchmark" for row in model.rows):
                results["change"] = time.perf_counter() - changed_at
                print(" ".join(f"{k}={v:.6f}" for k, v in results.items()), flush=True)
                app.quit()
            elif time.perf_counter() - changed_at > 30:
                print("change=nan", flush=True)
                app.quit()
            else:
                QTimer.singleShot(5, look)

        QTimer.singleShot(5, look)

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "paint" not in results:
                results["paint"] = time.time() - spawned
                results["rss_paint"] = rss_mib()
                last_turn[0] = time.perf_counter()
                heartbeat.start()
                QTimer.singleShot(0, finished_reading)
            return False

    watcher = FirstPaint()
    controller.window.installEventFilter(watcher)
    return app.exec()


def measure() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as name:
        data = Path(name)
        generate(data / "routines", FILES)
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        env["BENCH_SPAWNED"] = repr(time.time())
        result = subprocess.run(
            [sys.executable, __file__, "--probe", str(data)],
            env=env,
            capture_output=True,
            encoding="utf-8",
            timeout=600,
        )
    lines = [line for line in result.stdout.splitlines() if "=" in line]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"probe failed: {result.stderr[-800:]}")
    return {k: float(v) for k, v in (pair.split("=") for pair in lines[-1].split())}


def main() -> None:
    r = measure()
    ok_window = r["paint"] < 2 and r["rss_paint"] < 150
    print(
        f"{FILES} user routines: window painted at {r['paint']:.2f} s, {r['rss_paint']:.0f} MiB "
        f"(target < 2 s, < 150 MiB: {'ok' if ok_window else 'MISSED'}); every file read at "
        f"{r['read']:.2f} s, {r['rss_read']:.0f} MiB (target < 150 MiB: "
        f"{'ok' if r['rss_read'] < 150 else 'MISSED'}), {r['listed']:.0f} listed, the window "
        f"answered within {r['deaf'] * 1000:.0f} ms throughout; one file changed -> its new "
        f"title in the list after {r['change'] * 1000:.0f} ms (target < 1 s: "
        f"{'ok' if r['change'] < 1 else 'MISSED'})"
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--probe":
        sys.exit(probe(Path(sys.argv[2]), float(os.environ["BENCH_SPAWNED"])))
    main()
