// What --verbose prints about the upgrade and the retries.
#include "verbose_report.hpp"

#include <gtest/gtest.h>

#include "wsclient/error.hpp"

namespace wsclient::cli {
namespace {

using namespace std::chrono_literals;
using lines = std::vector<std::string>;

TEST(VerboseReport, RequestLinesShowWhatTheCommandLineAdds) {
  client_options o;
  o.headers = {{"Authorization", "Bearer x"}, {"X-Trace", "1"}};
  o.subprotocols = {"v2", "chat"};
  EXPECT_EQ(
      request_lines(o, "ws://h/p"),
      (lines{"request: GET ws://h/p (WebSocket upgrade)", "request header: Authorization: Bearer x",
             "request header: X-Trace: 1", "request header: Sec-WebSocket-Protocol: v2, chat",
             "request: offers permessage-deflate (RFC 7692)"}));
}

TEST(VerboseReport, RequestWithoutExtrasOrCompression) {
  client_options o;
  o.compression.enabled = false;
  EXPECT_EQ(request_lines(o, "wss://h/"),
            (lines{"request: GET wss://h/ (WebSocket upgrade)", "request: offers no compression"}));
}

TEST(VerboseReport, ResponseLinesShowEveryHeaderAndTheExtensions) {
  open_info info;
  info.url = "ws://h/";
  info.subprotocol = "chat";
  info.extensions = "permessage-deflate; server_no_context_takeover";
  info.attempt = 3;
  info.response_headers = {{"Upgrade", "websocket"},
                           {"Sec-WebSocket-Protocol", "chat"},
                           {"Sec-WebSocket-Extensions", info.extensions}};
  EXPECT_EQ(
      response_lines(info),
      (lines{"response: 101 Switching Protocols (attempt 3)", "response header: Upgrade: websocket",
             "response header: Sec-WebSocket-Protocol: chat",
             "response header: Sec-WebSocket-Extensions: permessage-deflate; "
             "server_no_context_takeover",
             "negotiated extensions: permessage-deflate; server_no_context_takeover"}));
}

TEST(VerboseReport, ResponseWithNothingNegotiated) {
  open_info info;
  EXPECT_EQ(response_lines(info), (lines{"response: 101 Switching Protocols (attempt 1)",
                                         "negotiated extensions: none"}));
}

TEST(VerboseReport, RouteLineShowsTheProxyAndTheAddressReached) {
  open_info info;
  EXPECT_EQ(route_line(info), "route: direct");
  info.address = "[::1]:8080";
  EXPECT_EQ(route_line(info), "route: direct to [::1]:8080");
  info.proxy = "socks5h://127.0.0.1:1080";
  info.address = "127.0.0.1:1080";
  EXPECT_EQ(route_line(info), "route: through proxy socks5h://127.0.0.1:1080 (at 127.0.0.1:1080)");
}

TEST(VerboseReport, RetryLineAfterARejectedUpgrade) {
  reconnect_info info;
  info.attempt = 4;
  info.delay = 1500ms;
  info.cause.error = make_error_code(errc::handshake_rejected);
  info.cause.http_status = 503;
  info.cause.retry_after = 1000ms;
  const auto text = retry_line(info);
  EXPECT_TRUE(text.starts_with("retry: attempt 4 in 1500 ms; cause: ")) << text;
  EXPECT_NE(text.find(" [wsclient:"), std::string::npos) << text;
  EXPECT_TRUE(text.ends_with(", HTTP 503, Retry-After 1000 ms, before the connection opened"))
      << text;
}

TEST(VerboseReport, RetryLineAfterAConnectionClosed) {
  reconnect_info info;
  info.attempt = 2;
  info.delay = 0ms;
  info.cause.error = make_error_code(errc::closed_by_server);
  info.cause.close_code = 1012;
  info.cause.close_reason = "restart";
  info.cause.was_open = true;
  info.waiting_for_network = true;
  const auto text = retry_line(info);
  EXPECT_TRUE(text.starts_with("retry: attempt 2 in 0 ms once the network is back; cause: "))
      << text;
  EXPECT_TRUE(text.ends_with(", close 1012 restart, after the connection had opened")) << text;
}

}  // namespace
}  // namespace wsclient::cli
