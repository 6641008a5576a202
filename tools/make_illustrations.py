"""Draw the step illustrations (original line art, one style) into assets/illustrations/.

Run: .venv/bin/python tools/make_illustrations.py
Every picture: a simple figure on a floor line, the ball / stick / hands where they press,
the target muscle glowing, arrows for the direction of pressure, and where the direction
matters a small cross-section of the waist (belly up, spine down) showing it.
"""

from __future__ import annotations

import math
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "assets" / "illustrations"

INK = "#263240"
SKIN_LINE = 17
TORSO = 34
FLOOR = 252
FLOOR_INK = "#8a96a3"
MUSCLE = "#ff4f3f"
BALL = "#f7a531"
BALL_INK = "#c0700f"
STICK = "#0b6e72"
ARROW = "#0b6e72"
FURNITURE = "#d3dae0"
FURNITURE_INK = "#a9b3bc"


#: The part of the 400 × 300 drawing each kind of picture uses (x, y, width, height).
FULL = (0, 0, 400, 300)
LYING = (10, 104, 380, 166)
#: Tall enough for the stick's handle above the chest.
STICK_TOP = 92


def header(title: str, box: tuple[int, int, int, int] = FULL) -> str:
    x, y, w, h = box
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x} {y} {w} {h}" width="{w}" height="{h}">\n'
        f"  <title>{title}</title>\n"
        "  <defs>\n"
        f'    <marker id="head" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="3.2" markerHeight="3.2" orient="auto-start-reverse">'
        f'<path d="M0 0 L10 5 L0 10 z" fill="{ARROW}"/></marker>\n'
        '    <filter id="glow" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="4"/></filter>\n'
        "  </defs>\n"
    )


def scene(title: str, box: tuple[int, int, int, int], *parts: str) -> str:
    """A picture: the title, the floor line, then the parts in drawing order."""
    return header(title, box) + floor() + "".join(parts)


def floor() -> str:
    return f'  <line x1="20" y1="{FLOOR}" x2="380" y2="{FLOOR}" stroke="{FLOOR_INK}" stroke-width="4" stroke-linecap="round"/>\n'


def limb(*points: tuple[float, float], width: float = SKIN_LINE, color: str = INK) -> str:
    d = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f} {y:.1f}" for i, (x, y) in enumerate(points))
    return (
        f'  <path d="{d}" fill="none" stroke="{color}" stroke-width="{width}" '
        'stroke-linecap="round" stroke-linejoin="round"/>\n'
    )


def head(x: float, y: float, r: float = 18) -> str:
    return f'  <circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{INK}"/>\n'


def muscle(x: float, y: float, rx: float, ry: float, angle: float = 0) -> str:
    transform = f' transform="rotate({angle:.1f} {x:.1f} {y:.1f})"' if angle else ""
    return (
        f'  <ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{rx + 6}" ry="{ry + 6}" fill="{MUSCLE}" opacity="0.45" filter="url(#glow)"{transform}/>\n'
        f'  <ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{rx}" ry="{ry}" fill="{MUSCLE}" opacity="0.8"{transform}/>\n'
    )


def ball(x: float, y: float, r: float = 14) -> str:
    return (
        f'  <circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{BALL}" stroke="{BALL_INK}" stroke-width="3"/>\n'
        f'  <path d="M{x - r * 0.45:.1f} {y - r * 0.35:.1f} q{r * 0.3:.1f} {-r * 0.3:.1f} {r * 0.6:.1f} {-r * 0.2:.1f}" '
        'stroke="#ffffff" stroke-width="3" fill="none" stroke-linecap="round" opacity="0.8"/>\n'
    )


def arrow(x1: float, y1: float, x2: float, y2: float, both: bool = False, width: float = 6) -> str:
    start = ' marker-start="url(#head)"' if both else ""
    return (
        f'  <line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{ARROW}" '
        f'stroke-width="{width}" stroke-linecap="round" marker-end="url(#head)"{start}/>\n'
    )


def curved_arrow(d: str, both: bool = False) -> str:
    start = ' marker-start="url(#head)"' if both else ""
    return f'  <path d="{d}" fill="none" stroke="{ARROW}" stroke-width="6" stroke-linecap="round" marker-end="url(#head)"{start}/>\n'


