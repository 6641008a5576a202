"""The catalogue of routine files: each file read once, and again only when it changes."""

from __future__ import annotations

import os
from pathlib import Path

from desktop_app.core.routines import Origin, Routine
from desktop_app.library import Catalogue
from tests.conftest import VALID_ROUTINE


def write(folder: Path, name: str, routine_id: str, title: str = "Test routine") -> Path:
    path = folder / name
    path.write_text(
        VALID_ROUTINE.replace("id: test-routine", f"id: {routine_id}").replace(
            "title: Test routine", f"title: {title}"
        ),
        encoding="utf-8",
    )
    return path


def catalogue_of(folder: Path, assets: Path) -> Catalogue:
    catalogue = Catalogue([(folder, Origin.USER)], assets)
    catalogue.refresh()
    return catalogue


def test_a_changed_file_is_the_only_one_read_again(tmp_path: Path, assets: Path) -> None:
    for n in range(20):
        write(tmp_path, f"r{n:02d}.yaml", f"r{n}")
    catalogue = catalogue_of(tmp_path, assets)
    assert len(catalogue.listings()) == 20
    assert not catalogue.refresh()  # nothing changed: nothing read
    write(tmp_path, "r07.yaml", "r7", title="Renamed")
    change = catalogue.refresh()
    assert change.read == 1 and change.removed == 0
    assert [r.title for r in catalogue.listings() if r.id == "r7"] == ["Renamed"]


def test_a_file_edited_in_place_with_the_same_size_is_still_seen(
    tmp_path: Path, assets: Path
) -> None:
    path = write(tmp_path, "a.yaml", "a", title="Before")
    catalogue = catalogue_of(tmp_path, assets)
    info = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Before", "Afters"), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1))
    assert catalogue.refresh().read == 1
    assert catalogue.listings()[0].title == "Afters"


def test_removed_files_leave_the_list_and_new_ones_join_in_name_order(
    tmp_path: Path, assets: Path
) -> None:
    write(tmp_path, "b.yaml", "b")
    gone = write(tmp_path, "c.yaml", "c")
    catalogue = catalogue_of(tmp_path, assets)
    gone.unlink()
    write(tmp_path, "a.yaml", "a")
    change = catalogue.refresh()
    assert (change.read, change.removed) == (1, 1)
    assert [r.id for r in catalogue.listings()] == ["a", "b"]


def test_a_later_file_with_a_used_id_is_a_problem_as_when_loading(
    tmp_path: Path, assets: Path
) -> None:
    first = write(tmp_path, "a.yaml", "same")
    write(tmp_path, "b.yaml", "same")
    catalogue = catalogue_of(tmp_path, assets)
    assert [r.source for r in catalogue.listings()] == [first]
    (problem,) = catalogue.problems()
    assert problem.path.name == "b.yaml" and f"already used by {first}" in problem.message
    first.unlink()  # the other file now stands alone and loads
    catalogue.refresh()
    assert [r.source.name for r in catalogue.listings()] == ["b.yaml"]
    assert catalogue.problems() == []


def test_reading_in_portions_always_gets_through(tmp_path: Path, assets: Path) -> None:
    for n in range(10):
        write(tmp_path, f"r{n}.yaml", f"r{n}")
    ticks = iter(range(1000))
    catalogue = Catalogue([(tmp_path, Origin.USER)], assets, clock=lambda: next(ticks))
    catalogue.scan()
    assert catalogue.waiting == 10 and catalogue.listings() == []
    # A budget already spent by the first file still reads one file a call.
    assert catalogue.read_some(seconds=0.5) == 1
    assert len(catalogue.listings()) == 1 and catalogue.waiting == 9
    while catalogue.waiting:
        catalogue.read_some(seconds=0.5)
    assert len(catalogue.listings()) == 10


def test_an_opened_routine_is_what_its_file_says_now(tmp_path: Path, assets: Path) -> None:
    path = write(tmp_path, "a.yaml", "a", title="Listed")
    catalogue = catalogue_of(tmp_path, assets)
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Listed", "title: Edited"), encoding="utf-8"
    )
    routine = catalogue.routine("a")
    assert isinstance(routine, Routine) and routine.title == "Edited"
    path.write_text("schema: 1\nid: a\ntitle: [\n", encoding="utf-8")
    broken = catalogue.routine("a")
    assert not isinstance(broken, Routine) and broken is not None
    assert "YAML syntax error" in str(broken.problems[0])
    assert catalogue.routine("no-such") is None


