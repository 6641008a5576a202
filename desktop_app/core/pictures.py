"""A step's picture, read with a bounded cost before Qt sees it.

An SVG is a text file that can make its renderer do anything: an `<image>` pointing at a named
pipe froze the window for good, one of nested `<use>` took 70 s a paint, and a reference to a
file made Qt open files outside the routine's folder. So a picture is read here first: a regular
file of at most MAX_PICTURE_BYTES, no DOCTYPE (no entities to expand), nothing drawn from outside
itself (a reference is `#id` or `data:`), and at most MAX_ELEMENTS elements once every `<use>`
is counted as what it copies. What passes is handed to Qt as bytes; what does not is a problem in
words (the window draws its placeholder, `--validate` reports it)."""

from __future__ import annotations

import functools
import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop_app.i18n import _

MAX_PICTURE_BYTES = 1024 * 1024
MAX_ELEMENTS = 20_000
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


class PictureRefused(Exception):
    """Why a picture is not drawn, in words for the person."""


def read_picture(path: Path) -> bytes:
    """The picture's bytes, checked (raises PictureRefused with the reason)."""
    try:
        status = os.stat(path)
    except OSError as error:
        raise PictureRefused(
            _("it cannot be read ({error})").format(error=error.strerror)
        ) from None
    if not stat.S_ISREG(status.st_mode):
        raise PictureRefused(_("it is not a regular file"))
    return _checked(str(path), status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=256)
def _checked(path: str, _mtime: int, _size: int) -> bytes:
    """Read and checked once per version of the file (10,000 routines share a few pictures)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_PICTURE_BYTES + 1)
    except OSError as error:
        raise PictureRefused(
            _("it cannot be read ({error})").format(error=error.strerror)
        ) from None
    if len(data) > MAX_PICTURE_BYTES:
        raise PictureRefused(
            _("it is larger than {size} KiB").format(size=MAX_PICTURE_BYTES // 1024)
        )
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise PictureRefused(_("it declares a DOCTYPE or entities, which a picture never needs"))
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise PictureRefused(
            _("it is not a valid SVG file ({error})").format(error=error)
        ) from None
    _check_references(root)
    if _expanded(root) > MAX_ELEMENTS:
        raise PictureRefused(
            _("it would draw more than {count} shapes").format(count=f"{MAX_ELEMENTS:,}")
        )
    return data


def _check_references(root: ET.Element) -> None:
    for element in root.iter():
        for name in ("href", XLINK_HREF):
            target = element.attrib.get(name, "").strip()
            if target and not target.startswith(("#", "data:")):
                raise PictureRefused(
                    _("it draws from outside itself ({target})").format(target=target[:80])
                )


def _expanded(root: ET.Element) -> int:
    """How many elements the picture draws, a `<use>` counting as what it copies (each copy
    of a copy too); a `<use>` that copies itself counts as too many."""
    by_id = {element.attrib["id"]: element for element in root.iter() if "id" in element.attrib}
    sizes: dict[int, int] = {}
    busy: set[int] = set()

    def size(element: ET.Element) -> int:
        key = id(element)
        if key in sizes:
            return sizes[key]
        if key in busy:
            return MAX_ELEMENTS + 1  # a cycle
        busy.add(key)
        total = 1
        for child in element:
            total += size(child)
            if total > MAX_ELEMENTS:
                break
        if element.tag.rsplit("}", 1)[-1] == "use":
            target = by_id.get(
                (element.attrib.get("href") or element.attrib.get(XLINK_HREF, "")).lstrip("#")
            )
            if target is not None:
                total += size(target)
        busy.discard(key)
        sizes[key] = min(total, MAX_ELEMENTS + 1)
        return sizes[key]

    return size(root)
