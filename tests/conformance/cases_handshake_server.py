"""The opening handshake as a server must answer it (RFC 6455 section 4.2): the demo server's
answers to valid and invalid upgrade requests."""

import re
import time

import frames as F
import handshake as H
from case import SERVER, Case
from closing import finish_clean, text
from http_io import HeadError, read_head
from judge import FAIL, PASS, STEP_TIMEOUT, Verdict
from peer import Peer
from server_side import connect


def _request(server, build, expect_status, header=None):
    """Sends build(key, host) and reads the answer: its status must be in expect_status,
    and header (name, regex) must match when given."""
    sock = connect(server.address)
    try:
        key = H.new_key()
        sock.sendall(build(key, f"{server.address[0]}:{server.address[1]}"))
        head, _ = read_head(sock, time.monotonic() + STEP_TIMEOUT)
    except (HeadError, ValueError, OSError) as e:
        return Verdict(FAIL, f"no answer: {e}", [str(e)])
    finally:
        sock.close()
    verdict = Verdict(PASS, head.start_line)
    if head.status not in expect_status:
        verdict.add(FAIL, f"status {head.status}; {'/'.join(map(str, expect_status))} expected")
    if header:
        value = head.get(header[0])
        verdict.observed += f"; {header[0]}: {value}"
        if value is None or not re.search(header[1], value):
            verdict.add(FAIL, f"{header[0]} {value!r} does not match /{header[1]}/")
    return verdict


def _server_opens(server, offer=None, protocols=None, dripped=False):
    """A valid request (dripped byte by byte when asked): the answer is a valid 101 (section
    4.2.2) and the connection echoes."""
    sock = connect(server.address)
    try:
        key = H.new_key()
        request = H.build_request(f"{server.address[0]}:{server.address[1]}", "/echo", key,
                                  offer, protocols)
        if dripped:
            for i in range(len(request)):
                sock.sendall(request[i:i + 1])
        else:
            sock.sendall(request)
        head, leftover = read_head(sock, time.monotonic() + STEP_TIMEOUT)
        problems = H.server_response_problems(head, key, (protocols or "").split(", "), ())
        peer = Peer(sock, "client", None, leftover)
        peer.send(peer.frame(F.TEXT, "first"))
        verdict = finish_clean(peer, [text("first")])
    except (HeadError, ValueError, OSError) as e:
        return Verdict(FAIL, f"no answer: {e}", [str(e)])
    finally:
        sock.close()
    verdict.observed = (f"{head.start_line}; protocol {head.get('Sec-WebSocket-Protocol')}; "
                        + verdict.observed)
    for p in problems:
        verdict.add(FAIL, p)
    return verdict


def cases():
    def request(version="13", key=True, method="GET", http="HTTP/1.1", upgrade=True, extra=()):
        def build(k, host):
            lines = [f"{method} /echo {http}", f"Host: {host}"]
            if upgrade:
                lines += ["Upgrade: websocket", "Connection: Upgrade"]
            if key is True:
                lines.append(f"Sec-WebSocket-Key: {k}")
            elif key:
                lines.append(f"Sec-WebSocket-Key: {key}")
            lines.append(f"Sec-WebSocket-Version: {version}")
            return ("\r\n".join(lines + list(extra)) + "\r\n\r\n").encode()
        return build

    huge = [f"X-Filler-{i}: {'f' * 1000}" for i in range(1024)]
    refused = (400, 403, 404, 405, 426, 431)
    cases = [
        Case("H.server-accept", "a valid upgrade request",
             "101 with Upgrade, Connection and the right Sec-WebSocket-Accept (4.2.2)",
             lambda s, _: _server_opens(s)),
        Case("H.server-dripped", "the request written one byte per TCP write", "101, echoes",
             lambda s, _: _server_opens(s, dripped=True)),
        Case("H.server-subprotocol", "Sec-WebSocket-Protocol: chat (the server has none)",
             "101 without Sec-WebSocket-Protocol (section 4.2.2: null subprotocol)",
             lambda s, _: _server_opens(s, protocols="chat")),
        Case("H.server-version-8", "Sec-WebSocket-Version: 8",
             "426 with Sec-WebSocket-Version: 13 (section 4.2.2, 4.4)",
             lambda s, _: _request(s, request(version="8"), (426,),
                                ("Sec-WebSocket-Version", r"\b13\b"))),
        Case("H.server-no-key", "no Sec-WebSocket-Key", "400 (section 4.2.1)",
             lambda s, _: _request(s, request(key=None), (400,))),
        Case("H.server-short-key", "Sec-WebSocket-Key of 3 bytes", "400 (section 4.2.1)",
             lambda s, _: _request(s, request(key="YWJj"), (400,))),
        Case("H.server-post", "POST with the upgrade headers",
             "refused, 4xx (section 4.1: the method MUST be GET)",
             lambda s, _: _request(s, request(method="POST", extra=["Content-Length: 0"]),
                                refused)),
        Case("H.server-http-1.0", "GET ... HTTP/1.0 with the upgrade headers",
             "refused, 4xx (section 4.2.1: HTTP/1.1 or higher)",
             lambda s, _: _request(s, request(http="HTTP/1.0"), refused + (505,))),
        Case("H.server-no-upgrade", "a plain GET to /echo", "426 (section 4.2.2)",
             lambda s, _: _request(s, request(upgrade=False), (426,))),
        Case("H.server-huge-headers", "a request with 1 MiB of headers",
             "refused (4xx) or closed, not waited on",
             lambda s, _: _request(s, request(extra=huge), refused)),
    ]
    for case in cases:
        case.sides, case.kind = (SERVER,), "raw"
    return cases
