"""The Python `websockets` peer (Debian's python3-websockets, asyncio API) of the wsclient
benchmark suite: receive COUNT messages from the push server or send COUNT to the sink."""

import asyncio

import websockets

from phase_meter import client_args, measured_phase


async def main(args):
    # Defaults throughout; max_size (1 MiB) still admits the largest message of the suite.
    async with websockets.connect(args.url) as ws:
        await measured_phase(args, ws, ws.send)


if __name__ == "__main__":
    asyncio.run(main(client_args(__doc__)))
