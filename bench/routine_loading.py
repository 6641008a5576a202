"""Routine loading: validate 500 generated routine files (target < 1 s).

Run: .venv/bin/python bench/routine_loading.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import common  # noqa: F401  (puts the project on sys.path)

from desktop_app.core.loader import load_library
from desktop_app.core.routines import Origin
from desktop_app.resources import assets_dir, bundled_routines_dir

FILES = 500
TARGET = 1.0


def generate(folder: Path) -> None:
    sources = sorted(bundled_routines_dir().glob("*.yaml"))
    for index in range(FILES):
        text = sources[index % len(sources)].read_text(encoding="utf-8")
        routine_id = text.split("id: ", 1)[1].split("\n", 1)[0]
        (folder / f"r{index:03d}.yaml").write_text(
            text.replace(f"id: {routine_id}", f"id: {routine_id}-{index}", 1), encoding="utf-8"
        )


def measure() -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        generate(folder)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            library = load_library([(folder, Origin.USER)], assets_dir())
            best = min(best, time.perf_counter() - started)
        return best, len(library.routines), len(library.problems)


def main() -> None:
    seconds, loaded, problems = measure()
    verdict = "ok" if seconds < TARGET and problems == 0 else "MISSED"
    print(
        f"routine loading: {FILES} files in {seconds * 1000:.0f} ms (best of 3), {loaded} loaded, "
        f"{problems} problems; target < {TARGET:.0f} s: {verdict}"
    )


if __name__ == "__main__":
    main()
