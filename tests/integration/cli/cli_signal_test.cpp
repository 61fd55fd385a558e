// SIGINT (Ctrl-C) and SIGTERM end wsclient-cli as the end of stdin does: a close frame with
// 1000, the closing handshake (RFC 6455 section 7.1.2), exit status 0. A second signal ends it
// at once.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <string>

#include "cli_process.hpp"
#include "raw_ws_server.hpp"

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;

std::string name_of(int signum) {
  return signum == SIGINT ? "SIGINT" : "SIGTERM";
}

class CliStopSignal : public ::testing::TestWithParam<int> {};

TEST_P(CliStopSignal, ClosesWith1000WaitsForTheHandshakeAndExitsZero) {
  std::atomic<int> code_on_the_wire{0};
  raw_ws_server server([&](raw_connection& conn) {
    conn.send(conn.upgrade_response() + server_frame(text_opcode, "ready"));
    if (const auto f = conn.read_frame(15s); f && f->opcode == close_opcode) {
      code_on_the_wire = f->close_code();
      // The answer that completes the handshake; then the server closes the TCP connection
      // first, as section 7.1.1 says it should (the client waits for that).
      conn.send(server_close_frame(1000));
    }
  });
  cli_process cli({"--no-compression", server.url()});  // stdin stays open
  ASSERT_EQ(cli.read_line(), "ready") << cli.stderr_text();
  ASSERT_TRUE(cli.send_signal(GetParam()));
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  ASSERT_TRUE(server.wait_served(1));
  EXPECT_EQ(code_on_the_wire, 1000);
  const auto err = cli.stderr_text();
  EXPECT_TRUE(contains(err, name_of(GetParam()) + " received, closing the connection")) << err;
  EXPECT_TRUE(contains(err, "connection closed (1000)")) << err;
}

// While the close waits for a server that does not answer, a second signal is not ignored.
TEST_P(CliStopSignal, ASecondSignalEndsTheProgramAtOnce) {
  raw_ws_server server([&](raw_connection& conn) {
    conn.send(conn.upgrade_response());
    conn.wait_end_of_stream(15s);  // reads the close frame and never answers it
  });
  cli_process cli({"--no-compression", server.url()}, cli_process::stderr_to::stdout);
  ASSERT_TRUE(cli.wait_for([](const std::string& l) { return l.starts_with("connected to"); }));
  ASSERT_TRUE(cli.send_signal(GetParam()));
  ASSERT_TRUE(cli.wait_for([](const std::string& l) { return contains(l, "closing"); }));
  ASSERT_TRUE(cli.send_signal(GetParam()));
  EXPECT_EQ(cli.wait_exit(2'000ms), -GetParam());
}

INSTANTIATE_TEST_SUITE_P(SigintAndSigterm, CliStopSignal, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& test) { return name_of(test.param); });

}  // namespace
}  // namespace wsclient::test
