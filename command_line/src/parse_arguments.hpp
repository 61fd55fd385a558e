// Runs a CLI11 parser under our programs' contract: never throws, never exits, never prints;
// the caller learns whether help was asked for or what is wrong, in one line.
#pragma once

#include <CLI/CLI.hpp>
#include <span>
#include <string>
#include <string_view>

namespace wsclient::command_line {

struct parse_outcome {
  bool help = false;    ///< -h or --help was given (and won, see help_rule)
  std::string version;  ///< the app's version text, when its version flag was given
  std::string error;    ///< one line saying what is wrong; empty when the command line is valid
};

/// What -h/--help does on a command line that also has a mistake.
enum class help_rule {
  after_checks,  ///< a bad value is reported instead (CLI11 checks values before it looks at help)
  wins,          ///< help, whatever else is wrong: someone asking for help gets it (not after "--")
};

/// Parses args (the arguments after argv[0]) into the variables app's options are bound to.
/// The version flag (CLI::App::set_version_flag) ends parsing with the version text, before
/// required arguments are looked for: "prog --version" needs nothing else.
/// Each option with a value takes it as "--name VALUE" or "--name=VALUE"; "--" ends the options
/// when app takes positional arguments. On top of CLI11 2.1, before "--":
/// - a switch takes no value: "--verbose=yes" is "--verbose: takes no value" (CLI11 would read
///   "=true"/"=false" and ignore "--verbose=");
/// - a following option is a forgotten value, not the value: "--host --port 1" is "--host: needs
///   a value, but got the option \"--port\"" (CLI11 would set the host to "--port");
///   "--send=--port" still has the value "--port";
/// - "--name=" has the empty value it was given (CLI11 would take the next argument).
/// An argument that no option takes is an error: "unknown option \"--bogus\" (see --help)" or
/// "unexpected argument \"x\" (see --help)"; "--" counts as an unknown option when app takes no
/// positional arguments, since it would only end options that nothing can follow. Such an
/// argument is reported before a missing required one ("missing URL (see --help)"), which it
/// may have been meant to be. Errors CLI11 finds keep its wording (validators' messages after
/// "--name: "), with control characters replaced (see one_line()).
parse_outcome parse_arguments(CLI::App& app, std::span<const std::string_view> args,
                              help_rule help = help_rule::after_checks);

}  // namespace wsclient::command_line
