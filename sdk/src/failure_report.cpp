#include "failure_report.hpp"

#include <utility>

namespace wsclient::detail {

failure failure_of(std::error_code error, std::uint16_t close_code, std::string close_reason) {
  failure f;
  f.error = error;
  f.close_code = close_code;
  f.close_reason = std::move(close_reason);
  return f;
}

close_info close_event(const failure& why, bool was_clean,
                       std::optional<milliseconds> reconnect_after) {
  close_info ci;
  ci.code = why.close_code != 0 ? why.close_code : 1006;
  ci.reason = why.close_reason;
  ci.was_clean = was_clean;
  ci.error = why.error;
  ci.will_reconnect = reconnect_after.has_value();
  ci.reconnect_delay = reconnect_after.value_or(milliseconds(0));
  return ci;
}

std::string describe(const failure& why, const std::string& detail) {
  std::string text = why.error.message();
  if (!detail.empty() && detail != text) {
    text += ": " + detail;
  }
  if (why.http_status != 0) {
    text += " (HTTP " + std::to_string(why.http_status) + ")";
  }
  if (why.close_code != 0) {
    text += " (close " + std::to_string(why.close_code) +
            (why.close_reason.empty() ? "" : " \"" + why.close_reason + "\"") + ")";
  }
  return text;
}

}  // namespace wsclient::detail
