"""The phone remote over loopback (127.0.0.1 only): the page, the token, pairing, the protocol,
and every press acting exactly like the window's key. A real WebSocket client (websockets) runs
in a thread while the test pumps the Qt event loop the server lives on."""

from __future__ import annotations

import functools
import json
import random
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from email.message import Message
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.exceptions import TimeoutError as QtTimeout
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

from desktop_app.core.actions import Action, Press
from desktop_app.core.commands import COMMANDS
from desktop_app.core.commands import command as engine_command
from desktop_app.core.session import Phase
from desktop_app.remote.protocol import PHONE_ACTIONS, parse
from desktop_app.remote.server import RemoteError, checked_address
from tests.qt_helpers import press

ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile"


#: Seconds any one wait for the server may take: generous, for a loaded machine (two busy
#: processes beside the test made 3 s too short). A wait for something that must not come
#: (a message after a refusal) is short and says so where it is.
WAIT = 20.0
WAIT_MS = round(WAIT * 1000)


def run[T](qtbot: Any, work: Callable[[], T], timeout: int = 60_000) -> T:
    """Do blocking client work in a thread while the server's event loop keeps turning."""
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(work)
        qtbot.waitUntil(future.done, timeout=timeout)
        return future.result()


def get(
    qtbot: Any, url: str, method: str = "GET", host: str | None = None
) -> tuple[int, Message, bytes]:
    """Status, headers (names in any case, as HTTP has them) and body; `host`: the Host
    header sent instead of the URL's (as a page reached through another name sends it)."""

    def fetch() -> tuple[int, Message, bytes]:
        request = urllib.request.Request(url, method=method)
        if host is not None:
            request.add_unredirected_header("Host", host)
        try:
            with urllib.request.urlopen(request, timeout=WAIT) as reply:
                return reply.status, reply.headers, reply.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, b""

    return run(qtbot, fetch)


class Phone:
    """A phone's page, as far as the socket goes."""

    def __init__(
        self, qtbot: Any, socket_url: str, agent: str = ANDROID, origin: str | None = None
    ) -> None:
        """`origin`: the page's own (the socket URL's `o`), as a browser sends it."""
        self.qtbot = qtbot
        url, _o, page = socket_url.partition("#o=")
        self.ws: ClientConnection = run(
            qtbot,
            lambda: connect(
                url,
                open_timeout=WAIT,
                user_agent_header=agent,
                origin=Origin(origin or page),
            ).__enter__(),
        )

    def send(self, message: object) -> None:
        text = message if isinstance(message, str) else json.dumps(message)
        run(self.qtbot, lambda: self.ws.send(text))

    def next(self, kind: str | None = None, timeout: float = WAIT) -> dict[str, Any]:
        """The next message (of this type): read for at most `timeout` seconds."""
        while True:
            message: dict[str, Any] = json.loads(
                run(self.qtbot, lambda: self.ws.recv(timeout=timeout))
            )
            if kind is None or message["type"] == kind:
                return message

    def close(self) -> None:
        run(self.qtbot, self.ws.close)


@pytest.fixture
def remote(app_controller: Any) -> Iterator[Any]:
    url = app_controller.phone.start("127.0.0.1")
    assert url.startswith("http://127.0.0.1:")
    yield app_controller
    app_controller.phone.stop()


def socket_url(qtbot: Any, controller: Any, pair_key: str = "") -> str:
    """The socket address the page would use (read from the page, as the page does)."""
    status, _headers, body = get(qtbot, controller.phone.server.url)
    assert status == 200
    base = re.search(rb'name="socket" content="([^"]+)"', body)
    assert base is not None
    page, token = controller.phone.server.url.split("/?t=", 1)
    # The page's origin rides along after '#', where Phone finds it (never sent).
    return f"{base.group(1).decode()}/ws?t={token}&k={pair_key}#o={page}"


def test_the_remote_is_off_until_the_person_turns_it_on(app_controller: Any) -> None:
    assert app_controller.phone.server is None


def test_the_page_exists_only_with_the_token(qtbot: Any, remote: Any) -> None:
    url = remote.phone.server.url
    base, token = url.split("?t=", 1)
    status, headers, body = get(qtbot, url)
    assert status == 200 and b"<title>Lumbago Coach remote</title>" in body
    assert token.encode() in body  # the assets' addresses carry it
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert re.search(r"connect-src ws://127\.0\.0\.1:\d+;", csp)
    assert headers["Cache-Control"] == "no-store"
    assert headers["Access-Control-Allow-Origin"] is None
    assert get(qtbot, f"{base}remote.js?t={token}")[0] == 200
    assert get(qtbot, f"{base}remote.css?t={token}")[0] == 200
    for wrong in (base, f"{base}?t=", f"{base}?t={token[:-1]}x", f"{base}favicon.ico?t={token}"):
        assert get(qtbot, wrong)[0] == 404, wrong
    assert get(qtbot, url, method="POST")[0] == 404


