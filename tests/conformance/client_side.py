"""Testing a client: a raw server on 127.0.0.1 (port chosen by the OS) and the client under
test, wsclient-cli run as an echo client, connecting to it once per case."""

import os
import re
import select
import socket
import subprocess
import time

import deflate
import handshake as H
from http_io import HeadError, read_head
from judge import FAIL, STEP_TIMEOUT, Verdict
from peer import Peer

# Every case: echo what arrives, nothing of the CLI's own (no pings, no reconnect), bounded.
BASE_ARGS = ("--echo", "--no-reconnect", "--ping-interval", "0", "--timeout", "30000")
# Cases about what is retried: reconnect at once, and give up after the second failure.
RECONNECT_ARGS = ("--echo", "--ping-interval", "0", "--timeout", "30000",
                  "--initial-delay", "0", "--max-delay", "0", "--max-attempts", "1")

# The answer to the client's offer when a case asks for permessage-deflate as usual.
DEFAULT_DEFLATE_ANSWER = "permessage-deflate"


class CliRun:
    """One wsclient-cli process: stdin held open (so that it never closes by itself), stdout
    to a file (messages can be large), stderr read as it comes (its end is the exit)."""

    def __init__(self, exe, url, args, stdout_path):
        self.stdout_path = stdout_path
        self._stdout = open(stdout_path, "wb")
        self.proc = subprocess.Popen([exe, *args] + ([url] if url else []), stdin=subprocess.PIPE,
                                     stdout=self._stdout, stderr=subprocess.PIPE)
        os.set_blocking(self.proc.stderr.fileno(), False)
        self._stderr = bytearray()
        self.exited = False
        self.rc = None

    def _read_stderr(self):
        try:
            chunk = os.read(self.proc.stderr.fileno(), 65536)
        except BlockingIOError:
            return
        if chunk:
            self._stderr += chunk
        else:
            self.exited = True
            self.rc = self.proc.wait()

    def _wait(self, timeout, listener=None):
        """Until the listener has a connection ('accept'), the process ended ('exit'),
        stderr grew ('stderr') or the timeout ('timeout')."""
        if self.exited:
            return "exit"
        fds = [self.proc.stderr] + ([listener] if listener is not None else [])
        ready, _, _ = select.select(fds, [], [], max(timeout, 0))
        if listener is not None and listener in ready:
            return "accept"
        if self.proc.stderr in ready:
            self._read_stderr()
            return "exit" if self.exited else "stderr"
        return "timeout"

    def wait_connection(self, listener, timeout):
        """The next connection to listener, or None when the process ended or timed out."""
        deadline = time.monotonic() + timeout
        while True:
            what = self._wait(deadline - time.monotonic(), listener)
            if what == "accept":
                return listener.accept()[0]
            if what in ("exit", "timeout"):
                return None

    def wait_stderr(self, pattern, timeout):
        """The first match of pattern in stderr, waiting for it; None if it never came."""
        deadline = time.monotonic() + timeout
        while True:
            match = re.search(pattern, self.stderr)
            if match:
                return match
            if self._wait(deadline - time.monotonic()) in ("exit", "timeout"):
                return re.search(pattern, self.stderr)

    def finish(self, timeout=5.0):
        """Waits for the exit (killing the process after timeout: rc 'killed')."""
        deadline = time.monotonic() + timeout
        while not self.exited and self._wait(deadline - time.monotonic()) != "timeout":
            pass
        if not self.exited:
            self.proc.kill()
            self.proc.wait()
            while not self.exited:
                self._wait(1.0)
            self.rc = "killed"
        self.proc.stdin.close()
        self.proc.stderr.close()
        self._stdout.close()
        return self

    def kill(self):
        """Ends a run the case is done with (rc 'killed' unless it had exited)."""
        if not self.exited:
            self.proc.kill()
            self.finish()
            self.rc = "killed"
        return self.finish()

    @property
    def stderr(self):
        return self._stderr.decode(errors="replace")

    @property
    def stdout(self):
        with open(self.stdout_path, "rb") as f:
            return f.read().decode(errors="replace")

    @property
    def last_line(self):
        lines = self.stderr.strip().splitlines()
        return lines[-1] if lines else ""


class CliClient:
    """wsclient-cli at exe; each run's stdout goes to a file under workdir."""

    def __init__(self, exe, workdir):
        self.exe = exe
        self.workdir = workdir

    def launch(self, url, args, name):
        return CliRun(self.exe, url, args, os.path.join(self.workdir, name + ".stdout"))


def listen():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    return listener


def url_of(listener, path, scheme="ws"):
    return f"{scheme}://127.0.0.1:{listener.getsockname()[1]}{path}"


def accept_upgrade(conn, answer_extensions=None, protocol=None):
    """Reads the client's upgrade request and answers 101. Returns (peer, problems): the
    problems of the request (section 4.1; RFC 7692 section 7.1 for the offer)."""
    head, leftover = read_head(conn, time.monotonic() + STEP_TIMEOUT)
    offer = head.get("Sec-WebSocket-Extensions")
    problems = H.client_request_problems(head) + deflate.offer_problems(offer)
    if answer_extensions == "default":
        answer_extensions = DEFAULT_DEFLATE_ANSWER if offer else None
    _, agreed = deflate.response_problems(answer_extensions, offer)
    conn.sendall(H.build_response(head.get("Sec-WebSocket-Key", ""), answer_extensions,
                                  protocol))
    peer = Peer(conn, "server", agreed, leftover)
    peer.request_head = head
    return peer, problems


def run_ws_case(case, client):
    """A case on an open connection: the client connects, the case runs, the client's exit
    status is checked against the case's."""
    listener = listen()
    run = client.launch(url_of(listener, "/" + case.id), BASE_ARGS + tuple(case.cli_args),
                        f"client-{case.id}")
    conn = None
    try:
        conn = run.wait_connection(listener, STEP_TIMEOUT * 2)
        if conn is None:
            run.finish()
            return Verdict(FAIL, f"no connection; exit {run.rc}: {run.last_line!r}",
                           ["the client did not connect"])
        try:
            peer, problems = accept_upgrade(conn, case.deflate)
        except (HeadError, ValueError, OSError) as e:
            return Verdict(FAIL, f"handshake: {e}", [str(e)])
        if problems:
            return Verdict(FAIL, "upgrade request: " + "; ".join(problems), problems)
        verdict = case.run(peer)
    finally:
        if conn is not None:
            conn.close()
        listener.close()
        run.finish()
    verdict.observed += f"; exit {run.rc}"
    if verdict.expected_exit is not None and run.rc != verdict.expected_exit:
        verdict.add(FAIL, f"exit status {run.rc} (expected {verdict.expected_exit}): "
                          f"{run.last_line!r}")
    if case.cli_check is not None:
        case.cli_check(run, verdict)
    return verdict


class Served:
    """A client run against a listener of its own, for cases that answer the upgrade
    themselves (raw cases): every connection it makes is accepted and closed at the end."""

    def __init__(self, client, name, args, path=None, scheme="ws"):
        self.listener = listen()
        self.url = url_of(self.listener, path or "/" + name, scheme)
        self.run = client.launch(self.url, args, f"client-{name}")
        self.connections = []

    def next_connection(self, timeout=STEP_TIMEOUT * 2):
        """The client's next connection; None when it exited or did not connect in time."""
        conn = self.run.wait_connection(self.listener, timeout)
        if conn is not None:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.connections.append(conn)
        return conn

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for conn in self.connections:
            conn.close()
        self.listener.close()
        self.run.finish()
