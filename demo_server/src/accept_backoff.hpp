// What the listener does when accept() fails: how long to pause, and what to log. Out of file
// descriptors (EMFILE/ENFILE) every pending connection fails again at once; retrying without a
// pause spins a core and writes a log line per try (millions a minute).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wsclient::demo {

/// A pause after each failed accept, from first_delay doubling up to max_delay, reset by the
/// next successful accept; one log line for the first failure of a run, then at most one per
/// log_interval that counts the failures since the previous line, and one when accepts work
/// again. No I/O: the listener supplies the clock readings.
/// @par Thread Safety  None: used on the listener's strand only.
class accept_backoff {
 public:
  using clock = std::chrono::steady_clock;

  static constexpr std::chrono::milliseconds first_delay{100};
  static constexpr std::chrono::milliseconds max_delay{1'000};
  static constexpr std::chrono::milliseconds log_interval{10'000};

  struct decision {
    std::chrono::milliseconds delay;  ///< pause before the next accept
    std::optional<std::string> log;   ///< a line to log now, if any
  };

  /// An accept failed with reason (the error's message).
  decision failed(clock::time_point now, std::string_view reason);

  /// An accept succeeded: the line saying so when it ends a run of failures.
  std::optional<std::string> succeeded(clock::time_point now);

  /// Failed accepts in the current run (0 when the last accept worked).
  std::uint64_t failures() const { return failures_; }

 private:
  std::chrono::milliseconds delay_{0};
  std::uint64_t failures_ = 0;
  std::uint64_t unlogged_ = 0;  ///< failures since the last line
  clock::time_point first_failure_{};
  clock::time_point last_log_{};
};

}  // namespace wsclient::demo
