"""One end of an open WebSocket connection over a raw socket, driven by a conformance case.

It sends exactly the bytes a case builds, in the TCP writes the case asks for, and turns what
the other end sends into events while checking those frames against RFC 6455 (the other end
breaking a rule is an event too). Every wait is a socket read with a deadline.
"""

import socket
import threading
import time
from dataclasses import dataclass

import frames as F
from deflate import DecompressError

# Upper bound on a message this peer assembles: above every limit the cases exercise.
MAX_RECEIVED_MESSAGE = 64 << 20

# What makes a default mask: a client masks every frame, a server none (section 5.1).
DEFAULT = object()


@dataclass
class Event:
    """Something the other end did: 'text', 'binary', 'pong', 'close' (code, data = reason),
    'eof' (it closed TCP; data b'reset' when reset), 'timeout' (nothing within the wait) or
    'bad' (it broke a rule; data says which)."""
    kind: str
    data: bytes = b""
    code: int = None
    compressed: bool = False

    def describe(self):
        if self.kind in ("text", "binary", "pong"):
            shown = self.data if len(self.data) <= 24 else self.data[:16] + b"..."
            extra = " deflated" if self.compressed else ""
            return f"{self.kind} {len(self.data)} B {shown!r}{extra}"
        if self.kind == "close":
            code = "no code" if self.code is None else str(self.code)
            return f"close {code}" + (f" {self.data!r}" if self.data else "")
        if self.kind == "eof":
            return "TCP reset" if self.data == b"reset" else "TCP closed"
        if self.kind == "bad":
            return "VIOLATION " + self.data.decode(errors="replace")
        if self.kind == "timeout":
            return "then nothing"
        return self.kind


