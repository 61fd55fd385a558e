"""The opening handshake as a client must check it (RFC 6455 section 4.1), the part Autobahn
does not cover: what wsclient-cli must refuse in an answer, and whether it then gives up or
retries (issue 7, defects 2-4: deterministic server faults are fatal, 5xx and Retry-After
retried, within a cap)."""

import os
import re
import select
import ssl
import subprocess
import tempfile
import time
import warnings

import frames as F
import handshake as H
import upgrade_answers as answers
from case import CLIENT, Case
from client_side import BASE_ARGS, RECONNECT_ARGS, Served, listen, url_of
from closing import finish_clean, text
from http_io import HeadError, read_head, read_until_closed
from judge import FAIL, NON_STRICT, PASS, STEP_TIMEOUT, Verdict
from peer import Peer

# Issue 7 defect 4: the longest a server's Retry-After may make the client wait by default.
MAX_RETRY_AFTER_MS = 300_000


def _serve_once(client, name, answer, args=BASE_ARGS, probe=True):
    """One connection answered by answer(conn, key); then (probe) a text frame, and what
    the client sends until it closes. Returns (run, request head or None, what came back,
    how it ended)."""
    with Served(client, name, args) as served:
        conn = served.next_connection()
        if conn is None:
            return served.run, None, b"", "no connection"
        try:
            head, _ = read_head(conn, time.monotonic() + STEP_TIMEOUT)
        except (HeadError, ValueError) as e:
            return served.run, None, b"", f"request: {e}"
        answer(conn, head.get("Sec-WebSocket-Key", ""))
        if probe:
            try:
                conn.sendall(F.encode(F.TEXT, b"probe"))
            except OSError:
                pass
        data, how = read_until_closed(conn, time.monotonic() + STEP_TIMEOUT)
    return served.run, head, data, how


def refused(client, name, answer, args=BASE_ARGS):
    """The client must fail the connection (section 4.1): close TCP without using it (no
    echo of the probe), and the CLI exit 1."""
    run, head, data, how = _serve_once(client, name, answer, args)
    frame, _ = F.decode(data) if data else (None, 0)
    back = "nothing back" if frame is None else (
        f"a frame back (opcode {frame.opcode}, {frame.payload[:16]!r})")
    ending = {"eof": "TCP closed", "reset": "TCP reset", "timeout": "connection left open"}
    observed = f"{back}, {ending.get(how, how)}; exit {run.rc}"
    verdict = Verdict(PASS, observed)
    if head is None:
        verdict.add(FAIL, how)
    elif frame is not None and frame.opcode in (F.TEXT, F.BINARY):
        verdict.add(FAIL, "accepted the answer: the probe was echoed")
    elif frame is not None and frame.opcode == F.CLOSE:
        verdict.add(NON_STRICT, f"sent a close frame ({frame.close_code}) on a connection it "
                                "must not have opened")
    elif how == "timeout":
        verdict.add(FAIL, "neither refused nor used the connection")
    if run.rc != 1:
        verdict.add(FAIL, f"exit status {run.rc}: {run.last_line!r}")
    if "connected to" in run.stderr:
        verdict.add(FAIL, "the CLI reported the connection open")
    verdict.observed += f" {run.last_line!r}"
    return verdict


def _answering(answer):
    """Per connection: read the upgrade request, give this answer."""
    def serve(conn):
        head, _ = read_head(conn, time.monotonic() + STEP_TIMEOUT)
        answer(conn, head.get("Sec-WebSocket-Key", ""))
    return serve


def _attempts(client, name, serve, retry_wait=STEP_TIMEOUT, args=RECONNECT_ARGS, scheme="ws"):
    """Runs the client with reconnection on (at most 2 attempts, no backoff) and serves each
    attempt the same way (serve(conn)). Returns (attempts, run)."""
    with Served(client, name, args, scheme=scheme) as served:
        attempts = 0
        while attempts < 2:
            conn = served.next_connection(retry_wait if attempts else STEP_TIMEOUT * 2)
            if conn is None:
                break
            attempts += 1
            try:
                serve(conn)
            except (HeadError, ValueError, OSError):
                pass
            conn.close()
    return attempts, served.run


