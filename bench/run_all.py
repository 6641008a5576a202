"""`make bench`: every benchmark, one after the other, then one table (about eight minutes).

Run: .venv/bin/python bench/run_all.py [--quick]   (--quick skips the 5-minute drift run)
"""

from __future__ import annotations

import sys

import common
import cue_latency
import cue_onsets
import history_scale
import idle_cost
import many_routines
import remote_round_trip
import routine_loading
import startup
import startup_outside
import timer_drift


def main() -> None:
    quick = "--quick" in sys.argv
    rows = ["| benchmark | result | target | verdict |", "| --- | --- | --- | --- |"]

    results = startup.measure()
    (bare_time, bare_mem), (app_time, app_mem) = results["bare"], results["app"]
    time_ratio, mem_ratio = app_time / bare_time, app_mem / bare_mem
    rows.append(
        common.row(
            "start-up time (first paint, median of 9)",
            f"{app_time * 1000:.0f} ms vs bare Qt {bare_time * 1000:.0f} ms = {time_ratio:.2f}×",
            "≤ 1.3×",
            "ok" if time_ratio <= 1.3 else "missed",
        )
    )
    rows.append(
        common.row(
            "start-up peak RSS",
            f"{app_mem:.0f} MiB vs bare Qt {bare_mem:.0f} MiB = {mem_ratio:.2f}×",
            "≤ 1.2×",
            "ok" if mem_ratio <= 1.2 else "missed",
        )
    )

    outside = startup_outside.measure()
    if outside is None:
        rows.append(common.row("start-up from outside", "needs Xvfb and xdotool", "≤ 1.5×", "—"))
    else:
        (bare_t, bare_m), (app_t, app_m) = outside["bare"], outside["app"]
        rows.append(
            common.row(
                "start-up from outside (launch → window viewable on Xvfb, median of 9)",
                f"{app_t * 1000:.0f} ms vs bare {bare_t * 1000:.0f} ms = {app_t / bare_t:.2f}×; "
                f"{app_m:.0f} MiB vs {bare_m:.0f} MiB = {app_m / bare_m:.2f}×",
                "≤ 1.5×, ≤ 1.25×",
                "ok" if app_t / bare_t <= 1.5 and app_m / bare_m <= 1.25 else "missed",
            )
        )

    if not quick:
        hold_ms, end_ms, length = timer_drift.measure()
        rows.append(
            common.row(
                "30 s hold end, 2 busy processes",
                f"{hold_ms:.1f} ms late",
                "≤ 20 ms",
                "ok" if hold_ms <= 20 else "missed",
            )
        )
        rows.append(
            common.row(
                f"{length / 60:.1f}-minute routine end",
                f"{end_ms:.1f} ms late",
                "≤ 50 ms",
                "ok" if end_ms <= 50 else "missed",
            )
        )

    for name, player in cue_latency.players():
        measured = cue_latency.measure_backend(player)
        if measured is None:
            rows.append(
                common.row(f"cue latency, {name}", "unavailable here", "≤ 5 ms median (Qt)", "—")
            )
            continue
        median, worst = measured
        rows.append(
            common.row(
                f"cue latency, {name}",
                f"{median:.3f} ms median, {worst:.3f} ms worst",
                "≤ 5 ms median (Qt)",
                "ok" if median <= 5 else "missed",
            )
        )

    onsets = cue_onsets.measure(3)
    if onsets is None:
        rows.append(
            common.row("cues at the sound card", "needs Xvfb, xdotool, PulseAudio", "≤ 30 ms", "—")
        )
    else:
        median, worst, count = onsets
        rows.append(
            common.row(
                f"cues at the sound card ({count} cues, real app, null sink)",
                f"{median:.1f} ms median, {worst:.1f} ms worst off the beat",
                "≤ 30 ms",
                "ok" if worst <= 30 else "missed",
            )
        )

    hold = idle_cost.cpu_percent("idle-hold")
    start = idle_cost.cpu_percent("idle-start")
    rows.append(
        common.row(
            "CPU during a 30 s hold",
            f"{hold:.2f} % of one core",
            "≤ 1 %",
            "ok" if hold <= 1 else "missed",
        )
    )
    rows.append(common.row("CPU on the start page", f"{start:.3f} % of one core", "—", "—"))

    seconds, _loaded, problems = routine_loading.measure()
    rows.append(
        common.row(
            "validate 500 routine files",
            f"{seconds * 1000:.0f} ms",
            "< 1 s",
            "ok" if seconds < 1 and problems == 0 else "missed",
        )
    )

    many = many_routines.measure()
    rows.append(
        common.row(
            f"{many_routines.FILES:,} user routines: window painted, memory",
            f"{many['paint']:.2f} s, {many['rss_paint']:.0f} MiB",
            "< 2 s, < 150 MiB",
            "ok" if many["paint"] < 2 and many["rss_paint"] < 150 else "missed",
        )
    )
    rows.append(
        common.row(
            "… every file read (in portions), memory then, longest the window went unanswered",
            f"{many['read']:.1f} s, {many['rss_read']:.0f} MiB, {many['deaf'] * 1000:.0f} ms",
            "< 150 MiB",
            "ok" if many["rss_read"] < 150 else "missed",
        )
    )
    rows.append(
        common.row(
            "… one file rewritten → its new title in the list",
            f"{many['change'] * 1000:.0f} ms",
            "< 1 s",
            "ok" if many["change"] < 1 else "missed",
        )
    )
    scale = history_scale.measure()
    rows.append(
        common.row(
            f"history of {history_scale.EVENTS:,} events: history window (first / again)",
            f"{scale['first_window'] * 1000:.0f} ms / {scale['again_window'] * 1000:.0f} ms",
            "< 500 ms",
            "ok" if scale["first_window"] < 0.5 else "missed",
        )
    )
    rows.append(
        common.row(
            "… --export-csv",
            f"{scale['export'] * 1000:.0f} ms",
            "< 1 s",
            "ok" if scale["export"] < 1 else "missed",
        )
    )
    rows.append(
        common.row(
            "… opening it at start-up (empty history)",
            f"{scale['open_full'] * 1000:.1f} ms ({scale['open_empty'] * 1000:.1f} ms)",
            "—",
            "—",
        )
    )

    trip = remote_round_trip.measure()
    rows.append(
        common.row(
            "phone remote on loopback: press → engine command (median / worst)",
            f"{trip['engine_median'] * 1000:.2f} / {trip['engine_worst'] * 1000:.2f} ms",
            "—",
            "—",
        )
    )
    rows.append(
        common.row(
            "… press → new state back on the phone; state messages a second in a hold",
            f"{trip['round_median'] * 1000:.2f} / {trip['round_worst'] * 1000:.2f} ms; "
            f"{trip['states_per_second']:.1f}/s",
            "—",
            "—",
        )
    )

    print(f"Machine: {common.machine()}")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
