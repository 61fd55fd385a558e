// A transport the test drives by hand: it records what the session asks of it and delivers
// the events the test chooses, with the epoch it was made for.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backend.hpp"
#include "manual_scheduler.hpp"
#include "transport.hpp"

namespace wsclient::test {

class fake_transport final : public detail::transport {
 public:
  fake_transport(std::weak_ptr<detail::transport_events> events, std::uint64_t epoch,
                 std::shared_ptr<manual_scheduler> clock)
      : events_(std::move(events)), epoch_(epoch), clock_(std::move(clock)) {}

  // What the session did.
  std::optional<detail::connect_request> request;
  std::vector<message> sent;
  int pings = 0;
  std::optional<std::pair<std::uint16_t, std::string>> close_sent;
  bool aborted = false;

  void connect(const detail::connect_request& r) override { request = r; }
  void send(message m) override { sent.push_back(std::move(m)); }
  void ping() override { ++pings; }
  void close(std::uint16_t code, const std::string& reason) override {
    close_sent.emplace(code, reason);
  }
  void abort() override { aborted = true; }

  // What the test makes happen.
  void open(std::string subprotocol = "", std::string extensions = "",
            std::vector<header> response_headers = {}) {
    deliver([&](detail::transport_events& e) {
      e.on_transport_open(
          epoch_, {std::move(subprotocol), std::move(extensions), std::move(response_headers), {}});
    });
  }
  void receive(message_kind kind, std::string_view data) {
    deliver([&](detail::transport_events& e) {
      e.on_transport_message(epoch_, message_view{kind, data});
    });
  }
  void pong() {
    deliver([&](detail::transport_events& e) { e.on_transport_pong(epoch_); });
  }
  /// Everything sent so far has been written; returns the byte count reported.
  std::size_t write_all() {
    std::size_t n = 0;
    deliver([&](detail::transport_events& e) {
      for (; written_ < sent.size(); ++written_) {
        n += sent[written_].data.size();
        e.on_transport_written(epoch_, sent[written_].data.size());
      }
    });
    return n;
  }
  void end(detail::transport_closed info) {
    deliver([&](detail::transport_events& e) { e.on_transport_closed(epoch_, std::move(info)); });
  }
  /// The server sent a close frame and the handshake completed.
  void server_close(std::uint16_t code, std::string reason = "") {
    detail::transport_closed info;
    info.why.error = errc::closed_by_server;
    info.why.close_code = code;
    info.why.close_reason = std::move(reason);
    info.was_clean = true;
    end(std::move(info));
  }
  /// The link died (1006).
  void drop(std::vector<message> unsent = {}) {
    detail::transport_closed info;
    info.why.error = errc::connection_lost;
    info.why.close_code = 1006;
    info.unsent = std::move(unsent);
    end(std::move(info));
  }
  /// The attempt failed before opening.
  void fail(errc e, int http_status = 0, std::optional<milliseconds> retry_after = {}) {
    detail::transport_closed info;
    info.why.error = e;
    info.why.http_status = http_status;
    info.why.retry_after = retry_after;
    end(std::move(info));
  }

  /// The upgrade was answered with a redirect to location.
  void redirect(int status, std::string location) {
    detail::transport_closed info;
    info.why.error = errc::handshake_rejected;
    info.why.http_status = status;
    info.location = std::move(location);
    end(std::move(info));
  }

 private:
  // As a real backend does: on the event context, with the session kept alive for the call.
  template <class Fn>
  void deliver(Fn fn) {
    if (auto e = events_.lock()) {
      clock_->run_in_context([&] { fn(*e); });
    }
  }

  std::weak_ptr<detail::transport_events> events_;
  std::uint64_t epoch_;
  std::shared_ptr<manual_scheduler> clock_;
  std::size_t written_ = 0;
};

/// A backend of a manual scheduler and fake transports; keeps every transport it made.
struct fake_backend {
  std::shared_ptr<manual_scheduler> clock = std::make_shared<manual_scheduler>();
  std::shared_ptr<std::vector<std::shared_ptr<fake_transport>>> made =
      std::make_shared<std::vector<std::shared_ptr<fake_transport>>>();
  capabilities caps{true, true, true, true, true, false};
  std::shared_ptr<std::vector<std::function<bool(bool)>>> network_watchers =
      std::make_shared<std::vector<std::function<bool(bool)>>>();
  /// The process environment as the backend reads it at connect() (proxy variables).
  std::shared_ptr<std::map<std::string, std::string>> environment =
      std::make_shared<std::map<std::string, std::string>>();

  detail::backend make() const {
    detail::backend be;
    be.events = clock;
    be.caps = caps;
    be.watch_network = [w = network_watchers](std::function<bool(bool)> f) {
      w->push_back(std::move(f));
    };
    be.read_proxy_environment = [env = environment] {
      return detail::read_proxy_environment([&env](const char* name) -> const char* {
        const auto it = env->find(name);
        return it == env->end() ? nullptr : it->second.c_str();
      });
    };
    be.make_transport = [list = made, c = clock](std::weak_ptr<detail::transport_events> events,
                                                 std::uint64_t epoch,
                                                 const detail::connect_request&) {
      auto t = std::make_shared<fake_transport>(std::move(events), epoch, c);
      list->push_back(t);
      return t;
    };
    return be;
  }

  fake_transport& last() const { return *made->back(); }

  /// The browser's `online` / `offline` event, on the event context.
  void set_online(bool online) const {
    clock->run_in_context([&] {
      for (const auto& f : *network_watchers) {
        f(online);
      }
    });
  }
  std::size_t attempts() const { return made->size(); }
};

}  // namespace wsclient::test
