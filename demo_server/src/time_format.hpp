// The /time endpoint's message text, and the chat's timestamps.
#pragma once

#include <chrono>
#include <string>

namespace wsclient::demo {

/// UTC, ISO-8601 with exactly six fractional digits and a 'Z': "2026-11-25T17:29:00.123456Z".
/// (The seed used Python's isoformat(), which drops the fraction when it is zero; we never do,
/// so every message has one fixed format.)
std::string format_utc_microseconds(std::chrono::system_clock::time_point when);

/// UTC, ISO-8601 with exactly three fractional digits and a 'Z': "2026-12-01T21:49:44.586Z",
/// what JavaScript's Date.prototype.toISOString() gives (the chat's "ts").
std::string format_utc_milliseconds(std::chrono::system_clock::time_point when);

}  // namespace wsclient::demo
