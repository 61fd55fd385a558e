// Levelled, thread-safe line logging to stderr for the demo server.
#pragma once

#include <atomic>
#include <string>
#include <string_view>

#include "wsclient/options.hpp"  // the library's log_level and its names

namespace wsclient::demo {

/// Writes whole lines ("2026-11-25T17:29:00.123456Z [info] text") to stderr; lines from
/// different threads never interleave.
/// @par Thread Safety  Every member may be called from any thread.
class logger {
 public:
  explicit logger(log_level threshold = log_level::info) : threshold_(threshold) {}
  bool enabled(log_level level) const {
    return level >= threshold_.load(std::memory_order_relaxed) && level != log_level::off;
  }
  void set_level(log_level level) { threshold_.store(level, std::memory_order_relaxed); }
  void write(log_level level, std::string_view text) const;

 private:
  std::atomic<log_level> threshold_;
};

}  // namespace wsclient::demo
