#include "help_formatter.hpp"

#include <CLI/CLI.hpp>

namespace wsclient::command_line {

help_formatter::help_formatter() {
  column_width(32);
}

std::string help_formatter::make_description(const CLI::App*) const {
  return {};  // make_usage() prints it
}

std::string help_formatter::make_usage(const CLI::App* app, std::string name) const {
  auto text = CLI::Formatter::make_usage(app, std::move(name));
  if (const auto& description = app->get_description(); !description.empty()) {
    text += "\n" + description + "\n";
  }
  return text;
}

std::string help_formatter::make_option_opts(const CLI::Option* option) const {
  // Only the value's name: CLI11 would add the type, the default and the validators here.
  const auto& text = option->get_option_text();
  return text.empty() ? std::string() : " " + text;
}

std::string help_formatter::make_option_desc(const CLI::Option* option) const {
  auto text = option->get_description();
  if (const auto& default_text = option->get_default_str(); !default_text.empty()) {
    text += " (default: " + default_text + ")";
  }
  return text;
}

std::string help_formatter::make_footer(const CLI::App* app) const {
  auto text = std::string(
      "An option's value may follow it or an equals sign: --name VALUE or "
      "--name=VALUE.\n");
  if (const auto& footer = app->get_footer(); !footer.empty()) {
    text += "\n" + footer + "\n";
  }
  return text;
}

std::string on_off(bool on) {
  return on ? "on" : "off";
}

std::string exit_status_text(std::initializer_list<exit_status> statuses) {
  std::string text = "Exit status:";
  for (const auto& status : statuses) {
    text += "\n  " + std::to_string(status.code) + "  " + std::string(status.meaning);
  }
  return text;
}

}  // namespace wsclient::command_line
