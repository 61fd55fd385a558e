"""client_recv: a raw push server writes prebuilt frames; what the client spends per message."""

from scenarios.client_messages import KIB, MIB, ClientMessages


class ClientRecv(ClientMessages):
    name = "client_recv"
    title = "Client receive"
    goal = ("client receive CPU/message vs Node ws and raw Beast at 20 B, 1 KiB, 16 KiB, 1 MiB")
    method = ("bench-push-server (pinned to CPU 1) writes COUNT unmasked binary frames, built "
              "once, as fast as TCP takes them after a real upgrade; the client (pinned to CPU "
              "0) counts them. Figure: the client's user+sys CPU (getrusage(RUSAGE_SELF), all "
              "threads) from open to the last message, divided by COUNT.")
    mode = "recv"
    server_program = "bench-push-server"
    counts = {20: 500_000, 1 * KIB: 200_000, 16 * KIB: 50_000, 1 * MIB: 1_000}

    def url(self, size, count):
        return f"ws://127.0.0.1:{self.server.port}/push?size={size}&count={count}"


SCENARIO = ClientRecv()
