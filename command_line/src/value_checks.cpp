#include "value_checks.hpp"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <system_error>

#include "error_text.hpp"

namespace wsclient::command_line {
namespace {

constexpr auto unbounded = std::numeric_limits<std::uint64_t>::max();

// Empty when value is a value; else what is wrong with it.
std::string missing_value(const std::string& value) {
  if (value.empty()) {
    return "needs a non-empty value";
  }
  if (value.starts_with("--")) {
    return value_is_an_option(value);
  }
  return {};
}

}  // namespace

std::string range_text(std::uint64_t min, std::uint64_t max) {
  if (max == unbounded) {
    return "at least " + std::to_string(min);
  }
  return std::to_string(min) + "-" + std::to_string(max);
}

CLI::Validator decimal(std::uint64_t min, std::uint64_t max) {
  const auto expected = max == unbounded ? "expected an integer of at least " + std::to_string(min)
                                         : "expected an integer from " + std::to_string(min) +
                                               " to " + std::to_string(max);
  return {[min, max, expected](std::string& text) -> std::string {
            if (auto missing = missing_value(text); !missing.empty()) {
              return missing;
            }
            // Digits after at most a minus sign: from_chars takes no sign for an unsigned
            // type, and stops at the first non-digit ("80x" would read as 80).
            const bool negative = text.front() == '-';
            std::uint64_t value = 0;
            const auto* const end = text.data() + text.size();
            const auto [stop, ec] = std::from_chars(text.data() + (negative ? 1 : 0), end, value);
            if ((ec != std::errc{} && ec != std::errc::result_out_of_range) || stop != end) {
              return quote(text) + " is not a number; " + expected;
            }
            if (negative) {
              return quote(text) + " is negative; " + expected;
            }
            if (ec == std::errc::result_out_of_range || value < min || value > max) {
              return quote(text) + " is out of range; " + expected;
            }
            text = std::to_string(value);
            return {};
          },
          "", "decimal"};
}

CLI::Validator text_value() {
  return {[](std::string& text) { return missing_value(text); }, "", "text value"};
}

CLI::Validator readable_file() {
  return {[](std::string& path) -> std::string {
            if (auto missing = missing_value(path); !missing.empty()) {
              return missing;
            }
            // A directory opens for reading on Linux; reading it fails only later.
            std::error_code ignored;
            if (std::filesystem::is_directory(path, ignored)) {
              return quote(path) + " is a directory";
            }
            // Opening is the test that counts (permissions, ACLs, a root that may read anything).
            std::FILE* const file = std::fopen(path.c_str(), "rb");
            if (file == nullptr) {
              const std::error_code why(errno, std::generic_category());
              return "cannot read " + quote(path) + ": " + why.message();
            }
            std::fclose(file);
            return {};
          },
          "", "readable file"};
}

}  // namespace wsclient::command_line