def stool() -> str:
    return (
        f'  <rect x="246" y="186" width="112" height="{FLOOR - 186}" rx="8" fill="{FURNITURE}" stroke="{FURNITURE_INK}" stroke-width="3"/>\n'
        f'  <rect x="246" y="186" width="112" height="14" rx="7" fill="{FURNITURE_INK}"/>\n'
    )


def cross_section(direction: str) -> str:
    """A slice through the waist, seen from the feet: belly up, spine down, muscles beside it."""
    cx, cy = 322, 62
    parts = [
        '  <g aria-label="cross-section of the waist">\n',
        f'  <rect x="{cx - 62}" y="{cy - 50}" width="124" height="100" rx="14" fill="#ffffff" stroke="{FURNITURE_INK}" stroke-width="2"/>\n',
        f'  <ellipse cx="{cx}" cy="{cy}" rx="44" ry="30" fill="#f3f0ea" stroke="{INK}" stroke-width="3"/>\n',
        f'  <circle cx="{cx}" cy="{cy + 18}" r="7" fill="{INK}"/>\n',
        f'  <ellipse cx="{cx - 27}" cy="{cy + 8}" rx="9" ry="8" fill="{MUSCLE}" opacity="0.85"/>\n',
        f'  <ellipse cx="{cx + 27}" cy="{cy + 8}" rx="9" ry="8" fill="{MUSCLE}" opacity="0.85"/>\n',
    ]
    if direction == "side":
        parts.append(arrow(cx + 62, cy + 8, cx + 40, cy + 8, width=5))
    elif direction == "back":
        parts.append(arrow(cx + 27, cy + 48, cx + 27, cy + 21, width=5))
    elif direction == "both-sides":
        parts.append(arrow(cx + 62, cy + 8, cx + 40, cy + 8, width=5))
        parts.append(arrow(cx - 62, cy + 8, cx - 40, cy + 8, width=5))
    parts.append("  </g>\n")
    return "".join(parts)


# -- the back seen from behind ---------------------------------------------------------------

#: Where the back map sits under a lying side view: its top edge, and the picture's bottom.
MAP_TOP = 276
MAP_BOTTOM = 458
#: The map's middle line (the spine), and how it lines up with the side view: head on the left.
MID = MAP_TOP + 90
SPINE_INK = "#7e8fa0"
#: The side of the back that is worked is the lower half of the map (y > MID).


def back_map(*spots: str, inset: str = "") -> str:
    """The lying person's back as seen from behind (from under the floor), head on the left as
    in the side view above it: spine, lowest ribs, hip crests, sacrum and buttocks, so that the
    side of the waist, beside the spine, the sacrum, the lower buttock, under the hip crest and
    the upper outer buttock are told apart by where the mark is."""
    y = MID
    skin = "#dfe5ea"
    parts = [
        '  <g aria-label="the back seen from behind">\n',
        f'  <rect x="14" y="{MAP_TOP}" width="372" height="{MAP_BOTTOM - MAP_TOP - 2}" rx="16" fill="#ffffff" stroke="{FURNITURE_INK}" stroke-width="2"/>\n',
        # Thighs, then the trunk: shoulders, the waist, the hips, the buttocks.
        limb((250, y - 22), (292, y - 26), width=34, color=skin),
        limb((250, y + 22), (292, y + 26), width=34, color=skin),
        f'  <path d="M78 {y - 58} C 110 {y - 62} 140 {y - 46} 166 {y - 38} '
        f"C 190 {y - 44} 214 {y - 52} 236 {y - 48} C 262 {y - 44} 272 {y - 20} 268 {y} "
        f"C 272 {y + 20} 262 {y + 44} 236 {y + 48} C 214 {y + 52} 190 {y + 44} 166 {y + 38} "
        f'C 140 {y + 46} 110 {y + 62} 78 {y + 58} Q 60 {y} 78 {y - 58} Z" '
        f'fill="{skin}" stroke="{INK}" stroke-width="3"/>\n',
        f'  <circle cx="46" cy="{y}" r="22" fill="{INK}"/>\n',
        # The spine, the lowest ribs, the hip crests.
        f'  <line x1="76" y1="{y}" x2="206" y2="{y}" stroke="{SPINE_INK}" stroke-width="4" stroke-dasharray="7 6"/>\n',
        f'  <path d="M112 {y - 6} Q 136 {y - 14} 148 {y - 40} M112 {y + 6} Q 136 {y + 14} 148 {y + 40}" '
        f'stroke="{SPINE_INK}" stroke-width="3.5" fill="none" stroke-linecap="round"/>\n',
        f'  <path d="M204 {y - 12} Q 184 {y - 24} 190 {y - 46} M204 {y + 12} Q 184 {y + 24} 190 {y + 46}" '
        f'stroke="{SPINE_INK}" stroke-width="3.5" fill="none" stroke-linecap="round"/>\n',
        # The sacrum, then the cleft and the folds of the buttocks.
        f'  <path d="M206 {y - 11} L206 {y + 11} L232 {y} Z" fill="none" stroke="{SPINE_INK}" stroke-width="3" stroke-linejoin="round"/>\n',
        f'  <path d="M232 {y} L264 {y} M246 {y - 40} Q 262 {y - 22} 260 {y - 4} M246 {y + 40} Q 262 {y + 22} 260 {y + 4}" '
        f'stroke="{SPINE_INK}" stroke-width="3" fill="none" stroke-linecap="round"/>\n',
    ]
    parts += [SPOTS[spot] for spot in spots]
    parts.append("  </g>\n")
    if inset:
        parts.append(inset)
    return "".join(parts)


