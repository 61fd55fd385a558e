#include "time_format.hpp"

#include <cstdio>

namespace wsclient::demo {
namespace {

// The civil-calendar conversion of <chrono> is pure arithmetic: unlike gmtime() it shares no
// static buffer between threads, and unlike gmtime_r() it needs no time_t round trip, so the
// whole range of system_clock (including times before 1970) formats the same way.
template <class Precision>
std::string format_utc(std::chrono::system_clock::time_point when, int digits) {
  using namespace std::chrono;
  // floor, not duration_cast: a time before the epoch must not round towards 1970.
  const auto fine = floor<Precision>(when);
  const auto day = floor<days>(fine);
  const year_month_day date{day};
  const hh_mm_ss<Precision> clock{fine - day};

  char text[40];
  const int length = std::snprintf(
      text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02lld.%0*lldZ", static_cast<int>(date.year()),
      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
      static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
      static_cast<long long>(clock.seconds().count()), digits,
      static_cast<long long>(clock.subseconds().count()));
  return std::string(text, length > 0 ? static_cast<std::size_t>(length) : 0);
}

}  // namespace

std::string format_utc_microseconds(std::chrono::system_clock::time_point when) {
  return format_utc<std::chrono::microseconds>(when, 6);
}

std::string format_utc_milliseconds(std::chrono::system_clock::time_point when) {
  return format_utc<std::chrono::milliseconds>(when, 3);
}

}  // namespace wsclient::demo
