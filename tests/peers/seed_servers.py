#!/usr/bin/python3
"""The seed tutorial's servers, as Python `websockets` (10.4) runs them, for interop tests of
our C++ client against a server no one here wrote the protocol stack of.

Routes, by request path:
  /echo     every message comes back unchanged
  /headers  sends one text message: the upgrade request's headers as a JSON object (lower-case
            names) plus "subprotocol", the one negotiated
  /hello    the seed's hello server: reads a name, answers "Hello NAME!" and ends the
            connection (the handler returns: websockets closes with 1000)
  /time     the seed's time server: the current UTC time in ISO 8601 with a "Z"
            ("2026-12-02T08:30:00.123456Z"), again and again, a random 0 to 3 s apart
            ("--time-interval S" among the arguments: 0 to S seconds apart instead)
  /counter  the seed's shared counter: {"action": "plus"|"minus"} in; {"type": "state",
            "value": N} to everyone on change (and to a newcomer); {"type": "users",
            "count": N} to everyone on join and leave

Binds 127.0.0.1 on argv[1] (default 0: a free port) and prints "listening on 127.0.0.1:PORT".
Offers subprotocols "superchat" and "chat". With "--seed-deflate" as argv[2], negotiates
permessage-deflate with the tutorial's settings (window bits 11, memLevel 4). With
"--mutual-tls CERT KEY CA" as argv[2:6], serves wss:// and requires a client certificate
signed by CA.
SIGTERM/SIGINT: close every connection with 1001 and exit 0.
Run with /usr/bin/python3 (Debian's python3-websockets).
"""

import asyncio
import datetime
import json
import random
import signal
import ssl
import sys

import websockets
from websockets.extensions import permessage_deflate

VALUE = 0
USERS = set()


async def broadcast(message):
    # Each user gets the same message; one that fails is removed by its own handler.
    for user in list(USERS):
        try:
            await user.send(message)
        except websockets.exceptions.ConnectionClosed:
            pass


def state_message():
    return json.dumps({"type": "state", "value": VALUE})


async def counter(ws):
    global VALUE
    USERS.add(ws)
    try:
        await broadcast(json.dumps({"type": "users", "count": len(USERS)}))
        await ws.send(state_message())
        async for message in ws:
            action = json.loads(message).get("action")
            if action == "plus":
                VALUE += 1
            elif action == "minus":
                VALUE -= 1
            else:
                continue
            await broadcast(state_message())
    except websockets.exceptions.ConnectionClosed:
        pass
    finally:
        USERS.discard(ws)
        await broadcast(json.dumps({"type": "users", "count": len(USERS)}))


async def echo(ws):
    try:
        async for message in ws:
            await ws.send(message)
    except websockets.exceptions.ConnectionClosed:
        pass


async def headers(ws):
    seen = {name.lower(): value for name, value in ws.request_headers.raw_items()}
    seen["subprotocol"] = ws.subprotocol
    await ws.send(json.dumps(seen))
    await ws.wait_closed()


async def hello(ws):
    name = await ws.recv()
    await ws.send(f"Hello {name}!")


def time_interval():
    """The longest pause between two times: "--time-interval S", else the seed's 3 s."""
    if "--time-interval" in sys.argv[:-1]:
        return float(sys.argv[sys.argv.index("--time-interval") + 1])
    return 3.0


async def time(ws):
    longest = time_interval()
    try:
        while True:
            now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
            await ws.send(now.isoformat() + "Z")
            await asyncio.sleep(random.random() * longest)
    except websockets.exceptions.ConnectionClosed:
        pass


ROUTES = {"/counter": counter, "/headers": headers, "/hello": hello, "/time": time}


async def route(ws, path):
    await ROUTES.get(path, echo)(ws)


async def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, lambda: stop.done() or stop.set_result(None))
    extensions = None
    tls = None
    if len(sys.argv) > 5 and sys.argv[2] == "--mutual-tls":
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(sys.argv[3], sys.argv[4])
        tls.load_verify_locations(sys.argv[5])
        tls.verify_mode = ssl.CERT_REQUIRED
    if len(sys.argv) > 2 and sys.argv[2] == "--seed-deflate":
        extensions = [
            permessage_deflate.ServerPerMessageDeflateFactory(
                server_max_window_bits=11,
                client_max_window_bits=11,
                compress_settings={"memLevel": 4},
            )
        ]
    async with websockets.serve(
        route,
        "127.0.0.1",
        port,
        max_size=None,
        subprotocols=["superchat", "chat"],
        extensions=extensions,
        ssl=tls,
    ) as server:
        print(f"listening on 127.0.0.1:{server.sockets[0].getsockname()[1]}", flush=True)
        await stop


if __name__ == "__main__":
    asyncio.run(main())
