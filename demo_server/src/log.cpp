#include "log.hpp"

#include <chrono>
#include <cstdio>
#include <mutex>

#include "time_format.hpp"

namespace wsclient::demo {

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
