#!/usr/bin/python3
"""A tiny Python `websockets` echo server, so that ws_peer.py can be tested without our server.

Binds 127.0.0.1 on the port given as argv[1] (default 0: a free one) and prints
"listening on 127.0.0.1:PORT" once bound, the line demo_server_process also waits for.

Behaviour, chosen so that every ws_peer.py op has something to observe:
- every message comes back unchanged (text as text, binary as binary);
- the text "close:CODE:REASON" makes the server close with that code and reason;
- the text "drop" makes the server drop the TCP connection without a close frame (1006);
- an upgrade to "/reject/STATUS" is refused with that HTTP status and "Retry-After: 7";
- SIGTERM/SIGINT: close every connection with 1001 and exit 0.
"""

import asyncio
import http
import signal
import sys

import websockets


async def echo(ws, _path=None):
    try:
        async for message in ws:
            if isinstance(message, str) and message.startswith("close:"):
                _, code, reason = message.split(":", 2)
                await ws.close(int(code), reason)
                return
            if message == "drop":
                ws.transport.abort()
                return
            await ws.send(message)
    except websockets.exceptions.ConnectionClosed:
        pass


async def process_request(path, _headers):
    if path.startswith("/reject/"):
        status = http.HTTPStatus(int(path[len("/reject/"):]))
        return status, [("Retry-After", "7")], b"rejected\n"
    return None


async def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, lambda: stop.done() or stop.set_result(None))
    async with websockets.serve(
        echo,
        "127.0.0.1",
        port,
        max_size=None,
        ping_interval=None,
        process_request=process_request,
    ) as server:
        bound = server.sockets[0].getsockname()[1]
        print(f"listening on 127.0.0.1:{bound}", flush=True)
        await stop
        # Leaving the block closes every connection with 1001 (going away).


if __name__ == "__main__":
    asyncio.run(main())
