// How wsclient-cli gets to the server, and what --verbose says of it: through real proxies as
// curl users run it (HTTPS_PROXY with credentials, an https:// proxy, --proxy, --no-proxy,
// --resolve), and through redirects.
#include <gtest/gtest.h>

#include <string>

#include "cli_process.hpp"
#include "demo_server_process.hpp"
#include "proxy_process.hpp"
#include "raw_ws_server.hpp"
#include "scoped_environment.hpp"
#include "test_pki.hpp"

namespace wsclient::test {
namespace {

using kind = proxy_process::kind;

class CliProxy : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(shared_pki().error, "");
    if (!proxy_process::available(kind::tinyproxy)) {
      GTEST_SKIP() << proxy_process::program(kind::tinyproxy)
                   << " is not installed (scripts/bootstrap.sh installs it): skipped";
    }
  }

  std::string wss_url() const {
    return "wss://localhost:" + std::to_string(server.port()) + "/echo";
  }

  demo_server_process server{
      std::vector<std::string>{"--tls-cert", shared_pki().cert, "--tls-key", shared_pki().key}};
};

TEST_F(CliProxy, HttpsProxyFromTheEnvironmentWithCredentials) {
  proxy_process proxy(kind::tinyproxy, {"user", "pw", {}});
  scoped_environment env;
  env.set("HTTPS_PROXY", proxy.url());
  cli_process cli(
      {"--ca", shared_pki().ca, "--verbose", "--send", "proxied", "--count", "1", wss_url()});
  EXPECT_EQ(cli.read_line(), "proxied") << cli.stderr_text();
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  const auto err = cli.stderr_text();
  EXPECT_NE(err.find("route: through proxy http://127.0.0.1:" + std::to_string(proxy.port())),
            std::string::npos)
      << err;
  EXPECT_EQ(err.find("pw@"), std::string::npos) << "the password was printed: " << err;
}

TEST_F(CliProxy, HttpsProxyUrlInTheEnvironmentIsTlsToTheProxy) {
  if (!proxy_process::available(kind::tls_tinyproxy)) {
    GTEST_SKIP() << proxy_process::program(kind::tls_tinyproxy)
                 << " is not installed (scripts/bootstrap.sh installs it): skipped";
  }
  proxy_process proxy(kind::tls_tinyproxy, {"user", "pw", {}});
  scoped_environment env;
  env.set("HTTPS_PROXY", proxy.url());
  cli_process cli(
      {"--ca", shared_pki().ca, "--verbose", "--send", "tls in tls", "--count", "1", wss_url()});
  EXPECT_EQ(cli.read_line(), "tls in tls") << cli.stderr_text();
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  const auto err = cli.stderr_text();
  EXPECT_NE(err.find("route: through proxy https://127.0.0.1:" + std::to_string(proxy.port())),
            std::string::npos)
      << err;
}

TEST_F(CliProxy, WrongCredentialsAreFatal) {
  proxy_process proxy(kind::tinyproxy, {"user", "pw", {}});
  scoped_environment env;
  env.set("HTTPS_PROXY", proxy.url_with("http", "user", "wrong"));
  cli_process cli({"--ca", shared_pki().ca, wss_url()});
  EXPECT_EQ(cli.wait_exit(), 1);
  EXPECT_NE(cli.stderr_text().find("proxy refused the credentials"), std::string::npos)
      << cli.stderr_text();
}

TEST_F(CliProxy, NoProxySwitchAndTheProxyOption) {
  proxy_process proxy(kind::tinyproxy);
  scoped_environment env;
  env.set("https_proxy", "http://127.0.0.1:1");  // nothing there
  {
    cli_process cli({"--ca", shared_pki().ca, "--no-proxy", "--verbose", "--send", "direct",
                     "--count", "1", wss_url()});
    EXPECT_EQ(cli.read_line(), "direct") << cli.stderr_text();
    EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
    EXPECT_NE(cli.stderr_text().find("route: direct to 127.0.0.1:"), std::string::npos)
        << cli.stderr_text();
  }
  cli_process cli({"--ca", shared_pki().ca, "--proxy", proxy.url(), "--send", "via option",
                   "--count", "1", wss_url()});
  EXPECT_EQ(cli.read_line(), "via option") << cli.stderr_text();
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
}

TEST_F(CliProxy, ABadProxyInTheEnvironmentIsAUsageError) {
  scoped_environment env;
  env.set("HTTPS_PROXY", "gopher://h");
  cli_process cli({"--ca", shared_pki().ca, wss_url()});
  EXPECT_EQ(cli.wait_exit(), 2);
  EXPECT_NE(cli.stderr_text().find("HTTPS_PROXY: proxy scheme must be"), std::string::npos)
      << cli.stderr_text();
}

TEST(CliResolve, GivenAddressesAreConnectedToForTheName) {
  demo_server_process server;
  const auto port = std::to_string(server.port());
  // .invalid never resolves (RFC 6761 section 6.4): only the given address can reach it.
  cli_process cli({"--verbose", "--resolve", "server.invalid:" + port + ":[::1],127.0.0.1",
                   "--send", "resolved", "--count", "1", "ws://server.invalid:" + port + "/echo"});
  EXPECT_EQ(cli.read_line(), "resolved") << cli.stderr_text();
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  EXPECT_NE(cli.stderr_text().find("route: direct to 127.0.0.1:" + port), std::string::npos)
      << cli.stderr_text();
}

TEST(CliResolve, ABadEntryIsAUsageError) {
  cli_process cli({"--resolve", "server.invalid:80:not-an-address", "ws://server.invalid/"});
  EXPECT_EQ(cli.wait_exit(), 2);
  EXPECT_NE(cli.stderr_text().find("\"not-an-address\" is not an IPv4 or IPv6 address"),
            std::string::npos)
      << cli.stderr_text();
}

TEST(CliRedirect, VerboseShowsEachRedirectAndTheRoute) {
  raw_ws_server server([](raw_connection& conn) {
    if (conn.request().starts_with("GET /start ")) {
      conn.send("HTTP/1.1 301 Moved\r\nLocation: /final\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    conn.send(conn.upgrade_response() + server_frame(1, "arrived"));
    conn.wait_end_of_stream();
  });
  cli_process cli({"--verbose", "--count", "1", server.url("/start")});
  EXPECT_EQ(cli.read_line(), "arrived") << cli.stderr_text();
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  const auto err = cli.stderr_text();
  EXPECT_NE(err.find("redirected (HTTP 301) to " + server.url("/final")), std::string::npos) << err;
  EXPECT_NE(err.find("connected to " + server.url("/final")), std::string::npos) << err;
  EXPECT_NE(err.find("route: direct to 127.0.0.1:" + std::to_string(server.port())),
            std::string::npos)
      << err;
}

TEST(CliRedirect, MaxRedirectsZeroLeavesTheRedirectARefusal) {
  raw_ws_server server([](raw_connection& conn) {
    conn.send("HTTP/1.1 301 Moved\r\nLocation: /final\r\nContent-Length: 0\r\n\r\n");
  });
  cli_process cli({"--max-redirects", "0", server.url("/start")});
  EXPECT_EQ(cli.wait_exit(), 1);
  EXPECT_NE(cli.stderr_text().find("301"), std::string::npos) << cli.stderr_text();
}

}  // namespace
}  // namespace wsclient::test