def _classified(client, name, answer, retried, report=None, retry_wait=STEP_TIMEOUT,
                min_delay_ms=None, serve=None, **attempt_args):
    """Fatal (one attempt, exit 1) or retried (a second attempt), with `report` (a regex)
    in what the CLI says, and, when min_delay_ms, the announced delay at least that. Each
    attempt gets the answer, or is served by serve(conn) when given."""
    attempts, run = _attempts(client, name, serve or _answering(answer), retry_wait,
                              **attempt_args)
    verdict = Verdict(PASS, f"{attempts} attempt(s), exit {run.rc}: {run.last_line!r}")
    if retried and attempts < 2:
        verdict.add(FAIL, "not retried")
    if not retried and attempts > 1:
        verdict.add(FAIL, "retried: a deterministic fault must be fatal")
    if run.rc != 1:
        verdict.add(FAIL, f"exit status {run.rc}")
    if report and not re.search(report, run.stderr, re.I):
        verdict.add(FAIL, f"the CLI did not report /{report}/")
    if min_delay_ms is not None:
        delay = re.search(r"reconnecting in (\d+) ms", run.stderr)
        if not delay or int(delay.group(1)) < min_delay_ms:
            verdict.add(FAIL, f"retry delay {delay.group(1) if delay else '?'} ms, "
                              f"Retry-After asked for {min_delay_ms} ms")
        else:
            verdict.observed += f"; delay {delay.group(1)} ms"
    return verdict


def _opens(client, name, answer, args=BASE_ARGS, report=None, probe_in_answer=False):
    """The client accepts the answer: the probe (sent after it, or in the same write) is
    echoed, the close is clean."""
    with Served(client, name, args) as served:
        conn = served.next_connection()
        if conn is None:
            return Verdict(FAIL, "no connection", ["the client did not connect"])
        try:
            head, leftover = read_head(conn, time.monotonic() + STEP_TIMEOUT)
        except (HeadError, ValueError) as e:
            return Verdict(FAIL, f"request: {e}", [str(e)])
        answer(conn, head.get("Sec-WebSocket-Key", ""))
        peer = Peer(conn, "server", None, leftover)
        if not probe_in_answer:
            peer.send(peer.frame(F.TEXT, "probe"))
        verdict = finish_clean(peer, [text("probe")])
    verdict.observed += f"; exit {served.run.rc}"
    if served.run.rc != 0:
        verdict.add(FAIL, f"exit status {served.run.rc}: {served.run.last_line!r}")
    if report and not re.search(report, served.run.stderr):
        verdict.add(FAIL, f"the CLI did not report /{report}/")
    return verdict


def _request_checks(client, name):
    run, head, data, how = _serve_once(client, name, answers.upgrade(), probe=False)
    if head is None:
        return Verdict(FAIL, how, [how])
    problems = H.client_request_problems(head)
    verdict = Verdict(PASS, f"{head.start_line}; offer "
                            f"{head.get('Sec-WebSocket-Extensions')!r}")
    for p in problems:
        verdict.add(FAIL, p)
    return verdict


def _retry_after_capped(client, name):
    """Retry-After: 100000000 (over 3 years): the delay the client announces is capped."""
    answer = answers.status("HTTP/1.1 503 Service Unavailable", ["Retry-After: 100000000"])
    with Served(client, name, RECONNECT_ARGS) as served:
        conn = served.next_connection()
        if conn is None:
            return Verdict(FAIL, "no connection", ["the client did not connect"])
        head, _ = read_head(conn, time.monotonic() + STEP_TIMEOUT)
        answer(conn, head.get("Sec-WebSocket-Key", ""))
        conn.close()
        said = served.run.wait_stderr(r"reconnecting in (\d+) ms|gave up[^\n]*", STEP_TIMEOUT)
        served.run.kill()
    line = said.group(0) if said else served.run.last_line
    verdict = Verdict(PASS, line)
    if said and said.group(1) is not None:
        if int(said.group(1)) > MAX_RETRY_AFTER_MS:
            verdict.add(FAIL, f"waits {int(said.group(1)) // 3_600_000} h: not capped at "
                              f"{MAX_RETRY_AFTER_MS // 1000} s")
    elif not (said and "Retry-After" in line):
        verdict.add(FAIL, "neither a capped retry nor a stop that says why")
    return verdict


