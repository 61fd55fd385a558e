#include "usable_cpus.hpp"

#include <sched.h>

#include <algorithm>
#include <thread>

namespace wsclient::demo {

unsigned usable_cpus() noexcept {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    return std::max(1, CPU_COUNT(&set));
  }
  // No mask to read (more CPUs than cpu_set_t holds): every CPU the system has.
  return std::max(1U, std::thread::hardware_concurrency());
}

}  // namespace wsclient::demo
