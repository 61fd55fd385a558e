"""server_echo: the demo server's /echo under load, against a minimal Beast echo server and
Node ws, each pinned to one CPU; the load generator on the other."""

import os
import tempfile

import peers
from processes import Server, run_client
from scenarios.client_messages import KIB, QUICK_DIVISOR, TIMEOUT_S
from suite import Case, Ratio, Scenario

# What each peer is here: a server, started once for all rounds; the load generator
# (bench-echo-load) is the same for all of them.
NULL = peers.Peer("null", "null server (floor)", ("bench-tcp-echo-server",))
BEAST_ECHO = peers.Peer("beast-echo", "Beast echo server", ("bench-beast-echo-server",))
NODE_WS = peers.Peer("node-ws", "Node ws", (peers.NODE, os.path.join(peers.BENCH_DIR, "node",
                                                                   "ws_echo_server.mjs")))
DEMO = peers.Peer("demo-server", "wsclient demo server", ("wsclient-demo-server",))


def proc_cpu_seconds(pid):
    """user + system CPU of a process, all its threads (/proc/PID/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class ServerEcho(Scenario):
    name = "server_echo"
    title = "Echo server"
    goal = ("demo server /echo ≥ 1.0× the minimal Beast echo server and ≥ 1.5× Node ws at "
            "100 conns × 20 B and 10 × 16 KiB, server pinned to one core (ratios below: CPU per "
            "message, so ≤ 1.0 and ≤ 0.67)")
    method = ("Each server runs pinned to CPU 1 (the demo server then runs one I/O thread: its "
              "default follows the affinity mask); bench-echo-load, pinned to CPU 0, opens the "
              "connections, keeps a window of messages in flight on each (prebuilt masked "
              "binary frames) and counts the echoes without unmasking them. Figure: the "
              "server's user+sys CPU (/proc/PID/stat, all threads) over the generator's run, "
              "divided by the messages echoed. The null server echoes raw bytes without "
              "parsing a frame: its throughput is the most the generator can measure.")
    metric = "cpu_per_message"
    unit = "µs/message (server)"
    peers = [DEMO, BEAST_ECHO, NODE_WS, NULL]
    ratios = [Ratio("demo-server", "beast-echo"), Ratio("demo-server", "node-ws")]

    def cases(self, quick):
        full = [("100 × 20 B", 20, 100, 400_000, 16), ("10 × 16 KiB", 16 * KIB, 10, 100_000, 4)]
        return [Case(label, size, {"connections": conns,
                                   "count": max(count // QUICK_DIVISOR, conns) if quick else count,
                                   "window": window})
                for label, size, conns, count, window in full]

    def start(self, ctx):
        self._dir = tempfile.TemporaryDirectory(prefix="wsclient-bench-echo-")
        demo = os.path.join(os.path.dirname(ctx.bin_dir), "demo_server", "wsclient-demo-server")
        commands = {
            NULL.name: [os.path.join(ctx.bin_dir, NULL.program[0]), "--port", "0"],
            BEAST_ECHO.name: [os.path.join(ctx.bin_dir, BEAST_ECHO.program[0]), "--port", "0"],
            NODE_WS.name: list(NODE_WS.program),
            DEMO.name: [demo, "--port", "0", "--log-level", "warn",
                        "--chat-log", os.path.join(self._dir.name, "chat.log")],
        }
        self.servers = {}
        try:
            for name, command in commands.items():
                self.servers[name] = Server(command)
        except Exception:
            self.stop()
            raise

    def stop(self):
        for server in self.servers.values():
            server.stop()
        self.servers = {}
        self._dir.cleanup()

    def measure(self, ctx, peer, case):
        server = self.servers[peer.name]
        p = case.params
        url = f"ws://127.0.0.1:{server.port}/echo"
        before = proc_cpu_seconds(server.pid)
        r = run_client([os.path.join(ctx.bin_dir, "bench-echo-load"), url,
                        str(p["connections"]), str(case.size), str(p["count"]),
                        "--window", str(p["window"])], TIMEOUT_S)
        cpu = proc_cpu_seconds(server.pid) - before
        count = r["messages"]
        if count != p["count"]:
            raise RuntimeError(f"{count} messages echoed instead of {p['count']}")
        return {
            "cpu_per_message": (cpu / count * 1e6, "µs/message"),
            "messages_per_second": (count / r["wall_s"] if r["wall_s"] > 0 else 0.0,
                                    "messages/s"),
            "generator_cpu_per_message": ((r["user_s"] + r["sys_s"]) / count * 1e6,
                                          "µs/message"),
            "messages": (count, "messages"),
        }


SCENARIO = ServerEcho()
