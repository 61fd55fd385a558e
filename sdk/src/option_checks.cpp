// client::check_options(): options out of range, or that this target cannot honour, are
// refused with a reason rather than silently ignored.
#include <string>

#include "client_access.hpp"
#include "proxy_url.hpp"
#include "resolve_override.hpp"
#include "wsclient/error.hpp"

namespace wsclient::detail {

namespace {

std::error_code refuse(errc e, std::string* why, std::string text) {
  if (why != nullptr) {
    *why = std::move(text);
  }
  return e;
}

bool tls_is_default(const tls_options& t) {
  const tls_options d;
  return t.use_system_trust == d.use_system_trust && t.ca_file.empty() && t.ca_pem.empty() &&
         t.client_cert_file.empty() && t.client_key_file.empty() &&
         t.insecure_skip_verify == d.insecure_skip_verify;
}

bool compression_is_default(const compression_options& c) {
  const compression_options d;
  return c.enabled == d.enabled && c.client_max_window_bits == d.client_max_window_bits &&
         c.server_max_window_bits == d.server_max_window_bits && c.mem_level == d.mem_level &&
         c.client_no_context_takeover == d.client_no_context_takeover &&
         c.server_no_context_takeover == d.server_no_context_takeover;
}

}  // namespace

std::error_code check_options(const client_options& o, const capabilities& caps, std::string* why) {
  const auto& r = o.reconnect;
  if (r.initial_delay < milliseconds(0) || r.max_delay < r.initial_delay) {
    return refuse(errc::invalid_option, why,
                  "reconnect delays: need 0 <= initial_delay <= max_delay");
  }
  if (!(r.multiplier >= 1.0 && r.multiplier <= 1000.0)) {
    return refuse(errc::invalid_option, why, "reconnect multiplier must be from 1 to 1000");
  }
  if (r.stable_after < milliseconds(0) || r.max_elapsed < milliseconds(0) ||
      r.max_retry_after < milliseconds(0)) {
    return refuse(errc::invalid_option, why,
                  "stable_after, max_elapsed and max_retry_after cannot be negative");
  }
  const auto& l = o.liveness;
  if (l.connect_timeout <= milliseconds(0) || l.close_timeout <= milliseconds(0)) {
    return refuse(errc::invalid_option, why, "connect and close timeouts must be positive");
  }
  if ((l.ping_interval && *l.ping_interval < milliseconds(0)) ||
      l.pong_timeout <= milliseconds(0) || l.heartbeat_interval < milliseconds(0) ||
      l.silence_timeout < milliseconds(0) || o.outbox.ttl < milliseconds(0)) {
    return refuse(errc::invalid_option, why,
                  "ping, heartbeat, silence and TTL durations cannot be negative");
  }
  const auto& c = o.compression;
  if (c.client_max_window_bits < 9 || c.client_max_window_bits > 15 ||
      c.server_max_window_bits < 9 || c.server_max_window_bits > 15) {
    return refuse(errc::invalid_option, why,
                  "permessage-deflate window bits must be from 9 to 15 (RFC 7692 section 7.1.2)");
  }
  if (c.mem_level < 1 || c.mem_level > 9) {
    return refuse(errc::invalid_option, why, "permessage-deflate memLevel must be from 1 to 9");
  }
  if (o.max_message_bytes == 0) {
    return refuse(errc::invalid_option, why, "max_message_bytes must be at least 1");
  }
  for (const auto& [name, value] : o.headers) {
    if (name.empty() || name.find_first_of(":\r\n \t") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      return refuse(errc::invalid_option, why, "invalid header \"" + name + "\"");
    }
  }
  for (const auto& p : o.subprotocols) {
    if (p.empty() || p.find_first_of(",; \t\r\n\"") != std::string::npos) {
      return refuse(errc::invalid_option, why, "invalid subprotocol \"" + p + "\"");
    }
  }
  if (!o.tls.client_cert_file.empty() != !o.tls.client_key_file.empty()) {
    return refuse(errc::invalid_option, why,
                  "tls client_cert_file and client_key_file go together");
  }

  if (proxy_url parsed; !o.proxy.empty()) {
    if (const char* bad = parse_proxy_url(o.proxy, parsed)) {
      return refuse(errc::invalid_option, why, std::string("proxy: ") + bad);
    }
  }

  for (const auto& entry : o.resolve) {
    if (const auto bad = check_resolve_override(entry); !bad.empty()) {
      return refuse(errc::invalid_option, why, bad);
    }
  }

  // What this target cannot do is refused, never ignored.
  if (!caps.custom_headers && !o.headers.empty()) {
    return refuse(errc::unsupported, why,
                  "custom headers cannot be set on this target (browsers do not allow it)");
  }
  if (!caps.tls_options && !tls_is_default(o.tls)) {
    return refuse(errc::unsupported, why,
                  "TLS options cannot be set on this target (the browser decides)");
  }
  if (!caps.protocol_ping && l.ping_interval && *l.ping_interval > milliseconds(0)) {
    return refuse(errc::unsupported, why,
                  "protocol pings are not available on this target: use heartbeat_interval "
                  "and silence_timeout");
  }
  if (!caps.compression_options && !compression_is_default(c)) {
    return refuse(errc::unsupported, why,
                  "permessage-deflate options cannot be set on this target (the browser "
                  "decides)");
  }
  if (!caps.proxy && !o.proxy.empty()) {
    return refuse(errc::unsupported, why,
                  "a proxy cannot be set on this target (the browser uses its own proxy "
                  "settings)");
  }
  if (!caps.resolve_overrides && !o.resolve.empty()) {
    return refuse(errc::unsupported, why,
                  "resolve overrides cannot be set on this target (the browser resolves names "
                  "itself)");
  }
  return {};
}

}  // namespace wsclient::detail