def in_map_corner(inset: str, left: float, top: float) -> str:
    """An inset drawn for the top corner (its frame's top left at `left`, `top`) moved, at 70 %,
    into the back map's right end, where the legs leave room."""
    scale = 0.72
    x, y = 290 - scale * left, MAP_TOP + (MAP_BOTTOM - MAP_TOP) / 2 - scale * (top + 50)
    return f'  <g transform="translate({x:.1f} {y:.1f}) scale({scale})">\n{inset}  </g>\n'


def _ball_at(x: float, y: float) -> str:
    return muscle(x, y, 13, 10) + ball(x, y, 10)


def _knob_at(x: float, y: float) -> str:
    return (
        muscle(x, y, 12, 9)
        + f'  <circle cx="{x}" cy="{y}" r="8" fill="{STICK}" stroke="#ffffff" stroke-width="2"/>\n'
    )


#: What a back map can mark: a ball, the stick's knob or a band worked spot by spot.
SPOTS = {
    # Side of the waist: between the lowest rib and the hip crest, beside (not on) the spine.
    "waist": _ball_at(168, MID + 32),
    "beside-spine": muscle(176, MID + 13, 36, 6)
    + muscle(176, MID - 13, 36, 6)
    + ball(150, MID + 13, 9)
    + arrow(140, MID + 34, 222, MID + 34, width=5),
    "lower-buttock": _ball_at(244, MID + 26) + _ball_at(212, MID + 32),
    "upper-outer-buttock": _ball_at(222, MID + 46),
    "below-rib": _knob_at(156, MID + 30),
    "toward-spine": _knob_at(168, MID + 30) + arrow(168, MID + 84, 168, MID + 44, width=5),
    "toward-belly": _knob_at(166, MID + 14)
    + f'  <circle cx="166" cy="{MID + 14}" r="16" fill="none" stroke="{ARROW}" stroke-width="4"/>\n',
    # The ball moved across, from under one buttock to under the other.
    "other-buttock": f'  <g opacity="0.35">\n{ball(240, MID + 26, 10)}  </g>\n'
    + _ball_at(240, MID - 26)
    + curved_arrow(f"M262 {MID + 30} Q 290 {MID} 262 {MID - 30}"),
    "band": muscle(170, MID + 14, 40, 8)
    + _knob_at(150, MID + 14)
    + arrow(126, MID + 70, 214, MID + 70, both=True, width=5),
}


