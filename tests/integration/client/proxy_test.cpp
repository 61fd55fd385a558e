// The native client through real proxies: tinyproxy (HTTP CONNECT, RFC 9110 section 9.3.6),
// also behind stunnel (an https:// proxy), and microsocks (SOCKS5, RFC 1928/1929), started on
// free ports; ws:// and wss:// echo through each, credentials, the failures the classifier must
// tell apart, a proxy that restarts, and the proxy environment variables.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "client_recorder.hpp"
#include "demo_server_process.hpp"
#include "proxy_process.hpp"
#include "scoped_environment.hpp"
#include "test_pki.hpp"
#include "wsclient/client.hpp"

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;
using kind = proxy_process::kind;

#define WSCLIENT_REQUIRE_PROXY(k)                                                      \
  do {                                                                                 \
    if (!proxy_process::available(k)) {                                                \
      GTEST_SKIP() << proxy_process::program(k)                                        \
                   << " is not installed (scripts/bootstrap.sh installs it): skipped"; \
    }                                                                                  \
  } while (false)

/// One client and what it reported.
struct probe {
  explicit probe(const client_options& o) : c(std::make_unique<client>(o)) { rec.attach(*c); }
  client_recorder rec;
  std::unique_ptr<client> c;  // last: destroyed before the recorder it reports to
};

class ClientProxy : public ::testing::Test {
 protected:
  ClientProxy() {
    opts.reconnect.initial_delay = 50ms;
    opts.reconnect.max_delay = 200ms;
    opts.reconnect.jitter_mode = jitter::none;
    opts.tls.ca_file = shared_pki().ca;
  }

  std::unique_ptr<probe> start(const std::string& url) {
    auto p = std::make_unique<probe>(opts);
    EXPECT_FALSE(p->c->connect(url));
    return p;
  }

  /// Opens through the proxy (proxy_shown in open_info) and echoes one message.
  void expect_echo(const std::string& url, const std::string& proxy_shown) {
    SCOPED_TRACE(url + " through " + opts.proxy);
    const auto p = start(url);
    const auto opened = p->rec.wait_for("open");
    ASSERT_EQ(opened.kind, "open") << p->rec.wait_for("error", 1, 0ms).data;
    EXPECT_EQ(opened.open.proxy, proxy_shown);
    EXPECT_EQ(opened.open.url, url);
    p->c->send_text("through " + proxy_shown);
    EXPECT_EQ(p->rec.wait_for("text").data, "through " + proxy_shown);
  }

  /// The first attempt fails for good with error and one of the HTTP statuses given (none:
  /// 0); returns what the error event said.
  std::string expect_fatal(const std::string& url, errc error, std::vector<int> http_status = {0}) {
    SCOPED_TRACE(url + " through " + opts.proxy);
    const auto p = start(url);
    const auto gave_up = p->rec.wait_for("gave_up");
    const auto said = p->rec.wait_for("error", 1, 0ms).data;
    EXPECT_EQ(gave_up.kind, "gave_up") << said;
    EXPECT_EQ(gave_up.gave_up.reason, errc::not_retryable);
    EXPECT_EQ(gave_up.gave_up.last_failure.error, error) << said;
    EXPECT_NE(
        std::find(http_status.begin(), http_status.end(), gave_up.gave_up.last_failure.http_status),
        http_status.end())
        << gave_up.gave_up.last_failure.http_status;
    EXPECT_EQ(gave_up.gave_up.attempts, 1U);
    return said;
  }

  /// The first attempt fails with error and a retry follows.
  void expect_retry(const std::string& url, errc error, int http_status = 0) {
    SCOPED_TRACE(url + " through " + opts.proxy);
    const auto p = start(url);
    const auto next = p->rec.wait_for("reconnecting");
    ASSERT_EQ(next.kind, "reconnecting") << p->rec.wait_for("error", 1, 0ms).data;
    EXPECT_EQ(next.reconnect.cause.error, error) << p->rec.wait_for("error").data;
    EXPECT_EQ(next.reconnect.cause.http_status, http_status);
  }

  /// By name: the server's certificate is verified against it through the tunnel.
  std::string wss_url() const {
    return "wss://localhost:" + std::to_string(tls_server.port()) + "/echo";
  }
  std::string ws_url() const { return server.ws_url("/echo"); }

  demo_server_process server;
  demo_server_process tls_server{
      std::vector<std::string>{"--tls-cert", shared_pki().cert, "--tls-key", shared_pki().key}};
  client_options opts;
};

TEST_F(ClientProxy, HttpConnectCarriesWsAndWss) {
  WSCLIENT_REQUIRE_PROXY(kind::tinyproxy);
  proxy_process proxy(kind::tinyproxy);
  opts.proxy = proxy.url();
  expect_echo(ws_url(), proxy.url());
  expect_echo(wss_url(), proxy.url());
}

