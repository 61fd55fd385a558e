"""The harness tested: its codecs against the RFCs' own examples, its judge on known event
sequences, and whole cases run against deliberately wrong peers, which must FAIL (a harness
that cannot fail proves nothing)."""

import client_side
import deflate
import frames as F
import handshake as H
import server_side
from case import Case
from judge import FAIL, NON_STRICT, PASS, Expect, Verdict, judge
from peer import Event
from sloppy_peers import SloppyClient, SloppyServer

HELLO = b"Hello"
MASK = bytes([0x37, 0xFA, 0x21, 0x3D])


def _check(pairs):
    """(what, got, expected) triples: PASS when every got equals its expected."""
    verdict = Verdict(PASS, f"{len(pairs)} checks")
    for what, got, expected in pairs:
        if got != expected:
            verdict.add(FAIL, f"{what}: got {got!r}, expected {expected!r}")
    return verdict


def _decoded(data):
    frame, used = F.decode(data)
    return (frame.fin, frame.opcode, frame.masked, frame.payload, used) if frame else None


def _frame_examples():
    """RFC 6455 section 5.7."""
    masked_hello = bytes([0x81, 0x85]) + MASK + bytes([0x7F, 0x9F, 0x4D, 0x51, 0x58])
    big256 = bytes([0x82, 0x7E, 0x01, 0x00])
    big64k = bytes([0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0])
    return _check([
        ("unmasked 'Hello'", F.encode(F.TEXT, HELLO), bytes([0x81, 0x05]) + HELLO),
        ("masked 'Hello'", F.encode(F.TEXT, HELLO, mask=MASK), masked_hello),
        ("decode masked 'Hello'", _decoded(masked_hello), (True, F.TEXT, True, HELLO, 11)),
        ("fragment 'Hel'", F.encode(F.TEXT, b"Hel", fin=False), bytes([0x01, 0x03]) + b"Hel"),
        ("fragment 'lo'", F.encode(F.CONTINUATION, b"lo"), bytes([0x80, 0x02]) + b"lo"),
        ("unmasked ping", F.encode(F.PING, HELLO), bytes([0x89, 0x05]) + HELLO),
        ("masked pong", F.encode(F.PONG, HELLO, mask=MASK), bytes([0x8A]) + masked_hello[1:]),
        ("256 B binary header", F.encode(F.BINARY, bytes(256))[:4], big256),
        ("64 KiB binary header", F.encode(F.BINARY, bytes(65536))[:10], big64k),
        ("decode 64 KiB", _decoded(big64k + bytes(65536))[1:],
         (F.BINARY, False, bytes(65536), 65546)),
        ("incomplete", F.decode(big256 + bytes(255)), (None, 0)),
        ("non-minimal length flagged", F.decode(F.encode(F.TEXT, HELLO, length_size=2))[0]
         .minimal_length, False),
        ("close payload", F.close_payload(1000, "bye"), b"\x03\xe8bye"),
    ])


