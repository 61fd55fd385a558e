"""What client_recv and client_send share: one client process per measurement, against one of
the suite's servers, CPU per message from the client's own phase meter."""

import os

import peers
from processes import Server, run_client
from suite import Case, Ratio, Scenario

KIB = 1024
MIB = 1024 * KIB
QUICK_DIVISOR = 1000  # --quick: proves every peer runs, measures nothing
TIMEOUT_S = 300


def size_label(size):
    return f"{size // MIB} MiB" if size >= MIB else f"{size // KIB} KiB" if size >= KIB else f"{size} B"


class ClientMessages(Scenario):
    metric = "cpu_per_message"
    unit = "µs/message"
    peers = peers.CLIENTS
    ratios = [Ratio("wsclient", "node-ws"), Ratio("wsclient", "beast-sync"),
              Ratio("wsclient", "beast-async")]
    mode = ""  # "recv" or "send"
    server_program = ""
    # Messages per run at each size, fixed: wsclient's run takes a second or two on the 2-core
    # development machine (Python peers get fewer: Peer.count_divisor).
    counts = {}

    def cases(self, quick):
        return [Case(size_label(size), size, {"count": max(count // QUICK_DIVISOR, 10) if quick
                                                       else count})
                for size, count in self.counts.items()]

    def start(self, ctx):
        self.server = Server([os.path.join(ctx.bin_dir, self.server_program), "--port", "0"])

    def stop(self):
        self.server.stop()

    def url(self, size, count):
        raise NotImplementedError

    def check_delivery(self, count):
        """Raises if the server did not see what the client claims."""

    def measure(self, ctx, peer, case):
        count = max(case.params["count"] // peer.count_divisor, 10)
        url = self.url(case.size, count)
        r = run_client(peer.command(ctx.bin_dir, self.mode, url, case.size, count), TIMEOUT_S)
        if r["messages"] != count:
            raise RuntimeError(f"{r['messages']} messages instead of {count}")
        self.check_delivery(count)
        cpu = r["user_s"] + r["sys_s"]
        return {
            "cpu_per_message": (cpu / count * 1e6, "µs/message"),
            "user_per_message": (r["user_s"] / count * 1e6, "µs/message"),
            "sys_per_message": (r["sys_s"] / count * 1e6, "µs/message"),
            "messages_per_second": (count / r["wall_s"] if r["wall_s"] > 0 else 0.0,
                                    "messages/s"),
            "messages": (count, "messages"),
        }
