"""The clients the suite compares, and how to start each. Every client takes the same command
line (MODE URL SIZE COUNT [--window BYTES]) and prints the same JSON line (phase_meter)."""

import os
from dataclasses import dataclass

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHON = "/usr/bin/python3"  # Debian's, which sees python3-websockets and python3-aiohttp
NODE = "node"

# What a sender may queue before it waits (for clients whose API needs the caller to bound it).
SEND_WINDOW_BYTES = 4 << 20


@dataclass(frozen=True)
class Peer:
    name: str  # the key in results.json
    label: str  # what the report calls it
    program: tuple  # the command before MODE URL SIZE COUNT
    # Python clients are slow enough that the suite would take too long at full counts: they
    # get this fraction of the messages (CPU per message stays comparable; their runs still
    # last about as long as wsclient's).
    count_divisor: int = 1

    def command(self, bin_dir, mode, url, size, count):
        program = [os.path.join(bin_dir, p) if p.startswith("bench-") else p for p in self.program]
        return [*program, mode, url, str(size), str(count), "--window", str(SEND_WINDOW_BYTES)]


def _script(*parts):
    return os.path.join(BENCH_DIR, *parts)


WSCLIENT = Peer("wsclient", "wsclient", ("bench-wsclient-client",))
BEAST_ASYNC = Peer("beast-async", "Beast async loop", ("bench-beast-client", "--io", "async"))
BEAST_SYNC = Peer("beast-sync", "Beast sync loop", ("bench-beast-client", "--io", "sync"))
NODE_WS = Peer("node-ws", "Node ws", (NODE, _script("node", "ws_client.mjs")))
PY_WEBSOCKETS = Peer("python-websockets", "Python websockets",
                     (PYTHON, _script("python", "websockets_client.py")), count_divisor=5)
PY_AIOHTTP = Peer("python-aiohttp", "Python aiohttp",
                  (PYTHON, _script("python", "aiohttp_client.py")), count_divisor=5)
RAW_TCP = Peer("raw-tcp", "raw TCP (floor)", ("bench-raw-tcp-client",))

CLIENTS = [WSCLIENT, BEAST_SYNC, BEAST_ASYNC, NODE_WS, PY_WEBSOCKETS, PY_AIOHTTP, RAW_TCP]
