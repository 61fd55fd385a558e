// The C side of js/socket_table.js: the functions wasm calls, and the callbacks the browser's
// socket events arrive through.
#pragma once

#include <cstddef>

extern "C" {
/// Opens a WebSocket; its id, or 0 when the browser refuses the URL or the protocols.
int wsclient_js_open(const char* url, const char* comma_separated_protocols);
/// 1 when the browser took the message (it never throws into wasm), else 0.
int wsclient_js_send(int id, const char* data, std::size_t size, int is_text);
/// The socket's bufferedAmount: bytes sent and not yet transmitted (0 for an unknown id).
double wsclient_js_buffered(int id);
/// Starts the closing handshake; 0 when the browser refused.
int wsclient_js_close(int id, int code, const char* reason);
/// Forgets the socket (closing it if live): none of its events reaches wasm again.
void wsclient_js_delete(int id);
/// Sockets the table holds: at most one per client, whatever the number of reconnects.
int wsclient_js_live_sockets();
void wsclient_js_watch_network();
int wsclient_js_is_online();
}
