#include "log.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <mutex>

#include "time_format.hpp"

namespace wsclient::demo {

namespace {

constexpr std::array<std::string_view, 6> kNames{"trace", "debug", "info", "warn", "error", "off"};

}  // namespace

std::optional<log_level> parse_log_level(std::string_view text) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == text) {
      return static_cast<log_level>(i);
    }
  }
  return std::nullopt;
}

std::string_view to_string(log_level level) {
  const auto index = static_cast<std::size_t>(level);
  return index < kNames.size() ? kNames[index] : std::string_view{"?"};
}

void logger::write(log_level level, std::string_view text) const {
  if (!enabled(level)) {
    return;
  }
  std::string line = format_utc_microseconds(std::chrono::system_clock::now());
  line += " [";
  line += to_string(level);
  line += "] ";
  line.reserve(line.size() + text.size() + 1);
  // Log text often quotes what a client sent; escaping line breaks keeps one record per line so
  // a client cannot forge log lines.
  for (const char c : text) {
    if (c == '\n') {
      line += "\\n";
    } else if (c == '\r') {
      line += "\\r";
    } else {
      line += c;
    }
  }
  line += '\n';

  // One fwrite per line under a process-wide lock: several logger objects may exist, and stdio
  // only promises not to corrupt its buffer, not to keep two callers' bytes apart.
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace wsclient::demo
