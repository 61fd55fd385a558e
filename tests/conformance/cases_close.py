"""Section 7 of the Autobahn case list: the closing handshake and close codes (RFC 6455
sections 5.5.1, 7.1, 7.4)."""

import frames as F
from case import Case
from closing import collect, pong, send_and_echo, send_and_fail, text
from judge import Expect, judge

# Section 7.4.1 and the IANA registry: codes an endpoint may receive in a close frame.
VALID_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000,
               3999, 4000, 4999]
# Reserved, never on the wire, unassigned in the protocol's range, or outside every range.
INVALID_CODES = [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999]


BIG = b"BAsd7&jh23" * 26214


def _close_then(peer, *after, first=(), before=(), missing_ok=False):
    """Frames (first), a close frame, then frames that must be ignored (section 5.5.1:
    nothing is processed after a close frame), all in one write."""
    peer.send(*first, peer.frame(F.CLOSE, F.close_payload(1000)), *after)
    peer.close_sent = True
    collect(peer)
    verdict = judge(peer.events, Expect(list(before), "close", (1000,), missing_ok=missing_ok))
    verdict.expected_exit = 0
    return verdict


def _close_with(peer, payload, codes, fail):
    peer.send(peer.frame(F.CLOSE, payload))
    peer.close_sent = True
    collect(peer)
    verdict = judge(peer.events, Expect([], "fail" if fail else "close", codes))
    verdict.expected_exit = 1 if fail else (0 if codes == (1000,) else None)
    return verdict


def cases():
    reason123 = b"*" * 123
    cases = [
        Case("7.1.1", "text, then close 1000", "echo, then close 1000 in answer (7.1.2)",
             lambda p: send_and_echo(p, p.frame(F.TEXT, "Hello World!"),
                                     echoes=[text("Hello World!")])),
        Case("7.1.2", "two close frames", "one close in answer; the second is ignored",
             lambda p: _close_then(p, p.frame(F.CLOSE, F.close_payload(1000)))),
        Case("7.1.3", "close, then ping", "close in answer, no pong (section 5.5.1)",
             lambda p: _close_then(p, p.frame(F.PING, "ping after close"))),
        Case("7.1.4", "close, then text", "close in answer, no echo (section 5.5.1)",
             lambda p: _close_then(p, p.frame(F.TEXT, "text after close"))),
        Case("7.1.5", "text fragment, close, last fragment",
             "close in answer, no echo (section 5.5.1)",
             lambda p: _close_then(p, p.frame(F.CONTINUATION, "fragment2"),
                                   first=[p.frame(F.TEXT, "fragment1", fin=False)])),
        Case("7.1.6", "256 KiB text, close, ping, in one write",
             "echo, then close in answer, no pong; a missing echo is NON-STRICT (Autobahn: "
             "informational)",
             lambda p: _close_then(p, p.frame(F.PING, "ping after close"),
                                   first=[p.frame(F.TEXT, BIG)], before=[text(BIG)],
                                   missing_ok=True)),
        Case("7.3.1", "close without payload", "close in answer, no code or 1000 (5.5.1)",
             lambda p: _close_with(p, b"", (None, 1000), fail=False)),
        Case("7.3.2", "close with a 1-byte payload", "fails, close 1002 (section 5.5.1)",
             lambda p: _close_with(p, b"\x03", (1002,), fail=True)),
        Case("7.3.3", "close 1000 without reason", "close 1000 in answer",
             lambda p: _close_with(p, F.close_payload(1000), (1000,), fail=False)),
        Case("7.3.4", "close 1000 with a reason", "close 1000 in answer",
             lambda p: _close_with(p, F.close_payload(1000, "Hello World!"), (1000,),
                                   fail=False)),
        Case("7.3.5", "close 1000 with a 123-byte reason", "close 1000 in answer",
             lambda p: _close_with(p, F.close_payload(1000, reason123), (1000,), fail=False)),
        Case("7.3.6", "close 1000 with a 124-byte reason (126-byte payload)",
             "fails, close 1002: control frames carry at most 125 bytes (section 5.5)",
             lambda p: _close_with(p, F.close_payload(1000, reason123 + b"*"), (1002,),
                                   fail=True)),
        Case("7.5.1", "close 1000 with a reason that is not UTF-8",
             "fails, close 1007 (section 8.1) or 1002, as Autobahn accepts",
             lambda p: send_and_fail(p, p.frame(F.CLOSE, F.close_payload(
                 1000, bytes.fromhex("cebae1bdb9cf83cebcceb5eda080656469746564"))),
                 codes=(1007, 1002))),
    ]
    for i, code in enumerate(VALID_CODES, 1):
        cases.append(Case(f"7.7.{i}", f"close with valid code {code}",
                          f"close in answer, {code}" + (" or 1000" if code != 1000 else "")
                          + " (section 7.4)",
                          lambda p, c=code: _close_with(p, F.close_payload(c), (c, 1000),
                                                        fail=False)))
    for i, code in enumerate(INVALID_CODES, 1):
        cases.append(Case(f"7.9.{i}", f"close with invalid code {code}",
                          "fails, close 1002 (section 7.4)",
                          lambda p, c=code: _close_with(p, F.close_payload(c), (1002,),
                                                        fail=True)))
    for i, code in enumerate((5000, 65535), 1):
        cases.append(Case(f"7.13.{i}", f"close with code {code} (above every range)",
                          "fails, close 1002 (section 7.4.2: no such codes)",
                          lambda p, c=code: _close_with(p, F.close_payload(c), (1002,),
                                                        fail=True)))
    cases.append(Case("7.ping-then-close", "ping and close in one write",
                      "pong, then close 1000 in answer (control frames in order, 5.5)",
                      lambda p: _close_then(p, first=[p.frame(F.PING, "last ping")],
                                            before=[pong("last ping")])))
    return cases
