// wsclient-demo-server: the seed's echo, time and counter servers in one native process.
#include <cstdio>
#include <iostream>
#include <string_view>
#include <vector>

#include "log.hpp"
#include "options.hpp"
#include "server.hpp"

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

  const auto host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  const auto authority = host + ":" + std::to_string(srv.port());
  const std::string http = options.tls() ? "https://" : "http://";
  const std::string ws = options.tls() ? "wss://" : "ws://";
  // The first line is a contract: tests and scripts read the port from it.
  std::cout << "listening on " << options.host << ":" << srv.port() << "\n"
            << "  " << http << authority << "/          web demo"
            << (options.web_root.empty() ? " (no --web-root given)" : "") << "\n"
            << "  " << ws << authority << "/echo      echo\n"
            << "  " << ws << authority << "/time      time\n"
            << "  " << ws << authority << "/counter   counter\n"
            << "  " << http << authority << "/healthz   health check\n";
  if (options.test_hooks) {
    std::cout << "  " << http << authority
              << "/_test/{drop,close,reject,stall}   test hooks (POST)\n";
  }
  std::cout << std::flush;
  srv.run();
  return 0;
}
