// How the demo server ends: SIGTERM and SIGINT close every WebSocket with 1001 "going away"
// (RFC 6455 section 7.4.1) and exit 0 promptly, even when a client does not answer the closing
// handshake; a bad command line exits 2 with a one-line error; --help exits 0.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "demo_server_process.hpp"
#include "python_peer.hpp"
#include "run_program.hpp"

#ifndef WSCLIENT_DEMO_SERVER_EXE
#error "WSCLIENT_DEMO_SERVER_EXE must be the path of wsclient-demo-server (tests/CMakeLists.txt)"
#endif

namespace wsclient::test {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

// The contract says "within a second"; the margin keeps a loaded machine from failing the test.
constexpr milliseconds exit_bound{3'000};

milliseconds since(steady::time_point start) {
  return std::chrono::duration_cast<milliseconds>(steady::now() - start);
}

// Opens one client on each WebSocket route and checks that each is live.
void open_one_of_each(python_peer& peer, const demo_server_process& server) {
  ASSERT_TRUE(ok(peer.connect("echo", server.ws_url("/echo"))));
  ASSERT_TRUE(ok(peer.send_text("echo", "hello")));
  ASSERT_EQ(peer.recv("echo").value("data", ""), "hello");

  ASSERT_TRUE(ok(peer.connect("time", server.ws_url("/time"))));
  ASSERT_EQ(peer.recv("time").value("type", ""), "text");

  ASSERT_TRUE(ok(peer.connect("counter", server.ws_url("/counter"))));
  ASSERT_EQ(peer.recv("counter").value("data", ""), R"({"type":"users","count":1})");
}

// Waits until the peer's connection id has stopped reading its socket: a ping then gets no
// pong. With max_queue 1 websockets stops once two messages are waiting unread.
bool stopped_reading(python_peer& peer, const std::string& id) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    const auto answer = peer.ping(id, milliseconds{500});
    if (!ok(answer)) {
      return false;
    }
    if (!answer.value("pong", true)) {
      return true;
    }
  }
  return false;
}

std::string signal_name(int signum) {
  return signum == SIGINT ? "SIGINT" : "SIGTERM";
}

class ShutdownSignalTest : public ::testing::TestWithParam<int> {};

TEST_P(ShutdownSignalTest, EveryWebSocketIsClosedWith1001AndTheServerExits0) {
  demo_server_process server({"--time-interval-ms", "50"});
  python_peer peer;
  ASSERT_NO_FATAL_FAILURE(open_one_of_each(peer, server));

  const auto start = steady::now();
  ASSERT_TRUE(server.process().send_signal(GetParam()));
  for (const std::string id : {"echo", "time", "counter"}) {
    SCOPED_TRACE(id);
    const auto closed = peer.wait_closed(id, exit_bound);
    EXPECT_TRUE(ok(closed)) << brief(closed);
    EXPECT_EQ(closed.value("code", 0), 1001) << brief(closed);
  }
  const auto status = server.process().wait_exit(exit_bound);
  const auto took = since(start);
  ASSERT_TRUE(status.has_value()) << "still running " << took.count() << " ms after the signal";
  EXPECT_EQ(*status, 0);
  EXPECT_LE(took, exit_bound);
}

TEST_P(ShutdownSignalTest, ExitsInTimeWhenAClientIgnoresTheClosingHandshake) {
  demo_server_process server({"--time-interval-ms", "50"});
  python_peer peer;
  ASSERT_NO_FATAL_FAILURE(open_one_of_each(peer, server));
  // A client stuck behind two unread messages: it will never read the server's close frame,
  // so it never answers it (section 7.1.2) and the server must give up on it.
  ASSERT_TRUE(ok(peer.connect("stuck", server.ws_url("/echo"), {{"max_queue", 1}})));
  ASSERT_TRUE(ok(peer.send_text("stuck", "one")));
  ASSERT_TRUE(ok(peer.send_text("stuck", "two")));
  ASSERT_TRUE(stopped_reading(peer, "stuck"));

  const auto start = steady::now();
  ASSERT_TRUE(server.process().send_signal(GetParam()));
  for (const std::string id : {"echo", "time", "counter"}) {
    SCOPED_TRACE(id);
    const auto closed = peer.wait_closed(id, exit_bound);
    EXPECT_EQ(closed.value("code", 0), 1001) << brief(closed);
  }
  // Shutdown has begun, so the server accepts no new WebSocket.
  const auto late = peer.connect("late", server.ws_url("/echo"), {{"timeout", 2}});
  EXPECT_FALSE(ok(late)) << brief(late);

  const auto status = server.process().wait_exit(exit_bound);
  const auto took = since(start);
  ASSERT_TRUE(status.has_value()) << "still running " << took.count() << " ms after the signal";
  EXPECT_EQ(*status, 0);
  EXPECT_LE(took, exit_bound);

  // The stuck client's close frame was sent all the same: behind the two echoes.
  EXPECT_EQ(peer.recv("stuck").value("data", ""), "one");
  EXPECT_EQ(peer.recv("stuck").value("data", ""), "two");
  const auto closed = peer.recv("stuck");
  EXPECT_EQ(closed.value("type", ""), "closed") << brief(closed);
  EXPECT_EQ(closed.value("code", 0), 1001) << brief(closed);
}

