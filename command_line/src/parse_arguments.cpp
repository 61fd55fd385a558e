#include "parse_arguments.hpp"

#include <exception>
#include <vector>

#include "error_text.hpp"

namespace wsclient::command_line {
namespace {

bool takes_positionals(CLI::App& app) {
  return !app.get_options([](const CLI::Option* o) { return o->get_positional(); }).empty();
}

// What is wrong with the arguments CLI11 left over: none (empty), or the first of them.
std::string leftover_error(CLI::App& app) {
  const bool dash_dash_ends_options = takes_positionals(app);
  for (const auto& arg : app.remaining()) {
    if (arg == "--" && dash_dash_ends_options) {
      continue;
    }
    if (arg.size() > 1 && arg.starts_with("-")) {
      return "unknown option " + quote(arg.substr(0, arg.find('='))) + " (see --help)";
    }
    return "unexpected argument " + quote(arg) + " (see --help)";
  }
  return {};
}

}  // namespace

parse_outcome parse_arguments(CLI::App& app, std::span<const std::string_view> args) {
  parse_outcome outcome;
  try {
    // Left-over arguments are collected, not thrown, so that the message can say which kind
    // of mistake each is.
    app.allow_extras();
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 pops from the back
    app.parse(reversed);
    outcome.error = leftover_error(app);
  } catch (const CLI::CallForHelp&) {
    outcome.help = true;
  } catch (const std::exception& e) {
    outcome.error = one_line(e.what());
  }
  return outcome;
}

}  // namespace wsclient::command_line
