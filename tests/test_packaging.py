"""What `make dist` puts into the packages, checked without building them (the build and the
clean-Debian install are `make dist-test`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import APP_ID, __version__
from desktop_app.resources import RUN_MODULE, module_command

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import make_dist  # type: ignore[import-not-found]  # noqa: E402


def test_the_metainfo_carries_the_one_version_and_validates(tmp_path: Path) -> None:
    text = make_dist.metainfo()
    assert f'<release version="{__version__}"' in text
    assert "@" not in text  # every placeholder filled
    if shutil.which("appstreamcli") is None:
        pytest.skip("appstreamcli is not installed")
    path = tmp_path / f"{APP_ID}.metainfo.xml"
    path.write_text(text, encoding="utf-8")
    # --no-net: the screenshots' addresses cannot be fetched from here.
    checked = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(path)], capture_output=True, encoding="utf-8"
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    said = [line for line in checked.stdout.splitlines() if line[:2] in ("E:", "W:")]
    assert not said, said


def test_the_wheel_reads_the_version_from_the_package() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert 'path = "desktop_app/__init__.py"' in pyproject


def test_a_second_process_of_the_app_is_started_by_the_bundle_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert module_command("desktop_app.audio.helper", "x") == [
        sys.executable,
        "-m",
        "desktop_app.audio.helper",
        "x",
    ]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert module_command("desktop_app.audio.helper", "x") == [
        sys.executable,
        RUN_MODULE,
        "desktop_app.audio.helper",
        "x",
    ]


def test_the_bundle_program_runs_the_sound_helper_when_asked() -> None:
    program = ROOT / "packaging" / "bundle" / "lumbago-coach.py"
    helper = subprocess.run(
        [sys.executable, str(program), RUN_MODULE, "desktop_app.audio.helper"],
        capture_output=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=60,
    )
    assert helper.returncode == 2 and "desktop_app.audio.helper SOUNDS_DIR" in helper.stderr
    app = subprocess.run(
        [sys.executable, str(program), "--version"], capture_output=True, encoding="utf-8", cwd=ROOT
    )
    assert app.stdout.strip() == f"lumbago-coach {__version__}"


def test_the_tarball_puts_the_app_in_the_menu_and_takes_it_out(tmp_path: Path) -> None:
    folder = tmp_path / "unpacked here"  # a space in the path: the menu entry must still start it
    make_dist.install_shared_files(folder / "share")
    (folder / "install.sh").write_text(
        make_dist.TARBALL_INSTALL.replace("@APP_ID@", APP_ID), encoding="utf-8"
    )
    home = tmp_path / "home"
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / "share"), "PATH": "/usr/bin:/bin"}
    subprocess.run(["sh", str(folder / "install.sh")], env=env, check=True, capture_output=True)
    entry = home / "share" / "applications" / f"{APP_ID}.desktop"
    assert f'Exec="{folder}/lumbago-coach"' in entry.read_text(encoding="utf-8").splitlines()
    icon = home / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert icon.exists()
    (home / "share" / "lumbago-coach").mkdir()  # the person's data
    removed = subprocess.run(
        ["sh", str(folder / "install.sh"), "--remove"],
        env=env,
        capture_output=True,
        encoding="utf-8",
    )
    assert removed.returncode == 0
    assert not entry.exists() and not icon.exists()
    assert (home / "share" / "lumbago-coach").is_dir()
    assert "lumbago-coach" in removed.stdout  # says where the data is
