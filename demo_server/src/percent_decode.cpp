#include "percent_decode.hpp"

namespace wsclient::demo {

std::optional<std::map<std::string, std::string>> parse_query(std::string_view query) {
  std::map<std::string, std::string> result;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) {
      continue;  // "a=1&&b=2" and a trailing '&' are common and harmless
    }
    const auto eq = part.find('=');
    auto key = percent_decode(part.substr(0, eq), true);
    auto value = percent_decode(
        eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1), true);
    if (!key || !value) {
      return std::nullopt;
    }
    result.insert_or_assign(std::move(*key), std::move(*value));
  }
  return result;
}

}  // namespace wsclient::demo
