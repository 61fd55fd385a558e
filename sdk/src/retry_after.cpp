#include "retry_after.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>

namespace wsclient::detail {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

bool read_int(std::string_view s, int& out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size();
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Whole seconds: a date up to year 9999 fits, where system_clock's nanoseconds end in 2262.
using seconds_since_epoch =
    std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

// IMF-fixdate only ("Sun, 06 Nov 1994 08:49:37 GMT"), the form RFC 9110 requires senders
// to use.
std::optional<seconds_since_epoch> parse_imf_fixdate(std::string_view s) {
  static constexpr std::array<std::string_view, 12> months{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (s.size() != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
      s[19] != ':' || s[22] != ':' || s.substr(25) != " GMT") {
    return std::nullopt;
  }
  int day = 0;
  int year = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  const auto month = std::find(months.begin(), months.end(), s.substr(8, 3));
  if (month == months.end() || !read_int(s.substr(5, 2), day) || !read_int(s.substr(12, 4), year) ||
      !read_int(s.substr(17, 2), hour) || !read_int(s.substr(20, 2), minute) ||
      !read_int(s.substr(23, 2), second) || day < 1 || day > 31 || hour > 23 || minute > 59 ||
      second > 60) {
    return std::nullopt;
  }
  const auto days = days_from_civil(year, static_cast<unsigned>(month - months.begin() + 1),
                                    static_cast<unsigned>(day));
  return seconds_since_epoch(
      std::chrono::seconds(days * 86400 + hour * 3600 + minute * 60 + second));
}

}  // namespace

std::optional<milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) {
    return std::nullopt;
  }
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::uint64_t seconds = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc{} || end != value.data() + value.size()) {
      return std::nullopt;
    }
    const auto limit =
        static_cast<std::uint64_t>(std::chrono::seconds(retry_after_parse_limit).count());
    return std::chrono::seconds(std::min(seconds, limit));
  }
  const auto when = parse_imf_fixdate(value);
  if (!when) {
    return std::nullopt;
  }
  const milliseconds delta = *when - std::chrono::time_point_cast<milliseconds>(now);
  return std::clamp(delta, milliseconds(0), milliseconds(retry_after_parse_limit));
}

}  // namespace wsclient::detail
