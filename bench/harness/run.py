#!/usr/bin/python3
"""The wsclient benchmark suite's orchestrator (stdlib only). scripts/bench.sh installs the
peers, builds the programs and calls this; docs/benchmarks.md describes the scenarios.

  run.py --bin-dir DIR [--quick] [--rounds N] [--only S[,S]] [--out DIR] [--readme FILE]

Writes results.json (every raw figure) and report.md (+ plots/) into --out. Exits 1 when a
peer of a scenario has no figure (what the smoke test checks)."""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import peers  # noqa: E402
import report  # noqa: E402
import suite  # noqa: E402
from processes import pinning_available  # noqa: E402
from scenarios import PENDING, SCENARIOS  # noqa: E402


def first_line(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def host_info():
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    root = os.path.dirname(peers.BENCH_DIR)
    ws_version = "not installed"
    ws_package = os.path.join(peers.BENCH_DIR, "node", "node_modules", "ws", "package.json")
    if os.path.exists(ws_package):
        with open(ws_package, encoding="utf-8") as f:
            ws_version = json.load(f)["version"]
    dirty = first_line(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"])
    return {
        "cpu": cpu, "cpus": os.cpu_count(), "kernel": platform.release(),
        "commit": first_line(["git", "-C", root, "rev-parse", "--short", "HEAD"])
        + ("+changes" if dirty else ""),
        "node": first_line([peers.NODE, "--version"]), "ws": ws_version,
        "python": first_line([peers.PYTHON, "--version"]),
        "python_websockets": first_line([peers.PYTHON, "-c",
                                         "import websockets; print(websockets.__version__)"]),
        "python_aiohttp": first_line([peers.PYTHON, "-c",
                                      "import aiohttp; print(aiohttp.__version__)"]),
    }


def write_results(path, run):
    """results.json: indented, but one line per figure (there are hundreds)."""
    rest = json.dumps({k: v for k, v in run.items() if k != "figures"}, indent=1,
                      ensure_ascii=False)
    figures = ",\n  ".join(json.dumps(f, ensure_ascii=False) for f in run["figures"])
    with open(path, "w", encoding="utf-8") as f:
        f.write(rest[:-2] + ',\n "figures": [\n  ' + figures + "\n ]\n}\n")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--bin-dir", required=True, help="where bench-* programs are")
    p.add_argument("--quick", action="store_true", help="tiny counts, 1 round: a smoke run")
    p.add_argument("--rounds", type=int, default=None, help="interleaved rounds (default 3)")
    p.add_argument("--only", default="", help="comma-separated scenario names")
    p.add_argument("--out", required=True, help="folder for results.json, report.md, plots/")
    p.add_argument("--invoked-as", default="", help="the command to name in the report")
    args = p.parse_args()

    known = {s.name: s for s in SCENARIOS}
    wanted = [n for n in args.only.split(",") if n] or list(known)
    unknown = [n for n in wanted if n not in known]
    if unknown:
        pending = {x.name for x in PENDING}
        for n in unknown:
            why = "not yet measured" if n in pending else "unknown"
            print(f"run.py: scenario {n}: {why} (measured: {', '.join(known)})", file=sys.stderr)
        return 2
    scenarios = [known[n] for n in wanted]
    rounds = args.rounds or (1 if args.quick else 3)
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    ctx = suite.Context(bin_dir=os.path.abspath(args.bin_dir), quick=args.quick, log=suite.log)
    host = host_info()  # before the run: the commit measured, not one made meanwhile
    figures, failures, loads = suite.run(scenarios, ctx, rounds)
    run = {
        "schema": 1,
        "started": started,
        "command": (args.invoked_as or " ".join(sys.argv)).strip(),
        "settings": {"rounds": rounds, "quick": args.quick, "pinned": pinning_available(),
                     "send_window_bytes": peers.SEND_WINDOW_BYTES},
        "host": host,
        "loads": loads,
        "figures": figures,
        "failures": failures,
        "pending": [{"scenario": x.name, "goal": x.goal, "status": "not yet measured"}
                    for x in PENDING],
    }
    os.makedirs(args.out, exist_ok=True)
    write_results(os.path.join(args.out, "results.json"), run)
    summary = report.write(args.out, run, scenarios, PENDING, args.quick)
    print("\n".join(summary))
    gaps = suite.missing(scenarios, figures, args.quick)
    for g in gaps:
        print(f"run.py: no figure for {' '.join(g)}", file=sys.stderr)
    if gaps:
        print("run.py: a peer that is not installed? scripts/bench.sh --install-only installs "
              "them", file=sys.stderr)
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
