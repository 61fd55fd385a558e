// The browser's WebSocket interface (https://websockets.spec.whatwg.org/) over wsclient's
// Client, so that a page written for `new WebSocket(url)` runs on a socket that reconnects by
// itself. index.mjs binds it to a module instance; websocket.js (generated from this file by
// wasm/CMakeLists.txt) makes it a global for classic scripts.
//
// Where it differs from WebSocket, on purpose:
// - a dropped connection that will be retried sets readyState back to CONNECTING and fires
//   `reconnecting` (no `close`); `open` fires again on every reopen. `close` fires once, when
//   the socket is done for good (close() called, a fatal failure, or the retries given up,
//   which `gaveup` follows);
// - send() while CONNECTING queues the message (sent in order once open) instead of throwing;
//   it returns what became of it ("sent", "queued", "refused: why");
// - a wsclient option the page got wrong ends the socket with an `error` event (an ErrorEvent
//   whose message says why) and `close` 1006, as a refused connection does: the module loads
//   asynchronously, so the constructor cannot check them.

const connecting = 0;
const open = 1;
const closing = 2;
const closed = 3;

// WebSocket's own argument rules (the WebSocket standard, "close()"; RFC 6455 section 7.4):
// the browser throws on these, so this class must too, before the module is even loaded.
const max_reason_bytes = 123;
const close_code_allowed = (code) => code === 1000 || (code >= 3000 && code <= 4999);

/** Fired before each reconnect attempt: which attempt, after what delay, and what failed. */
export class ReconnectingEvent extends Event {
  constructor(type, init) {
    super(type);
    this.attempt = init.attempt;
    this.delay = init.delay;
    this.code = init.cause.closeCode;
    this.reason = init.cause.closeReason;
    this.error = init.cause.error;
    this.waitingForNetwork = init.waitingForNetwork;
  }
}

/** Fired after the final `close` when the client stopped retrying: why, and what was unsent. */
export class GaveUpEvent extends Event {
  constructor(type, init) {
    super(type);
    this.reason = init.reason;
    this.attempts = init.attempts;
    this.unsent = init.unsent;
  }
}

