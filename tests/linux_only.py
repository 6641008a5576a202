"""Tests that `make test-windows` (the Windows Python under Wine) skips, each with its reason.

Two kinds, kept apart so that neither hides the other:

- LINUX_ONLY: what only Linux has or only the Linux checkout does (development tools, FIFOs,
  POSIX permissions and signals, espeak-ng and speech-dispatcher, the .deb and the tarball).
- NOT_YET_ON_WINE: tests that fail under Wine 8 for reasons not yet told apart into a Windows
  fault or a Wine gap. Each is an open question for someone with a real Windows machine; none is
  called Linux-only until it is understood.

A key is a test's node id, or the start of one (a whole file, or every parameter of a test).
"""

from __future__ import annotations

LINUX_ONLY: dict[str, str] = {
    "tests/test_architecture.py": (
        "development checks (ruff, mypy, import-linter, sh tools/find-python, git) run in the "
        "Linux checkout; the Windows Python has the app and pytest only"
    ),
    "tests/test_packaging.py": "the .deb, the tarball and the AppStream metainfo are Linux's",
    "tests/test_translations.py::test_the_template_holds_every_text_in_the_code": (
        "pybabel extracts the template in the Linux checkout (make translations)"
    ),
    "tests/test_translations.py::test_a_language_code_is_only_ever_a_code": (
        "builds a relative path from the temporary folder to the app; under Wine they are on "
        "different drives (C: and Z:), and no relative path exists"
    ),
    "tests/test_special_files.py": "named pipes in the data folder (os.mkfifo) exist on Linux only",
    "tests/test_loader.py::test_a_device_or_a_pipe_is_refused_not_read": (
        "a FIFO and /dev/zero as routines: Linux files"
    ),
    "tests/test_pictures.py::test_a_named_pipe_or_a_doctype_is_refused_without_opening_it": (
        "a FIFO behind a picture: Linux files"
    ),
    "tests/test_pictures.py::test_the_window_draws_the_placeholder_for_a_refused_picture": (
        "the refused picture is a FIFO: Linux files"
    ),
    "tests/test_audio.py::test_espeak_voice_cuts_a_stale_sentence_short": "espeak-ng is Linux's voice",
    "tests/test_audio.py::test_the_voice_prefers_an_installed_mbrola_voice": "MBROLA is Linux's voice",
    "tests/test_audio.py::test_without_a_speech_service_the_voice_is_chosen_without_loading_qt_speech": (
        "speech-dispatcher is Linux's speech service; Windows always has its own"
    ),
    "tests/test_audio.py::test_the_voice_speaks_the_apps_language_or_not_at_all": (
        "checks espeak-ng's voices; on Windows the voice is SAPI's, and Wine 8's SAPI crashes "
        "when Qt opens it (a null read), so no Windows voice can be tried here"
    ),
    "tests/test_cli.py::test_the_window_without_a_display_fails_with_a_plain_message": (
        "DISPLAY and X11 are Linux's; Windows always has a desktop"
    ),
    "tests/test_cli.py::test_export_keeps_the_files_permissions": "POSIX file modes",
    "tests/test_cli.py::test_validate_reports_duplicate_ids_and_bad_folders": (
        "an unreadable folder is made with chmod, which Windows ignores"
    ),
    "tests/test_reliability.py::test_a_killed_app_keeps_the_session_and_shows_it_as_interrupted": (
        "kills with SIGKILL, which Windows does not have"
    ),
    "tests/test_history.py::test_a_killed_app_leaves_every_event_before_the_kill_readable": (
        "kills with SIGKILL, which Windows does not have"
    ),
    "tests/test_history.py::test_a_full_disk_mid_session_is_reported_once_and_the_session_goes_on": (
        "a full disk is a small tmpfs mounted for the test"
    ),
    "tests/test_reliability.py::test_a_read_only_data_folder_starts_the_app_and_says_nothing_is_kept": (
        "a read-only folder is made with chmod, which Windows ignores"
    ),
    "tests/test_sound_helper.py::test_playing_never_waits_for_a_stuck_helper": (
        "Qt gives a Windows child a 1 MiB stdin pipe (qprocess_win.cpp), so 10,000 cues never "
        "back up; there a stuck helper is found by its unanswered ping ([hang] in the same file)"
    ),
    "tests/test_pseudo_locale.py::test_every_view_reads_in_the_language_and_fits": (
        "passes the screen to Qt's offscreen platform as configfile=PATH, and Qt splits platform "
        "arguments at ':', which a Windows path (C:\\…) has"
    ),
}

NOT_YET_ON_WINE: dict[str, str] = {
    "tests/test_library.py::test_a_file_edited_in_place_with_the_same_size_is_still_seen": (
        "an edit in the same second is not seen under Wine (file times); not yet understood"
    ),
}


def reason_to_skip(nodeid: str) -> str | None:
    """Why a test does not run on Windows, or None when it does."""
    for table, kind in ((LINUX_ONLY, "Linux only"), (NOT_YET_ON_WINE, "not yet on Windows")):
        for key, reason in table.items():
            if nodeid == key or nodeid.startswith((f"{key}::", f"{key}[")):
                return f"{kind}: {reason}"
    return None
