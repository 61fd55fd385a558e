"""The issue's scenarios that are not measured yet: the report lists each with its goal and
"not yet measured". Implementing one means a file like client_recv.py (a Scenario subclass
with cases/start/stop/measure) added to scenarios/__init__.py, and its entry removed here."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Pending:
    name: str
    title: str
    goal: str


PENDING = [
    Pending("idle_clients", "1,000 idle clients",
            "1,000 default-constructed clients: threads per client, memory per client, idle CPU "
            "vs Node's 1,000 idle connections (pings off), cost per ping"),
    Pending("counter_fanout", "/counter fan-out",
            "/counter fan-out to 5,000 subscribers (p99 to last subscriber, deliveries/s) vs the "
            "same endpoint in Node ws"),
    Pending("server_idle", "10,000 idle connections on the demo server",
            "10,000 idle connections on the demo server (user-space bytes each, with and without "
            "deflate)"),
    Pending("wasm_vs_js", "wasm client vs plain JS WebSocket",
            "wasm client vs plain JS WebSocket in the same page (Chromium, page reports its "
            "figures back)"),
    Pending("reconnect_herd", "Reconnect herd",
            "200 clients dropped at once (time until all open again, worst 100 ms window share), "
            "and server killed and back after 0.2 s"),
]