def _handshake_examples():
    """RFC 6455 sections 1.3 and 4.2.2; RFC 7692 section 7.2.3 (and 5: parameters)."""
    inflate = deflate.Decompressor()
    shared = deflate.Decompressor()
    shared.decompress(bytes([0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00]))
    problems, agreed = deflate.response_problems(
        "permessage-deflate; server_max_window_bits=10", "permessage-deflate; "
        "server_max_window_bits=10; client_max_window_bits")
    return _check([
        ("accept of the sample nonce", H.accept_for("dGhlIHNhbXBsZSBub25jZQ=="),
         "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
        ("7.2.3.1 'Hello'", inflate.decompress(bytes([0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07,
                                                      0x00])), HELLO),
        ("7.2.3.2 sharing the window", shared.decompress(bytes([0xF2, 0x00, 0x11, 0x00,
                                                                0x00])), HELLO),
        ("7.2.3.3 stored block", deflate.Decompressor().decompress(
            bytes([0x00, 0x05, 0x00, 0xFA, 0xFF]) + HELLO + b"\x00"), HELLO),
        ("round trip", deflate.Decompressor().decompress(deflate.Compressor().compress(
            b"abc" * 1000)), b"abc" * 1000),
        ("valid answer", (problems, agreed.server_max_window_bits), ([], 10)),
        ("answer with a larger window", deflate.response_problems(
            "permessage-deflate; server_max_window_bits=12",
            "permessage-deflate; server_max_window_bits=10")[0] != [], True),
        ("unoffered client_max_window_bits", deflate.response_problems(
            "permessage-deflate; client_max_window_bits=10", "permessage-deflate")[0] != [],
         True),
        ("extension list", H.parse_extensions('a; b=1; c="2", d'),
         [("a", [("b", "1"), ("c", "2")]), ("d", [])]),
    ])


def _judge_examples():
    echo = [Event("text", b"Hello"), Event("close", code=1002), Event("eof")]
    return _check([
        ("echo then fail", judge(echo, Expect([("text", b"Hello")], "fail", (1002,))).outcome,
         PASS),
        ("missing echo (Autobahn NON-STRICT)", judge(echo[1:], Expect(
            [("text", b"Hello")], "fail", (1002,), missing_ok=True)).outcome, NON_STRICT),
        ("missing echo (strict)", judge(echo[1:], Expect([("text", b"Hello")], "fail",
                                                         (1002,))).outcome, FAIL),
        ("wrong close code", judge(echo, Expect([("text", b"Hello")], "fail",
                                                (1007,))).outcome, FAIL),
        ("dropped without close", judge([Event("eof")], Expect([], "fail")).outcome,
         NON_STRICT),
        ("not failed", judge([Event("timeout")], Expect([], "fail")).outcome, FAIL),
        ("violation", judge([Event("bad", b"x"), Event("eof")], Expect([], "fail")).outcome,
         FAIL),
    ])


def _against(run_case, target, case_ids, expected):
    """Runs the given cases against a sloppy target: each must come out as expected."""
    from catalog import all_cases  # imported here: the catalog holds this module

    by_id = {c.id: c for c in all_cases()}
    verdict = Verdict(PASS, "")
    seen = []
    for cid in case_ids:
        got = run_case(by_id[cid], target)
        seen.append(f"{cid} {got.outcome}")
        if got.outcome != expected[cid]:
            verdict.add(FAIL, f"{cid}: {got.outcome}, expected {expected[cid]} "
                              f"({got.observed})")
    verdict.observed = "; ".join(seen)
    return verdict


def _sloppy_client():
    expected = {"1.1.1": PASS, "2.5": FAIL, "3.1": FAIL, "6.3.1": FAIL, "7.9.1": FAIL,
                "7.13.1": FAIL, "1.masked-by-server": FAIL}
    return _against(client_side.run_ws_case, SloppyClient(), list(expected), expected)


def _sloppy_server():
    server = SloppyServer()
    expected = {"1.1.1": PASS, "1.unmasked-by-client": FAIL, "3.1": FAIL, "5.18": FAIL,
                "6.3.1": FAIL, "7.9.1": FAIL}
    try:
        return _against(server_side.run_ws_case, server, list(expected), expected)
    finally:
        server.stop()


def _server_with_bad_accept():
    server = SloppyServer(bad_accept=True)
    try:
        return _against(lambda case, s: case.run(s, case.id), server, ["H.server-accept"],
                        {"H.server-accept": FAIL})
    finally:
        server.stop()


def cases():
    cases = [
        Case("self.frames", "frame codec on RFC 6455 section 5.7's examples",
             "every example encodes and decodes to the RFC's bytes", _frame_examples),
        Case("self.handshake", "Sec-WebSocket-Accept and permessage-deflate examples",
             "RFC 6455 section 1.3's accept value; RFC 7692 section 7.2.3's messages inflate",
             _handshake_examples),
        Case("self.judge", "the judge on known event sequences",
             "PASS, NON-STRICT and FAIL where Autobahn's rules put them", _judge_examples),
        Case("self.sloppy-client", "client cases against an echo client that checks nothing",
             "1.1.1 passes; every case it breaks FAILs", _sloppy_client),
        Case("self.sloppy-server", "server cases against an echo server that checks nothing",
             "1.1.1 passes; every case it breaks FAILs", _sloppy_server),
        Case("self.bad-accept-server", "H.server-accept against a wrong Sec-WebSocket-Accept",
             "FAILs", _server_with_bad_accept),
    ]
    for case in cases:
        case.sides, case.kind = ("selftest",), "self"
    return cases
