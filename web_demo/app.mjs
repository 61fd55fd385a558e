// The web demo: three wsclient clients (the wasm module, not a hand-written WebSocket), each
// showing its connection state, its reconnect attempt and the countdown to the next try.
import createWsclient from './wsclient.mjs';

const wsclient = await createWsclient();
const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
// Every state each panel went through, in order (the end-to-end tests read it).
const history = {};

// Wires a client to its panel's status line; returns the client.
function connectPanel(name, path, options) {
  const panel = document.getElementById(name);
  const show = (selector, text) => { panel.querySelector(selector).textContent = text; };
  const client = new wsclient.Client(options);
  let nextTryAt = 0;
  let timer = 0;
  const tick = () => {
    const left = Math.max(0, nextTryAt - performance.now());
    show('.countdown', left > 0 ? `next try in ${(left / 1000).toFixed(1)} s` : '');
    if (left <= 0) { clearInterval(timer); timer = 0; }
  };
  history[name] = [];
  client.on('state', (state) => {
    history[name].push(state);
    panel.dataset.state = state;
    show('.state', state);
    if (state !== 'waiting') {
      nextTryAt = 0;
      tick();
    }
    if (state === 'open') show('.attempt', '');
  });
  client.on('reconnecting', (r) => {
    show('.attempt', `attempt ${r.attempt}`);
    panel.dataset.attempt = String(r.attempt);
    if (r.waitingForNetwork) {
      show('.countdown', 'waiting for the network');
      return;
    }
    nextTryAt = performance.now() + r.delay;
    if (!timer) timer = setInterval(tick, 100);
    tick();
  });
  client.on('gaveup', (g) => {
    show('.attempt', `gave up: ${g.lastFailure.error}` +
         (g.lastFailure.closeCode ? ` (${g.lastFailure.closeCode} ${g.lastFailure.closeReason})` : ''));
    panel.dataset.gaveUp = 'true';
  });
  const error = client.connect(base + path);
  if (error) show('.attempt', error);
  return client;
}

// Keeps the newest `limit` items of a list.
function append(list, text, limit = 50) {
  const item = document.createElement('li');
  item.textContent = text;
  list.appendChild(item);
  while (list.children.length > limit) list.removeChild(list.firstChild);
  list.scrollTop = list.scrollHeight;
}

const options = { reconnect: { initialDelay: 500, maxDelay: 5000 } };

// Echo: what you send comes back.
const echo = connectPanel('echo', '/echo', options);
const replies = document.querySelector('#echo .replies');
echo.on('message', (m) => {
  append(replies, m.kind === 'text' ? m.data : `<binary ${m.data.length} bytes>`);
});
document.querySelector('#echo form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = event.target.elements.text;
  echo.sendText(input.value);  // queued while the server is away, sent when it is back
  input.value = '';
});

// Time: the server's clock, as the seed's time page lists it.
const time = connectPanel('time', '/time', options);
const times = document.querySelector('#time .times');
time.on('message', (m) => append(times, m.data));

// Counter: the seed's shared counter and its users online.
const counter = connectPanel('counter', '/counter', options);
const value = document.querySelector('#counter .value');
const users = document.querySelector('#counter .users');
counter.on('message', (m) => {
  const data = JSON.parse(m.data);
  if (data.type === 'state') {
    value.textContent = data.value;
  } else if (data.type === 'users') {
    users.textContent = `${data.count} user${data.count === 1 ? '' : 's'}`;
  } else if (data.type === 'error') {
    console.warn('counter:', data.message);
  }
});
for (const [selector, action] of [['.minus', 'minus'], ['.plus', 'plus']]) {
  const button = document.querySelector(`#counter ${selector}`);
  const act = () => counter.sendText(JSON.stringify({ action }));
  button.addEventListener('click', act);
  button.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') act(); });
}

// For the end-to-end tests and the curious: the clients and the module.
window.demo = { wsclient, echo, time, counter, history };
document.body.dataset.ready = 'true';
