// The layer between Beast's WebSocket stream and the byte stream (TCP or TLS) of one client
// connection. It lets the transport do what Beast cannot:
// - read messages that are already buffered without a trip through the event loop: a
//   frame_scanner follows every byte read from the network, so the transport knows when the
//   next whole message is buffered (in Beast's buffer or in this layer's read-ahead) and a
//   synchronous read cannot touch the network;
// - read from the network in large pieces: Beast reads frame headers into a 1,536-byte buffer
//   of its own, one system call (and one trip through the event loop) per one or two small
//   messages; once a connection shows it has data streaming in, this layer reads up to
//   read_ahead_bytes at a time and hands Beast what it asks for from there;
// - write many small messages in one system call: the transport hands pre-built frames to
//   async_write_raw(), and this layer keeps them and Beast's own writes (pongs, close frames,
//   compressed messages) one at a time, each written whole, so that frames never interleave;
// - judge a refused upgrade by its status line and headers alone: the head of the answer is
//   kept, and once it says anything but 101 nothing more is read (its body, which Beast would
//   read up to a limit and then report only as "body limit exceeded", may be huge or endless);
// - receive close codes as RFC 6455 section 7.4 defines them, where Beast 1.81 does not (see
//   frame_scanner.hpp);
// - bound the wait for the server to close the TCP connection after the close frames, which
//   Beast does not (with its timeouts off, as the transport has them).
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/websocket/detail/frame.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "frame_scanner.hpp"

namespace wsclient::detail {

/// The most bytes of the upgrade answer's head that are kept: Beast's own limit for response
/// headers (http::basic_parser's default header_limit); a longer head fails the upgrade.
inline constexpr std::size_t max_response_head_bytes = 8 * 1024;

/// The most a connection reads from the network at once once data streams in (see
/// tapped_stream). Allocated only then: an idle connection never holds it.
inline constexpr std::size_t read_ahead_bytes = 64 * 1024;

/// Beast's own judgement of a received close code (1.81 refuses 1014, accepts 5000 and up).
inline bool beast_accepts_close_code(std::uint16_t code) noexcept {
  return boost::beast::websocket::detail::is_valid_close_code(code);
}

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

  using response_head = boost::beast::http::response<boost::beast::http::empty_body>;

  template <class... Args>
  explicit tapped_stream(Args&&... args)
      : next_(std::forward<Args>(args)...), incoming_(beast_accepts_close_code) {}

  executor_type get_executor() noexcept { return next_.get_executor(); }
  NextLayer& next_layer() noexcept { return next_; }
  const NextLayer& next_layer() const noexcept { return next_; }

  /// What has been read so far, as frames.
  frame_scanner& incoming() noexcept { return incoming_; }

  /// A write (Beast's or raw) is on its way to the network.
  bool writing() const noexcept { return writing_; }

  /// The status line and headers of the answer to the upgrade, once they have all come and
  /// could be parsed.
  const std::optional<response_head>& response() const noexcept { return head_; }

  /// How long the client waits for the server to close the TCP connection once the close
  /// frames are exchanged, or once it failed the connection (RFC 6455 section 7.1.1: the
  /// server closes first; the client may close after a reasonable time).
  void teardown_wait(std::chrono::milliseconds wait) noexcept { teardown_wait_ = wait; }

  /// Beast's teardown of the layer below, within teardown_wait(): after that the closing is
  /// over as if the server had closed (the transport then closes the socket itself).
  template <class Handler>
  void async_teardown_within(boost::beast::role_type role, Handler&& handler) {
    struct wait {
      explicit wait(executor_type ex) : timer(std::move(ex)) {}
      boost::asio::steady_timer timer;
      bool waited_enough = false;
      bool over = false;  ///< the teardown completed: this stream may be gone
    };
    auto w = std::make_shared<wait>(get_executor());
    w->timer.expires_after(teardown_wait_);
    w->timer.async_wait([this, w](error_code ec) {
      if (!ec && !w->over) {
        w->waited_enough = true;
        // The error_code overload: the socket may already be closed (the transport gave up
        // on the connection meanwhile), and the throwing one would end the process.
        error_code ignored;
        boost::beast::get_lowest_layer(next_).cancel(ignored);
      }
    });
    auto ex = boost::asio::get_associated_executor(handler, get_executor());
    using boost::beast::websocket::async_teardown;
    async_teardown(role, next_,
                   boost::asio::bind_executor(
                       ex, [w, h = std::forward<Handler>(handler)](error_code ec) mutable {
                         w->over = true;
                         w->timer.cancel();
                         h(w->waited_enough ? error_code() : ec);
                       }));
  }