def lying_scene(title: str, top: float, side: str, *spots: str, inset: str = "") -> str:
    """A side view of the person lying down (from `top` to the floor) above the back map."""
    box = (10, round(top), 380, MAP_BOTTOM - round(top))
    return scene(title, box, side, back_map(*spots, inset=inset))


# -- lying on the back ---------------------------------------------------------------------


def supine(
    lift: float = 0.0,
    arm: str = "floor",
    side_roll: bool = False,
    knees: str = "up",
    push: bool = True,
) -> tuple[str, float]:
    """On the back. `knees`: "up", lower legs on a stool (the stick, the buttocks); "bent", feet
    flat on the floor, pushing with them to roll on a ball. `lift` raises the back (something is
    under it)."""
    torso_y = 230 - lift
    shoulder, hip = (96, torso_y - 2), (206, torso_y + 2)
    parts = []
    if knees == "up":
        parts.append(stool())
        parts.append(limb((hip[0], hip[1]), (258, 176), (338, 176), width=SKIN_LINE + 2))
        parts.append(limb((338, 176), (346, 158), width=SKIN_LINE - 3))
    else:
        parts.append(limb(hip, (268, 172), (300, FLOOR - 8), (328, FLOOR - 6), width=SKIN_LINE + 2))
        if push:  # the feet push the body up and down over the ball
            parts.append(arrow(292, FLOOR - 72, 352, FLOOR - 72, both=True, width=5))
    parts.append(limb(shoulder, hip, width=TORSO))
    if side_roll:
        parts.append(
            f'  <ellipse cx="{hip[0] - 6}" cy="{hip[1] - 4}" rx="30" ry="22" fill="{INK}"/>\n'
        )
    parts.append(head(shoulder[0] - 30, torso_y - 8))
    if arm == "floor":
        parts.append(
            limb(
                (shoulder[0] + 8, shoulder[1] + 4),
                (140, FLOOR - 12),
                (182, FLOOR - 10),
                width=SKIN_LINE - 3,
            )
        )
    return "".join(parts), torso_y


def tilt_inset() -> str:
    """The pelvis seen from the feet, tilted a little onto one side over the ball."""
    cx, cy = 86, 66
    floor_y = cy + 32
    return (
        '  <g aria-label="the pelvis seen from the feet, tilted onto one side">\n'
        f'  <rect x="{cx - 64}" y="{cy - 54}" width="128" height="100" rx="14" fill="#ffffff" stroke="{FURNITURE_INK}" stroke-width="2"/>\n'
        f'  <line x1="{cx - 52}" y1="{floor_y}" x2="{cx + 52}" y2="{floor_y}" stroke="{FLOOR_INK}" stroke-width="3" stroke-linecap="round"/>\n'
        f'  <ellipse cx="{cx - 6}" cy="{cy - 2}" rx="40" ry="20" fill="{INK}" transform="rotate(-24 {cx - 6} {cy - 2})"/>\n'
        + muscle(cx + 24, cy + 14, 9, 7)
        + ball(cx + 26, floor_y - 11, 10)
        + curved_arrow(f"M{cx - 40} {cy - 24} A 40 40 0 0 1 {cx + 24} {cy - 30}")
        + "  </g>\n"
    )


def ribs(torso_y: float) -> str:
    return "".join(
        f'  <path d="M{x} {torso_y - 14} q6 14 0 28" stroke="#8fa1b3" stroke-width="2.5" fill="none" stroke-linecap="round"/>\n'
        for x in (104, 116, 128, 140)
    )


def back_stick(torso_y: float, knob_x: float = 152) -> str:
    """A curved massage stick: the knob under the back, the handle held above the chest."""
    knob_y = torso_y + 19
    return (
        f'  <path d="M{knob_x:.1f} {knob_y:.1f} C {knob_x + 34:.1f} {knob_y + 4:.1f} {knob_x + 44:.1f} {knob_y - 40:.1f} '
        f'{knob_x + 30:.1f} {knob_y - 80:.1f} S {knob_x - 8:.1f} {knob_y - 132:.1f} {knob_x - 40:.1f} {knob_y - 122:.1f}" '
        f'fill="none" stroke="{STICK}" stroke-width="10" stroke-linecap="round"/>\n'
        f'  <circle cx="{knob_x:.1f}" cy="{knob_y:.1f}" r="8" fill="{STICK}"/>\n'
        + limb(
            (104, torso_y - 8),
            (112, torso_y - 62),
            (knob_x - 30, knob_y - 124),
            width=SKIN_LINE - 3,
        )
        + f'  <circle cx="{knob_x - 30:.1f}" cy="{knob_y - 124:.1f}" r="9" fill="{INK}"/>\n'
    )


