"""A server out of file descriptors (issue 7, defect 9): it must back off instead of spinning
on accept(), log the failure once in a while rather than per attempt, and serve again when
descriptors free up. Run on a demo server of its own with a low descriptor limit."""

import os
import socket
import time

import frames as F
from case import SERVER, Case
from closing import finish_clean, text
from http_io import HeadError
from judge import FAIL, PASS, STEP_TIMEOUT, Verdict
from server_side import DemoServer, connect, open_upgrade

FD_LIMIT = 48
CONNECTIONS = 64  # more than the limit: accept() fails with EMFILE for the rest
WINDOW = 1.0  # how long the server is watched while out of descriptors
MAX_ERROR_LINES = 10  # per WINDOW: "once per interval", not once per attempt
MAX_CPU_SHARE = 0.5  # of one core, over WINDOW


def _accept_errors(log_path):
    with open(log_path, "rb") as f:
        return sum(1 for line in f if b"accept failed" in line)


def _echoes(server):
    """A new WebSocket connection that echoes: the server serves again."""
    try:
        sock = connect(server.address)
    except OSError as e:
        return f"no connection: {e}"
    try:
        peer, problems = open_upgrade(sock, server.address)
        if problems:
            return "; ".join(problems)
        peer.send(peer.frame(F.TEXT, "back"))
        verdict = finish_clean(peer, [text("back")])
        return None if verdict.outcome == PASS else verdict.observed
    except (HeadError, ValueError, OSError) as e:
        return str(e)
    finally:
        sock.close()


def _out_of_descriptors(server, name):
    log_path = f"{server.log_path}.{name}"
    own = DemoServer(server.exe, log_path, fd_limit=FD_LIMIT)
    held = []
    try:
        for _ in range(CONNECTIONS):
            held.append(socket.create_connection(own.address, timeout=STEP_TIMEOUT))
        cpu, errors, started = own.cpu_seconds(), _accept_errors(log_path), time.monotonic()
        # The window: a read nothing answers (no request was sent), bounded by WINDOW.
        held[0].settimeout(WINDOW)
        try:
            held[0].recv(1)
        except socket.timeout:
            pass
        elapsed = time.monotonic() - started
        cpu = own.cpu_seconds() - cpu
        errors = _accept_errors(log_path) - errors
        for sock in held:
            sock.close()
        held.clear()
        failure = _echoes(own)
    finally:
        for sock in held:
            sock.close()
        own.stop()
        os.remove(log_path)
    verdict = Verdict(PASS, f"{errors} accept errors logged and {cpu / elapsed:.0%} CPU in "
                            f"{elapsed:.1f} s out of descriptors; then "
                            + ("serving again" if failure is None else f"not serving: {failure}"))
    if errors > MAX_ERROR_LINES:
        verdict.add(FAIL, f"the log is flooded: {errors} lines in {elapsed:.1f} s")
    if cpu / elapsed > MAX_CPU_SHARE:
        verdict.add(FAIL, "accept() spins instead of backing off")
    if failure is not None:
        verdict.add(FAIL, "no recovery once descriptors are free")
    return verdict


def cases():
    return [Case("9.out-of-descriptors",
                 f"{CONNECTIONS} connections to a server allowed {FD_LIMIT} descriptors",
                 f"at most {MAX_ERROR_LINES} accept errors logged and {MAX_CPU_SHARE:.0%} of a "
                 f"core in {WINDOW:.0f} s; serves again once the connections close",
                 _out_of_descriptors, sides=(SERVER,), kind="raw", slow=True)]
