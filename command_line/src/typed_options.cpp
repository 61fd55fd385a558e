#include "typed_options.hpp"

#include <functional>

namespace wsclient::command_line {
namespace {

CLI::Option* add_duration(CLI::App& app, const std::string& name,
                          std::function<void(std::chrono::milliseconds)> store, std::uint64_t min,
                          std::uint64_t max, const std::string& help) {
  return app
      .add_option_function<std::uint64_t>(
          name,
          [store = std::move(store)](const std::uint64_t& ms) {
            store(std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(ms)));
          },
          help + ", " + range_text(min, max))
      ->transform(decimal(min, max))
      ->option_text("MS");
}

}  // namespace

CLI::Option* add_switch(CLI::App& app, const std::string& name, std::function<void()> on_given,
                        const std::string& help) {
  // CLI11 lets a flag take "=true"/"=false" (parse_arguments() refuses any value first) and
  // makes every flag repeatable, last one winning, whatever the app's policy for options.
  return app.add_flag_callback(name, std::move(on_given), help)
      ->disable_flag_override()
      ->multi_option_policy(app.option_defaults()->get_multi_option_policy());
}

CLI::Option* add_text(CLI::App& app, const std::string& name, std::string& target,
                      const std::string& help) {
  return app.add_option(name, target, help)
      ->check(text_value())
      ->option_text("TEXT")
      ->default_str(target.empty() ? "none" : target);
}

CLI::Option* add_repeatable(CLI::App& app, const std::string& name,
                            std::function<void(const std::string&)> on_each,
                            const std::string& help) {
  // Called as each one is parsed, so that values of different options keep their relative
  // order and none replaces another.
  return app.add_option_function<std::string>(name, std::move(on_each), help)
      ->trigger_on_parse()
      ->option_text("TEXT")
      ->default_str("none");
}

CLI::Option* add_milliseconds(CLI::App& app, const std::string& name,
                              std::chrono::milliseconds& target, std::uint64_t min,
                              std::uint64_t max, const std::string& help) {
  return add_duration(
             app, name, [&target](std::chrono::milliseconds ms) { target = ms; }, min, max, help)
      ->default_str(std::to_string(target.count()));
}

CLI::Option* add_milliseconds(CLI::App& app, const std::string& name,
                              std::optional<std::chrono::milliseconds>& target, std::uint64_t min,
                              std::uint64_t max, const std::string& help) {
  return add_duration(
      app, name, [&target](std::chrono::milliseconds ms) { target = ms; }, min, max, help);
}

}  // namespace wsclient::command_line