def test_a_socket_without_the_token_is_refused(qtbot: Any, remote: Any) -> None:
    good, _o, page = socket_url(qtbot, remote).partition("#o=")
    for wrong in (
        good.replace("?t=", "?t=x"),
        good.replace("/ws?", "/other?"),
        good.split("?")[0],
    ):
        with pytest.raises(InvalidStatus) as refused:
            run(qtbot, functools.partial(connect, wrong, open_timeout=WAIT, origin=Origin(page)))
        assert refused.value.response.status_code == 404


def test_only_our_own_page_at_its_own_address_is_answered(qtbot: Any, remote: Any) -> None:
    """A page of another site (its Origin) or this page reached through another name (its
    Host: DNS rebinding) gets neither the page nor the socket, token or not."""
    url = remote.phone.server.url
    assert get(qtbot, url)[0] == 200
    assert get(qtbot, url, host="evil.example:80")[0] == 404
    good = socket_url(qtbot, remote)
    page = good.partition("#o=")[2]
    for origin in ("http://evil.example", page.replace("127.0.0.1", "localhost"), "null"):
        with pytest.raises(InvalidStatus) as refused:
            Phone(qtbot, good, origin=origin)
        assert refused.value.response.status_code == 404, origin
    assert Phone(qtbot, good).next("paired")