def test_an_unreadable_folder_is_a_problem_and_a_missing_one_is_not(
    tmp_path: Path, assets: Path
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    catalogue = Catalogue(
        [(tmp_path / "missing", Origin.BUNDLED), (not_a_folder, Origin.USER)], assets
    )
    catalogue.refresh()
    (problem,) = catalogue.problems()
    assert problem.path == not_a_folder and "cannot read the folder" in problem.message


# -- the list kept between runs ------------------------------------------------------------------


def cached_catalogue(folder: Path, assets: Path, cache: Path) -> Catalogue:
    catalogue = Catalogue([(folder, Origin.USER)], assets, cache=cache)
    catalogue.refresh()
    return catalogue


def test_the_next_start_lists_the_routines_without_reading_their_files(
    tmp_path: Path, assets: Path
) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    for n in range(5):
        write(folder, f"r{n}.yaml", f"r{n}")
    (folder / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    cache = tmp_path / "listings.json"
    first = cached_catalogue(folder, assets, cache)
    assert cache.exists()

    again = Catalogue([(folder, Origin.USER)], assets, cache=cache)
    assert again.scan().read == 0  # nothing to read: every file is as it was
    assert again.listings() == first.listings()
    assert [str(p) for p in again.problems()] == [str(p) for p in first.problems()]
    assert any("broken.yaml:" in str(p) for p in again.problems())  # still reported


def test_a_file_changed_between_runs_is_read_again_and_the_rest_come_from_the_cache(
    tmp_path: Path, assets: Path
) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    for n in range(3):
        write(folder, f"r{n}.yaml", f"r{n}")
    cache = tmp_path / "listings.json"
    cached_catalogue(folder, assets, cache)
    write(folder, "r1.yaml", "r1", title="Changed while the app was closed")
    (folder / "r2.yaml").unlink()

    again = Catalogue([(folder, Origin.USER)], assets, cache=cache)
    assert again.scan().read == 1
    again.read_some()
    assert {r.id: r.title for r in again.listings()} == {
        "r0": "Test routine",
        "r1": "Changed while the app was closed",
    }
    third = Catalogue([(folder, Origin.USER)], assets, cache=cache)
    assert third.scan().read == 0  # the change was kept
    assert [r.id for r in third.listings()] == ["r0", "r1"]


def test_a_damaged_or_foreign_cache_is_ignored_and_replaced(tmp_path: Path, assets: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    write(folder, "a.yaml", "a")
    cache = tmp_path / "listings.json"
    damaged = [
        b"{not json",
        b'{"rules": "someone else", "entries": []}',
        b"[1, 2, 3]",
        b'{"rules": null}',
        b"\xff\xfe" * 100,
    ]
    cached_catalogue(folder, assets, cache)
    good = cache.read_bytes()
    rules = good.split(b'"entries"')[0]
    damaged += [
        rules + b'"entries": [["/x", [1, 2], null, []]]}',  # a signature too short
        rules + b'"entries": [["/x", [1, 2, true], null, []]]}',  # not a number
        rules + b'"entries": [[1, [1, 2, 3], null, []]]}',
        rules + b'"entries": [["/x", [1, 2, 3], ["a"], []]]}',
        rules + b'"entries": [["/x", [1, 2, 3], null, [["/x", 1, "m", "fatal"]]]]}',
    ]
    for text in damaged:
        cache.write_bytes(text)
        catalogue = Catalogue([(folder, Origin.USER)], assets, cache=cache)
        assert catalogue.scan().read == 1, text  # read from the file instead
        catalogue.read_some()
        assert [r.id for r in catalogue.listings()] == ["a"]
        assert cache.read_bytes() == good  # and the cache written anew


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(
    tmp_path: Path, assets: Path
) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    write(folder, "a.yaml", "a")
    cache = tmp_path / "no-such-folder" / "listings.json"
    catalogue = cached_catalogue(folder, assets, cache)  # no exception
    assert [r.id for r in catalogue.listings()] == ["a"]
    assert not cache.exists()
