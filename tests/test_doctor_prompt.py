"""The doctor prompt over whole episodes: every row of the scenario table in
docs/doctor-prompt.md run day by day on a fake calendar, exactly as the page states it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop_app.core.history import BackCheck, Movement
from desktop_app.core.recovery import Doctor, assess

TABLE = Path(__file__).resolve().parent.parent / "docs" / "doctor-prompt.md"
#: Day 1 of the calendar the table counts on.
DAY_ONE = dt.date(2026, 3, 2)
PROMPTS = {
    "watch": Doctor.WATCH,
    "—": Doctor.NONE,
    "look": Doctor.SUGGESTED,
    "soon": Doctor.FIRMLY,
    "checked": Doctor.FIRMLY,
}


@dataclass(frozen=True)
class Scenario:
    name: str
    onset: int
    checks: tuple[BackCheck, ...]
    days: range
    prompt: str
    says: str

    def __str__(self) -> str:
        return f"{self.name}, day {self.days.start}–{self.days.stop - 1}"


def date(day: int) -> dt.date:
    return DAY_ONE + dt.timedelta(days=day - 1)


def back_checks(text: str) -> tuple[BackCheck, ...]:
    made = []
    for item in text.split():
        found = re.fullmatch(r"(\d+):(\d+)(h?)", item)
        assert found, f"not a back check: {item!r}"
        day, rating, hardly = int(found[1]), int(found[2]), bool(found[3])
        movement = Movement.HARDLY if hardly else None
        made.append(
            BackCheck(date(day), rating, movement, dt.datetime.combine(date(day), dt.time(9)))
        )
    return tuple(made)


def scenarios() -> list[Scenario]:
    rows = []
    lines = TABLE.read_text(encoding="utf-8").split("## Scenarios", 1)[1].splitlines()
    for line in lines:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 6 or cells[0] in ("scenario", "---"):
            continue
        name, onset, checks, days, prompt, says = cells
        first, _, last = days.partition("–")
        assert prompt in PROMPTS, f"{name}: unknown prompt {prompt!r}"
        rows.append(
            Scenario(
                name,
                int(onset),
                back_checks(checks),
                range(int(first), int(last or first) + 1),
                prompt,
                says,
            )
        )
    return rows


SCENARIOS = scenarios()


def test_the_table_has_the_cases_the_rules_were_written_for() -> None:
    names = {s.name for s in SCENARIOS}
    for needed in (
        "steady improvement",
        "two weeks at 0, past day 29",
        "a rise in the worst days",
        "a rebound after one good day",
        "low start, 1 → 0",
        "stuck at 9",
        "a relapse after days without checks",
        "a worse check, then none",
        "no back checks for a week",
        "a new episode",
        "hardly moving",
    ):
        assert needed in names, needed
    assert len(SCENARIOS) >= 20


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_each_day_says_what_the_table_says(scenario: Scenario) -> None:
    for day in scenario.days:
        today = date(day)
        known = [check for check in scenario.checks if check.day <= today]  # as by then
        found = assess(date(scenario.onset), today, known)
        assert found is not None
        assert found.day == day - scenario.onset + 1
        assert found.doctor is PROMPTS[scenario.prompt], (scenario.name, day, found.reason)
        assert scenario.says in found.reason, (scenario.name, day, found.reason)
        if scenario.prompt == "checked":
            assert "checked" in found.reason
        elif scenario.prompt == "soon":
            assert "soon" in found.reason


def test_without_an_onset_the_course_counts_from_the_first_back_check() -> None:
    checks = back_checks("1:6 3:6 39:6 40:6")
    found = assess(None, date(40), list(checks))
    assert found is not None and found.day == 40
    assert found.doctor is Doctor.FIRMLY and "5 weeks on" in found.reason
    assert assess(None, date(1), []) is None
