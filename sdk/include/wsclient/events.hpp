// What the client tells the application: states, events and the values they carry.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace wsclient {

/// The client's connection state. Transitions are reported by the state handler after the
/// state has changed.
enum class connection_state {
  idle,        ///< constructed, connect() not called yet
  connecting,  ///< an attempt is in progress (TCP, TLS, HTTP upgrade)
  open,        ///< messages flow
  closing,     ///< close() was called; the closing handshake is under way
  waiting,     ///< the connection failed or ended; a reconnect attempt is scheduled
  closed,      ///< stopped for good: close() completed, or retries stopped (see the close event)
};

/// "idle", "connecting", ... for logs and the JS module.
std::string_view to_string(connection_state s) noexcept;

enum class message_kind { text, binary };

/// One received message. data is valid only during the handler call: copy what you keep.
struct message_view {
  message_kind kind = message_kind::text;
  std::string_view data;
};

/// A message as queued or unsent (owns its payload).
struct message {
  message_kind kind = message_kind::text;
  std::string data;
};

/// An HTTP header field: name and value.
using header = std::pair<std::string, std::string>;

/// A tracked send that was not acknowledged (client::send_tracked_text/binary).
struct tracked_message {
  std::string id;  ///< as given to send_tracked_*
  message_kind kind = message_kind::text;
  std::string data;
};

/// Reported when a connection opens.
struct open_info {
  std::string url;          ///< the URL this attempt connected to (a provider may change it)
  std::string subprotocol;  ///< the one the server chose, empty if none
  std::string extensions;   ///< Sec-WebSocket-Extensions as negotiated ("permessage-deflate")
  /// The attempt's number in its series: 1 for the first after connect(). A connection that
  /// proved stable (reconnect_options::stable_after, or mark_healthy()) is attempt 1 of the
  /// series its loss begins, so the first reconnect after it is attempt 2.
  std::uint32_t attempt = 1;
  /// The upgrade response's header fields (RFC 6455 section 4.2.2), in the server's order,
  /// natively; empty in a browser, which does not show them.
  std::vector<header> response_headers;
  /// The proxy the connection goes through, without its credentials
  /// ("http://127.0.0.1:3128"); empty when it is direct.
  std::string proxy;
  /// The address the TCP connection reached ("127.0.0.1:8080", "[::1]:8080"): the proxy's
  /// when there is one; empty where the target cannot tell (browsers).
  std::string address;
};

/// Why an attempt failed or a connection ended: the input of the retry classifier.
struct failure {
  std::error_code error;         ///< wsclient::errc (or a more specific transport error)
  std::uint16_t close_code = 0;  ///< the close code received, 1006 if the TCP link died, else 0
  std::string close_reason;
  int http_status = 0;  ///< status of a rejected upgrade (natively), else 0
  std::optional<std::chrono::milliseconds> retry_after;  ///< the server's Retry-After, if any
  bool was_open = false;  ///< the connection had opened before it failed
};

/// Reported when a connection ends (and once when the client stops for good).
struct close_info {
  std::uint16_t code = 1005;  ///< close code received (1005: none, 1006: abnormal)
  std::string reason;
  bool was_clean = false;       ///< a closing handshake completed (RFC 6455 section 7.1.4)
  std::error_code error;        ///< why it ended (errc::closed_by_user, closed_by_server...)
  bool will_reconnect = false;  ///< a reconnect attempt follows...
  std::chrono::milliseconds reconnect_delay{0};  ///< ...after this delay
};

/// Reported before each scheduled reconnect attempt.
struct reconnect_info {
  std::uint32_t attempt = 1;  ///< the number of the attempt that will be made
  std::chrono::milliseconds delay{0};
  failure cause;  ///< what ended the previous attempt or connection
  /// The device is offline (browser `offline` event): the attempt waits for `online`
  /// instead of the delay, and then starts at once.
  bool waiting_for_network = false;
};

/// Reported once when the client stops retrying (classifier, max attempts, max elapsed).
struct gave_up_info {
  std::error_code reason;  ///< errc::gave_up or errc::not_retryable
  failure last_failure;
  std::uint32_t attempts = 0;   ///< attempts made in the series (see open_info::attempt)
  std::vector<message> unsent;  ///< the outbox at that moment, oldest first
  std::vector<tracked_message> unacknowledged;  ///< tracked sends, oldest first
};

/// Whether a send went out, waits in the outbox, or was refused (and why).
enum class send_status { sent, queued, refused };

struct send_result {
  send_status status = send_status::refused;
  std::error_code error;  ///< set when refused
  explicit operator bool() const noexcept { return status != send_status::refused; }
};

/// Counters since construction, then a few values of the moment.
struct client_stats {
  std::uint64_t messages_sent = 0;
  std::uint64_t messages_received = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t connects = 0;          ///< connections that opened
  std::uint64_t attempts = 0;          ///< connection attempts made
  std::uint64_t messages_dropped = 0;  ///< evicted by overflow: drop_oldest
  std::uint64_t messages_expired = 0;  ///< outlived their TTL in the outbox
  std::uint64_t messages_refused = 0;
  std::uint64_t tracked_resent = 0;  ///< tracked messages sent again after a reconnect
  // The moment's values, not counters:
  /// Messages accepted by send_* and not yet handed to the network: the outbox's depth while
  /// not open, and what waits for the connection's next write while open.
  std::size_t queued_messages = 0;
  std::size_t tracked_pending = 0;  ///< tracked messages waiting for acknowledge()
  /// How long the current connection has been open; 0 when none is.
  std::chrono::milliseconds connected_for{0};
  /// The round trip of the last protocol ping answered by a pong (natively; browsers cannot
  /// ping). Empty until one has been answered.
  std::optional<std::chrono::microseconds> last_ping_rtt;
};

/// What this build's transport can do (a browser cannot set headers or TLS options, nor
/// send protocol pings, nor see the HTTP status of a failed upgrade).
struct capabilities {
  bool custom_headers = false;
  bool tls_options = false;          ///< CA, client certificate, insecure mode
  bool protocol_ping = false;        ///< RFC 6455 section 5.5.2 pings from the client
  bool http_status = false;          ///< status and Retry-After of a rejected upgrade
  bool compression_options = false;  ///< permessage-deflate parameters (the browser decides)
  bool own_thread = false;           ///< the client can run on a thread of its own
  /// client_options::proxy and the proxy environment variables; false where the browser
  /// applies its own proxy settings (a proxy option is refused there).
  bool proxy = false;
  /// client_options::resolve; false where the browser resolves names itself (the option is
  /// refused there).
  bool resolve_overrides = false;
};

}  // namespace wsclient
