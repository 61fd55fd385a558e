"""Sections 12 and 13 of the Autobahn case list: permessage-deflate (RFC 7692) with the usual
parameters and payloads of every kind and size (12.x, scaled to 10 messages per case), then
with each parameter negotiated (13.x), checking that the other end compresses within what was
agreed: a window it promised to keep small, a context it promised to drop."""

import frames as F
import upgrade_answers as answers
from case import CLIENT, SERVER, Case
from cases_handshake_client import bind, refused
from closing import finish_clean, send_and_echo, send_and_fail, text
from judge import FAIL, Verdict
from payloads import ascii_text, json_text, random_bytes, utf8_text

SIZES = [16, 64, 256, 1024, 4096, 8192, 16384, 32768, 65536, 131072]
MESSAGES_PER_CASE = 10

PAYLOADS = [
    ("12.1", "text", "prose", lambda n, i: ascii_text(n, i)),
    ("12.2", "text", "JSON", lambda n, i: json_text(n)),
    ("12.3", "text", "multi-byte UTF-8", lambda n, i: utf8_text(n)),
    ("12.4", "binary", "random (incompressible)", lambda n, i: random_bytes(n, f"{n}/{i}")),
    ("12.5", "binary", "zeros and runs", lambda n, i: bytes(n // 2) + b"\x01\x02" * (n // 4)
     + bytes(n - n // 2 - 2 * (n // 4))),
]

# Messages that show whether the other end compresses within the agreed parameters: the same
# 2000 random bytes twice (with the context kept, the second refers back into the first: a
# context it agreed to drop, or a window over 2^9 bytes, fails to inflate here), a 600-byte
# block four times, and again after 12 KiB. zlib's inflate accepts any distance inside the
# message it is inflating, so a window too large is caught when it reaches into an earlier
# message, not within one.
_BLOCK = random_bytes(600, "window")
_TWICE = random_bytes(2000, "context")
PROBES = [("binary", _TWICE), ("binary", _TWICE), ("binary", _BLOCK * 4),
          ("text", ascii_text(4096, 7)), ("text", json_text(8192)), ("text", b"Hello"),
          ("binary", _BLOCK * 4)]


def _not_agreed(peer):
    return Verdict(FAIL, "permessage-deflate not agreed", ["permessage-deflate not agreed"])


def _round_trips(peer, messages):
    """Each message, deflated, waits for its echo; the echoes must inflate with the agreed
    parameters (the peer checks) and match."""
    if peer.deflate is None:
        return _not_agreed(peer)
    for kind, data in messages:
        if not peer.send_message(kind, data) or peer.next_event().kind not in ("text", "binary"):
            break
    verdict = finish_clean(peer, messages)
    deflated = sum(1 for e in peer.events if e.compressed)
    verdict.observed += f"; {deflated}/{len(messages)} echoes deflated"
    return verdict


def _fragmented(peer):
    if peer.deflate is None:
        return _not_agreed(peer)
    data = ascii_text(5000, 3)
    return send_and_echo(peer, *peer.message_frames(F.TEXT, data, fragment_size=500),
                         echoes=[text(data)])


def _declined(peer):
    """The offer breaks RFC 7692 section 7.1: the server must decline it (answer without
    permessage-deflate), and the connection works uncompressed."""
    verdict = send_and_echo(peer, peer.frame(F.TEXT, "Hello"), echoes=[text("Hello")])
    answer = peer.response_head.get("Sec-WebSocket-Extensions")
    verdict.observed = f"answer {answer!r}; " + verdict.observed
    if peer.deflate is not None:
        verdict.add(FAIL, "accepted an offer it must decline")
    return verdict


def _agreed_on(peer, messages):
    answer = (peer.response_head.get("Sec-WebSocket-Extensions") if peer.role == "client"
              else None)
    verdict = _round_trips(peer, messages)
    if answer is not None:
        verdict.observed = f"answer {answer!r}; " + verdict.observed
    return verdict


def _compression_cases():
    cases = []
    for group, kind, what, make in PAYLOADS:
        for i, size in enumerate(SIZES, 1):
            # Made when the case runs: building every payload up front takes seconds.
            cases.append(Case(f"{group}.{i}",
                              f"{MESSAGES_PER_CASE} deflated {kind} messages, {what}, {size} B",
                              "each echoed; what comes back inflates (RFC 7692 section 7.2)",
                              lambda p, k=kind, m=make, n=size: _round_trips(
                                  p, [(k, m(n, j)) for j in range(MESSAGES_PER_CASE)]),
                              deflate="default"))
    cases += [
        Case("12.fragmented", "a deflated message in 10 fragments (RSV1 on the first only)",
             "echoed (RFC 7692 section 6.1)", _fragmented, deflate="default"),
        Case("12.uncompressed", "an uncompressed message with deflate agreed",
             "echoed (RFC 7692 section 6: a message may go uncompressed)",
             lambda p: send_and_echo(p, p.frame(F.TEXT, "plain"), echoes=[text("plain")]),
             deflate="default"),
        Case("12.empty", "a deflated empty message", "echoed",
             lambda p: _round_trips(p, [("text", b"")]), deflate="default"),
        Case("12.rsv1-on-continuation", "RSV1 set on a continuation frame too",
             "fails, close 1002 (RFC 7692 section 6.1: first fragment only)",
             lambda p: send_and_fail(p, p.frame(F.TEXT, p.compressor.compress(b"Hello")
                                                if p.compressor else b"", fin=False,
                                                rsv=F.RSV1),
                                     p.frame(F.CONTINUATION, b"", rsv=F.RSV1)),
             deflate="default"),
        Case("12.rsv1-on-ping", "a ping with RSV1 set",
             "fails, close 1002 (RFC 7692 section 6.1: never on control frames)",
             lambda p: send_and_fail(p, p.frame(F.PING, b"x", rsv=F.RSV1)), deflate="default"),
        Case("12.bad-deflate-data", "RSV1 message whose payload is not deflate data",
             "fails, close 1007 or 1002 (RFC 7692 section 8.1: decompression failed)",
             lambda p: send_and_fail(p, p.frame(F.BINARY, b"\xff\xff\xff\xff\xff", rsv=F.RSV1),
                                     codes=(1002, 1007)), deflate="default"),
    ]
    return cases


# (id, parameters of the answer, what it checks) when testing the client.
ANSWERS = [
    ("13.1", "permessage-deflate", "defaults"),
    ("13.2", "permessage-deflate; client_no_context_takeover",
     "the client drops its context after each message"),
    ("13.3", "permessage-deflate; server_no_context_takeover",
     "the client inflates each message on its own"),
    ("13.4", "permessage-deflate; client_max_window_bits=9",
     "the client compresses within a 2^9-byte window"),
    ("13.5", "permessage-deflate; server_max_window_bits=9",
     "the client inflates a 2^9-byte window"),
    ("13.6", "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
             "server_max_window_bits=9; client_max_window_bits=9", "all four at once"),
    ("13.7", "permessage-deflate; server_max_window_bits=15; client_max_window_bits=15",
     "explicit defaults"),
]
BAD_ANSWERS = [
    ("13.bad-unknown-parameter", "permessage-deflate; foo=1", "an unknown parameter"),
    ("13.bad-window-16", "permessage-deflate; server_max_window_bits=16", "a window of 2^16"),
    ("13.bad-window-no-value", "permessage-deflate; client_max_window_bits",
     "client_max_window_bits without a value"),
    ("13.bad-twice", "permessage-deflate, permessage-deflate", "permessage-deflate twice"),
    ("13.bad-duplicate-parameter",
     "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
     "a parameter twice"),
    ("13.bad-flag-with-value", "permessage-deflate; server_no_context_takeover=1",
     "a value on a flag parameter"),
]
# (id, offer, what it checks) when testing the server.
OFFERS = [
    ("13.1", "permessage-deflate", "defaults"),
    ("13.2", "permessage-deflate; client_no_context_takeover", "the client drops its context"),
    ("13.3", "permessage-deflate; server_no_context_takeover",
     "the server must agree and drop its context after each message"),
    ("13.4", "permessage-deflate; client_max_window_bits",
     "the server may choose the client's window"),
    ("13.5", "permessage-deflate; server_max_window_bits=9",
     "the server must compress within a 2^9-byte window"),
    ("13.6", "permessage-deflate; client_max_window_bits=9", "the client uses a small window"),
    ("13.7", "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
             "server_max_window_bits=9; client_max_window_bits=9", "all four at once"),
    ("13.8", "permessage-deflate; server_max_window_bits=10, permessage-deflate",
     "two offers: the server answers one of them"),
]
BAD_OFFERS = [
    ("13.decline-unknown-parameter", "permessage-deflate; foo=1", "an unknown parameter"),
    ("13.decline-window-7", "permessage-deflate; server_max_window_bits=7", "a window of 2^7"),
    ("13.decline-unknown-extension", "x-unknown-extension", "an extension it does not know"),
]


def _parameter_cases():
    cases = []
    for cid, answer, what in ANSWERS:
        cases.append(Case(cid, f"answer '{answer}'",
                          f"echoes inflate and match: {what} (RFC 7692 section 7.1)",
                          lambda p: _agreed_on(p, PROBES), sides=(CLIENT,), deflate=answer))
    for cid, answer, what in BAD_ANSWERS:
        cases.append(Case(cid, f"answer '{answer}' ({what})",
                          "the client fails the connection (RFC 7692 section 7.1)",
                          bind(refused, answers.upgrade(extensions=answer)), sides=(CLIENT,),
                          kind="raw"))
    for cid, offer, what in OFFERS:
        cases.append(Case(cid, f"offer '{offer}'",
                          f"a valid answer; echoes inflate and match: {what} (RFC 7692 7.1)",
                          lambda p: _agreed_on(p, PROBES), sides=(SERVER,), deflate=offer))
    for cid, offer, what in BAD_OFFERS:
        cases.append(Case(cid, f"offer '{offer}' ({what})",
                          "declined (no permessage-deflate in the answer); echoes work",
                          _declined, sides=(SERVER,), deflate=offer))
    return cases


def cases():
    return _compression_cases() + _parameter_cases()
