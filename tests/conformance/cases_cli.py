"""What wsclient-cli does after a connection ends (issue 7, defects 5 and 12): which close
codes it retries (the README's classifier table), how it reports a clean end whose TCP
teardown failed, and what it counts after a connection that stayed up; and the options
issue 7 asks of it for running under a conformance suite (--version, --quiet,
--max-message-bytes)."""

import re
import socket
import struct

from case import CLIENT, Case
from client_side import RECONNECT_ARGS, Served, accept_upgrade
import frames as F
from closing import collect, send_and_echo, send_and_fail, text
from judge import FAIL, PASS, STEP_TIMEOUT, Verdict

# The README's classifier: close codes retried, and codes that stop.
RETRIED = [1001, 1011, 1012, 1013, 1014]
FATAL = [1003, 1008, 4000]
# reconnect_options::stable_after's default: after this long open, the backoff resets.
STABLE_AFTER = 5.0


def _closed_with(client, name, code, retried):
    with Served(client, name, RECONNECT_ARGS) as served:
        attempts = 0
        answers = []
        while attempts < 2:
            conn = served.next_connection(STEP_TIMEOUT if attempts else STEP_TIMEOUT * 2)
            if conn is None:
                break
            attempts += 1
            peer, _ = accept_upgrade(conn)
            peer.send_close(code)
            collect(peer)
            answers += [e.describe() for e in peer.events]
            conn.close()
        if attempts > 1:
            served.run.kill()  # it would go on reconnecting
    run = served.run
    verdict = Verdict(PASS, f"{attempts} connection(s): {', '.join(answers[:3])}; exit "
                            f"{run.rc}: {run.last_line!r}")
    if retried and attempts < 2:
        verdict.add(FAIL, f"close {code} not retried")
    if not retried and attempts > 1:
        verdict.add(FAIL, f"close {code} retried")
    return verdict


def _teardown_reset(client, name):
    """The closing handshake completes, then the server resets the TCP connection instead
    of closing it: a received close frame is a clean end (section 7.1.4), exit 0."""
    with Served(client, name, RECONNECT_ARGS) as served:
        conn = served.next_connection()
        if conn is None:
            return Verdict(FAIL, "no connection", ["the client did not connect"])
        peer, _ = accept_upgrade(conn)
        peer.send_close(1000)
        event = peer.next_event()
        # SO_LINGER with a zero timeout: close() sends RST, not FIN.
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
        served.connections.remove(conn)
    run = served.run
    verdict = Verdict(PASS, f"{event.describe()}, then RST; exit {run.rc}: {run.last_line!r}")
    if event.kind != "close":
        verdict.add(FAIL, "no close frame in answer")
    if run.rc != 0:
        verdict.add(FAIL, f"exit status {run.rc}: a completed closing handshake is a clean end")
    return verdict


def _attempts_after_stable(client, name):
    """A connection open longer than stable_after, then closed with a code that stops: the
    CLI must not say it gave up after 0 attempts."""
    with Served(client, name, RECONNECT_ARGS) as served:
        conn = served.next_connection()
        if conn is None:
            return Verdict(FAIL, "no connection", ["the client did not connect"])
        peer, _ = accept_upgrade(conn)
        idle = peer.next_event(timeout=STABLE_AFTER + 0.5)  # the connection stays up
        peer.send_close(1008)
        collect(peer)
    run = served.run
    verdict = Verdict(PASS, f"open {STABLE_AFTER + 0.5} s ({idle.kind}), close 1008; exit "
                            f"{run.rc}: {run.last_line!r}")
    count = re.search(r"gave up after (\d+) attempt", run.stderr)
    if count and int(count.group(1)) == 0:
        verdict.add(FAIL, "'gave up after 0 attempt(s)' after a connection that was open")
    if run.rc != 1:
        verdict.add(FAIL, f"exit status {run.rc}")
    return verdict


def _version(client, name):
    run = client.launch(None, ["--version"], f"client-{name}").finish()
    printed = run.stdout.strip()
    verdict = Verdict(PASS, f"exit {run.rc}: {(printed or run.last_line)[:80]!r}")
    if run.rc != 0 or not re.search(r"\d+\.\d+", printed):
        verdict.add(FAIL, "no version printed with exit status 0")
    return verdict


def _quiet(peer):
    return send_and_echo(peer, peer.frame(F.TEXT, "not printed"), echoes=[text("not printed")])


def _nothing_printed(run, verdict):
    if run.stdout:
        verdict.add(FAIL, f"--quiet printed {run.stdout[:40]!r}")


def _limited(peer):
    """--max-message-bytes 1000: 1000 bytes are echoed, 1001 refused with 1009."""
    peer.send(peer.frame(F.TEXT, b"a" * 1000))
    peer.next_event()
    return send_and_fail(peer, peer.frame(F.TEXT, b"b" * 1001), codes=(1009,),
                         before=[text(b"a" * 1000)])


def _option_cases():
    return [
        Case("cli.version", "wsclient-cli --version", "a version on stdout, exit 0",
             _version, kind="raw"),
        Case("cli.quiet", "--quiet with --echo", "the echo goes out, nothing on stdout",
             _quiet, cli_args=("--quiet",), cli_check=_nothing_printed),
        Case("cli.max-message-bytes", "--max-message-bytes 1000, then 1000 and 1001 bytes",
             "the first echoed, the second refused with 1009 (section 7.4.1)", _limited,
             cli_args=("--max-message-bytes", "1000")),
    ]


def cases():
    cases = [Case(f"7.retry-{code}", f"the server closes with {code}",
                  "close answered, then a new connection (retried; README classifier)",
                  lambda c, name, k=code: _closed_with(c, name, k, True))
             for code in RETRIED]
    cases += [Case(f"7.stop-{code}", f"the server closes with {code}",
                   "close answered, no new connection, exit 1 (README classifier)",
                   lambda c, name, k=code: _closed_with(c, name, k, False))
              for code in FATAL]
    cases += [
        Case("7.teardown-reset", "close 1000 answered, then the server resets TCP",
             "exit 0: the closing handshake completed (section 7.1.4; issue 7 defect 12)",
             _teardown_reset),
        Case("7.gave-up-count", "open longer than stable_after, then close 1008",
             "exit 1, and the count of attempts is not 0 (issue 7 defect 12)",
             _attempts_after_stable, slow=True),
    ]
    for case in cases:
        case.sides, case.kind = (CLIENT,), "raw"
    for case in _option_cases():
        case.sides = (CLIENT,)
        cases.append(case)
    return cases
