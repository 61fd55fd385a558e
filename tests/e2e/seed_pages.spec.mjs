// The seed tutorial's own time and counter pages, read from the seed file at run time (this
// repository holds no copy), run on ReconnectingWebSocket: the line that creates the socket is
// the one line changed, and websocket.js is loaded before the page's (classic) script.
import { test, expect, startServer, startSeedServer } from './fixtures.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// The seed sits next to the checkout (../shared/seed from its root); a clone made elsewhere
// finds the machine's copy, or WSCLIENT_SEED_DIR.
const seedDir = process.env.WSCLIENT_SEED_DIR ??
    [path.resolve(here, '../../../shared/seed'), '/work/shared/seed'].find((d) => fs.existsSync(d)) ??
    path.resolve(here, '../../../shared/seed');
const packageDir = process.env.WSCLIENT_NPM_DIR ?? path.resolve(here, '../../build/wasm-release/npm');

// The seed file lost the lines made only of closing brackets (`}`, `};`) and the `<body>` tag
// of the time page (whose script, in the head without it, finds no document.body): without them
// the pages do not run. These put back the ones the pages need, each after the line it follows
// in the tutorial; nothing else of the pages changes.
const restored = {
  time: [['</head>', '<body>'], ['messages.appendChild(message);', '};']],
  counter: [
    ["websocket.send(JSON.stringify({action: 'minus'}));", '};'],
    ["websocket.send(JSON.stringify({action: 'plus'}));", '};'],
    ['"unsupported event", data);', '}', '};'],
  ],
};

/** The seed's page whose socket connects to `port` (5678: time, 6789: counter), as lines. */
function seedPage(port) {
  const [file] = fs.readdirSync(seedDir).filter((f) => /^000_.*\.txt$/.test(f));
  const lines = fs.readFileSync(path.join(seedDir, file), 'utf8').split('\n');
  const socketLine = lines.findIndex((l) => l.includes(`new WebSocket("ws://127.0.0.1:${port}/")`));
  expect(socketLine, `the seed's page for port ${port}`).toBeGreaterThan(0);
  // The page: from the prose line that introduces it ("...写入html文件...") to its </html>.
  let start = socketLine;
  while (!lines[start - 1].includes('html文件')) start -= 1;
  const end = lines.indexOf('</html>', socketLine);
  return { lines: lines.slice(start, end + 1), socketLine: socketLine - start };
}

/** The page with the socket line changed, websocket.js before its script, and the repairs. */
function portedPage(port, name, url) {
  const { lines, socketLine } = seedPage(port);
  const original = lines[socketLine];
  lines[socketLine] = original.replace(/new WebSocket\("[^"]*"\)/,
                                       `new ReconnectingWebSocket("${url}")`);
  expect(lines[socketLine]).not.toBe(original);
  const out = [];
  for (const line of lines) {
    if (line === '<script>') out.push('<script src="websocket.js"></script>');
    out.push(line);
    for (const [after, ...closing] of restored[name]) {
      if (line === after) out.push(...closing);
    }
  }
  return out.join('\n');
}

// A web root of its own: the package's files and the ported pages.
function webRootWith(pages) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsclient-seed-pages-'));
  for (const f of fs.readdirSync(packageDir)) {
    fs.copyFileSync(path.join(packageDir, f), path.join(dir, f));
  }
  fs.writeFileSync(path.join(dir, 'favicon.ico'), '');  // the pages have none: no 404 for it
  for (const [name, html] of Object.entries(pages)) {
    fs.writeFileSync(path.join(dir, `${name}.html`), html);
  }
  return dir;
}

test('the seed\'s time page lists the times the server pushes', async ({ page }) => {
  const server = await startServer({ args: ['--time-interval-ms', '50'] });
  const root = webRootWith({ time: portedPage(5678, 'time', `ws://127.0.0.1:${server.port}/time`) });
  const web = await startServer({ directory: root });
  try {
    await page.goto(`${web.url}/time.html`);
    await expect.poll(() => page.locator('li').count()).toBeGreaterThanOrEqual(5);
    const times = await page.locator('li').allTextContents();
    for (const t of times) expect(new Date(t).toString()).not.toBe('Invalid Date');
    expect(times[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    // The server drops every connection: the page goes on listing times after the reconnect.
    const before = await page.locator('li').count();
    await server.hook('/_test/drop');
    await expect.poll(() => page.locator('li').count()).toBeGreaterThan(before + 5);
  } finally {
    await web.stop();
    await server.stop();
    fs.rmSync(root, { recursive: true });
  }
});

for (const peer of ['demo server', 'seed server (Python)']) {
  test(`the seed's counter page: +/- and the users count, on the ${peer}`, async ({ page, context }) => {
    const server = peer === 'demo server' ? await startServer() : await startSeedServer();
    const root = webRootWith({
      counter: portedPage(6789, 'counter', `ws://127.0.0.1:${server.port}/counter`) });
    const web = await startServer({ directory: root });
    const second = await context.newPage();
    try {
      await page.goto(`${web.url}/counter.html`);
      await expect(page.locator('.users')).toHaveText('1 user');
      await expect(page.locator('.value')).toHaveText('0');
      await second.goto(`${web.url}/counter.html`);
      await expect(page.locator('.users')).toHaveText('2 users');
      await expect(second.locator('.users')).toHaveText('2 users');
      await page.locator('.plus').click();
      await page.locator('.plus').click();
      await expect(second.locator('.value')).toHaveText('2');
      await second.locator('.minus').click();
      await expect(page.locator('.value')).toHaveText('1');
      await expect(second.locator('.value')).toHaveText('1');
      await second.close();
      await expect(page.locator('.users')).toHaveText('1 user');
      if (peer === 'demo server') {
        // Where a WebSocket would be dead for good, the page reconnects and goes on.
        await server.hook('/_test/drop');
        await page.locator('.plus').click();  // sent once open again
        await expect(page.locator('.value')).toHaveText('2');
        await expect(page.locator('.users')).toHaveText('1 user');
      }
    } finally {
      await web.stop();
      await server.stop();
      fs.rmSync(root, { recursive: true });
    }
  });
}
