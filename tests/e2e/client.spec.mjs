// The wasm client's own rules in a real browser: no socket leaks, no throws into wasm, what
// a browser cannot do is refused with a reason.
import { test, expect } from './fixtures.mjs';

test('1,000 reconnects hold at most one live socket', async ({ page, server }) => {
  await page.goto(server.url + '/');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const result = await page.evaluate((url) => new Promise((resolve) => {
    const { Client } = window.demo.wsclient;
    // Each connection opens, stays silent for 1 ms and is dropped by the watchdog: a full
    // open-drop-reconnect cycle every few ms. (Failed handshakes would not do: Chromium
    // throttles those to a few per second.)
    const client = new Client({ reconnect: { initialDelay: 0, maxDelay: 0, jitter: 'none' },
                                liveness: { silenceTimeout: 1 } });
    let most = 0;
    client.on('state', () => {
      most = Math.max(most, Client.liveSockets() - 3);  // the demo's own three panels
    });
    client.on('reconnecting', (r) => {
      if (r.attempt > 1000) {
        client.close();
        client.delete();
        resolve({ attempts: r.attempt - 1, most, after: Client.liveSockets() - 3 });
      }
    });
    client.connect(url);
  }), `ws://127.0.0.1:${server.port}/echo`);
  expect(result.attempts).toBeGreaterThanOrEqual(1000);
  expect(result.most).toBeLessThanOrEqual(1);
  expect(result.after).toBe(0);
});

test('events for a deleted client do nothing', async ({ page, server }) => {
  await page.goto(server.url + '/');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const live = await page.evaluate((url) => new Promise((resolve) => {
    const { Client } = window.demo.wsclient;
    const client = new Client();
    client.on('open', () => {
      client.sendText('echo me after my death');
      client.delete();  // from inside its own handler
      setTimeout(() => resolve(Client.liveSockets()), 200);
    });
    client.on('message', () => { throw new Error('a deleted client reported a message'); });
    client.connect(url);
  }), `ws://127.0.0.1:${server.port}/echo`);
  expect(live).toBe(3);  // the demo's own panels only
});

test('send while connecting and bad close arguments never throw into wasm', async ({ page, server }) => {
  await page.goto(server.url + '/');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const out = await page.evaluate((url) => new Promise((resolve) => {
    const { Client } = window.demo.wsclient;
    const client = new Client();
    client.connect(url);  // starts on the next turn of the event loop: the socket is not open
    const whileConnecting = client.sendText('early');
    const results = {
      whileConnecting,
      badCode: client.close(1001),
      reservedCode: client.close(2999),
      longReason: client.close(1000, 'r'.repeat(124)),
      notANumber: client.close(99999),
      badBinary: client.sendBinary('not bytes'),
      badEvent: client.on('nonsense', () => {}),
      state: client.state(),
    };
    client.on('message', (m) => {
      results.echoed = m.data;
      results.closeOk = client.close(4000, 'done');
      resolve(results);
    });
  }), `ws://127.0.0.1:${server.port}/echo`);
  expect(out.whileConnecting).toBe('queued');
  expect(out.badCode).toMatch(/1000 or 3000-4999/);
  expect(out.reservedCode).toMatch(/1000 or 3000-4999/);
  expect(out.longReason).toMatch(/123 bytes/);
  expect(out.notANumber).toMatch(/1000 or 3000-4999/);
  expect(out.badBinary).toMatch(/^refused: /);
  expect(out.badEvent).toMatch(/unknown event/);
  expect(['idle', 'connecting']).toContain(out.state);
  expect(out.echoed).toBe('early');
  expect(out.closeOk).toBe('');
});

test('what a browser cannot do is refused with a reason', async ({ page, server }) => {
  await page.goto(server.url + '/');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const out = await page.evaluate((url) => {
    const { Client } = window.demo.wsclient;
    const tryOptions = (options) => {
      const c = new Client(options);
      const error = c.connect(url);
      c.delete();
      return error;
    };
    return {
      capabilities: Client.capabilities(),
      headers: tryOptions({ headers: { Authorization: 'Bearer x' } }),
      ping: tryOptions({ liveness: { pingInterval: 1000 } }),
      tls: tryOptions({ tls: { caPem: 'x' } }),
      deflate: tryOptions({ compression: { clientMaxWindowBits: 11 } }),
      typo: tryOptions({ reconnect: { initalDelay: 5 } }),
      wrongType: tryOptions({ reconnect: { maxDelay: 'soon' } }),
      badJitter: tryOptions({ reconnect: { jitter: 'lots' } }),
      badUrl: tryOptions({}).length === 0 ? new Client().connect('http://x/') : 'unexpected',
      fine: tryOptions({ liveness: { heartbeatInterval: 1000, silenceTimeout: 3000 } }),
    };
  }, `ws://127.0.0.1:${server.port}/echo`);
  expect(out.capabilities).toEqual({ customHeaders: false, tlsOptions: false, protocolPing: false,
                                     httpStatus: false, compressionOptions: false, proxy: false,
                                     resolveOverrides: false });
  expect(out.headers).toMatch(/custom headers/);
  expect(out.ping).toMatch(/heartbeat/);
  expect(out.tls).toMatch(/TLS/);
  expect(out.deflate).toMatch(/permessage-deflate/);
  expect(out.typo).toBe('unknown option reconnect.initalDelay');
  expect(out.wrongType).toMatch(/reconnect.maxDelay must be a number/);
  expect(out.badJitter).toMatch(/reconnect.jitter must be one of/);
  expect(out.badUrl).toMatch(/invalid WebSocket URL/);
  expect(out.fine).toBe('');
});

