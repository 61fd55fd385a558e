// Every HTTP answer of the demo server, built in one place: each carries the Server header, and
// each kind the headers it needs (Allow on 405, Upgrade on 426, Retry-After on a rejection...).
#pragma once

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "test_hooks.hpp"

namespace wsclient::demo {

/// The Server header of every response and of the WebSocket handshake.
inline constexpr std::string_view server_name = "wsclient-demo-server";

namespace http_responses {

namespace http = boost::beast::http;
using string_response = http::response<http::string_body>;

/// What every response repeats from its request.
struct request_facts {
  unsigned version = 11;    ///< 10 or 11, as in the request
  bool keep_alive = false;  ///< as the request asked (Connection, HTTP version)
  bool head = false;        ///< a HEAD request: headers as for GET, no body
};

/// Plain UTF-8 text. For HEAD the body is left out and Content-Length stays that of the GET
/// answer (RFC 9110 section 9.3.2).
string_response text(http::status status, std::string body, const request_facts& request);

/// A JSON body that must not be cached (the test hooks' answers).
string_response json(unsigned status, std::string body, const request_facts& request);

/// 405 for a method the resource does not take; allow lists the ones it does (RFC 9110
/// section 15.5.6).
string_response method_not_allowed(std::string_view allow, const request_facts& request);

/// 426 for a plain request to a WebSocket route: names the protocol to upgrade to (RFC 9110
/// section 15.5.22, RFC 6455 section 4.2.2).
string_response upgrade_required(const request_facts& request);

/// The answer to an upgrade the reject test hook refuses, with Retry-After when the hook set
/// one. The connection closes after it.
string_response upgrade_rejected(const upgrade_rejection& rejection, unsigned version);

/// The headers of a static file, for HEAD.
http::response<http::empty_body> file_head(std::string_view content_type, std::uint64_t size,
                                           const request_facts& request);

/// A static file, streamed from disk.
http::response<http::file_body> file(http::file_body::value_type body,
                                     std::string_view content_type, const request_facts& request);

}  // namespace http_responses
}  // namespace wsclient::demo