def test_the_first_phone_is_paired_and_another_refused_until_pairing_anew(
    qtbot: Any, remote: Any
) -> None:
    url = socket_url(qtbot, remote)
    phone = Phone(qtbot, url)
    key = phone.next("paired")["key"]
    qtbot.waitUntil(
        lambda: "Chrome on Android" in remote.window.start_page.phone.text(), timeout=WAIT_MS
    )
    assert remote.window.start_page.phone.text() == "Phone connected: Chrome on Android"
    stranger = Phone(qtbot, url, agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")
    assert stranger.next()["type"] == "not_paired"
    with pytest.raises(ConnectionClosed):
        stranger.next(timeout=WAIT)
    # The paired phone's page, reloaded, comes back with its key and is given a new one: the
    # old key (read off the network, say) opens nothing any more.
    phone.close()
    again = Phone(qtbot, socket_url(qtbot, remote, pair_key=key))
    new_key = again.next("paired")["key"]
    assert new_key != key
    sniffed = Phone(qtbot, socket_url(qtbot, remote, pair_key=key))
    assert sniffed.next()["type"] == "not_paired"
    # Pairing anew: a new address; the old one is gone.
    old_page = remote.phone.server.url
    remote.phone.server.pair_again()
    assert remote.phone.server.url != old_page
    with pytest.raises(urllib.error.URLError):  # nothing listens there any more
        get(qtbot, old_page)
    fresh = Phone(qtbot, socket_url(qtbot, remote), agent="Mozilla/5.0 (iPhone) Safari/605")
    assert fresh.next()["type"] == "paired"


def test_bad_messages_are_refused_with_a_reason_and_change_nothing(qtbot: Any, remote: Any) -> None:
    remote.open_routine("walk-through")
    phone = Phone(qtbot, socket_url(qtbot, remote))
    phone.next("paired")
    before = remote.session.engine.view()
    for message in (
        "hello",
        "[]",
        '{"cmd": "explode"}',
        '{"cmd": "rate", "value": 11}',
        '{"cmd": "rate", "value": true}',
        '{"cmd": "rate", "value": 5.5}',
        '{"cmd": "rate", "value": NaN}',
        '{"cmd": "toggle", "value": 1}',
        '{"cmd": "toggle", "extra": 1}',
        '{"cmd": {"nested": 1}}',
    ):
        phone.send(message)
        reply = phone.next("refused")
        assert reply["reason"], message
    assert remote.session.engine.view() == before
    # One message far over the limit: the server drops that socket, and the app goes on.
    phone.send('{"cmd": "toggle", "pad": "' + "x" * 2000 + '"}')
    with pytest.raises(ConnectionClosed):
        for _ in range(5):
            phone.next(timeout=WAIT)
    assert remote.session.engine.view() == before


def test_every_press_on_the_phone_does_what_the_key_does(qtbot: Any, remote: Any) -> None:
    remote.open_routine("walk-through")
    phone = Phone(qtbot, socket_url(qtbot, remote))
    phone.next("paired")
    first = phone.next("state")
    assert first["step"]["title"] == "Lie down, legs up" and first["phase"] == "idle"
    assert first["buttons"] == ["toggle"]
    phone.send({"cmd": "toggle"})  # Space: the session starts
    qtbot.waitUntil(lambda: remote.session.engine.phase is not Phase.IDLE, timeout=WAIT_MS)
    phone.send({"cmd": "forward"})  # →: the rolling step
    qtbot.waitUntil(lambda: remote.session.engine.view().step_index == 1, timeout=WAIT_MS)
    rolling = phone.next("state")
    while rolling["step"]["number"] != 2:
        rolling = phone.next("state")
    assert rolling["big"]["shows"] == "counter" and "confirm" in rolling["buttons"]
    phone.send({"cmd": "confirm"})  # Enter: one roll counted
    qtbot.waitUntil(lambda: remote.session.engine.view().repetitions == 1, timeout=WAIT_MS)
    phone.send({"cmd": "rate", "value": 6})
    qtbot.waitUntil(lambda: remote.session.engine.view().last_rating == 6, timeout=WAIT_MS)
    # The window shows the same (its pain scale says it to a screen reader too).
    qtbot.waitUntil(
        lambda: remote.window.session_page.pain.accessibleDescription().startswith("Pain 6 of 10"),
        timeout=WAIT_MS,
    )
    phone.send({"cmd": "roll"})  # "Roll it" on a rolling step: refused, naming its buttons
    assert phone.next("refused")["reason"] == (
        "“Roll it”, “Hold it” and “Next spot” are for steps where you search for spots."
    )
    phone.send({"cmd": "back"})
    qtbot.waitUntil(lambda: remote.session.engine.view().step_index == 0, timeout=WAIT_MS)


def test_presses_faster_than_a_finger_are_refused(qtbot: Any, remote: Any) -> None:
    remote.open_routine("walk-through")
    phone = Phone(qtbot, socket_url(qtbot, remote))
    phone.next("paired")

    def burst() -> None:
        for _ in range(60):
            phone.ws.send('{"cmd": "up"}')

    run(qtbot, burst)
    refused = 0
    for _ in range(60):
        try:
            message = phone.next(timeout=5.0)
        except TimeoutError:
            break
        refused += message["type"] == "refused" and "Too many" in message["reason"]
        if refused >= 30:
            break
    assert refused >= 30


def test_only_private_or_loopback_addresses_are_listened_on() -> None:
    for public in ("8.8.8.8", "0.0.0.0", "1.1.1.1", "::1", "not an address"):
        with pytest.raises(RemoteError):
            checked_address(public)
    # Checked by value only: nothing listens on, or sends to, these addresses here.
    assert checked_address("192.168.1.20") == "192.168.1.20"
    assert checked_address("127.0.0.1") == "127.0.0.1"


def test_the_phone_and_the_keys_share_one_set_of_actions() -> None:
    """Every action the phone may send has a key in a session, and is read as that action;
    stopping is the computer's (the phone is refused it)."""
    from desktop_app.qt.keys import Place, keys_of

    for action in PHONE_ACTIONS:
        assert keys_of(action, (Place.SESSION, Place.SPOT)), action
        if action is not Action.RATE:
            assert parse(json.dumps({"cmd": action.value})) == Press(action)
    assert parse(json.dumps({"cmd": "rate", "value": 6})) == Press(Action.RATE, 6)
    assert isinstance(parse(json.dumps({"cmd": "stop"})), str)
    assert Action.STOP in COMMANDS


def test_ten_thousand_random_messages_leave_the_session_valid() -> None:
    from tests.engine_helpers import hold, prepare, rolling, session, spot

    chooser = random.Random(17)
    s = session(prepare(), rolling(), hold(), spot(), prepare(), hands_free=True)
    names = [*COMMANDS, "rate", "explode", ""]
    values: list[object] = [None, 0, 5, 10, 11, -1, 2.5, True, "6", [1], {"a": 1}, 10**40]
    for _ in range(10_000):
        shape = chooser.random()
        if shape < 0.6:
            message: dict[str, object] = {"cmd": chooser.choice(names)}
            value = chooser.choice(values)
            if value is not None:
                message["value"] = value
            text = json.dumps(message)
        elif shape < 0.8:
            text = "".join(chr(chooser.randrange(32, 0x2FF)) for _ in range(chooser.randrange(40)))
        else:
            text = json.dumps(chooser.choice(values))
        parsed = parse(text)
        if isinstance(parsed, Press):
            engine_command(parsed)(s.engine)
        else:
            assert parsed  # a reason, in words
        s.wait(chooser.choice([0.0, 0.1, 1.0, 5.0]))
        view = s.engine.view()
        assert 0 <= view.step_index < 5
        assert view.cap is None or 0 <= view.repetitions <= view.cap
        assert view.last_rating is None or 0 <= view.last_rating <= 10


def test_the_command_line_turns_the_remote_on_and_prints_its_address(
    isolated_data_dir: Any,
) -> None:
    """`lumbago-coach --remote 127.0.0.1`: the page's full address on standard output, and
    the page answers there."""
    import os
    import queue
    import subprocess
    import sys
    import threading

    (isolated_data_dir / "settings.ini").write_text(
        "[safety]\nanswer=none_apply\n", encoding="utf-8"
    )
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", LUMBAGO_COACH_DATA_DIR=str(isolated_data_dir)
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--sound", "off", "--remote", "127.0.0.1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        encoding="utf-8",
    )
    try:
        stdout = process.stdout
        assert stdout is not None
        # A thread reads the line (a pipe cannot be waited on with select() on Windows).
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
        try:
            line = lines.get(timeout=20).strip()  # bounded: never hangs
        except queue.Empty:
            pytest.fail("no address printed within 20 s")
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?t=[A-Za-z0-9_-]{22}", line), line
        with urllib.request.urlopen(line, timeout=5) as reply:
            assert reply.status == 200
    finally:
        process.terminate()
        process.wait(10)


