"""The `lumbago-coach` command: options, and the window-less commands (--list, --validate and
--export-csv never load Qt; --report draws its page with Qt, offscreen where there is no
display)."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from desktop_app import __version__
from desktop_app.core.problems import Library, Problem, first_of_each_id, folder_unreadable
from desktop_app.core.report import DEFAULT_DAYS, MAX_DAYS
from desktop_app.core.routines import Routine
from desktop_app.i18n import N_, _, chosen_in, ngettext, set_language
from desktop_app.library import load_all
from desktop_app.paths import data_dir, history_path, settings_path
from desktop_app.resources import assets_dir
from desktop_app.terminal import printable, say


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("must be a number, e.g. 4")) from None
    if not 0.1 <= value <= 100:
        raise argparse.ArgumentTypeError(_("must be between 0.1 and 100"))
    return value


def _requested_language(arguments: Sequence[str]) -> str | None:
    """`--lang CODE` or `--lang=CODE`, read before the parser exists (None: the system's)."""
    for index, argument in enumerate(arguments):
        if argument.startswith("--lang="):
            return argument.split("=", 1)[1]
        if argument == "--lang" and index + 1 < len(arguments):
            return arguments[index + 1]
    return None


#: argparse's own words a person meets (usage, headings, its errors). argparse looks each up
#: through its module's `_` when it shows it; `_speak_argparse_in_our_language` points that at
#: our catalogue, and these marks put the words there.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
)


def _speak_argparse_in_our_language() -> None:
    # argparse calls gettext's module-level function, which reads the environment, not --lang.
    setattr(argparse, "_", _)  # noqa: B010 (the name `_` is the point)


