#include "wsclient/error.hpp"

#include <algorithm>
#include <iterator>
#include <string_view>

namespace wsclient {

namespace {

// Every code's facts in one row: the condition it belongs to and its message.
struct errc_facts {
  errc code;
  condition kind;
  std::string_view message;
};

constexpr errc_facts errc_table[] = {
    {errc::invalid_url, condition::usage, "invalid WebSocket URL"},
    {errc::invalid_close_code, condition::usage, "a client may only close with 1000 or 3000-4999"},
    {errc::close_reason_too_long, condition::usage, "close reason longer than 123 bytes"},
    {errc::invalid_utf8, condition::usage, "text message is not valid UTF-8"},
    {errc::unsupported, condition::usage, "not supported on this target"},
    {errc::invalid_option, condition::usage, "invalid client option"},
    {errc::not_connected, condition::usage, "client is closed"},
    {errc::already_started, condition::usage, "client is already started: close() it first"},
    {errc::outbox_full, condition::usage, "outbox full"},
    {errc::tracking_full, condition::usage, "too many tracked messages await acknowledgement"},
    {errc::invalid_tracking_id, condition::usage,
     "tracking id empty or already awaiting acknowledgement"},
    {errc::resolve_failed, condition::network, "host name lookup failed"},
    {errc::connect_failed, condition::network, "TCP connect failed"},
    {errc::connect_timeout, condition::timeout, "connect timed out"},
    {errc::tls_failed, condition::tls, "TLS handshake failed"},
    {errc::tls_verification_failed, condition::tls, "TLS certificate verification failed"},
    {errc::handshake_rejected, condition::rejected, "server rejected the WebSocket upgrade"},
    {errc::tls_incompatible, condition::tls,
     "TLS handshake failed: no TLS version or cipher suite in common with the server"},
    {errc::proxy_auth_failed, condition::rejected,
     "the proxy refused the credentials (or wants some): check the proxy URL's user:password"},
    {errc::proxy_rejected, condition::rejected, "the proxy refused to open the tunnel"},
    {errc::insecure_redirect, condition::rejected,
     "redirected from wss:// to ws://: not followed (it would drop TLS)"},
    {errc::redirect_loop, condition::rejected, "the redirects of the upgrade go round in a loop"},
    {errc::too_many_redirects, condition::rejected,
     "more redirects than client_options::max_redirects"},
    {errc::connection_lost, condition::network, "connection lost without a closing handshake"},
    {errc::closed_by_server, condition::rejected, "server closed the connection"},
    {errc::pong_timeout, condition::timeout, "no pong within the pong timeout"},
    {errc::silence_timeout, condition::timeout, "nothing received within the silence timeout"},
    {errc::close_timeout, condition::timeout, "closing handshake timed out"},
    // Protocol, not network: retrying would meet the same peer doing the same thing.
    {errc::handshake_failed, condition::protocol, "invalid WebSocket handshake"},
    {errc::proxy_protocol_error, condition::protocol, "invalid answer from the proxy"},
    {errc::message_too_big, condition::protocol, "message too big"},
    {errc::protocol_error, condition::protocol, "WebSocket protocol error"},
    {errc::closed_by_user, condition::stopped, "closed by the application"},
    {errc::gave_up, condition::stopped, "gave up reconnecting"},
    {errc::not_retryable, condition::stopped, "failure is not retryable"},
    {errc::message_expired, condition::stopped, "queued message expired"},
    {errc::message_dropped, condition::stopped, "queued message dropped (outbox overflow)"},
    {errc::retry_after_too_long, condition::stopped,
     "the server's Retry-After reaches beyond reconnect_options::max_elapsed"},
    {errc::timed_out, condition::timeout, "timed out waiting"},
};

struct condition_facts {
  condition code;
  std::string_view message;
};

constexpr condition_facts condition_table[] = {
    {condition::usage, "refused call"},
    {condition::network, "network failure"},
    {condition::timeout, "timeout"},
    {condition::tls, "TLS failure"},
    {condition::rejected, "rejected by the server"},
    {condition::stopped, "client stopped"},
    {condition::protocol, "WebSocket protocol violation or limit exceeded"},
};

/// The row of table for the enumerator numbered value; nullptr when there is none.
template <typename Row, std::size_t size>
constexpr const Row* row_of(const Row (&table)[size], int value) {
  const auto* row = std::find_if(std::begin(table), std::end(table), [value](const Row& r) {
    return static_cast<int>(r.code) == value;
  });
  return row == std::end(table) ? nullptr : row;
}

/// Whether no enumerator has two rows (which would leave one of them unused).
template <typename Row, std::size_t size>
constexpr bool each_once(const Row (&table)[size]) {
  return std::all_of(std::begin(table), std::end(table), [&table](const Row& r) {
    return row_of(table, static_cast<int>(r.code)) == &r;
  });
}

/// The message of table's row for value, or unknown and the value.
template <typename Row, std::size_t size>
std::string message_of(const Row (&table)[size], int value, std::string_view unknown) {
  const auto* row = row_of(table, value);
  return row != nullptr ? std::string(row->message) : std::string(unknown) + std::to_string(value);
}

static_assert(each_once(errc_table));
static_assert(each_once(condition_table));

class error_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "wsclient"; }

  std::string message(int value) const override {
    return message_of(errc_table, value, "unknown wsclient error ");
  }

  bool equivalent(int value, const std::error_condition& cond) const noexcept override {
    const auto* row = row_of(errc_table, value);
    return cond.category() == condition_category() && row != nullptr &&
           static_cast<int>(row->kind) == cond.value();
  }
};

class condition_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "wsclient-condition"; }

  std::string message(int value) const override {
    return message_of(condition_table, value, "unknown wsclient condition ");
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
