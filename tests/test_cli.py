"""The window-less commands: output, exit codes, and that they never load Qt."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.cli import main
from tests.conftest import VALID_ROUTINE

WriteRoutine = Callable[..., Path]


def test_list_shows_every_bundled_routine_with_steps_and_duration(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["ID", "TITLE", "STEPS", "DURATION", "FOLDER"]
    rows = {line.split()[0]: line for line in out[1:]}
    assert set(rows) == {
        "immediate-relief",
        "lower-back-stick",
        "lower-back-ball",
        "buttocks-ball",
        "daily-session",
    }
    assert "Immediate relief" in rows["immediate-relief"]
    assert " 6 " in rows["immediate-relief"] and "~5 min" in rows["immediate-relief"]


def test_list_includes_user_routines_from_the_data_dir(
    capsys: pytest.CaptureFixture[str], write_routine: WriteRoutine, tmp_path: Path
) -> None:
    data = tmp_path / "elsewhere"
    write_routine(VALID_ROUTINE, folder=data / "routines")
    assert main(["--data-dir", str(data), "--list"]) == 0
    assert "test-routine" in capsys.readouterr().out


def test_list_reports_broken_user_routines_on_stderr_and_still_lists_the_rest(
    capsys: pytest.CaptureFixture[str], write_routine: WriteRoutine, isolated_data_dir: Path
) -> None:
    broken = write_routine(
        "schema: 1\nid: x\n  bad: indent\n", folder=isolated_data_dir / "routines"
    )
    assert main(["--list"]) == 0
    captured = capsys.readouterr()
    assert "immediate-relief" in captured.out
    assert f"{broken}:3: YAML syntax error" in captured.err


def test_validate_all_bundled_routines_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--validate"]) == 0
    assert capsys.readouterr().out.strip() == "All 5 routines are valid."


def test_validate_given_file_with_problems_exits_1_and_prints_each(
    capsys: pytest.CaptureFixture[str], write_routine: WriteRoutine
) -> None:
    path = write_routine(
        VALID_ROUTINE.replace("cap: 15", "cap: 30").replace("schema: 1", "schema: 0")
    )
    assert main(["--validate", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{path}:1: schema 0 is not supported (this version reads schema 1)",
        f"{path}:21: step 3 cap is 30, but a spot is rolled at most 15 times",
        "2 problems found.",
    ]


def test_validate_a_folder_checks_every_file_in_it(
    capsys: pytest.CaptureFixture[str], write_routine: WriteRoutine
) -> None:
    good = write_routine(VALID_ROUTINE, "good.yaml")
    write_routine(VALID_ROUTINE.replace("id: test-routine", "id: second"), "second.yml")
    assert main(["--validate", str(good.parent)]) == 0
    assert "All 2 routines are valid." in capsys.readouterr().out


def test_validate_a_missing_path_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["--validate", str(tmp_path / "nope.yaml")]) == 1
    assert "nope.yaml: no such file or folder" in capsys.readouterr().err


def test_version_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == "lumbago-coach 0.1.0"


def test_bad_speed_is_a_clear_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--speed", "fast", "--list"])
    assert exited.value.code == 2
    assert "--speed: must be a number" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command", [["--list"], ["--validate"], ["--version"], ["--export-csv", "/dev/null"]]
)
def test_window_less_commands_never_load_qt(command: list[str]) -> None:
    code = (
        "import sys\n"
        "from desktop_app.cli import main\n"
        f"try:\n    main({command!r})\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not loaded, loaded\n"
    )
    env_free_of_display = {
        "PATH": "/usr/bin:/bin",
        "QT_QPA_PLATFORM": "",
        "PYTHONIOENCODING": "utf-8",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        encoding="utf-8",
        env=env_free_of_display,
        cwd=Path(__file__).parent.parent,
    )
    assert result.returncode == 0, result.stderr


def test_python_m_desktop_app_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--version"], capture_output=True, encoding="utf-8"
    )
    assert result.stdout.strip() == "lumbago-coach 0.1.0"


@pytest.mark.parametrize("display", [None, ":97"])  # none at all, and a stale one
def test_the_window_without_a_display_fails_with_a_plain_message(display: str | None) -> None:
    assert not Path("/tmp/.X11-unix/X97").exists()
    env = {"PATH": "/usr/bin:/bin"} | ({"DISPLAY": display} if display else {})
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app"],
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        env=env,
        cwd=Path(__file__).parent.parent,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("No display found")
    assert "Traceback" not in result.stderr


def test_list_never_writes_escape_sequences_or_bidi_overrides(
    capsys: pytest.CaptureFixture[str], write_routine: WriteRoutine, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    hostile = VALID_ROUTINE.replace(
        "title: Test routine", 'title: "Evil \\e[2J\\e[31mred \\u202Egnp.exe"'
    )
    write_routine(hostile, folder=data / "routines")
    assert main(["--list", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert "Evil \\u001b[2J\\u001b[31mred \\u202egnp.exe" in out


def test_validate_never_lets_a_file_clear_the_screen_or_forge_a_line(
    capsys: pytest.CaptureFixture[str], write_routine: WriteRoutine, tmp_path: Path
) -> None:
    """A key is printed in its problem: with an escape sequence it cleared the screen of
    --validate, and with a newline it could print a fake verdict."""
    data = tmp_path / "data"
    hostile = VALID_ROUTINE.replace(
        "title: Test routine",
        'title: Test routine\n"\\e[2J\\e[H\\nAll 5 routines are valid.": 1',
    )
    write_routine(hostile, folder=data / "routines")
    assert main(["--validate", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert not any(line.startswith("All 5 routines") for line in err.splitlines()), err
    assert "\\u001b[2J\\u001b[H\\u000aAll 5 routines are valid." in err


def test_export_refuses_a_device_or_a_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for target in ("/dev/null", str(tmp_path)):
        assert main(["--export-csv", target, "--data-dir", str(tmp_path / "data")]) == 2
        assert "not a regular file" in capsys.readouterr().err
    assert Path("/dev/null").is_char_device()


def test_export_to_standard_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--export-csv", "-", "--data-dir", str(tmp_path / "data")]) == 0
    assert capsys.readouterr().out.startswith("timestamp,session_id,routine_id")


def test_export_keeps_the_files_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    data = tmp_path / "data"
    from desktop_app.core.history import History
    from desktop_app.paths import history_path

    data.mkdir(exist_ok=True)
    History(history_path(data)).close()
    assert main(["--export-csv", str(target), "--data-dir", str(data)]) == 0
    assert target.stat().st_mode & 0o777 == 0o600


def test_validate_reports_duplicate_ids_and_bad_folders(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import os

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "a.yaml").write_text(VALID_ROUTINE, encoding="utf-8")
    (folder / "b.yaml").write_text(VALID_ROUTINE, encoding="utf-8")
    loop = tmp_path / "loop.yaml"
    os.symlink(loop, loop)
    assert main(["--validate", str(folder), str(loop)]) == 1
    err = capsys.readouterr().err
    # On the line of its `id:`, as the window's list says it: one rule for both.
    id_line = next(n for n, text in enumerate(VALID_ROUTINE.splitlines(), 1) if text[:3] == "id:")
    assert f"b.yaml:{id_line}: the id “test-routine” is already used by" in err
    assert "loop.yaml: a symbolic link that leads nowhere (or in a loop)" in err


def test_export_never_changes_the_data_folder_and_fails_on_an_unreadable_history(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "history.sqlite3").write_bytes(b"this is not a database at all" * 100)
    before = sorted(p.name for p in data.iterdir())
    assert main(["--export-csv", str(tmp_path / "out.csv"), "--data-dir", str(data)]) == 1
    assert "could not be read" in capsys.readouterr().err
    assert sorted(p.name for p in data.iterdir()) == before  # nothing renamed or added


def test_a_listing_into_a_pipe_that_cannot_spell_an_arrow_never_fails(tmp_path: Path) -> None:
    """Windows writes into a pipe or a file in its old code page (cp1252 here), which has no →:
    a routine titled with one is listed with a stand-in, never a traceback."""
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "arrows.yaml").write_text(
        VALID_ROUTINE.replace("test-routine", "arrows").replace(
            "title: Test routine", "title: Roll → hold ✓"
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--list", "--data-dir", str(tmp_path)],
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "cp1252"},
    )
    assert result.returncode == 0, result.stderr.decode("cp1252", "replace")
    assert "Roll ? hold ?" in result.stdout.decode("cp1252")
