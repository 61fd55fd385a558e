// The client for JavaScript (embind): `new Module.Client(options)`, with the concepts and
// events of the C++ API under JavaScript names. Built into wsclient.mjs + wsclient.wasm;
// wsclient.d.mts declares it.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "js_options.hpp"
#include "socket_table.hpp"
#include "wsclient/client.hpp"

namespace wsclient::js {

namespace {

using emscripten::val;

val failure_to_js(const failure& f) {
  val o = val::object();
  o.set("error", f.error.message());
  o.set("closeCode", f.close_code);
  o.set("closeReason", f.close_reason);
  o.set("wasOpen", f.was_open);
  return o;
}

val result_to_js(const send_result& r) {
  switch (r.status) {
    case send_status::sent:
      return val("sent");
    case send_status::queued:
      return val("queued");
    case send_status::refused:
      break;
  }
  return val("refused: " + r.error.message());
}

constexpr const char* binary_types = "a Uint8Array, an ArrayBuffer or a typed array";

/// The bytes of a Uint8Array, an ArrayBuffer or any typed array (copied once into wasm
/// memory); nullopt for anything else.
std::optional<std::string> bytes_from_js(val data) {
  if (data.instanceof (val::global("ArrayBuffer"))) {
    data = val::global("Uint8Array").new_(data);
  } else if (!val::global("ArrayBuffer").call<bool>("isView", data)) {
    return std::nullopt;
  } else if (!data.instanceof (val::global("Uint8Array"))) {
    data = val::global("Uint8Array").new_(data["buffer"], data["byteOffset"], data["byteLength"]);
  }
  std::string bytes(data["length"].as<std::size_t>(), '\0');
  val(emscripten::typed_memory_view(bytes.size(), reinterpret_cast<std::uint8_t*>(bytes.data())))
      .call<void>("set", data);
  return bytes;
}

const std::set<std::string>& event_names() {
  static const std::set<std::string> names{"open",  "message",      "close",  "error",
                                           "drain", "reconnecting", "gaveup", "state"};
  return names;
}

}  // namespace

/// @par Lifetime  Call delete() when done (embind objects are not garbage collected): the
/// socket is dropped and no event is reported after it.
class js_client {
 public:
  explicit js_client(val options) {
    client_options o;
    options_error_ = options_from_js(options, o);
    client_ = std::make_unique<client>(o);
    wire();
  }

  js_client() : js_client(val::undefined()) {}

  /// "" when connecting started, else why not (bad URL, bad or unsupported options).
  std::string connect(const std::string& url) {
    if (!options_error_.empty()) {
      return options_error_;
    }
    if (const auto ec = client_->connect(url)) {
      return ec.message() + ": " + url;
    }
    return {};
  }

  /// "sent", "queued" or "refused: reason".
  val send_text(const std::string& text) { return result_to_js(client_->send_text(text)); }

  /// data: a Uint8Array, an ArrayBuffer or any typed array (copied once into wasm memory).
  val send_binary(val data) {
    const auto bytes = bytes_from_js(std::move(data));
    if (!bytes) {
      return val(std::string("refused: sendBinary takes ") + binary_types);
    }
    return result_to_js(client_->send_binary(std::move(*bytes)));
  }

  /// Tracked sends (client::send_tracked_text): kept until acknowledge(id).
  val send_tracked_text(const std::string& id, const std::string& text) {
    return result_to_js(client_->send_tracked_text(id, text));
  }
  val send_tracked_binary(const std::string& id, val data) {
    const auto bytes = bytes_from_js(std::move(data));
    if (!bytes) {
      return val(std::string("refused: sendTrackedBinary takes ") + binary_types);
    }
    return result_to_js(client_->send_tracked_binary(id, *bytes));
  }
  bool acknowledge(const std::string& id) { return client_->acknowledge(id); }

  /// "" when closing started, else why not (the browser's rules: 1000 or 3000-4999, a
  /// reason of at most 123 bytes).
  std::string close(val code, val reason) {
    if (!code.isUndefined() && !code.isNumber()) {
      return std::error_code(errc::invalid_close_code).message();
    }
    const double c = code.isUndefined() ? 1000 : code.as<double>();
    if (!(c >= 0 && c <= 65535) || c != static_cast<double>(static_cast<int>(c))) {
      return std::error_code(errc::invalid_close_code).message();
    }
    if (!reason.isUndefined() && !reason.isString()) {
      return "the close reason must be a string";
    }
    const auto r = reason.isUndefined() ? std::string() : reason.as<std::string>();
    const auto ec = client_->close(static_cast<std::uint16_t>(c), r);
    return ec ? ec.message() : std::string();
  }

