"""Sections 1-4 of the Autobahn case list: framing, pings, reserved bits, opcodes (RFC 6455
section 5), and cases of our own on the same rules (ids with a name instead of a number)."""

import frames as F
from case import CLIENT, SERVER, Case
from closing import binary, finish_clean, finish_failed, pong, send_and_echo, send_and_fail, text
from judge import FAIL, NON_STRICT

FAIL_1002 = "fails the connection, close 1002 (section 7.1.7)"


def _framing():
    cases = []
    sizes = [0, 125, 126, 127, 128, 65535, 65536]
    for group, kind, opcode, fill, make in ((1, "text", F.TEXT, b"*", text),
                                            (2, "binary", F.BINARY, b"\xfe", binary)):
        for i, size in enumerate(sizes, 1):
            data = fill * size
            cases.append(Case(
                f"1.{group}.{i}", f"{kind} message, payload {size} bytes",
                "echoed, clean close 1000 (sections 5.2, 5.6)",
                lambda p, o=opcode, d=data, e=make(data): send_and_echo(p, p.frame(o, d),
                                                                        echoes=[e])))
        data = fill * 65536
        cases.append(Case(
            f"1.{group}.8", f"{kind} message, 65536 bytes, written in chops of 997 bytes",
            "echoed, clean close 1000 (section 5.2)",
            lambda p, o=opcode, d=data, e=make(data): send_and_echo(p, p.frame(o, d), chop=997,
                                                                    echoes=[e])))

    def lenient_or_failed(peer, frame, echo, codes=(1002,)):
        """Fails (PASS) or, tolerating what the sender did wrong, echoes (NON-STRICT)."""
        peer.send(frame)
        if peer.sync():
            verdict = finish_clean(peer, [echo])
            verdict.add(NON_STRICT, "accepted the frame instead of failing the connection")
            return verdict
        return finish_failed(peer, codes)

    cases += [
        Case("1.nonminimal-16", "'Hello' with its length in the 16-bit form",
             "fails, close 1002: the minimal length encoding is a MUST (section 5.2); echoing "
             "it is NON-STRICT",
             lambda p: lenient_or_failed(p, p.frame(F.TEXT, "Hello", length_size=2),
                                         text("Hello"))),
        Case("1.nonminimal-64", "'Hello' with its length in the 64-bit form",
             "fails, close 1002 (section 5.2); echoing it is NON-STRICT",
             lambda p: lenient_or_failed(p, p.frame(F.TEXT, "Hello", length_size=8),
                                         text("Hello"))),
        Case("1.length-msb", "64-bit length with its most significant bit set",
             "fails at the header, close 1002 (section 5.2: the bit MUST be 0) or 1009 (no "
             "message is that large)",
             lambda p: send_and_fail(p, p.frame(F.BINARY, b"x" * 8, length_size=8,
                                                declared_length=(1 << 63) | 8),
                                     codes=(1002, 1009))),
        Case("1.masked-by-server", "a masked text frame from the server",
             "fails, close 1002: a client MUST close on a masked frame (section 5.1)",
             lambda p: send_and_fail(p, p.frame(F.TEXT, "Hello", mask=True)),
             sides=(CLIENT,)),
        Case("1.unmasked-by-client", "an unmasked text frame from the client",
             "fails, close 1002: a server MUST close on an unmasked frame (section 5.1)",
             lambda p: send_and_fail(p, p.frame(F.TEXT, "Hello", mask=None)),
             sides=(SERVER,)),
        Case("1.zero-mask-key", "a text frame masked with the key 00 00 00 00",
             "echoed: any key is valid (section 5.3)",
             lambda p: send_and_echo(p, p.frame(F.TEXT, "Hello", mask=b"\0\0\0\0"),
                                     echoes=[text("Hello")]),
             sides=(SERVER,)),
        Case("1.dripped", "a text frame written one byte per TCP write",
             "echoed (section 5.2: framing is independent of TCP segments)",
             lambda p: send_and_echo(p, p.frame(F.TEXT, "Hello, dripped"), chop="octets",
                                     echoes=[text("Hello, dripped")])),
        Case("1.batch", "100 text messages in one TCP write",
             "all echoed in order (section 5.4: messages keep their order)",
             lambda p: send_and_echo(p, *[p.frame(F.TEXT, f"message {i}") for i in range(100)],
                                     echoes=[text(f"message {i}") for i in range(100)])),
    ]
    return cases


