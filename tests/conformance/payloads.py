"""Deterministic payloads: the same bytes every run, so that a result can be reproduced."""

import hashlib

# Autobahn's UTF-8 sample word: "kosme" in Greek, 2- and 3-byte sequences.
KOSME = "\u03ba\u1f79\u03c3\u03bc\u03b5".encode()


def random_bytes(n, seed):
    """Incompressible bytes (SHA-256 in counter mode)."""
    out = bytearray()
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return bytes(out[:n])


def ascii_text(n, seed=0):
    """Printable ASCII that compresses like prose: words from a small vocabulary."""
    words = [b"lorem", b"ipsum", b"dolor", b"sit", b"amet", b"consectetur", b"adipiscing",
             b"elit", b"sed", b"do", b"eiusmod", b"tempor", b"incididunt", b"labore"]
    noise = random_bytes(max(n // 3, 16), seed)
    out = bytearray()
    i = 0
    while len(out) < n:
        out += words[noise[i % len(noise)] % len(words)] + b" "
        i += 1
    return bytes(out[:n])


def utf8_text(n):
    """Valid UTF-8 of exactly n bytes mixing 1-, 2-, 3- and 4-byte sequences."""
    unit = "a\u00e9\u20ac\U0001f600".encode()  # 1 + 2 + 3 + 4 bytes
    out = unit * (n // len(unit))
    return out + b"a" * (n - len(out))


def json_text(n):
    """Repetitive JSON records (compresses very well)."""
    out = bytearray(b"[")
    i = 0
    while len(out) < n:
        out += b'{"id":%d,"name":"item-%d","active":true},' % (i, i % 97)
        i += 1
    return bytes(out[:n])