# -- getting down and up: small panels of a sequence --------------------------------------------

#: A panel's own drawing: 190 × 150 with the floor at PANEL_FLOOR, drawn at PANEL_SCALE.
PANEL_FLOOR = 134
PANEL_SCALE = 0.86


def number_badge(x: float, y: float, number: int) -> str:
    return (
        f'  <circle cx="{x}" cy="{y}" r="15" fill="{ARROW}"/>\n'
        f'  <text x="{x}" y="{y + 7}" font-family="sans-serif" font-size="20" font-weight="700" '
        f'fill="#ffffff" text-anchor="middle">{number}</text>\n'
    )


def panel(figure: str, x: float, y: float, number: int) -> str:
    """One moment of a sequence in a frame, numbered in its corner."""
    w, h = 190 * PANEL_SCALE, 150 * PANEL_SCALE
    return (
        f'  <rect x="{x}" y="{y}" width="{w:.0f}" height="{h:.0f}" rx="14" fill="#ffffff" stroke="{FURNITURE_INK}" stroke-width="2"/>\n'
        f'  <g transform="translate({x} {y}) scale({PANEL_SCALE})">\n'
        f'  <line x1="12" y1="{PANEL_FLOOR}" x2="178" y2="{PANEL_FLOOR}" stroke="{FLOOR_INK}" stroke-width="4" stroke-linecap="round"/>\n'
        f"{figure}  </g>\n" + number_badge(x + 18, y + 18, number)
    )


def kneeling() -> str:
    """Upright on both knees, one hand reaching for the floor."""
    f = PANEL_FLOOR - 8
    return (
        limb((44, f), (92, f), (96, f - 42), width=SKIN_LINE)
        + limb((96, f - 42), (100, f - 84), width=TORSO - 6)
        + head(104, f - 104, 14)
        + limb((100, f - 80), (120, f - 46), (138, f - 4), width=SKIN_LINE - 4)
        + f'  <circle cx="138" cy="{f - 4}" r="8" fill="{INK}"/>\n'
    )


def side_sitting() -> str:
    """Sitting on one hip, legs folded to the other side, propped on one hand."""
    f = PANEL_FLOOR - 8
    return (
        limb((84, f - 4), (140, f - 10), (104, f), width=SKIN_LINE)
        + limb((84, f - 4), (98, f - 58), width=TORSO - 6)
        + head(104, f - 84, 15)
        + limb((96, f - 54), (70, f - 30), (54, f), width=SKIN_LINE - 4)
        + f'  <circle cx="54" cy="{f}" r="8" fill="{INK}"/>\n'
    )


def half_kneeling() -> str:
    """One knee down, the other foot forward, hands on that thigh, back straight."""
    f = PANEL_FLOOR - 8
    return (
        limb((30, f), (72, f), (78, f - 42), width=SKIN_LINE)
        + limb((78, f - 42), (126, f - 40), (128, f), width=SKIN_LINE)
        + limb((78, f - 42), (82, f - 84), width=TORSO - 6)
        + head(86, f - 104, 14)
        + limb((82, f - 80), (100, f - 60), (114, f - 46), width=SKIN_LINE - 4)
        + f'  <circle cx="114" cy="{f - 46}" r="8" fill="{INK}"/>\n'
        + arrow(160, f - 30, 160, f - 96, width=5)
    )


def lie_legs_up() -> str:
    body, _ = supine()
    return scene("Lying on the back, lower legs up on a chair", LYING, body)


def change_sides() -> str:
    body, _ = supine()
    return lying_scene(
        "Changing sides: the ball moves across to under the other buttock",
        LYING[1],
        body,
        "other-buttock",
    )


