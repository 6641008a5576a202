"""The session engine on a fake clock: holds, rolls, spots, activities, pain and silence."""

from __future__ import annotations

import pytest

from desktop_app.core import events as ev
from desktop_app.core.events import SpotMode
from desktop_app.core.pain import PainFlag
from desktop_app.core.routines import PainSettings
from desktop_app.core.session import Phase, Refusal
from tests.engine_helpers import activity, hold, prepare, rolling, session, spot

HOLD_EVENTS = (
    ev.GetReadyTick,
    ev.HoldStarted,
    ev.LowerBoundReached,
    ev.LastSecondsTick,
    ev.HoldEnded,
    ev.StepStarted,
)

# -- holds ----------------------------------------------------------------------------------


def test_hold_runs_lead_in_countdown_lower_bound_ticks_and_end_at_their_times() -> None:
    s = session(hold(), prepare())
    s.wait(40)
    assert s.timeline(*HOLD_EVENTS) == [
        ("StepStarted", 0),
        ("GetReadyTick", 0),
        ("GetReadyTick", 1),
        ("GetReadyTick", 2),
        ("GetReadyTick", 3),
        ("GetReadyTick", 4),
        ("HoldStarted", 5),
        ("LowerBoundReached", 25),
        ("LastSecondsTick", 32),
        ("LastSecondsTick", 33),
        ("LastSecondsTick", 34),
        ("HoldEnded", 35),
        ("StepStarted", 38),
    ]
    assert [e.remaining for e in s.of(ev.GetReadyTick)] == [5, 4, 3, 2, 1]
    assert [e.remaining for e in s.of(ev.LastSecondsTick)] == [3, 2, 1]


def test_countdown_runs_from_the_upper_bound() -> None:
    s = session(hold())
    s.wait(5)
    view = s.engine.view()
    assert view.phase is Phase.HOLDING
    assert view.remaining == pytest.approx(30)
    s.wait(12.5)
    assert s.engine.view().remaining == pytest.approx(17.5)


def test_late_tick_fires_every_due_event_in_order_at_its_own_time() -> None:
    s = session(hold(), prepare())
    s.jump(5 + 18)  # into the hold with no tick at all
    s.jump(5)  # one tick 5 s late, across the lower bound
    assert s.timeline(ev.HoldStarted, ev.LowerBoundReached) == [
        ("HoldStarted", 5),
        ("LowerBoundReached", 25),
    ]
    assert s.engine.view().remaining == pytest.approx(35 - 28)


def test_a_late_tick_never_lengthens_a_hold() -> None:
    s = session(hold(), prepare(), auto_advance=False)
    s.wait(5)
    s.jump(31)  # the tick comes a second after the deadline
    assert s.timeline(ev.HoldEnded) == [("HoldEnded", 35)]
    assert s.of(ev.HoldEnded)[0].held == pytest.approx(30)


def test_lower_bound_fires_exactly_once() -> None:
    s = session(hold(), prepare(), auto_advance=False)
    for _ in range(400):
        s.jump(0.1)
    assert len(s.of(ev.LowerBoundReached)) == 1


def test_pause_in_the_middle_of_a_hold_stops_the_countdown() -> None:
    s = session(hold(), prepare())
    s.wait(5 + 15)
    assert s.engine.pause()
    s.wait(100)
    assert s.engine.view().remaining == pytest.approx(15)
    assert s.of(ev.HoldEnded) == []
    assert s.engine.resume()
    s.wait(15)
    assert s.timeline(ev.HoldEnded, ev.Paused, ev.Resumed) == [
        ("Paused", 20),
        ("Resumed", 20),
        ("HoldEnded", 35),
    ]


def test_next_before_the_lower_bound_asks_for_confirmation() -> None:
    s = session(hold(), prepare())
    s.wait(10)
    result = s.engine.next_step()
    assert not result and result.refusal is Refusal.HOLD_NOT_DONE
    assert s.engine.view().confirm_pending
    assert len(s.of(ev.ConfirmNext)) == 1
    assert s.engine.view().step_index == 0


def test_next_asked_twice_before_the_lower_bound_moves_on() -> None:
    s = session(hold(), prepare())
    s.wait(10)
    s.engine.next_step()
    assert s.engine.next_step()
    assert s.engine.view().step_index == 1
    assert s.of(ev.HoldEnded) == []
    assert s.of(ev.StepEnded)[-1].completed is False


