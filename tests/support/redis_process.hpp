// A real redis-server (Debian's) for the demo server's --redis tests, on a unix socket in a
// fresh directory, with its own configuration, stopped with the object.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "child_process.hpp"
#include "temp_dir.hpp"

namespace wsclient::test {

/// Starts redis-server with `port 0` (no TCP), `unixsocket DIR/redis.sock`, no snapshots and an
/// append-only file fsynced on every write (so a SIGKILLed Redis keeps what it acknowledged),
/// and waits for its "ready to accept connections" line. Throws std::runtime_error when it does
/// not start within 10 s.
/// @par Thread Safety  Not thread-safe; use from one thread.
class redis_process {
 public:
  redis_process();
  ~redis_process();
  redis_process(const redis_process&) = delete;
  redis_process& operator=(const redis_process&) = delete;

  /// "unix:///tmp/redis_test.XXXXXX/redis.sock": the demo server's --redis form.
  std::string url() const;

  /// SIGKILLs it (nothing flushed beyond what appendfsync already wrote) and reaps it.
  void kill();

  /// Starts it again on the same socket and data (after kill()).
  void start();

  bool running() const { return process_ != nullptr; }

 private:
  temp_dir dir_;
  std::string config_;
  std::unique_ptr<child_process> process_;
};

}  // namespace wsclient::test
