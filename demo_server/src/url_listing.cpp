#include "url_listing.hpp"

#include <algorithm>

#include "routes.hpp"

namespace wsclient::demo {

std::string url_listing(const server_options& options, std::uint16_t port) {
  // RFC 3986 section 3.2.2: an IPv6 address in a URL is written in brackets.
  const auto host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  const auto authority = host + ":" + std::to_string(port);
  std::string text = "listening on " + options.host + ":" + std::to_string(port) + "\n";
  for (const auto& r : routes()) {
    if (r.needs_test_hooks && !options.test_hooks) {
      continue;
    }
    std::string scheme = r.kind == route_kind::websocket ? "ws" : "http";
    if (options.tls()) {
      scheme += 's';
    }
    std::string url = scheme + "://" + authority + display_path(r);
    url.resize(std::max<std::size_t>(url.size() + 2, 40), ' ');
    text += "  " + url + std::string(r.description);
    if (r.kind == route_kind::http) {
      text += " (" + std::string(r.methods) + ")";
    }
    if (r.handler == http_handler::static_files && options.web_root.empty()) {
      text += " (no --web-root given)";
    }
    text += "\n";
  }
  return text;
}

}  // namespace wsclient::demo
