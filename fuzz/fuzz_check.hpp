// The oracle's failure: a fuzz target that finds an input breaking a documented rule stops the
// run with the rule's text, and libFuzzer saves the input (crash-*) for a regression seed.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace wsclient::fuzz {

/// Aborts the run when a documented rule does not hold (as a crash would).
[[noreturn]] inline void rule_broken(const char* rule) {
  std::fprintf(stderr, "fuzz oracle: %s\n", rule);
  std::abort();
}

inline void check(bool holds, const char* rule) {
  if (!holds) {
    rule_broken(rule);
  }
}

}  // namespace wsclient::fuzz