def test_next_after_the_lower_bound_is_accepted_at_once_and_ends_the_hold() -> None:
    s = session(hold(), prepare())
    s.wait(27)
    assert s.engine.next_step()
    assert s.of(ev.ConfirmNext) == []
    assert s.timeline(ev.HoldEnded, ev.StepStarted)[-2:] == [("HoldEnded", 27), ("StepStarted", 27)]
    assert s.of(ev.HoldEnded)[0].held == pytest.approx(22)


def test_without_auto_advance_a_finished_hold_waits_for_the_user() -> None:
    s = session(hold(), prepare(), auto_advance=False)
    s.wait(60)
    assert s.engine.view().phase is Phase.DONE
    assert s.engine.view().step_index == 0
    assert s.engine.confirm()
    assert s.engine.view().step_index == 1


def test_hold_without_lead_in_starts_counting_at_once() -> None:
    s = session(hold(lead_in=0))
    assert s.timeline(ev.HoldStarted) == [("HoldStarted", 0)]
    assert s.of(ev.GetReadyTick) == []


def test_two_hour_session_of_holds_ends_within_a_millisecond_of_its_schedule() -> None:
    holds = 190  # 190 × (5 s lead-in + 30 s hold + 3 s pause) ≈ 2 hours
    s = session(*[hold() for _ in range(holds)], checkin_after=10_000)
    s.wait(holds * 38 + 1, tick=0.097)  # an odd tick period, as a real timer has
    finished = s.of(ev.SessionFinished)
    assert len(finished) == 1
    assert finished[0].at == pytest.approx(holds * 38, abs=0.001)
    ends = [e.at for e in s.of(ev.HoldEnded)]
    assert ends[-1] == pytest.approx((holds - 1) * 38 + 35, abs=0.001)
    assert finished[0].summary.hold_seconds == pytest.approx(holds * 30, abs=0.001)


# -- rolling --------------------------------------------------------------------------------


def test_each_repetition_raises_the_count() -> None:
    s = session(rolling())
    for _ in range(3):
        assert s.engine.count_repetition()
    assert s.engine.view().repetitions == 3
    assert [e.count for e in s.of(ev.RepetitionCounted)] == [1, 2, 3]


def test_cap_fires_once_and_further_repetitions_are_refused() -> None:
    s = session(rolling(), prepare())
    for _ in range(15):
        s.engine.count_repetition()
    result = s.engine.count_repetition()
    assert not result and result.refusal is Refusal.CAP_REACHED
    assert s.engine.view().repetitions == 15
    assert len(s.of(ev.RepetitionCapReached)) == 1


def test_cap_storm_of_a_thousand_commands_counts_fifteen_with_one_cap_event() -> None:
    s = session(rolling(), prepare(), auto_advance=False)
    results = [s.engine.count_repetition() for _ in range(1000)]
    assert sum(bool(r) for r in results) == 15
    assert s.engine.view().repetitions == 15
    assert len(s.of(ev.RepetitionCapReached)) == 1


def test_enter_after_the_cap_does_not_skip_ahead() -> None:
    s = session(rolling(), prepare(), auto_advance=False)
    results = [s.engine.confirm() for _ in range(20)]
    assert [r.refusal for r in results[15:]] == [Refusal.CAP_REACHED] * 5
    assert s.engine.view().step_index == 0


def test_routine_may_set_a_lower_cap() -> None:
    s = session(rolling(cap=10), prepare())
    for _ in range(12):
        s.engine.count_repetition()
    assert s.engine.view().repetitions == 10
    assert s.of(ev.RepetitionCapReached)[0].cap == 10


def test_pacing_counts_one_repetition_per_beat_by_itself() -> None:
    s = session(rolling(pace=2), prepare(), auto_advance=False, rolling_settle=0)
    s.wait(9)
    counted = s.of(ev.RepetitionCounted)
    assert [(e.count, e.at, e.by_pacing) for e in counted] == [
        (1, 2, True),
        (2, 4, True),
        (3, 6, True),
        (4, 8, True),
    ]


def test_pacing_stops_at_the_cap_and_moves_on() -> None:
    s = session(rolling(pace=1), prepare(), advance_delay=3, rolling_settle=0)
    s.wait(30)
    assert s.engine.view().step_index == 1
    assert s.timeline(ev.RepetitionCapReached, ev.StepStarted)[-2:] == [
        ("RepetitionCapReached", 15),
        ("StepStarted", 18),
    ]


