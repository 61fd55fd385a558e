// The browser side of wsclient's wasm transport (an Emscripten --js-library).
//
// Sockets live in a table this library owns, keyed by small integers, so that C++ never holds
// a JS object and a late browser event for a socket that was deleted finds nothing and does
// nothing. Every call into the browser's WebSocket is wrapped: send() while CONNECTING, an
// invalid close code or a bad URL throw in JS, and a throw must never reach wasm. (This
// replaces Emscripten 3.1.6's websocket.h, whose delete leaks every socket and whose calls do
// not catch.)
mergeInto(LibraryManager.library, {
  $WSC: {
    // id -> WebSocket. Made on first use: Emscripten writes this object out as source text,
    // and a Map does not survive that.
    map: null,
    sockets: function() {
      if (!WSC.map) WSC.map = new Map();
      return WSC.map;
    },
    nextId: 1,
    encoder: null,
    decoder: null,
    watching: false,

    // Copies bytes into a fresh wasm buffer, calls fn(ptr, len), frees the buffer.
    withBytes: function(bytes, fn) {
      var ptr = _wsclient_js_alloc(bytes.length + 1);
      HEAPU8.set(bytes, ptr);
      HEAPU8[ptr + bytes.length] = 0;
      try {
        fn(ptr, bytes.length);
      } finally {
        _wsclient_js_free(ptr);
      }
    },

    withString: function(text, fn) {
      if (!WSC.encoder) WSC.encoder = new TextEncoder();
      WSC.withBytes(WSC.encoder.encode(text || ''), fn);
    },

    // The event came from the socket the table holds for id (not a replaced or deleted one).
    current: function(id, ws) {
      return WSC.sockets().get(id) === ws;
    },
  },

  // Opens a socket; returns its id, or 0 when the browser refuses the URL or protocols.
  wsclient_js_open__deps: ['$WSC'],
  wsclient_js_open: function(urlPtr, protocolsPtr) {
    var url = UTF8ToString(urlPtr);
    var protocolList = UTF8ToString(protocolsPtr);
    var ws;
    try {
      ws = protocolList ? new WebSocket(url, protocolList.split(',')) : new WebSocket(url);
    } catch (e) {
      return 0;
    }
    ws.binaryType = 'arraybuffer';
    var id = WSC.nextId++;
    WSC.sockets().set(id, ws);
    ws.onopen = function() {
      if (!WSC.current(id, ws)) return;
      WSC.withString(ws.protocol, function(p) {
        WSC.withString(ws.extensions, function(e) { _wsclient_js_on_open(id, p, e); });
      });
    };
    ws.onmessage = function(event) {
      if (!WSC.current(id, ws)) return;
      if (typeof event.data === 'string') {
        WSC.withString(event.data, function(ptr, len) { _wsclient_js_on_message(id, ptr, len, 1); });
      } else {
        WSC.withBytes(new Uint8Array(event.data),
                      function(ptr, len) { _wsclient_js_on_message(id, ptr, len, 0); });
      }
    };
    ws.onclose = function(event) {
      if (!WSC.current(id, ws)) return;
      WSC.sockets().delete(id);
      WSC.withString(event.reason, function(r) {
        _wsclient_js_on_close(id, event.code, r, event.wasClean ? 1 : 0);
      });
    };
    ws.onerror = function() {};  // a close event always follows, with what can be known
    return id;
  },

  // 1 when the browser took the message, 0 when it refused (not open, or it threw).
  wsclient_js_send__deps: ['$WSC'],
  wsclient_js_send: function(id, ptr, len, isText) {
    var ws = WSC.sockets().get(id);
    if (!ws || ws.readyState !== 1) return 0;
    try {
      if (isText) {
        if (!WSC.decoder) WSC.decoder = new TextDecoder();
        ws.send(WSC.decoder.decode(HEAPU8.subarray(ptr, ptr + len)));
      } else {
        ws.send(HEAPU8.slice(ptr, ptr + len));
      }
      return 1;
    } catch (e) {
      return 0;
    }
  },

  // Starts the closing handshake; 0 when the browser refused.
  wsclient_js_close__deps: ['$WSC'],
  wsclient_js_close: function(id, code, reasonPtr) {
    var ws = WSC.sockets().get(id);
    if (!ws) return 0;
    try {
      ws.close(code, UTF8ToString(reasonPtr));
      return 1;
    } catch (e) {
      return 0;
    }
  },

  // Forgets the socket: no event of it reaches wasm again, and it is closed if still live.
  wsclient_js_delete__deps: ['$WSC'],
  wsclient_js_delete: function(id) {
    var ws = WSC.sockets().get(id);
    if (!ws) return;
    WSC.sockets().delete(id);
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close();
    } catch (e) {
    }
  },

  wsclient_js_buffered__deps: ['$WSC'],
  wsclient_js_buffered: function(id) {
    var ws = WSC.sockets().get(id);
    return ws ? ws.bufferedAmount : 0;
  },

  // How many sockets the table holds (a leak test reads it).
  wsclient_js_live_sockets__deps: ['$WSC'],
  wsclient_js_live_sockets: function() {
    return WSC.sockets().size;
  },

  // Reports the browser's online/offline events to wasm (once per page).
  wsclient_js_watch_network__deps: ['$WSC'],
  wsclient_js_watch_network: function() {
    if (WSC.watching || typeof window === 'undefined') return;
    WSC.watching = true;
    window.addEventListener('online', function() { _wsclient_js_on_network(1); });
    window.addEventListener('offline', function() { _wsclient_js_on_network(0); });
  },

  wsclient_js_is_online: function() {
    return (typeof navigator === 'undefined' || navigator.onLine !== false) ? 1 : 0;
  },
});
