"""The round loop: every scenario, every case, every peer once per round (round 1: every peer,
round 2: every peer, ...), so that a change of the machine's load hits every peer alike. The
load average is recorded before and after each round."""

import os
import sys
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    """One configuration a scenario measures every peer at (a message size, a count...)."""
    label: str  # "20 B"
    size: int = None  # bytes per message, where that is what varies
    params: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Ratio:
    """A line of the report the issue's goals name: numerator's figure / denominator's."""
    numerator: str
    denominator: str


class Scenario:
    """What a scenario file defines. Subclasses set the attributes and implement the methods;
    scenarios/__init__.py lists them."""
    name = ""  # "client_recv"
    title = ""  # a heading for the report
    goal = ""  # the goal of the issue this scenario answers
    method = ""  # how it is measured (for the report and docs/benchmarks.md)
    metric = ""  # the figure the summary shows ("cpu_per_message")
    unit = ""  # its unit ("µs/message")
    peers = []  # peers.Peer, in report order
    ratios = []  # Ratio

    def cases(self, quick):
        """The cases to measure (tiny counts when quick)."""
        raise NotImplementedError

    def start(self, ctx):
        """Starts what the scenario needs for all rounds (servers)."""

    def stop(self):
        """Stops what start() started."""

    def measure(self, ctx, peer, case):
        """Measures one peer at one case once: returns {metric: (value, unit)} plus any raw
        figures ({"user_s": (..., "s"), ...}). Raises on failure."""
        raise NotImplementedError


@dataclass
class Context:
    bin_dir: str
    quick: bool
    log: callable = print


def rotated(items, by):
    """Each round starts with another peer, so that no peer always runs right after the same
    one."""
    by %= max(len(items), 1)
    return items[by:] + items[:by]


def run(scenarios, ctx, rounds):
    """Runs every scenario's cases for every peer, `rounds` times interleaved. Returns the
    figures, the failures and the per-round load averages."""
    figures, failures, loads = [], [], []
    started = []
    try:
        for s in scenarios:
            s.start(ctx)
            started.append(s)
        for r in range(1, rounds + 1):
            before = os.getloadavg()
            t0 = time.monotonic()
            for s in scenarios:
                for case in s.cases(ctx.quick):
                    for peer in rotated(s.peers, r - 1):
                        where = f"round {r} {s.name} {case.label} {peer.name}"
                        try:
                            values = s.measure(ctx, peer, case)
                        except Exception as e:  # noqa: BLE001 - reported, the suite goes on
                            failures.append({"scenario": s.name, "peer": peer.name,
                                             "case": case.label, "round": r, "error": str(e)})
                            ctx.log(f"{where}: FAILED {e}")
                            continue
                        for metric, (value, unit) in values.items():
                            figures.append({"scenario": s.name, "peer": peer.name,
                                            "case": case.label, "size": case.size, "round": r,
                                            "metric": metric, "value": value, "unit": unit})
                        main = values[s.metric]
                        ctx.log(f"{where}: {main[0]:.4g} {main[1]}")
            loads.append({"round": r, "load_before": [round(x, 2) for x in before],
                          "load_after": [round(x, 2) for x in os.getloadavg()],
                          "seconds": round(time.monotonic() - t0, 1)})
    finally:
        for s in started:
            s.stop()
    return figures, failures, loads


def missing(scenarios, figures, quick):
    """(scenario, case, peer) with no figure of the scenario's main metric."""
    have = {(f["scenario"], f["case"], f["peer"]) for f in figures
            if any(f["metric"] == s.metric for s in scenarios if s.name == f["scenario"])}
    return [(s.name, c.label, p.name) for s in scenarios for c in s.cases(quick) for p in s.peers
            if (s.name, c.label, p.name) not in have]


def log(message):
    print(message, file=sys.stderr, flush=True)
