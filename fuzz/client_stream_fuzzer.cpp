// The client's side of a connection (native/src/beast_transport.cpp) on any bytes a server can
// send: Beast's client-role WebSocket stream over the transport's tapped_stream layer, set up by
// the transport's own configure_client_stream(), reading the upgrade response and then messages
// as the transport does (an asynchronous read, then synchronous reads of the messages the frame
// scanner says are already buffered). The server is Beast's in-memory test stream.
//
// The first input byte chooses the case: bit 0 set, a valid 101 answer (with the right
// Sec-WebSocket-Accept) is started for it and the rest of the input continues its header block
// (more headers, the blank line, then frames); bit 0 clear, the rest is the whole answer.
// Bit 1: offer permessage-deflate. Bit 2: offer two subprotocols. Bit 3: a 1 KiB message limit
// instead of the default.
//
// Oracle: the handshake and every read end in success or a Beast, HTTP, zlib or end-of-stream
// error (what the transport maps to its errc values); a synchronous read never reaches the
// network (tapped_stream.hpp's promise); a 101 is the only answer that opens; Retry-After is
// never negative; no crash, no hang, no unbounded memory.
#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/detail/hybi13.hpp>
#include <boost/beast/zlib/error.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "client_stream_setup.hpp"
#include "fuzz_check.hpp"
#include "retry_after.hpp"
#include "tapped_stream.hpp"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using wsclient::fuzz::check;

using memory_stream = beast::test::stream;
using client_stream = websocket::stream<wsclient::detail::tapped_stream<memory_stream>>;

/// Messages read per asynchronous read at most, as the transport's max_messages_per_wakeup.
constexpr int max_messages_per_read = 64;

wsclient::detail::connect_request make_request(std::uint8_t flags) {
  wsclient::detail::connect_request r;
  check(!wsclient::parse_url("ws://fuzz.test:8080/chat?room=1", r.target), "the URL parses");
  r.compression.enabled = (flags & 2U) != 0;
  if ((flags & 4U) != 0) {
    r.subprotocols = {"chat.v2", "chat.v1"};
  }
  r.headers = {{"Authorization", "Bearer token"}};
  r.max_message_bytes = (flags & 8U) != 0 ? 1024 : wsclient::client_options{}.max_message_bytes;
  return r;
}

// The Sec-WebSocket-Accept for the key in the request the client wrote (RFC 6455 section 4.1).
std::string accept_for(std::string_view request) {
  constexpr std::string_view field = "Sec-WebSocket-Key: ";
  const auto at = request.find(field);
  check(at != std::string_view::npos, "the upgrade request has a key");
  const auto key = request.substr(at + field.size(), request.find("\r\n", at) - at - field.size());
  websocket::detail::sec_ws_accept_type accept;
  websocket::detail::make_sec_ws_accept(accept, key);
  return std::string(accept.data(), accept.size());
}

bool documented_error(const beast::error_code& ec) {
  const auto& c = ec.category();
  return c == websocket::make_error_code(websocket::error::closed).category() ||
         c == http::make_error_code(http::error::end_of_stream).category() ||
         c == beast::zlib::make_error_code(beast::zlib::error::need_buffers).category() ||
         ec == net::error::eof || ec == net::error::operation_aborted;
}

struct reader {
  client_stream& ws;
  beast::flat_buffer buffer;
  beast::error_code end;
  int messages = 0;

  void read_next() {
    ws.async_read(buffer, [this](beast::error_code ec, std::size_t) { on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) {
      end = ec;
      return;
    }
    deliver();
    auto& net_stream = ws.next_layer().next_layer();
    for (int i = 1; i < max_messages_per_read && ws.next_layer().incoming().message_ready(); ++i) {
      const auto reads = net_stream.nread();
      ws.read(buffer, ec);
      check(net_stream.nread() == reads, "a synchronous read takes only buffered bytes");
      if (ec) {
        end = ec;
        return;
      }
      deliver();
    }
    read_next();
  }

  void deliver() {
    ws.next_layer().incoming().message_consumed();
    check(buffer.size() <= ws.read_message_max(), "a message is within the limit");
    buffer.consume(buffer.size());
    ++messages;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::uint8_t flags = data[0];
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  static net::io_context io;
  io.restart();

  const auto request = make_request(flags);
  client_stream ws(io);
  memory_stream server(io);
  ws.next_layer().next_layer().connect(server);
  std::string offered_extensions;
  wsclient::detail::configure_client_stream(ws, request, offered_extensions,
                                            [](websocket::frame_type, beast::string_view) {});

  websocket::response_type response;
  bool handshake_done = false;
  beast::error_code handshake_ec;
  reader r{ws, {}, {}, 0};
  ws.async_handshake(response, request.target.host_header(), request.target.target,
                     [&](beast::error_code ec) {
                       handshake_done = true;
                       handshake_ec = ec;
                       if (!ec) {
                         r.read_next();
                       }
                     });
  io.poll();  // the request is written; the client waits for the answer
  check(!handshake_done, "the client waits for the server's answer");

  std::string answer;
  if ((flags & 1U) != 0) {
    answer =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Accept: " +
        accept_for(server.str()) + "\r\n";
  }
  answer += rest;
  ws.next_layer().next_layer().append(answer);
  server.close();  // after the answer, the server's end of the stream
  io.run();

  check(handshake_done, "the handshake ends");
  if (handshake_ec) {
    check(documented_error(handshake_ec), "a failed handshake says why in a known category");
    if (const auto it = response.find(http::field::retry_after); it != response.end()) {
      const auto delay = wsclient::detail::parse_retry_after(
          std::string_view(it->value().data(), it->value().size()),
          std::chrono::system_clock::now());
      check(!delay || delay->count() >= 0, "Retry-After is never negative");
    }
    return 0;
  }
  check(response.result_int() == 101, "only a 101 opens the connection");
  check(r.end.failed(), "reading ends once the server's stream ends");
  check(documented_error(r.end), "a read ends with an error in a known category");
  return 0;
}
