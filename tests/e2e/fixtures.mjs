// Fixtures: `server`, a wsclient-demo-server of its own for each test (port 0, test hooks,
// the built web demo as its web root, or the `webRoot` option), and a `page` that fails the
// test on any console error or uncaught exception. startSeedServer() runs
// tests/peers/seed_servers.py (Python websockets) the same way.
import { test as base, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const serverExe = process.env.WSCLIENT_DEMO_SERVER ??
    path.join(root, 'build/native-release/demo_server/wsclient-demo-server');
export const webRoot = process.env.WSCLIENT_WEB_ROOT ?? path.join(root, 'build/wasm-release/web');

/** Starts the demo server; resolves once it prints `listening on HOST:PORT`. */
export async function startServer({ port = 0, args = [], directory = webRoot } = {}) {
  return started(spawn(serverExe, ['--host', '127.0.0.1', '--port', String(port), '--test-hooks',
                                   '--web-root', directory, '--log-level', 'warn', ...args],
                       { stdio: ['ignore', 'pipe', 'inherit'] }));
}

/** Starts the seed's servers in Python (tests/peers/seed_servers.py: /echo, /counter...). */
export async function startSeedServer() {
  return started(spawn('/usr/bin/python3', [path.join(root, 'tests/peers/seed_servers.py')],
                       { stdio: ['ignore', 'pipe', 'inherit'] }));
}

async function started(child) {
  const lines = readline.createInterface({ input: child.stdout });
  const [first] = await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(([code]) => { throw new Error(`server exited with ${code}`); }),
  ]);
  const match = /^listening on 127\.0\.0\.1:(\d+)$/.exec(first);
  if (!match) throw new Error(`unexpected first line from the server: ${first}`);
  lines.on('line', () => {});  // keep draining the endpoint list
  const bound = Number(match[1]);
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    /** POSTs a test hook (see README), e.g. hook('/_test/drop'). */
    async hook(target) {
      const response = await fetch(`http://127.0.0.1:${bound}${target}`, { method: 'POST' });
      expect(response.status, `${target}: ${await response.clone().text()}`).toBe(200);
      return response.json();
    },
    /** SIGKILL, as a crash would: no close frames. */
    async kill() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export const test = base.extend({
  serverArgs: [[], { option: true }],
  webRoot: [webRoot, { option: true }],
  server: async ({ serverArgs, webRoot }, use) => {
    const server = await startServer({ args: serverArgs, directory: webRoot });
    await use(server);
    await server.stop();
  },
  page: async ({ page }, use) => {
    const problems = [];
    page.on('console', (m) => {
      // Chromium itself logs every WebSocket it could not open (server down, upgrade refused);
      // no page can prevent that, and those failures are what reconnect tests cause.
      if (m.type() === 'error' && !/^WebSocket connection to '.*' failed: /.test(m.text())) {
        problems.push(`console: ${m.text()}`);
      }
    });
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    await use(page);
    expect(problems, 'console errors or uncaught exceptions on the page').toEqual([]);
  },
});

export { expect };

/** Opens the demo and waits for its three panels to be open. */
export async function openDemo(page, server) {
  await page.goto(server.url + '/');
  for (const panel of ['echo', 'time', 'counter']) {
    await expect(page.locator(`#${panel}`)).toHaveAttribute('data-state', 'open');
  }
}