/** A WebSocket-compatible class whose Client comes from loadModule() (a promise of a module). */
export function defineReconnectingWebSocket(loadModule) {
  class ReconnectingWebSocket extends EventTarget {
    static CONNECTING = connecting;
    static OPEN = open;
    static CLOSING = closing;
    static CLOSED = closed;

    #url;
    #readyState = connecting;
    #protocol = '';
    #extensions = '';
    #binaryType = 'blob';
    #client = null;
    #pending = [];  // sends waiting for the module, or behind a Blob being read
    #pendingBytes = 0;
    #flushing = false;
    #closeRequest = null;  // {code, reason} once close() was called
    #handlers = new Map();

    /**
     * url: ws:// or wss:// (http:// and https:// are taken as ws:// and wss://, as browsers
     * do); protocols: a subprotocol or a list of them; options: the Client's options.
     */
    constructor(url, protocols = [], options = {}) {
      super();
      this.#url = parse_url(url);
      const list = typeof protocols === 'string' ? [protocols] : [...protocols].map(String);
      if (new Set(list).size !== list.length) {
        throw new DOMException(`duplicate subprotocol in ${list}`, 'SyntaxError');
      }
      const clientOptions = list.length > 0 ? { ...options, subprotocols: list } : options;
      Promise.resolve()
          .then(loadModule)
          .then((module) => this.#start(module, clientOptions),
                (e) => this.#end({ code: 1006, reason: '', wasClean: false, error: String(e) }));
    }

    get url() { return this.#url; }
    get readyState() { return this.#readyState; }
    get protocol() { return this.#protocol; }
    get extensions() { return this.#extensions; }
    get bufferedAmount() {
      return this.#pendingBytes + (this.#client ? this.#client.bufferedAmount() : 0);
    }
    get binaryType() { return this.#binaryType; }
    set binaryType(type) {
      if (type === 'blob' || type === 'arraybuffer') {
        this.#binaryType = type;  // anything else is ignored, as WebSocket does
      }
    }

    /** Text (a string, or anything else as String(data)), or bytes: ArrayBuffer, a view, Blob. */
    send(data) {
      if (this.#readyState === closing || this.#readyState === closed) {
        return 'refused: the socket is closing';
      }
      if (this.#client && this.#pending.length === 0 && !(data instanceof Blob)) {
        return this.#sendNow(data);
      }
      this.#pending.push(data);
      this.#pendingBytes += byte_length(data);
      this.#flush();
      return 'queued';
    }

    /** Closes for good: no reconnect after it. Throws as WebSocket does on a bad code or reason. */
    close(code, reason) {
      if (code !== undefined) {
        code = Math.min(Math.max(Math.round(Number(code)) || 0, 0), 65535);  // [Clamp] unsigned short
        if (!close_code_allowed(code)) {
          throw new DOMException(`close code ${code} is neither 1000 nor 3000-4999`,
                                 'InvalidAccessError');
        }
      }
      if (reason !== undefined) {
        reason = String(reason);
        if (new TextEncoder().encode(reason).length > max_reason_bytes) {
          throw new DOMException(`the close reason is longer than ${max_reason_bytes} bytes`,
                                 'SyntaxError');
        }
      }
      if (this.#readyState === closing || this.#readyState === closed) {
        return;
      }
      this.#readyState = closing;
      this.#closeRequest = { code, reason };
      this.#flush();  // what was sent before goes out first, then the close
    }

    #start(module, options) {
      if (this.#closeRequest) {
        this.#end({ code: 1006, reason: '', wasClean: false, error: '' });
        return;
      }
      const client = new module.Client(options);
      client.on('open', (i) => {
        this.#readyState = open;
        this.#protocol = i.subprotocol;
        this.#extensions = i.extensions;
        this.dispatchEvent(new Event('open'));
      });
      client.on('message', (m) => {
        const data = m.kind === 'text' ? m.data
            : this.#binaryType === 'arraybuffer' ? m.data.buffer : new Blob([m.data]);
        this.dispatchEvent(new MessageEvent('message', { data, origin: new URL(this.#url).origin }));
      });
      client.on('reconnecting', (r) => {
        this.#readyState = connecting;
        this.dispatchEvent(new ReconnectingEvent('reconnecting', r));
      });
      client.on('close', (c) => {
        if (c.willReconnect) {
          this.#readyState = connecting;  // `reconnecting` follows
          return;
        }
        // Freed once this event and the `gaveup` that may follow it have been reported.
        setTimeout(() => client.delete());
        this.#client = null;
        this.#end(c);
      });
      client.on('gaveup', (g) => this.dispatchEvent(new GaveUpEvent('gaveup', g)));
      const error = client.connect(this.#url);
      if (error) {
        client.delete();
        this.#end({ code: 1006, reason: '', wasClean: false, error });
        return;
      }
      this.#client = client;
      this.#flush();
    }

    #sendNow(data) {
      if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
        return this.#client.sendBinary(data);
      }
      return this.#client.sendText(String(data));
    }

    // Sends what waited, in order (a Blob is read first: nothing overtakes it), then the
    // close() that may have been asked for meanwhile.
    async #flush() {
      if (this.#flushing || !this.#client) {
        return;
      }
      this.#flushing = true;
      while (this.#pending.length > 0 && this.#client) {
        const item = this.#pending[0];
        const data = item instanceof Blob ? await item.arrayBuffer() : item;
        this.#pending.shift();
        this.#pendingBytes -= byte_length(item);
        if (this.#client) {
          this.#sendNow(data);
        }
      }
      this.#flushing = false;
      if (this.#client && this.#closeRequest) {
        this.#client.close(this.#closeRequest.code ?? 1000, this.#closeRequest.reason ?? '');
      }
    }

    // The socket is done: `error` if it failed (not after the page's own close()), then `close`.
    #end(c) {
      this.#readyState = closed;
      this.#pending = [];
      this.#pendingBytes = 0;
      if (!c.wasClean && !this.#closeRequest) {
        this.dispatchEvent(new ErrorEvent('error', { message: c.error }));
      }
      this.dispatchEvent(new CloseEvent('close',
                                        { code: c.code || 1006, reason: c.reason, wasClean: c.wasClean }));
    }

    static {
      for (const [name, value] of Object.entries({ CONNECTING: connecting, OPEN: open,
                                                   CLOSING: closing, CLOSED: closed })) {
        Object.defineProperty(this.prototype, name, { value, enumerable: true });
      }
      // onopen and the others: one handler per event, listening from the first time it is set
      // (its place among the listeners), replaced or cleared in place, as on a WebSocket.
      for (const type of ['open', 'message', 'close', 'error', 'reconnecting', 'gaveup']) {
        Object.defineProperty(this.prototype, `on${type}`, {
          get() { return this.#handlers.get(type) ?? null; },
          set(handler) {
            if (!this.#handlers.has(type)) {
              this.addEventListener(type, (event) => this.#handlers.get(type)?.call(this, event));
            }
            this.#handlers.set(type, typeof handler === 'function' ? handler : null);
          },
          enumerable: true,
        });
      }
    }
  }
  return ReconnectingWebSocket;
}

function parse_url(url) {
  let parsed;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new DOMException(`invalid URL: ${url}`, 'SyntaxError');
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    parsed.protocol = parsed.protocol === 'http:' ? 'ws:' : 'wss:';
  }
  if ((parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') || parsed.hash !== '') {
    throw new DOMException(`not a WebSocket URL (ws:// or wss://, no fragment): ${url}`,
                           'SyntaxError');
  }
  return parsed.href;
}

function byte_length(data) {
  if (data instanceof Blob) return data.size;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return new TextEncoder().encode(String(data)).length;
}
