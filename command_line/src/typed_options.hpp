// The kinds of options our programs take: switches, text, repeatable text, decimal integers (a
// port, a count, a byte size) and durations in milliseconds, each checked as strictly as the
// help line says.
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

/// Adds a switch: on_given runs when name is given. A value ("--name=yes") is an error; a second
/// "--name" is what the app's option_defaults() say for every option (CLI11's default: an
/// error). Help should say what the default is (default_str(), see on_off()).
CLI::Option* add_switch(CLI::App& app, const std::string& name, std::function<void()> on_given,
                        const std::string& help);

/// Adds "name TEXT" storing a non-empty value (see text_value()) to target; the default shown
/// is target's value now, or "none" when it is empty.
CLI::Option* add_text(CLI::App& app, const std::string& name, std::string& target,
                      const std::string& help);

/// Adds "name TEXT" that may be given any number of times: on_each runs with each value (empty
/// ones included), in the order given. Add checks with check() on the result.
CLI::Option* add_repeatable(CLI::App& app, const std::string& name,
                            std::function<void(const std::string&)> on_each,
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

/// The same for an integer that may stay unset; no default is shown (set one with default_str()
/// on the result to say what unset means).
template <std::unsigned_integral T>
CLI::Option* add_integer(CLI::App& app, const std::string& name, std::optional<T>& target,
                         std::uint64_t min, std::uint64_t max, const std::string& help) {
  return app
      .add_option_function<std::uint64_t>(
          name, [&target](const std::uint64_t& n) { target = static_cast<T>(n); },
          help + ", " + range_text(min, max))
      ->transform(decimal(min, max))
      ->option_text("N");
}

/// The same for a duration given in milliseconds (max at most INT64_MAX), shown as "name MS".
CLI::Option* add_milliseconds(CLI::App& app, const std::string& name,
                              std::chrono::milliseconds& target, std::uint64_t min,
                              std::uint64_t max, const std::string& help);

/// The same for a duration that may stay unset; no default is shown (set one with
/// default_str() on the result to say what unset means).
CLI::Option* add_milliseconds(CLI::App& app, const std::string& name,
                              std::optional<std::chrono::milliseconds>& target, std::uint64_t min,
                              std::uint64_t max, const std::string& help);

}  // namespace wsclient::command_line
