// ReconnectingWebSocket (wasm/js/reconnecting_websocket.mjs) in Chromium against the demo
// server and the seed's Python servers: the browser WebSocket interface, and the reconnects
// underneath it. The Client's addEventListener.
import { test, expect, startSeedServer } from './fixtures.mjs';

// The demo page (for its origin), then the package's entry point loaded into it.
async function openPage(page, server) {
  await page.goto(server.url + '/');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

test('the WebSocket interface: constants, attributes, events, text and binary', async ({ page, server }) => {
  await openPage(page, server);
  const out = await page.evaluate(async (url) => {
    const { ReconnectingWebSocket } = await import('/index.mjs');
    const ws = new ReconnectingWebSocket(url);
    const seen = [];
    const events = [];
    const constants = [ReconnectingWebSocket.CONNECTING, ReconnectingWebSocket.OPEN,
                       ReconnectingWebSocket.CLOSING, ReconnectingWebSocket.CLOSED,
                       ws.CONNECTING, ws.OPEN, ws.CLOSING, ws.CLOSED];
    const initial = { url: ws.url, readyState: ws.readyState, binaryType: ws.binaryType,
                      protocol: ws.protocol, bufferedAmount: ws.bufferedAmount,
                      isEventTarget: ws instanceof EventTarget };
    ws.binaryType = 'nonsense';  // ignored, as WebSocket does
    const afterBadType = ws.binaryType;
    for (const type of ['open', 'message', 'close', 'error']) {
      ws.addEventListener(type, (e) => events.push(`${type}:${e.constructor.name}`));
    }
    const opened = new Promise((resolve) => { ws.onopen = resolve; });
    const next = () => new Promise((resolve) => { ws.onmessage = (e) => resolve(e); });
    await opened;
    const openState = { readyState: ws.readyState, extensions: ws.extensions };
    let reply = next();
    ws.send('hello');
    let e = await reply;
    seen.push({ data: e.data, origin: e.origin, isMessageEvent: e instanceof MessageEvent });
    reply = next();
    ws.send(new Uint8Array([1, 2, 3]));
    e = await reply;
    seen.push({ blob: e.data instanceof Blob, bytes: [...new Uint8Array(await e.data.arrayBuffer())] });
    ws.binaryType = 'arraybuffer';
    reply = next();
    ws.send(new Uint16Array([0x0201]).buffer);
    e = await reply;
    seen.push({ arrayBuffer: e.data instanceof ArrayBuffer, bytes: [...new Uint8Array(e.data)] });
    // A Blob is read before it is sent: nothing sent after it overtakes it.
    const order = [];
    const all = new Promise((resolve) => {
      ws.onmessage = (m) => {
        order.push(typeof m.data === 'string' ? m.data : [...new Uint8Array(m.data)]);
        if (order.length === 3) resolve();
      };
    });
    ws.send(new Blob([new Uint8Array([9, 9])]));
    ws.send('after the blob');
    ws.send(42);  // not a buffer: sent as String(42)
    await all;
    const closed = new Promise((resolve) => { ws.onclose = resolve; });
    ws.close(4001, 'bye');
    const closingState = ws.readyState;
    const c = await closed;
    return { constants, initial, afterBadType, openState, seen, order, closingState,
             close: { code: c.code, reason: c.reason, wasClean: c.wasClean,
                      isCloseEvent: c instanceof CloseEvent },
             finalState: ws.readyState, events,
             sendAfterClose: ws.send('too late') };
  }, `ws://127.0.0.1:${server.port}/echo`);
  expect(out.constants).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
  expect(out.initial).toEqual({ url: `ws://127.0.0.1:${server.port}/echo`, readyState: 0,
                                binaryType: 'blob', protocol: '', bufferedAmount: 0,
                                isEventTarget: true });
  expect(out.afterBadType).toBe('blob');
  expect(out.openState.readyState).toBe(1);
  expect(out.openState.extensions).toMatch(/^permessage-deflate/);
  expect(out.seen[0]).toEqual({ data: 'hello', origin: `ws://127.0.0.1:${server.port}`,
                                isMessageEvent: true });
  expect(out.seen[1]).toEqual({ blob: true, bytes: [1, 2, 3] });
  expect(out.seen[2]).toEqual({ arrayBuffer: true, bytes: [1, 2] });
  expect(out.order).toEqual([[9, 9], 'after the blob', '42']);
  expect(out.closingState).toBe(2);
  // The demo server answers a close with the code alone (RFC 6455 section 5.5.1).
  expect(out.close).toEqual({ code: 4001, reason: '', wasClean: true, isCloseEvent: true });
  expect(out.finalState).toBe(3);
  expect(out.events).toEqual(['open:Event', 'message:MessageEvent', 'message:MessageEvent',
                              'message:MessageEvent', 'message:MessageEvent',
                              'message:MessageEvent', 'message:MessageEvent',
                              'close:CloseEvent']);
  expect(out.sendAfterClose).toMatch(/^refused: /);
});

test('bad arguments throw as WebSocket throws them', async ({ page, server }) => {
  await openPage(page, server);
  const out = await page.evaluate(async (url) => {
    const { ReconnectingWebSocket } = await import('/index.mjs');
    const thrown = (f) => { try { f(); return 'nothing'; } catch (e) { return e.name; } };
    const ws = new ReconnectingWebSocket(url);
    const closed = new Promise((resolve) => { ws.onclose = resolve; });
    const result = {
      badScheme: thrown(() => new ReconnectingWebSocket('ftp://127.0.0.1/')),
      fragment: thrown(() => new ReconnectingWebSocket(url + '#x')),
      notAUrl: thrown(() => new ReconnectingWebSocket('not a url')),
      duplicate: thrown(() => new ReconnectingWebSocket(url, ['a', 'a'])),
      code: thrown(() => ws.close(1001)),
      reason: thrown(() => ws.close(1000, 'é'.repeat(62))),
      httpUrl: new ReconnectingWebSocket(url.replace('ws:', 'http:'), [], {}).url,
      stateAfterBadClose: ws.readyState,
    };
    ws.close();  // while connecting: closes for good, no error event
    const c = await closed;
    result.closeWhileConnecting = { code: c.code, wasClean: c.wasClean, state: ws.readyState };
    return result;
  }, `ws://127.0.0.1:${server.port}/echo`);
  expect(out).toEqual({
    badScheme: 'SyntaxError', fragment: 'SyntaxError', notAUrl: 'SyntaxError',
    duplicate: 'SyntaxError', code: 'InvalidAccessError', reason: 'SyntaxError',
    httpUrl: `ws://127.0.0.1:${server.port}/echo`, stateAfterBadClose: 0,
    closeWhileConnecting: { code: 1006, wasClean: false, state: 3 },
  });
});

test('a wsclient option the page got wrong fails the socket with the reason', async ({ page, server }) => {
  await openPage(page, server);
  const out = await page.evaluate(async (url) => {
    const { ReconnectingWebSocket } = await import('/index.mjs');
    const ws = new ReconnectingWebSocket(url, [], { reconnect: { initalDelay: 5 } });
    const events = [];
    return new Promise((resolve) => {
      ws.onerror = (e) => events.push(e.message);
      ws.onclose = (c) => resolve({ events, code: c.code, state: ws.readyState });
    });
  }, `ws://127.0.0.1:${server.port}/echo`);
  expect(out).toEqual({ events: ['unknown option reconnect.initalDelay'], code: 1006, state: 3 });
});

test('a dropped connection reconnects underneath: CONNECTING, reconnecting, open again', async ({ page, server }) => {
  await openPage(page, server);
  await page.exposeFunction('__drop', () => server.hook('/_test/drop'));
  const out = await page.evaluate(async (url) => {
    const { ReconnectingWebSocket } = await import('/index.mjs');
    const ws = new ReconnectingWebSocket(url, undefined,
                                         { reconnect: { initialDelay: 50, jitter: 'none' } });
    const log = [];
    ws.addEventListener('close', () => log.push('close'));
    ws.addEventListener('error', () => log.push('error'));
    await new Promise((resolve) => { ws.onopen = resolve; });
    const reconnecting = new Promise((resolve) => {
      ws.onreconnecting = (r) => {
        log.push(`reconnecting ${r.attempt} state ${ws.readyState}`);
        resolve({ attempt: r.attempt, delay: r.delay, code: r.code, error: r.error,
                  isEvent: r instanceof Event });
      };
    });
    const reopened = new Promise((resolve) => { ws.onopen = () => { log.push('open'); resolve(); }; });
    window.__drop();
    const r = await reconnecting;
    // Sent while reconnecting: queued, and echoed once open again.
    const queued = ws.send('across the drop');
    const echoed = new Promise((resolve) => { ws.onmessage = (m) => resolve(m.data); });
    await reopened;
    const data = await echoed;
    const stateOpen = ws.readyState;
    const closed = new Promise((resolve) => { ws.onclose = resolve; });
    ws.close();
    await closed;
    return { r, queued, data, stateOpen, log };
  }, `ws://127.0.0.1:${server.port}/echo`);
  // The first connect was attempt 1 of the series (the connection did not stay up 5 s).
  expect(out.r).toEqual({ attempt: 2, delay: 50, code: 1006, error: expect.any(String), isEvent: true });
  expect(out.queued).toBe('queued');
  expect(out.data).toBe('across the drop');
  expect(out.stateOpen).toBe(1);
  expect(out.log).toEqual(['reconnecting 2 state 0', 'open', 'close']);
});

test('giving up: error, close, then gaveup with the unsent messages', async ({ page, server }) => {
  await openPage(page, server);
  await page.exposeFunction('__kill', () => server.kill());
  const out = await page.evaluate(async (url) => {
    const { default: create } = await import('/index.mjs');
    const wsclient = await create();  // the class next to Client, on this instance
    const ws = new wsclient.ReconnectingWebSocket(url, [], {
      reconnect: { initialDelay: 10, jitter: 'none', maxAttempts: 2 } });
    const log = [];
    await new Promise((resolve) => { ws.onopen = resolve; });
    ws.onreconnecting = (r) => {
      log.push(`reconnecting ${r.attempt}`);
      if (r.attempt === 3) ws.send('never sent');
    };
    ws.onerror = (e) => log.push(`error ${e instanceof ErrorEvent}`);
    ws.onclose = (c) => log.push(`close ${c.code} ${c.wasClean} ${ws.readyState}`);
    const gaveUp = new Promise((resolve) => {
      ws.ongaveup = (g) => resolve({ reason: g.reason, attempts: g.attempts, unsent: g.unsent });
    });
    window.__kill();
    return { gaveUp: await gaveUp, log };
  }, `ws://127.0.0.1:${server.port}/echo`);
  // Attempt 1 was the first connect; maxAttempts 2 allows attempts 2 and 3.
  expect(out.log).toEqual(['reconnecting 2', 'reconnecting 3', 'error true', 'close 1006 false 3']);
  expect(out.gaveUp).toEqual({ reason: 'gave up reconnecting', attempts: 3,
                               unsent: [{ kind: 'text', data: 'never sent' }] });
});

test('the subprotocol the server chose is the protocol attribute', async ({ page, server }) => {
  const seed = await startSeedServer();
  try {
    await openPage(page, server);
    const protocol = await page.evaluate(async (url) => {
      const { ReconnectingWebSocket } = await import('/index.mjs');
      const ws = new ReconnectingWebSocket(url, ['superchat', 'chat']);
      await new Promise((resolve) => { ws.onopen = resolve; });
      const result = ws.protocol;
      ws.close();
      return result;
    }, `ws://127.0.0.1:${seed.port}/echo`);
    // Python websockets ranks by both lists' order: first in both wins.
    expect(protocol).toBe('superchat');
  } finally {
    await seed.stop();
  }
});

test('Client: addEventListener adds, on() replaces, removeEventListener removes', async ({ page, server }) => {
  await openPage(page, server);
  const out = await page.evaluate((url) => new Promise((resolve) => {
    const { Client } = window.demo.wsclient;
    const client = new Client();
    const calls = [];
    const first = (m) => calls.push(`first ${m.data}`);
    const second = (m) => calls.push(`second ${m.data}`);
    const results = [client.addEventListener('message', first),
                     client.addEventListener('message', first),  // once only
                     client.addEventListener('message', second),
                     client.addEventListener('nonsense', first),
                     client.addEventListener('message', 'not a function')];
    client.on('message', () => calls.push('on 1'));
    client.on('message', (m) => {
      calls.push('on 2');
      if (m.data === 'two') {
        client.close();
        client.delete();
        resolve({ calls, results });
      }
    });
    client.addEventListener('open', () => client.sendText('one'));
    client.addEventListener('message', (m) => {
      if (m.data === 'one') {
        client.removeEventListener('message', first);
        client.sendText('two');
      }
    });
    client.connect(url);
  }), `ws://127.0.0.1:${server.port}/echo`);
  expect(out.results.slice(0, 3)).toEqual(['', '', '']);
  expect(out.results[3]).toMatch(/unknown event/);
  expect(out.results[4]).toMatch(/must be a function/);
  // The `on` handler first, then the listeners in the order added; deleting the client in a
  // handler stops the rest.
  expect(out.calls).toEqual(['on 2', 'first one', 'second one', 'on 2']);
});

test('onmessage and the others: one handler, replaced in place, null clears it', async ({ page, server }) => {
  await openPage(page, server);
  const calls = await page.evaluate(async (url) => {
    const { ReconnectingWebSocket } = await import('/index.mjs');
    const ws = new ReconnectingWebSocket(url);
    const calls = [];
    ws.addEventListener('message', () => calls.push('listener before'));
    ws.onmessage = () => calls.push('first handler');
    ws.addEventListener('message', (e) => {
      calls.push(`listener after ${e.data}`);
      if (e.data === 'one') {
        ws.onmessage = function () { calls.push(`second handler ${this === ws}`); };
        ws.send('two');
      } else if (e.data === 'two') {
        ws.onmessage = null;
        calls.push(`cleared ${ws.onmessage}`);
        ws.send('three');
      } else {
        ws.close();
      }
    });
    ws.onopen = () => ws.send('one');
    await new Promise((resolve) => { ws.onclose = resolve; });
    return calls;
  }, `ws://127.0.0.1:${server.port}/echo`);
  expect(calls).toEqual(['listener before', 'first handler', 'listener after one',
                         'listener before', 'second handler true', 'listener after two',
                         'cleared null', 'listener before', 'listener after three']);
});

test('close() while waiting to reconnect ends the socket without an error', async ({ page, server }) => {
  await openPage(page, server);
  await page.exposeFunction('__kill', () => server.kill());
  const out = await page.evaluate(async (url) => {
    const { ReconnectingWebSocket } = await import('/index.mjs');
    const ws = new ReconnectingWebSocket(url, [], { reconnect: { initialDelay: 60_000, maxDelay: 60_000 } });
    const log = [];
    await new Promise((resolve) => { ws.onopen = resolve; });
    ws.onerror = () => log.push('error');
    const waiting = new Promise((resolve) => { ws.onreconnecting = resolve; });
    window.__kill();
    await waiting;
    log.push(`state ${ws.readyState}`);
    const closed = new Promise((resolve) => { ws.onclose = resolve; });
    ws.close(1000);
    log.push(`state ${ws.readyState}`);
    const c = await closed;
    log.push(`close ${c.wasClean} state ${ws.readyState}`);
    return log;
  }, `ws://127.0.0.1:${server.port}/echo`);
  expect(out).toEqual(['state 0', 'state 2', 'close false state 3']);
});
