// The native client following redirects of the upgrade (RFC 9110 section 15.4) from a server
// that writes exact answers (tests/support/raw_ws_server): to another path, to wss:// on the
// demo server, round in a loop.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "client_recorder.hpp"
#include "demo_server_process.hpp"
#include "raw_ws_server.hpp"
#include "test_pki.hpp"
#include "wsclient/client.hpp"

namespace wsclient::test {
namespace {

/// The request line's path ("/a" of "GET /a HTTP/1.1").
std::string path_of(const raw_connection& conn) {
  const auto& r = conn.request();
  const auto start = r.find(' ') + 1;
  return r.substr(start, r.find(' ', start) - start);
}

std::string redirect(int status, std::string_view location) {
  return "HTTP/1.1 " + std::to_string(status) + " Moved\r\nLocation: " + std::string(location) +
         "\r\nContent-Length: 0\r\n\r\n";
}

class ClientRedirect : public ::testing::Test {
 protected:
  ClientRedirect() { opts.tls.ca_file = shared_pki().ca; }

  void start(const std::string& url) {
    c = std::make_unique<client>(opts);
    rec.attach(*c);
    ASSERT_FALSE(c->connect(url));
  }

  client_options opts;
  client_recorder rec;
  std::unique_ptr<client> c;  // last: destroyed before the recorder it reports to
};

TEST_F(ClientRedirect, A301ToAnotherPathIsFollowedAndTheFinalUrlReported) {
  raw_ws_server server([](raw_connection& conn) {
    if (path_of(conn) == "/start") {
      conn.send(redirect(301, "/final?k=v"));
      return;
    }
    conn.send(conn.upgrade_response() + server_frame(1, "at " + path_of(conn)));
    conn.wait_end_of_stream();
  });
  start(server.url("/start"));
  const auto opened = rec.wait_for("open");
  ASSERT_EQ(opened.kind, "open") << rec.wait_for("error", 1, std::chrono::milliseconds(0)).data;
  EXPECT_EQ(opened.open.url, server.url("/final?k=v"));
  EXPECT_EQ(opened.open.attempt, 1U);
  EXPECT_EQ(rec.wait_for("text").data, "at /final?k=v");
  EXPECT_EQ(rec.count("error"), 0U);
}

TEST_F(ClientRedirect, A308ToWssIsFollowedWithTlsVerifiedForTheNewHost) {
  demo_server_process tls_server(
      std::vector<std::string>{"--tls-cert", shared_pki().cert, "--tls-key", shared_pki().key});
  const auto target = "wss://localhost:" + std::to_string(tls_server.port()) + "/echo";
  raw_ws_server server([&target](raw_connection& conn) { conn.send(redirect(308, target)); });
  start(server.url("/"));
  const auto opened = rec.wait_for("open");
  ASSERT_EQ(opened.kind, "open") << rec.wait_for("error", 1, std::chrono::milliseconds(0)).data;
  EXPECT_EQ(opened.open.url, target);
  c->send_text("redirected");
  EXPECT_EQ(rec.wait_for("text").data, "redirected");
}

TEST_F(ClientRedirect, ALoopIsFatal) {
  raw_ws_server server([](raw_connection& conn) {
    conn.send(redirect(path_of(conn) == "/a" ? 302 : 307, path_of(conn) == "/a" ? "/b" : "/a"));
  });
  start(server.url("/a"));
  const auto gave_up = rec.wait_for("gave_up");
  ASSERT_EQ(gave_up.kind, "gave_up");
  EXPECT_EQ(gave_up.gave_up.last_failure.error, errc::redirect_loop);
  EXPECT_EQ(gave_up.gave_up.reason, errc::not_retryable);
  EXPECT_EQ(server.served(), 2U);
}

TEST_F(ClientRedirect, MaxRedirectsBoundsTheChainAndZeroTurnsThemOff) {
  raw_ws_server server([](raw_connection& conn) {
    conn.send(redirect(301, path_of(conn) + "x"));  // /x, /xx, /xxx...
  });
  opts.max_redirects = 3;
  start(server.url("/x"));
  auto gave_up = rec.wait_for("gave_up");
  ASSERT_EQ(gave_up.kind, "gave_up");
  EXPECT_EQ(gave_up.gave_up.last_failure.error, errc::too_many_redirects);
  EXPECT_EQ(server.served(), 4U);

  client_recorder off;
  opts.max_redirects = 0;
  client direct(opts);
  off.attach(direct);
  ASSERT_FALSE(direct.connect(server.url("/x")));
  gave_up = off.wait_for("gave_up");
  ASSERT_EQ(gave_up.kind, "gave_up");
  EXPECT_EQ(gave_up.gave_up.last_failure.error, errc::handshake_rejected);
  EXPECT_EQ(gave_up.gave_up.last_failure.http_status, 301);
}

}  // namespace
}  // namespace wsclient::test
