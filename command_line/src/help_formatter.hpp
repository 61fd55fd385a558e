// The --help layout our programs share: CLI11's, with the usage line first, each option's value
// name and default on its line ("--port N   TCP port, 0-65535 (default: 8080)"), and how values
// may be written and the exit statuses at the end.
#pragma once

#include <CLI/CLI.hpp>
#include <initializer_list>
#include <string>
#include <string_view>

namespace wsclient::command_line {

/// Starts with the usage line, then the description (CLI11 puts the description first; scripts
/// and people expect "Usage:" at the top). Shows an option as its names and its option_text()
/// ("--port N"), then its description and, when it has a default_str(), "(default: ...)". Flags
/// state their default too: give them a default_str() (see on_off()). Ends with how an option
/// takes its value (parse_arguments() accepts both spellings), then the app's footer.
class help_formatter final : public CLI::Formatter {
 public:
  help_formatter();
  std::string make_description(const CLI::App* app) const override;
  std::string make_usage(const CLI::App* app, std::string name) const override;
  std::string make_option_opts(const CLI::Option* option) const override;
  std::string make_option_desc(const CLI::Option* option) const override;
  std::string make_footer(const CLI::App* app) const override;
};

/// A switch's default for its help line: "on" or "off".
std::string on_off(bool on);

struct exit_status {
  int code;
  std::string_view meaning;
};

/// The "Exit status:" paragraph of a footer, one status a line ("  2  bad command line").
std::string exit_status_text(std::initializer_list<exit_status> statuses);

}  // namespace wsclient::command_line
