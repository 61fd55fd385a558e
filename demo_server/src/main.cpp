// wsclient-demo-server: the seed's echo, time and counter servers in one native process.
#include <cstdio>
#include <iostream>
#include <string_view>
#include <vector>

#include "log.hpp"
#include "options.hpp"
#include "server.hpp"
#include "url_listing.hpp"

int main(int argc, char** argv) {
  using namespace wsclient::demo;
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  const auto parsed = parse_command_line(args);
  if (parsed.help) {
    std::cout << usage_text();
    return 0;
  }
  if (!parsed.options) {
    // One line, as the README promises; messages for unknown options point to --help.
    std::cerr << "wsclient-demo-server: " << parsed.error << "\n";
    return 2;
  }
  const auto& options = *parsed.options;
  logger log(options.level);
  server srv(options, log);
  std::string error;
  if (srv.listen(error)) {
    std::cerr << "wsclient-demo-server: " << error << "\n";
    return 2;
  }

  std::cout << url_listing(options, srv.port()) << std::flush;
  srv.run();
  return 0;
}
