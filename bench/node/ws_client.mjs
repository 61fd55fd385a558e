// The Node `ws` peer of the wsclient benchmark suite (with `bufferutil`, as `ws` recommends
// for speed). Same command line and output as every client of the suite:
//   node ws_client.mjs recv|send URL SIZE COUNT [--window BYTES]
// prints {"messages": N, "user_s": ..., "sys_s": ..., "wall_s": ...}, the process's CPU time
// (process.cpuUsage(): getrusage(RUSAGE_SELF), all threads) over the measured phase.
import { createRequire } from 'node:module';
import WebSocket from 'ws';

const [mode, url, sizeText, countText, ...rest] = process.argv.slice(2);
const size = Number(sizeText);
const count = Number(countText);
const windowAt = rest.indexOf('--window');
const windowBytes = windowAt >= 0 ? Number(rest[windowAt + 1]) : 0;
if (!['recv', 'send'].includes(mode) || !url || !(size >= 0) || !(count > 0)) {
  console.error('usage: ws_client.mjs recv|send URL SIZE COUNT [--window BYTES]');
  process.exit(2);
}
// ws falls back to JavaScript masking silently when the addon does not load: refuse instead,
// the figures would not be those of the peer the report names.
const bufferutil = createRequire(import.meta.url)('bufferutil');
if (!/native code/.test(String(bufferutil.mask))) {
  console.error('bufferutil is not the native addon');
  process.exit(2);
}

let start;
let stop;
let done = 0;
const begin = () => {
  start = { cpu: process.cpuUsage(), wall: process.hrtime.bigint() };
};
const end = () => {
  stop = { cpu: process.cpuUsage(start.cpu), wall: process.hrtime.bigint() };
};

const ws = new WebSocket(url);
ws.binaryType = 'nodebuffer';
ws.on('error', (e) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
ws.on('close', () => {
  if (mode === 'send') {
    end();  // the closing handshake is over: the sink has read every message
  }
  const r = stop.cpu;
  const wall = Number(stop.wall - start.wall) / 1e9;
  console.log(JSON.stringify({ messages: done, user_s: r.user / 1e6, sys_s: r.system / 1e6, wall_s: wall }));
});

if (mode === 'recv') {
  ws.on('open', begin);
  ws.on('message', () => {
    if (++done === count) {
      end();
      ws.close(1000);
    }
  });
} else {
  const payload = Buffer.alloc(size, 'x');
  // Sends until `windowBytes` are queued, then continues from the callback of the send that
  // crossed it (the data was handed to the kernel): bounded memory, no polling.
  const pump = () => {
    while (done < count) {
      ++done;
      if (windowBytes !== 0 && ws.bufferedAmount + size > windowBytes) {
        ws.send(payload, pump);
        return;
      }
      ws.send(payload);
    }
    ws.close(1000);
  };
  ws.on('open', () => {
    begin();
    pump();
  });
}
