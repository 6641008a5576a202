"""The report a GP reads in a minute: a known 14-day episode, lived through the session engine
and the history as a person would, printed, and read back with pdftotext in English and German.

The episode: back checks 8, 8, 7, 5, 4, then 7 on day 6 (a long drive), then 4, 3, 3, 2, 3, 2;
15 sessions (the first of day 1 stopped early after pressing too hard); the red-flag check
answered on days 1, 6 and 13; the three questions answered at the first check.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.clock import FakeClock
from desktop_app.core.episode import EpisodeAnswers, LegPain, Relief, Trigger
from desktop_app.core.history import History, Movement
from desktop_app.core.recorder import HistoryRecorder
from desktop_app.core.report import MIN_CHART_DAYS, SafetyRecord, Trend, build
from desktop_app.core.routines import Routine, Step
from desktop_app.core.safety import Answer, Asked
from desktop_app.core.session import EngineOptions, SessionEngine
from desktop_app.i18n import set_language
from desktop_app.qt.widgets import use_language
from tests.engine_helpers import BY_HAND, Session, activity, hold, prepare, rolling, routine

TODAY = dt.date(2026, 12, 5)
ONSET = TODAY - dt.timedelta(days=13)  # day 1; today is day 14
#: Back checks by day of the episode (none on days 9 and 12).
CHECKS = {1: 8, 2: 8, 3: 7, 4: 5, 5: 4, 6: 7, 7: 4, 8: 3, 10: 3, 11: 2, 13: 3, 14: 2}
HARDLY, EFFORT = {1, 2}, {3, 6}
#: Session days; day 1 and 2 twice. Day 12: lying and walking only (nothing pressed).
SESSION_DAYS = [1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14]
SAFETY = [(1, Asked.FIRST), (6, Asked.WORSE), (13, Asked.WEEKLY)]

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def on(day: int) -> dt.date:
    return ONSET + dt.timedelta(days=day - 1)


def named(steps: tuple[Step, ...], title: str) -> Routine:
    return dataclasses.replace(routine(*steps), id=title.lower().replace(" ", "-"), title=title)


def live_a_session(history: History, wall: list[dt.datetime], day: int, stop: bool) -> None:
    """One session through the engine, its events written by the app's own recorder; the wall
    clock follows the engine's."""
    pressing = day != 12
    steps = (
        (prepare(title="Lie down"), hold(), rolling(), activity(30))
        if pressing
        else (prepare(title="Lie down"), activity(30))
    )
    title = "Immediate relief" if pressing else "Lie and walk"
    clock = FakeClock(1000.0)
    options = EngineOptions(**{**BY_HAND, "auto_advance": False})  # type: ignore[arg-type]
    s = Session(SessionEngine(named(steps, title), clock, options), clock)
    start_at, started = wall[0], s.clock.now()
    history.now = lambda: start_at + dt.timedelta(seconds=s.clock.now() - started)
    s.engine.subscribe(HistoryRecorder(history))
    assert s.engine.start()
    s.engine.rate_pain(6)  # lying on the floor: back pain, not pressure
    s.wait(5)
    s.engine.next_step()
    if pressing:
        s.wait(3)
        s.engine.rate_pain(5)  # the hold: 5, then 4 as it eases
        s.wait(15)
        s.engine.rate_pain(4)
        s.wait(20)
        s.engine.next_step()  # rolling
        s.engine.rate_pain(5)
        if stop:
            s.engine.rate_pain(8)  # pressed too hard
            s.wait(2)
            assert s.engine.stop()
            return
        s.engine.rate_pain(4)
        for _roll in range(5):
            s.engine.count_repetition()
            s.wait(2)
        s.engine.next_step()
    s.engine.rate_pain(7)  # walking: back pain, not pressure
    s.wait(35)
    s.engine.next_step()
    assert s.engine.finished


def fourteen_days(folder: Path) -> History:
    wall = [dt.datetime.combine(ONSET, dt.time(8)).astimezone()]
    history = History(folder / "history.sqlite3", now=lambda: wall[0])
    history.onset = ONSET
    for day in range(1, 15):
        wall[0] = dt.datetime.combine(on(day), dt.time(8)).astimezone()
        history.now = lambda: wall[0]
        if day in CHECKS:
            moving = (
                Movement.HARDLY
                if day in HARDLY
                else Movement.WITH_EFFORT
                if day in EFFORT
                else Movement.ALMOST_NORMALLY
            )
            history.add_back_check(on(day), CHECKS[day], moving)
        if day == 1:
            history.set_episode_answers(
                ONSET,
                EpisodeAnswers(Trigger.LIFTING, LegPain.ABOVE_KNEE, Relief.PHARMACY).stored(),
            )
        for asked_on, why in SAFETY:
            if asked_on == day:
                history.add_safety_answer(why, Answer.NONE_APPLY, ())
        for index, session_day in enumerate(SESSION_DAYS):
            if session_day == day:
                wall[0] = dt.datetime.combine(on(day), dt.time(10 + index % 2 * 8)).astimezone()
                live_a_session(history, wall, day, stop=index == 0)
    history.now = lambda: dt.datetime.combine(TODAY, dt.time(20)).astimezone()
    return history


