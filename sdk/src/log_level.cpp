// The names of the log levels: one list for the library's log lines, the CLI and the demo
// server's --log-level.
#include <array>
#include <cstddef>

#include "wsclient/options.hpp"

namespace wsclient {

namespace {

// In the order of the enumerators.
constexpr std::array<std::string_view, 6> level_names{"trace", "debug", "info",
                                                      "warn",  "error", "off"};

}  // namespace

std::string_view to_string(log_level level) noexcept {
  const auto index = static_cast<std::size_t>(level);
  return index < level_names.size() ? level_names[index] : std::string_view{"?"};
}

std::optional<log_level> parse_log_level(std::string_view text) noexcept {
  for (std::size_t i = 0; i < level_names.size(); ++i) {
    if (level_names[i] == text) {
      return static_cast<log_level>(i);
    }
  }
  return std::nullopt;
}

}  // namespace wsclient
