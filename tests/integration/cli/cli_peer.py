#!/usr/bin/python3
"""A Python `websockets` server for the wsclient-cli tests: what the demo server cannot do.

Binds 127.0.0.1 on a free port and prints "listening on 127.0.0.1:PORT" once bound.
Behaviour by path:
- /binary: sends the binary messages 01 02 ff and 00 01 .. 27 (40 bytes), then answers every
  message with its kind and content ("binary:HEX" or "text:TEXT"), so that a test sees what
  the CLI sent back with --echo;
- /request: sends one text message per line "NAME: VALUE" for each request header whose name
  starts with X-Cli-, then "subprotocol: P" (P is "-" when none was chosen). Offers "chat";
- SIGTERM/SIGINT: close every connection with 1001 and exit 0.
"""

import asyncio
import signal

import websockets


async def handler(ws, path=None):
    path = path if path is not None else ws.path
    try:
        if path == "/binary":
            await ws.send(bytes([1, 2, 255]))
            await ws.send(bytes(range(40)))
            async for message in ws:
                if isinstance(message, bytes):
                    await ws.send("binary:" + message.hex())
                else:
                    await ws.send("text:" + message)
        elif path == "/request":
            for name, value in ws.request_headers.raw_items():
                if name.lower().startswith("x-cli-"):
                    await ws.send(f"{name}: {value}")
            await ws.send(f"subprotocol: {ws.subprotocol or '-'}")
            await ws.wait_closed()
    except websockets.exceptions.ConnectionClosed:
        pass


async def main():
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, lambda: stop.done() or stop.set_result(None))
    async with websockets.serve(
        handler, "127.0.0.1", 0, ping_interval=None, subprotocols=["chat"]
    ) as server:
        bound = server.sockets[0].getsockname()[1]
        print(f"listening on 127.0.0.1:{bound}", flush=True)
        await stop


if __name__ == "__main__":
    asyncio.run(main())