def test_counting_during_a_hold_is_refused_and_changes_nothing() -> None:
    s = session(hold())
    s.wait(10)
    before = s.engine.view()
    result = s.engine.count_repetition()
    assert not result and result.refusal is Refusal.NOTHING_TO_COUNT
    assert s.engine.view() == before


# -- spots ----------------------------------------------------------------------------------


def test_spot_waits_for_the_user_to_choose_roll_or_hold() -> None:
    s = session(spot())
    assert s.engine.view().phase is Phase.CHOOSING
    assert not s.engine.count_repetition()
    assert s.engine.choose_spot_mode(SpotMode.ROLLING)
    assert s.engine.view().phase is Phase.ROLLING


def test_spot_held_runs_a_full_hold() -> None:
    s = session(spot())
    s.engine.choose_spot_mode(SpotMode.HOLD)
    s.wait(36)
    assert len(s.of(ev.HoldEnded)) == 1
    assert s.engine.view().phase is Phase.DONE
    assert s.engine.view().step_index == 0  # a spot step never moves on by itself


def test_next_spot_starts_a_fresh_spot() -> None:
    s = session(spot())
    s.engine.choose_spot_mode(SpotMode.ROLLING)
    for _ in range(5):
        s.engine.count_repetition()
    assert s.engine.next_spot()
    view = s.engine.view()
    assert (view.spot_number, view.phase, view.repetitions) == (2, Phase.CHOOSING, 0)


def test_choosing_after_a_finished_spot_starts_the_next_spot() -> None:
    s = session(spot())
    s.engine.choose_spot_mode(SpotMode.ROLLING)
    for _ in range(15):
        s.engine.count_repetition()
    assert s.engine.choose_spot_mode(SpotMode.HOLD)
    assert s.engine.view().spot_number == 2
    assert s.engine.view().phase is Phase.LEAD_IN


def test_pain_ratings_belong_to_their_spot() -> None:
    s = session(spot())
    s.engine.choose_spot_mode(SpotMode.ROLLING)
    s.engine.rate_pain(4)
    s.engine.next_spot()
    s.engine.choose_spot_mode(SpotMode.ROLLING)
    s.engine.rate_pain(6)  # 2 above the first spot's 4, but a different spot
    assert s.of(ev.PainRising) == []


def test_area_done_moves_to_the_next_step() -> None:
    s = session(spot(), prepare())
    s.engine.choose_spot_mode(SpotMode.ROLLING)
    assert s.engine.area_done()
    assert s.engine.view().step_index == 1


def test_summary_counts_spots_hold_time_and_rolls_per_area() -> None:
    s = session(
        spot(area="gluteus maximus"), rolling(area="quadratus lumborum"), auto_advance=False
    )
    s.engine.choose_spot_mode(SpotMode.HOLD)
    s.wait(36)
    s.engine.choose_spot_mode(SpotMode.ROLLING)
    for _ in range(7):
        s.engine.count_repetition()
    s.engine.area_done()
    for _ in range(4):
        s.engine.count_repetition()
    s.engine.stop()
    summary = s.of(ev.SessionFinished)[0].summary
    assert summary.areas["gluteus maximus"] == ev.AreaDose(spots=2, hold_seconds=30, rolls=7)
    assert summary.areas["quadratus lumborum"] == ev.AreaDose(spots=1, hold_seconds=0, rolls=4)
    # Two spots searched in the spot step; the rolling step is a dose, not a search.
    assert (summary.spots, summary.holds, summary.rolls) == (2, 1, 11)


# -- activities and prepare -----------------------------------------------------------------


def test_activity_prompts_change_at_their_offsets_and_it_ends_by_time() -> None:
    s = session(activity(60, ((0, "Start"), (20, "Keep going"), (45, "Nearly done"))), prepare())
    s.wait(70)
    assert [(e.prompt.text, e.at) for e in s.of(ev.ActivityPromptChanged)] == [
        ("Start", 0),
        ("Keep going", 20),
        ("Nearly done", 45),
    ]
    assert s.timeline(ev.StepEnded) == [("StepEnded", 63)]


def test_untimed_prepare_waits_for_enter() -> None:
    s = session(prepare(), hold())
    s.wait(600)
    assert s.engine.view().step_index == 0
    assert s.engine.confirm()
    assert s.engine.view().step_index == 1


