#include "browser_transport.hpp"

#include <emscripten/emscripten.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

#include "socket_table.hpp"
#include "wsclient/error.hpp"

namespace wsclient::detail {

namespace {

class browser_connection;

/// How often the browser's bufferedAmount is looked at while it holds sent bytes.
constexpr int buffered_poll_ms = 10;

// Socket id -> its transport. Browser events look their transport up here: an event for a
// socket whose transport is gone finds nothing (as Godot's and Defold's web sockets do).
std::unordered_map<int, std::weak_ptr<browser_connection>>& connections() {
  static std::unordered_map<int, std::weak_ptr<browser_connection>> map;
  return map;
}

std::vector<std::function<bool(bool)>>& network_watchers() {
  static std::vector<std::function<bool(bool)>> watchers;
  return watchers;
}

/// @par Thread Safety  The browser build has one thread.
class browser_connection final : public transport,
                                 public std::enable_shared_from_this<browser_connection> {
 public:
  browser_connection(std::weak_ptr<transport_events> events, std::uint64_t epoch)
      : events_(std::move(events)), epoch_(epoch) {}

  ~browser_connection() override { forget(); }

  void connect(const connect_request& request) override {
    std::string protocols;
    for (const auto& p : request.subprotocols) {
      protocols += (protocols.empty() ? "" : ",") + p;
    }
    id_ = wsclient_js_open(request.url_text.c_str(), protocols.c_str());
    if (id_ == 0) {
      // The browser refused the URL (e.g. a port it blocks): reported like any failure, but
      // later, never from inside connect().
      emscripten_async_call(
          [](void* arg) {
            auto* weak = static_cast<std::weak_ptr<browser_connection>*>(arg);
            if (const auto self = weak->lock()) {
              self->report_closed(errc::invalid_url, 0, "", false, "the browser refused the URL");
            }
            delete weak;
          },
          new std::weak_ptr<browser_connection>(weak_from_this()), 0);
      return;
    }
    connections()[id_] = weak_from_this();
  }

  void send(message m) override {
    if (id_ == 0 ||
        wsclient_js_send(id_, m.data.data(), m.data.size(), m.kind == message_kind::text) == 0) {
      return;  // not open any more: the close event that follows reports it
    }
    in_browser_ += m.data.size();
    report_written();
  }

  void ping() override {}  // capabilities().protocol_ping is false: never called

  void close(std::uint16_t code, const std::string& reason) override {
    if (id_ != 0 && wsclient_js_close(id_, code, reason.c_str()) == 0) {
      abort();  // the core checked code and reason as the browser does; this is a backstop
    }
  }

  void abort() override { forget(); }

  void on_open(std::string subprotocol, std::string extensions) {
    opened_ = true;
    if (const auto e = events_.lock()) {
      // A browser shows neither the response's headers nor the address it reached.
      e->on_transport_open(epoch_, {std::move(subprotocol), std::move(extensions), {}, {}});
    }
  }

  void on_message(std::string_view data, bool is_text) {
    if (const auto e = events_.lock()) {
      e->on_transport_message(
          epoch_, message_view{is_text ? message_kind::text : message_kind::binary, data});
    }
  }

  void on_close(int code, std::string reason, bool was_clean) {
    connections().erase(id_);
    id_ = 0;  // the table has already dropped it
    if (!opened_) {
      // A browser hides why an upgrade failed (refused, DNS, TLS, HTTP status): all it
      // says is 1006.
      report_closed(errc::connect_failed, 0, "", false, "the browser could not open the socket");
    } else if (code == 1006 || !was_clean) {
      report_closed(errc::connection_lost, 1006, "", false, {});
    } else {
      report_closed(errc::closed_by_server, static_cast<std::uint16_t>(code), std::move(reason),
                    true, {});
    }
  }

 private:
  void report_closed(errc e, std::uint16_t code, std::string reason, bool clean,
                     std::string detail) {
    transport_closed info;
    info.why.error = e;
    info.why.close_code = code;
    info.why.close_reason = std::move(reason);
    info.was_clean = clean;
    info.detail = std::move(detail);
    if (const auto ev = events_.lock()) {
      ev->on_transport_closed(epoch_, std::move(info));
    }
  }

  /// Reports as written what has left the browser's buffer (its bufferedAmount): sends stay
  /// in buffered_amount() until the network has them, as in the browser's own WebSocket. The
  /// browser fires no event when bufferedAmount falls, so it is polled while it is not zero.
  void report_written() {
    if (id_ == 0) {
      return;  // closed: the session has already zeroed the count
    }
    const auto in_socket = static_cast<std::size_t>(wsclient_js_buffered(id_));
    const auto taken = in_browser_ - std::min(in_browser_, in_socket);
    in_browser_ -= taken;
    if (taken > 0) {
      if (const auto e = events_.lock()) {
        e->on_transport_written(epoch_, taken);
      }
    }
    if (in_browser_ > 0 && !polling_) {
      polling_ = true;
      emscripten_async_call(
          [](void* arg) {
            auto* weak = static_cast<std::weak_ptr<browser_connection>*>(arg);
            if (const auto self = weak->lock()) {
              self->polling_ = false;
              self->report_written();
            }
            delete weak;
          },
          new std::weak_ptr<browser_connection>(weak_from_this()), buffered_poll_ms);
    }
  }

  void forget() {
    if (id_ != 0) {
      connections().erase(id_);
      wsclient_js_delete(id_);
      id_ = 0;
    }
  }

  std::weak_ptr<transport_events> events_;
  std::uint64_t epoch_;
  int id_ = 0;
  bool opened_ = false;
  std::size_t in_browser_ = 0;  ///< sent bytes still in the browser's bufferedAmount
  bool polling_ = false;        ///< a report_written() is scheduled
};

std::shared_ptr<browser_connection> find(int id) {
  const auto it = connections().find(id);
  return it == connections().end() ? nullptr : it->second.lock();
}

}  // namespace

std::shared_ptr<transport> make_browser_transport(std::weak_ptr<transport_events> events,
                                                  std::uint64_t epoch) {
  return std::make_shared<browser_connection>(std::move(events), epoch);
}

void watch_browser_network(std::function<bool(bool online)> fn) {
  wsclient_js_watch_network();
  if (wsclient_js_is_online() == 0 && !fn(false)) {
    return;
  }
  network_watchers().push_back(std::move(fn));
}

}  // namespace wsclient::detail

