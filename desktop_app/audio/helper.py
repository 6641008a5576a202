"""The sound helper: a small child process that plays the cues, so no sound fault reaches the app.

Why a process of its own: QtMultimedia's PulseAudio backend, in the app's process, turns a
sound server that goes away into a busy loop on the GUI thread ("QSocketNotifier: Socket
notifiers cannot be enabled or disabled from another thread", then "Invalid socket …" for
ever), and the session timer stops with it. Here the app never talks to the sound server at
all: it writes one line per cue to this helper's standard input and never waits for it. If
the helper hangs, spins or dies, the app kills it, flashes instead, and starts a new one
later; a sound server that comes back is picked up by the next helper.

Playback is miniaudio (one C library in the wheel; it finds PulseAudio, PipeWire's PulseAudio
layer, ALSA or JACK at run time). The cues are mixed in a callback that miniaudio calls from
its own thread; the main thread only reads commands.

Protocol, one ASCII line each way:
    app → helper:  play CUE | volume 0.0–1.0 | ping N | quit
    helper → app:  ready DESCRIPTION | pong N | error REASON (then it exits)

Run: python -m desktop_app.audio.helper SOUNDS_DIR
"""

from __future__ import annotations

import array
import collections
import contextlib
import os
import queue
import sys
import threading
import time
from collections.abc import Generator
from pathlib import Path

#: The cue files' format (tools/make_sounds.py): 16-bit mono at 44.1 kHz.
RATE = 44100
#: How much audio miniaudio asks for at a time: small, so a cue starts soon after its line.
BUFFER_MSEC = 10
#: No request for audio for this long while the device runs: the server is gone.
STALL_SECONDS = 2.0
#: The device must settle into regular requests within this long after it starts (a null
#: sink hands out its first block late, about 1.9 s; a sound card far sooner).
WARM_UP_SECONDS = 6.0
#: Requests counted before the helper says it is ready: audio really flows by then.
WARM_REQUESTS = 10
MAX_LINE = 256
#: What went wrong, as the first word after "error": the app says each in plain words, in the
#: person's language, and keeps what follows (the library's own detail) for its log.
NO_LIBRARY = "no-library"
NO_OUTPUT = "no-output"
SERVER_SILENT = "server-silent"
SERVER_GONE = "server-gone"


def say(line: str) -> None:
    try:
        os.write(1, (line + "\n").encode("utf-8", "replace"))
    except OSError:
        sys.exit(0)  # the app is gone


class Mixer:
    """The sounds playing now, mixed into whatever block the device asks for."""

    def __init__(self, sounds: dict[str, array.array[int]]) -> None:
        self.sounds = sounds
        self.scaled = dict(sounds)
        self.pending: collections.deque[str] = collections.deque()
        self.playing: list[tuple[array.array[int], int]] = []
        self.last_request = time.monotonic()
        self.requests = 0

    def set_volume(self, volume: float) -> None:
        # Scaled once here, so that playing a cue is a slice and not a loop per sample.
        self.scaled = {
            name: array.array("h", (round(s * volume) for s in samples))
            for name, samples in self.sounds.items()
        }

    def generator(self) -> Generator[bytes, int, None]:
        frames = yield b""
        silence: dict[int, bytes] = {}
        while True:
            self.last_request = time.monotonic()
            self.requests += 1
            while self.pending:
                name = self.pending.popleft()
                if name in self.scaled:
                    self.playing.append((self.scaled[name], 0))
            if not self.playing:
                block = silence.get(frames)
                if block is None:
                    block = silence[frames] = bytes(2 * frames)
                frames = yield block
                continue
            out = array.array("h", bytes(2 * frames))
            still: list[tuple[array.array[int], int]] = []
            for samples, position in self.playing:
                part = samples[position : position + frames]
                if len(self.playing) == 1:
                    out[: len(part)] = part
                else:
                    for i, value in enumerate(part):
                        out[i] = max(-32768, min(32767, out[i] + value))
                if position + frames < len(samples):
                    still.append((samples, position + frames))
            self.playing = still
            frames = yield out.tobytes()