def get_down(knees: str = "up") -> str:
    """Getting down without a twist: kneel, sit to one side, roll onto the back; then the legs
    up on a chair (the stick, the buttocks) or the knees bent, feet flat (the ball on the back)."""
    body, _ = supine(knees=knees, push=False)
    ending = (
        "put your legs up" if knees == "up" else "bend your knees with your feet flat on the floor"
    )
    return scene(
        f"Getting down: kneel, sit to one side, then roll onto your back and {ending}",
        (10, -44, 380, 314),
        panel(kneeling(), 20, -40, 1),
        arrow(186, 30, 214, 30, width=5),
        panel(side_sitting(), 214, -40, 2),
        curved_arrow("M300 108 Q 280 150 212 168"),
        body,
        number_badge(34, 176, 3),
    )


def ball_quadratus(rolling: bool = False) -> str:
    """Lying on the ball at the side of the waist: still (a hold), or rolling over it with the
    feet pushing (`rolling`)."""
    body, y = supine(lift=12, knees="bent", push=rolling)
    return lying_scene(
        "Rolling over the ball at the side of the waist, between the lowest rib and the hip crest"
        if rolling
        else "Ball under the side of the waist, between the lowest rib and the hip crest",
        LYING[1],
        body + muscle(176, y + 2, 20, 11) + ball(176, FLOOR - 14) + arrow(176, y - 46, 176, y - 22),
        "waist",
    )


def ball_lumbar_sacrum() -> str:
    body, y = supine(lift=12, knees="bent")
    return lying_scene(
        "Ball rolled spot by spot beside the spine, down to the sacrum",
        LYING[1],
        body
        + muscle(178, y + 2, 36, 10)
        + ball(192, FLOOR - 14)
        + arrow(148, y - 36, 214, y - 36, both=True),
        "beside-spine",
    )


def ball_gluteus_maximus() -> str:
    body, y = supine(lift=12)
    return lying_scene(
        "Ball under the lower half of the buttock and under the hip crest",
        LYING[1],
        body + muscle(214, y + 6, 20, 13) + ball(214, FLOOR - 14) + arrow(214, y - 46, 214, y - 22),
        "lower-buttock",
    )


def ball_gluteus_medius() -> str:
    body, y = supine(lift=14, side_roll=True)
    return lying_scene(
        "Tilted onto the side, ball under the upper outer buttock",
        LYING[1],
        body + muscle(206, y - 10, 17, 14) + ball(210, FLOOR - 14),
        "upper-outer-buttock",
        inset=in_map_corner(tilt_inset(), 22, 12),
    )


def stick_12th_rib() -> str:
    body, y = supine(lift=8, arm="stick")
    return lying_scene(
        "Massage stick: knob just below the lowest rib",
        STICK_TOP,
        body + ribs(y) + muscle(160, y + 4, 16, 10) + back_stick(y),
        "below-rib",
    )


def stick_from_side() -> str:
    body, y = supine(lift=8, arm="stick")
    return lying_scene(
        "Massage stick: pressing from the side toward the spine",
        STICK_TOP,
        body + ribs(y) + muscle(160, y + 4, 16, 10) + back_stick(y),
        "toward-spine",
        inset=in_map_corner(cross_section("side"), 260, 12),
    )


def stick_from_below() -> str:
    body, y = supine(lift=8, arm="stick")
    return lying_scene(
        "Massage stick: pressing from the back toward the belly",
        STICK_TOP,
        body
        + ribs(y)
        + muscle(165, y + 4, 16, 10)
        + back_stick(y, knob_x=165)
        + arrow(165, y + 44, 165, y + 24, width=5),
        "toward-belly",
        inset=in_map_corner(cross_section("back"), 260, 12),
    )


def stick_massage() -> str:
    body, y = supine(lift=8, arm="stick")
    return lying_scene(
        "Massage stick: working spot by spot over the lower back",
        STICK_TOP,
        body
        + muscle(172, y + 4, 30, 10)
        + back_stick(y, knob_x=166)
        + arrow(128, y - 150, 176, y - 150, both=True),
        "band",
    )


