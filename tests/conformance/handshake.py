"""The opening handshake of RFC 6455 section 4, both ways: requests and responses built with
exact control, and the checks each side must make of the other's."""

import base64
import hashlib
import os
import re

# Section 1.3 / 4.2.2: the GUID appended to Sec-WebSocket-Key before hashing.
WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

# RFC 9110 section 5.6.2: a token.
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")


def is_token(text):
    return bool(_TOKEN.match(text))


def accept_for(key):
    """Section 4.2.2 step 5.4: base64(SHA-1(key + GUID))."""
    digest = hashlib.sha1((key + WEBSOCKET_GUID).encode("ascii")).digest()
    return base64.b64encode(digest).decode("ascii")


def new_key():
    """Section 4.1: a random 16-byte value, base64-encoded."""
    return base64.b64encode(os.urandom(16)).decode("ascii")


class Head:
    """The start line and header fields of an HTTP/1.1 message (names compared without case)."""

    def __init__(self, start_line, fields):
        self.start_line = start_line
        self.fields = fields  # [(name, value)] in order

    def get_all(self, name):
        return [v for n, v in self.fields if n.lower() == name.lower()]

    def get(self, name, default=None):
        values = self.get_all(name)
        return ", ".join(values) if values else default

    def tokens(self, name):
        """The comma-separated list values of every field with this name, lowercased."""
        return [t.strip().lower() for v in self.get_all(name) for t in v.split(",") if t.strip()]

    @property
    def status(self):
        parts = self.start_line.split(" ", 2)
        return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else None


def parse_head(raw):
    """raw: the bytes up to and including the empty line. Raises ValueError when malformed."""
    text = raw.decode("latin-1")
    if not text.endswith("\r\n\r\n"):
        raise ValueError("head does not end with an empty line")
    lines = text[:-4].split("\r\n")
    fields = []
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep or not is_token(name):
            raise ValueError(f"malformed header line {line!r}")
        fields.append((name, value.strip(" \t")))
    return Head(lines[0], fields)


def _head(lines, extensions, protocol, extra):
    if extensions:
        lines.append(f"Sec-WebSocket-Extensions: {extensions}")
    if protocol:
        lines.append(f"Sec-WebSocket-Protocol: {protocol}")
    return ("\r\n".join(lines + list(extra)) + "\r\n\r\n").encode("latin-1")


def build_request(host, path, key, extensions=None, protocols=None, extra=(), version="13"):
    return _head([f"GET {path} HTTP/1.1", f"Host: {host}", "Upgrade: websocket",
                  "Connection: Upgrade", f"Sec-WebSocket-Key: {key}",
                  f"Sec-WebSocket-Version: {version}"], extensions, protocols, extra)


def build_response(key, extensions=None, protocol=None, accept=None, extra=(),
                   status_line="HTTP/1.1 101 Switching Protocols"):
    """A 101 answer to a request with this key; accept overrides the computed value."""
    return _head([status_line, "Upgrade: websocket", "Connection: Upgrade",
                  f"Sec-WebSocket-Accept: {accept_for(key) if accept is None else accept}"],
                 extensions, protocol, extra)


def client_request_problems(head):
    """What a server must refuse in this upgrade request (section 4.1 and 4.2.1)."""
    problems = []
    parts = head.start_line.split(" ")
    if len(parts) != 3 or parts[0] != "GET" or parts[2] != "HTTP/1.1":
        problems.append(f"request line {head.start_line!r} is not 'GET <target> HTTP/1.1'")
    if not head.get("Host"):
        problems.append("no Host")
    if "websocket" not in head.tokens("Upgrade"):
        problems.append("Upgrade does not include websocket")
    if "upgrade" not in head.tokens("Connection"):
        problems.append("Connection does not include Upgrade")
    key = head.get("Sec-WebSocket-Key")
    try:
        if key is None or len(base64.b64decode(key, validate=True)) != 16:
            problems.append(f"Sec-WebSocket-Key {key!r} is not 16 bytes in base64")
    except ValueError:
        problems.append(f"Sec-WebSocket-Key {key!r} is not base64")
    if head.get("Sec-WebSocket-Version") != "13":
        problems.append(f"Sec-WebSocket-Version is {head.get('Sec-WebSocket-Version')!r}")
    return problems


def server_response_problems(head, key, offered_protocols=(), offered_extensions=()):
    """What a client must fail the connection for in this response (section 4.1, last
    steps; RFC 7692 section 7.1 checks the parameters of permessage-deflate)."""
    problems = []
    if head.status != 101:
        return [f"status {head.status}, not 101"]
    if "websocket" not in head.tokens("Upgrade"):
        problems.append("Upgrade does not include websocket")
    if "upgrade" not in head.tokens("Connection"):
        problems.append("Connection does not include Upgrade")
    if head.get("Sec-WebSocket-Accept") != accept_for(key):
        problems.append(f"Sec-WebSocket-Accept {head.get('Sec-WebSocket-Accept')!r} is wrong")
    protocol = head.get("Sec-WebSocket-Protocol")
    if protocol is not None and protocol not in offered_protocols:
        problems.append(f"subprotocol {protocol!r} was not offered")
    for name, _ in parse_extensions(head.get("Sec-WebSocket-Extensions", "")):
        if name not in offered_extensions:
            problems.append(f"extension {name!r} was not offered")
    return problems


def parse_extensions(value):
    """Section 9.1: 'name; param; param=value, name2' as [(name, [(param, value or None)])].
    Quoted-string values are unquoted. Raises ValueError on a malformed list."""
    result = []
    for element in _split_outside_quotes(value, ","):
        element = element.strip()
        if not element:
            continue
        parts = [p.strip() for p in _split_outside_quotes(element, ";")]
        if not is_token(parts[0]):
            raise ValueError(f"extension name {parts[0]!r} is not a token")
        params = []
        for part in parts[1:]:
            name, sep, val = part.partition("=")
            name, val = name.strip(), val.strip()
            if not is_token(name):
                raise ValueError(f"extension parameter {name!r} is not a token")
            if sep and len(val) >= 2 and val[0] == val[-1] == '"':
                val = val[1:-1]
            params.append((name, val if sep else None))
        result.append((parts[0].lower(), params))
    return result


def _split_outside_quotes(text, separator):
    pieces, current, quoted = [], [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == separator and not quoted:
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return pieces
