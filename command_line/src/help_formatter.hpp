// CLI11's help layout with the usage line first and the default at the end of each option's
// line, "(default: 8080)".
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace wsclient::command_line {

/// Starts with the usage line, then the description (CLI11 puts the description first; scripts
/// and people expect "Usage:" at the top). Shows an option as its names and its option_text()
/// ("--port N"), then its description and, when it has a default_str(), "(default: ...)". Flags
/// state their default too: give them a default_str() ("off").
class help_formatter final : public CLI::Formatter {
 public:
  help_formatter();
  std::string make_description(const CLI::App* app) const override;
  std::string make_usage(const CLI::App* app, std::string name) const override;
  std::string make_option_opts(const CLI::Option* option) const override;
  std::string make_option_desc(const CLI::Option* option) const override;
};

}  // namespace wsclient::command_line
