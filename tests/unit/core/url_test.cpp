#include "wsclient/url.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "wsclient/error.hpp"

namespace wsclient {
namespace {

struct good_url {
  const char* text;
  bool secure;
  const char* host;
  std::uint16_t port;
  const char* target;
  const char* normalised;
};

[[maybe_unused]] void PrintTo(const good_url& c, std::ostream* os) {
  *os << c.text;
}

class UrlGood : public ::testing::TestWithParam<good_url> {};

TEST_P(UrlGood, Parses) {
  const auto& c = GetParam();
  url u;
  std::string why;
  ASSERT_FALSE(parse_url(c.text, u, &why)) << why;
  EXPECT_EQ(u.secure, c.secure);
  EXPECT_EQ(u.host, c.host);
  EXPECT_EQ(u.port, c.port);
  EXPECT_EQ(u.target, c.target);
  EXPECT_EQ(u.to_string(), c.normalised);
}

INSTANTIATE_TEST_SUITE_P(
    Table, UrlGood,
    ::testing::Values(
        good_url{"ws://example.com", false, "example.com", 80, "/", "ws://example.com/"},
        good_url{"wss://example.com", true, "example.com", 443, "/", "wss://example.com/"},
        good_url{"ws://127.0.0.1:8080/echo", false, "127.0.0.1", 8080, "/echo",
                 "ws://127.0.0.1:8080/echo"},
        good_url{"WSS://Example.COM:443/a/b?x=1&y=2", true, "example.com", 443, "/a/b?x=1&y=2",
                 "wss://example.com/a/b?x=1&y=2"},
        good_url{"ws://h?token=abc", false, "h", 80, "/?token=abc", "ws://h/?token=abc"},
        good_url{"ws://[::1]:9000/x", false, "::1", 9000, "/x", "ws://[::1]:9000/x"},
        good_url{"wss://[2001:db8::1]/", true, "2001:db8::1", 443, "/", "wss://[2001:db8::1]/"},
        good_url{"ws://host:80/", false, "host", 80, "/", "ws://host/"},
        good_url{"ws://my_host-1.local:65535/%20x", false, "my_host-1.local", 65535, "/%20x",
                 "ws://my_host-1.local:65535/%20x"}),
    [](const ::testing::TestParamInfo<good_url>& param_info) {
      return "Case" + std::to_string(param_info.index);
    });

struct bad_url {
  const char* text;
  const char* why_contains;
};

[[maybe_unused]] void PrintTo(const bad_url& c, std::ostream* os) {
  *os << c.text;
}

class UrlBad : public ::testing::TestWithParam<bad_url> {};

TEST_P(UrlBad, IsRefusedWithAReason) {
  const auto& c = GetParam();
  url u;
  u.host = "unchanged";
  std::string why;
  EXPECT_EQ(parse_url(c.text, u, &why), errc::invalid_url);
  EXPECT_NE(why.find(c.why_contains), std::string::npos) << why;
  EXPECT_EQ(u.host, "unchanged");  // nothing is written on failure
}

INSTANTIATE_TEST_SUITE_P(
    Table, UrlBad,
    ::testing::Values(
        bad_url{"", "missing scheme"}, bad_url{"example.com/x", "missing scheme"},
        bad_url{"http://example.com/", "scheme must be ws or wss"},
        bad_url{"ftp://x/", "scheme must be ws or wss"}, bad_url{"ws://", "missing host"},
        bad_url{"ws:///path", "missing host"}, bad_url{"ws://host:/", "empty port"},
        bad_url{"ws://host:0/", "port"}, bad_url{"ws://host:65536/", "port"},
        bad_url{"ws://host:12ab/", "port"}, bad_url{"ws://host:-1/", "port"},
        bad_url{"ws://host/#frag", "fragment"}, bad_url{"ws://user:pw@host/", "user information"},
        bad_url{"ws://[::1/", "unterminated IPv6"}, bad_url{"ws://[]/", "invalid IPv6"},
        bad_url{"ws://[::1]x/", "after the IPv6"}, bad_url{"ws://ho st/", "invalid character"},
        bad_url{"ws://host/a b", "path contains"}, bad_url{"ws://host/\x01", "path contains"},
        bad_url{"ws://host/caf\xc3\xa9", "path contains"}),
    [](const ::testing::TestParamInfo<bad_url>& param_info) {
      return "Case" + std::to_string(param_info.index);
    });

TEST(Url, HostHeaderOmitsTheDefaultPort) {
  url u;
  ASSERT_FALSE(parse_url("wss://a.b:8443/x", u));
  EXPECT_EQ(u.host_header(), "a.b:8443");
  ASSERT_FALSE(parse_url("wss://a.b/x", u));
  EXPECT_EQ(u.host_header(), "a.b");
  ASSERT_FALSE(parse_url("ws://[::1]/", u));
  EXPECT_EQ(u.host_header(), "[::1]");
}

TEST(Url, KnowsIpLiterals) {
  url u;
  ASSERT_FALSE(parse_url("ws://127.0.0.1/", u));
  EXPECT_TRUE(u.host_is_ip_literal());
  ASSERT_FALSE(parse_url("ws://[::1]/", u));
  EXPECT_TRUE(u.host_is_ip_literal());
  ASSERT_FALSE(parse_url("ws://localhost/", u));
  EXPECT_FALSE(u.host_is_ip_literal());
}

}  // namespace
}  // namespace wsclient
