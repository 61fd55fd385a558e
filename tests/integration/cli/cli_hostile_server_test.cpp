// wsclient-cli against a server that writes exact bytes (tests/support/raw_ws_server): what it
// prints and how it exits when the server breaks the protocol or ends in odd ways, as a
// conformance suite driving it sees.
#include <gtest/gtest.h>

#include <string>

#include "cli_process.hpp"
#include "raw_ws_server.hpp"

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;

// RFC 6455 section 8.1: invalid UTF-8 closes with 1007, and the CLI says 1007 as the wire does.
TEST(CliHostileServer, InvalidUtf8IsReportedAs1007) {
  int code_on_the_wire = 0;
  raw_ws_server server([&](raw_connection& conn) {
    conn.send(conn.upgrade_response() + server_frame(text_opcode, "\xc3\x28"));
    if (const auto f = conn.read_frame(); f && f->opcode == close_opcode) {
      code_on_the_wire = f->close_code();
    }
  });
  cli_process cli({server.url()});
  EXPECT_EQ(cli.wait_exit(), 1) << cli.stderr_text();
  ASSERT_TRUE(server.wait_served(1));
  EXPECT_EQ(code_on_the_wire, 1007);
  EXPECT_TRUE(contains(cli.stderr_text(), "close 1007")) << cli.stderr_text();
  EXPECT_FALSE(contains(cli.stderr_text(), "1002")) << cli.stderr_text();
}

// Section 7.1.4: once the close frames have crossed, the connection is closed cleanly, however
// the TCP connection then ends (here with a reset instead of a FIN).
TEST(CliHostileServer, ACompletedClosingHandshakeIsACleanEndEvenIfTheTcpTeardownFails) {
  bool answered = false;
  raw_ws_server server([&](raw_connection& conn) {
    conn.send(conn.upgrade_response() + server_close_frame(1000, "bye"));
    const auto f = conn.read_frame();
    answered = f && f->opcode == close_opcode;
    conn.reset_at_end();
  });
  cli_process cli({server.url()});
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  ASSERT_TRUE(server.wait_served(1));
  EXPECT_TRUE(answered);
  EXPECT_TRUE(contains(cli.stderr_text(), "connection closed by the server (1000 bye)"))
      << cli.stderr_text();
  EXPECT_FALSE(contains(cli.stderr_text(), "1006")) << cli.stderr_text();
}

// --max-message-bytes: a larger message fails the connection with 1009 (section 7.4.1).
TEST(CliHostileServer, MaxMessageBytesRefusesALargerMessageWith1009) {
  int code_on_the_wire = 0;
  raw_ws_server server([&](raw_connection& conn) {
    conn.send(conn.upgrade_response() + server_frame(text_opcode, "ten bytes!") +
              server_frame(text_opcode, "eleven byte"));
    while (const auto f = conn.read_frame()) {
      if (f->opcode == close_opcode) {
        code_on_the_wire = f->close_code();
        break;
      }
    }
  });
  cli_process cli({"--max-message-bytes", "10", "--no-compression", server.url()});
  EXPECT_EQ(cli.rest_of_stdout(), std::vector<std::string>{"ten bytes!"});
  EXPECT_EQ(cli.wait_exit(), 1) << cli.stderr_text();
  ASSERT_TRUE(server.wait_served(1));
  EXPECT_EQ(code_on_the_wire, 1009);
  EXPECT_TRUE(contains(cli.stderr_text(), "close 1009")) << cli.stderr_text();
}

// What was given to the client and never sent is reported when it gives up.
TEST(CliHostileServer, MessagesThatCouldNotBeSentAreReported) {
  raw_ws_server server([](raw_connection& conn) {
    conn.send("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
  });
  cli_process cli({"--send", "never sent", server.url()});
  EXPECT_EQ(cli.wait_exit(), 1) << cli.stderr_text();
  EXPECT_TRUE(contains(cli.stderr_text(), "(HTTP 403); 1 message(s) not sent"))
      << cli.stderr_text();
}

}  // namespace
}  // namespace wsclient::test