def test_the_report_tells_the_episode_as_it_went(tmp_path: Path) -> None:
    history = fourteen_days(tmp_path)
    report = build(history, TODAY, SafetyRecord(Answer.NONE, None), "9.9")
    summary = report.summary
    assert summary.worst is not None and (summary.worst.rating, summary.worst.day) == (8, ONSET)
    assert summary.latest is not None and (summary.latest.rating, summary.latest.day) == (2, TODAY)
    assert summary.trend is Trend.SETTLED and summary.baseline == 8
    assert [(c.day, before, c.rating) for c, before in summary.setbacks] == [(on(6), 5, 7)]
    assert (summary.sessions, summary.stopped_early, summary.stopped_after_warning) == (15, 1, 1)
    # The chart starts at the onset (nothing was noted before it), not 42 days back.
    assert report.chart_span == (ONSET, TODAY)
    assert [(e.day, e.asked, e.answer) for e in report.safety] == [
        (on(day), why, Answer.NONE_APPLY) for day, why in SAFETY
    ]
    (suggested,) = report.suggestions
    assert suggested.day == on(6) and "rose from 5 to 7" in suggested.record
    assert suggested.then is not None and (suggested.then.day, suggested.then.rating) == (on(7), 4)
    # One line a day, oldest first, the first days always there.
    days = [line.day for line in report.first_days + report.latest_days]
    assert days[:2] == [on(1), on(2)] and report.first_days[0].sessions == 2
    lines = {line.day: line for line in report.first_days + report.latest_days}
    # Highest pressure: the hold and the roll (5, 8 on day 1), never lying (6) or walking (7).
    assert lines[on(1)].highest == 8 and lines[on(3)].highest == 5
    assert lines[on(12)].highest is None  # lying and walking only: nothing pressed
    assert report.outcomes.holds_eased == 14 and report.outcomes.holds_not_eased == 0
    assert (report.answers.trigger, report.answers.leg) == (Trigger.LIFTING, LegPain.ABOVE_KNEE)


def test_a_two_day_and_a_sixty_day_episode_both_give_a_readable_chart(tmp_path: Path) -> None:
    for length in (2, 60):
        history = History(tmp_path / f"{length}.sqlite3", now=lambda: dt.datetime(2026, 12, 5, 9))
        onset = TODAY - dt.timedelta(days=length - 1)
        history.onset = onset
        for back in range(length):
            history.add_back_check(onset + dt.timedelta(days=back), max(1, 8 - back), None)
        report = build(history, TODAY, SafetyRecord(Answer.NONE, None), "9.9", days=90)
        first, last = report.chart_span
        assert first == onset
        assert (last - first).days + 1 == max(length, MIN_CHART_DAYS)
        assert len(report.checks) == length


@needs_poppler
@pytest.mark.parametrize("language", ["en", "de"])
def test_one_page_with_the_summary_the_answers_and_the_story(
    qapp: Any, tmp_path: Path, language: str
) -> None:
    from desktop_app.qt.report_pdf import write_pdf

    history = fourteen_days(tmp_path)
    set_language(language)
    use_language(qapp, language)  # month names as the app shows them
    try:
        report = build(history, TODAY, SafetyRecord(Answer.NONE, None), "9.9")
        target = tmp_path / f"report-{language}.pdf"
        pages = write_pdf(report, target)
        text = subprocess.run(
            ["pdftotext", "-layout", str(target), "-"],
            capture_output=True,
            encoding="utf-8",
            check=True,
        ).stdout
    finally:
        set_language("en")
        use_language(qapp, "en")
    # "ﬁ" is "fi"; a compound broken at its hyphen ("Rücken-⏎Check") is read as one word.
    joined = re.sub(r"-[ \t]*\n\s*", "-", unicodedata.normalize("NFKC", text))
    words = " ".join(joined.split())
    expect = {
        "en": ["Worst: 8", "Latest: 2", "Settled", "One setback", "15 sessions",
               "Lifting something heavy", "One leg, not below the knee", "From the pharmacy",
               "first start", "my back check was worse", "a week since the last answer",
               "rose from 5 to 7", "Next back check", "saddle numbness", "Held spots"],
        "de": ["Am stärksten: 8", "Zuletzt: 2", "Abgeklungen", "Ein Rückschlag", "15 Sitzungen",
               "Etwas Schweres gehoben", "Ein Bein, nicht unter das Knie", "Aus der Apotheke",
               "erster Start", "Rücken-Check war schlechter", "eine Woche seit",
               "von 5 auf 7", "Nächster Rücken-Check", "Taubheit im Reithosenbereich"],
    }[language]  # fmt: skip
    assert pages == 1, text
    missing = [phrase for phrase in expect if phrase not in words]
    assert not missing, (missing, text)
    for line in text.splitlines():
        assert "MinutenStärkster" not in line and "MinutesHighest" not in line
