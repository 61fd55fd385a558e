// The web demo's chat panel in Chromium: two pages chat, the server is killed (SIGKILL) and
// restarted on the same log, and both pages end with the same complete history: what was said
// before the crash, and what was typed while the server was away (resent by client_msg_id
// after the page joined again with the last id it had).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, startServer } from './fixtures.mjs';

// The chat history a page shows: [id, from, text] of each stored message, in order.
async function historyOf(page) {
  return page.locator('#chat .messages li.message').evaluateAll((items) => items.map((li) => [
    Number(li.dataset.id), li.querySelector('.from').textContent, li.querySelector('.text').textContent,
  ]));
}

async function join(page, url, name) {
  await page.goto(url + '/');
  await page.locator('#chat form.join input').fill(name);
  await page.locator('#chat form.join button').click();
  await expect(page.locator('#chat')).toHaveAttribute('data-state', 'open');
}

async function say(page, text) {
  await page.locator('#chat form.say input').fill(text);
  await page.locator('#chat form.say button').click();
}

test('two pages chat through a server crash and see the same complete history', async ({ page, context }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-e2e-'));
  const args = ['--chat-log', path.join(dir, 'chat.log')];
  let server = await startServer({ args });
  const other = await context.newPage();
  const problems = [];
  other.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  try {
    await join(page, server.url, 'ann');
    await join(other, server.url, 'ben');
    await expect(page.locator('#chat .presence')).toHaveText('online: ann, ben');

    await say(page, 'hello from ann');
    await expect(other.locator('#chat .messages li.message')).toHaveCount(1);
    await say(other, 'hello from ben');
    for (const p of [page, other]) {
      await expect(p.locator('#chat .messages li.message')).toHaveCount(2);
    }

    await server.kill();
    for (const p of [page, other]) {
      await expect(p.locator('#chat')).toHaveAttribute('data-state', /waiting|connecting/);
    }
    await expect(page.locator('#chat .countdown')).toHaveText(/next try in \d+\.\d s/);
    // Typed while the server is away: shown as pending, sent once the page has joined again.
    await say(page, 'ann while the server was down');
    await say(other, 'ben while the server was down');
    await say(page, 'ann again');
    await expect(page.locator('#chat .messages li.pending')).toHaveCount(2);

    server = await startServer({ port: server.port, args });
    for (const p of [page, other]) {
      await expect(p.locator('#chat')).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
      await expect(p.locator('#chat .messages li.message')).toHaveCount(5, { timeout: 15_000 });
      await expect(p.locator('#chat .messages li.pending')).toHaveCount(0);
    }
    const seen = await historyOf(page);
    expect(await historyOf(other)).toEqual(seen);
    expect(seen.map(([id]) => id)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.slice(0, 2)).toEqual([[1, 'ann', 'hello from ann'], [2, 'ben', 'hello from ben']]);
    // The three typed offline, each once; ann's two in the order she typed them.
    const later = seen.slice(2).map(([, from, text]) => `${from}: ${text}`);
    expect([...later].sort()).toEqual(
        ['ann: ann again', 'ann: ann while the server was down', 'ben: ben while the server was down']);
    expect(later.indexOf('ann: ann while the server was down')).toBeLessThan(later.indexOf('ann: ann again'));
    // And the log holds the same five, once each.
    const logged = fs.readFileSync(path.join(dir, 'chat.log'), 'utf8').trim().split('\n')
        .map((line) => JSON.parse(line)).map((m) => [m.id, m.from, m.text]);
    expect(logged).toEqual(seen);
    expect(problems).toEqual([]);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
