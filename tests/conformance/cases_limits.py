"""Section 9 of the Autobahn case list: large messages, many fragments, many messages,
scaled down (4 MiB fragmented messages become 1 MiB, 1000 round trips stay) so that the whole
run fits its time budget; and the message size limit (RFC 6455 section 7.4.1, code 1009).

Both implementations accept messages of up to 16 MiB by default (wsclient's
client_options::max_message_bytes; the demo server's --max-message-bytes is issue 7's defect
10), so 16 MiB must be echoed and one byte more refused."""

import zlib

import frames as F
from case import Case
from closing import binary, finish_clean, send_and_fail, text

KIB = 1024
MIB = 1024 * KIB
LIMIT = 16 * MIB

# Autobahn's numbering; its 8 MiB case (9.x.5) is left out for time.
SIZES = {1: 64 * KIB, 2: 256 * KIB, 3: MIB, 4: 4 * MIB, 6: 16 * MIB}
FRAGMENTED_TOTAL = MIB
FRAGMENT_SIZES = [64, 256, KIB, 4 * KIB, 16 * KIB, 64 * KIB, 256 * KIB, MIB]
CHOP_SIZES = [64, 128, 256, 512, 1024, 2048]
ROUND_TRIP_SIZES = [0, 16, 64, 256, 1024, 4096]
ROUND_TRIPS = 1000


def _size(n):
    return f"{n // MIB} MiB" if n >= MIB and n % MIB == 0 else (
        f"{n // KIB} KiB" if n >= KIB and n % KIB == 0 else f"{n} B")


def _echo_big(peer, opcode, data, fragment_size=None, chop=None):
    make = text if opcode == F.TEXT else binary
    thread = peer.send_background(*peer.message_frames(opcode, data, compress=False,
                                                        fragment_size=fragment_size), chop=chop)
    peer.next_event(timeout=30.0)
    thread.join()
    return finish_clean(peer, [make(data)])


def _round_trips(peer, opcode, size):
    """Autobahn 9.7/9.8: each message waits for the previous one's echo."""
    data = (b"*" if opcode == F.TEXT else b"\xfe") * size
    frame = peer.frame(opcode, data)
    for _ in range(ROUND_TRIPS):
        if not peer.send(frame) or peer.next_event().kind not in ("text", "binary"):
            break
    make = text if opcode == F.TEXT else binary
    return finish_clean(peer, [make(data)] * ROUND_TRIPS)


def _over_limit(peer, frames_):
    """Refused with 1009, possibly while it is still being written (section 7.4.1)."""
    thread = peer.send_background(*frames_)
    verdict = send_and_fail(peer, codes=(1009,))
    thread.join()
    return verdict


def _inflating_over_limit(peer):
    """A deflated message of a few KiB that inflates past the limit (a deflate bomb)."""
    if peer.deflate is None:
        return send_and_fail(peer, codes=(1009,))  # judged: not negotiated is a failure
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = z.compress(bytes(LIMIT + 1)) + z.flush(zlib.Z_SYNC_FLUSH)
    return send_and_fail(peer, peer.frame(F.BINARY, payload[:-4], rsv=F.RSV1), codes=(1009,))


def cases():
    cases = []
    for group, kind, opcode, fill in ((1, "text", F.TEXT, b"*"), (2, "binary", F.BINARY, b"\xfe")):
        for i, size in SIZES.items():
            cases.append(Case(f"9.{group}.{i}", f"{kind} message of {_size(size)}",
                              "echoed (within the 16 MiB limit)",
                              lambda p, o=opcode, f=fill, n=size: _echo_big(p, o, f * n),
                              slow=size >= 4 * MIB))
    for group, kind, opcode, fill in ((3, "text", F.TEXT, b"*"), (4, "binary", F.BINARY, b"\xfe")):
        for i, size in enumerate(FRAGMENT_SIZES, 1):
            cases.append(Case(
                f"9.{group}.{i}", f"{kind} message of {_size(FRAGMENTED_TOTAL)} in fragments "
                f"of {_size(size)}", "echoed as one message (section 5.4)",
                lambda p, o=opcode, f=fill, s=size: _echo_big(p, o, f * FRAGMENTED_TOTAL, s)))
    for group, kind, opcode, fill in ((5, "text", F.TEXT, b"*"), (6, "binary", F.BINARY, b"\xfe")):
        for i, size in enumerate(CHOP_SIZES, 1):
            cases.append(Case(
                f"9.{group}.{i}", f"{kind} message of {_size(MIB)} in TCP writes of {size} B",
                "echoed", lambda p, o=opcode, f=fill, s=size: _echo_big(p, o, f * MIB, chop=s)))
    for group, kind, opcode in ((7, "text", F.TEXT), (8, "binary", F.BINARY)):
        for i, size in enumerate(ROUND_TRIP_SIZES, 1):
            cases.append(Case(
                f"9.{group}.{i}", f"{ROUND_TRIPS} {kind} messages of {size} B, one at a time",
                "each echoed in order", lambda p, o=opcode, s=size: _round_trips(p, o, s)))
    cases += [
        Case("9.over-limit", "a binary message of 16 MiB + 1 byte",
             "fails, close 1009 (section 7.4.1)",
             lambda p: _over_limit(p, [p.frame(F.BINARY, bytes(LIMIT + 1))])),
        Case("9.over-limit-fragmented", "16 MiB + 1 byte in fragments of 1 MiB",
             "fails, close 1009, counted across fragments",
             lambda p: _over_limit(p, p.message_frames(F.BINARY, bytes(LIMIT + 1),
                                                       compress=False, fragment_size=MIB))),
        Case("9.over-limit-header", "a frame header announcing 2^62 bytes, and no more",
             "fails at the header, close 1009, without waiting for the payload",
             lambda p: send_and_fail(p, p.frame(F.BINARY, b"", length_size=8,
                                                declared_length=1 << 62), codes=(1009,))),
        Case("9.over-limit-inflated", "a deflated message of 16 KiB inflating to 16 MiB + 1",
             "fails, close 1009: the limit applies after decompression (RFC 7692 section 8.1)",
             _inflating_over_limit, deflate="default"),
    ]
    return cases

