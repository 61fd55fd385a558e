// The facts of each error code: its message and the one condition it belongs to.
#include "wsclient/error.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace wsclient {
namespace {

// Every errc with the condition it must compare equal to (errc's documentation groups them).
const std::vector<std::pair<errc, condition>>& every_code() {
  static const std::vector<std::pair<errc, condition>> codes{
      {errc::invalid_url, condition::usage},
      {errc::invalid_close_code, condition::usage},
      {errc::close_reason_too_long, condition::usage},
      {errc::invalid_utf8, condition::usage},
      {errc::unsupported, condition::usage},
      {errc::invalid_option, condition::usage},
      {errc::not_connected, condition::usage},
      {errc::already_started, condition::usage},
      {errc::outbox_full, condition::usage},
      {errc::resolve_failed, condition::network},
      {errc::connect_failed, condition::network},
      {errc::connect_timeout, condition::timeout},
      {errc::tls_failed, condition::tls},
      {errc::tls_verification_failed, condition::tls},
      {errc::handshake_rejected, condition::rejected},
      {errc::handshake_failed, condition::protocol},
      {errc::tls_incompatible, condition::tls},
      {errc::proxy_auth_failed, condition::rejected},
      {errc::proxy_rejected, condition::rejected},
      {errc::proxy_protocol_error, condition::protocol},
      {errc::insecure_redirect, condition::rejected},
      {errc::redirect_loop, condition::rejected},
      {errc::too_many_redirects, condition::rejected},
      {errc::connection_lost, condition::network},
      {errc::closed_by_server, condition::rejected},
      {errc::pong_timeout, condition::timeout},
      {errc::silence_timeout, condition::timeout},
      {errc::close_timeout, condition::timeout},
      {errc::message_too_big, condition::protocol},
      {errc::protocol_error, condition::protocol},
      {errc::closed_by_user, condition::stopped},
      {errc::gave_up, condition::stopped},
      {errc::not_retryable, condition::stopped},
      {errc::message_expired, condition::stopped},
      {errc::message_dropped, condition::stopped},
      {errc::retry_after_too_long, condition::stopped},
      {errc::timed_out, condition::timeout},
  };
  return codes;
}

const std::vector<condition> every_condition{
    condition::usage,    condition::network, condition::timeout,  condition::tls,
    condition::rejected, condition::stopped, condition::protocol,
};

TEST(Error, EveryCodeHasAMessageOfItsOwn) {
  std::set<std::string> seen;
  for (const auto& [code, kind] : every_code()) {
    const auto text = std::error_code(code).message();
    EXPECT_FALSE(text.starts_with("unknown")) << static_cast<int>(code);
    EXPECT_TRUE(seen.insert(text).second) << text;
  }
}

TEST(Error, EveryCodeBelongsToExactlyItsCondition) {
  for (const auto& [code, kind] : every_code()) {
    for (const auto other : every_condition) {
      EXPECT_EQ(std::error_code(code) == other, other == kind)
          << static_cast<int>(code) << " vs " << static_cast<int>(other);
    }
  }
  EXPECT_EQ(std::error_code(errc::message_too_big), condition::protocol);
  EXPECT_NE(std::error_code(errc::message_too_big), condition::network);
}

TEST(Error, EveryConditionHasAMessageOfItsOwn) {
  std::set<std::string> seen;
  for (const auto kind : every_condition) {
    const auto text = std::error_condition(kind).message();
    EXPECT_FALSE(text.starts_with("unknown")) << static_cast<int>(kind);
    EXPECT_TRUE(seen.insert(text).second) << text;
  }
}

TEST(Error, UnknownValuesSaySoAndBelongToNoCondition) {
  const std::error_code unknown(42, error_category());
  EXPECT_EQ(unknown.message(), "unknown wsclient error 42");
  for (const auto kind : every_condition) {
    EXPECT_NE(unknown, kind);
  }
  EXPECT_EQ(std::error_condition(99, condition_category()).message(),
            "unknown wsclient condition 99");
  EXPECT_STREQ(error_category().name(), "wsclient");
  EXPECT_STREQ(condition_category().name(), "wsclient-condition");
}

}  // namespace
}  // namespace wsclient