test('a silent server is detected by the heartbeat and silence watchdog', async ({ page, server }) => {
  await page.goto(server.url + '/');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await page.exposeFunction('__stall', () => server.hook('/_test/stall?ms=5000'));
  const closed = page.evaluate((url) => new Promise((resolve) => {
    const { Client } = window.demo.wsclient;
    const client = new Client({ liveness: { heartbeatInterval: 100, silenceTimeout: 500 } });
    client.on('open', () => { window.__stall(); });
    client.on('close', (c) => { resolve(c); client.close(); });
    client.connect(url);
  }), `ws://127.0.0.1:${server.port}/echo`);
  const info = await closed;
  expect(info.error).toMatch(/nothing received within the silence timeout/);
  expect(info.willReconnect).toBe(true);
});

test('drain fires once the socket has taken a large send, and stats show the moment', async ({ page, server }) => {
  await page.goto(server.url + '/');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const out = await page.evaluate((url) => new Promise((resolve) => {
    const { Client } = window.demo.wsclient;
    const client = new Client({ lowWaterMark: 1024 });
    const seen = { drains: 0 };
    const finish = () => {
      if (seen.drains === 0 || seen.echoed === undefined) return;
      client.close();
      client.delete();
      resolve(seen);
    };
    client.on('drain', () => {
      seen.drains += 1;
      seen.bufferedAtDrain = client.bufferedAmount();
      finish();
    });
    client.on('open', () => {
      seen.queuedBeforeSend = client.stats().queuedMessages;
      client.sendBinary(new Uint8Array(4 << 20));
      // The browser holds the bytes now: they count until its socket has sent them.
      seen.bufferedAfterSend = client.bufferedAmount();
    });
    client.on('message', (m) => {
      const stats = client.stats();
      seen.echoed = m.data.length;
      seen.connectedFor = stats.connectedFor;
      seen.queuedAfter = stats.queuedMessages;
      finish();
    });
    client.connect(url);
  }), `ws://127.0.0.1:${server.port}/echo`);
  expect(out.queuedBeforeSend).toBe(0);
  expect(out.bufferedAfterSend).toBeGreaterThan(1024);
  expect(out.drains).toBe(1);
  expect(out.bufferedAtDrain).toBeLessThanOrEqual(1024);
  expect(out.echoed).toBe(4 << 20);
  expect(out.connectedFor).toBeGreaterThanOrEqual(0);
  expect(out.queuedAfter).toBe(0);
});

test('a tracked message the server never answered is sent again after the reconnect', async ({ page, server }) => {
  await page.goto(server.url + '/');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  // The server stops reading and writing for a second: the tracked message is not echoed,
  // the silence watchdog drops the connection, and the reconnect sends it again.
  await page.exposeFunction('__stall', () => server.hook('/_test/stall?ms=1000'));
  const out = await page.evaluate((url) => new Promise((resolve) => {
    const { Client } = window.demo.wsclient;
    const client = new Client({ liveness: { heartbeatInterval: 100, silenceTimeout: 300 },
                                reconnect: { initialDelay: 50, maxDelay: 50, jitter: 'none' } });
    const seen = { sent: [] };
    client.on('open', async (info) => {
      if (info.attempt !== 1 || seen.sent.length > 0) return;
      await window.__stall();
      seen.sent.push(client.sendTrackedText('a', 'tracked a'));
      seen.sent.push(client.sendTrackedText('a', 'same id'));
      seen.pendingAfterSend = client.stats().trackedPending;
    });
    client.on('message', (m) => {
      // The echo is the acknowledgement; the ids are known from the texts here.
      if (m.data === 'tracked a' && client.acknowledge('a')) {
        const stats = client.stats();
        Object.assign(seen, { trackedPending: stats.trackedPending, trackedResent: stats.trackedResent,
                              connects: stats.connects, again: client.acknowledge('a') });
        client.close();
        client.delete();
        resolve(seen);
      }
    });
    client.connect(url);
  }), `ws://127.0.0.1:${server.port}/echo`);
  expect(out.sent[0]).toBe('sent');
  expect(out.sent[1]).toMatch(/^refused: tracking id empty or already awaiting acknowledgement/);
  expect(out.pendingAfterSend).toBe(1);
  expect(out.trackedPending).toBe(0);
  expect(out.trackedResent).toBeGreaterThanOrEqual(1);
  expect(out.connects).toBeGreaterThanOrEqual(2);
  expect(out.again).toBe(false);
});
