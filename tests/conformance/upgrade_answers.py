"""Answers a raw server gives to a client's upgrade request, each a function (conn, key)
that writes it: valid, dripped, missing a field, a status with a body, or without end."""

import time

import frames as F
import handshake as H

# How much of an endless answer is written before giving up on the client stopping it.
ENDLESS_LIMIT = 16 << 20


def upgrade(**kw):
    return lambda conn, key: conn.sendall(H.build_response(key, **kw))


def upgrade_and_probe(conn, key):
    conn.sendall(H.build_response(key) + F.encode(F.TEXT, b"probe"))


def dripped(conn, key):
    data = H.build_response(key)
    for i in range(len(data)):
        conn.sendall(data[i:i + 1])


def without(name):
    def answer(conn, key):
        head = H.build_response(key).decode().split("\r\n")
        conn.sendall("\r\n".join(l for l in head if not l.startswith(name)).encode())
    return answer


def status(status_line, headers=(), body=b""):
    def answer(conn, key):
        lines = [status_line, *headers, f"Content-Length: {len(body)}", "", ""]
        conn.sendall("\r\n".join(lines).encode() + body)
    return answer


def _stream_until_stopped(conn, first, piece):
    """Writes first, then piece again and again, until the client stops reading (closes) or
    ENDLESS_LIMIT bytes or 5 s: what it takes to refuse something without an end."""
    deadline = time.monotonic() + 5.0
    sent = 0
    conn.settimeout(1.0)
    try:
        conn.sendall(first)
        while sent < ENDLESS_LIMIT and time.monotonic() < deadline:
            conn.sendall(piece)
            sent += len(piece)
    except OSError:
        pass


def endless_headers(conn, key):
    head = H.build_response(key)[:-2]  # without the final empty line
    _stream_until_stopped(conn, head, b"X-Filler: " + b"f" * 1000 + b"\r\n")


def large_body(status_line, headers=()):
    def answer(conn, key):
        head = "\r\n".join([status_line, *headers, f"Content-Length: {100 << 20}", "", ""])
        _stream_until_stopped(conn, head.encode(), b"x" * 65536)
    return answer


def endless_chunks(status_line):
    def answer(conn, key):
        head = "\r\n".join([status_line, "Transfer-Encoding: chunked", "", ""])
        _stream_until_stopped(conn, head.encode(), b"1000\r\n" + b"y" * 4096 + b"\r\n")
    return answer


def half_head(conn, key):
    conn.sendall(H.build_response(key)[:30])