  // Synchronous reads happen only when incoming() says the bytes are already buffered: Beast
  // then takes them from the read-ahead. Reading the network here is for completeness.
  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, error_code& ec) {
    if (refused()) {
      ec = boost::asio::error::operation_aborted;
      return 0;
    }
    ec = {};
    if (ahead_begin_ != ahead_end_) {
      return take_ahead(buffers);
    }
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

  /// Beast writes synchronously only when a synchronous read fails the connection: its close
  /// frame. The transport writes its own instead, with the same code, after what the
  /// application sent before the failure (RFC 6455 section 7.1.7): these bytes are dropped.
  template <class ConstBuffers>
  std::size_t write_some(const ConstBuffers& buffers, error_code& ec) {
    ec = {};
    return boost::asio::buffer_size(buffers);
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
          if (refused()) {
            // Nothing after the head of a refused upgrade is of use: the transport reports
            // the status it has.
            boost::asio::post(
                ex, [h = std::move(h)]() mutable { h(boost::asio::error::operation_aborted, 0); });
            return;
          }
          if (ahead_begin_ != ahead_end_) {
            const auto n = take_ahead(b);
            boost::asio::post(ex, [h = std::move(h), n]() mutable { h(error_code(), n); });
            return;
          }
          const auto wanted = boost::asio::buffer_size(b);
          if (!ahead_ || wanted >= read_ahead_bytes) {
            // Straight into Beast's buffer: an idle connection, or a large payload that needs
            // no copy. A read that fills the buffer says more is coming: read ahead from now.
            next_.async_read_some(
                b, boost::asio::bind_executor(ex, [this, b, wanted, h = std::move(h)](
                                                      error_code ec, std::size_t n) mutable {
                  tap(b, n);
                  if (n == wanted && n != 0 && !ahead_) {
                    ahead_ = std::make_unique<unsigned char[]>(read_ahead_bytes);
                  }
                  h(ec, n);
                }));
            return;
          }
          next_.async_read_some(
              boost::asio::buffer(ahead_.get(), read_ahead_bytes),
              boost::asio::bind_executor(
                  ex, [this, b, h = std::move(h)](error_code ec, std::size_t n) mutable {
                    tap(boost::asio::buffer(ahead_.get(), n), n);
                    ahead_begin_ = 0;
                    ahead_end_ = n;
                    h(n == 0 ? ec : error_code(), take_ahead(b));
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
  bool refused() const noexcept { return head_ && head_->result_int() != 101; }

  // Moves what the read-ahead holds into buffers, as much as fits. The bytes were tapped when
  // they were read from the network.
  template <class MutableBuffers>
  std::size_t take_ahead(const MutableBuffers& buffers) {
    const auto n = boost::asio::buffer_copy(
        buffers, boost::asio::const_buffer(ahead_.get() + ahead_begin_, ahead_end_ - ahead_begin_));
    ahead_begin_ += n;
    if (ahead_begin_ == ahead_end_) {
      ahead_begin_ = ahead_end_ = 0;
    }
    return n;
  }

  template <class Buffers>
  void tap(const Buffers& buffers, std::size_t n) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         n > 0 && it != boost::asio::buffer_sequence_end(buffers); ++it) {
      const boost::asio::mutable_buffer b(*it);
      const auto used = std::min(n, b.size());
      auto* const data = static_cast<unsigned char*>(b.data());
      if (incoming_.head_complete()) {
        incoming_.feed(data, used);
      } else {
        const auto before = incoming_.head_bytes();
        incoming_.feed(data, used);
        keep_head(data, incoming_.head_bytes() - before);
      }
      n -= used;
    }
  }

  // The head's bytes, until its blank line has come; then what they say.
  void keep_head(const unsigned char* data, std::size_t size) {
    if (head_too_long_) {
      return;
    }
    if (head_text_.size() + size > max_response_head_bytes) {
      head_text_.clear();
      head_text_.shrink_to_fit();
      head_too_long_ = true;  // Beast fails the upgrade ("header limit exceeded")
      return;
    }
    head_text_.append(reinterpret_cast<const char*>(data), size);
    if (!incoming_.head_complete()) {
      return;
    }
    namespace http = boost::beast::http;
    http::response_parser<http::empty_body> parser;
    parser.skip(true);  // the status line and headers only: no body is read
    error_code ec;
    parser.put(boost::asio::buffer(head_text_), ec);
    if (!ec && parser.is_header_done()) {
      head_ = parser.release();
    }
    head_text_.clear();
    head_text_.shrink_to_fit();
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
  std::unique_ptr<unsigned char[]> ahead_;  ///< read_ahead_bytes, once data streams in
  std::size_t ahead_begin_ = 0;             ///< the read-ahead's bytes not yet handed to Beast
  std::size_t ahead_end_ = 0;
  frame_scanner incoming_;
  bool writing_ = false;
  std::deque<waiting_write> waiting_;
  std::string head_text_;  ///< the head of the upgrade answer so far
  bool head_too_long_ = false;
  std::optional<response_head> head_;
  std::chrono::milliseconds teardown_wait_{5'000};
};

/// Beast tears the connection down through the layer below, asynchronously (the normal
/// closing handshake, RFC 6455 section 7.1.1).
template <class NextLayer, class Handler>
void async_teardown(boost::beast::role_type role, tapped_stream<NextLayer>& stream,
                    Handler&& handler) {
  stream.async_teardown_within(role, std::forward<Handler>(handler));
}

/// Synchronously only when a synchronous read failed the connection: the transport closes it
/// after its close frame (waiting here for the peer would block the event context).
template <class NextLayer>
void teardown(boost::beast::role_type, tapped_stream<NextLayer>&, boost::beast::error_code& ec) {
  ec = {};
}

}  // namespace wsclient::detail
