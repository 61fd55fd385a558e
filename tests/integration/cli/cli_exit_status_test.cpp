// How wsclient-cli ends: 0 done or closed normally, 1 fatal (with one line saying why), 2 bad
// command line, 3 timeout.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli_process.hpp"
#include "demo_server_process.hpp"
#include "python_peer.hpp"
#include "run_program.hpp"

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;

// Bad command lines: status 2, one line on stderr, nothing on stdout, no connection tried.
class CliUsage : public ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(CliUsage, ExitsTwoWithOneLine) {
  cli_process cli(GetParam());
  EXPECT_TRUE(cli.rest_of_stdout().empty());
  EXPECT_EQ(cli.wait_exit(), 2);
  const auto err = cli.stderr_lines();
  ASSERT_EQ(err.size(), 1U) << cli.stderr_text();
  EXPECT_TRUE(err[0].starts_with("wsclient-cli: ")) << err[0];
}

INSTANTIATE_TEST_SUITE_P(
    BadCommandLines, CliUsage,
    ::testing::Values(std::vector<std::string>{},
                      std::vector<std::string>{"--bogus", "ws://127.0.0.1:1/"},
                      std::vector<std::string>{"ws://127.0.0.1:1/", "--count"},
                      std::vector<std::string>{"--count", "many", "ws://127.0.0.1:1/"},
                      std::vector<std::string>{"--timeout=-1", "ws://127.0.0.1:1/"},
                      std::vector<std::string>{"--header", "NoColon", "ws://127.0.0.1:1/"},
                      std::vector<std::string>{"--echo=1", "ws://127.0.0.1:1/"},
                      std::vector<std::string>{"http://127.0.0.1:1/"},
                      std::vector<std::string>{"ws://127.0.0.1:1/#fragment"},
                      std::vector<std::string>{"ws://127.0.0.1:1/", "ws://127.0.0.1:2/"},
                      std::vector<std::string>{"--max-message-bytes", "0", "ws://127.0.0.1:1/"},
                      std::vector<std::string>{"--max-message-bytes=big", "ws://127.0.0.1:1/"},
                      std::vector<std::string>{"--quiet=1", "ws://127.0.0.1:1/"},
                      std::vector<std::string>{"--version=1"},
                      std::vector<std::string>{"--ca", "/nonexistent/ca.pem", "ws://127.0.0.1:1/"},
                      std::vector<std::string>{"--ca", "/", "wss://127.0.0.1:1/"}));

// A --ca file that cannot be read is a bad command line, said at once with its name, not a
// TLS failure after a connection attempt (exit 1, or retries first).
TEST(CliExit, MissingCaFileIsAUsageErrorNamingIt) {
  cli_process cli({"--ca", "/nonexistent/ca.pem", "wss://127.0.0.1:1/"});
  EXPECT_EQ(cli.wait_exit(), 2);
  EXPECT_EQ(
      cli.stderr_lines(),
      std::vector<std::string>{
          "wsclient-cli: --ca: cannot read \"/nonexistent/ca.pem\": No such file or directory"});
}

TEST(CliExit, CaDirectoryIsAUsageErrorNamingIt) {
  const auto directory = std::filesystem::temp_directory_path().string();
  cli_process cli({"--ca", directory, "wss://127.0.0.1:1/"});
  EXPECT_EQ(cli.wait_exit(), 2);
  EXPECT_EQ(cli.stderr_lines(),
            std::vector<std::string>{"wsclient-cli: --ca: \"" + directory + "\" is a directory"});
}

