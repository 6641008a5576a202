"""`make dist`: everything a person installs Lumbago Coach from, built into dist/.

1. the wheel and the sdist (`python -m build`), for `pipx install` where Python 3.12+ exists;
2. a self-contained bundle (PyInstaller, packaging/bundle/lumbago-coach.spec): one folder with
   the program, Python, Qt and everything the app reads; no Python needed on the target;
3. lumbago-coach_VERSION_amd64.deb: the bundle under /opt/lumbago-coach, /usr/bin/lumbago-coach,
   the .desktop file, the icon and the AppStream metainfo; its Depends are the Debian packages
   of the libraries the bundle links to and does not carry (read from the bundle's ELF files);
4. lumbago-coach-VERSION-x86_64.tar.gz: the same bundle, for other distributions.

The version is read from desktop_app/__init__.py, the one place it is written.

Run: .venv/bin/python tools/make_dist.py   (Linux, x86-64; needs dpkg-deb and readelf)
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app import APP_ID, APP_NAME, __version__  # noqa: E402

DIST = ROOT / "dist"
WORK = ROOT / ".cache" / "dist"
PACKAGE = "lumbago-coach"
PACKAGING = ROOT / "packaging"
#: Libraries the sound helper's miniaudio loads at run time (dlopen, so no ELF file names them):
#: any one of them gives sound.
SOUND_LIBRARIES = "libpulse0 | libasound2"
#: What the voice speaks with where it is installed (the app works without it).
#: A voice for "Speak the steps" after a plain `apt install` (espeak-ng is small and free);
#: clearer voices are suggested (MBROLA's, used through espeak-ng where installed: not free
#: to bundle, Debian's contrib/non-free) with speech-dispatcher, Qt's speech service.
RECOMMENDS = "espeak-ng"
SUGGESTS = "speech-dispatcher, mbrola-de7, mbrola-en1"


def run(*command: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    print("+", " ".join(str(c) for c in command), flush=True)
    return subprocess.run([str(c) for c in command], check=True, encoding="utf-8", **kwargs)  # type: ignore[call-overload, no-any-return]


def release_date() -> str:
    """The day the version was last changed (from git), or today outside a checkout."""
    found = subprocess.run(
        [
            "git",
            "log",
            "-1",
            "--format=%cs",
            "-S",
            f'__version__ = "{__version__}"',
            "--",
            "desktop_app/__init__.py",
        ],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
    )
    date = found.stdout.strip()
    return (
        date
        if found.returncode == 0 and re.fullmatch(r"\d{4}-\d\d-\d\d", date)
        else str(dt.date.today())
    )


def build_python_packages() -> None:
    run(sys.executable, "-m", "build", "--outdir", DIST, ROOT)


def build_bundle() -> Path:
    """The PyInstaller folder, built anew (a folder left from an earlier build would keep
    files the recipe now leaves out)."""
    shutil.rmtree(WORK / "bundle", ignore_errors=True)
    run(
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        WORK / "bundle",
        "--workpath",
        WORK / "pyinstaller",
        PACKAGING / "bundle" / "lumbago-coach.spec",
    )
    bundle = WORK / "bundle" / PACKAGE
    prune_orphans(bundle)
    return bundle


def prune_orphans(bundle: Path) -> None:
    """PyInstaller carries the libraries of every plugin it found, and the recipe leaves some
    plugins out (GTK's theme brought GTK and its whole stack): a carried library that nothing
    left in the bundle links to goes. Only the shared libraries beside the program are
    considered; Python's extension modules, Python itself (the program opens it by name) and
    Qt's plugins (Qt opens them) stay."""
    internal = bundle / "_internal"
    while True:
        needed = set()
        for path in elf_files(bundle):
            needed.update(linked_names(path))
        orphans = [
            path
            for path in internal.iterdir()
            if path.name.startswith("lib")
            and ".so" in path.name
            and not path.name.startswith("libpython")
            and path.name not in needed
        ]
        if not orphans:
            return
        for path in orphans:
            path.unlink()


def linked_names(path: Path) -> list[str]:
    dynamic = subprocess.run(
        ["readelf", "-d", str(path)], capture_output=True, encoding="utf-8"
    ).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic)


