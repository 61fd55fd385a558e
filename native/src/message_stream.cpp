// wsclient::message_stream: the client's events turned into Asio completions.
#include <boost/asio/post.hpp>
#include <deque>
#include <mutex>
#include <optional>

#include "wsclient/asio.hpp"

namespace wsclient {

namespace net = boost::asio;

struct message_stream::state {
  net::any_io_executor executor;
  std::mutex mutex;
  std::deque<message> received;
  std::optional<receive_handler> waiting_receive;
  std::optional<status_handler> waiting_connect;
  std::optional<status_handler> waiting_close;
  std::error_code stopped;  ///< set once the client has stopped for good: what stopped it

  // Completions are posted to the stream's executor, never run inline under our lock or
  // on the client's strand. (Boost 1.81's any_completion_executor cannot be posted to; a
  // use_awaitable handler resumes its coroutine on the coroutine's own executor anyway.)
  template <class Handler, class... Args>
  void complete(Handler h, Args&&... args) {
    net::post(executor, [h = std::move(h), ... a = std::forward<Args>(args)]() mutable {
      std::move(h)(std::move(a)...);
    });
  }

  /// Completes the handler waiting in slot (if it is still there) with ec.
  void complete_waiting(std::optional<status_handler> state::*slot, std::error_code ec) {
    std::optional<status_handler> h;
    {
      std::lock_guard lock(mutex);
      h.swap(this->*slot);
    }
    if (h) {
      complete(std::move(*h), ec);
    }
  }

  void on_open() { complete_waiting(&state::waiting_connect, {}); }

  void on_message(const message_view& m) {
    std::optional<receive_handler> h;
    {
      std::lock_guard lock(mutex);
      if (!waiting_receive) {
        received.push_back(message{m.kind, std::string(m.data)});
        return;
      }
      h.swap(waiting_receive);
    }
    complete(std::move(*h), std::error_code{}, message{m.kind, std::string(m.data)});
  }

  void on_stopped(std::error_code why) {
    std::optional<status_handler> c;
    std::optional<status_handler> cl;
    std::optional<receive_handler> r;
    std::error_code first;
    {
      std::lock_guard lock(mutex);
      // The close event comes first and says what ended the client; on_gave_up's reason
      // (gave_up, not_retryable) after it says only why no retry followed.
      if (!stopped) {
        stopped = why ? why : make_error_code(errc::not_connected);
      }
      first = stopped;
      c.swap(waiting_connect);
      cl.swap(waiting_close);
      if (received.empty()) {
        r.swap(waiting_receive);
      }
    }
    if (c) {
      complete(std::move(*c), first);
    }
    if (cl) {
      complete(std::move(*cl), first == errc::close_timeout ? first : std::error_code{});
    }
    if (r) {
      complete(std::move(*r), make_error_code(errc::not_connected), message{});
    }
  }
};

message_stream::message_stream(net::any_io_executor executor)
    : message_stream(std::move(executor), client_options{}) {}

message_stream::message_stream(net::any_io_executor executor, client_options options)
    : state_(std::make_shared<state>()) {
  state_->executor = executor;
  client_ = make_client(std::move(executor), std::move(options));
  // The handlers hold the state, not the stream: they may run after the stream is gone.
  client_->on_open([s = state_](const open_info&) { s->on_open(); });
  client_->on_message([s = state_](const message_view& m) { s->on_message(m); });
  client_->on_close([s = state_](const close_info& i) {
    if (!i.will_reconnect) {
      s->on_stopped(i.error);
    }
  });
  client_->on_gave_up([s = state_](const gave_up_info& g) { s->on_stopped(g.reason); });
}

message_stream::~message_stream() {
  client_.reset();  // no client handler runs after this
  state_->on_stopped(make_error_code(std::errc::operation_canceled));
}

void message_stream::start_connect(std::string url, status_handler handler) {
  {
    // Waiting before connecting: the open may come on the client's thread at once.
    std::lock_guard lock(state_->mutex);
    state_->stopped.clear();
    state_->waiting_connect.emplace(std::move(handler));
  }
  if (const auto ec = client_->connect(url)) {
    state_->complete_waiting(&state::waiting_connect, ec);
  }
}

void message_stream::start_receive(receive_handler handler) {
  std::unique_lock lock(state_->mutex);
  if (state_->waiting_receive) {
    lock.unlock();
    state_->complete(std::move(handler), make_error_code(errc::already_started), message{});
    return;
  }
  if (!state_->received.empty()) {
    auto m = std::move(state_->received.front());
    state_->received.pop_front();
    lock.unlock();
    state_->complete(std::move(handler), std::error_code{}, std::move(m));
    return;
  }
  if (state_->stopped) {
    lock.unlock();
    state_->complete(std::move(handler), make_error_code(errc::not_connected), message{});
    return;
  }
  state_->waiting_receive.emplace(std::move(handler));
}

void message_stream::start_close(std::uint16_t code, std::string reason, status_handler handler) {
  {
    std::unique_lock lock(state_->mutex);
    if (state_->stopped || state_->waiting_close) {
      // Closed already (no close event will come), or a close is under way.
      const auto ec = state_->stopped ? std::error_code{} : make_error_code(errc::already_started);
      lock.unlock();
      state_->complete(std::move(handler), ec);
      return;
    }
    // Waiting before closing: the close event may come on the client's thread at once.
    state_->waiting_close.emplace(std::move(handler));
  }
  if (const auto ec = client_->close(code, reason)) {
    state_->complete_waiting(&state::waiting_close, ec);
  }
}

}  // namespace wsclient
