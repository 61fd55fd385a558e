// The layer between Beast's WebSocket stream and the byte stream (TCP or TLS) of one client
// connection. It lets the transport do two things Beast cannot:
// - read messages that are already in Beast's buffer without a trip through the event loop:
//   a frame_scanner follows every byte Beast reads, so the transport knows when the next whole
//   message is buffered and a synchronous read cannot touch the network;
// - write many small messages in one system call: the transport hands pre-built frames to
//   async_write_raw(), and this layer keeps them and Beast's own writes (pongs, close frames,
//   compressed messages) one at a time, each written whole, so that frames never interleave.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <utility>

#include "frame_scanner.hpp"

namespace wsclient::detail {

/// A write waiting for the one in flight: move-only, as Asio completion handlers are.
class waiting_write {
 public:
  template <class Start>
  explicit waiting_write(Start start) : start_(std::make_unique<holder<Start>>(std::move(start))) {}
  void operator()() { start_->run(); }

 private:
  struct base {
    virtual ~base() = default;
    virtual void run() = 0;
  };
  template <class Start>
  struct holder final : base {
    explicit holder(Start s) : start(std::move(s)) {}
    void run() override { start(); }
    Start start;
  };
  std::unique_ptr<base> start_;
};

/// @par Thread Safety  None: used on the connection's strand only.
template <class NextLayer>
class tapped_stream {
 public:
  using next_layer_type = NextLayer;
  using executor_type = typename NextLayer::executor_type;
  using error_code = boost::beast::error_code;

  template <class... Args>
  explicit tapped_stream(Args&&... args) : next_(std::forward<Args>(args)...) {}

  executor_type get_executor() noexcept { return next_.get_executor(); }
  NextLayer& next_layer() noexcept { return next_; }
  const NextLayer& next_layer() const noexcept { return next_; }

  /// What has been read so far, as frames.
  frame_scanner& incoming() noexcept { return incoming_; }

  /// A write (Beast's or raw) is on its way to the network.
  bool writing() const noexcept { return writing_; }

  // Synchronous reads happen only when incoming() says the bytes are already in Beast's buffer:
  // then Beast does not call these. They forward, for completeness.
  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, error_code& ec) {
    const auto n = next_.read_some(buffers, ec);
    tap(buffers, n);
    return n;
  }
  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers) {
    error_code ec;
    const auto n = read_some(buffers, ec);
    if (ec) {
      throw boost::system::system_error(ec);
    }
    return n;
  }

  /// Beast writes synchronously only when a synchronous read fails the connection (a close
  /// frame, RFC 6455 section 7.1.7): the bytes go out after any write in flight, never blocking.
  template <class ConstBuffers>
  std::size_t write_some(const ConstBuffers& buffers, error_code& ec) {
    ec = {};
    const auto size = boost::asio::buffer_size(buffers);
    std::string bytes(size, '\0');
    boost::asio::buffer_copy(boost::asio::buffer(bytes), buffers);
    queue_or_start([this, b = std::move(bytes)]() mutable {
      auto kept = std::make_shared<std::string>(std::move(b));
      start(boost::asio::buffer(*kept), [kept](error_code, std::size_t) {});
    });
    return size;
  }
  template <class ConstBuffers>
  std::size_t write_some(const ConstBuffers& buffers) {
    error_code ec;
    return write_some(buffers, ec);
  }

  template <class MutableBuffers, class Handler>
  auto async_read_some(const MutableBuffers& buffers, Handler&& handler) {
    return boost::asio::async_initiate<Handler, void(error_code, std::size_t)>(
        [this](auto h, const MutableBuffers& b) {
          auto ex = boost::asio::get_associated_executor(h, get_executor());
          next_.async_read_some(
              b, boost::asio::bind_executor(
                     ex, [this, b, h = std::move(h)](error_code ec, std::size_t n) mutable {
                       tap(b, n);
                       h(ec, n);
                     }));
        },
        handler, buffers);
  }

  /// Writes every byte of buffers before completing (one write in flight at a time), so that
  /// a frame Beast writes is never split by one of ours.
  template <class ConstBuffers, class Handler>
  auto async_write_some(const ConstBuffers& buffers, Handler&& handler) {
    return boost::asio::async_initiate<Handler, void(error_code, std::size_t)>(
        [this](auto h, const ConstBuffers& b) {
          queue_or_start([this, b, h = std::move(h)]() mutable { start(b, std::move(h)); });
        },
        handler, buffers);
  }

  /// Writes pre-built frames (the transport's batch): bytes must stay valid until completion.
  template <class Handler>
  void async_write_raw(boost::asio::const_buffer bytes, Handler&& handler) {
    queue_or_start([this, bytes, h = std::forward<Handler>(handler)]() mutable {
      start(bytes, std::move(h));
    });
  }

 private:
  template <class Buffers>
  void tap(const Buffers& buffers, std::size_t n) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         n > 0 && it != boost::asio::buffer_sequence_end(buffers); ++it) {
      const boost::asio::const_buffer b(*it);
      const auto used = std::min(n, b.size());
      incoming_.feed(static_cast<const unsigned char*>(b.data()), used);
      n -= used;
    }
  }

  template <class Start>
  void queue_or_start(Start start_write) {
    if (writing_) {
      waiting_.emplace_back(std::move(start_write));
    } else {
      start_write();
    }
  }

  template <class ConstBuffers, class Handler>
  void start(const ConstBuffers& buffers, Handler&& handler) {
    writing_ = true;
    auto ex = boost::asio::get_associated_executor(handler, get_executor());
    boost::asio::async_write(
        next_, buffers,
        boost::asio::bind_executor(
            ex, [this, h = std::forward<Handler>(handler)](error_code ec, std::size_t n) mutable {
              writing_ = false;
              // The writer goes first: Beast continues a message it writes in parts from
              // this handler, and nothing may come between those parts.
              h(ec, n);
              if (!writing_ && !waiting_.empty()) {
                auto next = std::move(waiting_.front());
                waiting_.pop_front();
                next();
              }
            }));
  }

  NextLayer next_;
  frame_scanner incoming_;
  bool writing_ = false;
  std::deque<waiting_write> waiting_;
};

/// Beast tears the connection down through the layer below, asynchronously (the normal
/// closing handshake, RFC 6455 section 7.1.1).
template <class NextLayer, class Handler>
void async_teardown(boost::beast::role_type role, tapped_stream<NextLayer>& stream,
                    Handler&& handler) {
  using boost::beast::websocket::async_teardown;
  async_teardown(role, stream.next_layer(), std::forward<Handler>(handler));
}

/// Synchronously only when a synchronous read failed the connection: the transport closes it
/// right after (waiting here for the peer would block the event context).
template <class NextLayer>
void teardown(boost::beast::role_type, tapped_stream<NextLayer>&, boost::beast::error_code& ec) {
  ec = {};
}

}  // namespace wsclient::detail
