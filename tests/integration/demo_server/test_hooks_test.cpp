// The demo server's fault-injection hooks (--test-hooks): drop, close, reject and stall, their
// parameter checking, and their absence without the flag.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "demo_server_process.hpp"
#include "python_peer.hpp"

#ifndef WSCLIENT_DEMO_SERVER_EXE
#error "WSCLIENT_DEMO_SERVER_EXE must be the path of wsclient-demo-server (tests/CMakeLists.txt)"
#endif

namespace wsclient::test {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

milliseconds since(steady::time_point start) {
  return std::chrono::duration_cast<milliseconds>(steady::now() - start);
}

// POSTs a hook and returns the peer's answer; "json" holds the parsed body.
json post(python_peer& peer, const demo_server_process& server, const std::string& target,
          const std::string& method = "POST") {
  auto answer = peer.http(method, server.http_url(target));
  answer["json"] = json::parse(answer.value("body", ""), nullptr, false);
  return answer;
}

// The next "closed" answer of connection id, skipping messages that were still queued.
json next_close(python_peer& peer, const std::string& id) {
  for (int i = 0; i < 100; ++i) {
    auto answer = peer.recv(id);
    if (!ok(answer) || answer.value("type", "") == "closed") {
      return answer;
    }
  }
  return json{{"ok", false}, {"error", "no close after 100 messages"}};
}

// An echo round trip, with a short timeout: the connection is open and nothing stalls it.
::testing::AssertionResult echoes(python_peer& peer, const std::string& id,
                                  const std::string& text) {
  if (const auto sent = peer.send_text(id, text); !ok(sent)) {
    return ::testing::AssertionFailure() << "send: " << brief(sent);
  }
  const auto answer = peer.recv(id, milliseconds{2'000});
  if (answer.value("type", "") != "text" || answer.value("data", "") != text) {
    return ::testing::AssertionFailure() << "recv: " << brief(answer);
  }
  return ::testing::AssertionSuccess();
}

TEST(HooksTest, DropEndsEveryWebSocketWithoutACloseFrame) {
  demo_server_process server({"--test-hooks", "--time-interval-ms", "50"});
  python_peer peer;
  ASSERT_TRUE(ok(peer.connect("echo", server.ws_url("/echo"))));
  ASSERT_TRUE(ok(peer.connect("time", server.ws_url("/time"))));
  ASSERT_TRUE(ok(peer.connect("counter", server.ws_url("/counter"))));
  ASSERT_TRUE(echoes(peer, "echo", "before"));

  const auto answer = post(peer, server, "/_test/drop");
  ASSERT_EQ(answer.value("status", 0), 200) << brief(answer);
  EXPECT_EQ(answer["json"], json({{"dropped", 3}}));
  // 1006: the connection ended with no close frame (RFC 6455 section 7.1.5), as on a dead
  // network.
  for (const std::string id : {"echo", "time", "counter"}) {
    SCOPED_TRACE(id);
    const auto closed = next_close(peer, id);
    EXPECT_EQ(closed.value("type", ""), "closed") << brief(closed);
    EXPECT_EQ(closed.value("code", 0), 1006) << brief(closed);
  }
  // Only the connections that existed were dropped.
  ASSERT_TRUE(ok(peer.connect("after", server.ws_url("/echo"))));
  EXPECT_TRUE(echoes(peer, "after", "after"));
}

TEST(HooksTest, CloseSendsTheChosenCodeAndReason) {
  demo_server_process server({"--test-hooks"});
  python_peer peer;
  ASSERT_TRUE(ok(peer.connect("echo", server.ws_url("/echo"))));
  ASSERT_TRUE(ok(peer.connect("counter", server.ws_url("/counter"))));

  const auto answer = post(peer, server, "/_test/close?code=4001&reason=bye");
  ASSERT_EQ(answer.value("status", 0), 200) << brief(answer);
  EXPECT_EQ(answer["json"], json({{"closed", 2}}));
  for (const std::string id : {"echo", "counter"}) {
    SCOPED_TRACE(id);
    const auto closed = next_close(peer, id);
    EXPECT_EQ(closed.value("code", 0), 4001) << brief(closed);
    EXPECT_EQ(closed.value("reason", "?"), "bye") << brief(closed);
  }
}

TEST(HooksTest, CloseDefaultsTo1012AndDecodesTheReason) {
  demo_server_process server({"--test-hooks"});
  python_peer peer;
  ASSERT_TRUE(ok(peer.connect("c", server.ws_url("/echo"))));
  // 1012 "service restart": what a client sees when a server is redeployed.
  auto answer = post(peer, server, "/_test/close");
  ASSERT_EQ(answer.value("status", 0), 200) << brief(answer);
  auto closed = peer.recv("c");
  EXPECT_EQ(closed.value("code", 0), 1012) << brief(closed);
  EXPECT_EQ(closed.value("reason", "?"), "") << brief(closed);

  // The reason is percent-decoded; UTF-8 up to the 123 bytes a close frame has room for
  // (section 5.5: 125 bytes of payload, 2 of them the code).
  ASSERT_TRUE(ok(peer.connect("c", server.ws_url("/echo"))));
  answer = post(peer, server, "/_test/close?code=1001&reason=d%C3%A9j%C3%A0+vu%21");
  ASSERT_EQ(answer.value("status", 0), 200) << brief(answer);
  closed = peer.recv("c");
  EXPECT_EQ(closed.value("code", 0), 1001) << brief(closed);
  EXPECT_EQ(closed.value("reason", "?"), "d\xC3\xA9j\xC3\xA0 vu!") << brief(closed);

  ASSERT_TRUE(ok(peer.connect("c", server.ws_url("/echo"))));
  const std::string longest(123, 'r');
  answer = post(peer, server, "/_test/close?code=3000&reason=" + longest);
  ASSERT_EQ(answer.value("status", 0), 200) << brief(answer);
  closed = peer.recv("c");
  EXPECT_EQ(closed.value("code", 0), 3000) << brief(closed);
  EXPECT_EQ(closed.value("reason", "?"), longest) << brief(closed);
}

TEST(HooksTest, RejectAnswersTheNextUpgradesWithTheChosenStatus) {
  demo_server_process server({"--test-hooks"});
  python_peer peer;
  const auto answer = post(peer, server, "/_test/reject?count=2&status=503&retry_after=3");
  ASSERT_EQ(answer.value("status", 0), 200) << brief(answer);
  EXPECT_EQ(answer["json"], json({{"rejecting", 2}}));

  for (int attempt = 1; attempt <= 2; ++attempt) {
    SCOPED_TRACE("upgrade " + std::to_string(attempt));
    const auto opened = peer.connect("c", server.ws_url(attempt == 1 ? "/echo" : "/counter"));
    EXPECT_FALSE(ok(opened)) << brief(opened);
    EXPECT_EQ(opened.value("status", 0), 503) << brief(opened);
    EXPECT_EQ(opened.value(json::json_pointer("/headers/retry-after"), ""), "3") << brief(opened);
    // Plain HTTP is not an upgrade and does not use up a rejection.
    const auto health = peer.http("GET", server.http_url("/healthz"));
    EXPECT_EQ(health.value("status", 0), 200) << brief(health);
  }
  const auto opened = peer.connect("c", server.ws_url("/echo"));
  ASSERT_TRUE(ok(opened)) << brief(opened);
  EXPECT_TRUE(echoes(peer, "c", "third time lucky"));

  // Without retry_after there is no Retry-After header.
  ASSERT_EQ(post(peer, server, "/_test/reject?status=429").value("status", 0), 200);
  const auto rejected = peer.connect("d", server.ws_url("/echo"));
  EXPECT_EQ(rejected.value("status", 0), 429) << brief(rejected);
  EXPECT_FALSE(rejected.value("headers", json::object()).contains("retry-after"))
      << brief(rejected);
  EXPECT_TRUE(ok(peer.connect("d", server.ws_url("/echo"))));
}

TEST(HooksTest, StallWithholdsRepliesAndPongsUntilItEnds) {
  constexpr milliseconds stall_time{3'000};
  demo_server_process server({"--test-hooks"});
  python_peer peer;
  ASSERT_TRUE(ok(peer.connect("c", server.ws_url("/echo"))));
  ASSERT_TRUE(echoes(peer, "c", "before"));

  const auto start = steady::now();
  const auto answer = post(peer, server, "/_test/stall?ms=" + std::to_string(stall_time.count()));
  ASSERT_EQ(answer.value("status", 0), 200) << brief(answer);
  EXPECT_EQ(answer["json"], json({{"stalled", 1}, {"ms", stall_time.count()}}));

  // A half-open connection: the TCP connection is up, yet nothing comes back, not even the
  // pong section 5.5.2 requires.
  ASSERT_TRUE(ok(peer.send_text("c", "held")));
  const auto during = peer.recv("c", milliseconds{500});
  EXPECT_EQ(during.value("error", ""), "timeout") << brief(during);
  const auto ping = peer.ping("c", milliseconds{500});
  EXPECT_TRUE(ok(ping)) << brief(ping);
  EXPECT_FALSE(ping.value("pong", true)) << brief(ping);
  // Plain HTTP, the hooks included, keeps working meanwhile.
  EXPECT_EQ(peer.http("GET", server.http_url("/healthz")).value("status", 0), 200);
  ASSERT_LT(since(start), stall_time) << "the checks above took longer than the stall";

  const auto after = peer.recv("c", stall_time + milliseconds{5'000});
  EXPECT_EQ(after.value("data", ""), "held") << brief(after);
  EXPECT_GE(since(start), stall_time);
  const auto pong = peer.ping("c");
  EXPECT_TRUE(pong.value("pong", false)) << brief(pong);
  EXPECT_TRUE(echoes(peer, "c", "after"));
}

TEST(HooksTest, BadParametersAnswer400AndChangeNothing) {
  demo_server_process server({"--test-hooks"});
  python_peer peer;
  ASSERT_TRUE(ok(peer.connect("c", server.ws_url("/echo"))));
  const std::vector<std::string> targets = {
      "/_test/close?code=999",
      "/_test/close?code=1005",  // reserved: never sent in a close frame (section 7.4.1)
      "/_test/close?code=1006",
      "/_test/close?code=1015",
      "/_test/close?code=5000",
      "/_test/close?code=-1",
      "/_test/close?code=40x",
      "/_test/close?code=4000&reason=" + std::string(124, 'r'),
      "/_test/close?reason=%FF",  // a close reason is UTF-8 (section 5.5.1)
      "/_test/close?reason=%zz",
      "/_test/reject?count=0",
      "/_test/reject?count=x",
      "/_test/reject?status=200",
      "/_test/reject?status=600",
      "/_test/reject?retry_after=-1",
      "/_test/reject?retry_after=86401",
      "/_test/stall",
      "/_test/stall?ms=0",
      "/_test/stall?ms=600001",
      "/_test/stall?ms=1s",
  };
  for (const auto& target : targets) {
    SCOPED_TRACE(target);
    const auto answer = post(peer, server, target);
    EXPECT_EQ(answer.value("status", 0), 400) << brief(answer);
    EXPECT_TRUE(answer["json"].contains("error")) << brief(answer);
  }
  // Nothing was closed, stalled or armed.
  EXPECT_TRUE(echoes(peer, "c", "untouched"));
  const auto opened = peer.connect("d", server.ws_url("/echo"));
  EXPECT_TRUE(ok(opened)) << brief(opened);
}

TEST(HooksTest, UnknownHooksAnswer404AndOtherMethods405) {
  demo_server_process server({"--test-hooks"});
  python_peer peer;
  ASSERT_TRUE(ok(peer.connect("c", server.ws_url("/echo"))));
  for (const std::string target : {"/_test/explode", "/_test/", "/_test/drop/"}) {
    SCOPED_TRACE(target);
    const auto answer = post(peer, server, target);
    EXPECT_EQ(answer.value("status", 0), 404) << brief(answer);
    EXPECT_TRUE(answer["json"].contains("error")) << brief(answer);
  }
  for (const std::string method : {"GET", "PUT", "DELETE"}) {
    SCOPED_TRACE(method);
    const auto answer = post(peer, server, "/_test/drop", method);
    EXPECT_EQ(answer.value("status", 0), 405) << brief(answer);
  }
  EXPECT_TRUE(echoes(peer, "c", "still connected"));
}

TEST(HooksTest, WithoutTheFlagHookPathsAreOrdinaryPaths) {
  demo_server_process server;
  python_peer peer;
  ASSERT_TRUE(ok(peer.connect("c", server.ws_url("/echo"))));
  // A POST gets what a POST to any path that is not a hook gets; a GET finds no such file.
  const auto ordinary = peer.http("POST", server.http_url("/no-such-path"));
  ASSERT_TRUE(ok(ordinary)) << brief(ordinary);
  for (const std::string hook : {"/_test/drop", "/_test/close?code=4000", "/_test/reject?count=5",
                                 "/_test/stall?ms=10000"}) {
    SCOPED_TRACE(hook);
    const auto answer = peer.http("POST", server.http_url(hook));
    EXPECT_EQ(answer.value("status", 0), ordinary.value("status", -1)) << brief(answer);
    EXPECT_NE(answer.value("status", 0), 200) << brief(answer);
    EXPECT_EQ(peer.http("GET", server.http_url(hook)).value("status", 0), 404);
  }
  EXPECT_TRUE(echoes(peer, "c", "nothing happened"));
  const auto opened = peer.connect("d", server.ws_url("/echo"));
  EXPECT_TRUE(ok(opened)) << brief(opened);
}

// The server with its log (stderr) read through its stdout pipe.
class logged_server {
 public:
  explicit logged_server(const std::vector<std::string>& args) {
    std::vector<std::string> argv{
        "/bin/sh", "-c", R"(exec "$0" "$@" 2>&1)", WSCLIENT_DEMO_SERVER_EXE, "--host", "127.0.0.1",
        "--port",  "0"};
    argv.insert(argv.end(), args.begin(), args.end());
    process_ = std::make_unique<child_process>(std::move(argv));
    if (const auto line = next_line_with("listening on ", milliseconds{20'000})) {
      port_ = std::stoi(line->substr(line->rfind(':') + 1));
    }
  }

  int port() const { return port_; }
  std::string url(std::string_view scheme, std::string_view path) const {
    return std::string(scheme) + "://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }

  /// The next output line containing needle; lines before it are kept in seen().
  std::optional<std::string> next_line_with(std::string_view needle, milliseconds timeout) {
    const auto deadline = steady::now() + timeout;
    for (;;) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - steady::now());
      auto line = process_->read_line(std::max(left, milliseconds{0}));
      if (!line) {
        return std::nullopt;
      }
      seen_.push_back(*line);
      if (line->find(needle) != std::string::npos) {
        return line;
      }
    }
  }
  const std::vector<std::string>& seen() const { return seen_; }

 private:
  std::unique_ptr<child_process> process_;
  int port_ = 0;
  std::vector<std::string> seen_;
};

TEST(HooksTest, ServerInitiatedCloseIsLoggedWithItsCode) {
  logged_server server({"--test-hooks"});
  ASSERT_NE(server.port(), 0);
  python_peer peer;
  ASSERT_TRUE(ok(peer.connect("c", server.url("ws", "/echo"))));
  const auto opened = server.next_line_with(" open /echo ", milliseconds{5'000});
  ASSERT_TRUE(opened.has_value());
  // "... ws N open /echo from ..." -> "ws N "
  const auto ws = opened->find("] ws ");
  ASSERT_NE(ws, std::string::npos) << *opened;
  const auto name = opened->substr(ws + 2, opened->find(" open ") - ws - 2);

  ASSERT_EQ(
      peer.http("POST", server.url("http", "/_test/close?code=4001&reason=bye")).value("status", 0),
      200);
  EXPECT_EQ(peer.recv("c").value("code", 0), 4001);
  // The session's end is reported as the close it was, not as the read it cut short.
  const auto ended = server.next_line_with(name + " ", milliseconds{5'000});
  ASSERT_TRUE(ended.has_value());
  EXPECT_TRUE(ended->ends_with(name + " closed with 4001")) << *ended;
}

}  // namespace
}  // namespace wsclient::test