def _pings():
    def pings(peer, count, chop):
        payloads = [f"payload-{i}".encode() for i in range(count)]
        peer.send(*[peer.frame(F.PING, d) for d in payloads], chop=chop)
        verdict = finish_clean(peer, [pong(d) for d in payloads], missing_ok=True)
        got = [e.data for e in peer.events if e.kind == "pong"]
        if got and got[-1] != payloads[-1]:
            verdict.add(FAIL, "the last ping was not answered (section 5.5.3)")
        return verdict

    ping125 = b"\xfe" * 125
    return [
        Case("2.1", "ping without payload", "pong without payload (section 5.5.2)",
             lambda p: send_and_echo(p, p.frame(F.PING), echoes=[pong()])),
        Case("2.2", "ping with a small text payload", "pong with the same payload (5.5.3)",
             lambda p: send_and_echo(p, p.frame(F.PING, "Hello, world!"),
                                     echoes=[pong("Hello, world!")])),
        Case("2.3", "ping with a small binary payload", "pong with the same payload (5.5.3)",
             lambda p: send_and_echo(p, p.frame(F.PING, b"\x00\xff\xfe\xfd\xfc\xfb\x00\xff"),
                                     echoes=[pong(b"\x00\xff\xfe\xfd\xfc\xfb\x00\xff")])),
        Case("2.4", "ping with 125 bytes of binary payload", "pong with the same payload",
             lambda p: send_and_echo(p, p.frame(F.PING, ping125), echoes=[pong(ping125)])),
        Case("2.5", "ping with 126 bytes of payload",
             "fails, close 1002: control frames carry at most 125 bytes (section 5.5)",
             lambda p: send_and_fail(p, p.frame(F.PING, b"\xfe" * 126))),
        Case("2.6", "ping with 125 bytes, written one byte per TCP write",
             "pong with the same payload",
             lambda p: send_and_echo(p, p.frame(F.PING, ping125), chop="octets",
                                     echoes=[pong(ping125)])),
        Case("2.7", "unsolicited pong without payload", "nothing (section 5.5.3)",
             lambda p: send_and_echo(p, p.frame(F.PONG))),
        Case("2.8", "unsolicited pong with payload", "nothing (section 5.5.3)",
             lambda p: send_and_echo(p, p.frame(F.PONG, "unsolicited pong payload"))),
        Case("2.9", "unsolicited pong, then a ping", "a pong for the ping only",
             lambda p: send_and_echo(p, p.frame(F.PONG, "unsolicited pong payload"),
                                     p.frame(F.PING, "ping payload"),
                                     echoes=[pong("ping payload")])),
        Case("2.10", "10 pings in one write",
             "10 pongs; answering only the latest is NON-STRICT (section 5.5.3 MAY)",
             lambda p: pings(p, 10, None)),
        Case("2.11", "10 pings, one TCP write each",
             "10 pongs; answering only the latest is NON-STRICT (section 5.5.3 MAY)",
             lambda p: pings(p, 10, "chunks")),
    ]


def _then_bad(peer, bad, chop, strict=False):
    """'Hello, world!', then a frame the other end must refuse, then a ping: the echo comes,
    then the failure, and no pong. Autobahn rates a missing echo NON-STRICT (it races the
    failure); strict cases write both in one TCP write and require the echo first (section
    7.1.7 lets what the application sent before go out before the close)."""
    frames_ = [peer.frame(F.TEXT, "Hello, world!"), bad]
    if not strict:
        frames_.append(peer.frame(F.PING))
    return send_and_fail(peer, *frames_, chop=chop, before=[text("Hello, world!")],
                         missing_ok=not strict)


