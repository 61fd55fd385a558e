#include "js_options.hpp"

#include "wsclient/client.hpp"

#include <cmath>
#include <functional>
#include <map>

namespace wsclient::js {

namespace {

using emscripten::val;

// One object level: each known key has a reader; anything else is an error.
using reader = std::function<std::string(const val& value, const std::string& path)>;

std::string read_object(const val& object, const std::string& path,
                        const std::map<std::string, reader>& readers) {
  if (object.isUndefined() || object.isNull()) {
    return {};
  }
  if (object.typeOf().as<std::string>() != "object" ||
      val::global("Array").call<bool>("isArray", object)) {
    return (path.empty() ? std::string("options") : path) + " must be an object";
  }
  const auto keys = val::global("Object").call<val>("keys", object);
  const auto n = keys["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) {
    const auto key = keys[i].as<std::string>();
    const auto full = path.empty() ? key : path + "." + key;
    const auto it = readers.find(key);
    if (it == readers.end()) {
      return "unknown option " + full;
    }
    if (auto error = it->second(object[key], full); !error.empty()) {
      return error;
    }
  }
  return {};
}

reader milliseconds_into(milliseconds& out) {
  return [&out](const val& v, const std::string& path) -> std::string {
    if (!v.isNumber() || !std::isfinite(v.as<double>()) || v.as<double>() < 0) {
      return path + " must be a number of milliseconds, 0 or more";
    }
    out = milliseconds(static_cast<long long>(v.as<double>()));
    return {};
  };
}

reader optional_milliseconds_into(std::optional<milliseconds>& out) {
  return [&out](const val& v, const std::string& path) -> std::string {
    milliseconds ms{};
    auto error = milliseconds_into(ms)(v, path);
    if (error.empty()) {
      out = ms;
    }
    return error;
  };
}

template <class Number>
reader number_into(Number& out) {
  return [&out](const val& v, const std::string& path) -> std::string {
    if (!v.isNumber() || !std::isfinite(v.as<double>()) || v.as<double>() < 0) {
      return path + " must be a number, 0 or more";
    }
    out = static_cast<Number>(v.as<double>());
    return {};
  };
}

reader bool_into(bool& out) {
  return [&out](const val& v, const std::string& path) -> std::string {
    if (!v.isTrue() && !v.isFalse()) {
      return path + " must be true or false";
    }
    out = v.isTrue();
    return {};
  };
}

reader string_into(std::string& out) {
  return [&out](const val& v, const std::string& path) -> std::string {
    if (!v.isString()) {
      return path + " must be a string";
    }
    out = v.as<std::string>();
    return {};
  };
}

template <class Enum>
reader enum_into(Enum& out, std::map<std::string, Enum> names) {
  return [&out, names = std::move(names)](const val& v, const std::string& path) -> std::string {
    std::string choices;
    for (const auto& [name, unused] : names) {
      choices += (choices.empty() ? "" : ", ") + name;
    }
    if (!v.isString() || names.count(v.as<std::string>()) == 0) {
      return path + " must be one of " + choices;
    }
    out = names.at(v.as<std::string>());
    return {};
  };
}

reader strings_into(std::vector<std::string>& out) {
  return [&out](const val& v, const std::string& path) -> std::string {
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
  };
}

reader headers_into(std::vector<header>& out) {
  return [&out](const val& v, const std::string& path) -> std::string {
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
  };
}

}  // namespace

std::string options_from_js(const val& options, client_options& out) {
  auto& r = out.reconnect;
  auto& b = out.outbox;
  auto& l = out.liveness;
  auto& c = out.compression;
  const std::map<std::string, reader> reconnect{
      {"enabled", bool_into(r.enabled)},
      {"initialDelay", milliseconds_into(r.initial_delay)},
      {"maxDelay", milliseconds_into(r.max_delay)},
      {"multiplier", number_into(r.multiplier)},
      {"jitter", enum_into(r.jitter_mode,
                           std::map<std::string, jitter>{{"none", jitter::none},
                                                         {"full", jitter::full},
                                                         {"equal", jitter::equal},
                                                         {"decorrelated", jitter::decorrelated}})},
      {"maxAttempts", number_into(r.max_attempts)},
      {"maxElapsed", milliseconds_into(r.max_elapsed)},
      {"randomFirstDelay", bool_into(r.random_first_delay)},
      {"stableAfter", milliseconds_into(r.stable_after)},
      {"seed", number_into(r.seed)},
  };
  const std::map<std::string, reader> outbox{
      {"maxMessages", number_into(b.max_messages)},
      {"maxBytes", number_into(b.max_bytes)},
      {"overflow", enum_into(b.overflow,
                             std::map<std::string, overflow_policy>{
                                 {"rejectNew", overflow_policy::reject_new},
                                 {"dropOldest", overflow_policy::drop_oldest}})},
      {"ttl", milliseconds_into(b.ttl)},
  };
  const std::map<std::string, reader> liveness{
      {"connectTimeout", milliseconds_into(l.connect_timeout)},
      {"closeTimeout", milliseconds_into(l.close_timeout)},
      {"pingInterval", optional_milliseconds_into(l.ping_interval)},
      {"pongTimeout", milliseconds_into(l.pong_timeout)},
      {"heartbeatInterval", milliseconds_into(l.heartbeat_interval)},
      {"heartbeatMessage", string_into(l.heartbeat_message)},
      {"silenceTimeout", milliseconds_into(l.silence_timeout)},
  };
  const std::map<std::string, reader> compression{
      {"enabled", bool_into(c.enabled)},
      {"clientMaxWindowBits", number_into(c.client_max_window_bits)},
      {"serverMaxWindowBits", number_into(c.server_max_window_bits)},
      {"memLevel", number_into(c.mem_level)},
      {"clientNoContextTakeover", bool_into(c.client_no_context_takeover)},
      {"serverNoContextTakeover", bool_into(c.server_no_context_takeover)},
  };
  tls_options& t = out.tls;
  const std::map<std::string, reader> tls{
      {"caPem", string_into(t.ca_pem)},
      {"caFile", string_into(t.ca_file)},
      {"insecureSkipVerify", bool_into(t.insecure_skip_verify)},
  };
  const auto nested = [](const std::map<std::string, reader>& readers) -> reader {
    return
        [&readers](const val& v, const std::string& path) { return read_object(v, path, readers); };
  };
  const std::map<std::string, reader> top{
      {"reconnect", nested(reconnect)},
      {"outbox", nested(outbox)},
      {"liveness", nested(liveness)},
      {"compression", nested(compression)},
      {"tls", nested(tls)},
      {"subprotocols", strings_into(out.subprotocols)},
      {"headers", headers_into(out.headers)},
      {"maxMessageBytes", number_into(out.max_message_bytes)},
  };
  if (auto error = read_object(options, "", top); !error.empty()) {
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
