"""The phone remote's server: the page over HTTP (QHttpServer) and one WebSocket (a
QWebSocketServer fed the connections we accept ourselves), on the Qt event loop, no threads.

Security (it listens on the network):
- off by default; started only by the person, stopped when they turn it off or the app closes;
- bound to one private LAN address (or loopback), never a public one, on a random free port;
- a fresh 128-bit token per start, in the URL; every request and socket without it gets 404,
  compared in constant time; the token is never logged;
- the first phone to connect is paired; others are refused until the person pairs anew;
- only the page, its two assets and one socket exist; messages are bounded in size and rate;
  CSP allows only this server, nothing is cached, no CORS.
"""

from __future__ import annotations

import hmac
import html
import ipaddress
import json
import secrets
import time
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import shiboken6
from PySide6.QtCore import QByteArray, QMetaObject, QObject, QTimer, Signal, Slot
from PySide6.QtHttpServer import (
    QHttpServer,
    QHttpServerRequest,
    QHttpServerResponder,
    QHttpServerResponse,
)
from PySide6.QtNetwork import (
    QAbstractSocket,
    QHostAddress,
    QHttpHeaders,
    QNetworkInterface,
    QTcpServer,
    QTcpSocket,
)
from PySide6.QtWebSockets import QWebSocket, QWebSocketProtocol, QWebSocketServer

from desktop_app.i18n import _, language_tag
from desktop_app.remote.protocol import MAX_MESSAGE_BYTES, RateLimit, page_texts, parse
from desktop_app.resources import assets_dir

#: A WebSocket handshake is a few hundred bytes; one that is not complete by then is refused.
MAX_HANDSHAKE_BYTES = 4096
HANDSHAKE_SECONDS = 5.0
_PAGES = {"/": ("index.html", b"text/html; charset=utf-8"),
          "/remote.js": ("remote.js", b"text/javascript; charset=utf-8"),
          "/remote.css": ("remote.css", b"text/css; charset=utf-8")}  # fmt: skip


#: (a user agent's word, its name): the first that matches ("Chrome" is in Edge's too).
_BROWSERS = (("Firefox", "Firefox"), ("Edg", "Edge"), ("Chrome", "Chrome"), ("Safari", "Safari"))
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Linux", "Linux"),
    ("Mac OS", "macOS"),
    ("Windows", "Windows"),
)


class RemoteError(Exception):
    """The remote cannot start; the text says why, for the person."""


def lan_address() -> str:
    """This computer's address on the local network (IPv4, private)."""
    for address in QNetworkInterface.allAddresses():
        if address.protocol() != QAbstractSocket.NetworkLayerProtocol.IPv4Protocol:
            continue
        text = address.toString()
        ip = ipaddress.ip_address(text)
        if ip.is_private and not ip.is_loopback and not ip.is_link_local:
            return text
    raise RemoteError(_("No local network found: connect this computer to Wi-Fi first."))


def checked_address(text: str) -> str:
    """A private or loopback IPv4 address; a public one is refused."""
    try:
        ip = ipaddress.ip_address(text)
    except ValueError as error:
        raise RemoteError(_("“{address}” is not an IP address.").format(address=text)) from error
    if ip.version != 4 or not (ip.is_private or ip.is_loopback) or ip.is_unspecified:
        raise RemoteError(
            _(
                "The phone remote listens only on this computer's own local-network address"
                " (like 192.168.x.x) or on 127.0.0.1, not on {address}."
            ).format(address=text)
        )
    return text


def short_agent(agent: str) -> str:
    """Like "Chrome on Android", from a user agent string (shown as text, never as markup)."""
    agent = agent[:300]
    browser = next((name for key, name in _BROWSERS if key in agent), _("a browser"))
    system = next((name for key, name in _SYSTEMS if key in agent), "")
    return _("{browser} on {system}").format(browser=browser, system=system) if system else browser