TEST_F(ClientProxy, HttpConnectWithBasicAuthAndWrongOrNoCredentialsIsFatal) {
  WSCLIENT_REQUIRE_PROXY(kind::tinyproxy);
  proxy_process proxy(kind::tinyproxy, {"alice", "s3cret", {}});
  opts.proxy = proxy.url();
  const auto shown = proxy.url_with("http", "", "");
  expect_echo(ws_url(), shown);
  expect_echo(wss_url(), shown);
  // 407 as RFC 9110 section 15.5.8 has it; tinyproxy 1.11 answers 401.
  opts.proxy = proxy.url_with("http", "alice", "wrong");
  EXPECT_NE(
      expect_fatal(wss_url(), errc::proxy_auth_failed, {407, 401}).find("refused the credentials"),
      std::string::npos);
  opts.proxy = shown;
  EXPECT_NE(expect_fatal(ws_url(), errc::proxy_auth_failed, {407, 401}).find("wants credentials"),
            std::string::npos);
}

TEST_F(ClientProxy, ConnectStatusesAreClassifiedAsTheServersWouldBe) {
  WSCLIENT_REQUIRE_PROXY(kind::tinyproxy);
  // A port CONNECT may not reach: tinyproxy answers 403, which stays.
  proxy_process strict(kind::tinyproxy, {"", "", {1}});
  opts.proxy = strict.url();
  expect_fatal(ws_url(), errc::proxy_rejected, {403});
  // A server that is down behind the proxy: a 5xx, retried.
  proxy_process proxy(kind::tinyproxy);
  opts.proxy = proxy.url();
  const auto p = start("ws://127.0.0.1:1/");
  const auto next = p->rec.wait_for("reconnecting");
  ASSERT_EQ(next.kind, "reconnecting");
  EXPECT_EQ(next.reconnect.cause.error, errc::proxy_rejected);
  EXPECT_GE(next.reconnect.cause.http_status, 500);
}

TEST_F(ClientProxy, HttpsProxyCarriesWsAndWssTlsInsideTls) {
  WSCLIENT_REQUIRE_PROXY(kind::tls_tinyproxy);
  proxy_process proxy(kind::tls_tinyproxy);
  opts.proxy = proxy.url();
  expect_echo(ws_url(), proxy.url());
  // The server's TLS inside the proxy's: verified against the server's name as without it.
  expect_echo(wss_url(), proxy.url());
}

TEST_F(ClientProxy, HttpsProxyWithWrongCredentialsIsFatal) {
  WSCLIENT_REQUIRE_PROXY(kind::tls_tinyproxy);
  proxy_process proxy(kind::tls_tinyproxy, {"alice", "s3cret", {}});
  opts.proxy = proxy.url();
  expect_echo(wss_url(), proxy.url_with("https", "", ""));
  opts.proxy = proxy.url_with("https", "alice", "wrong");
  EXPECT_NE(
      expect_fatal(wss_url(), errc::proxy_auth_failed, {407, 401}).find("refused the credentials"),
      std::string::npos);
}

TEST_F(ClientProxy, AnHttpsProxyWhoseCertificateDoesNotVerifyIsFatal) {
  WSCLIENT_REQUIRE_PROXY(kind::tls_tinyproxy);
  // Signed by the trusted CA, for another name than the proxy's.
  proxy_process wrong_name(kind::tls_tinyproxy, {},
                           {shared_pki().wrong_name_cert, shared_pki().wrong_name_key});
  opts.proxy = wrong_name.url();
  auto said = expect_fatal(ws_url(), errc::tls_verification_failed);
  EXPECT_NE(said.find("proxy " + wrong_name.url()), std::string::npos) << said;
  // Signed by a CA the client does not trust (the server's would verify: it is not reached).
  proxy_process proxy(kind::tls_tinyproxy);
  opts.proxy = proxy.url();
  opts.tls.ca_file = shared_pki().other_ca;
  said = expect_fatal(wss_url(), errc::tls_verification_failed);
  EXPECT_NE(said.find("proxy " + proxy.url()), std::string::npos) << said;
  // Verification off applies to the proxy as to the server.
  opts.tls.insecure_skip_verify = true;
  expect_echo(wss_url(), proxy.url());
}

TEST_F(ClientProxy, GivenAddressesReachTheProxyAndTheServerASocks5ProxyIsGiven) {
  WSCLIENT_REQUIRE_PROXY(kind::tinyproxy);
  WSCLIENT_REQUIRE_PROXY(kind::microsocks);
  // .invalid names never resolve (RFC 6761 section 6.4): only the given addresses can help.
  proxy_process http(kind::tinyproxy);
  const auto http_shown = "http://proxy.invalid:" + std::to_string(http.port());
  opts.proxy = http_shown;
  opts.resolve = {{"proxy.invalid", http.port(), {"127.0.0.1"}}};
  expect_echo(ws_url(), http_shown);
  // socks5:// sends the server's address, resolved here: the given one.
  proxy_process socks(kind::microsocks);
  opts.proxy = socks.url("socks5");
  opts.resolve = {{"server.invalid", server.port(), {"127.0.0.1"}}};
  expect_echo("ws://server.invalid:" + std::to_string(server.port()) + "/echo",
              socks.url("socks5"));
}

