// A child process with pipes on its stdin and stdout, for tests that drive real peers and servers.
//
// Every blocking operation takes a timeout, so that a wedged child fails a test instead of
// hanging it. stderr is inherited by default: server and peer logs then show up in test output;
// a test that checks what a child logs reads it from stdout instead (child_stderr::to_stdout).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wsclient::test {

/// Where the child's stderr goes.
enum class child_stderr {
  inherit,    ///< this process's stderr
  to_stdout,  ///< the stdout pipe, read with read_line()
};

/// A running program started from argv (argv[0] is a path, no PATH lookup).
///
/// Only the constructor throws (std::runtime_error when the program cannot be started);
/// every other member reports failure through its return value.
/// The destructor SIGKILLs the child if it is still running and reaps it.
/// @par Thread Safety  Not thread-safe; use from one thread.
class child_process {
 public:
  /// Starts argv[0] with argv as its arguments, stdin and stdout connected to pipes and every
  /// other descriptor of this process except stderr closed in the child.
  explicit child_process(std::vector<std::string> argv,
                         child_stderr stderr_mode = child_stderr::inherit);
  ~child_process();

  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;
  child_process(child_process&&) = delete;
  child_process& operator=(child_process&&) = delete;

  /// Writes all of data to the child's stdin. False when the child does not take it within
  /// timeout (its stdin pipe stays full) or when stdin is closed (the child exited).
  bool write(std::string_view data,
             std::chrono::milliseconds timeout = std::chrono::milliseconds{30'000});

  /// Closes the child's stdin, which a well-behaved child reads as end of input.
  void close_stdin();

  /// The next line of the child's stdout, without its '\n'. nullopt when no full line
  /// arrives within timeout, or when stdout has ended: stdout_eof() tells which.
  /// A last line without '\n' before end of output is returned as a line.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);

  /// True once the child's stdout has ended (closed or the child exited) and every line
  /// read from it has been returned.
  bool stdout_eof() const { return stdout_eof_ && buffer_.empty(); }

  /// Sends signum to the child; false if it has already been reaped or kill() fails.
  bool send_signal(int signum);

  /// Waits up to timeout for the child to exit and reaps it. Returns its exit status, or
  /// -N when signal N ended it; nullopt while it is still running.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);

  /// SIGTERM, then SIGKILL if the child has not exited after grace; returns wait_exit().
  std::optional<int> terminate(std::chrono::milliseconds grace = std::chrono::milliseconds{5'000});

  /// Sets the child's limit on open file descriptors (RLIMIT_NOFILE, soft and hard) while it
  /// runs: descriptors it already has stay open, new ones fail with EMFILE from this number.
  /// False when the child has been reaped or prlimit() fails.
  bool set_open_files_limit(unsigned limit);

  pid_t pid() const { return pid_; }

  /// True until the child has exited (reaps it when it has).
  bool running();

  /// What wait_exit() returned once the child was reaped; nullopt before.
  std::optional<int> exit_status() const { return exit_status_; }

  /// The argv the child was started with, for messages.
  const std::vector<std::string>& argv() const { return argv_; }

 private:
  bool try_reap();

  std::vector<std::string> argv_;
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int pidfd_ = -1;  // -1 when the kernel has no pidfd_open(): wait_exit() polls waitpid()
  std::string buffer_;
  bool stdout_eof_ = false;
  std::optional<int> exit_status_;
};

}  // namespace wsclient::test