def test_timed_prepare_continues_by_itself() -> None:
    s = session(prepare(duration=10), hold())
    s.wait(13)
    assert s.engine.view().step_index == 1


def test_previous_step_restarts_the_step_before() -> None:
    s = session(prepare(), hold())
    s.engine.next_step()
    assert s.engine.previous_step()
    assert s.engine.view().step_index == 0
    result = s.engine.previous_step()
    assert not result and result.refusal is Refusal.FIRST_STEP


# -- pain -----------------------------------------------------------------------------------


def test_rising_pain_is_two_points_above_the_lowest_earlier_rating_on_the_spot() -> None:
    s = session(hold())
    s.wait(11)  # past the lead-in and the hold's settling (docs/pressure-feedback.md)
    for rating in (5, 4, 5):
        s.engine.rate_pain(rating)
    assert s.of(ev.PainRising) == []
    s.engine.rate_pain(6)
    assert [(e.rating, e.lowest) for e in s.of(ev.PainRising)] == [(6, 4)]
    assert s.engine.view().warning is PainFlag.RISING


def test_rising_threshold_comes_from_the_routine() -> None:
    s = session(hold(), pain=PainSettings(rising_threshold=3))
    s.wait(11)
    for rating in (4, 6):
        s.engine.rate_pain(rating)
    assert s.of(ev.PainRising) == []
    s.engine.rate_pain(7)
    assert len(s.of(ev.PainRising)) == 1


def test_pain_above_the_band_warns_at_once() -> None:
    s = session(hold())
    s.engine.rate_pain(8)
    assert [e.rating for e in s.of(ev.PainAboveBand)] == [8]
    assert s.engine.view().warning is PainFlag.ABOVE_BAND


def test_each_flag_fires_once_per_crossing() -> None:
    s = session(hold())
    for rating in (8, 9, 6, 8):
        s.engine.rate_pain(rating)
    assert [e.rating for e in s.of(ev.PainAboveBand)] == [8, 8]


def test_a_ten_always_warns_even_right_after_a_nine() -> None:
    s = session(hold())
    for rating in (5, 7, 9, 10, 10):
        s.engine.rate_pain(rating)
    assert [e.rating for e in s.of(ev.PainAboveBand)] == [9, 10, 10]


@pytest.mark.parametrize("kind", ["prepare", "activity"])
def test_nothing_pressed_means_no_pressure_advice(kind: str) -> None:
    step = prepare() if kind == "prepare" else activity(60, ((0, "Walk"),))
    s = session(step, hold())
    for rating in (2, 1, 5, 7):
        s.engine.rate_pain(rating)
    assert s.of(ev.PainBelowBand) == [] and s.of(ev.PainAboveBand) == []
    assert s.of(ev.PainRising) == []
    assert s.engine.view().warning is None


@pytest.mark.parametrize("kind", ["prepare", "activity"])
def test_high_pain_while_nothing_is_pressed_says_rest(kind: str) -> None:
    step = prepare() if kind == "prepare" else activity(60, ((0, "Walk"),))
    s = session(step, hold())
    s.engine.rate_pain(8)
    assert [e.rating for e in s.of(ev.PainHighAtRest)] == [8]
    assert s.engine.view().warning is PainFlag.HIGH_AT_REST
    assert s.of(ev.PainAboveBand) == []


def test_the_highlighted_rating_belongs_to_the_spot() -> None:
    s = session(rolling(), hold())
    s.engine.rate_pain(8)
    assert s.engine.view().last_rating == 8
    s.engine.next_step()
    view = s.engine.view()
    assert view.last_rating is None and view.warning is None
    assert view.latest_rating == 8  # the session still remembers it


def test_a_new_spot_starts_with_no_rating_highlighted() -> None:
    s = session(spot())
    s.engine.choose_spot_mode(SpotMode.ROLLING)
    s.engine.rate_pain(6)
    s.engine.next_spot()
    assert s.engine.view().last_rating is None


def test_the_lower_bound_asks_how_it_is_now_until_a_rating_comes() -> None:
    s = session(hold(lower=20, upper=30, lead_in=5), prepare())
    s.wait(5 + 20)
    assert s.of(ev.LowerBoundReached) and not s.of(ev.EasingAsked)
    s.wait(2)
    assert len(s.of(ev.EasingAsked)) == 1
    assert s.engine.view().asking_easing
    s.engine.rate_pain(4)
    assert not s.engine.view().asking_easing


