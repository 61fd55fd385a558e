// The kinds of options our programs take: switches, decimal integers (a port, a count, a byte
// size) and durations in milliseconds, each checked as strictly as the help line says.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "value_checks.hpp"

namespace wsclient::command_line {

/// Adds a switch: on_given runs when name is given. A value ("--name=yes") and a second
/// "--name" are errors, as for every option; help should say what the default is (default_str()).
CLI::Option* add_switch(CLI::App& app, const std::string& name, std::function<void()> on_given,
                        const std::string& help);

/// Adds "name N" storing a decimal integer in [min, max] (max must fit in T) to target. The help
/// line is help and the range; the default shown is target's value now. (Callers may rename the
/// "N" with option_text() on the result.)
template <std::unsigned_integral T>
CLI::Option* add_integer(CLI::App& app, const std::string& name, T& target, std::uint64_t min,
                         std::uint64_t max, const std::string& help) {
  return app.add_option(name, target, help + ", " + range_text(min, max))
      ->transform(decimal(min, max))
      ->option_text("N")
      ->default_str(std::to_string(target));
}

/// The same for a duration given in milliseconds (max at most INT64_MAX).
CLI::Option* add_milliseconds(CLI::App& app, const std::string& name,
                              std::chrono::milliseconds& target, std::uint64_t min,
                              std::uint64_t max, const std::string& help);

/// The same for a duration that may stay unset; no default is shown (set one with
/// default_str() on the result to say what unset means).
CLI::Option* add_milliseconds(CLI::App& app, const std::string& name,
                              std::optional<std::chrono::milliseconds>& target, std::uint64_t min,
                              std::uint64_t max, const std::string& help);

}  // namespace wsclient::command_line
