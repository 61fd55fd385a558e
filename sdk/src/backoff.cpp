#include "backoff.hpp"

#include <algorithm>
#include <cmath>

namespace wsclient::detail {

namespace {

std::uint64_t seed_of(const reconnect_options& o) {
  return o.seed != 0 ? o.seed : std::random_device{}();
}

}  // namespace

backoff::backoff(const reconnect_options& options)
    : options_(options), rng_(seed_of(options)), previous_(options.initial_delay) {}

milliseconds backoff::uniform(milliseconds lo, milliseconds hi) {
  if (hi <= lo) {
    return lo;
  }
  const auto span = static_cast<std::uint64_t>((hi - lo).count()) + 1;
  return lo + milliseconds(static_cast<milliseconds::rep>(rng_() % span));
}

milliseconds backoff::delay_for(std::uint32_t attempt) {
  const auto initial = std::max(options_.initial_delay, milliseconds(0));
  const auto cap = std::max(options_.max_delay, initial);
  const double multiplier = std::max(options_.multiplier, 1.0);
  // initial * multiplier^(attempt-1), computed in floating point and capped before it can
  // overflow the integer milliseconds.
  const double grown = static_cast<double>(initial.count()) *
                       std::pow(multiplier, static_cast<double>(std::max(attempt, 1U) - 1));
  const auto capped = grown >= static_cast<double>(cap.count())
                          ? cap
                          : milliseconds(static_cast<milliseconds::rep>(grown));
  switch (options_.jitter_mode) {
    case jitter::none:
      return capped;
    case jitter::full:
      return uniform(milliseconds(0), capped);
    case jitter::equal:
      return capped / 2 + uniform(milliseconds(0), capped - capped / 2);
    case jitter::decorrelated: {
      const auto upper = std::min(cap, std::max(initial, previous_ * 3));
      previous_ = uniform(initial, upper);
      return previous_;
    }
  }
  return capped;
}

}  // namespace wsclient::detail