def load_sounds(folder: Path) -> dict[str, array.array[int]]:
    import miniaudio

    sounds = {}
    for path in sorted(folder.glob("*.wav")):
        try:
            decoded = miniaudio.decode_file(
                str(path),
                output_format=miniaudio.SampleFormat.SIGNED16,
                nchannels=1,
                sample_rate=RATE,
            )
        except miniaudio.DecodeError:
            continue  # the app reports missing or broken files itself
        sounds[path.stem] = array.array("h", decoded.samples)
    return sounds


def describe(device: object) -> str:
    """The device in the helper's words: "pulseaudio — Built-in Audio"; the name is left out
    when there is none (the app, which knows the language, says "the default output")."""
    backend = getattr(device, "backend", "") or "audio"
    name = getattr(device, "name", "")
    return f"{backend} — {name}" if name else str(backend)


def read_in_background() -> queue.Queue[bytes]:
    """Standard input, read by a thread of its own into a queue: the main loop waits on the
    queue with a timeout, the same on every system (Windows cannot `select` on a pipe). An
    empty chunk is the end of input: the app is gone."""
    chunks: queue.Queue[bytes] = queue.Queue()

    def read() -> None:
        while True:
            try:
                chunk = os.read(0, 4096)
            except OSError:
                chunk = b""
            chunks.put(chunk)
            if not chunk:
                return

    threading.Thread(target=read, name="commands", daemon=True).start()
    return chunks


def serve(folder: Path) -> int:
    try:
        import miniaudio
    except Exception as error:  # a missing or broken library: say so, and let the app fall back
        say(f"error {NO_LIBRARY} {error!r}")
        return 2
    mixer = Mixer(load_sounds(folder))
    try:
        device = miniaudio.PlaybackDevice(
            output_format=miniaudio.SampleFormat.SIGNED16,
            nchannels=1,
            sample_rate=RATE,
            buffersize_msec=BUFFER_MSEC,
            app_name="Lumbago Coach",
        )
        stream = mixer.generator()
        next(stream)
        device.start(stream)
    except Exception as error:
        say(f"error {NO_OUTPUT} {error!r}".replace("\n", " ")[:MAX_LINE])
        return 3
    started = time.monotonic()
    ready = False
    pending = b""
    chunks = read_in_background()
    try:
        while True:
            try:
                chunk: bytes | None = chunks.get(timeout=0.1)
            except queue.Empty:
                chunk = None
            now = time.monotonic()
            if not ready:
                if mixer.requests >= WARM_REQUESTS:
                    ready = True
                    say(f"ready {describe(device)}")
                elif now - started > WARM_UP_SECONDS:
                    say(f"error {SERVER_SILENT}")
                    return 4
            elif now - mixer.last_request > STALL_SECONDS:
                say(f"error {SERVER_GONE}")
                return 4
            if chunk is None:
                continue
            if not chunk:
                return 0  # the app closed the pipe: it is gone
            pending += chunk
            *lines, pending = pending.split(b"\n")
            if len(pending) > MAX_LINE:
                pending = b""
            for raw in lines:
                command, _, argument = raw.decode("ascii", "replace").strip().partition(" ")
                if command == "play":
                    mixer.pending.append(argument)
                elif command == "volume":
                    with contextlib.suppress(ValueError):
                        mixer.set_volume(min(1.0, max(0.0, float(argument))))
                elif command == "ping":
                    say(f"pong {argument[:32]}")
                elif command == "quit":
                    return 0
    finally:
        device.close()


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: python -m desktop_app.audio.helper SOUNDS_DIR", file=sys.stderr)
        return 2
    return serve(Path(sys.argv[1]))


if __name__ == "__main__":
    sys.exit(main())
