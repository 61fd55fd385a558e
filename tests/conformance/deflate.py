"""permessage-deflate (RFC 7692) on zlib: the negotiated parameters, the rules a response to
an offer must follow, and a compressor and decompressor per direction."""

import zlib
from dataclasses import dataclass

from handshake import parse_extensions

NAME = "permessage-deflate"

# Section 7.2.1: each compressed message ends with an empty stored block's tail, which the
# sender removes and the receiver appends again.
_TAIL = b"\x00\x00\xff\xff"


def _window_bits(value):
    """Section 7.1.2: 8-15 as decimal digits without leading zeros; None when invalid."""
    if value is None or not value.isdigit() or value != str(int(value)):
        return None
    bits = int(value)
    return bits if 8 <= bits <= 15 else None


@dataclass
class Params:
    """What was agreed: how each side compresses."""
    server_no_context_takeover: bool = False
    client_no_context_takeover: bool = False
    server_max_window_bits: int = 15
    client_max_window_bits: int = 15

    def sender(self, role):
        """The compressor of the endpoint in this role ('client' or 'server')."""
        if role == "server":
            return Compressor(self.server_max_window_bits, self.server_no_context_takeover)
        return Compressor(self.client_max_window_bits, self.client_no_context_takeover)

    def receiver(self, role):
        """The decompressor of the endpoint in this role, for what the other side sends."""
        if role == "server":
            return Decompressor(self.client_max_window_bits, self.client_no_context_takeover)
        return Decompressor(self.server_max_window_bits, self.server_no_context_takeover)


def response_problems(response_value, offer_value):
    """Why a client must fail the connection for this Sec-WebSocket-Extensions response to
    its offer (RFC 7692 section 7.1 and section 5.1), or [] with the Params agreed (None
    when permessage-deflate was not accepted)."""
    try:
        answered = [e for e in parse_extensions(response_value or "") if e[0] == NAME]
        offers = [p for n, p in parse_extensions(offer_value or "") if n == NAME]
    except ValueError as e:
        return [str(e)], None
    if not answered:
        return [], None
    if len(answered) > 1:
        return ["permessage-deflate accepted more than once"], None
    if not offers:
        return ["permessage-deflate was not offered"], None
    params_list = answered[0][1]
    names = [n for n, _ in params_list]
    problems = [f"parameter {n} repeated" for n in sorted(set(names)) if names.count(n) > 1]
    agreed = Params()
    for name, value in params_list:
        if name in ("server_no_context_takeover", "client_no_context_takeover"):
            if value is not None:
                problems.append(f"{name} has a value")
            setattr(agreed, name, True)
        elif name in ("server_max_window_bits", "client_max_window_bits"):
            bits = _window_bits(value)
            if bits is None:
                problems.append(f"{name}={value} is not 8-15")
            else:
                setattr(agreed, name, bits)
        else:
            problems.append(f"unknown parameter {name}")
    # The response must answer one of the offers (section 5: the server picks one).
    reasons = [_mismatch(dict(offer), names, agreed) for offer in offers]
    if all(reasons):
        problems.append(reasons[0])
    return problems, (None if problems else agreed)


def _mismatch(offer, response_names, agreed):
    if "client_max_window_bits" in response_names and "client_max_window_bits" not in offer:
        return "client_max_window_bits in the response but not in the offer (section 7.1.2.2)"
    offered_server_bits = _window_bits(offer.get("server_max_window_bits"))
    if offered_server_bits is not None:
        # Leaving it out means 15: the same as accepting an offer of 15.
        if "server_max_window_bits" not in response_names and offered_server_bits < 15:
            return "server_max_window_bits offered but not acknowledged (section 7.1.2.1)"
        if agreed.server_max_window_bits > offered_server_bits:
            return "server_max_window_bits larger than offered (section 7.1.2.1)"
    if "server_no_context_takeover" in offer and not agreed.server_no_context_takeover:
        return "server_no_context_takeover offered but not acknowledged (section 7.1.1.1)"
    return ""


def offer_problems(offer_value):
    """What is wrong with a client's permessage-deflate offers (section 7.1)."""
    problems = []
    try:
        offers = [p for n, p in parse_extensions(offer_value or "") if n == NAME]
    except ValueError as e:
        return [str(e)]
    for params in offers:
        for name, value in params:
            if name in ("server_no_context_takeover", "client_no_context_takeover"):
                if value is not None:
                    problems.append(f"{name} has a value")
            elif name == "server_max_window_bits":
                if _window_bits(value) is None:
                    problems.append(f"server_max_window_bits={value} is not 8-15")
            elif name == "client_max_window_bits":
                if value is not None and _window_bits(value) is None:
                    problems.append(f"client_max_window_bits={value} is not 8-15")
            else:
                problems.append(f"unknown parameter {name}")
    return problems


class Compressor:
    def __init__(self, window_bits=15, no_context_takeover=False):
        # zlib cannot write raw deflate with an 8-bit window; 9 is the smallest it honours.
        self.window_bits = max(window_bits, 9)
        self.no_context_takeover = no_context_takeover
        self._z = None

    def compress(self, data):
        """One message's payload (section 7.2.1), sharing the window with earlier messages
        unless no_context_takeover."""
        if self._z is None or self.no_context_takeover:
            self._z = zlib.compressobj(6, zlib.DEFLATED, -self.window_bits)
        out = self._z.compress(data) + self._z.flush(zlib.Z_SYNC_FLUSH)
        assert out.endswith(_TAIL)
        return out[:-len(_TAIL)]


class DecompressError(Exception):
    pass


class Decompressor:
    def __init__(self, window_bits=15, no_context_takeover=False):
        self.window_bits = window_bits
        self.no_context_takeover = no_context_takeover
        self._z = None

    def decompress(self, data, limit=1 << 30):
        """Section 7.2.2; raises DecompressError for data a window of window_bits cannot
        inflate (a peer that used a larger window or kept a context it agreed to drop)."""
        if self._z is None or self.no_context_takeover:
            # zlib cannot inflate with an 8-bit window either; 9 accepts everything 8 makes.
            self._z = zlib.decompressobj(-max(self.window_bits, 9))
        try:
            out = self._z.decompress(data + _TAIL, limit)
        except zlib.error as e:
            raise DecompressError(str(e)) from e
        if self._z.unconsumed_tail:
            raise DecompressError(f"inflates to more than {limit} bytes")
        return out
