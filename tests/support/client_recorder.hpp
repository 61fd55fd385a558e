// Records a real client's events (they arrive on its I/O thread) and lets a test wait for
// them with a timeout: tests wait on events, never on the clock.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "wsclient/client.hpp"

namespace wsclient::test {

/// @par Thread Safety  Every member may be called from any thread.
class client_recorder {
 public:
  struct entry {
    entry(std::string k, std::string d) : kind(std::move(k)), data(std::move(d)) {}
    std::string kind;  ///< "open", "text", "binary", "close", "error", "reconnecting", ...
    std::string data;  ///< message payload, or a description
    close_info close;
    reconnect_info reconnect;
    gave_up_info gave_up;
    open_info open;
    std::error_code error;
  };

  /// Installs handlers on c that record every event.
  void attach(client& c) {
    c.on_open([this](const open_info& i) {
      entry e{"open", i.subprotocol};
      e.open = i;
      add(std::move(e));
    });
    c.on_message([this](const message_view& m) {
      add({m.kind == message_kind::text ? "text" : "binary", std::string(m.data)});
    });
    c.on_close([this](const close_info& i) {
      entry e{"close", std::to_string(i.code) + " " + i.reason};
      e.close = i;
      add(std::move(e));
    });
    c.on_error([this](std::error_code ec, std::string_view detail) {
      entry e{"error", std::string(detail)};
      e.error = ec;
      add(std::move(e));
    });
    c.on_reconnecting([this](const reconnect_info& r) {
      entry e{"reconnecting", std::to_string(r.delay.count())};
      e.reconnect = r;
      add(std::move(e));
    });
    c.on_gave_up([this](const gave_up_info& g) {
      entry e{"gave_up", g.reason.message()};
      e.gave_up = g;
      add(std::move(e));
    });
  }

  void add(entry e) {
    {
      std::lock_guard lock(mutex_);
      entries_.push_back(std::move(e));
    }
    changed_.notify_all();
  }

  /// Waits until pred(entries) holds; false on timeout. pred runs under the recorder's lock.
  bool wait(const std::function<bool(const std::vector<entry>&)>& pred,
            std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return pred(entries_); });
  }

  /// Waits for the n-th (1-based) event of this kind; returns it, or an entry with kind
  /// "timeout".
  entry wait_for(const std::string& kind, std::size_t n = 1,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    entry found{"timeout", "no " + kind + " #" + std::to_string(n) + " within the timeout"};
    wait(
        [&](const std::vector<entry>& es) {
          std::size_t seen = 0;
          for (const auto& e : es) {
            if (e.kind == kind && ++seen == n) {
              found = e;
              return true;
            }
          }
          return false;
        },
        timeout);
    return found;
  }

  std::size_t count(const std::string& kind) const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& e : entries_) {
      n += e.kind == kind ? 1 : 0;
    }
    return n;
  }

  /// The payloads of every received text message, in order.
  std::vector<std::string> texts() const {
    std::lock_guard lock(mutex_);
    return texts_of(entries_);
  }

  /// The same of entries given to a wait() predicate (which runs under the recorder's lock:
  /// it must not call the recorder).
  static std::vector<std::string> texts_of(const std::vector<entry>& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries) {
      if (e.kind == "text") {
        out.push_back(e.data);
      }
    }
    return out;
  }

  std::vector<entry> all() const {
    std::lock_guard lock(mutex_);
    return entries_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<entry> entries_;
};

}  // namespace wsclient::test