  void mark_healthy() { client_->mark_healthy(); }

  std::string state() const { return std::string(to_string(client_->state())); }

  double buffered_amount() const { return static_cast<double>(client_->buffered_amount()); }

  val stats() const {
    const auto s = client_->stats();
    val o = val::object();
    o.set("messagesSent", static_cast<double>(s.messages_sent));
    o.set("messagesReceived", static_cast<double>(s.messages_received));
    o.set("bytesSent", static_cast<double>(s.bytes_sent));
    o.set("bytesReceived", static_cast<double>(s.bytes_received));
    o.set("connects", static_cast<double>(s.connects));
    o.set("attempts", static_cast<double>(s.attempts));
    o.set("messagesDropped", static_cast<double>(s.messages_dropped));
    o.set("messagesExpired", static_cast<double>(s.messages_expired));
    o.set("messagesRefused", static_cast<double>(s.messages_refused));
    o.set("trackedResent", static_cast<double>(s.tracked_resent));
    o.set("queuedMessages", static_cast<double>(s.queued_messages));
    o.set("trackedPending", static_cast<double>(s.tracked_pending));
    o.set("connectedFor", static_cast<double>(s.connected_for.count()));
    return o;
  }

  /// Sets the one handler of an event ("open", "message", "close", "error", "drain",
  /// "reconnecting", "gaveup", "state"), replacing the previous one (as `onmessage = f` does on a
  /// WebSocket); undefined or null removes it. "" or why not (an unknown event name).
  std::string on(const std::string& event, val handler) {
    if (event_names().count(event) == 0) {
      return "unknown event \"" + event + "\"";
    }
    handlers_.insert_or_assign(event, handler);
    return {};
  }

  /// Adds a listener of an event, called after the `on` handler, in the order added; adding
  /// the same function twice adds it once (as EventTarget does). "" or why not.
  std::string add_event_listener(const std::string& event, val listener) {
    if (event_names().count(event) == 0) {
      return "unknown event \"" + event + "\"";
    }
    if (listener.typeOf().as<std::string>() != "function") {
      return "a listener must be a function";
    }
    auto& list = listeners_[event];
    if (find_listener(list, listener) == list.end()) {
      list.push_back(listener);
    }
    return {};
  }

  /// Removes a listener added with addEventListener (nothing if it was not there).
  void remove_event_listener(const std::string& event, val listener) {
    const auto it = listeners_.find(event);
    if (it == listeners_.end()) {
      return;
    }
    const auto found = find_listener(it->second, listener);
    if (found != it->second.end()) {
      it->second.erase(found);
    }
  }

  static val capabilities() {
    const auto c = client::capabilities();
    val o = val::object();
    o.set("customHeaders", c.custom_headers);
    o.set("tlsOptions", c.tls_options);
    o.set("protocolPing", c.protocol_ping);
    o.set("httpStatus", c.http_status);
    o.set("compressionOptions", c.compression_options);
    o.set("proxy", c.proxy);
    o.set("resolveOverrides", c.resolve_overrides);
    return o;
  }

  /// Every key the options reader accepts, dotted ("reconnect.initialDelay").
  static val option_keys() {
    val keys = val::array();
    for (const auto& key : js::option_keys()) {
      keys.call<void>("push", key);
    }
    return keys;
  }

  /// Sockets the page holds open for wsclient (at most one per client).
  static int live_sockets() { return wsclient_js_live_sockets(); }

 private:
  // A JS handler that throws must not unwind through wasm (no C++ destructor would run):
  // its exception is caught here and thrown again from a fresh task, where the page sees it
  // as any uncaught error, and the client goes on.
  static val& guarded_call() {
    static val fn =
        val::global("Function")
            .new_(
                std::string("handler"), std::string("arg"),
                std::string("try { handler(arg); } catch (e) { setTimeout(() => { throw e; }); }"));
    return fn;
  }

  static std::vector<val>::iterator find_listener(std::vector<val>& list, const val& listener) {
    return std::find_if(list.begin(), list.end(),
                        [&](const val& l) { return l.strictlyEquals(listener); });
  }

  void call(const char* event, val arg) {
    // Copies first: a handler may add or remove listeners, or delete the client; once it is
    // deleted (alive goes false), the remaining listeners are not called.
    std::vector<val> targets;
    if (const auto it = handlers_.find(event);
        it != handlers_.end() && !it->second.isUndefined() && !it->second.isNull()) {
      targets.push_back(it->second);
    }
    if (const auto it = listeners_.find(event); it != listeners_.end()) {
      targets.insert(targets.end(), it->second.begin(), it->second.end());
    }
    const std::weak_ptr<bool> alive = alive_;
    for (auto& target : targets) {
      if (alive.expired()) {
        return;
      }
      guarded_call()(target, arg);
    }
  }

