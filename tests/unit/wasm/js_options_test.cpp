// The JavaScript options reader (wasm/src/js_options.cpp) against client_options, under node:
// every field is read from JavaScript or listed with the reason it is not. (Against the
// TypeScript declarations: tests/e2e/options_schema.spec.mjs.)
#include "js_options.hpp"

#include <gtest/gtest.h>

#include <emscripten/val.h>

#include <algorithm>
#include <set>
#include <string>

namespace wsclient::js {
namespace {

using emscripten::val;

/// The address of every field of o, section by section. A field added to client_options or
/// to one of its sections stops this from compiling ("N names provided for structured
/// binding"): the reader's table must then read it or say why not, and this list grows.
std::vector<const void*> every_field(const client_options& o) {
  const auto& [reconnect, outbox, tracking, liveness, tls, compression, headers, subprotocols,
               max_message_bytes, low_water_mark, attempt_provider, log_sink_field, min_log_level,
               proxy, proxy_from_environment, max_redirects, resolve] = o;
  const auto& [enabled, initial_delay, max_delay, multiplier, jitter_mode, max_attempts,
               max_elapsed, max_retry_after, random_first_delay, stable_after, seed, classifier] =
      reconnect;
  const auto& [max_messages, max_bytes, overflow, ttl] = outbox;
  const auto& [tracked_max_messages, tracked_max_bytes, tracked_overflow] = tracking;
  const auto& [connect_timeout, close_timeout, ping_interval, pong_timeout, heartbeat_interval,
               heartbeat_message, silence_timeout] = liveness;
  const auto& [use_system_trust, ca_file, ca_pem, client_cert_file, client_key_file,
               insecure_skip_verify] = tls;
  const auto& [deflate, client_max_window_bits, server_max_window_bits, mem_level,
               client_no_context_takeover, server_no_context_takeover] = compression;
  return {&headers,
          &subprotocols,
          &max_message_bytes,
          &low_water_mark,
          &attempt_provider,
          &log_sink_field,
          &min_log_level,
          &proxy,
          &proxy_from_environment,
          &max_redirects,
          &resolve,
          &enabled,
          &initial_delay,
          &max_delay,
          &multiplier,
          &jitter_mode,
          &max_attempts,
          &max_elapsed,
          &max_retry_after,
          &random_first_delay,
          &stable_after,
          &seed,
          &classifier,
          &max_messages,
          &max_bytes,
          &overflow,
          &ttl,
          &tracked_max_messages,
          &tracked_max_bytes,
          &tracked_overflow,
          &connect_timeout,
          &close_timeout,
          &ping_interval,
          &pong_timeout,
          &heartbeat_interval,
          &heartbeat_message,
          &silence_timeout,
          &use_system_trust,
          &ca_file,
          &ca_pem,
          &client_cert_file,
          &client_key_file,
          &insecure_skip_verify,
          &deflate,
          &client_max_window_bits,
          &server_max_window_bits,
          &mem_level,
          &client_no_context_takeover,
          &server_no_context_takeover};
}

TEST(JsOptions, EveryFieldIsReadOrSaysWhyNot) {
  const client_options o;
  const auto fields = every_field(o);
  std::set<const void*> listed;
  for (const auto& f : option_fields()) {
    SCOPED_TRACE(std::string(f.path));
    const auto* field = f.field(o);
    EXPECT_NE(std::find(fields.begin(), fields.end(), field), fields.end())
        << "not a field of client_options";
    EXPECT_TRUE(listed.insert(field).second) << "listed twice";
    EXPECT_NE(static_cast<bool>(f.read), !f.not_read_because.empty())
        << "either read from JavaScript or with a reason why not";
  }
  EXPECT_EQ(listed.size(), fields.size()) << "fields of client_options the table does not list";
}

/// {a: {b: value}} for the path "a.b".
val object_at(const std::string& path, const val& value) {
  const auto dot = path.find('.');
  val o = val::object();
  if (dot == std::string::npos) {
    o.set(path, value);
  } else {
    o.set(path.substr(0, dot), object_at(path.substr(dot + 1), value));
  }
  return o;
}

TEST(JsOptions, EveryKeyIsAcceptedAndNothingElse) {
  for (const auto& key : option_keys()) {
    client_options o;
    // null is of no key's type: the error is about the value, not an unknown key.
    const auto error = options_from_js(object_at(key, val::null()), o);
    EXPECT_EQ(error.find("unknown option"), std::string::npos) << key << ": " << error;
    EXPECT_NE(error.find(key), std::string::npos) << key << ": " << error;
  }
  client_options o;
  EXPECT_EQ(options_from_js(object_at("reconnect.initalDelay", val(5)), o),
            "unknown option reconnect.initalDelay");
  EXPECT_EQ(options_from_js(object_at("reconnect.classifier", val(5)), o),
            "unknown option reconnect.classifier");
  EXPECT_EQ(options_from_js(object_at("reconnect", val(5)), o), "reconnect must be an object");
}

TEST(JsOptions, ValuesReachTheirFields) {
  client_options o;
  val options = val::object();
  options.set("reconnect", val::object());
  options["reconnect"].set("initialDelay", 250);
  options["reconnect"].set("jitter", std::string("none"));
  options["reconnect"].set("maxRetryAfter", 60000);
  options.set("outbox", val::object());
  options["outbox"].set("overflow", std::string("dropOldest"));
  options.set("liveness", val::object());
  options["liveness"].set("silenceTimeout", 3000);
  options["liveness"].set("heartbeatInterval", 1000);
  options["liveness"].set("pingInterval", 0);
  options.set("subprotocols", val::array());
  options["subprotocols"].call<void>("push", std::string("chat"));
  options.set("maxMessageBytes", 1024);
  ASSERT_EQ(options_from_js(options, o), "");
  EXPECT_EQ(o.reconnect.initial_delay, milliseconds(250));
  EXPECT_EQ(o.reconnect.jitter_mode, jitter::none);
  EXPECT_EQ(o.reconnect.max_retry_after, milliseconds(60000));
  EXPECT_EQ(o.outbox.overflow, overflow_policy::drop_oldest);
  EXPECT_EQ(o.liveness.silence_timeout, milliseconds(3000));
  EXPECT_EQ(o.liveness.heartbeat_interval, milliseconds(1000));
  EXPECT_EQ(o.liveness.ping_interval, milliseconds(0));
  EXPECT_EQ(o.subprotocols, std::vector<std::string>{"chat"});
  EXPECT_EQ(o.max_message_bytes, 1024U);
}

}  // namespace
}  // namespace wsclient::js