def test_pain_below_the_band_gives_a_gentle_hint() -> None:
    s = session(hold())
    s.engine.rate_pain(2)
    assert [e.rating for e in s.of(ev.PainBelowBand)] == [2]
    assert s.engine.view().warning is PainFlag.BELOW_BAND


def test_a_rating_back_in_the_band_clears_the_warning() -> None:
    s = session(hold())
    s.engine.rate_pain(9)
    s.engine.rate_pain(6)
    assert s.engine.view().warning is None


def test_warning_clears_on_the_next_step() -> None:
    s = session(prepare(), hold())
    s.engine.rate_pain(9)
    s.engine.next_step()
    assert s.engine.view().warning is None


@pytest.mark.parametrize(
    ("ratings", "expected"),
    # Eased is judged from the hold's highest rating to its last (docs/pressure-feedback.md).
    [
        ((6, 4), True),
        ((6, 7, 6), True),
        ((6, 7, 7), False),
        ((5, 5), False),
        ((5,), None),
        ((), None),
    ],
)
def test_hold_end_reports_whether_the_pain_eased(
    ratings: tuple[int, ...], expected: bool | None
) -> None:
    s = session(hold(), prepare())
    s.wait(8)
    for rating in ratings:
        s.engine.rate_pain(rating)
    s.wait(30)
    assert s.of(ev.HoldEnded)[0].eased is expected


def test_rating_out_of_range_is_refused() -> None:
    s = session(hold())
    before = s.engine.view()
    for bad in (11, -1):
        result = s.engine.rate_pain(bad)
        assert not result and result.refusal is Refusal.RATING_OUT_OF_RANGE
    assert s.engine.view() == before and s.of(ev.PainRated) == []


def test_rating_is_recorded_as_an_event() -> None:
    s = session(hold())
    s.engine.rate_pain(5)
    assert [e.rating for e in s.of(ev.PainRated)] == [5]


# -- silence --------------------------------------------------------------------------------


@pytest.mark.parametrize("first", ["hold", "prepare", "rolling", "spot"])
def test_silence_brings_a_check_in_whatever_the_step_and_then_a_pause(first: str) -> None:
    step = {"hold": hold(), "prepare": prepare(), "rolling": rolling(), "spot": spot()}[first]
    s = session(step, prepare(), checkin_after=60, checkin_grace=30)
    s.wait(59)
    assert s.of(ev.CheckIn) == []
    s.wait(1)
    assert s.timeline(ev.CheckIn) == [("CheckIn", 60)]
    s.wait(30)
    assert s.timeline(ev.Paused) == [("Paused", 90)]
    assert s.of(ev.Paused)[0].reason == "unresponsive"
    assert s.engine.paused


def test_any_key_after_the_check_in_keeps_the_session_running() -> None:
    s = session(hold(), prepare(), checkin_after=60, checkin_grace=30)
    s.wait(96)
    assert s.engine.confirm()
    s.wait(200)
    assert not s.engine.paused


def test_a_rating_during_the_silence_window_prevents_the_check_in() -> None:
    s = session(hold(), prepare(), checkin_after=60)
    s.wait(50)
    s.engine.rate_pain(5)
    s.wait(59)
    assert s.of(ev.CheckIn) == []
    s.wait(1)
    assert s.timeline(ev.CheckIn) == [("CheckIn", 110)]


def test_a_late_tick_pauses_at_the_due_moment() -> None:
    s = session(hold(), prepare(), checkin_after=60, checkin_grace=30)
    s.jump(500)
    assert s.timeline(ev.CheckIn, ev.Paused) == [("CheckIn", 60), ("Paused", 90)]
    assert s.engine.now == pytest.approx(90)


# -- the session ----------------------------------------------------------------------------


def test_session_finishes_after_the_last_step_with_a_summary() -> None:
    s = session(prepare(), hold())
    s.engine.rate_pain(6)
    s.engine.next_step()
    s.wait(8)
    s.engine.rate_pain(5)
    s.wait(40)
    finished = s.of(ev.SessionFinished)
    assert len(finished) == 1
    summary = finished[0].summary
    assert summary.completed and summary.steps_done == 2
    # The 6 was given lying down before the hold: first → last compares pressing alone.
    assert (summary.pain_first, summary.pain_last) == (5, 5)
    assert s.engine.phase is Phase.FINISHED


