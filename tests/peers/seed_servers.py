#!/usr/bin/python3
"""The seed tutorial's servers, as Python `websockets` (10.4) runs them, for interop tests of
our C++ client against a server no one here wrote the protocol stack of.

Routes, by request path:
  /echo     every message comes back unchanged
  /counter  the seed's shared counter: {"action": "plus"|"minus"} in; {"type": "state",
            "value": N} to everyone on change (and to a newcomer); {"type": "users",
            "count": N} to everyone on join and leave

Binds 127.0.0.1 on argv[1] (default 0: a free port) and prints "listening on 127.0.0.1:PORT".
SIGTERM/SIGINT: close every connection with 1001 and exit 0.
Run with /usr/bin/python3 (Debian's python3-websockets).
"""

import asyncio
import json
import signal
import sys

import websockets

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


async def route(ws, path):
    if path == "/counter":
        await counter(ws)
    else:
        await echo(ws)


async def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, lambda: stop.done() or stop.set_result(None))
    async with websockets.serve(route, "127.0.0.1", port, max_size=None) as server:
        print(f"listening on 127.0.0.1:{server.sockets[0].getsockname()[1]}", flush=True)
        await stop


if __name__ == "__main__":
    asyncio.run(main())
