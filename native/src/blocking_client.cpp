// wsclient::blocking_client: the client's events gathered under a mutex, waited for with a
// condition variable and a deadline.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

#include "wsclient/blocking.hpp"

namespace wsclient {

namespace {
// How much longer than liveness.close_timeout close() waits for the close event: the
// session's own close timer ends the handshake at close_timeout, and its event follows.
constexpr std::chrono::milliseconds close_event_grace{2'000};

using time_point = std::chrono::steady_clock::time_point;

/// now + timeout; none when that is beyond what the clock can say (receive() without limit).
std::optional<time_point> deadline_after(std::chrono::milliseconds timeout) {
  const auto now = std::chrono::steady_clock::now();
  if (timeout > std::chrono::duration_cast<std::chrono::milliseconds>(time_point::max() - now)) {
    return std::nullopt;
  }
  return now + timeout;
}
}  // namespace

struct blocking_client::inbox {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<message> received;
  bool started = false;                    ///< connect() was accepted
  bool open = false;                       ///< it opened since connect()
  std::error_code last_failure;            ///< what ended the latest failed attempt
  std::optional<std::error_code> stopped;  ///< why the client stopped for good

  template <class Change>
  void update(Change change) {
    {
      std::lock_guard lock(mutex);
      change();
    }
    changed.notify_all();
  }

  /// Waits until done() or deadline (none: no limit); the lock is held on return.
  template <class Done>
  bool wait(std::unique_lock<std::mutex>& lock, std::optional<time_point> deadline, Done done) {
    if (!deadline) {
      changed.wait(lock, done);
      return true;
    }
    return changed.wait_until(lock, *deadline, done);
  }
};

blocking_client::blocking_client() : blocking_client(client_options{}) {}

blocking_client::blocking_client(client_options options)
    : inbox_(std::make_shared<inbox>()),
      close_timeout_(options.liveness.close_timeout),
      client_(std::make_unique<client>(std::move(options))) {
  // The handlers hold the inbox: they run on the client's thread until its destructor returns.
  client_->on_open([in = inbox_](const open_info&) { in->update([&] { in->open = true; }); });
  client_->on_message([in = inbox_](const message_view& m) {
    in->update([&] { in->received.push_back(message{m.kind, std::string(m.data)}); });
  });
  client_->on_reconnecting([in = inbox_](const reconnect_info& r) {
    in->update([&] { in->last_failure = r.cause.error; });
  });
  client_->on_close([in = inbox_](const close_info& i) {
    if (!i.will_reconnect) {
      in->update([&] { in->stopped = i.error ? i.error : make_error_code(errc::not_connected); });
    }
  });
}

blocking_client::~blocking_client() {
  close();
}

std::error_code blocking_client::connect(std::string_view url, milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  {
    std::unique_lock lock(inbox_->mutex);
    if (inbox_->started && !inbox_->stopped) {
      if (client_->state() != connection_state::closed) {
        return make_error_code(errc::already_started);
      }
      // It has just stopped by itself: its close event is on its way.
      inbox_->wait(lock, deadline + close_timeout_, [&] { return inbox_->stopped.has_value(); });
    }
    inbox_->started = true;
    inbox_->open = false;
    inbox_->last_failure.clear();
    inbox_->stopped.reset();
  }
  if (const auto ec = client_->connect(url)) {
    std::lock_guard lock(inbox_->mutex);
    inbox_->started = false;
    return ec;
  }
  std::error_code why;
  {
    std::unique_lock lock(inbox_->mutex);
    inbox_->wait(lock, deadline, [&] { return inbox_->open || inbox_->stopped; });
    if (inbox_->open) {
      return {};
    }
    if (inbox_->stopped) {
      return *inbox_->stopped;
    }
    why = inbox_->last_failure ? inbox_->last_failure : make_error_code(errc::timed_out);
  }
  // Out of time: stop retrying, so that the next connect() starts afresh.
  close();
  return why;
}

send_result blocking_client::send_text(std::string_view text) {
  return client_->send_text(text);
}

send_result blocking_client::send_binary(std::string_view bytes) {
  return client_->send_binary(bytes);
}

std::error_code blocking_client::receive(message& m, milliseconds timeout) {
  const auto deadline = deadline_after(timeout);
  std::unique_lock lock(inbox_->mutex);
  inbox_->wait(lock, deadline,
               [&] { return !inbox_->received.empty() || inbox_->stopped || !inbox_->started; });
  if (!inbox_->received.empty()) {
    m = std::move(inbox_->received.front());
    inbox_->received.pop_front();
    return {};
  }
  if (inbox_->stopped) {
    return *inbox_->stopped;
  }
  return make_error_code(inbox_->started ? errc::timed_out : errc::not_connected);
}

std::error_code blocking_client::receive(message& m) {
  return receive(m, milliseconds::max());
}

std::error_code blocking_client::close(std::uint16_t code, std::string_view reason) {
  {
    std::lock_guard lock(inbox_->mutex);
    if (!inbox_->started || inbox_->stopped) {
      return {};
    }
  }
  if (const auto ec = client_->close(code, reason)) {
    return ec;
  }
  std::unique_lock lock(inbox_->mutex);
  const bool closed = inbox_->wait(lock, deadline_after(close_timeout_ + close_event_grace),
                                   [&] { return inbox_->stopped.has_value(); });
  if (!closed || *inbox_->stopped == errc::close_timeout) {
    return make_error_code(errc::close_timeout);
  }
  return {};
}

}  // namespace wsclient