def _reserved_bits():
    hello = "Hello, world!"
    return [
        Case("3.1", "text with RSV = 1", FAIL_1002 + "; RSV bits need an extension (5.2)",
             lambda p: send_and_fail(p, p.frame(F.TEXT, hello, rsv=1))),
        Case("3.2", "text, text with RSV = 2, ping",
             "echo of the first, then fails with 1002, no pong (section 5.2); a missing echo "
             "is NON-STRICT",
             lambda p: _then_bad(p, p.frame(F.TEXT, hello, rsv=2), None)),
        Case("3.3", "text, text with RSV = 3, ping, one write per frame",
             "echo, then fails with 1002, no pong; a missing echo is NON-STRICT",
             lambda p: _then_bad(p, p.frame(F.TEXT, hello, rsv=3), "chunks")),
        Case("3.4", "text, text with RSV = 4, ping, byte by byte",
             "echo, then fails with 1002, no pong; a missing echo is NON-STRICT",
             lambda p: _then_bad(p, p.frame(F.TEXT, hello, rsv=4), "octets")),
        Case("3.5", "binary with RSV = 5", FAIL_1002,
             lambda p: send_and_fail(p, p.frame(F.BINARY, b"\x00\xff\xfe\xfd", rsv=5))),
        Case("3.6", "ping with RSV = 6", FAIL_1002 + ", no pong",
             lambda p: send_and_fail(p, p.frame(F.PING, hello, rsv=6))),
        Case("3.7", "close with RSV = 7", FAIL_1002,
             lambda p: send_and_fail(p, p.frame(F.CLOSE, F.close_payload(1000), rsv=7))),
        Case("3.echo-before-fail", "text, then text with RSV = 2 in the same TCP write",
             "the echo goes out before the 1002 close (section 7.1.7)",
             lambda p: _then_bad(p, p.frame(F.TEXT, hello, rsv=2), None, strict=True)),
    ]


def _opcodes():
    cases = []
    for group, codes in ((1, (3, 4, 5, 6, 7)), (2, (11, 12, 13, 14, 15))):
        kind = "non-control" if group == 1 else "control"
        a, b, c, d, e = codes
        cases += [
            Case(f"4.{group}.1", f"reserved {kind} opcode {a}", FAIL_1002 + " (section 5.2)",
                 lambda p, o=a: send_and_fail(p, p.frame(o))),
            Case(f"4.{group}.2", f"reserved {kind} opcode {b} with payload", FAIL_1002,
                 lambda p, o=b: send_and_fail(p, p.frame(o, "reserved opcode payload"))),
            Case(f"4.{group}.3", f"text, reserved opcode {c}, ping",
                 "echo, then fails with 1002, no pong; a missing echo is NON-STRICT",
                 lambda p, o=c: _then_bad(p, p.frame(o), None)),
            Case(f"4.{group}.4", f"text, reserved opcode {d} with payload, ping",
                 "echo, then fails with 1002, no pong; a missing echo is NON-STRICT",
                 lambda p, o=d: _then_bad(p, p.frame(o, "reserved opcode payload"), None)),
            Case(f"4.{group}.5", f"text, reserved opcode {e} with payload, ping, byte by byte",
                 "echo, then fails with 1002, no pong; a missing echo is NON-STRICT",
                 lambda p, o=e: _then_bad(p, p.frame(o, "reserved opcode payload"), "octets")),
        ]
    cases.append(Case("4.echo-before-fail", "text, then opcode 5 in the same TCP write",
                      "the echo goes out before the 1002 close (section 7.1.7)",
                      lambda p: _then_bad(p, p.frame(5), None, strict=True)))
    return cases


def cases():
    return _framing() + _pings() + _reserved_bits() + _opcodes()