def _redirect(client, name, status):
    """Section 4.1 lets a client follow a 3xx: following, or stopping with the status (not
    retrying it), both pass; the observed line says which."""
    target = listen()
    answer = answers.status(f"HTTP/1.1 {status} Moved",
                            [f"Location: {url_of(target, '/moved')}"])
    attempts, run = _attempts(client, name, _answering(answer))
    followed = bool(select.select([target], [], [], 0)[0])
    target.close()
    verdict = Verdict(PASS, f"{'followed' if followed else 'not followed'}, {attempts} "
                            f"attempt(s), exit {run.rc}: {run.last_line!r}")
    if attempts > 1:
        verdict.add(FAIL, f"retried a {status}: a redirect is not a transient failure")
    elif not followed and str(status) not in run.stderr:
        verdict.add(FAIL, f"the CLI did not report the status {status}")
    return verdict


WRONG_ACCEPT = "dGhlIHNhbXBsZSBub25jZQ=="  # RFC 6455's sample key: never a right accept


def _old_tls_only(client, name):
    """A server that speaks TLS 1.0 and 1.1 only, while the client requires 1.2 or newer:
    no handshake can ever succeed (issue 7 defect 3: as fatal as a certificate failure).
    The certificate does not matter (--insecure): the versions fail first."""
    with tempfile.TemporaryDirectory() as keys:
        cert, key = os.path.join(keys, "cert.pem"), os.path.join(keys, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                        "-subj", "/CN=127.0.0.1", "-days", "1"], check=True,
                       capture_output=True)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        with warnings.catch_warnings():  # the point is to use what is deprecated
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = ssl.TLSVersion.TLSv1
            context.maximum_version = ssl.TLSVersion.TLSv1_1
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
        context.load_cert_chain(cert, key)

        def serve(conn):
            conn.settimeout(STEP_TIMEOUT)
            try:
                context.wrap_socket(conn, server_side=True).close()
            except (ssl.SSLError, OSError):
                pass  # the handshake fails: that is the case

        return _classified(client, name, None, False, r"TLS|SSL|version", serve=serve,
                           args=RECONNECT_ARGS + ("--insecure",), scheme="wss")


def bind(check, *args, **kw):
    """A raw case's run(client, name) from a check(client, name, *args, **kw)."""
    return lambda client, name: check(client, name, *args, **kw)


