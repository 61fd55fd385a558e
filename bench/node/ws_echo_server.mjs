// The Node `ws` echo server the demo server's /echo is compared with (server_echo scenario):
// every message goes back as it came (text as text, binary as binary), with `bufferutil` for
// unmasking as `ws` recommends, no permessage-deflate (ws's server default). Listens on
// 127.0.0.1 at a free port and prints "listening on 127.0.0.1:PORT" for the harness.
import { createRequire } from 'node:module';
import { WebSocketServer } from 'ws';

const bufferutil = createRequire(import.meta.url)('bufferutil');
if (!/native code/.test(String(bufferutil.unmask))) {
  console.error('bufferutil is not the native addon');
  process.exit(2);
}

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
server.on('listening', () => {
  console.log(`listening on 127.0.0.1:${server.address().port}`);
});
server.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
