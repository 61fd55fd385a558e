// bench-wsclient-client: the client under test. A default-constructed wsclient::client (what
// an application gets: its own I/O thread, reconnect, pings, permessage-deflate offered)
// receives COUNT messages from the push server, or sends COUNT messages to the sink, and
// reports the CPU it spent (client_args.hpp, phase_meter.hpp).
#include <wsclient/client.hpp>

#include <chrono>
#include <future>
#include <iostream>
#include <string>
#include <thread>

#include "client_args.hpp"
#include "phase_meter.hpp"

int main(int argc, char** argv) {
  CLI::App app{"wsclient::client as a peer of the wsclient benchmark suite"};
  bench::client_args args;
  if (const auto status = bench::parse_client_args(app, argc, argv, args)) {
    return *status;
  }

  bench::phase_meter meter;
  std::uint64_t received = 0;
  std::promise<void> opened;
  std::promise<void> closed;
  wsclient::client client;
  client.on_open([&](const wsclient::open_info&) {
    if (args.receiving()) {
      meter.start();
    }
    opened.set_value();
  });
  client.on_message([&](const wsclient::message_view&) {
    if (++received == args.count) {
      meter.stop();
      client.close();
    }
  });
  client.on_close([&](const wsclient::close_info& info) {
    if (!info.will_reconnect) {
      closed.set_value();
    }
  });
  client.on_error([](std::error_code ec, std::string_view detail) {
    std::cerr << "error: " << ec.message() << ": " << detail << "\n";
  });
  if (const auto ec = client.connect(args.url)) {
    std::cerr << ec.message() << "\n";
    return 2;
  }
  opened.get_future().wait();
  if (!args.receiving()) {
    // The API has no "drained" event: a sender that must not queue without bound polls
    // buffered_amount(). The sleep is short next to the time the window takes to drain.
    constexpr std::chrono::microseconds poll_interval{50};
    const std::string payload(args.size, 'x');
    meter.start();
    for (std::uint64_t i = 0; i < args.count; ++i) {
      while (args.window != 0 && client.buffered_amount() > args.window) {
        std::this_thread::sleep_for(poll_interval);
      }
      client.send_binary(payload);
    }
    client.close();  // goes out after every queued message
  }
  closed.get_future().wait();
  if (!args.receiving()) {
    meter.stop();  // the closing handshake is over: the sink has read every message
  }
  meter.print(args.receiving() ? received : client.stats().messages_sent);
  return 0;
}
