// wsclient-cli across a dropped connection: it reconnects by itself and what is typed after
// the drop is delivered on the new connection.
#include <gtest/gtest.h>

#include <string>

#include "cli_process.hpp"
#include "demo_server_process.hpp"
#include "python_peer.hpp"

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;

TEST(CliReconnect, StdinLineAfterADropIsDeliveredOnTheNewConnection) {
  demo_server_process server({"--test-hooks"});
  python_peer peer;
  // Events and messages on one pipe, so that the test waits for the reconnect itself.
  cli_process cli({"--initial-delay", "50", "--max-delay", "100", "--send", "a", "--count", "2",
                   server.ws_url("/echo")},
                  cli_process::stderr_to::stdout);
  const auto starts = [](const std::string& prefix) {
    return [prefix](const std::string& line) { return line.starts_with(prefix); };
  };
  ASSERT_TRUE(cli.wait_for(starts("connected to ")));
  ASSERT_TRUE(cli.wait_for([](const std::string& line) { return line == "a"; }));

  ASSERT_EQ(peer.http("POST", server.http_url("/_test/drop")).value("status", 0), 200);
  const auto closed = cli.wait_for(starts("connection closed ("));
  ASSERT_TRUE(closed) << ::testing::PrintToString(cli.lines());
  EXPECT_TRUE(closed->starts_with("connection closed (1006), reconnecting in ")) << *closed;
  EXPECT_TRUE(closed->ends_with(" ms (attempt 2)")) << *closed;
  ASSERT_TRUE(cli.wait_for(starts("connected to "))) << ::testing::PrintToString(cli.lines());

  ASSERT_TRUE(cli.write("b\n"));
  EXPECT_TRUE(cli.wait_for([](const std::string& line) { return line == "b"; }))
      << ::testing::PrintToString(cli.lines());
  EXPECT_EQ(cli.wait_exit(), 0) << ::testing::PrintToString(cli.lines());
}

TEST(CliReconnect, PingTimeoutDetectsAStalledServer) {
  demo_server_process server({"--test-hooks"});
  python_peer peer;
  // Without reconnect the detection ends the program, which makes it observable at once.
  cli_process cli({"--no-reconnect", "--ping-interval", "100", "--ping-timeout", "200", "--send",
                   "a", "--count", "2", server.ws_url("/echo")});
  ASSERT_EQ(cli.read_line(), "a");
  // The connection goes silent without closing (half-open): only the pings notice.
  ASSERT_EQ(peer.http("POST", server.http_url("/_test/stall?ms=10000")).value("status", 0), 200);
  EXPECT_EQ(cli.wait_exit(), 1);
  const auto err = cli.stderr_lines();
  ASSERT_FALSE(err.empty());
  EXPECT_NE(err.back().find("no pong within the pong timeout"), std::string::npos)
      << cli.stderr_text();
}

TEST(CliReconnect, LinesTypedWhileDisconnectedAreQueuedAndDelivered) {
  auto server = std::make_unique<demo_server_process>();
  const auto port = server->port();
  cli_process cli({"--initial-delay", "20", "--max-delay", "50", "--send", "a", "--count", "3",
                   server->ws_url("/echo")},
                  cli_process::stderr_to::stdout);
  ASSERT_TRUE(cli.wait_for([](const std::string& line) { return line == "a"; }));
  ASSERT_EQ(server->stop(), 0);  // closes with 1001 (going away): retried
  ASSERT_TRUE(cli.wait_for([](const std::string& l) { return l.starts_with("connection closed"); }))
      << ::testing::PrintToString(cli.lines());
  ASSERT_TRUE(cli.write("b\nc\n"));  // nobody listens: queued in the outbox
  server = std::make_unique<demo_server_process>(port, std::vector<std::string>{});
  ASSERT_TRUE(cli.wait_for([](const std::string& line) { return line == "b"; }))
      << ::testing::PrintToString(cli.lines());
  EXPECT_EQ(cli.read_line(), "c");
  EXPECT_EQ(cli.wait_exit(), 0) << ::testing::PrintToString(cli.lines());
}

TEST(CliReconnect, MoreLinesThanTheOutboxHoldsWaitForTheConnection) {
  demo_server_process server({"--test-hooks"});
  python_peer peer;
  // The first upgrade is refused with Retry-After: 1, so the lines pile up for a second: more
  // than the outbox's 1024 messages. stdin then waits instead of dropping lines.
  ASSERT_EQ(peer.http("POST", server.http_url("/_test/reject?count=1&status=503&retry_after=1"))
                .value("status", 0),
            200);
  cli_process cli({server.ws_url("/echo")});
  std::string input;
  std::vector<std::string> expected;
  for (int i = 1; i <= 3000; ++i) {
    expected.push_back(std::to_string(i));
    input += expected.back() + '\n';
  }
  ASSERT_TRUE(cli.write(input));
  cli.close_stdin();
  EXPECT_EQ(cli.rest_of_stdout(), expected);
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
}

}  // namespace
}  // namespace wsclient::test