def cases():
    fails = "the client fails the connection: closes TCP, never uses it, exit 1 (section 4.1)"
    fatal = ("fatal: no second attempt, exit 1, the reason reported (issue 7 defect 3: a "
             "deterministic server fault)")
    chat = ("--subprotocol", "chat")
    forbidden = "HTTP/1.1 403 Forbidden"
    unavailable = "HTTP/1.1 503 Service Unavailable"
    retry_1s = dict(retry_wait=STEP_TIMEOUT + 1, min_delay_ms=1000)
    cases = [
        Case("H.request", "the client's upgrade request",
             "GET, HTTP/1.1, Host, Upgrade: websocket, Connection: Upgrade, a 16-byte base64 "
             "Sec-WebSocket-Key, version 13 (section 4.1), a valid offer (RFC 7692 7.1)",
             _request_checks),
        Case("H.101-and-frame", "101 and a text frame in the same TCP write",
             "the frame is read and echoed (section 4.1: data follows the handshake)",
             bind(_opens, answers.upgrade_and_probe, probe_in_answer=True)),
        Case("H.dripped-101", "the 101 answer written one byte per TCP write",
             "opens; the probe is echoed", bind(_opens, answers.dripped)),
        Case("H.subprotocol", "offered chat and superchat, the server picks superchat",
             "opens, the CLI reports the subprotocol (section 4.1)",
             bind(_opens, answers.upgrade(protocol="superchat"),
                   BASE_ARGS + chat + ("--subprotocol", "superchat"),
                   report=r"subprotocol superchat")),
        Case("H.bad-accept", "101 with a wrong Sec-WebSocket-Accept", fails,
             bind(refused, answers.upgrade(accept=WRONG_ACCEPT))),
        Case("H.no-accept", "101 without Sec-WebSocket-Accept", fails,
             bind(refused, answers.without("Sec-WebSocket-Accept"))),
        Case("H.no-upgrade", "101 without Upgrade: websocket", fails,
             bind(refused, answers.without("Upgrade"))),
        Case("H.no-connection", "101 without Connection: Upgrade", fails,
             bind(refused, answers.without("Connection"))),
        Case("H.unoffered-extension", "101 with Sec-WebSocket-Extensions: x-unknown", fails,
             bind(refused, answers.upgrade(extensions="x-unknown"))),
        Case("H.unoffered-deflate",
             "permessage-deflate accepted though not offered (--no-compression)", fails,
             bind(refused, answers.upgrade(extensions="permessage-deflate"),
                   BASE_ARGS + ("--no-compression",))),
        Case("H.unoffered-subprotocol", "101 with Sec-WebSocket-Protocol: chat, none offered",
             fails, bind(refused, answers.upgrade(protocol="chat"))),
        Case("H.wrong-subprotocol", "offered chat, the answer says superchat", fails,
             bind(refused, answers.upgrade(protocol="superchat"), BASE_ARGS + chat)),
        Case("H.huge-headers", "101 followed by header lines without end",
             "the client stops reading at its header limit and fails the connection (no "
             "unbounded memory, no wait for the connect timeout)",
             bind(refused, answers.endless_headers)),
        Case("H.status-200", "200 OK instead of 101", fails,
             bind(refused, answers.status("HTTP/1.1 200 OK"))),
        Case("H.bad-accept.fatal", "wrong Sec-WebSocket-Accept, reconnection on", fatal,
             bind(_classified, answers.upgrade(accept=WRONG_ACCEPT), False, r"accept")),
        Case("H.unoffered-extension.fatal", "unoffered extension, reconnection on", fatal,
             bind(_classified, answers.upgrade(extensions="x-unknown"), False, r"extension")),
        Case("H.unoffered-subprotocol.fatal", "unoffered subprotocol, reconnection on", fatal,
             bind(_classified, answers.upgrade(protocol="chat"), False, r"subprotocol")),
        Case("H.huge-headers.fatal", "endless response headers, reconnection on", fatal,
             bind(_classified, answers.endless_headers, False, r"header")),
        Case("H.status-200.fatal", "200 OK instead of 101, reconnection on",
             "fatal (not a transient failure), status reported",
             bind(_classified, answers.status("HTTP/1.1 200 OK"), False, r"\b200\b")),
        Case("H.403", "403 with a short body", "fatal, HTTP 403 reported",
             bind(_classified, answers.status(forbidden, body=b"no\n"), False, r"\b403\b")),
        Case("H.403-large-body", "403 with a 100 MiB body",
             "fatal, HTTP 403 reported (issue 7 defect 3: not 'body limit exceeded', retried)",
             bind(_classified, answers.large_body(forbidden), False, r"\b403\b")),
        Case("H.403-endless-chunked", "403 with a chunked body without end",
             "fatal, HTTP 403 reported (issue 7 defect 3)",
             bind(_classified, answers.endless_chunks(forbidden), False, r"\b403\b")),
        Case("H.503", "503 with Retry-After: 1", "retried no sooner than 1 s, HTTP 503 reported",
             bind(_classified, answers.status(unavailable, ["Retry-After: 1"]), True,
                   r"\b503\b", **retry_1s)),
        Case("H.503-large-body", "503 with Retry-After: 1 and a 100 MiB body",
             "retried no sooner than 1 s, HTTP 503 reported (issue 7 defect 3: status and "
             "Retry-After kept)",
             bind(_classified, answers.large_body(unavailable, ["Retry-After: 1"]), True,
                   r"\b503\b", **retry_1s)),
        Case("H.retry-after-huge", "503 with Retry-After: 100000000",
             f"the next attempt no later than {MAX_RETRY_AFTER_MS // 1000} s (issue 7 defect 4: "
             "capped), or a stop that says why", _retry_after_capped),
        Case("H.tls-1.1-only.fatal", "a server that speaks TLS 1.0/1.1 only, reconnection on",
             "fatal: no second attempt, exit 1, the TLS failure reported (issue 7 defect 3)",
             _old_tls_only),
        Case("H.half-head", "the connection closes in the middle of the 101 head",
             "retried: a network failure is transient",
             bind(_classified, answers.half_head, True)),
    ]
    for code in (301, 302, 307, 308):
        cases.append(Case(f"H.redirect-{code}", f"{code} with a Location",
                          "followed, or a stop that reports the status; never retried "
                          "(section 4.1 MAY follow)", bind(_redirect, code)))
    for case in cases:
        case.sides, case.kind = (CLIENT,), "raw"
        # Those that wait for a Retry-After or write an endless answer.
        case.slow = case.id.startswith(("H.503", "H.403-", "H.huge"))
    return cases
