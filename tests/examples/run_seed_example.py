#!/usr/bin/python3
"""Runs one program of examples/seed against tests/peers/seed_servers.py (the seed's servers
on Python websockets, started on a free port) and checks what it prints.

Usage: run_seed_example.py SEED_SERVERS PROGRAM PATH [--stdin TEXT] [--arg A]... [--expect RE]...
The program gets ws://127.0.0.1:PORT/PATH and the --arg values; it must exit 0 within 60 s
and its output must match every --expect (a Python regular expression, MULTILINE | DOTALL).
Run with /usr/bin/python3 (Debian's python3-websockets, which seed_servers.py needs).
"""

import argparse
import re
import subprocess
import sys

# The time server pushes a time 0 to 50 ms apart instead of the seed's 0 to 3 s.
SERVER_ARGS = ["0", "--time-interval", "0.05"]


def run(args):
    server = subprocess.Popen(
        [sys.executable, args.servers, *SERVER_ARGS], stdout=subprocess.PIPE, text=True
    )
    try:
        line = server.stdout.readline()
        if not line.startswith("listening on "):
            return [f"the server did not start: {line!r}"], ""
        url = "ws://127.0.0.1:" + line.rsplit(":", 1)[1].strip() + args.path
        done = subprocess.run(
            [args.program, url, *args.arg],
            input=args.stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.terminate()
        server.wait(10)
    problems = [] if done.returncode == 0 else [f"exit status {done.returncode}"]
    problems += [
        f"no match for {pattern!r}"
        for pattern in args.expect
        if not re.search(pattern, done.stdout, re.MULTILINE | re.DOTALL)
    ]
    return problems, f"--- stdout\n{done.stdout}--- stderr\n{done.stderr}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("servers")
    parser.add_argument("program")
    parser.add_argument("path")
    parser.add_argument("--stdin", default="")
    parser.add_argument("--arg", action="append", default=[])
    parser.add_argument("--expect", action="append", default=[])
    args = parser.parse_args()
    problems, output = run(args)
    print(output)
    for problem in problems:
        print("FAIL:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