  void wire() {
    client_->on_open([this](const open_info& i) {
      val o = val::object();
      o.set("url", i.url);
      o.set("subprotocol", i.subprotocol);
      o.set("extensions", i.extensions);
      o.set("attempt", i.attempt);
      call("open", o);
    });
    client_->on_message([this](const message_view& m) {
      val o = val::object();
      if (m.kind == message_kind::text) {
        o.set("kind", std::string("text"));
        o.set("data", std::string(m.data));
      } else {
        o.set("kind", std::string("binary"));
        // A copy: the view's bytes are valid during this call only.
        o.set("data", val(emscripten::typed_memory_view(
                              m.data.size(), reinterpret_cast<const std::uint8_t*>(m.data.data())))
                          .call<val>("slice"));
      }
      call("message", o);
    });
    client_->on_close([this](const close_info& i) {
      val o = val::object();
      o.set("code", i.code);
      o.set("reason", i.reason);
      o.set("wasClean", i.was_clean);
      o.set("error", i.error.message());
      o.set("willReconnect", i.will_reconnect);
      o.set("reconnectDelay", static_cast<double>(i.reconnect_delay.count()));
      call("close", o);
    });
    client_->on_error([this](std::error_code ec, std::string_view detail) {
      val o = val::object();
      o.set("error", ec.message());
      o.set("detail", std::string(detail));
      call("error", o);
    });
    client_->on_reconnecting([this](const reconnect_info& r) {
      val o = val::object();
      o.set("attempt", r.attempt);
      o.set("delay", static_cast<double>(r.delay.count()));
      o.set("cause", failure_to_js(r.cause));
      o.set("waitingForNetwork", r.waiting_for_network);
      call("reconnecting", o);
    });
    client_->on_gave_up([this](const gave_up_info& g) {
      val o = val::object();
      o.set("reason", g.reason.message());
      o.set("attempts", g.attempts);
      o.set("lastFailure", failure_to_js(g.last_failure));
      val unsent = val::array();
      for (const auto& m : g.unsent) {
        val u = val::object();
        u.set("kind", std::string(m.kind == message_kind::text ? "text" : "binary"));
        u.set("data", m.data);
        unsent.call<void>("push", u);
      }
      o.set("unsent", unsent);
      val unacknowledged = val::array();
      for (const auto& m : g.unacknowledged) {
        val u = val::object();
        u.set("id", m.id);
        u.set("kind", std::string(m.kind == message_kind::text ? "text" : "binary"));
        u.set("data", m.data);
        unacknowledged.call<void>("push", u);
      }
      o.set("unacknowledged", unacknowledged);
      call("gaveup", o);
    });
    client_->on_state_change(
        [this](connection_state s) { call("state", val(std::string(to_string(s)))); });
    client_->on_drain([this] { call("drain", val::undefined()); });
  }

  std::unique_ptr<client> client_;
  std::string options_error_;
  std::map<std::string, val> handlers_;
  std::map<std::string, std::vector<val>> listeners_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // expires with the client
};

}  // namespace wsclient::js

EMSCRIPTEN_BINDINGS(wsclient) {
  using wsclient::js::js_client;
  emscripten::class_<js_client>("Client")
      .constructor<>()
      .constructor<emscripten::val>()
      .function("connect", &js_client::connect)
      .function("sendText", &js_client::send_text)
      .function("sendBinary", &js_client::send_binary)
      .function("sendTrackedText", &js_client::send_tracked_text)
      .function("sendTrackedBinary", &js_client::send_tracked_binary)
      .function("acknowledge", &js_client::acknowledge)
      // close(), close(code), close(code, reason): embind overloads by argument count.
      .function("close", emscripten::optional_override([](js_client& c) {
                  return c.close(emscripten::val::undefined(), emscripten::val::undefined());
                }))
      .function("close", emscripten::optional_override([](js_client& c, emscripten::val code) {
                  return c.close(code, emscripten::val::undefined());
                }))
      .function("close", &js_client::close)
      .function("markHealthy", &js_client::mark_healthy)
      .function("state", &js_client::state)
      .function("bufferedAmount", &js_client::buffered_amount)
      .function("stats", &js_client::stats)
      .function("on", &js_client::on)
      .function("addEventListener", &js_client::add_event_listener)
      .function("removeEventListener", &js_client::remove_event_listener)
      .class_function("capabilities", &js_client::capabilities)
      .class_function("optionKeys", &js_client::option_keys)
      .class_function("liveSockets", &js_client::live_sockets);
}
