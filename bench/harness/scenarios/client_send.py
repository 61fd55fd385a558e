"""client_send: the client sends COUNT messages to a sink; what it spends per message."""

from peers import SEND_WINDOW_BYTES
from scenarios.client_messages import KIB, MIB, ClientMessages


class ClientSend(ClientMessages):
    name = "client_send"
    title = "Client send"
    goal = "client send CPU/message vs raw Beast and Node at every size"
    method = ("The client (pinned to CPU 0) sends COUNT binary messages of SIZE bytes, then "
              "closes; bench-sink-server (pinned to CPU 1) reads the frames without unmasking "
              "them and reports how many arrived (checked). Figure: the client's user+sys CPU "
              "from open to the end of the closing handshake, divided by COUNT. Clients whose "
              f"API leaves the bound to the caller (wsclient, Node ws) keep at most "
              f"{SEND_WINDOW_BYTES >> 20} MiB queued.")
    mode = "send"
    server_program = "bench-sink-server"
    counts = {20: 200_000, 1 * KIB: 200_000, 16 * KIB: 50_000, 1 * MIB: 1_000}

    def url(self, size, count):
        return f"ws://127.0.0.1:{self.server.port}/sink"

    def check_delivery(self, count):
        line = self.server.next_line(timeout=10)
        if line != f"messages {count}":
            raise RuntimeError(f"the sink saw {line!r}, expected {count} messages")


SCENARIO = ClientSend()
