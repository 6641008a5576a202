"""The phone page in a real browser: Debian's headless Chromium opens it on loopback, presses
its buttons through the DevTools protocol, and the whole session is done from the page alone.
Screenshots of the page at 390×844 (a phone), light and dark, go to the screenshot folder."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from desktop_app.core.session import Phase
from tests.qt_helpers import screenshot_folder
from tests.test_remote import run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium (make test installs it when run as root)"
)


class Browser:
    """One headless Chromium tab, driven over the DevTools protocol on 127.0.0.1."""

    def __init__(self, qtbot: Any, profile: Path) -> None:
        self.qtbot = qtbot
        assert CHROMIUM is not None
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                # Nothing of its own on the network (this machine has none beyond loopback;
                # refused connections only slow a loaded machine down).
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                "--window-size=390,844",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text(encoding="utf-8").strip():
            assert time.monotonic() < deadline, "Chromium did not start"
            assert self.process.poll() is None, "Chromium stopped"
            time.sleep(0.05)
        port = int(port_file.read_text(encoding="utf-8").split()[0])
        targets = json.loads(
            urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=5).read()
        )
        page = next(t for t in targets if t["type"] == "page")
        self.ws: ClientConnection = connect(
            page["webSocketDebuggerUrl"], open_timeout=5, max_size=None
        ).__enter__()
        self.next_id = 0
        self.call("Emulation.setDeviceMetricsOverride", width=390, height=844,
                  deviceScaleFactor=2, mobile=True)  # fmt: skip

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        number = self.next_id

        def exchange() -> dict[str, Any]:
            self.ws.send(json.dumps({"id": number, "method": method, "params": params}))
            while True:
                message = json.loads(self.ws.recv(timeout=10))
                if message.get("id") == number:
                    assert "error" not in message, message
                    result: dict[str, Any] = message.get("result", {})
                    return result

        return run(self.qtbot, exchange, timeout=15000)

    def js(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.js(expression):
            assert time.monotonic() < deadline, f"never true: {expression}"
            self.qtbot.wait(30)

    def click(self, selector: str) -> None:
        """Press a button once the page shows it (the state that shows it may still be on its
        way from the app: the page draws what it is sent)."""
        self.wait_for(f"(() => {{ const b = document.querySelector({json.dumps(selector)});"
                      " if (!b || b.hidden) return false; b.click(); return true; })()")  # fmt: skip

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.process.terminate()
            self.process.wait(10)


def shows_no_key(browser: Browser) -> None:
    """The phone has buttons, not keys: nothing on the page says "R", "Enter" or "→"."""
    from tests.test_architecture import key_names_in

    text = browser.js("document.body.innerText")
    assert not key_names_in(text), text


@pytest.fixture
def browser(qtbot: Any, tmp_path: Path) -> Iterator[Browser]:
    chromium = Browser(qtbot, tmp_path / "profile")
    yield chromium
    chromium.close()


def test_a_whole_session_is_done_from_the_phone_page(browser: Browser, app_controller: Any) -> None:
    controller = app_controller
    url = controller.phone.start("127.0.0.1")
    controller.open_routine("walk-through")
    browser.call("Page.enable")
    browser.call("Page.navigate", url=url)
    browser.wait_for("document.getElementById('status').textContent.startsWith('Connected')")
    browser.wait_for("document.getElementById('title').textContent === 'Lie down, legs up'")
    assert controller.window.start_page.phone.text().startswith("Phone connected: Chrome")
    shows_no_key(browser)

    def advance(seconds: float) -> None:
        controller.clock.advance(seconds)
        controller.session.advance()

    browser.click("#toggle")  # Space
    browser.qtbot.waitUntil(
        lambda: controller.session.engine.phase is not Phase.IDLE, timeout=15_000
    )
    browser.click("button[data-cmd=forward]")  # → to the rolling step
    browser.wait_for("document.getElementById('number').textContent === '0 / 15'")
    shows_no_key(browser)
    for _ in range(3):
        browser.click("button[data-cmd=confirm]")  # Enter after each roll
    browser.wait_for("document.getElementById('number').textContent === '3 / 15'")
    assert controller.session.engine.view().repetitions == 3
    browser.click("#ratings button[data-rating='6']")
    browser.qtbot.waitUntil(
        lambda: controller.session.engine.view().last_rating == 6, timeout=15_000
    )
    browser.wait_for("document.querySelector('#ratings .current').textContent === '6'")
    shots = screenshot_folder()
    browser.screenshot(shots / "phone-rolling-light.png")
    browser.call(
        "Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "dark"}]
    )
    browser.screenshot(shots / "phone-rolling-dark.png")
    browser.call("Emulation.setEmulatedMedia", features=[])
    browser.click("button[data-cmd=forward]")  # on to the hold
    browser.qtbot.waitUntil(
        lambda: controller.session.engine.view().step_index == 2, timeout=15_000
    )
    advance(6)  # the lead-in
    browser.click("#ratings button[data-rating='7']")
    browser.click("#ratings button[data-rating='9']")  # too much: the page says so
    browser.wait_for("!document.getElementById('warning').hidden")
    assert "ease off" in browser.js("document.getElementById('warning').textContent").lower()
    shows_no_key(browser)
    browser.screenshot(shots / "phone-hold-warning-light.png")
    advance(31)  # the hold ends
    browser.click("button[data-cmd=forward]")
    browser.qtbot.waitUntil(
        lambda: controller.session.engine.view().step_index == 3, timeout=15_000
    )
    browser.wait_for("!document.querySelector('button[data-cmd=roll]').hidden")
    shows_no_key(browser)
    browser.click("button[data-cmd=roll]")  # R
    browser.click("button[data-cmd=confirm]")
    browser.qtbot.waitUntil(
        lambda: controller.session.engine.view().repetitions == 1, timeout=15_000
    )
    shows_no_key(browser)
    browser.click("button[data-cmd=forward]")  # → the area is done
    browser.qtbot.waitUntil(
        lambda: controller.session.engine.view().step_index == 4, timeout=15_000
    )
    browser.click("button[data-cmd=forward]")  # the last step: the session ends
    browser.qtbot.waitUntil(lambda: controller.session.engine.finished, timeout=15_000)
    assert controller.session.engine.phase is Phase.FINISHED
    browser.wait_for("document.getElementById('left').textContent === 'The session has ended.'")
    shows_no_key(browser)


def test_the_page_refuses_to_run_anything_from_elsewhere(
    browser: Browser, app_controller: Any
) -> None:
    """CSP allows only this server: an injected inline script does not run."""
    url = app_controller.phone.start("127.0.0.1")
    browser.call("Page.navigate", url=url)
    browser.wait_for("document.readyState === 'complete'")
    browser.js(
        "const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
        " document.head.appendChild(s);"
    )
    assert browser.js("window.injected === undefined")


@pytest.mark.parametrize("language", ["qps", "de"])
def test_the_page_speaks_the_apps_language(
    browser: Browser, app_controller: Any, language: str
) -> None:
    """In the pseudo-language every word the page shows is bracketed: none is hard-coded in
    the page's HTML or script; in German none is left in English (numbers and the key letters
    are not words; the step's title is the test's own routine, which stays as written)."""
    from desktop_app import i18n
    from tests.test_pseudo_locale import german_check

    i18n.set_language(language)
    try:
        url = app_controller.phone.start("127.0.0.1")
        app_controller.open_routine("walk-through")
        browser.call("Page.navigate", url=url)
        browser.wait_for("document.getElementById('status').className === 'status ok'")  # connected
        browser.click("#toggle")
        browser.qtbot.waitUntil(
            lambda: app_controller.session.engine.phase is not Phase.IDLE, timeout=15_000
        )
        browser.click("button[data-cmd=forward]")  # the rolling step: counter, band, buttons
        browser.wait_for("document.getElementById('number').textContent === '0 / 15'")
        shown = browser.js(
            "[...document.querySelectorAll('body *')].filter(e => !e.hidden && e.offsetParent"
            " !== null && e.children.length === 0 && e.id !== 'title').map(e => e.textContent.trim())"
            ".concat([document.title])"
            ".concat([...document.querySelectorAll('[aria-label]')].map(e =>"
            " e.getAttribute('aria-label')))"
        )
        words = [t for t in shown if any(c.isalpha() for c in t) and len(t) > 1]
        if language == "qps":
            assert words and all("⟦" in t for t in words), [t for t in words if "⟦" not in t]
        else:
            english = german_check([])
            assert words and not [t for t in words if english(t)], words
            assert "Verbunden" in " ".join(words) or "verbunden" in " ".join(words)
        assert browser.js("document.documentElement.lang") == language
        browser.screenshot(screenshot_folder() / f"phone-rolling-{language}.png")
    finally:
        i18n.set_language("en")
