// The layer right under the demo server's WebSocket stream, once the upgrade is over: it
// follows the frames a client sends and corrects the one check Beast 1.81 gets wrong on the
// way in, which close codes are valid (RFC 6455 section 7.4). Beast refuses 1014 (IANA "Bad
// Gateway") and accepts and echoes 5000-65535; through this layer a client's 1014 is
// answered with 1000 and 5000 and up fail the connection with 1002, as for any invalid code.
// The client does the same in its own layer (native/src/tapped_stream.hpp).
#pragma once

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/detail/frame.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>

#include "frame_scanner.hpp"

namespace wsclient::demo {

/// @par Thread Safety  As the next layer: one read and one write at a time, on its executor.
template <class NextLayer>
class close_code_tap {
 public:
  using next_layer_type = NextLayer;
  using executor_type = typename NextLayer::executor_type;

  template <class... Args>
  explicit close_code_tap(Args&&... args)
      : next_(std::forward<Args>(args)...),
        incoming_(
            [](std::uint16_t code) noexcept {
              return boost::beast::websocket::detail::is_valid_close_code(code);
            },
            detail::frame_sender::client) {}

  executor_type get_executor() noexcept { return next_.get_executor(); }
  NextLayer& next_layer() noexcept { return next_; }
  const NextLayer& next_layer() const noexcept { return next_; }

  /// The code of the client's close frame as it sent it (Beast may have been shown another).
  std::optional<std::uint16_t> close_code() const noexcept { return incoming_.close_code(); }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return boost::asio::async_compose<Token, void(boost::beast::error_code, std::size_t)>(
        read_op<MutableBuffers>{*this, buffers}, token, next_);
  }

  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return next_.async_write_some(buffers, std::forward<Token>(token));
  }

 private:
  template <class Buffers>
  struct read_op {
    close_code_tap& s;
    Buffers buffers;
    bool started = false;

    template <class Self>
    void operator()(Self& self, boost::beast::error_code ec = {}, std::size_t n = 0) {
      if (!started) {
        started = true;
        s.next_.async_read_some(buffers, std::move(self));
        return;
      }
      s.tap(buffers, n);
      self.complete(ec, n);
    }
  };

  template <class Buffers>
  void tap(const Buffers& buffers, std::size_t n) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         n > 0 && it != boost::asio::buffer_sequence_end(buffers); ++it) {
      const boost::asio::mutable_buffer b(*it);
      const auto used = std::min(n, b.size());
      incoming_.feed(static_cast<unsigned char*>(b.data()), used);
      n -= used;
    }
  }

  NextLayer next_;
  detail::frame_scanner incoming_;
};

// The WebSocket layer closes a connection through these (found by argument-dependent lookup);
// this layer has nothing of its own to tear down.
template <class NextLayer>
void teardown(boost::beast::role_type role, close_code_tap<NextLayer>& stream,
              boost::beast::error_code& ec) {
  using boost::beast::websocket::teardown;
  teardown(role, stream.next_layer(), ec);
}

template <class NextLayer, class TeardownHandler>
void async_teardown(boost::beast::role_type role, close_code_tap<NextLayer>& stream,
                    TeardownHandler&& handler) {
  using boost::beast::websocket::async_teardown;
  async_teardown(role, stream.next_layer(), std::forward<TeardownHandler>(handler));
}

}  // namespace wsclient::demo
