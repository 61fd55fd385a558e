// Runs a CLI11 parser under our programs' contract: never throws, never exits, never prints;
// the caller learns whether help was asked for or what is wrong, in one line.
#pragma once

#include <CLI/CLI.hpp>
#include <span>
#include <string>
#include <string_view>

namespace wsclient::command_line {

struct parse_outcome {
  bool help = false;  ///< -h or --help was given (and nothing before it was wrong)
  std::string error;  ///< one line saying what is wrong; empty when the command line is valid
};

/// Parses args (the arguments after argv[0]) into the variables app's options are bound to.
/// An argument that no option takes is an error: "unknown option \"--bogus\" (see --help)" or
/// "unexpected argument \"x\" (see --help)"; "--" counts as an unknown option when app takes no
/// positional arguments, since it would only end options that nothing can follow. Errors CLI11
/// finds keep its wording (validators' messages after "--name: "), with control characters
/// replaced (see one_line()).
parse_outcome parse_arguments(CLI::App& app, std::span<const std::string_view> args);

}  // namespace wsclient::command_line
