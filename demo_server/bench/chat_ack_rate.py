#!/usr/bin/python3
"""Measures what /chat's durability costs: acknowledged messages per second, with fdatasync
before each ack (the default) and without it (--chat-no-fsync).

Starts wsclient-demo-server on a free port with a fresh log in a temporary directory (or in
--dir, to measure another file system), once per mode, and runs CLIENTS clients that each say
MESSAGES messages: one at a time (each waits for its ack: the latency a user sees), or all at
once (--pipelined: the server's throughput). Prints one line per mode. Needs Debian's
python3-websockets (run with /usr/bin/python3).

    /usr/bin/python3 demo_server/bench/chat_ack_rate.py \
        build/native-release/demo_server/wsclient-demo-server --clients 4 --messages 500
"""

import argparse
import asyncio
import json
import subprocess
import tempfile
import time

import websockets


async def client(url, name, messages, pipelined, start):
    """Returns (acks, seconds from start to the last ack): the closing handshake is left out
    (a client that stops reading the others' messages may stall it)."""
    async with websockets.connect(url, compression=None, close_timeout=1) as ws:
        await ws.send(json.dumps({"type": "join", "name": name, "since": 0}))
        while json.loads(await ws.recv())["type"] != "presence":
            pass
        says = [json.dumps({"type": "say", "text": f"message {i} from {name}",
                            "client_msg_id": str(i)}) for i in range(messages)]
        acks = 0

        async def read_ack():
            while True:
                if json.loads(await ws.recv())["type"] == "ack":
                    return

        if pipelined:
            for say in says:
                await ws.send(say)
            for _ in says:
                await read_ack()
                acks += 1
        else:
            for say in says:
                await ws.send(say)
                await read_ack()
                acks += 1
        return acks, time.monotonic() - start


async def run(url, clients, messages, pipelined):
    start = time.monotonic()
    results = await asyncio.gather(*(client(url, f"c{i}", messages, pipelined, start)
                                     for i in range(clients)))
    return sum(acks for acks, _ in results), max(seconds for _, seconds in results)


def measure(server, directory, fsync, clients, messages, pipelined):
    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        args = [server, "--port", "0", "--log-level", "warn", "--chat-log", f"{tmp}/chat.log",
                "--chat-history-max", str(max(10000, clients * messages))]
        if not fsync:
            args.append("--chat-no-fsync")
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        try:
            port = proc.stdout.readline().strip().rsplit(":", 1)[1]
            acks, seconds = asyncio.run(run(f"ws://127.0.0.1:{port}/chat", clients, messages,
                                            pipelined))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return acks, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("server", help="path of wsclient-demo-server")
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--messages", type=int, default=500, help="per client")
    parser.add_argument("--pipelined", action="store_true",
                        help="send every message before reading the acks")
    parser.add_argument("--dir", default=None, help="where the log goes (default: $TMPDIR)")
    options = parser.parse_args()
    for fsync in (True, False):
        acks, seconds = measure(options.server, options.dir, fsync, options.clients,
                                options.messages, options.pipelined)
        print(f"{'fsync   ' if fsync else 'no fsync'}: {acks} acks in {seconds:.2f} s = "
              f"{acks / seconds:.0f} acks/s ({options.clients} client(s), "
              f"{'pipelined' if options.pipelined else 'one at a time'})")


if __name__ == "__main__":
    main()
