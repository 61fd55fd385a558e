#include "run_program.hpp"

#include <algorithm>

#include "child_process.hpp"

namespace wsclient::test {

using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

std::string run_result::text() const {
  std::string all;
  for (const auto& line : output) {
    all += line + '\n';
  }
  return all;
}

run_result run(const std::vector<std::string>& argv, milliseconds timeout) {
  std::vector<std::string> shell{"/bin/sh", "-c", R"(exec "$0" "$@" 2>&1)"};
  shell.insert(shell.end(), argv.begin(), argv.end());
  child_process child(std::move(shell));
  child.close_stdin();
  const auto deadline = steady::now() + timeout;
  const auto left = [&] {
    return std::max(milliseconds{0},
                    std::chrono::duration_cast<milliseconds>(deadline - steady::now()));
  };
  run_result result;
  while (auto line = child.read_line(left())) {
    result.output.push_back(*line);
  }
  result.status = child.wait_exit(left());
  return result;
}

}  // namespace wsclient::test
