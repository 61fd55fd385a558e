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
      ->option_text("N");
}

}  // namespace

CLI::Option* add_switch(CLI::App& app, const std::string& name, std::function<void()> on_given,
                        const std::string& help) {
  // CLI11 lets a flag take "=true"/"=false" and be repeated (last wins) unless told otherwise.
  return app.add_flag_callback(name, std::move(on_given), help)
      ->disable_flag_override()
      ->multi_option_policy(CLI::MultiOptionPolicy::Throw);
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
