"""`make dist-windows`: the Windows installer, built on this Linux machine.

1. the Windows Python with the app's packages and PyInstaller, from the registries, hash-pinned
   (tools/wine.py: .cache/windows/python, run by Wine);
2. lumbago-coach.ico, drawn from assets/icons/ at every size Windows asks for;
3. PyInstaller inside Wine on packaging/bundle/lumbago-coach.spec (its Windows branch: windowed,
   the icon, a version resource, Qt's unused parts left out): a folder with lumbago-coach.exe;
4. dist/LumbagoCoach-VERSION-setup.exe: NSIS (packaging/windows/installer.nsi), per-user, a
   Start-menu entry, an uninstaller that keeps the person's data folder and says where it is.

The sizes (installer, unpacked folder) are printed at the end and written to
dist/windows-sizes.txt.

Run: .venv/bin/python tools/make_windows.py   (needs wine, makensis and MinGW: `make dist-windows`
installs them with apt when missing)
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app import APP_ID, __version__  # noqa: E402
from tools import wine  # noqa: E402

DIST = ROOT / "dist"
BUILD = wine.CACHE / "build"
#: PyInstaller's folder for the app (COLLECT's name in the spec).
BUNDLE = BUILD / "dist" / "lumbago-coach"
INSTALLER = DIST / f"LumbagoCoach-{__version__}-setup.exe"
ICON_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def say(text: str) -> None:
    print(f"[dist-windows] {text}", flush=True)


def make_icon(target: Path) -> Path:
    """An .ico of PNG images (Windows Vista and later read them) drawn from our SVG by Qt."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(ROOT / "assets" / "icons" / f"{APP_ID}.svg"))
    images: list[bytes] = []
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter)
        finally:
            painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        images.append(bytes(data.data()))
    # ICONDIR, then one ICONDIRENTRY per image (a size of 256 is written as 0), then the PNGs.
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    for size, png in zip(ICON_SIZES, images, strict=True):
        side = size % 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(header + entries + b"".join(images))
    return target


def build_bundle(icon: Path) -> None:
    shutil.rmtree(BUILD / "dist", ignore_errors=True)
    shutil.rmtree(BUILD / "work", ignore_errors=True)
    env = wine.python_env(wine.PREFIX, LUMBAGO_COACH_ICON=wine.windows_path(icon))
    started = time.monotonic()
    say("PyInstaller inside Wine (about two minutes)")
    done = wine.python(
        [
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            wine.windows_path(BUILD / "dist"),
            "--workpath",
            wine.windows_path(BUILD / "work"),
            wine.windows_path(ROOT / "packaging" / "bundle" / "lumbago-coach.spec"),
        ],
        env=env,
        timeout=1800,
    )
    (BUILD / "pyinstaller.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    if done.returncode != 0 or not (BUNDLE / "lumbago-coach.exe").exists():
        print(done.stderr[-4000:], file=sys.stderr)
        raise SystemExit(
            f"PyInstaller failed (exit {done.returncode}); see {BUILD}/pyinstaller.log"
        )
    say(f"bundle made in {time.monotonic() - started:.0f} s: {BUNDLE}")


def build_installer(icon: Path) -> None:
    if shutil.which("makensis") is None:
        raise SystemExit("makensis is needed (apt-get install nsis)")
    DIST.mkdir(exist_ok=True)
    INSTALLER.unlink(missing_ok=True)
    started = time.monotonic()
    subprocess.run(
        [
            "makensis",
            "-V2",
            "-INPUTCHARSET",
            "UTF8",
            f"-DVERSION={__version__}",
            f"-DSOURCE={BUNDLE}",
            f"-DICON={icon}",
            f"-DOUTFILE={INSTALLER}",
            ROOT / "packaging" / "windows" / "installer.nsi",
        ],
        check=True,
    )
    say(f"installer made in {time.monotonic() - started:.0f} s: {INSTALLER}")


def folder_size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


def main() -> int:
    try:
        wine.setup()
    except wine.Missing as missing:
        print(missing, file=sys.stderr)
        return 2
    icon = make_icon(BUILD / "lumbago-coach.ico")
    build_bundle(icon)
    build_installer(icon)
    unpacked, count = folder_size(BUNDLE)
    mb = 1024 * 1024
    sizes = (
        f"{INSTALLER.name}: {INSTALLER.stat().st_size / mb:.1f} MB\n"
        f"unpacked: {unpacked / mb:.1f} MB in {count} files\n"
    )
    (DIST / "windows-sizes.txt").write_text(sizes, encoding="utf-8")
    print(sizes, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
