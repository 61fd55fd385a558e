"""The Python `aiohttp` peer (Debian's python3-aiohttp) of the wsclient benchmark suite:
receive COUNT messages from the push server or send COUNT to the sink."""

import asyncio

import aiohttp

from phase_meter import client_args, measured_phase


async def main(args):
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(args.url) as ws:  # defaults: max_msg_size is 4 MiB
            await measured_phase(args, ws, ws.send_bytes)


if __name__ == "__main__":
    asyncio.run(main(client_args(__doc__)))
