"""Starting the suite's servers and running its clients, each pinned to its own CPU."""

import json
import os
import queue
import subprocess
import threading

# The measured client on one CPU, whatever serves it on another, so that neither takes time
# from the other (taskset). On a machine with one CPU nothing is pinned.
CLIENT_CPU = 0
SERVER_CPU = 1


def pinning_available():
    return (os.cpu_count() or 1) >= 2


def pinned(cpu, command):
    return ["taskset", "-c", str(cpu), *command] if pinning_available() else list(command)


class Server:
    """A server of the suite as a child process: prints "listening on HOST:PORT" first, then
    maybe one line per connection (read with next_line())."""

    def __init__(self, command, cpu=SERVER_CPU):
        self._process = subprocess.Popen(pinned(cpu, command), stdout=subprocess.PIPE, text=True)
        self._lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        first = self.next_line(timeout=10)
        if not first or not first.startswith("listening on "):
            self.stop()
            raise RuntimeError(f"{command[0]} did not start: {first!r}")
        self.port = int(first.rsplit(":", 1)[1])
        self.pid = self._process.pid  # taskset execs the server: the same process

    def _read(self):
        for line in self._process.stdout:
            self._lines.put(line.strip())
        self._lines.put(None)

    def next_line(self, timeout):
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            return None

    def stop(self):
        self._process.terminate()
        self._process.wait(timeout=10)


class ClientFailed(Exception):
    pass


def run_client(command, timeout):
    """Runs one client pinned to CLIENT_CPU and returns the JSON object of its last line."""
    try:
        done = subprocess.run(pinned(CLIENT_CPU, command), capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ClientFailed(f"timed out after {timeout} s") from None
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        # Stack traces (node, Python) say what failed in a line that does not start with
        # blanks: keep those.
        said = [x for x in done.stderr.splitlines() if x.strip() and not x[0].isspace()]
        raise ClientFailed(f"exit {done.returncode}: {' / '.join(said)[-300:]}")
    return json.loads(lines[-1])
