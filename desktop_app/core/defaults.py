"""The hands-free defaults, written once. The engine's options, the settings' defaults and
bounds-free texts (help, the finish page's offer) all read them here; a module small enough
to load at start-up, where the settings need it and the engine is not loaded yet."""

from __future__ import annotations

#: Seconds without any command, whatever the step, before the app checks in…
CHECKIN_AFTER = 120.0
#: …and seconds more with still no answer before the session pauses itself.
CHECKIN_GRACE = 30.0
#: Hands-free rolling: a beat every this many seconds counts a roll…
ROLLING_PACE = 3.0
#: …from this long after the step began, when "start rolling" is said: time to get the ball
#: into place, so that no roll is counted that nobody is doing.
ROLLING_SETTLE = 8.0
#: A spot nobody chooses roll or hold for is held (the gentler choice) after this long.
SPOT_CHOICE_AFTER = 10.0
#: A prepare step without a duration of its own goes on by itself after this long.
PREPARE_WAIT = 20.0
#: Keep-moving reminders: minutes between two.
REMINDER_MINUTES = 30
