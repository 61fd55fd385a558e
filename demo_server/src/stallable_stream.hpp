// A stream layer that can hold its reads and writes while the stall test hook is on, so the
// server behaves like a peer behind a dead network: no data, no pongs (RFC 6455 section 5.5.3),
// yet the TCP connection stays up. Sits under websocket::stream and above TCP or TLS.
#pragma once

#include <boost/asio/compose.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <cstddef>
#include <utility>

#include "stall_gate.hpp"

namespace wsclient::demo {

/// @par Thread Safety  As the next layer: one read and one write at a time, on its executor.
template <class NextLayer>
class stallable_stream {
 public:
  using next_layer_type = NextLayer;
  using executor_type = typename NextLayer::executor_type;

  template <class... Args>
  explicit stallable_stream(Args&&... args)
      : next_(std::forward<Args>(args)...),
        read_timer_(next_.get_executor()),
        write_timer_(next_.get_executor()) {}

  executor_type get_executor() noexcept { return next_.get_executor(); }
  NextLayer& next_layer() noexcept { return next_; }
  const NextLayer& next_layer() const noexcept { return next_; }

  /// From now on, obey gate (nullptr: never stall). Plain HTTP runs without a gate so that the
  /// hooks themselves stay reachable during a stall.
  void set_gate(const stall_gate* gate) { gate_ = gate; }

  /// Releases held operations at once (the connection is being torn down).
  void cancel_stall() {
    read_timer_.cancel();
    write_timer_.cancel();
  }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return boost::asio::async_compose<Token, void(boost::beast::error_code, std::size_t)>(
        read_op<MutableBuffers>{*this, buffers}, token, next_);
  }

  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return boost::asio::async_compose<Token, void(boost::beast::error_code, std::size_t)>(
        write_op<ConstBuffers>{*this, buffers}, token, next_);
  }

 private:
  auto stall_remaining() const {
    return gate_ != nullptr ? gate_->remaining() : stall_gate::clock::duration::zero();
  }

  // Reads first, then holds the completion while stalled: bytes that are already on their way
  // (a ping, say) are not seen by the WebSocket layer until the stall ends.
  template <class Buffers>
  struct read_op {
    stallable_stream& s;
    Buffers buffers;
    bool started = false;
    boost::beast::error_code result{};
    std::size_t bytes = 0;

    template <class Self>
    void operator()(Self& self, boost::beast::error_code ec = {}, std::size_t n = 0) {
      if (!started) {
        started = true;
        s.next_.async_read_some(buffers, std::move(self));
        return;
      }
      if (!holding) {
        result = ec;
        bytes = n;
        holding = true;
      }
      const auto wait = s.stall_remaining();
      if (wait > wait.zero() && ec != boost::asio::error::operation_aborted) {
        s.read_timer_.expires_after(wait);
        s.read_timer_.async_wait(std::move(self));
        return;
      }
      self.complete(result, bytes);
    }
    bool holding = false;
  };

  // Waits out a stall before writing anything.
  template <class Buffers>
  struct write_op {
    stallable_stream& s;
    Buffers buffers;
    bool writing = false;

    template <class Self>
    void operator()(Self& self, boost::beast::error_code ec = {}, std::size_t n = 0) {
      if (writing) {
        self.complete(ec, n);
        return;
      }
      const auto wait = s.stall_remaining();
      if (wait > wait.zero() && ec != boost::asio::error::operation_aborted) {
        s.write_timer_.expires_after(wait);
        s.write_timer_.async_wait(std::move(self));
        return;
      }
      writing = true;
      s.next_.async_write_some(buffers, std::move(self));
    }
  };

  NextLayer next_;
  boost::asio::steady_timer read_timer_;
  boost::asio::steady_timer write_timer_;
  const stall_gate* gate_ = nullptr;
};

// The WebSocket layer closes a connection through these (found by argument-dependent lookup);
// the stall layer has nothing of its own to tear down.
template <class NextLayer>
void teardown(boost::beast::role_type role, stallable_stream<NextLayer>& stream,
              boost::beast::error_code& ec) {
  using boost::beast::websocket::teardown;
  teardown(role, stream.next_layer(), ec);
}

template <class NextLayer, class TeardownHandler>
void async_teardown(boost::beast::role_type role, stallable_stream<NextLayer>& stream,
                    TeardownHandler&& handler) {
  using boost::beast::websocket::async_teardown;
  async_teardown(role, stream.next_layer(), std::forward<TeardownHandler>(handler));
}

}  // namespace wsclient::demo
