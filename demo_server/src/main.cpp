// wsclient-demo-server: the seed's echo, time and counter servers and its chat room in one
// native process.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string_view>
#include <vector>

#include "file_chat_store.hpp"
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
  std::string error;
  std::unique_ptr<chat_store> chat;
  if (options.redis) {
    // hiredis writes to its socket with write(): a Redis that went away must end that
    // connection (EPIPE, then a reconnect), not the whole server.
    std::signal(SIGPIPE, SIG_IGN);
  } else {
    chat = open_file_chat_store({.path = options.chat_log,
                                 .fsync = options.chat_fsync,
                                 .max_kept = options.chat_history_max},
                                log, error);
    if (!chat) {
      std::cerr << "wsclient-demo-server: " << error << "\n";
      return 2;
    }
  }
  server srv(options, log, chat.get());
  if (srv.listen(error)) {
    std::cerr << "wsclient-demo-server: " << error << "\n";
    return 2;
  }

  std::cout << url_listing(options, srv.port()) << std::flush;
  srv.run();
  return 0;
}