def metainfo() -> str:
    template = (PACKAGING / f"{APP_ID}.metainfo.xml.in").read_text(encoding="utf-8")
    return template.replace("@VERSION@", __version__).replace("@DATE@", release_date())


def desktop_entry() -> str:
    return (PACKAGING / f"{APP_ID}.desktop").read_text(encoding="utf-8")


def install_shared_files(share: Path) -> None:
    """The desktop's entries for the app: menu entry, icon, software-centre metainfo."""
    (share / "applications").mkdir(parents=True, exist_ok=True)
    (share / "applications" / f"{APP_ID}.desktop").write_text(desktop_entry(), encoding="utf-8")
    icons = share / "icons" / "hicolor" / "scalable" / "apps"
    icons.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "assets" / "icons" / f"{APP_ID}.svg", icons / f"{APP_ID}.svg")
    (share / "metainfo").mkdir(parents=True, exist_ok=True)
    (share / "metainfo" / f"{APP_ID}.metainfo.xml").write_text(metainfo(), encoding="utf-8")


# -- what the bundle needs from the system ------------------------------------------------------


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as stream:
                if stream.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def needed_libraries(folder: Path) -> set[str]:
    """Sonames the bundle's ELF files link to that the bundle does not carry itself."""
    carried = {path.name for path in folder.rglob("*")}
    needed: set[str] = set()
    for path in elf_files(folder):
        needed.update(linked_names(path))
    return {name for name in needed if name not in carried}


def system_paths() -> dict[str, str]:
    """soname → path, for the system's 64-bit libraries (from ldconfig's cache)."""
    listing = subprocess.run(["ldconfig", "-p"], capture_output=True, encoding="utf-8").stdout
    paths: dict[str, str] = {}
    for line in listing.splitlines():
        match = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
        if match and "x86-64" in match.group(2):
            paths.setdefault(match.group(1), match.group(3))
    return paths


def owning_package(path: str) -> str | None:
    for candidate in (path, os.path.realpath(path)):
        for variant in {
            candidate,
            candidate.replace("/usr/lib/", "/lib/", 1),
            candidate.replace("/lib/", "/usr/lib/", 1),
        }:
            found = subprocess.run(["dpkg", "-S", variant], capture_output=True, encoding="utf-8")
            if found.returncode == 0:
                return found.stdout.split(":")[0].strip()
    return None


def installed_version(package: str) -> str:
    return subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, encoding="utf-8"
    ).stdout.strip()


def depends(bundle: Path) -> str:
    """The Debian packages of the libraries the bundle needs from the system, each at least at
    the version it was built against; an unknown library stops the build (a package that
    installs but does not start is worse than none)."""
    paths = system_paths()
    packages: set[str] = set()
    unknown = []
    for soname in sorted(needed_libraries(bundle)):
        path = paths.get(soname)
        package = owning_package(path) if path else None
        if package is None:
            unknown.append(soname)
        else:
            packages.add(package)
    if unknown:
        raise SystemExit(f"no Debian package found for: {', '.join(unknown)}")
    # The upstream version built against (the Debian revision left off: any build of it will do).
    listed = [f"{p} (>= {installed_version(p).split('-')[0]})" for p in sorted(packages)]
    return ", ".join([*listed, SOUND_LIBRARIES])


# -- the packages ---------------------------------------------------------------------------------


