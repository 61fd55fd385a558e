"""How a case ends: the closing handshake (RFC 6455 section 7) driven from this side, every
event on the way collected, then judged."""

from judge import STEP_TIMEOUT, Expect, judge
from peer import valid_close_code


def _answer_close(peer):
    """Section 5.5.1: a close frame is answered ("typically echoing the status code it
    received"); as the server, this side then closes TCP first (7.1.1)."""
    if not peer.close_sent:
        code = peer.close_code_received
        peer.send_close(code if code is None or valid_close_code(code) else 1002)
    if peer.role == "server":
        peer.shutdown_write()


def collect(peer, timeout=STEP_TIMEOUT):
    """Reads until the connection is over, answering the other end's close frame (also one
    that an earlier read, such as Peer.sync(), met)."""
    if peer.close_received:
        _answer_close(peer)
    while True:
        event = peer.next_event(timeout)
        if event.kind == "close":
            _answer_close(peer)
        elif event.kind in ("eof", "timeout", "bad"):
            return


def finish_clean(peer, before=(), code=1000, reason=b"", codes=None, **expect):
    """Once the other end has produced as many events as `before` lists, and answered a
    ping (so that anything else it had to say has come too), starts the closing handshake
    with `code`. The other end must have produced `before`, then answer with a close frame
    (echoing the code, or 1000). Waiting first matters: an endpoint that receives a close
    frame may drop what it has not started sending (section 5.5.1), and Autobahn too lets a
    case run before it closes."""
    while sum(e.kind in ("text", "binary", "pong") for e in peer.events) < len(before):
        if peer.next_event().kind in ("close", "eof", "timeout", "bad"):
            break
    if not peer.close_received and not peer.eof:
        peer.sync()
    peer.send_close(code, reason)
    collect(peer)
    verdict = judge(peer.events, Expect(list(before), "close",
                                        codes or tuple({code, 1000}), **expect))
    if code == 1000:
        verdict.expected_exit = 0
    return verdict


def finish_failed(peer, codes=(1002,), before=(), **expect):
    """The other end must fail the connection (section 7.1.7) with one of `codes`, after
    producing `before`."""
    collect(peer)
    verdict = judge(peer.events, Expect(list(before), "fail", tuple(codes), **expect))
    verdict.expected_exit = 1
    return verdict


def send_and_fail(peer, *frames_, codes=(1002,), before=(), chop=None, **expect):
    peer.send(*frames_, chop=chop)
    return finish_failed(peer, codes, before, **expect)


def send_and_echo(peer, *frames_, echoes=(), chop=None, **expect):
    peer.send(*frames_, chop=chop)
    return finish_clean(peer, echoes, **expect)


def text(data):
    return ("text", data.encode() if isinstance(data, str) else data)


def binary(data):
    return ("binary", data)


def pong(data=b""):
    return ("pong", data.encode() if isinstance(data, str) else data)

