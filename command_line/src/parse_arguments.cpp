#include "parse_arguments.hpp"

#include <algorithm>
#include <exception>
#include <vector>

#include "error_text.hpp"

namespace wsclient::command_line {
namespace {

bool takes_positionals(const CLI::App& app) {
  return !app.get_options([](const CLI::Option* o) { return o->get_positional(); }).empty();
}

bool asks_for_help(const CLI::App& app, std::span<const std::string_view> args) {
  const auto* help = app.get_help_ptr();
  const auto end = std::find(args.begin(), args.end(), std::string_view("--"));
  return help != nullptr && std::any_of(args.begin(), end, [help](std::string_view arg) {
           return help->check_name(std::string(arg));
         });
}

bool looks_like_an_option(std::string_view arg) {
  return arg.starts_with("--") && arg.size() > 2;
}

// The option "--name" or "--name=..." names, if app has it.
const CLI::Option* long_option(const CLI::App& app, std::string_view arg) {
  if (!looks_like_an_option(arg)) {
    return nullptr;
  }
  return app.get_option_no_throw(std::string(arg.substr(0, arg.find('='))));
}

// The arguments as CLI11 is to see them (in reverse order: App::parse pops from the back), or
// what is wrong with them by the rules parse_arguments() adds to CLI11's.
std::string prepare(const CLI::App& app, std::span<const std::string_view> args,
                    std::vector<std::string>& out) {
  bool options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto arg = args[i];
    const auto* option = options_ended ? nullptr : long_option(app, arg);
    options_ended = options_ended || arg == "--";
    if (option == nullptr) {
      out.emplace_back(arg);
      continue;
    }
    const auto eq = arg.find('=');
    const auto name = std::string(arg.substr(0, eq));
    if (option->get_expected_max() == 0) {
      if (eq != std::string_view::npos) {
        return name + ": takes no value";
      }
      out.emplace_back(arg);
    } else if (eq != std::string_view::npos) {
      out.push_back(name);
      out.emplace_back(arg.substr(eq + 1));
    } else if (i + 1 == args.size() || args[i + 1] == "--") {
      return name + ": needs a value";
    } else if (looks_like_an_option(args[i + 1])) {
      return name + ": " + value_is_an_option(args[i + 1]);
    } else {
      out.emplace_back(arg);
      out.emplace_back(args[++i]);
    }
  }
  std::reverse(out.begin(), out.end());
  return {};
}

// What is wrong with the arguments CLI11 left over: none (empty), or the first of them.
std::string leftover_error(const CLI::App& app) {
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

// The first required option or positional nothing was given for, as an error; empty if none.
std::string missing_error(const CLI::App& app) {
  const auto missing =
      app.get_options([](const CLI::Option* o) { return o->get_required() && o->count() == 0; });
  return missing.empty() ? std::string()
                         : "missing " + missing.front()->get_name() + " (see --help)";
}

}  // namespace

parse_outcome parse_arguments(CLI::App& app, std::span<const std::string_view> args,
                              help_rule help) {
  parse_outcome outcome;
  try {
    if (help == help_rule::wins && asks_for_help(app, args)) {
      outcome.help = true;
      return outcome;
    }
    std::vector<std::string> reversed;
    outcome.error = prepare(app, args, reversed);
    if (!outcome.error.empty()) {
      outcome.error = one_line(outcome.error);
      return outcome;
    }
    // Left-over arguments are collected, not thrown, so that the message can say which kind
    // of mistake each is.
    app.allow_extras();
    app.parse(reversed);
    outcome.error = leftover_error(app);
  } catch (const CLI::CallForHelp&) {
    outcome.help = true;
  } catch (const CLI::CallForVersion& e) {
    outcome.version = e.what();
  } catch (const CLI::RequiredError& e) {
    outcome.error = leftover_error(app);
    if (outcome.error.empty()) {
      outcome.error = missing_error(app);
    }
    if (outcome.error.empty()) {
      outcome.error = one_line(e.what());
    }
  } catch (const std::exception& e) {
    outcome.error = one_line(e.what());
  }
  return outcome;
}

}  // namespace wsclient::command_line
