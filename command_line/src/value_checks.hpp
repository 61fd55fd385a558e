// CLI11 validators for the values our programs take: plain decimal integers in a range, text
// that must be there, and files that can be read.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace wsclient::command_line {

/// The range as help text: "1-256", or "at least 1" when max is the largest std::uint64_t.
std::string range_text(std::uint64_t min, std::uint64_t max);

/// Accepts a decimal integer in [min, max] and nothing else: no sign, no spaces, no "0x", no
/// fraction. Leading zeros are allowed ("0080" is 80) and removed, because CLI11 converts numbers
/// with strtoull base 0, which would read "0080" as (bad) octal. Messages name the value and the
/// range: "\"80x\" is not a number; expected an integer from 0 to 65535".
CLI::Validator decimal(std::uint64_t min, std::uint64_t max);

/// Refuses an empty value, and a value that is an option name: CLI11 gives an option its
/// required value even when the next argument is another option, so "--host --port 1" would
/// otherwise set the host to "--port".
CLI::Validator text_value();

/// Accepts the name of a file this process can read now: not missing, not a directory, not
/// forbidden. A file named on the command line is often read only when it is needed (a CA file
/// at each connection attempt, maybe after minutes of retries), so a typo is caught here, as a
/// bad command line, rather than as a failure later. Messages name the file and say why:
/// "cannot read \"/x\": No such file or directory", "\"/etc\" is a directory".
CLI::Validator readable_file();

}  // namespace wsclient::command_line
