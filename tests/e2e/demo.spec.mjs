// The web demo as a person uses it, and the wasm client's behaviour in a real browser.
import { test, expect, openDemo, startServer } from './fixtures.mjs';
import path from 'node:path';

test('all three panels connect (screenshot saved)', async ({ page, server }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openDemo(page, server);
  await expect(page.locator('#time .times li').first()).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('#counter .users')).toHaveText('1 user');
  const file = path.join(testInfo.project.outputDir, 'demo.png');
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
});

test('echo: typed text, binary and 1 MiB come back', async ({ page, server }) => {
  await openDemo(page, server);
  await page.fill('#echo input', 'héllo wörld ✓');
  await page.click('#echo button');
  await expect(page.locator('#echo .replies li').last()).toHaveText('héllo wörld ✓');

  const ok = await page.evaluate(async (url) => {
    const client = new window.demo.wsclient.Client();
    const bytes = new Uint8Array(1 << 20);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    const replies = [];
    const done = new Promise((resolve) => client.on('message', (m) => {
      replies.push(m);
      if (replies.length === 2) resolve();
    }));
    client.connect(url);
    client.sendBinary(new Uint8Array([0, 1, 2, 255]));
    client.sendBinary(bytes.buffer);
    await done;
    client.close();
    client.delete();
    const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
    return replies[0].kind === 'binary' && same(replies[0].data, [0, 1, 2, 255]) &&
           replies[1].kind === 'binary' && same(replies[1].data, bytes);
  }, `ws://127.0.0.1:${server.port}/echo`);
  expect(ok).toBe(true);
});

test.describe('time', () => {
  test.use({ serverArgs: ['--time-interval-ms', '100'] });
  test('ticks arrive as ISO-8601 UTC times', async ({ page, server }) => {
    await openDemo(page, server);
    await expect.poll(() => page.locator('#time .times li').count(), { timeout: 10_000 })
        .toBeGreaterThanOrEqual(5);
    const first = await page.locator('#time .times li').first().textContent();
    expect(first).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });
});

test('counter: two pages stay in sync and count their users', async ({ browser, server }) => {
  const one = await (await browser.newContext()).newPage();
  const two = await (await browser.newContext()).newPage();
  await openDemo(one, server);
  await openDemo(two, server);
  await expect(one.locator('#counter .users')).toHaveText('2 users');
  await expect(two.locator('#counter .users')).toHaveText('2 users');
  const start = Number(await one.locator('#counter .value').textContent());
  await one.click('#counter .plus');
  await one.click('#counter .plus');
  await two.click('#counter .minus');
  await expect(one.locator('#counter .value')).toHaveText(String(start + 1));
  await expect(two.locator('#counter .value')).toHaveText(String(start + 1));
  await two.close();
  await expect(one.locator('#counter .users')).toHaveText('1 user');
});

test('drop: the panel shows the reconnect, and what was sent meanwhile arrives', async ({ page, server }) => {
  await openDemo(page, server);
  await server.hook('/_test/reject?count=2&status=503');  // keeps it down for two attempts
  await server.hook('/_test/drop');
  await expect(page.locator('#echo')).toHaveAttribute('data-attempt', /\d+/);
  const sent = await page.evaluate(() => window.demo.echo.sendText('sent while down'));
  expect(['queued', 'sent']).toContain(sent);
  await expect(page.locator('#echo')).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  await expect(page.locator('#echo .replies li').last()).toHaveText('sent while down');
  const history = await page.evaluate(() => window.demo.history.echo);
  expect(history.slice(history.indexOf('waiting'))).toEqual(
      expect.arrayContaining(['waiting', 'connecting', 'open']));
});

test('server killed and restarted: the page reconnects by itself', async ({ page, server }) => {
  await openDemo(page, server);
  await server.kill();
  for (const panel of ['echo', 'time', 'counter']) {
    await expect(page.locator(`#${panel}`)).toHaveAttribute('data-state', /waiting|connecting/);
  }
  await expect(page.locator('#echo .countdown')).toHaveText(/next try in \d+\.\d s/);
  const again = await startServer({ port: server.port });
  try {
    for (const panel of ['echo', 'time', 'counter']) {
      await expect(page.locator(`#${panel}`)).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
    }
    await expect(page.locator('#counter .users')).toHaveText('1 user');
  } finally {
    await again.stop();
  }
});

test('an application close code the classifier treats as fatal: gives up and says so', async ({ page, server }) => {
  await openDemo(page, server);
  await server.hook('/_test/close?code=4003&reason=forbidden');
  for (const panel of ['echo', 'time', 'counter']) {
    await expect(page.locator(`#${panel}`)).toHaveAttribute('data-state', 'closed');
    await expect(page.locator(`#${panel}`)).toHaveAttribute('data-gave-up', 'true');
    await expect(page.locator(`#${panel} .attempt`)).toContainText('gave up');
    await expect(page.locator(`#${panel} .attempt`)).toContainText('4003 forbidden');
  }
});

test('close() sticks', async ({ page, server }) => {
  await openDemo(page, server);
  const attempts = await page.evaluate(() => {
    window.demo.echo.close(1000, 'bye');
    return window.demo.echo.stats().attempts;
  });
  await expect(page.locator('#echo')).toHaveAttribute('data-state', 'closed');
  // The other panels reconnect after a drop; by then a client that was going to has too.
  await server.hook('/_test/drop');
  await expect(page.locator('#time')).toHaveAttribute('data-attempt', /\d+/);
  await expect(page.locator('#time')).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  await expect(page.locator('#echo')).toHaveAttribute('data-state', 'closed');
  expect(await page.evaluate(() => window.demo.echo.stats().attempts)).toBe(attempts);
  expect(await page.evaluate(() => window.demo.echo.sendText('late'))).toMatch(/^refused: /);
});

test('a C++ program linked with wsclient::wsclient runs in the page and reconnects', async ({ page, server }) => {
  await page.goto(server.url + '/cpp.html');
  const log = page.locator('#log');
  await expect(log).toContainText('echo: hello from C++');
  await server.hook('/_test/drop');
  await expect(log).toContainText('reconnecting in');
  // The open hook says hello again on the new connection.
  await expect.poll(async () => (await log.textContent()).split('echo: hello from C++').length - 1,
                    { timeout: 15_000 }).toBe(2);
});

test('offline: retries wait for the network and start as soon as it is back', async ({ page, context, server }) => {
  await openDemo(page, server);
  await context.setOffline(true);
  await server.hook('/_test/drop');
  await expect(page.locator('#echo .countdown')).toHaveText('waiting for the network');
  await context.setOffline(false);
  for (const panel of ['echo', 'time', 'counter']) {
    await expect(page.locator(`#${panel}`)).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  }
});