def test_p_shows_the_code_and_turning_it_off_closes_the_door(qtbot: Any, remote: Any) -> None:
    from PySide6.QtCore import Qt

    from tests.qt_helpers import press, screenshot

    url = remote.phone.server.url
    press(remote.window.start_page.list, Qt.Key.Key_P)
    dialog = remote.phone.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.address.text() == url  # already on (127.0.0.1 here): the same address
    assert dialog.status.text() == "Waiting for your phone…"
    screenshot(dialog, "phone-remote-window")
    dialog.off.click()
    assert not remote.phone.server.running and not dialog.isVisible()
    with pytest.raises(urllib.error.URLError):
        get(qtbot, url)


def test_the_phone_is_told_of_warnings_to_vibrate(qtbot: Any, remote: Any) -> None:
    remote.open_routine("walk-through")
    phone = Phone(qtbot, socket_url(qtbot, remote))
    phone.next("paired")
    for command in ({"cmd": "toggle"}, {"cmd": "forward"}, {"cmd": "forward"}):
        phone.send(command)
    qtbot.waitUntil(lambda: remote.session.engine.view().step_index == 2, timeout=WAIT_MS)
    remote.clock.advance(6)
    remote.session.advance()
    phone.send({"cmd": "rate", "value": 9})  # too much pressure
    cues = [phone.next("cue")]
    while not cues[-1]["warning"]:  # step cues (a short buzz) come first; bounded by recv's timeout
        cues.append(phone.next("cue"))
    assert cues[-1] == {"type": "cue", "warning": True}


def test_two_thousand_random_socket_messages_break_nothing(qtbot: Any, remote: Any) -> None:
    remote.open_routine("walk-through")
    phone = Phone(qtbot, socket_url(qtbot, remote))
    phone.next("paired")
    chooser = random.Random(29)
    names = [*COMMANDS, "rate", "x"]

    def noise() -> None:
        for _ in range(2000):
            if chooser.random() < 0.5:
                message = {"cmd": chooser.choice(names), "value": chooser.randrange(-3, 14)}
                if message["cmd"] != "rate" and chooser.random() < 0.7:
                    del message["value"]
                phone.ws.send(json.dumps(message))
            else:
                phone.ws.send("".join(chr(chooser.randrange(32, 200)) for _ in range(60)))

    run(qtbot, noise, timeout=20_000)
    view = remote.session.engine.view()
    assert 0 <= view.step_index < 5
    assert view.last_rating is None or 0 <= view.last_rating <= 10
    # Still listening, still exact: the server's clock is moved on (no waiting) until the
    # rate limit, spent by the burst's tail, takes a press again.
    now = remote.phone.server.clock()
    for _ in range(50):
        now += 1.0
        remote.phone.server.clock = lambda now=now: now
        phone.send({"cmd": "rate", "value": 3})
        try:
            qtbot.waitUntil(lambda: remote.session.engine.view().latest_rating == 3, timeout=500)
            break
        except QtTimeout:  # taken by the burst's tail: move the clock on once more
            continue
    assert remote.session.engine.view().latest_rating == 3


