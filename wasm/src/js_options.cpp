#include "js_options.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <type_traits>

#include "wsclient/client.hpp"

namespace wsclient::js {

namespace {

using emscripten::val;

// One reader per C++ type of a field; "" or what is wrong with the value.

std::string read_value(const val& v, const std::string& path, milliseconds& out) {
  if (!v.isNumber() || !std::isfinite(v.as<double>()) || v.as<double>() < 0) {
    return path + " must be a number of milliseconds, 0 or more";
  }
  out = milliseconds(static_cast<long long>(v.as<double>()));
  return {};
}

std::string read_value(const val& v, const std::string& path, std::optional<milliseconds>& out) {
  milliseconds ms{};
  auto error = read_value(v, path, ms);
  if (error.empty()) {
    out = ms;
  }
  return error;
}

std::string read_value(const val& v, const std::string& path, bool& out) {
  if (!v.isTrue() && !v.isFalse()) {
    return path + " must be true or false";
  }
  out = v.isTrue();
  return {};
}

template <class Number>
requires std::is_arithmetic_v<Number> std::string read_value(const val& v, const std::string& path,
                                                             Number& out) {
  if (!v.isNumber() || !std::isfinite(v.as<double>()) || v.as<double>() < 0) {
    return path + " must be a number, 0 or more";
  }
  out = static_cast<Number>(v.as<double>());
  return {};
}

std::string read_value(const val& v, const std::string& path, std::string& out) {
  if (!v.isString()) {
    return path + " must be a string";
  }
  out = v.as<std::string>();
  return {};
}

template <class Enum>
std::string read_enum(const val& v, const std::string& path, Enum& out,
                      const std::map<std::string, Enum>& names) {
  if (!v.isString() || names.count(v.as<std::string>()) == 0) {
    std::string choices;
    for (const auto& [name, unused] : names) {
      choices += (choices.empty() ? "" : ", ") + name;
    }
    return path + " must be one of " + choices;
  }
  out = names.at(v.as<std::string>());
  return {};
}

std::string read_value(const val& v, const std::string& path, jitter& out) {
  return read_enum(v, path, out,
                   {{"none", jitter::none},
                    {"full", jitter::full},
                    {"equal", jitter::equal},
                    {"decorrelated", jitter::decorrelated}});
}

std::string read_value(const val& v, const std::string& path, overflow_policy& out) {
  return read_enum(
      v, path, out,
      {{"rejectNew", overflow_policy::reject_new}, {"dropOldest", overflow_policy::drop_oldest}});
}

std::string read_value(const val& v, const std::string& path, std::vector<std::string>& out) {
  if (!val::global("Array").call<bool>("isArray", v)) {
    return path + " must be an array of strings";
  }
  out.clear();
  const auto n = v["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) {
    if (!v[i].isString()) {
      return path + " must be an array of strings";
    }
    out.push_back(v[i].as<std::string>());
  }
  return {};
}

std::string read_value(const val& v, const std::string& path, std::vector<header>& out) {
  if (v.typeOf().as<std::string>() != "object" || v.isNull()) {
    return path + " must be an object of header names to values";
  }
  const auto keys = val::global("Object").call<val>("keys", v);
  for (unsigned i = 0; i < keys["length"].as<unsigned>(); ++i) {
    const auto name = keys[i].as<std::string>();
    if (!v[name].isString()) {
      return path + "." + name + " must be a string";
    }
    out.emplace_back(name, v[name].as<std::string>());
  }
  return {};
}

/// The field reached from a client_options through members, a section then its field: a fold
/// over `.*`, o.*section.*field.
template <class... Members>
auto field_at(Members... members) {
  return [=](const client_options& o) -> const void* { return &(o.*....*members); };
}

/// A field JavaScript sets at path.
template <class... Members>
option_field from_js(std::string_view path, Members... members) {
  return {path,
          [=](const val& v, const std::string& p, client_options& o) {
            return read_value(v, p, (o.*....*members));
          },
          field_at(members...),
          {}};
}

/// A field JavaScript does not set, and why.
template <class... Members>
option_field not_from_js(std::string_view name, std::string_view why, Members... members) {
  return {name, {}, field_at(members...), why};
}

/// Reads one object level (path: where it is, "" for the top); a key is a field of the
/// table, or a section (an object holding fields), or an error.
std::string read_object(const val& object, const std::string& path, client_options& out) {
  if (object.isUndefined() || object.isNull()) {
    return {};
  }
  if (object.typeOf().as<std::string>() != "object" ||
      val::global("Array").call<bool>("isArray", object)) {
    return (path.empty() ? std::string("options") : path) + " must be an object";
  }
  const auto& fields = option_fields();
  const auto keys = val::global("Object").call<val>("keys", object);
  const auto n = keys["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) {
    const auto key = keys[i].as<std::string>();
    const auto full = path.empty() ? key : path + "." + key;
    const auto is = [&](const option_field& f) { return f.read && f.path == full; };
    const auto is_in = [&](const option_field& f) {
      return f.read && f.path.starts_with(full + ".");
    };
    std::string error;
    if (const auto it = std::find_if(fields.begin(), fields.end(), is); it != fields.end()) {
      error = it->read(object[key], full, out);
    } else if (std::any_of(fields.begin(), fields.end(), is_in)) {
      error = read_object(object[key], full, out);
    } else {
      error = "unknown option " + full;
    }
    if (!error.empty()) {
      return error;
    }
  }
  return {};
}

}  // namespace

const std::vector<option_field>& option_fields() {
  using co = client_options;
  using ro = reconnect_options;
  using bo = outbox_options;
  using tro = tracking_options;
  using lo = liveness_options;
  using to = tls_options;
  using cmp = compression_options;
  static const std::vector<option_field> table{
      from_js("reconnect.enabled", &co::reconnect, &ro::enabled),
      from_js("reconnect.initialDelay", &co::reconnect, &ro::initial_delay),
      from_js("reconnect.maxDelay", &co::reconnect, &ro::max_delay),
      from_js("reconnect.multiplier", &co::reconnect, &ro::multiplier),
      from_js("reconnect.jitter", &co::reconnect, &ro::jitter_mode),
      from_js("reconnect.maxAttempts", &co::reconnect, &ro::max_attempts),
      from_js("reconnect.maxElapsed", &co::reconnect, &ro::max_elapsed),
      from_js("reconnect.maxRetryAfter", &co::reconnect, &ro::max_retry_after),
      from_js("reconnect.randomFirstDelay", &co::reconnect, &ro::random_first_delay),
      from_js("reconnect.stableAfter", &co::reconnect, &ro::stable_after),
      from_js("reconnect.seed", &co::reconnect, &ro::seed),
      not_from_js("reconnect.classifier", "a C++ function", &co::reconnect, &ro::classifier),

      from_js("outbox.maxMessages", &co::outbox, &bo::max_messages),
      from_js("outbox.maxBytes", &co::outbox, &bo::max_bytes),
      from_js("outbox.overflow", &co::outbox, &bo::overflow),
      from_js("outbox.ttl", &co::outbox, &bo::ttl),
      from_js("tracking.maxMessages", &co::tracking, &tro::max_messages),
      from_js("tracking.maxBytes", &co::tracking, &tro::max_bytes),
      from_js("tracking.overflow", &co::tracking, &tro::overflow),

      from_js("liveness.connectTimeout", &co::liveness, &lo::connect_timeout),
      from_js("liveness.closeTimeout", &co::liveness, &lo::close_timeout),
      from_js("liveness.pingInterval", &co::liveness, &lo::ping_interval),
      from_js("liveness.pongTimeout", &co::liveness, &lo::pong_timeout),
      from_js("liveness.heartbeatInterval", &co::liveness, &lo::heartbeat_interval),
      from_js("liveness.heartbeatMessage", &co::liveness, &lo::heartbeat_message),
      from_js("liveness.silenceTimeout", &co::liveness, &lo::silence_timeout),

      // A browser does TLS its own way: these few are read only to be refused with a reason.
      from_js("tls.caPem", &co::tls, &to::ca_pem),
      from_js("tls.caFile", &co::tls, &to::ca_file),
      from_js("tls.insecureSkipVerify", &co::tls, &to::insecure_skip_verify),
      not_from_js("tls.use_system_trust", "the browser's trust store", &co::tls,
                  &to::use_system_trust),
      not_from_js("tls.client_cert_file", "the browser chooses client certificates", &co::tls,
                  &to::client_cert_file),
      not_from_js("tls.client_key_file", "the browser chooses client certificates", &co::tls,
                  &to::client_key_file),

      from_js("compression.enabled", &co::compression, &cmp::enabled),
      from_js("compression.clientMaxWindowBits", &co::compression, &cmp::client_max_window_bits),
      from_js("compression.serverMaxWindowBits", &co::compression, &cmp::server_max_window_bits),
      from_js("compression.memLevel", &co::compression, &cmp::mem_level),
      from_js("compression.clientNoContextTakeover", &co::compression,
              &cmp::client_no_context_takeover),
      from_js("compression.serverNoContextTakeover", &co::compression,
              &cmp::server_no_context_takeover),

      from_js("headers", &co::headers),
      from_js("subprotocols", &co::subprotocols),
      from_js("maxMessageBytes", &co::max_message_bytes),
      from_js("lowWaterMark", &co::low_water_mark),
      not_from_js("attempt_provider", "a C++ function", &co::attempt_provider),
      not_from_js("log", "a C++ function", &co::log),
      not_from_js("min_log_level", "goes with log", &co::min_log_level),
      // The browser applies its own proxy settings and fails a redirected upgrade itself.
      not_from_js("proxy", "the browser's own proxy settings apply", &co::proxy),
      not_from_js("proxy_from_environment", "a page has no environment variables",
                  &co::proxy_from_environment),
      not_from_js("max_redirects", "browsers fail a redirected WebSocket upgrade",
                  &co::max_redirects),
      not_from_js("resolve", "the browser resolves names itself", &co::resolve),
  };
  return table;
}

std::vector<std::string> option_keys() {
  std::vector<std::string> keys;
  for (const auto& f : option_fields()) {
    if (f.read) {
      keys.emplace_back(f.path);
    }
  }
  return keys;
}

std::string options_from_js(const val& options, client_options& out) {
  if (auto error = read_object(options, "", out); !error.empty()) {
    return error;
  }
  // Ranges and what a browser cannot do (headers, TLS, pings, deflate parameters).
  std::string why;
  if (client::check_options(out, &why)) {
    return why;
  }
  return {};
}

}  // namespace wsclient::js
