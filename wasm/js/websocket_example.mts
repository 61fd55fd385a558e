// ReconnectingWebSocket as a page uses it, type-checked against the declarations by the tests
// (tsc --strict), as example.mts is for Client.
import create, { ReconnectingWebSocket, type ReconnectingEvent } from './index.mjs';

const ws: WebSocket | ReconnectingWebSocket =
    new ReconnectingWebSocket('ws://127.0.0.1:8080/echo', ['chat'], { reconnect: { maxDelay: 5000 } });
ws.binaryType = 'arraybuffer';
ws.onopen = () => ws.send('hello');
ws.onmessage = (e: MessageEvent) => console.log(e.data, ws.readyState === ws.OPEN, ws.protocol);
ws.onclose = (e: CloseEvent) => console.log(e.code, e.reason, e.wasClean);
if (ws instanceof ReconnectingWebSocket) {
  ws.addEventListener('reconnecting', (r: ReconnectingEvent) => console.log(r.attempt, r.delay));
  ws.ongaveup = (g) => console.log(g.reason, g.unsent.length);
}
const wsclient = await create();
const other = new wsclient.ReconnectingWebSocket('ws://127.0.0.1:8080/time');
other.close(1000, 'done');
console.log(ReconnectingWebSocket.CLOSED, other.bufferedAmount, other.extensions, other.url);
const client = new wsclient.Client();
const listener = (m: { kind: string }) => console.log(m.kind);
client.addEventListener('message', listener);
client.removeEventListener('message', listener);
client.on('message', null);
client.delete();
