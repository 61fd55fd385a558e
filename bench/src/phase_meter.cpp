#include "phase_meter.hpp"

#include <cstdio>

namespace bench {

namespace {

double seconds(const timeval& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

}  // namespace

void phase_meter::start() {
  getrusage(RUSAGE_SELF, &start_usage_);
  start_time_ = std::chrono::steady_clock::now();
}

void phase_meter::stop() {
  stop_time_ = std::chrono::steady_clock::now();
  getrusage(RUSAGE_SELF, &stop_usage_);
}

void phase_meter::print(std::uint64_t messages) const {
  const std::chrono::duration<double> wall = stop_time_ - start_time_;
  std::printf("{\"messages\": %llu, \"user_s\": %.6f, \"sys_s\": %.6f, \"wall_s\": %.6f}\n",
              static_cast<unsigned long long>(messages),
              seconds(stop_usage_.ru_utime) - seconds(start_usage_.ru_utime),
              seconds(stop_usage_.ru_stime) - seconds(start_usage_.ru_stime), wall.count());
  std::fflush(stdout);
}

}  // namespace bench
