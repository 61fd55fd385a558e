#include "time_format.hpp"

#include <cstdio>

namespace wsclient::demo {

// The civil-calendar conversion of <chrono> is pure arithmetic: unlike gmtime() it shares no
// static buffer between threads, and unlike gmtime_r() it needs no time_t round trip, so the
// whole range of system_clock (including times before 1970) formats the same way.
std::string format_utc_microseconds(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  // floor, not duration_cast: a time before the epoch must not round towards 1970.
  const auto micros = floor<microseconds>(when);
  const auto day = floor<days>(micros);
  const year_month_day date{day};
  const hh_mm_ss<microseconds> clock{micros - day};

  char text[40];
  const int length = std::snprintf(
      text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02lld.%06lldZ", static_cast<int>(date.year()),
      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
      static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
      static_cast<long long>(clock.seconds().count()),
      static_cast<long long>(clock.subseconds().count()));
  return std::string(text, length > 0 ? static_cast<std::size_t>(length) : 0);
}

}  // namespace wsclient::demo
