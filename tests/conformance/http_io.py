"""Reading an HTTP/1.1 head off a raw socket, bounded in size and time."""

import socket
import time

from handshake import parse_head


class HeadError(Exception):
    pass


def read_head(sock, deadline, limit=64 * 1024):
    """The head up to its empty line, parsed, and the bytes read past it. Raises HeadError
    when the connection ends, the deadline passes or the head exceeds limit bytes."""
    data = bytearray()
    while True:
        end = data.find(b"\r\n\r\n")
        if end >= 0:
            return parse_head(bytes(data[:end + 4])), bytes(data[end + 4:])
        if len(data) > limit:
            raise HeadError(f"head longer than {limit} bytes")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise HeadError("no complete head in time")
        sock.settimeout(remaining)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            raise HeadError("no complete head in time") from None
        except OSError as e:
            raise HeadError(f"connection failed: {e}") from None
        if not chunk:
            raise HeadError(f"connection closed after {len(data)} bytes of head")
        data += chunk


def read_until_closed(sock, deadline, limit=1 << 20):
    """What the other end sends until it closes, the deadline or limit bytes:
    (data, 'eof' | 'reset' | 'timeout' | 'limit')."""
    data = bytearray()
    while len(data) < limit:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return bytes(data), "timeout"
        sock.settimeout(remaining)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return bytes(data), "timeout"
        except OSError:
            return bytes(data), "reset"
        if not chunk:
            return bytes(data), "eof"
        data += chunk
    return bytes(data), "limit"
