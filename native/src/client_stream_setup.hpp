// How the native transport sets up Beast's client-role WebSocket stream for one attempt:
// timeouts, the upgrade request's headers, permessage-deflate, the message limit and write
// buffering. A template over the stream's layers, so that the fuzzer (fuzz/) drives a stream
// over memory set up exactly as the transport sets up its streams over TCP and TLS.
#pragma once

#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/option.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "transport.hpp"
#include "wsclient/version.hpp"

namespace wsclient::detail {

/// The User-Agent of every upgrade request: "wsclient/" and the library's version.
inline const std::string& user_agent() {
  static const std::string agent = "wsclient/" + std::string(version());
  return agent;
}

/// Applies request's settings to ws before its handshake. request and offered_extensions must
/// outlive the handshake (the decorator runs when the request is written): it stores there the
/// Sec-WebSocket-Extensions the request offers, Beast's permessage-deflate offer included, so
/// that the answer can be checked against it (RFC 6455 section 4.1). on_control is Beast's
/// control callback: it sees every ping, pong and close frame received.
template <class Stream, class OnControl>
void configure_client_stream(boost::beast::websocket::stream<Stream>& ws,
                             const connect_request& request, std::string& offered_extensions,
                             OnControl on_control) {
  namespace websocket = boost::beast::websocket;
  namespace http = boost::beast::http;
  // The connect timeout of the session covers the whole handshake; once open, liveness is
  // the session's pings, so Beast's own timers are off.
  ws.set_option(websocket::stream_base::timeout{websocket::stream_base::none(),
                                                websocket::stream_base::none(), false});
  ws.set_option(websocket::stream_base::decorator(
      [&request, &offered_extensions](websocket::request_type& req) {
        // Beast has put its permessage-deflate offer in by now.
        const auto extensions = req[http::field::sec_websocket_extensions];
        offered_extensions.assign(extensions.data(), extensions.size());
        req.set(http::field::user_agent, user_agent());
        if (!request.subprotocols.empty()) {
          std::string offers;
          for (const auto& p : request.subprotocols) {
            offers += (offers.empty() ? "" : ", ") + p;
          }
          req.set(http::field::sec_websocket_protocol, offers);
        }
        for (const auto& [name, value] : request.headers) {
          req.insert(name, value);
        }
      }));
  const auto& c = request.compression;
  websocket::permessage_deflate pmd;
  pmd.client_enable = c.enabled;
  pmd.client_max_window_bits = c.client_max_window_bits;
  pmd.server_max_window_bits = c.server_max_window_bits;
  pmd.client_no_context_takeover = c.client_no_context_takeover;
  pmd.server_no_context_takeover = c.server_no_context_takeover;
  pmd.memLevel = c.mem_level;
  ws.set_option(pmd);
  ws.read_message_max(request.max_message_bytes);
  // Whole messages in one frame from a 64 KiB buffer: Beast's 4 KiB default with
  // auto-fragment costs a sendmsg per 4 KiB (see docs/build.md).
  ws.auto_fragment(false);
  ws.write_buffer_bytes(64 * 1024);
  ws.control_callback(std::move(on_control));
}

}  // namespace wsclient::detail
