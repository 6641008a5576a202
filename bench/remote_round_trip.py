"""The phone remote on loopback: from a press on the phone (a WebSocket message sent) to the
engine command done in the app, and on to the new state back on the phone (the round trip a
person feels); and how many state messages a running hold sends a second.

The real app (offscreen) in this process with the remote on 127.0.0.1; the phone is a
websockets client in a thread. 100 presses, 12 a second (under the 20/s limit).

Run: .venv/bin/python bench/remote_round_trip.py
"""

from __future__ import annotations

import json
import os
import re
import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import common  # noqa: F401  (puts the project on sys.path)

PRESSES = 100


def measure() -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from websockets.sync.client import connect

    from desktop_app import settings as opt
    from desktop_app.app.controller import Controller
    from desktop_app.settings import Settings

    app = QApplication([])
    data = Path(tempfile.mkdtemp())
    answered = Settings(data)
    answered.set(opt.SAFETY_ANSWER, "none_apply")
    answered.set(opt.CHECKIN_AFTER, 3600.0)
    answered.sync()
    controller = Controller(data)
    url = controller.phone.start("127.0.0.1")
    controller.open_routine("lower-back-ball")
    applied: dict[int, float] = {}
    original = controller.phone._press

    def timed(command: object) -> None:
        original(command)
        applied[len(applied)] = time.perf_counter()

    controller.phone.server.command.disconnect()
    controller.phone.server.command.connect(timed)
    results: dict[str, float] = {}

    def phone() -> None:
        # The page first, as a phone loads it (the server answers on the Qt loop).
        page = urllib.request.urlopen(url, timeout=5).read()
        match = re.search(rb'name="socket" content="([^"]+)"', page)
        assert match is not None
        socket_url = f"{match.group(1).decode()}/ws?t={url.split('?t=')[1]}&k="
        with connect(socket_url, open_timeout=5) as ws:
            ws.recv(timeout=5)  # paired
            ws.send('{"cmd": "toggle"}')  # start the session
            sent: list[float] = []
            back: list[float] = []
            for n in range(PRESSES):
                rating = n % 11
                started = time.perf_counter()
                ws.send(json.dumps({"cmd": "rate", "value": rating}))
                sent.append(started)
                while True:
                    message = json.loads(ws.recv(timeout=5))
                    if message["type"] == "state" and message["pain"]["rating"] == rating:
                        back.append(time.perf_counter() - started)
                        break
                time.sleep(max(0.0, 1 / 12 - (time.perf_counter() - started)))
            results["round_median"] = statistics.median(back)
            results["round_worst"] = max(back)
            to_engine = [applied[i + 1] - sent[i] for i in range(PRESSES) if i + 1 in applied]
            results["engine_median"] = statistics.median(to_engine)
            results["engine_worst"] = max(to_engine)
            # A hold: how many states a second while it counts down.
            ws.send('{"cmd": "forward"}')
            ws.send('{"cmd": "forward"}')  # the rolling step, then the hold
            count, until = 0, time.perf_counter() + 10
            while time.perf_counter() < until:
                try:
                    message = json.loads(ws.recv(timeout=0.5))
                except TimeoutError:
                    continue
                count += message["type"] == "state"
            results["states_per_second"] = count / 10
        QTimer.singleShot(0, app.quit)

    worker = threading.Thread(target=phone)
    worker.start()
    QTimer.singleShot(120_000, app.quit)  # bounded, whatever happens
    app.exec()
    worker.join(10)
    controller.phone.stop()
    return results


def main() -> None:
    r = measure()
    print(
        f"phone remote on loopback, {PRESSES} presses: press -> engine command "
        f"{r['engine_median'] * 1000:.2f} ms median, {r['engine_worst'] * 1000:.2f} ms worst; "
        f"press -> new state back on the phone {r['round_median'] * 1000:.2f} ms median, "
        f"{r['round_worst'] * 1000:.2f} ms worst; during a hold "
        f"{r['states_per_second']:.1f} state messages a second"
    )


if __name__ == "__main__":
    main()