TEST_P(ShutdownSignalTest, ExitsInTimeWhileConnectionsAreStalled) {
  demo_server_process server({"--test-hooks"});
  python_peer peer;
  ASSERT_TRUE(ok(peer.connect("echo", server.ws_url("/echo"))));
  const auto stalled = peer.http("POST", server.http_url("/_test/stall?ms=60000"));
  ASSERT_EQ(stalled.value("status", 0), 200) << brief(stalled);

  // No close frame can go out during the stall: the shutdown deadline must end the process.
  const auto start = steady::now();
  ASSERT_TRUE(server.process().send_signal(GetParam()));
  const auto status = server.process().wait_exit(exit_bound);
  const auto took = since(start);
  ASSERT_TRUE(status.has_value()) << "still running " << took.count() << " ms after the signal";
  EXPECT_EQ(*status, 0);
  const auto closed = peer.wait_closed("echo", exit_bound);
  EXPECT_EQ(closed.value("code", 0), 1006) << brief(closed);
}

INSTANTIATE_TEST_SUITE_P(Shutdown, ShutdownSignalTest, ::testing::Values(SIGTERM, SIGINT),
                         [](const ::testing::TestParamInfo<int>& param) {
                           return signal_name(param.param);
                         });

// Runs the server with args (stderr merged into stdout) until it exits.
run_result run_server(const std::vector<std::string>& args, bool merge_stderr = true) {
  std::vector<std::string> argv{"/bin/sh", "-c",
                                merge_stderr ? R"(exec "$0" "$@" 2>&1)" : R"(exec "$0" "$@")",
                                WSCLIENT_DEMO_SERVER_EXE};
  argv.insert(argv.end(), args.begin(), args.end());
  child_process child(std::move(argv));
  child.close_stdin();
  const auto deadline = steady::now() + milliseconds{10'000};
  const auto left = [&] {
    return std::max(milliseconds{0},
                    std::chrono::duration_cast<milliseconds>(deadline - steady::now()));
  };
  run_result result;
  while (auto line = child.read_line(left())) {
    result.output.push_back(*line);
    if (line->starts_with("listening on")) {
      break;  // it started: a test failure, and no reason to wait for the deadline
    }
  }
  result.status = child.wait_exit(left());
  return result;
}

class ShutdownCommandLineTest : public ::testing::Test {
 protected:
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove(cert_file_, ignored);
  }

  // An existing file, so that --tls-cert alone fails for the missing key and not the file.
  std::string existing_file() {
    cert_file_ = std::filesystem::temp_directory_path() /
                 ("wsclient-shutdown-test-" + std::to_string(::getpid()) + ".pem");
    std::ofstream(cert_file_) << "not checked before the missing key\n";
    return cert_file_.string();
  }

 private:
  std::filesystem::path cert_file_;
};

TEST_F(ShutdownCommandLineTest, BadCommandLineExitsWith2AndOneErrorLine) {
  struct bad_case {
    std::vector<std::string> args;
    std::string expected;  // in the error line
  };
  const std::vector<bad_case> cases = {
      {{"--port", "99999"}, "--port"},
      {{"--bogus"}, "--bogus"},
      {{"--tls-cert", existing_file()}, "--tls-key"},
      {{"--web-root", "/nonexistent"}, "--web-root"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.args.front());
    const auto result = run_server(c.args);
    EXPECT_EQ(result.status, 2) << result.text();
    ASSERT_EQ(result.output.size(), 1U) << result.text();
    EXPECT_TRUE(result.output.front().starts_with("wsclient-demo-server: ")) << result.text();
    EXPECT_NE(result.output.front().find(c.expected), std::string::npos) << result.text();
  }
}

TEST_F(ShutdownCommandLineTest, HelpExits0) {
  // stdout only: --help is not an error.
  const auto result = run_server({"--help"}, false);
  EXPECT_EQ(result.status, 0) << result.text();
  ASSERT_FALSE(result.output.empty());
  EXPECT_TRUE(result.output.front().starts_with("Usage: wsclient-demo-server")) << result.text();
  for (const std::string flag :
       {"--port", "--tls-cert", "--tls-key", "--test-hooks", "--max-message-bytes",
        "--max-send-queue-bytes", "--handshake-timeout-ms", "--idle-timeout-ms"}) {
    EXPECT_NE(result.text().find(flag), std::string::npos) << flag;
  }
}

}  // namespace
}  // namespace wsclient::test
