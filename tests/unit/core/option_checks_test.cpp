#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <ostream>
#include <string>

#include "client_access.hpp"
#include "wsclient/error.hpp"

namespace wsclient::detail {
namespace {

const capabilities native_caps{true, true, true, true, true, true, true, true};
const capabilities browser_caps{false, false, false, false, false, false, false, false};

TEST(OptionChecks, DefaultsAreValidEverywhere) {
  std::string why;
  EXPECT_FALSE(check_options({}, native_caps, &why)) << why;
  EXPECT_FALSE(check_options({}, browser_caps, &why)) << why;
}

struct bad_option {
  const char* name;
  std::function<void(client_options&)> change;
  errc expected;
  const char* why_contains;
};

[[maybe_unused]] void PrintTo(const bad_option& c, std::ostream* os) {
  *os << c.name;
}

class OptionChecksBad : public ::testing::TestWithParam<bad_option> {};

TEST_P(OptionChecksBad, AreRefusedWithAReason) {
  client_options o;
  GetParam().change(o);
  std::string why;
  EXPECT_EQ(check_options(o, native_caps, &why), GetParam().expected);
  EXPECT_NE(why.find(GetParam().why_contains), std::string::npos) << why;
}

INSTANTIATE_TEST_SUITE_P(
    Table, OptionChecksBad,
    ::testing::Values(
        bad_option{"MaxBelowInitial",
                   [](client_options& o) { o.reconnect.max_delay = milliseconds(1); },
                   errc::invalid_option, "initial_delay <= max_delay"},
        bad_option{"NegativeInitial",
                   [](client_options& o) { o.reconnect.initial_delay = milliseconds(-1); },
                   errc::invalid_option, "initial_delay"},
        bad_option{"MultiplierBelowOne", [](client_options& o) { o.reconnect.multiplier = 0.5; },
                   errc::invalid_option, "multiplier"},
        bad_option{"MultiplierNaN",
                   [](client_options& o) { o.reconnect.multiplier = std::nan(""); },
                   errc::invalid_option, "multiplier"},
        bad_option{"NegativeMaxRetryAfter",
                   [](client_options& o) { o.reconnect.max_retry_after = milliseconds(-1); },
                   errc::invalid_option, "max_retry_after cannot be negative"},
        bad_option{"ZeroConnectTimeout",
                   [](client_options& o) { o.liveness.connect_timeout = milliseconds(0); },
                   errc::invalid_option, "timeouts"},
        bad_option{"NegativePing",
                   [](client_options& o) { o.liveness.ping_interval = milliseconds(-5); },
                   errc::invalid_option, "cannot be negative"},
        bad_option{"WindowBits8",
                   [](client_options& o) { o.compression.client_max_window_bits = 8; },
                   errc::invalid_option, "window bits"},
        bad_option{"MemLevel10", [](client_options& o) { o.compression.mem_level = 10; },
                   errc::invalid_option, "memLevel"},
        bad_option{"ZeroMaxMessage", [](client_options& o) { o.max_message_bytes = 0; },
                   errc::invalid_option, "max_message_bytes"},
        bad_option{"HeaderWithNewline",
                   [](client_options& o) {
                     o.headers.push_back({"X-A", "1\r\nEvil: 1"});
                   },
                   errc::invalid_option, "invalid header"},
        bad_option{"HeaderNameWithColon",
                   [](client_options& o) {
                     o.headers.push_back({"X:A", "1"});
                   },
                   errc::invalid_option, "invalid header"},
        bad_option{"EmptySubprotocol", [](client_options& o) { o.subprotocols.push_back(""); },
                   errc::invalid_option, "subprotocol"},
        bad_option{"SubprotocolWithComma",
                   [](client_options& o) { o.subprotocols.push_back("a,b"); }, errc::invalid_option,
                   "subprotocol"},
        bad_option{"CertWithoutKey", [](client_options& o) { o.tls.client_cert_file = "c.pem"; },
                   errc::invalid_option, "go together"},
        bad_option{"ProxyScheme", [](client_options& o) { o.proxy = "ftp://p:21"; },
                   errc::invalid_option, "proxy: proxy scheme must be"},
        bad_option{"ProxyPort", [](client_options& o) { o.proxy = "http://p:99999"; },
                   errc::invalid_option, "proxy: port must be"},
        bad_option{"ProxyPath", [](client_options& o) { o.proxy = "http://p:3128/x"; },
                   errc::invalid_option, "proxy: a proxy URL has no path"},
        bad_option{"ResolveToAName",
                   [](client_options& o) {
                     o.resolve.push_back({"h", 80, {"localhost"}});
                   },
                   errc::invalid_option, "resolve h:80: \"localhost\" is not an IPv4"},
        bad_option{"ResolveWithoutPort",
                   [](client_options& o) {
                     o.resolve.push_back({"h", 0, {"127.0.0.1"}});
                   },
                   errc::invalid_option, "port must be"}),
    [](const ::testing::TestParamInfo<bad_option>& param_info) {
      return std::string(param_info.param.name);
    });

TEST(OptionChecks, WhatABrowserCannotDoIsRefusedThereAndAcceptedNatively) {
  const std::vector<std::function<void(client_options&)>> changes{
      [](client_options& o) {
        o.headers.push_back({"Authorization", "Bearer x"});
      },
      [](client_options& o) { o.tls.ca_file = "ca.pem"; },
      [](client_options& o) { o.tls.insecure_skip_verify = true; },
      [](client_options& o) { o.liveness.ping_interval = milliseconds(1000); },
      [](client_options& o) { o.compression.client_max_window_bits = 11; },
      [](client_options& o) { o.compression.enabled = false; },
      [](client_options& o) { o.proxy = "http://127.0.0.1:3128"; },
      [](client_options& o) {
        o.resolve.push_back({"dual.test", 80, {"::1", "127.0.0.1"}});
      },
  };
  for (std::size_t i = 0; i < changes.size(); ++i) {
    client_options o;
    changes[i](o);
    std::string why;
    EXPECT_EQ(check_options(o, browser_caps, &why), errc::unsupported) << i;
    EXPECT_FALSE(why.empty());
    EXPECT_FALSE(check_options(o, native_caps, &why)) << i << ": " << why;
  }
}

TEST(OptionChecks, PingsExplicitlyOffAreFineInABrowser) {
  client_options o;
  o.liveness.ping_interval = milliseconds(0);
  o.liveness.heartbeat_interval = milliseconds(1000);
  o.liveness.silence_timeout = milliseconds(3000);
  EXPECT_FALSE(check_options(o, browser_caps, nullptr));
}

}  // namespace
}  // namespace wsclient::detail

namespace wsclient {
namespace {

TEST(LogLevel, NamesRoundTrip) {
  for (const auto level : {log_level::trace, log_level::debug, log_level::info, log_level::warn,
                           log_level::error, log_level::off}) {
    EXPECT_EQ(parse_log_level(to_string(level)), level);
  }
  EXPECT_EQ(to_string(log_level::warn), "warn");
  EXPECT_EQ(parse_log_level("INFO"), std::nullopt);
  EXPECT_EQ(parse_log_level(""), std::nullopt);
}

}  // namespace
}  // namespace wsclient
