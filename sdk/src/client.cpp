// The thread-safe facade: validates calls, decides sent/queued/refused under the shared
// lock, and posts everything else to the session on the event context.
#include "wsclient/client.hpp"

#include <array>
#include <atomic>
#include <optional>
#include <utility>

#include "backend.hpp"
#include "client_access.hpp"
#include "close_rules.hpp"
#include "logger.hpp"
#include "proxy_choice.hpp"
#include "session.hpp"
#include "utf8.hpp"

namespace wsclient {

using detail::session;

struct client::impl {
  detail::backend backend;
  std::shared_ptr<detail::shared_state> shared;
  std::shared_ptr<detail::dispatch_gate> gate;
  std::shared_ptr<session> sess;
  client_options options;
  /// close() was accepted: the destructor lets the closing handshake finish in the background.
  std::atomic<bool> closing{false};

  template <class Fn>
  void post(Fn fn) {
    backend.events->post([s = sess, fn = std::move(fn)]() mutable { fn(*s); });
  }

  send_result send(message&& m, std::optional<std::string_view> track_id = std::nullopt) {
    if (m.kind == message_kind::text && !detail::is_valid_utf8(m.data)) {
      return shared->refuse(errc::invalid_utf8);
    }
    // Decided here, on the caller's thread, under the shared lock: the caller learns at once
    // whether the message was sent, queued or refused.
    auto a = shared->admit(std::move(m), *backend.events, track_id);
    if (a.post_flush) {
      post([](session& s) { s.flush(); });
    }
    return a.result;
  }
};

client::client(client_options options, detail::backend backend) : impl_(std::make_shared<impl>()) {
  impl_->backend = std::move(backend);
  impl_->shared = std::make_shared<detail::shared_state>(options.outbox, options.tracking,
                                                         options.low_water_mark);
  impl_->gate = std::make_shared<detail::dispatch_gate>();
  impl_->options = options;
  impl_->sess = std::make_shared<session>(std::move(options), impl_->backend, impl_->shared,
                                          impl_->gate, this);
  if (impl_->backend.watch_network) {
    impl_->backend.watch_network([weak = std::weak_ptr<session>(impl_->sess)](bool online) {
      const auto s = weak.lock();
      if (s) {
        s->network_changed(online);
      }
      return s != nullptr;
    });
  }
}

client::~client() {
  // First no handler may start (and a running one on another thread is waited for), then
  // the session drops its connection and timers on the event context, or, after close(),
  // finishes the closing handshake there without us.
  // A close() whose handshake has already finished leaves nothing to wait for: the I/O
  // thread is then joined, not left to end by itself.
  const bool closing = impl_->closing.load() && state() != connection_state::closed;
  impl_->gate->close();
  impl_->shared->stop();
  impl_->post([](session& s) { s.terminate(); });
  if (impl_->backend.release) {
    impl_->backend.release(!closing);
  }
}

std::error_code client::connect(std::string_view url_text) {
  url target;
  std::string why;
  const detail::logger log{impl_->options.log, impl_->options.min_log_level};
  if (const auto ec = parse_url(url_text, target, &why)) {
    log(log_level::error, "connect(" + std::string(url_text) + "): " + why);
    return ec;
  }
  if (const auto ec = detail::check_options(impl_->options, impl_->backend.caps, &why)) {
    log(log_level::error, why);
    return ec;
  }
  // A file that does not load fails every attempt alike: a usage error, said at once.
  if (impl_->backend.check_setup) {
    why = impl_->backend.check_setup();
    if (!why.empty()) {
      log(log_level::error, "connect(" + std::string(url_text) + "): " + why);
      return errc::invalid_option;
    }
  }
  // The environment as it is now: later changes to it apply at the next connect().
  detail::proxy_environment env;
  if (impl_->backend.read_proxy_environment) {
    env = impl_->backend.read_proxy_environment();
  }
  if (std::optional<detail::proxy_url> proxy;
      const auto ec = detail::choose_proxy(impl_->options, env, target, proxy, &why)) {
    log(log_level::error, "connect(" + std::string(url_text) + "): " + why);
    return ec;
  }
  if (const auto ec = impl_->shared->start()) {
    return ec;
  }
  impl_->closing = false;  // a close() before this connect() is over
  impl_->post([target = std::move(target), text = std::string(url_text),
               env = std::move(env)](session& s) mutable {
    s.start(std::move(target), std::move(text), std::move(env));
  });
  return {};
}

send_result client::send_text(std::string_view text) {
  return impl_->send(message{message_kind::text, std::string(text)});
}
send_result client::send_text(std::string&& text) {
  return impl_->send(message{message_kind::text, std::move(text)});
}
send_result client::send_binary(std::string_view bytes) {
  return impl_->send(message{message_kind::binary, std::string(bytes)});
}
send_result client::send_binary(std::span<const std::byte> bytes) {
  return impl_->send(
      message{message_kind::binary,
              std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size())});
}
send_result client::send_binary(std::string&& bytes) {
  return impl_->send(message{message_kind::binary, std::move(bytes)});
}

