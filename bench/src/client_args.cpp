#include "client_args.hpp"

namespace bench {

std::optional<int> parse_client_args(CLI::App& app, int argc, char** argv, client_args& args) {
  app.add_option("mode", args.mode, "recv or send")
      ->required()
      ->check(CLI::IsMember({"recv", "send"}));
  app.add_option("url", args.url, "ws://127.0.0.1:PORT/...")
      ->required()
      ->check(
          [&args](const std::string& text) -> std::string {
            std::string why;
            if (wsclient::parse_url(text, args.target, &why)) {
              return why;
            }
            return args.target.secure ? "ws:// only" : "";
          },
          "ws:// URL");
  app.add_option("size", args.size, "payload bytes per message")->required();
  app.add_option("count", args.count, "messages")->required()->check(CLI::PositiveNumber);
  app.add_option("--window", args.window, "bytes queued at most while sending (0: no bound)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return std::nullopt;
}

}  // namespace bench
