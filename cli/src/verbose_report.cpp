#include "verbose_report.hpp"

#include "event_report.hpp"

namespace wsclient::cli {

namespace {

std::string header_line(std::string_view side, const header& h) {
  return std::string(side) + " header: " + h.first + ": " + h.second;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string text;
  for (const auto& item : items) {
    if (!text.empty()) {
      text += separator;
    }
    text += item;
  }
  return text;
}

}  // namespace

std::vector<std::string> request_lines(const client_options& options, std::string_view url) {
  std::vector<std::string> lines{"request: GET " + std::string(url) + " (WebSocket upgrade)"};
  for (const auto& h : options.headers) {
    lines.push_back(header_line("request", h));
  }
  // RFC 6455 section 4.1: the offers are one comma-separated header, in preference order.
  if (!options.subprotocols.empty()) {
    lines.push_back(
        header_line("request", {"Sec-WebSocket-Protocol", joined(options.subprotocols, ", ")}));
  }
  // The offer's parameters are the library's to write; whether there is one is ours.
  lines.emplace_back(std::string("request: ") + (options.compression.enabled
                                                     ? "offers permessage-deflate (RFC 7692)"
                                                     : "offers no compression"));
  return lines;
}

std::vector<std::string> response_lines(const open_info& info) {
  std::vector<std::string> lines{"response: 101 Switching Protocols (attempt " +
                                 std::to_string(info.attempt) + ")"};
  for (const auto& h : info.response_headers) {
    lines.push_back(header_line("response", h));
  }
  lines.push_back("negotiated extensions: " +
                  (info.extensions.empty() ? std::string("none") : info.extensions));
  return lines;
}

std::string route_line(const open_info& info) {
  if (info.proxy.empty()) {
    return "route: direct" + (info.address.empty() ? std::string() : " to " + info.address);
  }
  return "route: through proxy " + info.proxy +
         (info.address.empty() ? std::string() : " (at " + info.address + ")");
}

std::string retry_line(const reconnect_info& info) {
  const auto& f = info.cause;
  auto text = "retry: attempt " + std::to_string(info.attempt) + " in " +
              std::to_string(info.delay.count()) + " ms";
  if (info.waiting_for_network) {
    text += " once the network is back";
  }
  text += "; cause: " + (f.error ? f.error.message() + " [" + f.error.category().name() + ":" +
                                       std::to_string(f.error.value()) + "]"
                                 : std::string("connection ended"));
  if (f.http_status != 0) {
    text += ", HTTP " + std::to_string(f.http_status);
  }
  if (f.retry_after) {
    text += ", Retry-After " + std::to_string(f.retry_after->count()) + " ms";
  }
  if (f.close_code != 0) {
    text += ", close " + code_and_reason(f.close_code, f.close_reason);
  }
  text += f.was_open ? ", after the connection had opened" : ", before the connection opened";
  return text;
}

}  // namespace wsclient::cli
