// Proxy URLs as client_options::proxy and the environment give them.
#include "proxy_url.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace wsclient::detail {
namespace {

TEST(ProxyUrl, SchemesAndTheirDefaultPorts) {
  proxy_url p;
  ASSERT_EQ(parse_proxy_url("http://proxy.example", p), nullptr);
  EXPECT_EQ(p.scheme, proxy_scheme::http);
  EXPECT_EQ(p.port, 80);
  ASSERT_EQ(parse_proxy_url("HTTP://Proxy.Example/", p), nullptr);
  EXPECT_EQ(p.host, "proxy.example");
  ASSERT_EQ(parse_proxy_url("https://proxy.example", p), nullptr);
  EXPECT_EQ(p.scheme, proxy_scheme::https);
  EXPECT_EQ(p.port, 443);
  EXPECT_EQ(p.to_string(), "https://proxy.example:443");
  ASSERT_EQ(parse_proxy_url("socks5://10.0.0.1", p), nullptr);
  EXPECT_EQ(p.scheme, proxy_scheme::socks5);
  EXPECT_EQ(p.port, 1080);
  ASSERT_EQ(parse_proxy_url("socks5h://[::1]:9050", p), nullptr);
  EXPECT_EQ(p.scheme, proxy_scheme::socks5h);
  EXPECT_EQ(p.host, "::1");
  EXPECT_EQ(p.port, 9050);
  EXPECT_EQ(p.to_string(), "socks5h://[::1]:9050");
}

TEST(ProxyUrl, WithoutASchemeItIsAnHttpProxyAsCurlTakesIt) {
  proxy_url p;
  ASSERT_EQ(parse_proxy_url("corp-proxy:3128", p), nullptr);
  EXPECT_EQ(p.scheme, proxy_scheme::http);
  EXPECT_EQ(p.host, "corp-proxy");
  EXPECT_EQ(p.port, 3128);
}

TEST(ProxyUrl, CredentialsArePercentDecodedAndNeverShown) {
  proxy_url p;
  ASSERT_EQ(parse_proxy_url("http://us%65r:p%40ss:w@127.0.0.1:3128", p), nullptr);
  EXPECT_EQ(p.user, "user");
  EXPECT_EQ(p.password, "p@ss:w");
  EXPECT_TRUE(p.has_credentials());
  EXPECT_EQ(p.to_string(), "http://127.0.0.1:3128");
  // The last '@' ends them: an unescaped '@' in a password is common.
  ASSERT_EQ(parse_proxy_url("socks5://u:a@b@h", p), nullptr);
  EXPECT_EQ(p.password, "a@b");
  EXPECT_EQ(p.host, "h");
  ASSERT_EQ(parse_proxy_url("http://u@h:1", p), nullptr);
  EXPECT_EQ(p.user, "u");
  EXPECT_EQ(p.password, "");
}

struct bad_proxy {
  const char* text;
  const char* why;
};

[[maybe_unused]] void PrintTo(const bad_proxy& c, std::ostream* os) {
  *os << c.text;
}

class ProxyUrlBad : public ::testing::TestWithParam<bad_proxy> {};

TEST_P(ProxyUrlBad, IsRefusedWithAReasonAndLeavesTheOutputAlone) {
  proxy_url p;
  p.host = "untouched";
  const char* why = parse_proxy_url(GetParam().text, p);
  ASSERT_NE(why, nullptr);
  EXPECT_NE(std::string(why).find(GetParam().why), std::string::npos) << why;
  EXPECT_EQ(p.host, "untouched");
}

INSTANTIATE_TEST_SUITE_P(
    Table, ProxyUrlBad,
    ::testing::Values(
        bad_proxy{"socks4://h:1080", "scheme must be"}, bad_proxy{"ftp://h", "scheme must be"},
        bad_proxy{"http://", "missing host"}, bad_proxy{"http://:3128", "missing host"},
        bad_proxy{"http://h:0", "port must be"}, bad_proxy{"http://h:65536", "port must be"},
        bad_proxy{"http://h:x", "port must be"}, bad_proxy{"http://h:", "empty port"},
        bad_proxy{"http://h/path", "no path"}, bad_proxy{"http://h?q", "no path"},
        bad_proxy{"http://h#f", "no path"}, bad_proxy{"http://[::1", "unterminated"},
        bad_proxy{"http://h h:1", "invalid character"},
        bad_proxy{"http://u:%zz@h", "percent-encoding"},
        bad_proxy{"http://u%00:p@h", "percent-encoding"},
        bad_proxy{"http://:pw@h", "without a user name"}, bad_proxy{"", "missing host"}));

TEST(ProxyUrl, Socks5CredentialsFitInOneLengthByte) {
  proxy_url p;
  const std::string long_user(256, 'u');
  EXPECT_NE(parse_proxy_url("socks5://" + long_user + ":p@h", p), nullptr);
  // HTTP has no such limit.
  EXPECT_EQ(parse_proxy_url("http://" + long_user + ":p@h", p), nullptr);
}

}  // namespace
}  // namespace wsclient::detail
