// wsclient-cli on a terminal (a pseudo-terminal, as a user's shell gives it): "> " before each
// line sent and "< " before each message received, as `python -m websockets` shows them; Ctrl-C
// closes cleanly. Piped, the output has no markers (the other CLI tests read it that way).
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "demo_server_process.hpp"

#ifndef WSCLIENT_CLI_EXE
#error "WSCLIENT_CLI_EXE must be the path of wsclient-cli (tests/CMakeLists.txt)"
#endif

namespace wsclient::test {
namespace {

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

/// wsclient-cli with a pseudo-terminal as its stdin, stdout, stderr and controlling terminal;
/// the test is the user at the keyboard (type()) and reads the screen (output()).
class cli_on_terminal {
 public:
  explicit cli_on_terminal(const std::vector<std::string>& args) {
    std::vector<std::string> argv{WSCLIENT_CLI_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> c_argv;
    for (auto& a : argv) {
      c_argv.push_back(a.data());
    }
    c_argv.push_back(nullptr);
    pid_ = ::forkpty(&terminal_, nullptr, nullptr, nullptr);
    if (pid_ < 0) {
      throw std::runtime_error("forkpty failed");
    }
    if (pid_ == 0) {
      ::execv(c_argv[0], c_argv.data());
      ::_exit(127);
    }
  }
  ~cli_on_terminal() {
    if (!status_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(terminal_);
  }
  cli_on_terminal(const cli_on_terminal&) = delete;
  cli_on_terminal& operator=(const cli_on_terminal&) = delete;

  /// Keys typed: "\n" is Enter, "\x03" Ctrl-C, "\x04" Ctrl-D (the terminal's line discipline
  /// turns them into a line, SIGINT, end of input).
  void type(const std::string& keys) {
    ASSERT_EQ(::write(terminal_, keys.data(), keys.size()), static_cast<ssize_t>(keys.size()));
  }

  /// Reads the screen until text is on it; false on timeout or once the program has gone.
  bool wait_for(const std::string& text, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = steady::now() + timeout;
    while (output_.find(text) == std::string::npos) {
      if (!read_some(deadline)) {
        return false;
      }
    }
    return true;
  }

  /// The exit status once the program has ended (its terminal closed), nullopt on timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout = 10s) {
    const auto deadline = steady::now() + timeout;
    while (!ended_) {
      if (!read_some(deadline) && !ended_) {
        return std::nullopt;
      }
    }
    int status = 0;
    ::waitpid(pid_, &status, 0);  // its terminal is closed: it has exited
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    return status_;
  }

  const std::string& output() const { return output_; }

 private:
  // Appends what is there within the deadline; false when nothing came or the terminal ended
  // (EIO once no process has it open).
  bool read_some(steady::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now());
    pollfd p{terminal_, POLLIN, 0};
    if (left <= 0ms || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      return false;
    }
    char buffer[4096];
    const auto n = ::read(terminal_, buffer, sizeof buffer);
    if (n <= 0) {
      ended_ = true;
      return false;
    }
    output_.append(buffer, static_cast<std::size_t>(n));
    return true;
  }

  int terminal_ = -1;
  pid_t pid_ = -1;
  std::string output_;
  bool ended_ = false;
  std::optional<int> status_;
};

TEST(CliTerminal, MarksWhatIsSentAndWhatIsReceived) {
  demo_server_process server;
  cli_on_terminal cli({server.ws_url("/echo")});
  ASSERT_TRUE(cli.wait_for("connected to " + server.ws_url("/echo") + "\r\n")) << cli.output();
  cli.type("hello\n");
  ASSERT_TRUE(cli.wait_for("< hello\r\n")) << cli.output();
  // The terminal echoed "hello" as it was typed; the marked line replaces it (cursor up, erase
  // the line), and comes before the reply.
  const auto& out = cli.output();
  const auto sent = out.find("hello\r\n\x1b[A\r\x1b[2K> hello\r\n");
  ASSERT_NE(sent, std::string::npos) << out;
  EXPECT_LT(sent, out.find("< hello\r\n")) << out;
  cli.type("\x04");  // Ctrl-D: end of input, the usual clean end
  EXPECT_EQ(cli.wait_exit(), 0) << cli.output();
  EXPECT_NE(cli.output().find("connection closed (1000)"), std::string::npos) << cli.output();
}

TEST(CliTerminal, CtrlCClosesCleanlyAndExitsZero) {
  demo_server_process server;
  cli_on_terminal cli({server.ws_url("/echo")});
  ASSERT_TRUE(cli.wait_for("connected to ")) << cli.output();
  cli.type("\x03");
  EXPECT_EQ(cli.wait_exit(), 0) << cli.output();
  EXPECT_NE(cli.output().find("SIGINT received, closing the connection"), std::string::npos)
      << cli.output();
  EXPECT_NE(cli.output().find("connection closed (1000)"), std::string::npos) << cli.output();
}

}  // namespace
}  // namespace wsclient::test
