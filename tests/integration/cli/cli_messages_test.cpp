// wsclient-cli moving messages: --send, stdin, --count, --echo, binary rendering, headers and
// subprotocols, against the demo server and a Python websockets server.
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <stdexcept>
#include <string>

#include "cli_process.hpp"
#include "demo_server_process.hpp"
#include "raw_ws_server.hpp"
#include "timestamp_shape.hpp"

#ifndef WSCLIENT_CLI_TEST_PEER
#error "WSCLIENT_CLI_TEST_PEER must be the path of cli_peer.py (tests/CMakeLists.txt)"
#endif

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;

const std::string ellipsis = "\xe2\x80\xa6";

TEST(CliMessages, SendWithCountOnePrintsTheEchoAndExitsZero) {
  demo_server_process server;
  cli_process cli({"--send", "hello", "--count", "1", server.ws_url("/echo")});
  EXPECT_EQ(cli.read_line(), "hello");
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  EXPECT_TRUE(cli.rest_of_stdout().empty());
  EXPECT_NE(cli.stderr_text().find("connected to " + server.ws_url("/echo")), std::string::npos)
      << cli.stderr_text();
}

TEST(CliMessages, StdinLinesAreEchoedInOrderAndEndOfInputExitsZero) {
  demo_server_process server;
  cli_process cli({server.ws_url("/echo")});
  ASSERT_TRUE(cli.write("one\ntwo\n\nh\xc3\xa9llo w\xc3\xb6rld\nthree\n"));
  EXPECT_EQ(cli.read_line(), "one");
  EXPECT_EQ(cli.read_line(), "two");
  EXPECT_EQ(cli.read_line(), "");  // an empty line is an empty message
  EXPECT_EQ(cli.read_line(), "h\xc3\xa9llo w\xc3\xb6rld");
  EXPECT_EQ(cli.read_line(), "three");
  cli.close_stdin();
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  EXPECT_TRUE(cli.rest_of_stdout().empty());
}

