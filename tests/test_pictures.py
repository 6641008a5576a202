"""A hostile picture costs little: read and checked before Qt sees it (core/pictures.py), drawn
as the placeholder when refused, and reported by --validate. Each of these froze, crashed or
leaked before (issue 39)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.pictures import MAX_ELEMENTS, PictureRefused, read_picture
from desktop_app.resources import assets_dir

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" width="10" height="10">{body}</svg>'


def nested_uses(levels: int = 10, fan: int = 8) -> str:
    """Each level uses the one below `fan` times: fan ** levels shapes from a 2 KB file."""
    parts = ['<defs><rect id="l0" width="1" height="1"/>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use href="#l{level - 1}"/>' for _ in range(fan))
        parts.append(f'<g id="l{level}">{uses}</g>')
    parts.append(f'</defs><use href="#l{levels}"/>')
    return SVG.format(body="".join(parts))


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ('<image href="/etc/passwd" width="5" height="5"/>', "outside itself"),
        ('<image xlink:href="file:///tmp/x.png" width="5" height="5"/>', "outside itself"),
        ('<use href="other.svg#a"/>', "outside itself"),
        ('<g id="a"><use href="#a"/></g>', "more than"),
    ],
    ids=["image-path", "image-file-url", "use-another-file", "use-itself"],
)
def test_a_picture_that_reaches_outside_itself_or_never_ends_is_refused(
    tmp_path: Path, body: str, why: str
) -> None:
    path = tmp_path / "hostile.svg"
    path.write_text(SVG.format(body=body), encoding="utf-8")
    with pytest.raises(PictureRefused, match=why):
        read_picture(path)


def test_nested_uses_are_counted_as_what_they_draw(tmp_path: Path) -> None:
    path = tmp_path / "bomb.svg"
    path.write_text(nested_uses(), encoding="utf-8")
    assert path.stat().st_size < 4096
    started = time.monotonic()
    with pytest.raises(PictureRefused, match=f"{MAX_ELEMENTS:,}"):
        read_picture(path)
    assert time.monotonic() - started < 1.0


def test_a_named_pipe_or_a_doctype_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.svg"
    os.mkfifo(fifo)
    with pytest.raises(PictureRefused, match="not a regular file"):
        read_picture(fifo)  # opening it would block for good
    entities = tmp_path / "entities.svg"
    entities.write_text(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>' + SVG.format(body="&a;"),
        encoding="utf-8",
    )
    with pytest.raises(PictureRefused, match="DOCTYPE"):
        read_picture(entities)


def test_every_bundled_picture_passes() -> None:
    for path in sorted((assets_dir() / "illustrations").glob("*.svg")):
        assert read_picture(path).startswith(b"<svg"), path


def test_the_window_draws_the_placeholder_for_a_refused_picture(
    app_controller: Any, tmp_path: Path
) -> None:
    from desktop_app.qt.session_widgets import IllustrationView

    view = IllustrationView()
    zero = tmp_path / "zero.svg"
    zero.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"></svg>', encoding="utf-8"
    )
    fifo = tmp_path / "fifo.svg"
    os.mkfifo(fifo)
    bomb = tmp_path / "bomb.svg"
    bomb.write_text(nested_uses(), encoding="utf-8")
    view.resize(400, 300)
    for path in (zero, fifo, bomb):
        view.show_file(path, "hostile")
        started = time.monotonic()
        assert not view.grab().isNull()  # paints (the placeholder), never raises or hangs
        assert time.monotonic() - started < 1.0, path
    assert view.missing  # the bomb: refused, drawn as the placeholder
    view.deleteLater()


def test_validate_reports_what_the_window_would_refuse(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "bomb.svg").write_text(nested_uses(), encoding="utf-8")
    routine = folder / "routine.yaml"
    routine.write_text(
        "schema: 1\nid: mine\ntitle: Mine\nsummary: A test.\nmuscles: [x]\nequipment: [ball]\n"
        "steps:\n  - kind: prepare\n    title: Lie down\n    instruction: Lie down.\n"
        "    illustration: bomb.svg\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--validate", str(routine)],
        capture_output=True, encoding="utf-8", timeout=60,
        env={**os.environ, "LANGUAGE": "en"},
    )  # fmt: skip
    said = result.stdout + result.stderr
    assert "routine.yaml:11" in said and "bomb.svg" in said and "is not drawn" in said, said
