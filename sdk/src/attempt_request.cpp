#include "attempt_request.hpp"

#include <utility>

namespace wsclient::detail {

connect_request make_request(const client_options& options, const url& target,
                             const std::string& url_text) {
  return {target,
          url_text,
          options.headers,
          options.subprotocols,
          options.tls,
          options.compression,
          options.max_message_bytes,
          options.liveness.close_timeout,
          std::nullopt,  // chosen per attempt (proxy_choice.hpp)
          options.resolve};
}

std::error_code apply_attempt_settings(attempt_settings&& settings, connect_request& request,
                                       std::string* why) {
  if (!settings.url.empty()) {
    url target;
    if (const auto ec = parse_url(settings.url, target, why)) {
      return ec;
    }
    request.target = std::move(target);
    request.url_text = std::move(settings.url);
  }
  if (settings.replace_headers) {
    request.headers = std::move(settings.headers);
  }
  return {};
}

}  // namespace wsclient::detail
