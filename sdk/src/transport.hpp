// What the core asks of a backend's connection: one WebSocket connection attempt and its
// life. A session makes a new transport for every attempt; events carry the attempt's epoch so
// that a late event from an old attempt is recognised and dropped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "proxy_url.hpp"
#include "wsclient/events.hpp"
#include "wsclient/options.hpp"
#include "wsclient/url.hpp"

namespace wsclient::detail {

struct connect_request {
  url target;
  std::string url_text;
  std::vector<header> headers;
  std::vector<std::string> subprotocols;
  tls_options tls;
  compression_options compression;
  std::size_t max_message_bytes = 0;
  /// How long a closing the transport starts by itself (failing the connection, RFC 6455
  /// section 7.1.7) may take before the link is dropped: liveness_options::close_timeout.
  milliseconds close_timeout{0};
  std::optional<proxy_url> proxy;  ///< the tunnel to the server goes through it; none: direct
  std::vector<resolve_override> resolve;  ///< client_options::resolve
};

struct transport_open {
  std::string subprotocol;
  std::string extensions;
  std::vector<header> response_headers;  ///< empty where the target cannot see them
  std::string address;                   ///< open_info::address
};

struct transport_closed {
  failure why;                  ///< close code/reason, error, HTTP status, Retry-After
  std::string detail;           ///< what the network layer said ("Connection refused"), for logs
  bool was_clean = false;       ///< the closing handshake completed
  std::vector<message> unsent;  ///< messages given to send() that were not started on the wire
  std::string location;         ///< the Location header of a refused upgrade (a redirect's target)
};

/// Implemented by the session. Called on the event context only.
class transport_events {
 public:
  virtual void on_transport_open(std::uint64_t epoch, transport_open info) = 0;
  /// data is valid during the call only.
  virtual void on_transport_message(std::uint64_t epoch, message_view m) = 0;
  virtual void on_transport_pong(std::uint64_t epoch) = 0;
  /// A message of this many payload bytes has been written to the network.
  virtual void on_transport_written(std::uint64_t epoch, std::size_t bytes) = 0;
  /// The connection (or the attempt) has ended; nothing follows for this epoch.
  virtual void on_transport_closed(std::uint64_t epoch, transport_closed info) = 0;

 protected:
  ~transport_events() = default;
};

/// One connection attempt. Every member is called on the event context.
class transport {
 public:
  virtual ~transport() = default;
  /// Starts connecting; the outcome comes as on_transport_open or on_transport_closed.
  virtual void connect(const connect_request& request) = 0;
  /// Queues a message; messages go out in order, one write at a time.
  virtual void send(message m) = 0;
  /// A protocol ping (only when capabilities().protocol_ping).
  virtual void ping() = 0;
  /// Starts the closing handshake (RFC 6455 section 7.1.2); on_transport_closed follows.
  virtual void close(std::uint16_t code, const std::string& reason) = 0;
  /// Drops the connection now. No event follows (the session has already moved on).
  virtual void abort() = 0;
};

/// Makes the transport for one attempt (plain or TLS as the request's URL says); events go to
/// `events` tagged with `epoch`. Never returns null: a transport that cannot be made reports
/// the failure through on_transport_closed once connect() is called.
using transport_factory = std::function<std::shared_ptr<transport>(
    std::weak_ptr<transport_events> events, std::uint64_t epoch, const connect_request& request)>;

}  // namespace wsclient::detail
