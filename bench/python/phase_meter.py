"""What the Python clients of the wsclient benchmark suite share: the command line every client
of the suite takes, the measurement (the same in every language: the process's user and system
CPU time from getrusage(RUSAGE_SELF), all its threads, and the wall time over the measured
phase, printed as one JSON line), and the measured phase itself."""

import argparse
import json
import resource
import time


def client_args(description):
    """The command line every client of the suite takes: MODE URL SIZE COUNT [--window BYTES]."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("mode", choices=["recv", "send"])
    p.add_argument("url")
    p.add_argument("size", type=int)
    p.add_argument("count", type=int)
    p.add_argument("--window", type=int, default=0, help="unused: these clients wait on drain")
    return p.parse_args()


class PhaseMeter:
    def start(self):
        self._start = (resource.getrusage(resource.RUSAGE_SELF), time.monotonic())

    def stop(self):
        self._stop = (resource.getrusage(resource.RUSAGE_SELF), time.monotonic())

    def print(self, messages):
        (u0, w0), (u1, w1) = self._start, self._stop
        print(json.dumps({"messages": messages, "user_s": u1.ru_utime - u0.ru_utime,
                          "sys_s": u1.ru_stime - u0.ru_stime, "wall_s": w1 - w0}), flush=True)


async def measured_phase(args, ws, send):
    """On an open connection ws (async-iterable of messages, with close()): receives COUNT
    messages, or sends COUNT with send(payload) (which waits while the write buffer is above
    its limit), then closes; prints the figures."""
    meter = PhaseMeter()
    done = 0
    meter.start()
    if args.mode == "recv":
        async for _ in ws:
            done += 1
            if done == args.count:
                meter.stop()
                break
        await ws.close()
    else:
        payload = b"x" * args.size
        for _ in range(args.count):
            await send(payload)
        done = args.count
        await ws.close()
        meter.stop()  # the closing handshake is over: the sink has read every message
    meter.print(done)