def build_parser() -> argparse.ArgumentParser:
    _speak_argparse_in_our_language()
    parser = argparse.ArgumentParser(
        prog="lumbago-coach",
        description=_(
            "Guided self-massage for acute low back pain. Without options, opens the window."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=_("show the version and exit"),
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_(
            "folder for settings, history and your own routines "
            "(default: $LUMBAGO_COACH_DATA_DIR or your user data folder)"
        ),
    )
    parser.add_argument("--routine", metavar="ID", help=_("open straight into this routine"))
    parser.add_argument(
        "--lang",
        metavar="CODE",
        help=_("the language to use, e.g. de (default: the system's; qps: the test language)"),
    )
    parser.add_argument(
        "--speed",
        metavar="N",
        type=_speed,
        default=1.0,
        help=_("run every timer that many times faster, to preview a routine"),
    )
    parser.add_argument(
        "--sound",
        choices=("helper", "qt", "playsound", "off"),
        help=_(
            "force a way to play sound: the sound helper process (default; “qt” is its old "
            "name), playsound3, or off"
        ),
    )
    parser.add_argument(
        "--remote",
        metavar="ADDRESS",
        nargs="?",
        const="",
        help=_(
            "turn the phone remote on at start, on this computer's local-network address "
            "(or on ADDRESS, a private one or 127.0.0.1), and print the page's address"
        ),
    )
    commands = parser.add_mutually_exclusive_group()
    commands.add_argument("--list", action="store_true", help=_("list the routines and exit"))
    commands.add_argument(
        "--validate",
        nargs="*",
        metavar="PATH",
        help=_("check all routines, or the given files or folders; exit 1 on any problem"),
    )
    commands.add_argument(
        "--export-csv",
        metavar="FILE",
        help=_(
            "write the whole history, one row per event, to a CSV file (- for standard "
            "output) and exit"
        ),
    )
    commands.add_argument(
        "--report",
        metavar="FILE.pdf",
        help=_(
            "write a one-page report for your doctor (the daily back checks, the warning-signs "
            "check, the sessions) to a PDF file and exit; works without a display"
        ),
    )
    parser.add_argument(
        "--days",
        metavar="N",
        type=_days,
        default=None,
        help=_("with --report: how many days back it looks (default: {days})").format(
            days=DEFAULT_DAYS
        ),
    )
    return parser


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = 0
    if not 1 <= days <= MAX_DAYS:
        raise argparse.ArgumentTypeError(
            _("a number of days from 1 to {most}").format(most=MAX_DAYS)
        )
    return days


def write_report(target: Path, days: int, data: Path, out: TextIO, err: TextIO) -> int:
    """--report: read the history (never changing it) and write the report as PDF."""
    from desktop_app.core.history import History
    from desktop_app.core.history_schema import HistoryError
    from desktop_app.settings import Settings

    if target.exists() and not target.is_file():
        say(_("Cannot write {target}: it is not a regular file.").format(target=target), err)
        return 2
    source = history_path(data)
    history = History(source, read_only=True) if source.exists() else None
    if history is not None and not history.available:
        say(history.problem, err)
        return 1
    # Fonts and the PDF writer need a QGuiApplication; without a display, one drawing offscreen.
    if not _display_available():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    from desktop_app.app.report import make_report
    from desktop_app.i18n import language_tag
    from desktop_app.qt.report_pdf import ReportError, write_pdf
    from desktop_app.qt.widgets import use_language

    application = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    use_language(application, language_tag())  # the dates in the person's language too
    try:
        report = make_report(history, Settings(data), days)
        pages = write_pdf(report, target)
        if report.left_out:
            say(report.left_out, err)
    except ReportError as error:
        say(error, err)
        return 1
    except HistoryError as error:
        say(error, err)
        return 1
    finally:
        if history is not None:
            history.close()
    say(
        ngettext(
            "Wrote the report for your doctor to {target} ({pages} page).",
            "Wrote the report for your doctor to {target} ({pages} pages).",
            pages,
        ).format(target=target, pages=pages),
        out,
    )
    return 0


def _print_problems(problems: Sequence[Problem], out: TextIO) -> None:
    for problem in problems:
        say(problem, out)


def list_routines(library: Library, out: TextIO, err: TextIO) -> int:
    rows = [
        (
            printable(r.id),
            printable(r.title),
            str(len(r.steps)),
            _("~{minutes} min").format(minutes=r.estimated_minutes()),
            printable(str(r.source.parent)),
        )
        for r in library.routines
    ]
    header = (_("ID"), _("TITLE"), _("STEPS"), _("DURATION"), _("FOLDER"))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        say(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip(),
            out,
        )
    if library.problems:
        say(_("Some routine files have problems (run --validate for details):"), err)
        _print_problems(library.problems, err)
    return 0


def validate(paths: Sequence[str], data: Path, out: TextIO, err: TextIO) -> int:
    from desktop_app.core.loader import read_routine, routine_files  # YAML: not for the window

    if not paths:
        library = load_all(data)
        problems = list(library.problems)
        checked = len(library.routines)
    else:
        problems = []
        loaded: list[Routine] = []
        for name in paths:
            target = Path(name)
            try:
                if target.is_dir():
                    files = routine_files(target)
                elif target.exists():
                    files = [target]
                elif target.is_symlink():
                    problems.append(
                        Problem(target, 0, _("a symbolic link that leads nowhere (or in a loop)"))
                    )
                    continue
                else:
                    problems.append(Problem(target, 0, _("no such file or folder")))
                    continue
            except OSError as error:
                problems.append(folder_unreadable(target, error))
                continue
            for path in files:
                result = read_routine(path, assets_dir())
                problems.extend(result.problems)
                if result.routine is not None:
                    loaded.append(result.routine)
        # As the app does: the second file with an id is not loaded.
        routines, twice = first_of_each_id(loaded)
        problems.extend(twice)
        checked = len(routines)
    _print_problems(problems, err)
    if problems:
        found = ngettext("{count} problem found.", "{count} problems found.", len(problems))
        say(found.format(count=len(problems)), err)
        return 1
    valid = ngettext("The routine is valid.", "All {count} routines are valid.", checked)
    say(valid.format(count=checked), out)
    return 0


def export_csv(target: Path, data: Path, out: TextIO, err: TextIO) -> int:
    from desktop_app.core import history_csv
    from desktop_app.core.history import History
    from desktop_app.core.history_csv import CSV_COLUMNS

    source = history_path(data)
    to_stdout = str(target) == "-"
    if not to_stdout and target.exists() and not target.is_file():
        # A device node or a folder is never replaced by a regular file.
        say(_("Cannot write {target}: it is not a regular file.").format(target=target), err)
        return 2
    try:
        if to_stdout:
            history = History(source, read_only=True) if source.exists() else None
            if history is None:
                say(",".join(CSV_COLUMNS), out)
                return 0
            if not history.available:
                say(history.problem, err)
                return 1
            history_csv.write_csv(history, out)
            history.close()
            if history.left_out:
                say(history.left_out, err)
            return 0
        if not source.exists():
            target.write_text(",".join(CSV_COLUMNS) + "\n", encoding="utf-8")
            message = _("There is no history yet in {folder}; wrote just the header to {target}.")
            say(message.format(folder=data, target=target), out)
            return 0
        history = History(source, read_only=True)
        if not history.available:
            say(history.problem, err)
            return 1
        count = history_csv.export_csv(history, target)
        history.close()
        if history.left_out:
            say(history.left_out, err)
    except OSError as error:
        reason = error.strerror or str(error)
        say(_("Cannot write {target}: {reason}.").format(target=target, reason=reason), err)
        return 1
    say(_("Wrote {count} events to {target}.").format(count=count, target=target), out)
    return 0


def _display_available() -> bool:
    """Qt aborts the process without a display; say so plainly instead (Linux and BSDs)."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    wayland = os.environ.get("WAYLAND_DISPLAY")
    if wayland:
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        if Path(wayland).is_absolute() or (runtime and (Path(runtime) / wayland).exists()):
            return True
    return _x_display_reachable(os.environ.get("DISPLAY", ""))


def _x_display_reachable(display: str) -> bool:
    """A local display (":0") has a socket in /tmp/.X11-unix; a stale DISPLAY has none. A
    remote one ("host:10.0", ssh forwarding) is trusted: Qt will say what it finds."""
    if not display:
        return False
    host, _colon, rest = display.rpartition(":")
    if host not in ("", "unix"):
        return True
    number = rest.split(".")[0]
    return number.isdigit() and Path(f"/tmp/.X11-unix/X{number}").exists()


def _never_fail_to_print() -> None:
    """A character the output cannot spell becomes '?', never a traceback: Windows writes into
    a pipe or a file in its old code page (cp1252 has no → or ✓)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # a windowed app on Windows has none at all
            stream.reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _never_fail_to_print()
    arguments = list(sys.argv[1:] if argv is None else argv)
    # The language first: the help text itself is translated.
    requested = _requested_language(arguments)
    in_use = set_language(requested)
    if requested and not in_use and requested.split("_")[0] != "en":
        say(
            _("There is no translation for “{language}”; Lumbago Coach speaks English.").format(
                language=requested[:20]
            ),
            sys.stderr,
        )
    args = build_parser().parse_args(arguments)
    data = data_dir(args.data_dir)
    if requested is None:
        # View → Settings → Language, when the person chose one there.
        set_language(chosen_in(settings_path(data)))
    if args.list:
        return list_routines(load_all(data), sys.stdout, sys.stderr)
    if args.validate is not None:
        return validate(args.validate, data, sys.stdout, sys.stderr)
    if args.export_csv:
        return export_csv(Path(args.export_csv), data, sys.stdout, sys.stderr)
    if args.report:
        days = args.days or DEFAULT_DAYS
        return write_report(Path(args.report), days, data, sys.stdout, sys.stderr)
    if not _display_available():
        say(
            _(
                "No display found: the window needs a desktop session (DISPLAY or WAYLAND_DISPLAY "
                "naming one that is running). "
                "--list, --validate, --export-csv and --report work without one."
            ),
            sys.stderr,
        )
        return 1
    from desktop_app.app.run import run_app  # Qt is loaded only for the window.

    return run_app(
        data_dir=data,
        routine_id=args.routine,
        speed=args.speed,
        sound=args.sound,
        remote=args.remote,
    )