TEST(CliMessages, RepliesToTheLastLinesArePrintedBeforeEndOfInputCloses) {
  // `printf 'a\nb\nc\n' | wsclient-cli URL`: the input ends before any reply has come.
  demo_server_process server;
  cli_process cli({server.ws_url("/echo")});
  ASSERT_TRUE(cli.write("a\nb\nc\n"));
  cli.close_stdin();
  EXPECT_EQ(cli.rest_of_stdout(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  EXPECT_NE(cli.stderr_text().find("connection closed (1000)"), std::string::npos)
      << cli.stderr_text();
}

TEST(CliMessages, EndOfInputClosesEvenWhileTheServerKeepsTalking) {
  demo_server_process server({"--time-interval-ms", "20"});
  cli_process cli({server.ws_url("/time")});
  cli.close_stdin();
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
}

TEST(CliMessages, EchoAgainstAnEchoServerStillEndsAfterEndOfInput) {
  // Every message comes back and is sent back again: the exchange never goes quiet.
  demo_server_process server;
  cli_process cli({"--echo", "--send", "ping-pong", server.ws_url("/echo")});
  ASSERT_EQ(cli.read_line(), "ping-pong");
  cli.close_stdin();
  const auto lines = cli.rest_of_stdout();  // read on, or the CLI blocks on a full pipe
  EXPECT_TRUE(cli.stdout_ended());
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  EXPECT_GT(lines.size(), 1U);
}

TEST(CliMessages, SendsGoOutBeforeStdinInOrder) {
  demo_server_process server;
  cli_process cli({"--send", "first", "--send=second", "--count", "4", server.ws_url("/echo")});
  ASSERT_TRUE(cli.write("third\nfourth\n"));
  EXPECT_EQ(cli.rest_of_stdout(), (std::vector<std::string>{"first", "second", "third", "fourth"}));
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
}

TEST(CliMessages, EndOfInputDoesNotEndAPendingCount) {
  demo_server_process server({"--time-interval-ms", "50"});
  cli_process cli({"--count", "2", server.ws_url("/time")});
  cli.close_stdin();  // nothing to send; --count still waits for two messages
  EXPECT_TRUE(cli.read_line());
  EXPECT_TRUE(cli.read_line());
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
}

TEST(CliMessages, CountThreeOnTimePrintsThreeTimestamps) {
  demo_server_process server({"--time-interval-ms", "50"});
  cli_process cli({"--count", "3", server.ws_url("/time")});
  const auto lines = cli.rest_of_stdout();
  ASSERT_EQ(lines.size(), 3U) << cli.stderr_text();
  for (const auto& line : lines) {
    EXPECT_TRUE(has_utc_timestamp_shape(line)) << line;
  }
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
}

TEST(CliMessages, CounterMessagesArePrintedAsTheyCome) {
  demo_server_process server;
  cli_process cli({"--send", R"({"action":"plus"})", "--count", "3", server.ws_url("/counter")});
  const auto lines = cli.rest_of_stdout();
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  ASSERT_EQ(lines.size(), 3U);
  // The room greets with the user count and the state, then answers "plus" with the state.
  EXPECT_NE(lines[0].find(R"("type":"users")"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find(R"("type":"state")"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find(R"("value":1)"), std::string::npos) << lines[2];
}

/// cli_peer.py: binary messages and a view of the upgrade request.
class python_server {
 public:
  python_server() : process_({WSCLIENT_TEST_PYTHON, WSCLIENT_CLI_TEST_PEER}) {
    const auto line = process_.read_line(20s);
    if (!line || !line->starts_with("listening on 127.0.0.1:")) {
      throw std::runtime_error("cli_peer.py did not start: " + line.value_or("<no output>"));
    }
    port_ = line->substr(line->rfind(':') + 1);
  }
  ~python_server() { process_.terminate(); }
  std::string ws_url(const std::string& path) const { return "ws://127.0.0.1:" + port_ + path; }

 private:
  child_process process_;
  std::string port_;
};

TEST(CliMessages, BinaryIsPrintedAsHexAndEchoedBackAsBinary) {
  python_server server;
  cli_process cli({"--echo", "--count", "4", server.ws_url("/binary")});
  std::string long_hex;
  for (int i = 0; i < 32; ++i) {
    static constexpr char digits[] = "0123456789abcdef";
    long_hex += digits[i >> 4];
    long_hex += digits[i & 15];
  }
  std::string full_hex = long_hex;
  for (int i = 32; i < 40; ++i) {
    full_hex += "2" + std::to_string(i - 32);  // 0x20..0x27
  }
  EXPECT_EQ(cli.rest_of_stdout(),
            (std::vector<std::string>{"<binary 3 bytes: 0102ff>",
                                      "<binary 40 bytes: " + long_hex + ellipsis + ">",
                                      // What the server got back from --echo: binary, intact.
                                      "binary:0102ff", "binary:" + full_hex}));
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
}

TEST(CliMessages, HeadersAndSubprotocolReachTheServer) {
  python_server server;
  cli_process cli({"--header", "X-Cli-Token: secret value", "--header=X-Cli-Other:2",
                   "--subprotocol", "v9", "--subprotocol", "chat", "--count", "3",
                   server.ws_url("/request")});
  EXPECT_EQ(cli.rest_of_stdout(),
            (std::vector<std::string>{"X-Cli-Token: secret value", "X-Cli-Other: 2",
                                      "subprotocol: chat"}));
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  EXPECT_NE(cli.stderr_text().find("(subprotocol chat)"), std::string::npos) << cli.stderr_text();
}

TEST(CliMessages, VerboseShowsTheLibrarysLog) {
  demo_server_process server;
  cli_process cli({"--verbose", "--no-compression", "--ping-interval", "0", "--send", "x",
                   "--count", "1", server.ws_url("/echo")});
  EXPECT_EQ(cli.read_line(), "x");
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  EXPECT_NE(cli.stderr_text().find("[wsclient debug] attempt 1 to"), std::string::npos)
      << cli.stderr_text();
}

TEST(CliMessages, QuietWithoutVerbose) {
  demo_server_process server;
  cli_process cli({"--send", "x", "--count", "1", server.ws_url("/echo")});
  EXPECT_EQ(cli.read_line(), "x");
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  EXPECT_EQ(cli.stderr_text().find("[wsclient"), std::string::npos) << cli.stderr_text();
  EXPECT_EQ(cli.stderr_text().find("request"), std::string::npos) << cli.stderr_text();
}

bool has_line(const std::vector<std::string>& lines, const std::string& prefix) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.starts_with(prefix); });
}

// The upgrade as far as it is known: the request the command line shaped, every header of the
// response (Python websockets accepts permessage-deflate by default).
TEST(CliMessages, VerboseShowsTheUpgradeRequestAndResponse) {
  python_server server;
  const auto url = server.ws_url("/request");
  cli_process cli(
      {"--verbose", "--header", "X-Cli-Token: t", "--subprotocol", "chat", "--count", "2", url});
  EXPECT_EQ(cli.rest_of_stdout().size(), 2U);
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  const auto err = cli.stderr_lines();
  for (const auto& line : std::vector<std::string>{
           "request: GET " + url + " (WebSocket upgrade)", "request header: X-Cli-Token: t",
           "request header: Sec-WebSocket-Protocol: chat",
           "request: offers permessage-deflate (RFC 7692)",
           "response: 101 Switching Protocols (attempt 1)", "response header: Upgrade: websocket",
           "response header: Sec-WebSocket-Protocol: chat",
           "response header: Sec-WebSocket-Extensions: permessage-deflate",
           "negotiated extensions: permessage-deflate"}) {
    EXPECT_TRUE(has_line(err, line)) << line << "\n" << cli.stderr_text();
  }
}

// Each retry with its attempt number, delay and cause, every field of the cause included.
TEST(CliMessages, VerboseShowsEachRetry) {
  raw_ws_server server([](raw_connection& conn) {
    conn.send("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 0\r\n\r\n");
  });
  cli_process cli({"--verbose", "--max-attempts", "2", "--initial-delay", "1", "--max-delay", "1",
                   server.url()});
  EXPECT_EQ(cli.wait_exit(), 1) << cli.stderr_text();
  const auto err = cli.stderr_lines();
  for (const std::string line : {"retry: attempt 2 in ", "retry: attempt 3 in "}) {
    EXPECT_TRUE(has_line(err, line)) << line << "\n" << cli.stderr_text();
  }
  EXPECT_NE(cli.stderr_text().find(", HTTP 503, Retry-After 0 ms, before the connection opened"),
            std::string::npos)
      << cli.stderr_text();
}

TEST(CliMessages, QuietPrintsNoMessagesButStillCountsAndEchoes) {
  demo_server_process server;
  cli_process cli({"--quiet", "--send", "x", "--count", "1", server.ws_url("/echo")});
  EXPECT_TRUE(cli.rest_of_stdout().empty());
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
}

}  // namespace
}  // namespace wsclient::test
