"""The Python `websockets` peer (Debian's python3-websockets, asyncio API) of the wsclient
benchmark suite: receive COUNT messages from the push server or send COUNT to the sink."""

import asyncio

import websockets

from phase_meter import client_args, measured_phase


async def main(args):
    # max_size as the other clients' (the 1 MiB default would refuse nothing here either).
    async with websockets.connect(args.url, max_size=16 << 20) as ws:
        await measured_phase(args, ws, ws.send)


if __name__ == "__main__":
    asyncio.run(main(client_args(__doc__)))
