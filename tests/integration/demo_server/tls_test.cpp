// The demo server over TLS (wss://, https://), with a private CA and a server certificate for
// 127.0.0.1 and localhost made at test time by the openssl command line.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "demo_server_process.hpp"
#include "python_peer.hpp"
#include "run_program.hpp"
#include "test_pki.hpp"

#ifndef WSCLIENT_DEMO_SERVER_EXE
#error "WSCLIENT_DEMO_SERVER_EXE must be the path of wsclient-demo-server (tests/CMakeLists.txt)"
#endif

namespace wsclient::test {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;
namespace fs = std::filesystem;

const test_pki& pki() {
  return shared_pki();
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(pki().error, "") << "could not make test certificates"; }

  static std::vector<std::string> tls_args() {
    return {"--tls-cert", pki().cert, "--tls-key", pki().key};
  }
  static json trusting() { return json{{"ca", pki().ca}}; }
};

TEST_F(TlsTest, WssEchoCounterAndHttpsHealthCheckVerifiedAgainstTheCa) {
  demo_server_process server(tls_args());
  ASSERT_TRUE(server.ws_url("/echo").starts_with("wss://"));
  python_peer peer;

  auto opened = peer.connect("echo", server.ws_url("/echo"), trusting());
  ASSERT_TRUE(ok(opened)) << brief(opened);
  ASSERT_TRUE(ok(peer.send_text("echo", "over TLS")));
  auto answer = peer.recv("echo");
  EXPECT_EQ(answer.value("type", ""), "text") << brief(answer);
  EXPECT_EQ(answer.value("data", ""), "over TLS");
  const std::string bytes("\x00\x01\xFE\xFF", 4);
  ASSERT_TRUE(ok(peer.send_binary("echo", bytes)));
  answer = peer.recv("echo");
  EXPECT_EQ(answer.value("type", ""), "binary") << brief(answer);
  EXPECT_EQ(python_peer::binary_data(answer), bytes);
  EXPECT_EQ(peer.close("echo").value("code", 0), 1000);

  opened = peer.connect("counter", server.ws_url("/counter"), trusting());
  ASSERT_TRUE(ok(opened)) << brief(opened);
  EXPECT_EQ(peer.recv("counter").value("data", ""), R"({"type":"users","count":1})");
  EXPECT_EQ(peer.recv("counter").value("data", ""), R"({"type":"state","value":0})");
  ASSERT_TRUE(ok(peer.send_text("counter", R"({"action":"plus"})")));
  EXPECT_EQ(peer.recv("counter").value("data", ""), R"({"type":"state","value":1})");

  answer = peer.http("GET", server.http_url("/healthz"), json::object(), "", trusting());
  ASSERT_TRUE(ok(answer)) << brief(answer);
  EXPECT_EQ(answer.value("status", 0), 200);
  EXPECT_EQ(answer.value("body", ""), "OK\n");
}

TEST_F(TlsTest, ClientThatDoesNotTrustTheCaFailsVerification) {
  demo_server_process server(tls_args());
  python_peer peer;
  // Neither the system's CAs nor an unrelated CA vouch for the server's certificate.
  for (const auto& extra : {json::object(), json{{"ca", pki().other_ca}}}) {
    SCOPED_TRACE("connect fields: " + extra.dump());
    const auto opened = peer.connect("c", server.ws_url("/echo"), extra);
    EXPECT_FALSE(ok(opened)) << brief(opened);
    EXPECT_NE(opened.value("error", "").find("CERTIFICATE_VERIFY_FAILED"), std::string::npos)
        << brief(opened);
    const auto answer = peer.http("GET", server.http_url("/healthz"), json::object(), "", extra);
    EXPECT_FALSE(ok(answer)) << brief(answer);
    EXPECT_NE(answer.value("error", "").find("CERTIFICATE_VERIFY_FAILED"), std::string::npos)
        << brief(answer);
  }
  // The failed handshakes did not disturb the server.
  const auto opened = peer.connect("c", server.ws_url("/echo"), trusting());
  ASSERT_TRUE(ok(opened)) << brief(opened);
  ASSERT_TRUE(ok(peer.send_text("c", "trusted")));
  EXPECT_EQ(peer.recv("c").value("data", ""), "trusted");
}

TEST_F(TlsTest, PlainClientsOnTheTlsPortFailCleanlyAndTheServerCarriesOn) {
  constexpr milliseconds handshake_timeout{500};
  auto args = tls_args();
  args.insert(args.end(), {"--handshake-timeout-ms", std::to_string(handshake_timeout.count())});
  demo_server_process server(args);
  python_peer peer;
  const std::string plain_ws = "ws://127.0.0.1:" + std::to_string(server.port()) + "/echo";
  const std::string plain_http = "http://127.0.0.1:" + std::to_string(server.port()) + "/healthz";

  // The plain request is no TLS ClientHello: the server gives up on it at once, so the client
  // fails promptly (not by its own timeout).
  const auto opened = peer.connect("plain", plain_ws, {{"timeout", 5}});
  EXPECT_FALSE(ok(opened)) << brief(opened);
  EXPECT_NE(opened.value("error", ""), "timeout");
  const auto answer = peer.http("GET", plain_http);
  EXPECT_FALSE(ok(answer) && answer.value("status", 0) == 200) << brief(answer);
  EXPECT_NE(answer.value("error", ""), "timeout");

  // A connection that never starts its TLS handshake is dropped after the handshake timeout.
  const auto silent = peer.raw(server.port(), "", milliseconds{5'000});
  ASSERT_TRUE(ok(silent)) << brief(silent);
  EXPECT_TRUE(silent.value("eof", false)) << brief(silent);

  const auto secure = peer.connect("secure", server.ws_url("/echo"), trusting());
  ASSERT_TRUE(ok(secure)) << brief(secure);
  ASSERT_TRUE(ok(peer.send_text("secure", "still serving")));
  EXPECT_EQ(peer.recv("secure").value("data", ""), "still serving");
}

TEST_F(TlsTest, UnusableCertificateOrKeyExitsWith2) {
  struct bad_case {
    std::string what;
    std::string cert;
    std::string key;
    std::string expected;  // in the error line
  };
  const std::string missing = (pki().dir / "missing.pem").string();
  const std::vector<bad_case> cases = {
      {"missing certificate", missing, pki().key, "--tls-cert"},
      {"missing key", pki().cert, missing, "--tls-key"},
      {"key given as certificate", pki().key, pki().key, "certificate"},
      {"key of another certificate", pki().cert, pki().ca_key, "key"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const auto result = run({WSCLIENT_DEMO_SERVER_EXE, "--host", "127.0.0.1", "--port", "0",
                             "--tls-cert", c.cert, "--tls-key", c.key},
                            milliseconds{10'000});
    EXPECT_EQ(result.status, 2) << result.text();
    ASSERT_FALSE(result.output.empty());
    EXPECT_TRUE(result.output.front().starts_with("wsclient-demo-server: ")) << result.text();
    EXPECT_NE(result.output.front().find(c.expected), std::string::npos) << result.text();
    EXPECT_EQ(result.text().find("listening on"), std::string::npos) << result.text();
  }
}

}  // namespace
}  // namespace wsclient::test
