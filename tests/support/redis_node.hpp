// One demo server started with --redis on a redis_process, whose log the test can wait on.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "demo_server_process.hpp"
#include "redis_process.hpp"

namespace wsclient::test {

/// The demo server on a free port over redis, its log on the stdout pipe; constructed once it
/// is connected to Redis (so the first clients find the shared state up).
/// @par Thread Safety  Not thread-safe.
struct redis_node {
  explicit redis_node(const redis_process& redis, std::vector<std::string> extra_args = {})
      : server(with_redis(redis, std::move(extra_args)), child_stderr::to_stdout) {
    wait_for_log("connected to Redis");
  }

  /// Reads the server's log until a line containing text; throws when none comes in time.
  void wait_for_log(const std::string& text,
                    std::chrono::milliseconds timeout = std::chrono::milliseconds{10'000}) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto line =
          server.process().read_line(std::chrono::duration_cast<std::chrono::milliseconds>(
              deadline - std::chrono::steady_clock::now()));
      if (!line) {
        break;
      }
      if (line->find(text) != std::string::npos) {
        return;
      }
    }
    throw std::runtime_error("the demo server did not log \"" + text + "\"");
  }

  demo_server_process server;

 private:
  static std::vector<std::string> with_redis(const redis_process& redis,
                                             std::vector<std::string> args) {
    args.insert(args.begin(), {"--redis", redis.url()});
    return args;
  }
};

}  // namespace wsclient::test
