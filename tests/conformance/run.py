#!/usr/bin/python3
"""The conformance harness: RFC 6455 / RFC 7692 cases against wsclient-cli (the client side)
and the demo server's /echo (the server side), plus the harness's self-test.

    python3 tests/conformance/run.py --cli build/native-release/cli/wsclient-cli \\
        --server build/native-release/demo_server/wsclient-demo-server

Writes results.json and results.md to --results (default: a conformance/ directory in the
build directory of the programs given). Exit status 0 when every case passed, was NON-STRICT,
or failed as tests/conformance/known_failures.txt expects; 1 otherwise (an unexpected failure,
or a known failure that passed: trim the list); 2 for a bad command line. See
docs/conformance.md.
"""

import argparse
import os
import re
import shutil
import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor

import client_side
import report
import server_side
from case import CLIENT, SERVER
from catalog import all_cases
from judge import FAIL, Verdict

HERE = os.path.dirname(os.path.abspath(__file__))
SIDES = (CLIENT, SERVER, "selftest")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cli", help="wsclient-cli to test (the client side)")
    p.add_argument("--server", help="wsclient-demo-server to test (the server side)")
    p.add_argument("--side", action="append", choices=SIDES,
                   help="run this side only (repeatable; default: every side whose program "
                        "is given, and selftest)")
    p.add_argument("--results", help="directory for results.json and results.md")
    p.add_argument("--jobs", type=int, default=6, help="cases run at once (default 6)")
    p.add_argument("--filter", help="only cases whose side:id matches this regex")
    p.add_argument("--known", default=os.path.join(HERE, "known_failures.txt"),
                   help="the known failures (default: known_failures.txt beside this script)")
    p.add_argument("--list", action="store_true", help="list the cases and exit")
    args = p.parse_args(argv)
    sides = args.side or [s for s, exe in ((CLIENT, args.cli), (SERVER, args.server)) if exe]
    args.sides = list(dict.fromkeys(sides + ([] if args.side else ["selftest"])))
    if CLIENT in args.sides and not args.cli:
        p.error("--cli is needed for the client side")
    if SERVER in args.sides and not args.server:
        p.error("--server is needed for the server side")
    if args.results is None:
        program = args.cli or args.server
        build = os.path.dirname(os.path.dirname(os.path.abspath(program))) if program else "."
        args.results = os.path.join(build, "conformance")
    return args


def selected(args):
    pattern = re.compile(args.filter) if args.filter else None
    chosen = []
    for case in all_cases():
        for side in case.sides:
            if side in args.sides and (pattern is None or pattern.search(f"{side}:{case.id}")):
                chosen.append((side, case))
    # Slow cases first, so that they do not end the run alone.
    return sorted(chosen, key=lambda sc: not sc[1].slow)


def run_one(side, case, targets):
    started = time.monotonic()
    try:
        if case.kind == "self":
            verdict = case.run()
        elif case.kind == "raw":
            verdict = case.run(targets[side], case.id)
        elif side == CLIENT:
            verdict = client_side.run_ws_case(case, targets[side])
        else:
            verdict = server_side.run_ws_case(case, targets[side])
    except Exception as e:  # a harness error is a failure of the case, with its trace
        trace = traceback.format_exc().strip().splitlines()
        verdict = Verdict(FAIL, f"harness error: {type(e).__name__}: {e}", trace[-3:])
    return report.Result(side, case.id, case.title, case.expected, verdict.outcome,
                         verdict.observed, verdict.reasons,
                         round(time.monotonic() - started, 2))


def main(argv):
    args = parse_args(argv)
    chosen = selected(args)
    if args.list:
        for side, case in chosen:
            print(f"{side}:{case.id}\t{case.title}")
        return 0
    known = report.load_known(args.known)
    # Each CLI run's stdout, kept for the cases that fail (a case can print 16 MiB).
    workdir = os.path.join(args.results, "work")
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    targets = {}
    if CLIENT in args.sides:
        targets[CLIENT] = client_side.CliClient(args.cli, workdir)
    if SERVER in args.sides:
        targets[SERVER] = server_side.DemoServer(args.server,
                                                 os.path.join(args.results, "demo-server.log"))
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=max(args.jobs, 1)) as pool:
            results = list(pool.map(lambda sc: run_one(sc[0], sc[1], targets), chosen))
    finally:
        server_exit = targets[SERVER].stop() if SERVER in targets else 0
    order = {(side, case.id): i for i, (side, case) in enumerate(
        (s, c) for c in all_cases() for s in c.sides)}
    results.sort(key=lambda r: order[(r.side, r.id)])
    report.classify(results, known)
    report.write(results, args.results)
    problems = report.failed(results)
    for r in results:
        if r not in problems and r.side == CLIENT:
            output = os.path.join(workdir, f"client-{r.id}.stdout")
            if os.path.exists(output):
                os.remove(output)
    for r in problems:
        print(f"{report.status_text(r)}: {r.key}: {r.title}\n    expected: {r.expected}\n"
              f"    observed: {r.observed}\n    " + "\n    ".join(r.reasons))
    if server_exit != 0:
        print(f"the demo server exited with status {server_exit} after SIGTERM")
    if not args.filter:
        ran = {r.key for r in results}
        stale = [k for k in known if k.split(":", 1)[0] in args.sides and k not in ran]
        for k in stale:
            print(f"known_failures.txt lists {k}, which is no case")
        problems += stale
    for side in args.sides:
        rows = [r for r in results if r.side == side]
        print(f"{side}: {len(rows)} cases: {report.counts(rows)}")
    print(f"{time.monotonic() - started:.1f} s; results in {args.results}/results.md")
    return 1 if problems or server_exit != 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
