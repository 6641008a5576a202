"""Run in a subprocess by test_audio: play every cue through QtMultimedia and report it."""

from __future__ import annotations

import sys

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.audio.backends import AudioUnavailable, QtPlayer
from desktop_app.audio.cues import Cue
from desktop_app.resources import assets_dir


def main() -> int:
    app = QApplication(sys.argv[:1])
    try:
        player = QtPlayer(assets_dir() / "sounds", app)
    except AudioUnavailable as error:
        print(f"unavailable: {error}")
        return 1
    played = 0
    for cue in Cue:
        effect = player.effect(cue)
        loop = QEventLoop()
        effect.playingChanged.connect(loop.quit)
        effect.statusChanged.connect(
            lambda effect=effect, loop=loop: effect.isPlaying() and loop.quit()
        )
        QTimer.singleShot(3000, loop.quit)
        player.play(cue)
        if not effect.isPlaying():
            loop.exec()
        if effect.isPlaying():
            played += 1
            print(f"{cue.value}: playing={effect.isPlaying()} status={effect.status().name}")
        else:
            print(f"{cue.value}: did not start (status {effect.status().name})")
        effect.stop()
    del app
    print(f"played {played} cues")
    return 0


if __name__ == "__main__":
    sys.exit(main())
