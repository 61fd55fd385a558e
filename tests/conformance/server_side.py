"""Testing a server: the demo server started as a child process on a port the OS picks (it
prints `listening on HOST:PORT` first), and a raw client connecting to its /echo per case."""

import os
import resource
import select
import signal
import socket
import subprocess
import threading
import time

import deflate
import handshake as H
from http_io import HeadError, read_head
from judge import FAIL, STEP_TIMEOUT, Verdict
from peer import Peer

ECHO_PATH = "/echo"
# The offer a case makes when it asks for permessage-deflate as usual (a browser's).
DEFAULT_DEFLATE_OFFER = "permessage-deflate; client_max_window_bits"


class DemoServer:
    """wsclient-demo-server on 127.0.0.1, port 0, its log in log_path; with fd_limit, allowed
    that many file descriptors once it listens."""

    def __init__(self, exe, log_path, extra_args=(), fd_limit=None):
        self.exe = exe
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self.proc = subprocess.Popen([exe, "--host", "127.0.0.1", "--port", "0", *extra_args],
                                     stdout=subprocess.PIPE, stderr=self._log)
        line = self._first_line(20.0)
        if not line.startswith("listening on "):
            self.stop()
            raise RuntimeError(f"{exe} did not start: first line {line!r}")
        self.port = int(line.rsplit(":", 1)[1])
        if fd_limit is not None:
            resource.prlimit(self.proc.pid, resource.RLIMIT_NOFILE, (fd_limit, fd_limit))
        # The URL lines that follow, and anything later, must not fill the pipe.
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()

    def _first_line(self, timeout):
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        return self.proc.stdout.readline().decode().strip() if ready else ""

    @property
    def address(self):
        return ("127.0.0.1", self.port)

    def cpu_seconds(self):
        """User and system CPU time used so far (/proc/PID/stat, fields 14 and 15)."""
        with open(f"/proc/{self.proc.pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self, timeout=5.0):
        """SIGTERM; the exit status (the server exits 0 on a clean shutdown)."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self._log.close()
        return rc


def connect(address):
    return socket.create_connection(address, timeout=STEP_TIMEOUT)


def open_upgrade(sock, address, offer=None, protocols=None, path=ECHO_PATH):
    """Sends an upgrade request and reads the answer. Returns (peer, problems): the problems
    of the answer (section 4.1; RFC 7692 section 7.1 for the extension)."""
    key = H.new_key()
    sock.sendall(H.build_request(f"{address[0]}:{address[1]}", path, key, offer, protocols))
    head, leftover = read_head(sock, time.monotonic() + STEP_TIMEOUT)
    offered = [name for name, _ in H.parse_extensions(offer or "")]
    problems = H.server_response_problems(head, key, (protocols or "").split(", "), offered)
    ext_problems, agreed = deflate.response_problems(head.get("Sec-WebSocket-Extensions"),
                                                     offer)
    peer = Peer(sock, "client", agreed, leftover)
    peer.response_head = head
    return peer, problems + ext_problems


def run_ws_case(case, server):
    """A case on an open connection to the server's echo route."""
    offer = DEFAULT_DEFLATE_OFFER if case.deflate == "default" else case.deflate
    try:
        sock = connect(server.address)
    except OSError as e:
        return Verdict(FAIL, f"connect: {e}", [str(e)])
    try:
        try:
            peer, problems = open_upgrade(sock, server.address, offer)
        except (HeadError, ValueError, OSError) as e:
            return Verdict(FAIL, f"handshake: {e}", [str(e)])
        if problems:
            return Verdict(FAIL, "upgrade answer: " + "; ".join(problems), problems)
        return case.run(peer)
    finally:
        sock.close()
