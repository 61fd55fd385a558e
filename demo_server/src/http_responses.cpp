#include "http_responses.hpp"

#include <utility>

namespace wsclient::demo::http_responses {
namespace {

constexpr std::string_view plain_text = "text/plain; charset=utf-8";

template <class Body>
http::response<Body> start(http::status status, unsigned version, bool keep_alive) {
  http::response<Body> res{status, version};
  res.set(http::field::server, server_name);
  res.keep_alive(keep_alive);
  return res;
}

string_response with_body(string_response res, std::string_view content_type, std::string body,
                          bool head = false) {
  res.set(http::field::content_type, content_type);
  res.body() = std::move(body);
  res.prepare_payload();
  if (head) {
    res.body().clear();  // Content-Length stays that of the GET answer
  }
  return res;
}

// HEAD and GET of a file answer the same headers (RFC 9110 section 9.3.2).
template <class Body>
http::response<Body> file_headers(std::string_view content_type, std::uint64_t size,
                                  const request_facts& request) {
  auto res = start<Body>(http::status::ok, request.version, request.keep_alive);
  res.set(http::field::content_type, content_type);
  res.set(http::field::cache_control, "no-cache");
  res.content_length(size);
  return res;
}

}  // namespace

string_response text(http::status status, std::string body, const request_facts& request) {
  return with_body(start<http::string_body>(status, request.version, request.keep_alive),
                   plain_text, std::move(body), request.head);
}

string_response json(unsigned status, std::string body, const request_facts& request) {
  auto res = start<http::string_body>(static_cast<http::status>(status), request.version,
                                      request.keep_alive);
  res.set(http::field::cache_control, "no-store");
  return with_body(std::move(res), "application/json", std::move(body));
}

string_response method_not_allowed(std::string_view allow, const request_facts& request) {
  auto res = start<http::string_body>(http::status::method_not_allowed, request.version,
                                      request.keep_alive);
  res.set(http::field::allow, allow);
  return with_body(std::move(res), plain_text, "Method Not Allowed\n", request.head);
}

string_response upgrade_required(const request_facts& request) {
  auto res =
      start<http::string_body>(http::status::upgrade_required, request.version, request.keep_alive);
  res.set(http::field::upgrade, "websocket");
  res.set(http::field::connection, "Upgrade");
  res.set(http::field::sec_websocket_version, "13");
  return with_body(std::move(res), plain_text,
                   "This endpoint speaks WebSocket: connect to it with ws:// or wss://.\n",
                   request.head);
}

string_response upgrade_rejected(const upgrade_rejection& rejection, unsigned version) {
  auto res = start<http::string_body>(static_cast<http::status>(rejection.status), version, false);
  if (rejection.retry_after_seconds) {
    res.set(http::field::retry_after, std::to_string(*rejection.retry_after_seconds));
  }
  return with_body(std::move(res), plain_text, "upgrade rejected by test hook\n");
}

http::response<http::empty_body> file_head(std::string_view content_type, std::uint64_t size,
                                           const request_facts& request) {
  return file_headers<http::empty_body>(content_type, size, request);
}

http::response<http::file_body> file(http::file_body::value_type body,
                                     std::string_view content_type, const request_facts& request) {
  auto res = file_headers<http::file_body>(content_type, body.size(), request);
  res.body() = std::move(body);
  return res;
}

}  // namespace wsclient::demo::http_responses