TEST_F(ClientProxy, AProxyThatIsDownIsRetried) {
  opts.proxy = "http://127.0.0.1:1";
  expect_retry(ws_url(), errc::connect_failed);
  opts.proxy = "socks5://127.0.0.1:1";
  expect_retry(wss_url(), errc::connect_failed);
}

TEST_F(ClientProxy, Socks5AndSocks5hCarryWsAndWss) {
  WSCLIENT_REQUIRE_PROXY(kind::microsocks);
  proxy_process proxy(kind::microsocks);
  for (const std::string scheme : {"socks5", "socks5h"}) {
    opts.proxy = proxy.url(scheme);
    expect_echo(ws_url(), proxy.url(scheme));
    expect_echo(wss_url(), proxy.url(scheme));
  }
}

TEST_F(ClientProxy, Socks5WithPasswordAndWrongOrNoCredentialsIsFatal) {
  WSCLIENT_REQUIRE_PROXY(kind::microsocks);
  proxy_process proxy(kind::microsocks, {"bob", "pa:ss", {}});
  const auto shown = proxy.url_with("socks5h", "", "");
  opts.proxy = proxy.url_with("socks5h", "bob", "pa%3Ass");
  expect_echo(ws_url(), shown);
  expect_echo(wss_url(), shown);
  opts.proxy = proxy.url_with("socks5", "bob", "nope");
  EXPECT_NE(expect_fatal(ws_url(), errc::proxy_auth_failed).find("refused the user name"),
            std::string::npos);
  opts.proxy = shown;
  EXPECT_NE(expect_fatal(wss_url(), errc::proxy_auth_failed).find("wants a user name"),
            std::string::npos);
}

TEST_F(ClientProxy, AKilledProxyThatComesBackIsReconnectedThrough) {
  WSCLIENT_REQUIRE_PROXY(kind::tinyproxy);
  WSCLIENT_REQUIRE_PROXY(kind::microsocks);
  for (const auto k : {kind::tinyproxy, kind::microsocks}) {
    proxy_process proxy(k);
    opts.proxy = proxy.url();
    SCOPED_TRACE(opts.proxy);
    const auto p = start(wss_url());
    ASSERT_EQ(p->rec.wait_for("open").kind, "open");
    proxy.kill();
    const auto closed = p->rec.wait_for("close");
    ASSERT_EQ(closed.kind, "close");
    EXPECT_TRUE(closed.close.will_reconnect);
    // Attempts meanwhile find the proxy down, and are retried.
    const auto failed = p->rec.wait_for("reconnecting", 2);
    ASSERT_EQ(failed.kind, "reconnecting");
    EXPECT_EQ(failed.reconnect.cause.error, errc::connect_failed);
    proxy.restart();
    const auto again = p->rec.wait_for("open", 2);
    ASSERT_EQ(again.kind, "open");
    EXPECT_EQ(again.open.proxy, proxy.url());
    p->c->send_text("back");
    EXPECT_EQ(p->rec.wait_for("text").data, "back");
  }
}

TEST_F(ClientProxy, TheEnvironmentIsHonouredUnlessNoProxyOrTheOptionSaysOtherwise) {
  WSCLIENT_REQUIRE_PROXY(kind::tinyproxy);
  proxy_process proxy(kind::tinyproxy, {"carol", "pw", {}});
  scoped_environment env;
  env.set("HTTPS_PROXY", proxy.url());
  env.set("http_proxy", "http://127.0.0.1:1");  // would fail: ws:// is exempted below
  env.set("NO_PROXY", "example.invalid, 127.0.0.1");
  expect_echo(wss_url(), proxy.url_with("http", "", ""));
  expect_echo(ws_url(), "");  // NO_PROXY: direct
  opts.proxy_from_environment = false;
  expect_echo(wss_url(), "");
  env.set("NO_PROXY", "");
  opts.proxy_from_environment = true;
  expect_retry(ws_url(), errc::connect_failed);
  env.set("NO_PROXY", "10.0.0.0/8, 127.0.0.0/8");  // CIDR blocks, as curl 7.86+
  expect_echo(ws_url(), "");
  env.set("HTTPS_PROXY", "ftp://x");
  EXPECT_EQ(client(opts).connect(wss_url()), errc::invalid_option);
}

}  // namespace
}  // namespace wsclient::test
