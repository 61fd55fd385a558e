// Everything a client can be configured with. Defaults are what most applications want.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wsclient/events.hpp"

namespace wsclient {

using std::chrono::milliseconds;

/// How a backoff delay is randomised (see "Exponential Backoff And Jitter", AWS, 2015).
enum class jitter {
  none,          ///< exactly initial * multiplier^(n-1), capped
  full,          ///< uniform in [0, capped]  (default: spreads a herd of clients best)
  equal,         ///< capped/2 + uniform in [0, capped/2]
  decorrelated,  ///< uniform in [initial, previous * 3], capped
};

/// The retry classifier's answer.
struct retry_decision {
  bool retry = false;
  /// Wait at least this long (e.g. a server's Retry-After); the backoff delay applies if longer.
  std::optional<milliseconds> min_delay;
};

/// The default retry classifier. Retries: network errors and timeouts (a link lost, a TLS
/// handshake cut short, a proxy that is down), HTTP 5xx, 408 and 429 (honouring Retry-After;
/// from the server or from a proxy's answer to CONNECT), close codes 1001,
/// 1005, 1006, 1011, 1012, 1013 and 1014 (RFC 6455 section 7.4.1 and the IANA registry). Stops
/// on: the user's close(), a bad URL or option, TLS verification failures, a server with no
/// TLS version or cipher in common (errc::tls_incompatible), an invalid upgrade response
/// (errc::handshake_failed: a wrong Sec-WebSocket-Accept, an extension or subprotocol that was
/// not offered, headers over the limit), other HTTP statuses, a proxy that refuses the
/// credentials (errc::proxy_auth_failed: HTTP 407, SOCKS5 authentication), a SOCKS5 proxy whose
/// rules forbid the tunnel (errc::proxy_rejected without a status), a proxy that answers
/// something else than its protocol (errc::proxy_protocol_error), a redirect that is not
/// followed (errc::insecure_redirect, errc::redirect_loop, errc::too_many_redirects), a peer
/// breaking the protocol or
/// our limits (errc::protocol_error, errc::message_too_big), close code 1000 (the server is done
/// with us), 1002, 1003, 1007, 1008, 1009, 1010 and application codes 3000-4999. An application
/// that wants other rules sets reconnect_options::classifier and may call this for the rest.
retry_decision default_classifier(const failure& f);

struct reconnect_options {
  bool enabled = true;
  milliseconds initial_delay{500};
  milliseconds max_delay{30'000};
  double multiplier = 2.0;
  jitter jitter_mode = jitter::full;
  /// Reconnect attempts after a failure before giving up (at most max_attempts + 1 attempts
  /// in a row fail); 0: no limit.
  std::uint32_t max_attempts = 0;
  milliseconds max_elapsed{0};  ///< give up when an outage lasts this long; 0: no limit
  /// The longest wait a server's Retry-After can impose: a longer one is cut to this. One that
  /// reaches beyond max_elapsed ends the retries at once (errc::retry_after_too_long).
  milliseconds max_retry_after{300'000};
  bool random_first_delay = false;  ///< first retry after a drop waits uniform [0, initial_delay]
  /// The backoff resets only after a connection stayed open this long (or mark_healthy()),
  /// so a server that accepts and drops at once still sees growing delays.
  milliseconds stable_after{5'000};
  std::uint64_t seed = 0;                                    ///< RNG seed for jitter; 0: random
  std::function<retry_decision(const failure&)> classifier;  ///< empty: default_classifier
};

/// What happens to a send when the outbox is full.
enum class overflow_policy {
  reject_new,   ///< the new message is refused (errc::outbox_full)
  drop_oldest,  ///< the oldest queued message is dropped to make room
};

/// Sends made while the connection is not open wait here, in order.
struct outbox_options {
  std::size_t max_messages = 1024;
  std::size_t max_bytes = std::size_t{16} << 20;
  overflow_policy overflow = overflow_policy::reject_new;
  milliseconds ttl{0};  ///< drop messages that waited longer; 0: never
};

/// Tracked sends (client::send_tracked_text/binary) kept until the application acknowledges
/// them: resent after every reconnect. Bounded like the outbox.
struct tracking_options {
  std::size_t max_messages = 1024;
  std::size_t max_bytes = std::size_t{16} << 20;
  overflow_policy overflow = overflow_policy::reject_new;  ///< drop_oldest: forget the oldest
};

/// The protocol ping period when liveness_options::ping_interval is unset and the target can
/// ping (natively). Its one home: the session and the CLI's help read it from here.
inline constexpr milliseconds default_ping_interval{20'000};

struct liveness_options {
  milliseconds connect_timeout{15'000};  ///< TCP + TLS + upgrade must finish within this
  milliseconds close_timeout{5'000};     ///< closing handshake, then the link is dropped
  /// Protocol pings (RFC 6455 section 5.5.2) while open; 0: off. Unset: default_ping_interval
  /// where the target can ping (natively), off where it cannot (browsers); setting it where
  /// pings are impossible is refused (use heartbeat_interval + silence_timeout there).
  std::optional<milliseconds> ping_interval;
  milliseconds pong_timeout{10'000};  ///< no pong by then: half-open, reconnect
  /// An application message sent every heartbeat_interval while open (both targets); 0: off.
  milliseconds heartbeat_interval{0};
  std::string heartbeat_message = "ping";
  /// Nothing received for this long: half-open, reconnect (both targets); 0: off.
  milliseconds silence_timeout{0};
};

/// Transport Layer Security for wss://. TLS 1.2 or newer; SNI is always sent.
struct tls_options {
  bool use_system_trust = true;  ///< the system's CA store
  std::string ca_file;           ///< extra trusted CA(s), PEM file
  std::string ca_pem;            ///< extra trusted CA(s), PEM text
  std::string client_cert_file;  ///< client certificate chain (PEM), with client_key_file
  std::string client_key_file;
  /// Skips certificate and host name verification. For development against self-signed
  /// servers only: the connection is then open to anyone on the path.
  bool insecure_skip_verify = false;
};

/// permessage-deflate (RFC 7692), offered by default.
struct compression_options {
  bool enabled = true;
  int client_max_window_bits = 15;  ///< 9-15
  int server_max_window_bits = 15;  ///< 9-15
  int mem_level = 8;                ///< 1-9 (zlib)
  bool client_no_context_takeover = false;
  bool server_no_context_takeover = false;
};

/// Per-attempt settings from attempt_provider (token refresh, fail-over to another URL).
struct attempt_settings {
  std::string url;              ///< empty: the URL given to connect()
  std::vector<header> headers;  ///< replace client_options::headers for this attempt
  bool replace_headers = false;
};

enum class log_level { trace, debug, info, warn, error, off };
using log_sink = std::function<void(log_level, std::string_view)>;

/// "trace", "debug", "info", "warn", "error", "off".
std::string_view to_string(log_level level) noexcept;
/// The inverse of to_string(log_level); nullopt for anything else.
std::optional<log_level> parse_log_level(std::string_view text) noexcept;

/// A host name's addresses given instead of looked up (natively), as curl's `--resolve` gives
/// them: see client_options::resolve.
struct resolve_override {
  std::string host;        ///< a host name, matched without regard to case
  std::uint16_t port = 0;  ///< the port it holds for (1 to 65535)
  /// IPv4 and IPv6 literals (IPv6 without brackets), raced as a lookup's addresses would be.
  std::vector<std::string> addresses;
};

struct client_options {
  reconnect_options reconnect;
  outbox_options outbox;
  tracking_options tracking;
  liveness_options liveness;
  tls_options tls;
  compression_options compression;
  std::vector<header> headers;            ///< extra upgrade request headers (native)
  std::vector<std::string> subprotocols;  ///< Sec-WebSocket-Protocol offers, in preference order
  std::size_t max_message_bytes = std::size_t{16} << 20;  ///< larger incoming: close 1009
  /// Backpressure: on_drain fires when buffered_amount() falls to this many bytes or fewer
  /// as the network takes them, after having been above it.
  std::size_t low_water_mark = std::size_t{16} << 10;
  /// Called before every attempt (on the client's event context) with the attempt number.
  std::function<attempt_settings(std::uint32_t attempt)> attempt_provider;
  log_sink log;  ///< nothing is printed when empty
  log_level min_log_level = log_level::info;
  /// The proxy every attempt goes through (natively; browsers use their own settings):
  /// `http://[user:password@]host[:port]` (HTTP CONNECT tunnel, RFC 9110 section 9.3.6; port 80
  /// by default), `https://...` (the same over TLS to the proxy, port 443 by default; its
  /// certificate verified against its name with the same `tls` options as the server's),
  /// `socks5://...` (RFC 1928, the target's name resolved here) or `socks5h://...`
  /// (resolved by the proxy; both port 1080 by default, user/password auth of RFC 1929).
  /// User and password are percent-decoded; a value without `scheme://` is an HTTP proxy, as
  /// curl takes it. TLS to a wss:// server runs through the tunnel end to end (SNI and
  /// verification against the server's name). Empty: see proxy_from_environment. An invalid
  /// URL makes connect() fail with errc::invalid_option.
  std::string proxy;
  /// With proxy empty, take the proxy from the environment at connect() as curl and Python do:
  /// `https_proxy` for wss://, `http_proxy` for ws://, else `all_proxy` (lower case first, then
  /// upper case), except for hosts `no_proxy` lists (comma-separated: `*`, a host name that
  /// also covers its subdomains, with or without a leading dot, an IP address, each optionally
  /// with `:port`; a CIDR block such as `10.0.0.0/8` or `fd00::/8` for targets given by
  /// address, as curl 7.86 and later). false: connect directly unless proxy is set.
  bool proxy_from_environment = true;
  /// Redirects of the upgrade (HTTP 301, 302, 303, 307 and 308 with a Location, RFC 9110
  /// section 15.4) followed within one attempt (natively; browsers fail them): ws:// to wss://
  /// is followed, wss:// to ws:// is not (errc::insecure_redirect), nor one back to a URL of the
  /// same attempt (errc::redirect_loop); one more than this: errc::too_many_redirects. 0: a
  /// redirect is a refusal like any other status. open_info::url is where the redirects led;
  /// a reconnect starts again from the URL given to connect() (or the attempt provider's).
  std::uint32_t max_redirects = 10;
  /// Addresses for host names, used instead of a lookup when connecting to that host and port
  /// (natively; the browser resolves names itself, and the option is refused there): to pin a
  /// server, or reach a name DNS does not know, as curl's `--resolve`. They hold for the first
  /// hop (the proxy when there is one, else the server) and for the server's name a socks5://
  /// proxy is given as an address (the first one); an http(s):// or socks5h:// proxy resolves
  /// the server's name itself. An entry that does not check (no address, one that is not an IP
  /// literal, port 0) makes connect() fail with errc::invalid_option.
  std::vector<resolve_override> resolve;
};

}  // namespace wsclient
