// The one measurement every client of the suite makes, in every language the same way: the
// process's user and system CPU time (getrusage(RUSAGE_SELF): all its threads) and the wall
// time between the start and the end of the measured phase, printed as one JSON line.
#pragma once

#include <sys/resource.h>
#include <chrono>
#include <cstdint>

namespace bench {

class phase_meter {
 public:
  void start();
  void stop();
  /// {"messages": N, "user_s": ..., "sys_s": ..., "wall_s": ...} on stdout.
  void print(std::uint64_t messages) const;

 private:
  rusage start_usage_{};
  rusage stop_usage_{};
  std::chrono::steady_clock::time_point start_time_;
  std::chrono::steady_clock::time_point stop_time_;
};

}  // namespace bench
