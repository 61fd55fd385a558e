// wsclient-demo-server run as a child process on a port the OS picks, for integration tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "child_process.hpp"

namespace wsclient::test {

/// Starts the demo server with `--port 0` on 127.0.0.1 (unless extra_args has a `--host`), plus
/// extra_args, and waits for its
/// `listening on HOST:PORT` line. Throws std::runtime_error when the server does not start
/// or does not print that line within 20 s.
/// @par Thread Safety  Not thread-safe; use from one thread.
class demo_server_process {
 public:
  explicit demo_server_process(std::vector<std::string> extra_args = {});
  /// With its log (stderr) on the stdout pipe, for tests that read what it logs.
  demo_server_process(std::vector<std::string> extra_args, child_stderr err);
  /// Starts on the given port instead of 0 (to restart a server where clients expect it).
  demo_server_process(std::uint16_t port, std::vector<std::string> extra_args,
                      child_stderr err = child_stderr::inherit);

  std::uint16_t port() const { return port_; }
  /// "ws://127.0.0.1:PORT" + path (or "wss://" when the server was given a certificate).
  std::string ws_url(const std::string& path) const;
  /// "http://127.0.0.1:PORT" + path (or "https://").
  std::string http_url(const std::string& path) const;

  child_process& process() { return *process_; }

  /// With child_stderr::to_stdout: the lines the server logged before its listening line.
  const std::vector<std::string>& early_lines() const { return early_lines_; }

  /// SIGTERM and wait for exit; the exit status, or nullopt if it did not exit in time.
  std::optional<int> stop(std::chrono::milliseconds timeout = std::chrono::milliseconds{5'000});

 private:
  std::unique_ptr<child_process> process_;
  std::uint16_t port_ = 0;
  bool tls_ = false;
  std::vector<std::string> early_lines_;
};

}  // namespace wsclient::test
