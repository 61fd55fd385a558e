// The demo server: one io_context on N threads, a listener, signals, graceful shutdown.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <system_error>

#include "chat_store.hpp"
#include "log.hpp"
#include "options.hpp"

namespace wsclient::demo {

/// @par Thread Safety  listen() and run() from one thread; request_stop() from any thread.
class server {
 public:
  /// chat: the /chat room's store, which must outlive the server; nullptr with --redis (the
  /// room then keeps its messages in Redis).
  server(server_options options, logger& log, chat_store* chat);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Loads the TLS files (if any) and binds. On failure, returns an error and a message in
  /// error_text.
  std::error_code listen(std::string& error_text);

  /// The bound port (after listen()).
  std::uint16_t port() const;

  /// Serves until SIGINT/SIGTERM or request_stop(): then stops accepting, closes every
  /// WebSocket with 1001 (going away) and returns within about a second.
  void run();

  /// Starts the graceful shutdown, as a signal would.
  void request_stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace wsclient::demo
