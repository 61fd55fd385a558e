"""A conformance case: what it does, what RFC 6455 requires of the other end, and which
implementations it applies to."""

from dataclasses import dataclass
from typing import Callable

# The two implementations under test, named by what they are.
CLIENT = "client"  # wsclient-cli, tested by a raw server
SERVER = "server"  # the demo server's /echo, tested by a raw client
BOTH = (CLIENT, SERVER)


@dataclass
class Case:
    """id: the Autobahn case number where there is one ('7.9.1'), else section.topic.
    expected: what the other end must do, with the RFC section.
    run: for kind 'ws', run(peer) -> Verdict on an open connection; for kind 'raw',
    run(target, case_id) -> Verdict with the side's own target object (handshake cases);
    for kind 'self' (the self-test), run() -> Verdict.
    deflate: the permessage-deflate offer (testing the server) or answer (testing the
    client); 'default' for the usual one; None: not negotiated.
    cli_args: extra wsclient-cli arguments (testing the client).
    cli_check: cli_check(run, verdict) judges what wsclient-cli printed, after the case."""
    id: str
    title: str
    expected: str
    run: Callable
    sides: tuple = BOTH
    kind: str = "ws"
    deflate: str = None
    cli_args: tuple = ()
    cli_check: Callable = None
    # Takes seconds (large messages, waits a server asks for): scheduled first.
    slow: bool = False
