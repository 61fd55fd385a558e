// Errors of wsclient as std::error_code values: nothing in the API throws (Emscripten builds
// run with exception catching off), every failure is an error code in a result or an event.
#pragma once

#include <string>
#include <system_error>

namespace wsclient {

/// What went wrong. Values are stable (logged and compared by number in tests).
enum class errc {
  // Usage: refused synchronously, nothing was changed.
  invalid_url = 1,        ///< not ws:// or wss://, bad port, no host, fragment...
  invalid_close_code,     ///< a client may send 1000 or 3000-4999 (RFC 6455 section 7.4)
  close_reason_too_long,  ///< more than 123 bytes (RFC 6455 section 5.5: 125 minus the code)
  invalid_utf8,           ///< a text message must be UTF-8 (RFC 6455 section 5.6)
  unsupported,            ///< this target cannot do it (see client::capabilities())
  invalid_option,         ///< an option is out of range (see client::check_options())
  not_connected,          ///< the client is closed for good (close() or gave up)
  already_started,        ///< connect() on a client that is already started
  outbox_full,            ///< the outbox is at its count or byte limit (overflow: reject_new)
  tracking_full,          ///< tracked sends are at their count or byte limit (reject_new)
  invalid_tracking_id,    ///< empty, or a tracked send with this id awaits its acknowledgement
  // A connection attempt failed.
  resolve_failed = 100,     ///< DNS lookup failed
  connect_failed,           ///< TCP connect refused or unreachable
  connect_timeout,          ///< no open connection within liveness.connect_timeout
  tls_failed,               ///< TLS handshake failed (not a verification failure)
  tls_verification_failed,  ///< the server's certificate or hostname did not verify
  handshake_rejected,       ///< the server answered the upgrade with an HTTP status, not 101
  /// The upgrade response broke RFC 6455 section 4.1 (a wrong Sec-WebSocket-Accept, an
  /// extension or subprotocol the client did not offer, headers over the limit, not HTTP...).
  handshake_failed,
  /// The server offers no TLS version (1.2 or newer) or cipher suite the client accepts.
  tls_incompatible,
  /// The proxy wants credentials, or refused the ones given (HTTP 407, RFC 9110 section
  /// 15.5.8, or 401 from proxies that answer so; SOCKS5 user/password, RFC 1929 section 2).
  proxy_auth_failed,
  /// The proxy would not open the tunnel: the HTTP status of its answer to CONNECT is in the
  /// failure (RFC 9110 section 9.3.6), or a SOCKS5 reply forbids it (RFC 1928 section 6).
  proxy_rejected,
  /// The proxy's answer is not HTTP, nor SOCKS5, nor what the protocol allows there.
  proxy_protocol_error,
  /// The upgrade was redirected from wss:// to ws://: not followed (it would drop TLS).
  insecure_redirect,
  /// The upgrade was redirected to a URL this attempt had already been to.
  redirect_loop,
  /// More redirects in one attempt than client_options::max_redirects allows.
  too_many_redirects,
  // An open connection ended.
  connection_lost = 200,  ///< TCP ended without a closing handshake (code 1006)
  closed_by_server,       ///< the server sent a close frame (its code is in the event)
  pong_timeout,           ///< a ping got no pong within liveness.pong_timeout (half-open)
  silence_timeout,        ///< nothing arrived for liveness.silence_timeout (half-open)
  close_timeout,          ///< the closing handshake did not finish in time
  message_too_big,        ///< an incoming message exceeded max_message_bytes (1009)
  protocol_error,         ///< the peer broke RFC 6455 (1002) or sent invalid UTF-8 (1007)
  // The client stopped.
  closed_by_user = 300,  ///< close() was called
  gave_up,               ///< max attempts or max elapsed time reached
  not_retryable,         ///< the classifier said this failure is permanent
  message_expired,       ///< a queued message outlived its TTL and was dropped
  message_dropped,       ///< a queued message was evicted (overflow: drop_oldest)
  /// The server's Retry-After asks for a wait beyond reconnect_options::max_elapsed.
  retry_after_too_long,
  // A call that waits (wsclient/blocking.hpp).
  timed_out = 400,  ///< its own timeout passed; the client goes on
};

/// Broad kinds of errc, for `ec == wsclient::condition::network` style checks. Values are
/// stable: new ones are appended.
enum class condition {
  usage = 1,  ///< the call was refused; fix the program
  network,    ///< resolve, connect, lost connection
  timeout,    ///< connect, pong, silence, close timeouts; a blocking call's timeout
  tls,        ///< TLS handshake or verification
  rejected,   ///< the server refused: HTTP status or close code
  stopped,    ///< the client stopped retrying or was closed
  protocol,   ///< the peer broke RFC 6455 or one of our limits (max_message_bytes)
};

const std::error_category& error_category() noexcept;
const std::error_category& condition_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), error_category()};
}
inline std::error_condition make_error_condition(condition c) noexcept {
  return {static_cast<int>(c), condition_category()};
}

}  // namespace wsclient

template <>
struct std::is_error_code_enum<wsclient::errc> : std::true_type {};
template <>
struct std::is_error_condition_enum<wsclient::condition> : std::true_type {};
