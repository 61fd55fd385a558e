// Runs a program to completion and collects its output, for tests that drive command-line
// tools (openssl, the server with bad arguments, cmake).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace wsclient::test {

struct run_result {
  std::optional<int> status;  ///< nullopt: still running at the deadline (then killed)
  std::vector<std::string> output;

  std::string text() const;
};

/// Runs a program found on PATH to completion, its stderr merged into the output it returns.
run_result run(const std::vector<std::string>& argv,
               std::chrono::milliseconds timeout = std::chrono::milliseconds{30'000});

}  // namespace wsclient::test