def test_stop_ends_the_session_early_as_incomplete() -> None:
    s = session(prepare(), hold())
    assert s.engine.stop()
    assert s.engine.phase is Phase.STOPPED
    assert s.of(ev.SessionFinished)[0].summary.completed is False


def test_commands_after_the_end_are_refused() -> None:
    s = session(prepare())
    s.engine.next_step()
    for command in (s.engine.next_step, s.engine.count_repetition, s.engine.stop, s.engine.pause):
        result = command()
        assert not result and result.refusal is Refusal.OVER


def test_commands_before_the_start_are_refused_but_a_rating_starts_the_session() -> None:
    s = session(prepare(), prepare(), start=False)
    result = s.engine.next_step()
    assert not result and result.refusal is Refusal.NOT_STARTED
    assert s.engine.rate_pain(5)  # the person rated: they are there, the session begins
    assert s.engine.phase is not Phase.IDLE and s.engine.view().latest_rating == 5


def test_space_starts_pauses_and_resumes() -> None:
    s = session(hold(), start=False)
    assert s.engine.toggle() and s.engine.phase is Phase.LEAD_IN
    assert s.engine.toggle() and s.engine.paused
    assert s.engine.toggle() and not s.engine.paused


def test_time_left_counts_down_with_the_session() -> None:
    s = session(hold(), hold())
    first = s.engine.view().time_left
    assert first == pytest.approx(70)
    s.wait(10)
    assert s.engine.view().time_left == pytest.approx(60)


def test_preview_speed_runs_a_hold_ten_times_faster() -> None:
    from desktop_app.core.clock import FakeClock, ScaledClock
    from desktop_app.core.session import SessionEngine
    from tests.engine_helpers import routine

    wall = FakeClock()
    engine = SessionEngine(routine(hold(), prepare()), ScaledClock(wall, 10))
    ended: list[float] = []
    engine.subscribe(lambda e: ended.append(e.at) if isinstance(e, ev.HoldEnded) else None)
    engine.start()
    wall.advance(3.4)
    engine.advance()
    assert ended == []
    wall.advance(0.2)
    engine.advance()
    assert ended == [35]


def test_only_ratings_within_the_hold_decide_whether_it_eased() -> None:
    # A 7 given on the spot before holding it is not evidence about this hold.
    s = session(spot(), prepare())
    s.engine.rate_pain(7)
    s.engine.choose_spot_mode(SpotMode.HOLD)
    s.wait(8)
    s.engine.rate_pain(5)
    s.wait(30)
    assert s.of(ev.HoldEnded)[0].eased is None
    assert not s.engine.view().not_eased


def test_the_summary_counts_what_happened_and_compares_like_with_like() -> None:
    """Three holds, the middle one left early; one spot step with two spots; a rating lying
    down before any pressing: the finish page's numbers say exactly that."""
    s = session(prepare(), hold(), hold(), hold(), spot(), start=True)
    s.engine.rate_pain(2)  # lying down, before pressing: no pressure rating
    s.engine.next_step()
    s.engine.rate_pain(5)
    s.wait(36)  # the first hold runs to its end and moves on
    s.wait(10)  # 5 s into the second hold's count
    assert s.engine.next_step().applied or s.engine.next_step().applied  # left early
    s.wait(36)  # the third runs to its end
    s.engine.rate_pain(6)
    s.wait(5)
    s.engine.choose_spot_mode(SpotMode.ROLLING)
    s.engine.next_spot()
    s.engine.choose_spot_mode(SpotMode.ROLLING)
    s.engine.stop()
    summary = s.engine.summary()
    assert (summary.holds, summary.holds_started) == (2, 3)
    assert summary.spots == 2  # spots searched in the spot step, not the holds
    assert (summary.pain_first, summary.pain_last) == (5, 6)  # the lying 2 is not compared
    assert 60 <= summary.hold_seconds <= 66  # 30 + 5 + 30: every second held counts


def test_the_time_left_follows_the_person_s_rolling_pace() -> None:
    """A rolling step without a pace of its own is estimated at the person's pace (the
    setting), not at a second copy of the default."""
    slow = session(rolling(cap=15), start=False, hands_free=True, rolling_pace=5.0)
    quick = session(rolling(cap=15), start=False, hands_free=True, rolling_pace=2.0)
    assert slow.engine.view().time_left - quick.engine.view().time_left == pytest.approx(45)
