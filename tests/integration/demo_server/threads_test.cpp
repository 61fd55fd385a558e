// The demo server's default number of I/O threads: one per CPU of the affinity mask it starts
// with (taskset, a container's cpuset), not one per CPU of the machine.
#include <gtest/gtest.h>
#include <sched.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "demo_server_process.hpp"

namespace wsclient::test {
namespace {

/// N of the "serving with N I/O thread(s)" line the server logs once it runs.
std::optional<unsigned> logged_threads(demo_server_process& server) {
  const std::string prefix = "serving with ";
  while (auto line = server.process().read_line(std::chrono::milliseconds{10'000})) {
    const auto at = line->find(prefix);
    if (at != std::string::npos) {
      return static_cast<unsigned>(std::stoul(line->substr(at + prefix.size())));
    }
  }
  return std::nullopt;
}

/// Sets the calling thread's affinity mask (a child process started from it inherits it) and
/// restores the previous one when it goes.
class scoped_affinity {
 public:
  explicit scoped_affinity(const cpu_set_t& mask) {
    sched_getaffinity(0, sizeof(saved_), &saved_);
    ok_ = sched_setaffinity(0, sizeof(mask), &mask) == 0;
  }
  ~scoped_affinity() { sched_setaffinity(0, sizeof(saved_), &saved_); }
  scoped_affinity(const scoped_affinity&) = delete;
  scoped_affinity& operator=(const scoped_affinity&) = delete;
  bool ok() const { return ok_; }

 private:
  cpu_set_t saved_{};
  bool ok_ = false;
};

TEST(ThreadsTest, DefaultIsOnePerCpuOfTheAffinityMask) {
  cpu_set_t all;
  CPU_ZERO(&all);
  ASSERT_EQ(sched_getaffinity(0, sizeof(all), &all), 0);
  if (CPU_COUNT(&all) < 2) {
    GTEST_SKIP() << "this test runs on one CPU: a mask of one cannot be told from it";
  }
  int first = 0;
  while (!CPU_ISSET(first, &all)) {
    ++first;
  }
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(first, &one);
  std::optional<demo_server_process> pinned;
  {
    scoped_affinity affinity(one);
    ASSERT_TRUE(affinity.ok());
    pinned.emplace(std::vector<std::string>{}, child_stderr::to_stdout);
  }
  demo_server_process unpinned({}, child_stderr::to_stdout);
  EXPECT_EQ(logged_threads(*pinned), 1U);
  EXPECT_EQ(logged_threads(unpinned), static_cast<unsigned>(CPU_COUNT(&all)));
}

TEST(ThreadsTest, ThreadsOptionWins) {
  demo_server_process server({"--threads", "3"}, child_stderr::to_stdout);
  EXPECT_EQ(logged_threads(server), 3U);
}

}  // namespace
}  // namespace wsclient::test