def rotate(
    point: tuple[float, float], origin: tuple[float, float], degrees: float
) -> tuple[float, float]:
    angle = math.radians(degrees)
    x, y = point[0] - origin[0], point[1] - origin[1]
    return (
        origin[0] + x * math.cos(angle) - y * math.sin(angle),
        origin[1] + x * math.sin(angle) + y * math.cos(angle),
    )


def profile(lean: float = 0.0, walking: bool = False) -> tuple[str, dict[str, tuple[float, float]]]:
    """Standing, seen from the side, facing right; the upper body leans `lean` degrees forward."""
    hip = (190.0, 166.0)
    joints = {
        "shoulder": rotate((190, 92), hip, lean),
        "head": rotate((194, 58), hip, lean),
        "waist": rotate((174, 142), hip, lean),
    }
    parts = []
    if walking:
        parts.append(limb(hip, (172, 208), (152, FLOOR - 6), (166, FLOOR - 4), width=SKIN_LINE))
        parts.append(limb(hip, (214, 206), (226, FLOOR - 6), (244, FLOOR - 4), width=SKIN_LINE))
    else:
        parts.append(limb(hip, (192, 209), (190, FLOOR - 6), (210, FLOOR - 4), width=SKIN_LINE))
    parts.append(limb(joints["shoulder"], hip, width=TORSO))
    parts.append(head(*joints["head"]))
    elbow = rotate((158, 128), hip, lean)
    hand = rotate((168, 146), hip, lean)
    parts.append(limb(joints["shoulder"], elbow, hand, width=SKIN_LINE - 4))
    parts.append(f'  <circle cx="{hand[0]:.1f}" cy="{hand[1]:.1f}" r="9" fill="{INK}"/>\n')
    joints["hand"] = hand
    return "".join(parts), joints


def back_view(lean: float = 0.0) -> tuple[str, dict[str, tuple[float, float]]]:
    """Standing, seen from behind, hands on the waist; the upper body leans `lean` degrees sideways."""
    pelvis = (200.0, 168.0)

    def r(x: float, y: float) -> tuple[float, float]:
        return rotate((x, y), pelvis, lean)

    parts = [
        limb((186, 168), (182, 210), (180, FLOOR - 4), width=SKIN_LINE),
        limb((214, 168), (218, 210), (220, FLOOR - 4), width=SKIN_LINE),
        f'  <path d="M{r(166, 88)[0]:.1f} {r(166, 88)[1]:.1f} L{r(234, 88)[0]:.1f} {r(234, 88)[1]:.1f} '
        f'L{r(222, 172)[0]:.1f} {r(222, 172)[1]:.1f} L{r(178, 172)[0]:.1f} {r(178, 172)[1]:.1f} Z" '
        f'fill="{INK}" stroke="{INK}" stroke-width="14" stroke-linejoin="round"/>\n',
        f'  <line x1="{r(200, 92)[0]:.1f}" y1="{r(200, 92)[1]:.1f}" x2="{r(200, 170)[0]:.1f}" y2="{r(200, 170)[1]:.1f}" '
        'stroke="#7e8fa0" stroke-width="3" stroke-dasharray="6 5"/>\n',
        head(*r(200, 58)),
    ]
    joints = {"left_hand": r(176, 146), "right_hand": r(224, 146), "pelvis": pelvis}
    parts.append(limb(r(166, 92), r(136, 124), joints["left_hand"], width=SKIN_LINE - 4))
    parts.append(limb(r(234, 92), r(264, 124), joints["right_hand"], width=SKIN_LINE - 4))
    for side in ("left_hand", "right_hand"):
        x, y = joints[side]
        parts.append(f'  <circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{INK}"/>\n')
    return "".join(parts), joints


def ql_press_behind() -> str:
    body, j = profile()
    hx, hy = j["hand"]
    return scene(
        "Standing: thumbs press into the lower back from behind",
        FULL,
        body,
        muscle(hx + 12, hy - 4, 8, 16),
        arrow(hx - 44, hy, hx - 14, hy),
        cross_section("back"),
    )