class RemoteServer(QObject):
    #: A phone was paired (the text names it: browser and system).
    paired = Signal(str)
    #: The paired phone went away (it may come back with the same page).
    left = Signal()
    #: A valid command from the paired phone.
    command = Signal(object)

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self._http: QHttpServer | None = None
        self._http_tcp: QTcpServer | None = None
        self._ws_tcp: QTcpServer | None = None
        self._ws = QWebSocketServer("lumbago-coach", QWebSocketServer.SslMode.NonSecureMode, self)
        self._ws.newConnection.connect(self._ws_connected)
        self._token = ""
        self._pair_key: str | None = None
        self._phone: QWebSocket | None = None
        self._limits: dict[QWebSocket, RateLimit] = {}
        #: Sockets in their handshake: the deadline, and this server's connections to them.
        self._handshakes: dict[QTcpSocket, tuple[QTimer, list[QMetaObject.Connection]]] = {}
        self._last_state = ""
        self.address = ""
        self.phone_name = ""

    # -- starting and stopping ---------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._http_tcp is not None

    @property
    def url(self) -> str:
        """The page's full address (with the token): for the QR code and the person."""
        if self._http_tcp is None:
            return ""
        return f"http://{self.address}:{self._http_tcp.serverPort()}/?t={self._token}"

    def start(self, address: str | None = None) -> str:
        """Listen on `address` (default: the LAN address) with a fresh token; returns the URL."""
        self.stop()
        self.address = checked_address(address) if address else lan_address()
        host = QHostAddress(self.address)
        http_tcp = QTcpServer(self)
        ws_tcp = QTcpServer(self)
        if not http_tcp.listen(host, 0) or not ws_tcp.listen(host, 0):
            reason = http_tcp.errorString() or ws_tcp.errorString()
            http_tcp.close()
            ws_tcp.close()
            raise RemoteError(
                _("The phone remote could not listen: {reason}.").format(reason=reason)
            )
        self._http = QHttpServer(self)
        # Every request ends in this one handler, which makes its whole response: PySide6's
        # route() can only return plain text with status 200 (nothing else converts), and a
        # response made here replaces Qt's (a 404 for every path, as nothing is routed).
        self._handler = self._respond  # kept alive: PySide6 does not hold the callable
        self._http.addAfterRequestHandler(self, self._handler)
        self._http.bind(http_tcp)
        ws_tcp.newConnection.connect(self._accept_socket)
        self._http_tcp, self._ws_tcp = http_tcp, ws_tcp
        self._token = secrets.token_urlsafe(16)  # 128 bits
        self._pair_key = None
        return self.url

    def stop(self) -> None:
        """Off: the phone is let go, nothing listens any more, the token is forgotten. Every
        socket is closed now, not left half-open for later: the phone is told "going away"
        (sent at once) and let go; a socket still in its handshake is cut off."""
        phone, self._phone = self._phone, None  # gone before it goes: no "left" said for it
        if phone is not None:
            self._limits.pop(phone, None)
            phone.close(QWebSocketProtocol.CloseCode.CloseCodeGoingAway, "off")
            phone.flush()
            phone.abort()
        for socket, (deadline, _cleanup) in list(self._handshakes.items()):
            # Any socket here is alive: one that timed out or went away has left the list
            # (_give_up, _handshake_gone); still, a deleted one is never touched.
            if shiboken6.isValid(socket):
                deadline.stop()
                socket.abort()
        self._handshakes.clear()
        for tcp in (self._http_tcp, self._ws_tcp):
            if tcp is not None:
                tcp.close()
                tcp.deleteLater()
        if self._http is not None:
            # Its open connections (a browser keeps one alive) close with it.
            self._http.deleteLater()
        self._http = self._http_tcp = self._ws_tcp = None
        self._token = ""
        self._pair_key = None
        self._last_state = ""
        self.phone_name = ""

    def pair_again(self) -> str:
        """A new token and no paired phone (the old page stops working); returns the new URL."""
        address = self.address
        self.stop()
        return self.start(address)

    # -- the page ----------------------------------------------------------------------------

    def _token_ok(self, query: str) -> bool:
        given = parse_qs(query).get("t", [""])[0]
        return bool(self._token) and hmac.compare_digest(given.encode(), self._token.encode())

    def _respond(self, request: QHttpServerRequest, response: QHttpServerResponse) -> None:
        page = self._page(request)
        response.swap(page)

    def _page(self, request: QHttpServerRequest) -> QHttpServerResponse:
        path = request.url().path()
        assert self._http_tcp is not None
        if (
            request.method() is not QHttpServerRequest.Method.Get
            or path not in _PAGES
            or not self._token_ok(request.url().query())
            # Asked for by the name it was given (a page reached through another name, as a
            # DNS rebinding would, is not ours to answer).
            or QByteArray(request.headers().value("Host")).data()
            != self._host(self._http_tcp).encode()
        ):
            return QHttpServerResponse(QHttpServerResponder.StatusCode.NotFound)
        name, mime = _PAGES[path]
        body = (assets_dir() / "remote" / name).read_bytes()
        assert self._ws_tcp is not None
        socket = f"ws://{self.address}:{self._ws_tcp.serverPort()}"
        if name == "index.html":
            body = body.replace(b"{{token}}", self._token.encode())
            body = body.replace(b"{{socket}}", socket.encode())
            body = _with_texts(body)
        response = QHttpServerResponse(mime, QByteArray(body))
        headers = QHttpHeaders()
        for key, value in (
            ("Content-Type", mime.decode()),
            ("Cache-Control", "no-store"),
            (
                "Content-Security-Policy",
                f"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                f" connect-src {socket}; base-uri 'none'; form-action 'none';"
                " frame-ancestors 'none'",
            ),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
        ):
            headers.append(key, value)
        response.setHeaders(headers)
        return response

    # -- the socket ---------------------------------------------------------------------------

    def _accept_socket(self) -> None:
        assert self._ws_tcp is not None
        while (socket := self._ws_tcp.nextPendingConnection()) is not None:
            deadline = QTimer(socket)  # dies with the socket
            deadline.setSingleShot(True)
            deadline.timeout.connect(lambda socket=socket: self._give_up(socket))
            deadline.start(round(HANDSHAKE_SECONDS * 1000))
            # To this server's slots, never to a Python callable: PySide follows a callable's
            # sender by its `destroyed` signal and keeps that connection after a disconnect,
            # and the WebSocket's wildcard disconnect of the socket, when it lets go of it at
            # the end, then makes Qt warn "wildcard call disconnects from destroyed signal".
            self._handshakes[socket] = (deadline, [
                socket.disconnected.connect(socket.deleteLater),
                socket.disconnected.connect(self._handshake_gone),
                socket.readyRead.connect(self._handshake_read),
            ])  # fmt: skip
            self._check_handshake(socket)

    @Slot()
    def _handshake_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QTcpSocket):
            self._check_handshake(socket)

    @Slot()
    def _handshake_gone(self) -> None:
        socket = self.sender()
        if isinstance(socket, QTcpSocket):
            self._handshakes.pop(socket, None)

    def _check_handshake(self, socket: QTcpSocket) -> None:
        """Read (without taking) the handshake: only `GET /ws?t=TOKEN` is handed on."""
        if socket not in self._handshakes:
            return
        head = bytes(socket.peek(MAX_HANDSHAKE_BYTES).data())
        if b"\r\n\r\n" not in head:
            if len(head) >= MAX_HANDSHAKE_BYTES:
                self._refuse(socket)
            return
        deadline, connections = self._handshakes.pop(socket)
        deadline.stop()
        line, *lines = head.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        parts = line.split(" ")
        target = urlsplit(parts[1]) if len(parts) == 3 and parts[0] == "GET" else None
        headers = {
            name.strip().lower(): value.strip()
            for name, _colon, value in (each.partition(":") for each in lines)
        }
        assert self._http_tcp is not None and self._ws_tcp is not None
        if (
            target is None
            or target.path != "/ws"
            or not self._token_ok(target.query)
            # Opened by our own page, at the address it was given: a page of another site
            # (its Origin) or a rebound name (its Host) is refused.
            or headers.get("host") != self._host(self._ws_tcp)
            or headers.get("origin") != f"http://{self._host(self._http_tcp)}"
        ):
            self._refuse(socket)
            return
        # The WebSocket server looks after it now; none of this server's connections stay
        # (one left would make Qt warn as the WebSocket lets go of the socket at the end).
        for connection in connections:
            QObject.disconnect(connection)
        self._ws.handleConnection(socket)

    def _host(self, server: QTcpServer) -> str:
        """The page's address as a browser names it in Host and Origin."""
        return f"{self.address}:{server.serverPort()}"

    def _give_up(self, socket: QTcpSocket) -> None:
        """A handshake not complete in time: forgotten here first, then cut off (its timer
        goes with the socket, and stop() must never find it in the list)."""
        self._handshakes.pop(socket, None)
        socket.abort()

    def _refuse(self, socket: QTcpSocket) -> None:
        pending = self._handshakes.pop(socket, None)
        if pending is not None:
            pending[0].stop()
        socket.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        socket.disconnectFromHost()

    def _ws_connected(self) -> None:
        while (phone := self._ws.nextPendingConnection()) is not None:
            phone.setMaxAllowedIncomingFrameSize(MAX_MESSAGE_BYTES)
            phone.setMaxAllowedIncomingMessageSize(MAX_MESSAGE_BYTES)
            key = self._pair_key_of(phone)
            if self._pair_key is not None and not (
                key and hmac.compare_digest(key.encode(), self._pair_key.encode())
            ):
                # Another phone (or another tab) while one is paired: refused, said why.
                phone.sendTextMessage(json.dumps({"type": "not_paired"}))
                phone.disconnected.connect(phone.deleteLater)
                phone.close(QWebSocketProtocol.CloseCode.CloseCodePolicyViolated, "paired")
                continue
            if self._phone is not None:  # the paired phone's page, reloaded: the new one counts
                old, self._phone = self._phone, None
                old.close(QWebSocketProtocol.CloseCode.CloseCodeGoingAway, "replaced")
            # A new key at each pairing: a key read off the network works until the phone's
            # page next connects, and never after.
            self._pair_key = secrets.token_urlsafe(16)
            self._phone = phone
            # Through `self.clock` as it is at each press: a test moves it instead of waiting.
            self._limits[phone] = RateLimit(lambda: self.clock())
            phone.textMessageReceived.connect(lambda text, phone=phone: self._received(phone, text))
            phone.binaryMessageReceived.connect(
                lambda _data, phone=phone: self._refused(phone, _("That is not a command."))
            )
            phone.disconnected.connect(lambda phone=phone: self._gone(phone))
            agent = phone.request().rawHeader("User-Agent").data()
            self.phone_name = short_agent(bytes(agent).decode("latin-1", "replace"))
            phone.sendTextMessage(json.dumps({"type": "paired", "key": self._pair_key}))
            if self._last_state:
                phone.sendTextMessage(self._last_state)
            self.paired.emit(self.phone_name)

    def _pair_key_of(self, phone: QWebSocket) -> str:
        query = phone.requestUrl().query()
        return parse_qs(query).get("k", [""])[0]

    def _gone(self, phone: QWebSocket) -> None:
        self._limits.pop(phone, None)
        if shiboken6.isValid(phone):  # Qt may have taken it down already (the server stopping)
            phone.deleteLater()
        if phone is self._phone:
            self._phone = None
            self.left.emit()

    def _received(self, phone: QWebSocket, text: str) -> None:
        if phone is not self._phone:
            return
        if not self._limits[phone].allow():
            self._refused(phone, _("Too many presses at once; that one was not taken."))
            return
        parsed = parse(text)
        if isinstance(parsed, str):
            self._refused(phone, parsed)
            return
        self.command.emit(parsed)

    def _refused(self, phone: QWebSocket, reason: str) -> None:
        phone.sendTextMessage(json.dumps({"type": "refused", "reason": reason}))

    # -- to the phone ------------------------------------------------------------------------

    @property
    def connected(self) -> bool:
        return self._phone is not None

    def send(self, message: dict[str, object]) -> None:
        """A message to the paired phone; a state is sent only when it changed."""
        text = json.dumps(message, ensure_ascii=False)
        if message.get("type") in ("state", "idle"):
            if text == self._last_state:
                return
            self._last_state = text
        if self._phone is not None:
            self._phone.sendTextMessage(text)

    def refuse(self, reason: str) -> None:
        if self._phone is not None:
            self._refused(self._phone, reason)


__all__ = ["RemoteError", "RemoteServer", "checked_address", "lan_address"]


def _with_texts(body: bytes) -> bytes:
    """The page in the app's language: each `{{text:key}}` and the JSON block the script reads,
    escaped as HTML text (a translation is never markup)."""
    texts = page_texts()
    page = body.decode()
    for key, text in texts.items():
        page = page.replace(f"{{{{text:{key}}}}}", html.escape(text))
    page = page.replace("{{texts}}", html.escape(json.dumps(texts, ensure_ascii=False)))
    page = page.replace("{{lang}}", html.escape(language_tag()))
    return page.encode()
