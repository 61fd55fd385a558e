"""Section 5 of the Autobahn case list: fragmentation (RFC 6455 section 5.4)."""

import frames as F
from case import Case
from closing import finish_clean, pong, send_and_echo, send_and_fail, text

FRAG1, FRAG2 = "fragment1", "fragment2"


def _two_fragments(peer, chop, ping=False):
    frames_ = [peer.frame(F.TEXT, FRAG1, fin=False)]
    if ping:
        frames_.append(peer.frame(F.PING, "ping payload"))
    frames_.append(peer.frame(F.CONTINUATION, FRAG2))
    echoes = ([pong("ping payload")] if ping else []) + [text(FRAG1 + FRAG2)]
    return send_and_echo(peer, *frames_, chop=chop, echoes=echoes)


def _nothing_to_continue(peer, chop, first_fin):
    return send_and_fail(peer, peer.frame(F.CONTINUATION, FRAG1, fin=first_fin),
                         peer.frame(F.TEXT, FRAG2), chop=chop)


def _five_fragments(peer, chop):
    """Five fragments, a ping after the first and the fourth; each ping's pong is awaited
    before the next fragment goes out, so that the other end really sees them apart."""
    parts = [f"fragment{i}" for i in range(1, 6)]
    sends = [peer.frame(F.TEXT, parts[0], fin=False), peer.frame(F.PING, "pongme 1!"), None,
             peer.frame(F.CONTINUATION, parts[1], fin=False),
             peer.frame(F.CONTINUATION, parts[2], fin=False),
             peer.frame(F.CONTINUATION, parts[3], fin=False), peer.frame(F.PING, "pongme 2!"),
             None, peer.frame(F.CONTINUATION, parts[4])]
    for item in sends:
        if item is None:
            peer.next_event()  # the pong, recorded, before the next fragment
        else:
            peer.send(item, chop=chop)
    return finish_clean(peer, [pong("pongme 1!"), pong("pongme 2!"), text("".join(parts))])


def _nothing_to_continue_cases():
    """5.9-5.14: a continuation that continues nothing (FIN set, then not), as one write,
    byte by byte and one write per frame."""
    cases = []
    number = 9
    for first_fin, what in ((True, "FIN"), (False, "not FIN")):
        first = number
        for chop, how in ((None, ""), ("octets", ", byte by byte"),
                          ("chunks", ", one write per frame")):
            title = (f"continuation ({what}) with nothing to continue, then text" if not how
                     else f"as 5.{first}{how}")
            cases.append(Case(f"5.{number}", title, "fails, close 1002 (section 5.4)",
                              lambda p, c=chop, f=first_fin: _nothing_to_continue(p, c, f)))
            number += 1
    return cases


def cases():
    fail = "fails, close 1002 (section 5.4)"
    fragmented_ping = "fails, close 1002: control frames MUST NOT be fragmented (section 5.5)"
    return [
        Case("5.1", "ping in 2 fragments", fragmented_ping,
             lambda p: send_and_fail(p, p.frame(F.PING, FRAG1, fin=False),
                                     p.frame(F.CONTINUATION, FRAG2))),
        Case("5.2", "pong in 2 fragments", fragmented_ping,
             lambda p: send_and_fail(p, p.frame(F.PONG, FRAG1, fin=False),
                                     p.frame(F.CONTINUATION, FRAG2))),
        Case("5.3", "text in 2 fragments", "echoed as one message (section 5.4)",
             lambda p: _two_fragments(p, None)),
        Case("5.4", "text in 2 fragments, byte by byte", "echoed as one message",
             lambda p: _two_fragments(p, "octets")),
        Case("5.5", "text in 2 fragments, one write per frame", "echoed as one message",
             lambda p: _two_fragments(p, "chunks")),
        Case("5.6", "text in 2 fragments with a ping between",
             "pong, then the echo: control frames may come between fragments (section 5.4)",
             lambda p: _two_fragments(p, None, ping=True)),
        Case("5.7", "text in 2 fragments with a ping between, byte by byte",
             "pong, then the echo", lambda p: _two_fragments(p, "octets", ping=True)),
        Case("5.8", "text in 2 fragments with a ping between, one write per frame",
             "pong, then the echo", lambda p: _two_fragments(p, "chunks", ping=True)),
        *_nothing_to_continue_cases(),
        Case("5.15", "text in 2 fragments, then a continuation with nothing to continue",
             "echo of the message, then fails with 1002; a missing echo is NON-STRICT",
             lambda p: send_and_fail(p, p.frame(F.TEXT, FRAG1, fin=False),
                                     p.frame(F.CONTINUATION, FRAG2),
                                     p.frame(F.CONTINUATION, "fragment3", fin=False),
                                     p.frame(F.CONTINUATION, "fragment4"),
                                     before=[text(FRAG1 + FRAG2)], missing_ok=True)),
        Case("5.16", "continuations with nothing to continue, then text, twice", fail,
             lambda p: send_and_fail(p, *[p.frame(F.CONTINUATION, "fragment1", fin=False),
                                          p.frame(F.TEXT, "fragment2", fin=False),
                                          p.frame(F.CONTINUATION, "fragment3")] * 2)),
        Case("5.17", "as 5.16 with FIN on the first continuations", fail,
             lambda p: send_and_fail(p, *[p.frame(F.CONTINUATION, "fragment1"),
                                          p.frame(F.TEXT, "fragment2", fin=False),
                                          p.frame(F.CONTINUATION, "fragment3")] * 2)),
        Case("5.18", "text fragment, then a second text frame instead of a continuation",
             "fails, close 1002 (section 5.4)",
             lambda p: send_and_fail(p, p.frame(F.TEXT, FRAG1, fin=False),
                                     p.frame(F.TEXT, FRAG2))),
        Case("5.19", "text in 5 fragments, pings between, each pong awaited",
             "both pongs, then the echo (section 5.4)", lambda p: _five_fragments(p, None)),
        Case("5.20", "as 5.19, byte by byte", "both pongs, then the echo",
             lambda p: _five_fragments(p, "octets")),
        Case("5.echo-before-fail",
             "text, then a continuation with nothing to continue, in the same TCP write",
             "the echo goes out before the 1002 close (section 7.1.7)",
             lambda p: send_and_fail(p, p.frame(F.TEXT, "Hello, world!"),
                                     p.frame(F.CONTINUATION, FRAG2),
                                     before=[text("Hello, world!")])),
    ]
