// The web demo: wsclient clients (the wasm module, not a hand-written WebSocket), each showing
// its connection state, its reconnect attempt and the countdown to the next try.
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

// Chat: the seed's chat room (docs/protocol.md, "/chat"), resumed after every reconnect. On
// each open the page joins with the last id it has, so the server replays only what it missed,
// then sends again, by the same client_msg_id and in order, every say it has no ack for: the
// server stores each once and acknowledges a resend with the original id.
const chat = { client: null, name: '', lastId: 0, unacked: new Map(), joined: false };
const chatPanel = document.getElementById('chat');
const chatList = chatPanel.querySelector('.messages');
// Ids of this page's says: unique across reloads too (a CID is unique per NAME).
const cidPrefix = Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
let cidCount = 0;

function chatLine(className, parts) {
  const item = document.createElement('li');
  item.className = className;
  for (const [part, text] of parts) {
    const span = document.createElement('span');
    span.className = part;
    span.textContent = text;
    item.appendChild(span);
  }
  return item;
}

function showChatMessage(m) {
  if (m.id <= chat.lastId) return;  // never shown twice (the server sends none: belt and braces)
  chat.lastId = m.id;
  if (m.from === chat.name) {
    chatList.querySelector(`li.pending[data-cid="${CSS.escape(m.client_msg_id)}"]`)?.remove();
  }
  const item = chatLine('message', [['ts', m.ts.slice(11, 19)], ['from', m.from], ['text', m.text]]);
  item.dataset.id = String(m.id);
  // Above the says still waiting for their ack, which stay at the bottom.
  chatList.insertBefore(item, chatList.querySelector('li.pending'));
  chatList.scrollTop = chatList.scrollHeight;
}

function sendSay(cid, text) {
  if (chat.joined) chat.client.sendText(JSON.stringify({ type: 'say', text, client_msg_id: cid }));
  // Otherwise it goes out after the next join (the 'open' handler).
}

function startChat(name) {
  chat.name = name;
  const client = connectPanel('chat', '/chat', options);
  chat.client = client;
  client.on('open', () => {
    // The join first, then the resends: the client sends in the order it is given.
    client.sendText(JSON.stringify({ type: 'join', name: chat.name, since: chat.lastId }));
    chat.joined = true;
    for (const [cid, text] of chat.unacked) sendSay(cid, text);
  });
  client.addEventListener('state', (state) => { if (state !== 'open') chat.joined = false; });
  client.on('message', (event) => {
    const m = JSON.parse(event.data);
    if (m.type === 'message') {
      showChatMessage(m);
    } else if (m.type === 'ack') {
      chat.unacked.delete(m.client_msg_id);
    } else if (m.type === 'presence') {
      chatPanel.querySelector('.presence').textContent = `online: ${m.users.join(', ')}`;
    } else if (m.type === 'truncated') {
      chatList.insertBefore(chatLine('note', [['text', `(older messages before ${m.oldest} not shown)`]]),
                            chatList.firstChild);
    } else if (m.type === 'error') {
      console.warn('chat:', m.message);
      chatPanel.querySelector('.attempt').textContent = m.message;
    }
  });
  for (const control of chatPanel.querySelectorAll('form.say input, form.say button')) {
    control.disabled = false;
  }
}

chatPanel.querySelector('form.join').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = event.target.elements.name;
  const name = input.value.trim();
  if (!name || chat.client) return;
  for (const control of event.target.elements) control.disabled = true;
  startChat(name);
});

chatPanel.querySelector('form.say').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = event.target.elements.text;
  const text = input.value;
  if (!text) return;
  input.value = '';
  const cid = `${cidPrefix}-${++cidCount}`;
  chat.unacked.set(cid, text);
  const item = chatLine('pending', [['from', chat.name], ['text', text]]);
  item.dataset.cid = cid;
  chatList.appendChild(item);
  sendSay(cid, text);
});

// For the end-to-end tests and the curious: the clients and the module.
window.demo = { wsclient, echo, time, counter, chat, history };
document.body.dataset.ready = 'true';