send_result client::send_tracked_text(std::string_view id, std::string_view text) {
  return impl_->send(message{message_kind::text, std::string(text)}, id);
}
send_result client::send_tracked_binary(std::string_view id, std::string_view bytes) {
  return impl_->send(message{message_kind::binary, std::string(bytes)}, id);
}
bool client::acknowledge(std::string_view id) {
  return impl_->shared->acknowledge(id);
}

std::error_code client::close(std::uint16_t code, std::string_view reason) {
  if (const auto ec = detail::check_close(code, reason)) {
    return ec;
  }
  // Sticky from here: sends are refused and no reconnect will be scheduled.
  impl_->shared->stop();
  impl_->closing = true;
  impl_->post([code, r = std::string(reason)](session& s) mutable { s.close(code, std::move(r)); });
  return {};
}

void client::mark_healthy() {
  impl_->post([](session& s) { s.mark_healthy(); });
}

connection_state client::state() const noexcept {
  return impl_->shared->state();
}

std::size_t client::buffered_amount() const noexcept {
  return impl_->shared->buffered_amount();
}

client_stats client::stats() const {
  return impl_->shared->stats(impl_->backend.events->now());
}

void client::on_open(std::function<void(const open_info&)> handler) {
  impl_->post([h = std::move(handler)](session& s) mutable { s.on().open = std::move(h); });
}
void client::on_message(std::function<void(const message_view&)> handler) {
  impl_->post([h = std::move(handler)](session& s) mutable { s.on().message = std::move(h); });
}
void client::on_close(std::function<void(const close_info&)> handler) {
  impl_->post([h = std::move(handler)](session& s) mutable { s.on().close = std::move(h); });
}
void client::on_error(std::function<void(std::error_code, std::string_view)> handler) {
  impl_->post([h = std::move(handler)](session& s) mutable { s.on().error = std::move(h); });
}
void client::on_reconnecting(std::function<void(const reconnect_info&)> handler) {
  impl_->post([h = std::move(handler)](session& s) mutable { s.on().reconnecting = std::move(h); });
}
void client::on_gave_up(std::function<void(const gave_up_info&)> handler) {
  impl_->post([h = std::move(handler)](session& s) mutable { s.on().gave_up = std::move(h); });
}
void client::on_state_change(std::function<void(connection_state)> handler) {
  impl_->post([h = std::move(handler)](session& s) mutable { s.on().state = std::move(h); });
}
void client::on_drain(std::function<void()> handler) {
  impl_->post([h = std::move(handler)](session& s) mutable { s.on().drain = std::move(h); });
}
void client::on_open_hook(std::function<void(client&)> hook) {
  impl_->post([h = std::move(hook)](session& s) mutable { s.on().open_hook = std::move(h); });
}

std::string_view to_string(connection_state s) noexcept {
  // The enumerators' names, in their order.
  constexpr std::array<std::string_view, 6> names{"idle",    "connecting", "open",
                                                  "closing", "waiting",    "closed"};
  static_assert(names.size() == static_cast<std::size_t>(connection_state::closed) + 1);
  const auto i = static_cast<std::size_t>(s);
  return i < names.size() ? names[i] : "unknown";
}

}  // namespace wsclient