class Peer:
    """role: what this end plays, 'server' (testing a client) or 'client' (testing a server).
    deflate: the agreed permessage-deflate Params, or None."""

    def __init__(self, sock, role, deflate=None, leftover=b""):
        self.sock = sock
        self.role = role
        self.deflate = deflate
        self.compressor = deflate.sender(role) if deflate else None
        self.decompressor = deflate.receiver(role) if deflate else None
        self.buf = bytearray(leftover)
        self.events = []  # every event, in order (sync pongs excepted)
        self.close_sent = False
        self.close_received = False
        self.close_code_received = None
        self.eof = False
        self.send_error = None
        self.pings_received = 0
        self._fragments = None  # (opcode, compressed, [payloads]) of a message in progress
        self._sync_count = 0
        self.wrote_fin = False
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    # ---- sending ----

    def frame(self, opcode, payload=b"", fin=True, rsv=0, mask=DEFAULT, **kw):
        if isinstance(payload, str):
            payload = payload.encode()
        if mask is DEFAULT:
            mask = True if self.role == "client" else None
        return F.encode(opcode, payload, fin=fin, rsv=rsv, mask=mask, **kw)

    def message_frames(self, opcode, data, compress=None, fragment_size=None):
        """A whole message as frames: compressed when deflate was agreed (unless
        compress=False), split into fragments of fragment_size bytes."""
        if isinstance(data, str):
            data = data.encode()
        compress = self.compressor is not None if compress is None else compress
        payload = self.compressor.compress(data) if compress else data
        size = fragment_size or max(len(payload), 1)
        pieces = [payload[i:i + size] for i in range(0, len(payload), size)] or [b""]
        out = []
        for i, piece in enumerate(pieces):
            out.append(self.frame(opcode if i == 0 else F.CONTINUATION, piece,
                                  fin=i == len(pieces) - 1,
                                  rsv=F.RSV1 if compress and i == 0 else 0))
        return out

    def send(self, *chunks, chop=None, timeout=10.0):
        """Writes the chunks: as one write (chop None), one write per chunk ('chunks'), one
        byte per write ('octets') or in writes of chop bytes. False when the other end
        stopped reading or closed (recorded in send_error)."""
        error = write(self.sock, chunks, chop, timeout)
        self.send_error = self.send_error or error
        return error is None

    def send_background(self, *chunks, chop=None):
        """send() on a thread of its own, through a duplicate of the socket (so that reads
        meanwhile keep their own timeouts): for volumes the other end echoes while they are
        still being written. join() the returned thread."""
        sock = self.sock.dup()

        def run():
            error = write(sock, chunks, chop, 30.0)
            sock.close()
            self.send_error = self.send_error or error

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def send_message(self, kind, data, **kw):
        return self.send(*self.message_frames(F.TEXT if kind == "text" else F.BINARY, data, **kw))

    def send_close(self, code=None, reason=b""):
        self.close_sent = True
        return self.send(self.frame(F.CLOSE, F.close_payload(code, reason)))

    def shutdown_write(self):
        """Sends FIN (the server ends TCP first after a closing handshake, section 7.1.1)."""
        if not self.wrote_fin:
            self.wrote_fin = True
            try:
                self.sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    # ---- receiving ----

    def _fill(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return "timeout"
        self.sock.settimeout(remaining)
        try:
            data = self.sock.recv(1 << 20)
        except socket.timeout:
            return "timeout"
        except ConnectionResetError:
            return "reset"
        except OSError:
            return "reset"
        if not data:
            return "eof"
        self.buf += data
        return None

    def read_frame(self, deadline):
        """The next frame, or 'eof' / 'reset' / 'timeout'."""
        while True:
            try:
                frame, used = F.decode(self.buf, MAX_RECEIVED_MESSAGE)
            except F.FrameTooLarge as e:
                return ("bad", str(e))
            if frame is not None:
                del self.buf[:used]
                return frame
            status = self._fill(deadline)
            if status:
                return status

    def next_event(self, timeout=3.0, record=True):
        """The next thing the other end did, with the frames it took checked. Pings are
        answered (section 5.5.2) and counted, not returned."""
        deadline = time.monotonic() + timeout
        while True:
            if self.eof:
                return self._record(Event("eof"), record)
            got = self.read_frame(deadline)
            if got == "timeout":
                return self._record(Event("timeout"), record)
            if got in ("eof", "reset"):
                self.eof = True
                return self._record(Event("eof", b"reset" if got == "reset" else b""), record)
            if isinstance(got, tuple):
                self.eof = True  # cannot resynchronise after a frame we refuse to read
                return self._record(Event("bad", got[1].encode()), record)
            event = self._on_frame(got)
            if event is not None:
                return self._record(event, record)

    def _record(self, event, record):
        if record:
            self.events.append(event)
        return event

    def _bad(self, why):
        return Event("bad", why.encode())

    def _on_frame(self, f):
        if self.close_received:
            return self._bad(f"frame (opcode {f.opcode}) after a close frame (section 5.5.1)")
        expect_masked = self.role == "server"
        if f.masked != expect_masked:
            return self._bad(("unmasked frame from a client" if expect_masked
                              else "masked frame from a server") + " (section 5.1)")
        if not f.minimal_length:
            return self._bad("length not in its minimal encoding (section 5.2)")
        allowed_rsv = F.RSV1 if (self.deflate and f.opcode in (F.TEXT, F.BINARY)) else 0
        if f.rsv & ~allowed_rsv:
            return self._bad(f"RSV bits {f.rsv:03b} set (section 5.2)")
        if F.is_control(f.opcode):
            if f.opcode not in (F.CLOSE, F.PING, F.PONG):
                return self._bad(f"reserved opcode {f.opcode} (section 5.2)")
            if not f.fin or len(f.payload) > F.MAX_CONTROL_PAYLOAD:
                return self._bad("fragmented or oversized control frame (section 5.5)")
            return self._on_control(f)
        if f.opcode not in (F.CONTINUATION, F.TEXT, F.BINARY):
            return self._bad(f"reserved opcode {f.opcode} (section 5.2)")
        if f.opcode == F.CONTINUATION:
            if self._fragments is None:
                return self._bad("continuation frame with no message to continue (section 5.4)")
            self._fragments[2].append(f.payload)
        else:
            if self._fragments is not None:
                return self._bad("new data frame inside a fragmented message (section 5.4)")
            self._fragments = (f.opcode, bool(f.rsv & F.RSV1), [f.payload])
        if not f.fin:
            return None
        opcode, compressed, parts = self._fragments
        self._fragments = None
        data = b"".join(parts)
        if compressed:
            try:
                data = self.decompressor.decompress(data, MAX_RECEIVED_MESSAGE)
            except DecompressError as e:
                return self._bad(f"compressed message does not inflate with the agreed "
                                 f"parameters: {e} (RFC 7692 section 7.2.2)")
        kind = "text" if opcode == F.TEXT else "binary"
        if kind == "text":
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                return self._bad("text message is not UTF-8 (section 8.1)")
        return Event(kind, data, compressed=compressed)

    def _on_control(self, f):
        if f.opcode == F.PING:
            self.pings_received += 1
            if not self.close_sent:
                self.send(self.frame(F.PONG, f.payload))
            return None
        if f.opcode == F.PONG:
            return Event("pong", f.payload)
        self.close_received = True
        self.close_code_received = f.close_code
        payload = f.payload
        if len(payload) == 1:
            return self._bad("close frame with a 1-byte body (section 5.5.1)")
        code = f.close_code
        if len(payload) > 2:
            try:
                payload[2:].decode("utf-8")
            except UnicodeDecodeError:
                return self._bad("close reason is not UTF-8 (section 5.5.1)")
        if code is not None and not valid_close_code(code):
            return self._bad(f"close code {code} may not be sent (section 7.4)")
        return Event("close", payload[2:], code=code)

    def sync(self, timeout=3.0):
        """Sends a ping and reads until its pong, so that what was sent before has been
        processed by the other end. Events met on the way are recorded; False (and the event
        recorded) when the connection ended or nothing came instead."""
        self._sync_count += 1
        token = f"sync-{self._sync_count}".encode()
        if not self.send(self.frame(F.PING, token)):
            return False
        while True:
            event = self.next_event(timeout, record=False)
            if event.kind == "pong" and event.data == token:
                return True
            self.events.append(event)
            if event.kind in ("close", "eof", "timeout", "bad"):
                return False

    def close_socket(self):
        try:
            self.sock.close()
        except OSError:
            pass


def write(sock, chunks, chop, timeout):
    """The chunks in the TCP writes chop asks for (see Peer.send); None or what failed."""
    data = b"".join(chunks)
    if chop is None:
        pieces = [data]
    elif chop == "chunks":
        pieces = list(chunks)
    elif chop == "octets":
        pieces = [data[i:i + 1] for i in range(len(data))]
    else:
        pieces = [data[i:i + chop] for i in range(0, len(data), chop)]
    sock.settimeout(timeout)
    try:
        for piece in pieces:
            sock.sendall(piece)
        return None
    except (OSError, socket.timeout) as e:
        return f"{type(e).__name__}: {e}"


def valid_close_code(code):
    """Section 7.4: what a close frame may carry. 1000-1003, 1007-1011 (section 7.4.1), the
    IANA registrations since (1012 Service Restart, 1013 Try Again Later, 1014 Bad Gateway),
    3000-4999 (registered and private use). 1004-1006 and 1015 are reserved or never sent on
    the wire, the rest of 1000-2999 is reserved for this protocol, 0-999 and 5000+ are not
    used."""
    return code in (1000, 1001, 1002, 1003) or 1007 <= code <= 1014 or 3000 <= code <= 4999
