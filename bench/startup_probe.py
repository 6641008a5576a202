"""Run by bench/startup.py in a fresh process: start the app (or a bare Qt window), report when
the first paint of the main window happened (seconds since the parent spawned us) and peak RSS."""

from __future__ import annotations

import os
import resource
import sys
import time

SPAWNED = float(os.environ["BENCH_SPAWNED"])


def report_on_first_paint(window: object, app: object) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not hasattr(self, "done"):
                self.done = True
                elapsed = time.time() - SPAWNED
                QTimer.singleShot(0, lambda: finish(elapsed))
            return False

    def finish(elapsed: float) -> None:
        rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"{elapsed:.6f} {rss_kib}", flush=True)
        app.quit()  # type: ignore[attr-defined]

    watcher = FirstPaint()
    window.installEventFilter(watcher)  # type: ignore[attr-defined]
    window._bench_watcher = watcher  # type: ignore[attr-defined]


def main() -> int:
    mode = sys.argv[1]
    if mode == "bare":
        from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.setCentralWidget(QLabel("Hello"))
        window.resize(1280, 800)
        report_on_first_paint(window, app)
        window.show()
        return app.exec()
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from desktop_app.app.run import start_app

    # The parent made the data folder: importing tempfile here would be charged to the app.
    data = os.environ["BENCH_DATA_DIR"]
    os.environ["LUMBAGO_COACH_DATA_DIR"] = data
    from pathlib import Path

    from desktop_app import settings as opt
    from desktop_app.settings import Settings

    # An everyday start, not the first one (which opens the safety check as well).
    acknowledged = Settings(Path(data))
    acknowledged.set(opt.SAFETY_ACKNOWLEDGED, True)
    acknowledged.sync()
    started = start_app(Path(data))
    assert started is not None
    app, controller, _lock = started
    report_on_first_paint(controller.window, app)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