def build_deb(bundle: Path) -> Path:
    root = WORK / "deb"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(bundle, root / "opt" / PACKAGE, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / PACKAGE).symlink_to(f"/opt/{PACKAGE}/{PACKAGE}")
    install_shared_files(root / "usr" / "share")
    doc = root / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: {APP_NAME}\n\nFiles: *\nCopyright: Lumbago Coach developers\n"
        "License: MIT\n",
        encoding="utf-8",
    )
    size_kib = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) // 1024
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(
        f"Package: {PACKAGE}\n"
        f"Version: {__version__}\n"
        "Architecture: amd64\n"
        "Maintainer: Lumbago Coach developers <developers@lumbagocoach.org>\n"
        f"Installed-Size: {size_kib}\n"
        f"Depends: {depends(bundle)}\n"
        f"Recommends: {RECOMMENDS}\n"
        f"Suggests: {SUGGESTS}\n"
        "Section: science\n"
        "Priority: optional\n"
        "Homepage: https://lumbagocoach.org/\n"
        "Description: guided self-massage for acute low back pain\n"
        " Lumbago Coach walks you through self-massage with a ball or a massage stick\n"
        " while you lie on the floor: each step with a picture, countdowns for the\n"
        " holds, rolls counted, and a warning when your pain ratings rise.\n"
        " .\n"
        " Your history and settings stay in your own data folder, which removing the\n"
        " package leaves alone.\n",
        encoding="utf-8",
    )
    deb = DIST / f"{PACKAGE}_{__version__}_amd64.deb"
    run("dpkg-deb", "--root-owner-group", "-Zxz", "--build", root, deb)
    return deb


def build_tarball(bundle: Path) -> Path:
    top = f"{PACKAGE}-{__version__}"
    tarball = DIST / f"{top}-x86_64.tar.gz"
    staging = WORK / "tar" / top
    shutil.rmtree(WORK / "tar", ignore_errors=True)
    shutil.copytree(bundle, staging, symlinks=True)
    install_shared_files(staging / "share")
    (staging / "README.txt").write_text(
        f"{APP_NAME} {__version__}, self-contained: no Python or Qt is needed.\n\n"
        f"Start it:             ./{PACKAGE}\n"
        "Put it in your menu:  ./install.sh            (for you only, in ~/.local)\n"
        "Take it out again:    ./install.sh --remove\n\n"
        "Your history and settings are kept in ~/.local/share/lumbago-coach/: removing the\n"
        "app, or deleting this folder, leaves them there.\n",
        encoding="utf-8",
    )
    script = staging / "install.sh"
    script.write_text(TARBALL_INSTALL.replace("@APP_ID@", APP_ID), encoding="utf-8")
    script.chmod(0o755)
    with tarfile.open(tarball, "w:gz") as archive:
        archive.add(staging, arcname=top)
    return tarball


#: The tarball's menu entry for one person: the .desktop file names this folder's program.
TARBALL_INSTALL = """#!/bin/sh
# Adds Lumbago Coach to your applications menu (for you only); --remove takes it out again.
# Your history and settings (~/.local/share/lumbago-coach) are never touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
share=${XDG_DATA_HOME:-$HOME/.local/share}
entry="$share/applications/@APP_ID@.desktop"
icon="$share/icons/hicolor/scalable/apps/@APP_ID@.svg"
if [ "${1:-}" = "--remove" ]; then
    rm -f "$entry" "$icon"
    echo "Lumbago Coach is out of your menu. Your data is still in $share/lumbago-coach."
    exit 0
fi
mkdir -p "$share/applications" "$share/icons/hicolor/scalable/apps"
sed "s|^Exec=.*|Exec=\\"$here/lumbago-coach\\"|" "$here/share/applications/@APP_ID@.desktop" > "$entry"
cp "$here/share/icons/hicolor/scalable/apps/@APP_ID@.svg" "$icon"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$share/applications" || true
echo "Lumbago Coach is in your applications menu."
"""


def main() -> int:
    DIST.mkdir(exist_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    for old in DIST.glob(f"*{__version__}*"):
        old.unlink()
    build_python_packages()
    bundle = build_bundle()
    made = [build_deb(bundle), build_tarball(bundle)]
    for path in sorted(DIST.iterdir()):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size / 1024 / 1024:.1f} MiB")
    return 0 if all(p.exists() for p in made) else 1


if __name__ == "__main__":
    sys.exit(main())