def test_the_phone_goes_back_to_waiting_when_the_session_is_left(qtbot: Any, remote: Any) -> None:
    """Esc before the start leaves the routine: the phone stops showing it and says to choose
    one on the computer (it followed the old session before the flows were split)."""
    remote.open_routine("walk-through")
    phone = Phone(qtbot, socket_url(qtbot, remote))
    phone.next("paired")
    assert phone.next("state")["step"]["title"] == "Lie down, legs up"
    press(remote.window.session_page, Qt.Key.Key_Escape)
    assert remote.window.pages.currentWidget() is remote.window.start_page
    remote.phone.tell()
    assert phone.next("idle")["message"].startswith("Choose a routine on the computer")


def test_a_stalled_handshake_never_stops_the_remote_from_turning_off(
    qtbot: Any, remote: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A socket that connects and says nothing (a flaky phone, a port scan) is cut off after
    the handshake's time; turning the remote off afterwards works, and the old address is
    gone. It raised 'QTimer already deleted' and left the page answering."""
    import socket as sockets
    from urllib.parse import urlsplit

    from desktop_app.remote import server as server_module

    monkeypatch.setattr(server_module, "HANDSHAKE_SECONDS", 0.3)
    server = remote.phone.server
    ws_port = int(urlsplit(socket_url(qtbot, remote)).port or 0)
    old_url = server.url
    stalled = sockets.create_connection(("127.0.0.1", ws_port), timeout=WAIT)
    try:
        qtbot.waitUntil(lambda: len(server._handshakes) == 1, timeout=3000)
        qtbot.waitUntil(lambda: not server._handshakes, timeout=3000)  # given up, forgotten
        qtbot.wait(100)  # the socket and its timer are deleted
        remote.phone.stop()  # raised RuntimeError here
        assert not server.running
        with pytest.raises(OSError):
            get(qtbot, old_url)
    finally:
        stalled.close()


def test_turning_the_remote_off_with_a_phone_connected_leaves_qt_nothing_to_warn_of(
    qtbot: Any, remote: Any, qtlog: Any
) -> None:
    """Every end of the app turns the remote off. With a phone connected it printed
    "QObject::disconnect: wildcard call disconnects from destroyed signal of QTcpSocket"
    as the WebSocket let go of its socket: PySide had followed the socket for the Python
    callables the handshake was read with."""
    import shiboken6

    phone = Phone(qtbot, socket_url(qtbot, remote))
    phone.next("paired")
    held = remote.phone.server._phone
    remote.phone.stop()
    qtbot.waitUntil(lambda: not shiboken6.isValid(held), timeout=WAIT_MS)  # deleted
    qtbot.wait(50)
    assert [record.message for record in qtlog.records] == []


def test_a_key_and_a_phone_press_both_go_through_the_one_door(qtbot: Any, remote: Any) -> None:
    """SessionFlow.apply is the only way into the session: the page and the phone each give it
    their command, and after a key press the phone is sent the new view in the same turn of
    the event loop (it waited for the next tick, up to 250 ms, before)."""
    from PySide6.QtCore import Qt

    from tests.qt_helpers import press

    through: list[object] = []
    door = remote.session.apply

    def counted(command: Any) -> Any:
        through.append(command)
        return door(command)

    remote.session.apply = counted  # the page's way (the flow looks it up at each key)
    remote.phone.door = counted  # the phone's way (given to it once, at start)
    remote.open_routine("walk-through")
    phone = Phone(qtbot, socket_url(qtbot, remote))
    phone.next("paired")
    page = remote.window.session_page
    press(page, Qt.Key.Key_Space)
    assert len(through) == 1
    sent = json.loads(remote.phone.server._last_state)  # no event loop turn in between
    assert sent["phase"] != "idle"
    phone.send({"cmd": "forward"})
    qtbot.waitUntil(lambda: len(through) == 2, timeout=WAIT_MS)
    assert remote.session.engine.view().step_index == 1
    press(page, Qt.Key.Key_Escape)
    press(page, Qt.Key.Key_Escape)  # asked once, then stopped: through the door too
    assert len(through) == 3 and remote.session.engine.finished
