// Levelled, thread-safe line logging to stderr for the demo server.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>

namespace wsclient::demo {

enum class log_level { trace, debug, info, warn, error, off };

/// "trace", "debug", "info", "warn", "error", "off" -> level; anything else -> nullopt.
std::optional<log_level> parse_log_level(std::string_view text);
std::string_view to_string(log_level level);

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
