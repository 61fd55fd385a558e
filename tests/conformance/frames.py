"""RFC 6455 section 5 frames, encoded and decoded with exact control over every bit.

The encoder writes what it is told, including what a conforming endpoint must never send
(RSV bits, reserved opcodes, non-minimal or oversized length encodings, masks in the wrong
direction): the conformance cases need those bytes on the wire. The decoder is strict and
says what it saw, so that a case can judge the peer's frames.
"""

import os
import struct
from dataclasses import dataclass

# Section 5.2 opcodes.
CONTINUATION = 0x0
TEXT = 0x1
BINARY = 0x2
CLOSE = 0x8
PING = 0x9
PONG = 0xA

# RSV1, RSV2, RSV3 as the 3-bit value the encoder takes (RSV1 is permessage-deflate's bit).
RSV1 = 4
RSV2 = 2
RSV3 = 1

# Section 5.5: control frames carry at most 125 bytes and are never fragmented.
MAX_CONTROL_PAYLOAD = 125


def is_control(opcode):
    return opcode & 0x8 != 0


def apply_mask(data, key):
    """Section 5.3: octet i is XORed with key[i % 4] (its own inverse)."""
    if not data:
        return b""
    n = len(data)
    # One big-integer XOR instead of a Python loop: megabytes per millisecond.
    repeated = (key * (n // 4 + 1))[:n]
    value = int.from_bytes(data, "little") ^ int.from_bytes(repeated, "little")
    return value.to_bytes(n, "little")


def encode(opcode, payload=b"", fin=True, rsv=0, mask=None, length_size=None,
           declared_length=None):
    """One frame as bytes.

    mask: None (unmasked), True (a random key) or a 4-byte key.
    length_size: None for the minimal encoding (section 5.2 requires it of senders), or 0, 2
    or 8 to force the 7-bit, 16-bit or 64-bit form.
    declared_length: a length to announce instead of len(payload) (for frames that lie).
    """
    payload = bytes(payload)
    length = len(payload) if declared_length is None else declared_length
    first = (0x80 if fin else 0) | ((rsv & 7) << 4) | (opcode & 0xF)
    if length_size is None:
        length_size = 0 if length < 126 else (2 if length < 65536 else 8)
    mask_bit = 0x80 if mask is not None else 0
    if length_size == 0:
        header = bytes([first, mask_bit | length])
    elif length_size == 2:
        header = bytes([first, mask_bit | 126]) + struct.pack("!H", length)
    else:
        header = bytes([first, mask_bit | 127]) + struct.pack("!Q", length)
    if mask is None:
        return header + payload
    key = os.urandom(4) if mask is True else bytes(mask)
    return header + key + apply_mask(payload, key)


def close_payload(code=None, reason=b""):
    """Section 5.5.1: a 2-byte code in network order, then the reason; empty without a code."""
    if code is None:
        return b""
    if isinstance(reason, str):
        reason = reason.encode()
    return struct.pack("!H", code) + reason


@dataclass
class Frame:
    fin: bool
    rsv: int
    opcode: int
    masked: bool
    payload: bytes  # unmasked
    length_size: int  # 0, 2 or 8: the length form on the wire
    minimal_length: bool  # section 5.2: the minimal number of bytes was used
    wire_size: int

    @property
    def close_code(self):
        return struct.unpack("!H", self.payload[:2])[0] if len(self.payload) >= 2 else None

    @property
    def close_reason(self):
        return self.payload[2:]


# Section 5.2: the 7-bit length 126 or 127 announces a 16- or 64-bit length, which must
# then be one the shorter forms cannot hold. {marker: (size, struct layout, smallest)}.
_EXTENDED_LENGTHS = {126: (2, "!H", 126), 127: (8, "!Q", 65536)}


class FrameTooLarge(Exception):
    """The peer announced a frame larger than the decoder accepts."""


def decode(buffer, max_payload=1 << 30):
    """The first frame of buffer and the number of bytes it used, or (None, 0) when
    incomplete. Raises FrameTooLarge for an announced length above max_payload or with the
    most significant bit set (section 5.2)."""
    if len(buffer) < 2:
        return None, 0
    b0, b1 = buffer[0], buffer[1]
    masked = bool(b1 & 0x80)
    length = b1 & 0x7F
    pos, length_size, minimal = 2, 0, True
    if length in _EXTENDED_LENGTHS:
        length_size, layout, smallest = _EXTENDED_LENGTHS[length]
        if len(buffer) < 2 + length_size:
            return None, 0
        length = struct.unpack_from(layout, buffer, 2)[0]
        pos = 2 + length_size
        minimal = length >= smallest
    if length > max_payload:
        raise FrameTooLarge(f"frame announces {length} bytes")
    key = b""
    if masked:
        if len(buffer) < pos + 4:
            return None, 0
        key = bytes(buffer[pos:pos + 4])
        pos += 4
    if len(buffer) < pos + length:
        return None, 0
    payload = bytes(buffer[pos:pos + length])
    if masked:
        payload = apply_mask(payload, key)
    frame = Frame(fin=bool(b0 & 0x80), rsv=(b0 >> 4) & 7, opcode=b0 & 0xF, masked=masked,
                  payload=payload, length_size=length_size, minimal_length=minimal,
                  wire_size=pos + length)
    return frame, pos + length
