// The native client over TLS against the demo server, with a CA made at test time: trusted,
// untrusted, wrong host name, insecure development mode.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "child_process.hpp"
#include "client_recorder.hpp"
#include "demo_server_process.hpp"
#include "test_pki.hpp"
#include "wsclient/client.hpp"

namespace wsclient::test {
namespace {

class ClientTls : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(shared_pki().error, "") << "could not make test PKI"; }

  static demo_server_process serve(const std::string& cert, const std::string& key) {
    return demo_server_process({"--tls-cert", cert, "--tls-key", key});
  }

  client_recorder rec;
  std::unique_ptr<client> c;

  void start(const client_options& o, const std::string& url) {
    c = std::make_unique<client>(o);
    rec.attach(*c);
    ASSERT_FALSE(c->connect(url));
  }
};

TEST_F(ClientTls, TrustedCaWorksByAddressAndByName) {
  const auto& pki = shared_pki();
  auto server = serve(pki.cert, pki.key);
  client_options o;
  o.tls.ca_file = pki.ca;
  start(o, server.ws_url("/echo"));
  ASSERT_EQ(rec.wait_for("open").kind, "open");
  c->send_text("over tls");
  EXPECT_EQ(rec.wait_for("text").data, "over tls");

  client_recorder by_name;
  client_options pem;
  pem.tls.use_system_trust = false;
  pem.tls.ca_pem = [&] {
    std::ifstream in(pki.ca);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  client named(pem);
  by_name.attach(named);
  ASSERT_FALSE(named.connect("wss://localhost:" + std::to_string(server.port()) + "/echo"));
  ASSERT_EQ(by_name.wait_for("open").kind, "open") << by_name.wait_for("error").data;
}

TEST_F(ClientTls, UnknownCaIsFatal) {
  const auto& pki = shared_pki();
  auto server = serve(pki.cert, pki.key);
  client_options o;
  o.tls.use_system_trust = false;
  o.tls.ca_file = pki.other_ca;
  start(o, server.ws_url("/echo"));
  const auto gave_up = rec.wait_for("gave_up");
  ASSERT_EQ(gave_up.kind, "gave_up");
  EXPECT_EQ(gave_up.gave_up.last_failure.error, errc::tls_verification_failed);
  EXPECT_EQ(gave_up.gave_up.reason, errc::not_retryable);
  EXPECT_EQ(rec.count("open"), 0U);
  EXPECT_NE(rec.wait_for("error").data.find("certificate"), std::string::npos);
}

TEST_F(ClientTls, SystemTrustAloneDoesNotTrustATestCa) {
  const auto& pki = shared_pki();
  auto server = serve(pki.cert, pki.key);
  start({}, server.ws_url("/echo"));
  EXPECT_EQ(rec.wait_for("gave_up").gave_up.last_failure.error, errc::tls_verification_failed);
}

TEST_F(ClientTls, WrongHostNameIsFatal) {
  const auto& pki = shared_pki();
  auto server = serve(pki.wrong_name_cert, pki.wrong_name_key);
  client_options o;
  o.tls.ca_file = pki.ca;
  start(o, server.ws_url("/echo"));
  const auto gave_up = rec.wait_for("gave_up");
  ASSERT_EQ(gave_up.kind, "gave_up");
  EXPECT_EQ(gave_up.gave_up.last_failure.error, errc::tls_verification_failed);
}

TEST_F(ClientTls, InsecureModeSkipsVerificationWhenAskedTo) {
  const auto& pki = shared_pki();
  auto server = serve(pki.wrong_name_cert, pki.wrong_name_key);
  client_options o;
  o.tls.insecure_skip_verify = true;
  start(o, server.ws_url("/echo"));
  ASSERT_EQ(rec.wait_for("open").kind, "open");
  c->send_text("insecure");
  EXPECT_EQ(rec.wait_for("text").data, "insecure");
}

// Options that can never work are refused by connect() itself: no attempt, no retry, and the
// log names the file and why.
TEST_F(ClientTls, TlsFilesThatDoNotLoadAreRefusedAtConnect) {
  const auto& pki = shared_pki();
  auto server = serve(pki.cert, pki.key);
  const auto not_pem = pki.dir.string() + "/not-a-certificate.pem";
  std::ofstream(not_pem) << "this is not PEM\n";
  struct bad_case {
    std::string what;
    client_options options;
    std::string named;
  };
  std::vector<bad_case> cases;
  cases.push_back({"missing CA file", {}, "no-such-ca.pem"});
  cases.back().options.tls.ca_file = pki.dir.string() + "/no-such-ca.pem";
  cases.push_back({"CA file that is not PEM", {}, "not-a-certificate.pem"});
  cases.back().options.tls.ca_file = not_pem;
  cases.push_back({"missing client key", {}, "no-such-key.pem"});
  cases.back().options.tls.client_cert_file = pki.cert;
  cases.back().options.tls.client_key_file = pki.dir.string() + "/no-such-key.pem";
  for (auto& bad : cases) {
    SCOPED_TRACE(bad.what);
    std::vector<std::string> log;
    std::mutex log_mutex;
    bad.options.log = [&](log_level, std::string_view text) {
      std::lock_guard lock(log_mutex);
      log.emplace_back(text);
    };
    client local(bad.options);
    client_recorder local_rec;
    local_rec.attach(local);
    EXPECT_EQ(local.connect(server.ws_url("/echo")), errc::invalid_option);
    EXPECT_EQ(local.state(), connection_state::idle);
    std::lock_guard lock(log_mutex);
    ASSERT_FALSE(log.empty());
    EXPECT_NE(log.back().find(bad.named), std::string::npos) << log.back();
  }
}

// A server that speaks only TLS 1.0 and 1.1 (tests/peers/old_tls_server.py): a client that
// requires TLS 1.2 can never agree with it, which is as permanent as a certificate that does not
// verify, and as quickly reported.
TEST_F(ClientTls, AServerOfOldTlsVersionsOnlyIsFatal) {
  const auto& pki = shared_pki();
  child_process python{{WSCLIENT_TEST_PYTHON, WSCLIENT_TEST_OLD_TLS_SERVER, pki.cert, pki.key}};
  const auto line = python.read_line(std::chrono::seconds(20));
  ASSERT_TRUE(line && line->starts_with("listening on ")) << line.value_or("<none>");
  client_options o;
  o.tls.ca_file = pki.ca;
  o.reconnect.initial_delay = std::chrono::milliseconds(10);
  o.reconnect.max_delay = std::chrono::milliseconds(10);
  start(o, "wss://127.0.0.1:" + line->substr(line->rfind(':') + 1) + "/echo");
  const auto gave_up = rec.wait_for("gave_up", 1, std::chrono::seconds(5));
  ASSERT_EQ(gave_up.kind, "gave_up") << rec.wait_for("error").data;
  EXPECT_EQ(gave_up.gave_up.last_failure.error, errc::tls_incompatible);
  EXPECT_EQ(gave_up.gave_up.reason, errc::not_retryable);
  EXPECT_EQ(rec.count("reconnecting"), 0U);
  EXPECT_NE(rec.wait_for("error").data.find("protocol"), std::string::npos)
      << rec.wait_for("error").data;
}

// A server that requires a client certificate (Python websockets with ssl.CERT_REQUIRED).
TEST_F(ClientTls, ClientCertificateIsPresentedWhenGiven) {
  const auto& pki = shared_pki();
  child_process python{{WSCLIENT_TEST_PYTHON, WSCLIENT_TEST_SEED_SERVERS, "0", "--mutual-tls",
                        pki.cert, pki.key, pki.ca}};
  const auto line = python.read_line(std::chrono::seconds(20));
  ASSERT_TRUE(line && line->starts_with("listening on ")) << line.value_or("<none>");
  const auto url = "wss://127.0.0.1:" + line->substr(line->rfind(':') + 1) + "/echo";

  client_options o;
  o.tls.ca_file = pki.ca;
  o.tls.client_cert_file = pki.client_cert;
  o.tls.client_key_file = pki.client_key;
  start(o, url);
  ASSERT_EQ(rec.wait_for("open").kind, "open") << rec.wait_for("error").data;
  c->send_text("mutual");
  EXPECT_EQ(rec.wait_for("text").data, "mutual");

  // Without one the server refuses the handshake.
  client_options anonymous;
  anonymous.tls.ca_file = pki.ca;
  anonymous.reconnect.enabled = false;
  client_recorder refused;
  client other(anonymous);
  refused.attach(other);
  ASSERT_FALSE(other.connect(url));
  const auto gave_up = refused.wait_for("gave_up");
  ASSERT_EQ(gave_up.kind, "gave_up");
  EXPECT_EQ(refused.count("open"), 0U);
}

}  // namespace
}  // namespace wsclient::test
