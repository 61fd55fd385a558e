// The demo server's HTTP side (demo_server/src/http_session.cpp) on any bytes a client can send
// on a connection: the request parser with the server's limits, the routes, static files, the
// 426/404/405 answers and the WebSocket upgrade with the session that follows it. The bytes go
// through a real socket (a local socket pair; the session sees an ordinary stream socket), then
// the client end says it has nothing more to send.
// Oracle (docs/protocol.md): every answer is a response with a documented status, an upgrade
// is answered with 101 and Sec-WebSocket-Accept, and the session ends by itself once the client
// has stopped sending (no hang, no leak); or nothing is answered to an incomplete request.
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "http_session.hpp"
#include "server_context.hpp"

namespace {

namespace net = boost::asio;
using wsclient::fuzz::check;

// A web root with a page and a module, so that static files are served too.
std::string make_web_root() {
  std::string dir = (std::filesystem::temp_directory_path() / "wsclient-fuzz-XXXXXX").string();
  check(::mkdtemp(dir.data()) != nullptr, "a temporary web root can be made");
  std::ofstream(dir + "/index.html") << "<!doctype html><title>demo</title>\n";
  std::filesystem::create_directory(dir + "/js");
  std::ofstream(dir + "/js/app.mjs") << "export const x = 1;\n";
  return dir;
}

const wsclient::demo::server_options& options() {
  static const wsclient::demo::server_options o = [] {
    wsclient::demo::server_options made;
    made.web_root = make_web_root();
    // The /time endpoint's first message comes at once instead of after up to 3 s.
    made.time_interval = std::chrono::milliseconds{1};
    return made;
  }();
  return o;
}

// Statuses docs/protocol.md lists, besides 101.
bool documented_status(std::string_view code) {
  static constexpr std::array<std::string_view, 6> codes{"200", "400", "404", "405", "426", "101"};
  for (const auto c : codes) {
    if (code == c) {
      return true;
    }
  }
  return false;
}

void check_answer(std::string_view answer) {
  if (answer.empty()) {
    return;  // an incomplete request is dropped when the client stops sending
  }
  check(answer.starts_with("HTTP/1.1 ") || answer.starts_with("HTTP/1.0 "),
        "the answer is an HTTP response");
  check(answer.size() >= 12 && documented_status(answer.substr(9, 3)),
        "the status is one docs/protocol.md lists");
  if (answer.substr(9, 3) == "101") {
    check(answer.find("\r\nSec-WebSocket-Accept: ") != std::string_view::npos,
          "an accepted upgrade carries Sec-WebSocket-Accept");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static wsclient::demo::logger quiet(wsclient::log_level::off);
  static net::io_context io;
  wsclient::demo::server_context ctx(options(), quiet);

  int fds[2] = {-1, -1};
  check(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0, "socketpair works");
  net::ip::tcp::socket server_end(io);
  server_end.assign(net::ip::tcp::v4(), fds[0]);
  wsclient::demo::start_http_session(std::move(server_end), ctx);

  // The client: writes the input, says it is done (half-close), reads every answer to the end.
  net::posix::stream_descriptor client(io, fds[1]);
  std::string answer;
  auto sink = net::dynamic_buffer(answer);
  net::async_write(client, net::buffer(data, size), [&client](boost::system::error_code, auto) {
    ::shutdown(client.native_handle(), SHUT_WR);
  });
  net::async_read(client, sink, [](boost::system::error_code, std::size_t) {});
  io.restart();
  io.run();
  check_answer(answer);
  return 0;
}
