// wsclient-cli run as a child process for the integration tests: its stdout read line by
// line, its stdin written, and its stderr kept apart (in a file) or merged into stdout when a
// test has to wait for a connection event.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "child_process.hpp"

namespace wsclient::test {

/// Whether part occurs in text (what the CLI printed, say).
inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// @par Thread Safety  Not thread-safe; use from one thread.
class cli_process {
 public:
  using milliseconds = std::chrono::milliseconds;

  enum class stderr_to {
    file,    ///< stdout holds only the messages; stderr_lines() reads the rest after the fact
    stdout,  ///< events and messages on one pipe, in the order they were printed
  };

  /// Starts WSCLIENT_CLI_EXE with args. Throws std::runtime_error if it cannot be started.
  explicit cli_process(std::vector<std::string> args, stderr_to where = stderr_to::file);
  ~cli_process();
  cli_process(const cli_process&) = delete;
  cli_process& operator=(const cli_process&) = delete;

  /// The next stdout line, or nullopt after timeout or at end of output.
  std::optional<std::string> read_line(milliseconds timeout = milliseconds{10'000});
  /// Reads lines until one satisfies match (returned); nullopt on timeout or end of output.
  /// Every line read is kept in lines().
  std::optional<std::string> wait_for(const std::function<bool(const std::string&)>& match,
                                      milliseconds timeout = milliseconds{10'000});
  /// Every stdout line read so far, by read_line or wait_for.
  const std::vector<std::string>& lines() const { return lines_; }
  /// Reads what is left of stdout until it ends (the process exited) or timeout.
  std::vector<std::string> rest_of_stdout(milliseconds timeout = milliseconds{10'000});
  /// True once stdout has ended and every line of it was read.
  bool stdout_ended() const { return process_.stdout_eof(); }

  bool write(const std::string& data) { return process_.write(data); }
  void close_stdin() { process_.close_stdin(); }
  /// Sends signum to the CLI itself (the shell that starts it execs it); false once reaped.
  bool send_signal(int signum) { return process_.send_signal(signum); }
  std::optional<int> wait_exit(milliseconds timeout = milliseconds{15'000}) {
    return process_.wait_exit(timeout);
  }

  /// stderr so far (stderr_to::file only), as lines.
  std::vector<std::string> stderr_lines() const;
  /// stderr so far as one text, for failure messages.
  std::string stderr_text() const;

 private:
  std::string stderr_path_;
  child_process process_;
  std::vector<std::string> lines_;
};

}  // namespace wsclient::test