// Called by js/socket_table.js, on the page's event loop.
extern "C" {

// The table's buffers for strings and messages on their way into wasm. Exported from here
// (Emscripten 3.1.6 does not keep malloc and free for a JS library's dependencies).
EMSCRIPTEN_KEEPALIVE void* wsclient_js_alloc(std::size_t size) {
  return std::malloc(size);
}
EMSCRIPTEN_KEEPALIVE void wsclient_js_free(void* p) {
  std::free(p);
}

EMSCRIPTEN_KEEPALIVE void wsclient_js_on_open(int id, const char* subprotocol,
                                              const char* extensions) {
  if (const auto c = wsclient::detail::find(id)) {
    c->on_open(subprotocol, extensions);
  }
}

EMSCRIPTEN_KEEPALIVE void wsclient_js_on_message(int id, const char* data, std::size_t size,
                                                 int is_text) {
  if (const auto c = wsclient::detail::find(id)) {
    c->on_message(std::string_view(data, size), is_text != 0);
  }
}

EMSCRIPTEN_KEEPALIVE void wsclient_js_on_close(int id, int code, const char* reason,
                                               int was_clean) {
  if (const auto c = wsclient::detail::find(id)) {
    c->on_close(code, reason, was_clean != 0);
  }
}

EMSCRIPTEN_KEEPALIVE void wsclient_js_on_network(int online) {
  // Taken out while they run: a watcher may add another (a client made from a handler).
  auto watchers = std::move(wsclient::detail::network_watchers());
  wsclient::detail::network_watchers().clear();
  std::erase_if(watchers, [online](const auto& w) { return !w(online != 0); });
  auto& now = wsclient::detail::network_watchers();
  now.insert(now.begin(), std::make_move_iterator(watchers.begin()),
             std::make_move_iterator(watchers.end()));
}

}  // extern "C"
