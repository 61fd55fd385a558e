// Which proxy an attempt takes: the option, else the environment as curl and Python read it.
#include "proxy_choice.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "wsclient/error.hpp"

namespace wsclient::detail {
namespace {

url parsed(const char* text) {
  url u;
  EXPECT_FALSE(parse_url(text, u));
  return u;
}

proxy_environment environment(const std::map<std::string, std::string>& vars) {
  return read_proxy_environment([&vars](const char* name) -> const char* {
    const auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
}

/// The proxy chosen for target ("" when direct), failing the test on an error.
std::string chosen(const client_options& o, const proxy_environment& env, const char* target) {
  std::optional<proxy_url> p;
  std::string why;
  EXPECT_FALSE(choose_proxy(o, env, parsed(target), p, &why)) << why;
  return p ? p->to_string() : "";
}

TEST(ProxyEnvironment, LowerCaseNamesComeFirstAndEmptyMeansUnset) {
  const auto env = environment({{"https_proxy", "http://lower:1"},
                                {"HTTPS_PROXY", "http://upper:1"},
                                {"http_proxy", ""},
                                {"HTTP_PROXY", "http://upper-http:1"},
                                {"NO_PROXY", "internal"}});
  EXPECT_EQ(env.https_proxy.name, "https_proxy");
  EXPECT_EQ(env.https_proxy.value, "http://lower:1");
  EXPECT_EQ(env.http_proxy.name, "HTTP_PROXY");
  EXPECT_EQ(env.http_proxy.value, "http://upper-http:1");
  EXPECT_EQ(env.no_proxy.value, "internal");
  EXPECT_EQ(env.all_proxy.value, "");
}

TEST(ProxyChoice, TheSchemeOfTheTargetPicksTheVariable) {
  const auto env = environment({{"https_proxy", "http://for-wss:1"},
                                {"http_proxy", "socks5h://for-ws:2"},
                                {"ALL_PROXY", "socks5://all:3"}});
  const client_options o;
  EXPECT_EQ(chosen(o, env, "wss://example.com/"), "http://for-wss:1");
  EXPECT_EQ(chosen(o, env, "ws://example.com/"), "socks5h://for-ws:2");
  const auto only_all = environment({{"ALL_PROXY", "socks5://all:3"}});
  EXPECT_EQ(chosen(o, only_all, "wss://example.com/"), "socks5://all:3");
  EXPECT_EQ(chosen(o, only_all, "ws://example.com/"), "socks5://all:3");
  EXPECT_EQ(chosen(o, environment({}), "wss://example.com/"), "");
}

TEST(ProxyChoice, TheOptionWinsAndTheEnvironmentCanBeTurnedOff) {
  const auto env = environment({{"https_proxy", "http://env:1"}, {"no_proxy", "*"}});
  client_options o;
  o.proxy = "socks5://option:9";
  EXPECT_EQ(chosen(o, env, "wss://example.com/"), "socks5://option:9");
  o.proxy.clear();
  o.proxy_from_environment = false;
  EXPECT_EQ(chosen(o, environment({{"https_proxy", "http://env:1"}}), "wss://example.com/"), "");
}

TEST(ProxyChoice, NoProxyExemptsTheHostsItLists) {
  const auto env = environment(
      {{"https_proxy", "http://p:1"},
       {"no_proxy", " localhost , .internal.example,Example.ORG, 10.1.2.3,[::1], svc:8443 , "}});
  const client_options o;
  EXPECT_EQ(chosen(o, env, "wss://localhost/"), "");
  EXPECT_EQ(chosen(o, env, "wss://a.internal.example/"), "");
  EXPECT_EQ(chosen(o, env, "wss://internal.example/"), "");  // the dot form covers the domain
  EXPECT_EQ(chosen(o, env, "wss://example.org/"), "");
  EXPECT_EQ(chosen(o, env, "wss://api.example.org/"), "");
  EXPECT_EQ(chosen(o, env, "wss://10.1.2.3/"), "");
  EXPECT_EQ(chosen(o, env, "wss://[::1]:9/"), "");
  EXPECT_EQ(chosen(o, env, "wss://svc:8443/"), "");
  // Not a suffix at a dot, another address, another port.
  EXPECT_EQ(chosen(o, env, "wss://badexample.org/"), "http://p:1");
  EXPECT_EQ(chosen(o, env, "wss://10.1.2.30/"), "http://p:1");
  EXPECT_EQ(chosen(o, env, "wss://3.10.1.2.3/"), "http://p:1");
  EXPECT_EQ(chosen(o, env, "wss://svc/"), "http://p:1");
  EXPECT_EQ(chosen(o, env, "wss://example.com/"), "http://p:1");
}

TEST(ProxyChoice, NoProxyStarAndBareIpv6AndMalformedEntries) {
  const client_options o;
  EXPECT_EQ(
      chosen(o, environment({{"all_proxy", "http://p:1"}, {"NO_PROXY", "*"}}), "ws://anything/"),
      "");
  EXPECT_EQ(
      chosen(o, environment({{"all_proxy", "http://p:1"}, {"no_proxy", "::1"}}), "ws://[::1]:80/"),
      "");
  // Entries that are no host match nothing and do not stop the others from matching.
  EXPECT_EQ(chosen(o, environment({{"all_proxy", "http://p:1"}, {"no_proxy", "a b,[x,h:0,,h"}}),
                   "ws://h/"),
            "");
  EXPECT_EQ(
      chosen(o, environment({{"all_proxy", "http://p:1"}, {"no_proxy", "a b,[x,h:0"}}), "ws://h/"),
      "http://p:1");
}

TEST(ProxyChoice, NoProxyCidrBlocksCoverTargetsGivenByAddress) {
  const auto env = environment({{"all_proxy", "http://p:1"},
                                {"no_proxy", "10.0.0.0/8, 192.168.1.128/25,[fd00::]/8,::1/128"}});
  const client_options o;
  EXPECT_EQ(chosen(o, env, "ws://10.200.3.4/"), "");
  EXPECT_EQ(chosen(o, env, "ws://192.168.1.200/"), "");
  EXPECT_EQ(chosen(o, env, "ws://[fd12:3456::1]/"), "");
  EXPECT_EQ(chosen(o, env, "ws://[::1]/"), "");
  // Outside the block (the 25-bit prefix cuts inside a byte), another family, a name.
  EXPECT_EQ(chosen(o, env, "ws://192.168.1.127/"), "http://p:1");
  EXPECT_EQ(chosen(o, env, "ws://11.0.0.1/"), "http://p:1");
  EXPECT_EQ(chosen(o, env, "ws://[fe80::1]/"), "http://p:1");
  EXPECT_EQ(chosen(o, env, "ws://[::2]/"), "http://p:1");
  EXPECT_EQ(chosen(o, env, "ws://ten.example/"), "http://p:1");
  // /0 covers its whole family; a prefix too long for it, or not a number, matches nothing.
  EXPECT_EQ(chosen(o, environment({{"all_proxy", "http://p:1"}, {"no_proxy", "0.0.0.0/0"}}),
                   "ws://203.0.113.9/"),
            "");
  EXPECT_EQ(chosen(o, environment({{"all_proxy", "http://p:1"}, {"no_proxy", "0.0.0.0/0"}}),
                   "ws://[2001:db8::1]/"),
            "http://p:1");
  for (const auto* bad : {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "host/8", "10.0.0.0/8/8"}) {
    EXPECT_EQ(
        chosen(o, environment({{"all_proxy", "http://p:1"}, {"no_proxy", bad}}), "ws://10.0.0.1/"),
        "http://p:1")
        << bad;
  }
}

TEST(ProxyChoice, ABadUrlIsAnInvalidOptionNamingItsSourceButNotItsSecret) {
  std::optional<proxy_url> p;
  std::string why;
  const auto env = environment({{"HTTPS_PROXY", "ftp://user:secret@h"}});
  EXPECT_EQ(choose_proxy({}, env, parsed("wss://example.com/"), p, &why), errc::invalid_option);
  EXPECT_NE(why.find("HTTPS_PROXY"), std::string::npos) << why;
  EXPECT_NE(why.find("scheme"), std::string::npos) << why;
  EXPECT_EQ(why.find("secret"), std::string::npos) << why;
  // The variable that does not apply to the target is not looked at, as in curl.
  EXPECT_FALSE(choose_proxy({}, env, parsed("ws://example.com/"), p, &why));
  EXPECT_FALSE(p);
  client_options o;
  o.proxy = "http://h:";
  EXPECT_EQ(choose_proxy(o, {}, parsed("ws://example.com/"), p, &why), errc::invalid_option);
  EXPECT_NE(why.find("client_options::proxy"), std::string::npos) << why;
}

}  // namespace
}  // namespace wsclient::detail
