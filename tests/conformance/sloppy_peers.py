"""Deliberately wrong WebSocket endpoints, in process, for the self-test: an echo client and
an echo server that check nothing and send back whatever arrives (reserved bits, invalid
UTF-8, forbidden close codes, oversized control frames). Cases run against them must FAIL,
which shows that the harness can fail."""

import socket
import threading
import time
from urllib.parse import urlsplit

import frames as F
import handshake as H
from http_io import HeadError, read_head


def _echo_loop(sock, mask, leftover):
    """Sends every frame back as it came (unmasked, re-masked as this side's role wants)."""
    buf = bytearray(leftover)
    sock.settimeout(10.0)
    while True:
        frame, used = F.decode(buf)
        if frame is None:
            try:
                data = sock.recv(65536)
            except OSError:
                return
            if not data:
                return
            buf += data
            continue
        del buf[:used]
        opcode = F.PONG if frame.opcode == F.PING else frame.opcode
        try:
            sock.sendall(F.encode(opcode, frame.payload, fin=frame.fin, rsv=frame.rsv,
                                  mask=True if mask else None))
        except OSError:
            return
        if frame.opcode == F.CLOSE:
            return


class SloppyRun:
    """Looks like a CliRun to the client-side runner."""

    def __init__(self, url):
        self.rc = None
        self.stderr = ""
        self.last_line = ""
        self.exited = False
        self._thread = threading.Thread(target=self._main, args=(url,), daemon=True)
        self._thread.start()

    def _main(self, url):
        parts = urlsplit(url)
        try:
            with socket.create_connection((parts.hostname, parts.port), timeout=5.0) as sock:
                key = H.new_key()
                sock.sendall(H.build_request(parts.netloc, parts.path, key))
                _, leftover = read_head(sock, time.monotonic() + 5.0)
                _echo_loop(sock, True, leftover)
        except (OSError, HeadError, ValueError):
            pass
        self.rc = 0  # whatever happened: a sloppy client never complains

    def wait_connection(self, listener, timeout):
        listener.settimeout(timeout)
        try:
            return listener.accept()[0]
        except socket.timeout:
            return None

    def finish(self, timeout=5.0):
        self._thread.join(timeout)
        self.exited = True
        return self


class SloppyClient:
    """Looks like a CliClient: launch() starts an echo client on a thread."""

    def launch(self, url, args, name):
        return SloppyRun(url)


class SloppyServer:
    """Looks like a DemoServer: an echo server on 127.0.0.1 (port chosen by the OS), with a
    wrong Sec-WebSocket-Accept when bad_accept."""

    def __init__(self, bad_accept=False):
        self.bad_accept = bad_accept
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self.address = self._listener.getsockname()
        threading.Thread(target=self._accept_loop, daemon=True).start()

    def _accept_loop(self):
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        with conn:
            try:
                head, leftover = read_head(conn, time.monotonic() + 5.0)
                key = head.get("Sec-WebSocket-Key", "")
                accept = H.accept_for(key + "x") if self.bad_accept else None
                conn.sendall(H.build_response(key, accept=accept))
            except (OSError, HeadError, ValueError):
                return
            _echo_loop(conn, False, leftover)

    def stop(self):
        self._listener.close()
        return 0
