#include "wsclient/error.hpp"

namespace wsclient {

namespace {

condition condition_of(errc e) {
  switch (e) {
    case errc::invalid_url:
    case errc::invalid_close_code:
    case errc::close_reason_too_long:
    case errc::invalid_utf8:
    case errc::unsupported:
    case errc::invalid_option:
    case errc::not_connected:
    case errc::already_started:
    case errc::outbox_full:
      return condition::usage;
    case errc::resolve_failed:
    case errc::connect_failed:
    case errc::connection_lost:
    case errc::handshake_failed:
      return condition::network;
    case errc::protocol_error:
    case errc::message_too_big:
      // Not the network's fault: retrying would meet the same peer doing the same thing.
      return condition::protocol;
    case errc::connect_timeout:
    case errc::pong_timeout:
    case errc::silence_timeout:
    case errc::close_timeout:
      return condition::timeout;
    case errc::tls_failed:
    case errc::tls_verification_failed:
      return condition::tls;
    case errc::handshake_rejected:
    case errc::closed_by_server:
      return condition::rejected;
    case errc::closed_by_user:
    case errc::gave_up:
    case errc::not_retryable:
    case errc::message_expired:
    case errc::message_dropped:
      return condition::stopped;
  }
  return condition::usage;
}

class error_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "wsclient"; }

  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::invalid_url:
        return "invalid WebSocket URL";
      case errc::invalid_close_code:
        return "a client may only close with 1000 or 3000-4999";
      case errc::close_reason_too_long:
        return "close reason longer than 123 bytes";
      case errc::invalid_utf8:
        return "text message is not valid UTF-8";
      case errc::unsupported:
        return "not supported on this target";
      case errc::invalid_option:
        return "invalid client option";
      case errc::not_connected:
        return "client is closed";
      case errc::already_started:
        return "client is already started: close() it first";
      case errc::outbox_full:
        return "outbox full";
      case errc::resolve_failed:
        return "host name lookup failed";
      case errc::connect_failed:
        return "TCP connect failed";
      case errc::connect_timeout:
        return "connect timed out";
      case errc::tls_failed:
        return "TLS handshake failed";
      case errc::tls_verification_failed:
        return "TLS certificate verification failed";
      case errc::handshake_rejected:
        return "server rejected the WebSocket upgrade";
      case errc::handshake_failed:
        return "invalid WebSocket handshake";
      case errc::connection_lost:
        return "connection lost without a closing handshake";
      case errc::closed_by_server:
        return "server closed the connection";
      case errc::pong_timeout:
        return "no pong within the pong timeout";
      case errc::silence_timeout:
        return "nothing received within the silence timeout";
      case errc::close_timeout:
        return "closing handshake timed out";
      case errc::message_too_big:
        return "message too big";
      case errc::protocol_error:
        return "WebSocket protocol error";
      case errc::closed_by_user:
        return "closed by the application";
      case errc::gave_up:
        return "gave up reconnecting";
      case errc::not_retryable:
        return "failure is not retryable";
      case errc::message_expired:
        return "queued message expired";
      case errc::message_dropped:
        return "queued message dropped (outbox overflow)";
    }
    return "unknown wsclient error " + std::to_string(value);
  }

  bool equivalent(int value, const std::error_condition& cond) const noexcept override {
    return cond.category() == condition_category() &&
           static_cast<int>(condition_of(static_cast<errc>(value))) == cond.value();
  }
};

class condition_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "wsclient-condition"; }
  std::string message(int value) const override {
    switch (static_cast<condition>(value)) {
      case condition::usage:
        return "refused call";
      case condition::network:
        return "network failure";
      case condition::timeout:
        return "timeout";
      case condition::tls:
        return "TLS failure";
      case condition::rejected:
        return "rejected by the server";
      case condition::stopped:
        return "client stopped";
      case condition::protocol:
        return "WebSocket protocol violation or limit exceeded";
    }
    return "unknown wsclient condition " + std::to_string(value);
  }
};

}  // namespace

const std::error_category& error_category() noexcept {
  static const error_category_impl instance;
  return instance;
}

const std::error_category& condition_category() noexcept {
  static const condition_category_impl instance;
  return instance;
}

}  // namespace wsclient
