// The README's page example in TypeScript, type-checked against wsclient.d.mts by the tests
// (tsc --strict): if the declarations and the module's API drift apart, this stops compiling.
import createWsclient, { type Events, type SendResult } from './wsclient.mjs';

const wsclient = await createWsclient();
const client = new wsclient.Client({ reconnect: { initialDelay: 500, maxDelay: 5000 } });
client.on('message', (m: Events['message']) => {
  if (m.kind === 'binary') console.log(m.data.byteLength);
  else console.log(m.data.toUpperCase());
});
client.on('reconnecting', (r) => console.log(`attempt ${r.attempt} in ${r.delay} ms`));
client.on('close', (c) => console.log(c.code, c.reason, c.willReconnect));
const error: string = client.connect('ws://127.0.0.1:8080/echo');
const sent: SendResult = client.sendText('hello');
console.log(error, sent, client.state(), wsclient.Client.liveSockets());
client.delete();