// Root reads any file: as root, the CLI runs as nobody (setpriv, util-linux) to be refused.
TEST(CliExit, CaFileWithoutReadPermissionIsAUsageErrorNamingIt) {
  const auto path = (std::filesystem::temp_directory_path() /
                     ("wsclient-cli-unreadable-" + std::to_string(::getpid()) + ".pem"))
                        .string();
  std::ofstream(path) << "not for you";
  std::filesystem::permissions(path, std::filesystem::perms::none);
  std::vector<std::string> argv{WSCLIENT_CLI_EXE, "--ca", path, "wss://127.0.0.1:1/"};
  if (::geteuid() == 0) {
    argv.insert(argv.begin(), {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
  }
  const auto result = run(argv);
  std::filesystem::remove(path);
  EXPECT_EQ(result.status, 2) << result.text();
  EXPECT_EQ(result.output, std::vector<std::string>{"wsclient-cli: --ca: cannot read \"" + path +
                                                    "\": Permission denied"});
}

TEST(CliExit, InvalidUrlSaysSo) {
  cli_process cli({"not-a-url"});
  EXPECT_EQ(cli.wait_exit(), 2);
  EXPECT_TRUE(contains(cli.stderr_text(), "invalid URL \"not-a-url\"")) << cli.stderr_text();
}

TEST(CliExit, HelpPrintsUsageOnStdoutAndExitsZero) {
  cli_process cli({"--help"});
  const auto lines = cli.rest_of_stdout();
  EXPECT_EQ(cli.wait_exit(), 0);
  ASSERT_FALSE(lines.empty());
  EXPECT_TRUE(lines[0].starts_with("Usage: wsclient-cli")) << lines[0];
  EXPECT_TRUE(cli.stderr_lines().empty()) << cli.stderr_text();
}

// One version, the CMake project's (project() in CMakeLists.txt).
TEST(CliExit, VersionPrintsTheProjectVersionAndExitsZero) {
  cli_process cli({"--version"});
  EXPECT_EQ(cli.rest_of_stdout(),
            std::vector<std::string>{std::string("wsclient-cli ") + WSCLIENT_VERSION});
  EXPECT_EQ(cli.wait_exit(), 0);
  EXPECT_TRUE(cli.stderr_lines().empty()) << cli.stderr_text();
}

TEST(CliExit, TimeoutExitsThree) {
  demo_server_process server({"--time-interval-ms", "60000"});
  // /time sends the time once at connect, then not for a minute.
  cli_process cli({"--timeout", "300", "--count", "2", server.ws_url("/time")});
  EXPECT_LE(cli.rest_of_stdout().size(), 1U);
  EXPECT_EQ(cli.wait_exit(), 3);
  EXPECT_TRUE(contains(cli.stderr_text(), "timed out after 300 ms")) << cli.stderr_text();
}

TEST(CliExit, TimeoutAlsoEndsAnOpenEndedSession) {
  demo_server_process server;
  cli_process cli({"--timeout=200", server.ws_url("/echo")});  // stdin stays open
  EXPECT_EQ(cli.wait_exit(), 3);
}

class CliExitHooks : public ::testing::Test {
 protected:
  void hook(const std::string& target) {
    const auto answer = peer.http("POST", server.http_url(target));
    ASSERT_EQ(answer.value("status", 0), 200) << answer.dump();
  }

  demo_server_process server{std::vector<std::string>{"--test-hooks"}};
  python_peer peer;
};

TEST_F(CliExitHooks, Rejected403ExitsOneWithTheStatus) {
  hook("/_test/reject?count=5&status=403");
  cli_process cli({server.ws_url("/echo")});
  EXPECT_EQ(cli.wait_exit(), 1);
  const auto err = cli.stderr_lines();
  ASSERT_EQ(err.size(), 1U) << cli.stderr_text();
  EXPECT_TRUE(contains(err[0], "403")) << err[0];
  EXPECT_TRUE(contains(err[0], "rejected")) << err[0];
}

TEST_F(CliExitHooks, Rejected503IsRetriedThenWorks) {
  hook("/_test/reject?count=2&status=503");
  cli_process cli(
      {"--initial-delay", "20", "--send", "through", "--count", "1", server.ws_url("/echo")});
  EXPECT_EQ(cli.read_line(), "through");
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  EXPECT_TRUE(contains(cli.stderr_text(),
                       "connection failed (server rejected the WebSocket "
                       "upgrade (HTTP 503)), reconnecting in"))
      << cli.stderr_text();
}

TEST_F(CliExitHooks, ServerNormalCloseExitsZero) {
  cli_process cli({"--send", "ready", "--count", "2", server.ws_url("/echo")});
  ASSERT_EQ(cli.read_line(), "ready");  // the connection is open
  hook("/_test/close?code=1000&reason=done");
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  EXPECT_TRUE(contains(cli.stderr_text(), "connection closed by the server (1000 done)"))
      << cli.stderr_text();
}

TEST_F(CliExitHooks, ServerNormalCloseExitsZeroWithoutReconnectToo) {
  cli_process cli({"--no-reconnect", "--send", "ready", "--count", "2", server.ws_url("/echo")});
  ASSERT_EQ(cli.read_line(), "ready");
  hook("/_test/close?code=1000");
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
}

TEST_F(CliExitHooks, ApplicationCloseCodeExitsOneWithTheCode) {
  cli_process cli({"--send", "ready", "--count", "2", server.ws_url("/echo")});
  ASSERT_EQ(cli.read_line(), "ready");
  hook("/_test/close?code=4003&reason=forbidden");
  EXPECT_EQ(cli.wait_exit(), 1);
  const auto err = cli.stderr_lines();
  ASSERT_FALSE(err.empty());
  EXPECT_TRUE(contains(err.back(), "close 4003 forbidden")) << cli.stderr_text();
}

TEST_F(CliExitHooks, NoReconnectMakesADropFatal) {
  cli_process cli({"--no-reconnect", "--send", "ready", "--count", "2", server.ws_url("/echo")});
  ASSERT_EQ(cli.read_line(), "ready");
  hook("/_test/drop");
  EXPECT_EQ(cli.wait_exit(), 1);
  const auto err = cli.stderr_lines();
  ASSERT_FALSE(err.empty());
  EXPECT_TRUE(contains(err.back(), "gave up after 1 attempt(s): connection lost"))
      << cli.stderr_text();
  EXPECT_FALSE(contains(cli.stderr_text(), "reconnecting")) << cli.stderr_text();
}

TEST(CliExit, MaxAttemptsGivesUpOnARefusedPort) {
  // A port that was just free: the demo server had it and is gone.
  std::string url;
  {
    demo_server_process gone;
    url = gone.ws_url("/echo");
    ASSERT_EQ(gone.stop(), 0);
  }
  cli_process cli({"--max-attempts", "2", "--initial-delay", "10", "--max-delay", "20", url});
  EXPECT_EQ(cli.wait_exit(), 1);
  const auto err = cli.stderr_lines();
  ASSERT_FALSE(err.empty());
  EXPECT_TRUE(contains(err.back(), "gave up after")) << cli.stderr_text();
  EXPECT_TRUE(contains(err.back(), "TCP connect failed")) << cli.stderr_text();
}

}  // namespace
}  // namespace wsclient::test