def ql_press_side() -> str:
    body, j = back_view()
    (lx, ly), (rx, ry) = j["left_hand"], j["right_hand"]
    return scene(
        "Standing, seen from behind: fingers press into the waist from the side",
        FULL,
        body,
        muscle(181, 146, 7, 18),
        muscle(219, 146, 7, 18),
        arrow(lx - 46, ly, lx - 14, ly),
        arrow(rx + 46, ry, rx + 14, ry),
        cross_section("both-sides"),
    )


def walk_pressing() -> str:
    body, j = profile(walking=True)
    hx, hy = j["hand"]
    return scene(
        "Walking slowly while pressing into the lower back",
        FULL,
        body,
        muscle(hx + 12, hy - 4, 8, 16),
        arrow(hx - 44, hy, hx - 14, hy),
        arrow(262, 110, 322, 110),
        f'  <path d="M300 {FLOOR + 14} h14 M326 {FLOOR + 14} h14 M352 {FLOOR + 14} h14" stroke="{FLOOR_INK}" stroke-width="4" stroke-linecap="round"/>\n',
    )


def lean_forward() -> str:
    body, j = profile(lean=38)
    hx, hy = j["hand"]
    sx, sy = j["shoulder"]
    return scene(
        "Leaning forward slowly, hands pressing into the lower back",
        FULL,
        body,
        muscle(hx + 12, hy - 6, 8, 16, angle=38),
        f'  <circle cx="{hx:.1f}" cy="{hy:.1f}" r="12" fill="{INK}" stroke="#ffffff" stroke-width="3"/>\n',
        arrow(hx - 40, hy + 18, hx - 14, hy + 6),
        curved_arrow(
            f"M{sx + 10:.1f} {sy - 40:.1f} Q {sx + 70:.1f} {sy - 20:.1f} {sx + 70:.1f} {sy + 40:.1f}"
        ),
    )


def lean_sideways() -> str:
    body, _joints = back_view(lean=-14)
    return scene(
        "Leaning gently to the side, hands pressing into the waist",
        FULL,
        body,
        muscle(183, 148, 7, 18, angle=-14),
        muscle(220, 139, 7, 18, angle=-14),
        curved_arrow("M232 40 Q 178 12 128 52"),
        # The way back, fainter.
        curved_arrow("M168 40 Q 222 12 272 52").replace(
            'stroke="#0b6e72"', 'stroke="#0b6e72" opacity="0.35"'
        ),
    )


def get_up_side() -> str:
    """Getting up without a twist: roll onto the side as one piece, push up to sitting on one
    hip, kneel with one foot forward, and stand up with the hands on that thigh."""
    body, y = supine(knees="bent", push=False)
    return scene(
        "Getting up: roll onto the side, push up to sitting, kneel, then stand up",
        (10, 104, 380, 346),
        body,
        # Knees bent, the whole body turns onto its side in one piece.
        curved_arrow(f"M96 {y - 56} A 70 40 0 0 1 216 {y - 50}"),
        number_badge(34, 122, 1),
        panel(side_sitting(), 20, 280, 2),
        arrow(186, 350, 214, 350, width=5),
        panel(half_kneeling(), 214, 280, 3),
    )


PICTURES = {
    "lie-legs-up": lie_legs_up,
    "get-down": get_down,
    "change-sides": change_sides,
    "get-down-knees-bent": lambda: get_down(knees="bent"),
    "ball-quadratus": ball_quadratus,
    "ball-quadratus-roll": lambda: ball_quadratus(rolling=True),
    "ball-lumbar-sacrum": ball_lumbar_sacrum,
    "ball-gluteus-maximus": ball_gluteus_maximus,
    "ball-gluteus-medius": ball_gluteus_medius,
    "stick-12th-rib": stick_12th_rib,
    "stick-from-side": stick_from_side,
    "stick-from-below": stick_from_below,
    "stick-massage": stick_massage,
    "ql-press-behind": ql_press_behind,
    "ql-press-side": ql_press_side,
    "walk-pressing": walk_pressing,
    "lean-forward": lean_forward,
    "lean-sideways": lean_sideways,
    "get-up-side": get_up_side,
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in PICTURES.items():
        (OUT / f"{name}.svg").write_text(draw() + "</svg>\n", encoding="utf-8")
        print(OUT / f"{name}.svg")


if __name__ == "__main__":
    main()
