// The npm package as a user gets it: the tarball the build packs (target npm_pack) installed
// into a scratch project (offline: a local tarball needs no registry), type-checked there, and
// loaded in Chromium over HTTP through an import map and through a plain relative import.
import { test, expect, startServer } from './fixtures.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const build = process.env.WSCLIENT_WASM_BUILD ?? path.resolve(here, '../../build/wasm-release');
const tsc = path.join(here, 'node_modules/typescript/bin/tsc');

// Each page echoes one message through the package and shows the reply in data-echo.
const page_script = (specifier) => `
  import create, { ReconnectingWebSocket } from '${specifier}';
  const ws = new ReconnectingWebSocket(\`ws://\${location.host}/echo\`);
  ws.onopen = () => ws.send('through ${specifier}');
  ws.onmessage = async (event) => {
    const wsclient = await create();  // the module factory, Client next to the class
    document.body.dataset.echo = \`\${event.data} \${typeof wsclient.Client}\`;
    ws.close();
  };`;

const import_map_page = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>import map</title><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "wsclient": "./node_modules/wsclient/index.mjs" } }</script>
</head><body><script type="module">${page_script('wsclient')}</script></body></html>`;

const relative_page = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>relative import</title><link rel="icon" href="data:,">
</head><body><script type="module">${page_script('./node_modules/wsclient/index.mjs')}</script>
</body></html>`;

const typed_use = `import { ReconnectingWebSocket } from 'wsclient';
import createWsclient, { type Events } from 'wsclient/wsclient.mjs';
const ws = new ReconnectingWebSocket('ws://127.0.0.1:8080/echo');
ws.onreconnecting = (e) => console.log(e.attempt, e.delay);
const m = await createWsclient();
m.Client.liveSockets();
export const handler = (m: Events['message']) => m.kind;
`;

test('the packed tarball installs offline and loads in a page', async ({ page, browser }) => {
  const { version, name } = JSON.parse(fs.readFileSync(path.join(build, 'npm/package.json'), 'utf8'));
  const tarball = path.join(build, `${name}-${version}.tgz`);
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'wsclient-npm-'));
  let server;
  try {
    fs.writeFileSync(path.join(project, 'package.json'),
                     JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball],
                 { cwd: project, stdio: 'pipe' });
    const installed = path.join(project, 'node_modules/wsclient');
    expect(fs.readdirSync(installed).sort()).toEqual([
      'index.d.mts', 'index.mjs', 'package.json', 'reconnecting_websocket.d.mts',
      'reconnecting_websocket.mjs', 'websocket.js', 'wsclient.d.mts', 'wsclient.mjs',
      'wsclient.wasm']);
    // The declarations resolve through "exports" as a bundler or TypeScript sees them.
    fs.writeFileSync(path.join(project, 'use.mts'), typed_use);
    execFileSync(process.execPath, [tsc, '--strict', '--noEmit', '--target', 'es2022', '--module',
                                    'es2022', '--moduleResolution', 'bundler', '--lib',
                                    'es2022,dom', 'use.mts'], { cwd: project, stdio: 'pipe' });
    fs.writeFileSync(path.join(project, 'import_map.html'), import_map_page);
    fs.writeFileSync(path.join(project, 'relative.html'), relative_page);
    server = await startServer({ directory: project });
    await page.goto(`${server.url}/import_map.html`);
    await expect(page.locator('body')).toHaveAttribute('data-echo', 'through wsclient function');
    await page.goto(`${server.url}/relative.html`);
    await expect(page.locator('body')).toHaveAttribute(
        'data-echo', 'through ./node_modules/wsclient/index.mjs function');
    // The same page as a file:// URL: the module is blocked (CORS), as the README says.
    const local = await browser.newPage();
    const blocked = new Promise((resolve) => {
      local.on('console', (m) => { if (/CORS policy/.test(m.text())) resolve(m.text()); });
    });
    await local.goto(`file://${project}/relative.html`);
    expect(await blocked).toMatch(/index\.mjs' from origin 'null' has been blocked/);
    await expect(local.locator('body')).not.toHaveAttribute('data-echo', /./);
    await local.close();
  } finally {
    await server?.stop();
    fs.rmSync(project, { recursive: true });
  }
});
