// The WebSocket session: one class template over the transport, compiled here only (Beast is
// slow to compile), for the two transports of session_streams.hpp.
#include "ws_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>
#include <utility>

#include "close_code_tap.hpp"
#include "http_responses.hpp"
#include "utf8.hpp"

namespace wsclient::demo {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

/// How long the server waits for a closing handshake (RFC 6455 section 7.1.1) before it drops
/// the TCP connection itself.
constexpr std::chrono::seconds close_handshake_timeout{3};

/// One WebSocket connection: a read loop, a single-writer send queue (Beast allows one write
/// in flight), a timer for its endpoint, and the closing handshake.
/// @par Thread Safety  The connection interface may be called from any thread: it posts to the
/// session's strand, where everything else runs.
template <class Stream>
class ws_session final : public connection,
                         public closable,
                         public std::enable_shared_from_this<ws_session<Stream>> {
 public:
  ws_session(Stream&& stream, server_context& ctx, std::unique_ptr<endpoint> ep, std::string target,
             std::string remote)
      : ws_(std::move(stream)),
        ctx_(ctx),
        endpoint_(std::move(ep)),
        target_(std::move(target)),
        remote_(std::move(remote)),
        id_(ctx.next_id()),
        timer_(ws_.get_executor()),
        close_deadline_(ws_.get_executor()) {}

  ~ws_session() override { ctx_.registry.remove(id_); }

  void start(upgrade_request request) {
    // From here the WebSocket layer keeps its own timers: handshake, and idle with pings.
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = ctx_.options.handshake_timeout;
    timeouts.idle_timeout = ctx_.options.idle_timeout;
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, server_name); }));
    websocket::permessage_deflate deflate;
    deflate.server_enable = ctx_.options.compression;
    ws_.set_option(deflate);
    ws_.read_message_max(ctx_.options.max_message_bytes);
    // Whole messages in one frame, written from a 64 KiB buffer: measured to double the
    // throughput of large messages (docs/build.md, "Beast").
    ws_.auto_fragment(false);
    ws_.write_buffer_bytes(64 * 1024);
    // Registered before the handshake: a client may act the moment it reads the 101, and a
    // hook or a shutdown that comes then must already find this connection (a close asked
    // for before the handshake has finished is applied right after it).
    ctx_.registry.add_websocket(id_, this->weak_from_this());
    ctx_.registry.add_http(id_, this->weak_from_this());
    ws_.async_accept(request,
                     beast::bind_front_handler(&ws_session::on_accept, this->shared_from_this()));
  }

  std::uint64_t id() const override { return id_; }

  void send(shared_payload payload, bool is_text) override {
    net::post(ws_.get_executor(), [self = this->shared_from_this(), p = std::move(payload),
                                   is_text]() mutable { self->enqueue(std::move(p), is_text); });
  }

  void close(std::uint16_t code, std::string reason) override {
    net::post(ws_.get_executor(),
              [self = this->shared_from_this(), code, r = std::move(reason)]() mutable {
                self->begin_close(code, std::move(r));
              });
  }

  void drop() override {
    net::post(ws_.get_executor(), [self = this->shared_from_this()] {
      self->ctx_.log.write(log_level::info, "ws " + std::to_string(self->id_) + " dropped");
      self->hard_close();
    });
  }

  void run_after(std::chrono::milliseconds delay, std::function<void()> fn) override {
    net::post(ws_.get_executor(), [self = this->shared_from_this(), delay, f = std::move(fn)] {
      if (self->ended_) {
        return;
      }
      self->timer_.expires_after(delay);
      self->timer_.async_wait([weak = self->weak_from_this(), f](beast::error_code ec) {
        const auto s = weak.lock();
        if (!ec && s && !s->ended_) {
          f();
        }
      });
    });
  }

  void shutdown() override { close(websocket::close_code::going_away, "server shutting down"); }

 private:
  struct outgoing {
    shared_payload payload;
    bool is_text;
  };

  void on_accept(beast::error_code ec) {
    if (ec) {
      ctx_.log.write(log_level::info, "ws handshake failed from " + remote_ + ": " + ec.message());
      return;
    }
    ws_.next_layer().next_layer().set_gate(&ctx_.stall);
    open_ = true;
    ctx_.log.write(log_level::info,
                   "ws " + std::to_string(id_) + " open " + target_ + " from " + remote_);
    endpoint_->on_open(this->shared_from_this());
    // Checked after registering, so a shutdown that began meanwhile cannot miss this session.
    if (ctx_.stopping.load()) {
      shutdown();
    }
    if (pending_close_) {
      auto [code, reason] = std::move(*pending_close_);
      pending_close_.reset();
      begin_close(code, std::move(reason));
    }
    do_read();
  }

  void do_read() {
    ws_.async_read(buffer_,
                   beast::bind_front_handler(&ws_session::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == net::error::operation_aborted && close_started_) {
      // Beast ends a pending read this way when async_close takes over reading to wait for
      // the peer's close frame (RFC 6455 section 7.1.2); the close's handler ends the session.
      return;
    }
    if (ec) {
      end(ec);
      return;
    }
    const auto data = buffer_.cdata();
    const std::string_view message(static_cast<const char*>(data.data()), data.size());
    if (ws_.got_text() && detail::ends_inside_utf8_sequence(message)) {
      // Section 8.1: text that is not UTF-8 fails the connection with 1007. No read follows:
      // async_close reads until the peer's close frame.
      buffer_.consume(buffer_.size());
      begin_close(websocket::close_code::bad_payload, "");
      return;
    }
    endpoint_->on_message(*this, message, ws_.got_text());
    buffer_.consume(buffer_.size());
    // The replies the endpoint just posted to this strand (the echo) are started first, then
    // the next read. That read may find a protocol violation that arrived in the same TCP
    // segment, and Beast then writes its close frame at once, unless a write is in progress:
    // it waits for that one. So a reply already on its way goes out before the close (RFC 6455
    // section 7.1.7 lets data sent before the failure go out). A reply queued behind a backlog
    // (a client that does not read) may still be cut off; waiting for the backlog instead
    // would stop reading that client, and with it the 1008 close of a slow reader.
    net::post(ws_.get_executor(), [self = this->shared_from_this()] {
      if (!self->ended_ && !self->close_started_) {
        self->do_read();
      }
    });
  }

  void enqueue(shared_payload payload, bool is_text) {
    if (!open_ || closing_ || ended_) {
      return;
    }
    const auto size = payload->size();
    // Bounded queue: a client that does not read is closed rather than allowed to grow the
    // server's memory; the others are not affected.
    if (queued_bytes_ > 0 && queued_bytes_ + size > ctx_.options.max_send_queue_bytes) {
      ctx_.log.write(log_level::warn, "ws " + std::to_string(id_) + " send queue full (" +
                                          std::to_string(queued_bytes_) + " bytes): closing");
      begin_close(websocket::close_code::policy_error, "send queue full");
      return;
    }
    queued_bytes_ += size;
    queue_.push_back({std::move(payload), is_text});
    if (!writing_) {
      do_write();
    }
  }

  void do_write() {
    writing_ = true;
    const auto& next = queue_.front();
    ws_.text(next.is_text);
    ws_.async_write(net::buffer(*next.payload),
                    beast::bind_front_handler(&ws_session::on_write, this->shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    writing_ = false;
    queued_bytes_ -= queue_.front().payload->size();
    queue_.pop_front();
    if (ec) {
      // The read loop sees the same failure and ends the session.
      hard_close();
      return;
    }
    if (close_after_write_) {
      do_close();
    } else if (!queue_.empty()) {
      do_write();
    }
  }

  void begin_close(std::uint16_t code, std::string reason) {
    if (!open_ && !ended_ && !pending_close_) {
      pending_close_.emplace(code, std::move(reason));  // on_accept applies it
      return;
    }
    if (!open_ || closing_ || ended_) {
      return;
    }
    closing_ = true;
    close_code_ = code;
    close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
    // Messages not yet started are dropped: after a close frame nothing may follow
    // (RFC 6455 section 5.5.1). The one being written must finish first.
    while (queue_.size() > (writing_ ? 1U : 0U)) {
      queued_bytes_ -= queue_.back().payload->size();
      queue_.pop_back();
    }
    close_deadline_.expires_after(close_handshake_timeout);
    close_deadline_.async_wait([weak = this->weak_from_this()](beast::error_code ec) {
      if (const auto s = weak.lock(); s && !ec && !s->ended_) {
        s->ctx_.log.write(log_level::info,
                          "ws " + std::to_string(s->id_) + " closing handshake timed out");
        s->hard_close();
      }
    });
    if (writing_) {
      close_after_write_ = true;
    } else {
      do_close();
    }
  }

  void do_close() {
    close_after_write_ = false;
    close_started_ = true;
    ws_.async_close(close_reason_, [self = this->shared_from_this()](beast::error_code ec) {
      if (ec) {
        self->hard_close();
      }
      // Success: the closing handshake completed (the peer answered, section 7.1.2).
      self->end(ec ? ec : beast::error_code(websocket::error::closed));
    });
  }

  // Ends the TCP connection without a closing handshake. The pending read then fails and
  // ends the session.
  void hard_close() {
    beast::error_code ignored;
    ws_.next_layer().next_layer().cancel_stall();
    auto& socket = beast::get_lowest_layer(ws_).socket();
    socket.shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }

  void end(beast::error_code ec) {
    if (ended_) {
      return;
    }
    ended_ = true;
    timer_.cancel();
    close_deadline_.cancel();
    ws_.next_layer().next_layer().cancel_stall();
    ctx_.registry.remove(id_);
    endpoint_->on_close(*this);
    std::string how;
    if (ec == websocket::error::closed) {
      // The code the client sent, where Beast was shown another (close_code_tap.hpp).
      const auto sent = ws_.next_layer().close_code();
      const auto peer_code = sent ? *sent : static_cast<std::uint16_t>(ws_.reason().code);
      how = closing_ ? "closed with " + std::to_string(close_code_)
                     : "closed by peer with " + std::to_string(peer_code);
    } else {
      how = "ended: " + ec.message();
    }
    ctx_.log.write(log_level::info, "ws " + std::to_string(id_) + " " + how);
  }

  websocket::stream<close_code_tap<Stream>> ws_;
  server_context& ctx_;
  std::unique_ptr<endpoint> endpoint_;
  std::string target_;
  std::string remote_;
  std::uint64_t id_;
  beast::flat_buffer buffer_;
  std::deque<outgoing> queue_;
  std::size_t queued_bytes_ = 0;
  net::steady_timer timer_;
  net::steady_timer close_deadline_;
  websocket::close_reason close_reason_;
  std::uint16_t close_code_ = 0;
  std::optional<std::pair<std::uint16_t, std::string>> pending_close_;
  bool open_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool close_after_write_ = false;
  bool close_started_ = false;  ///< async_close was called: its handler ends the session
  bool ended_ = false;
};

}  // namespace

template <class Stream>
void start_websocket_session(Stream&& stream, server_context& ctx, std::unique_ptr<endpoint> ep,
                             std::string target, std::string remote, upgrade_request request) {
  std::make_shared<ws_session<Stream>>(std::move(stream), ctx, std::move(ep), std::move(target),
                                       std::move(remote))
      ->start(std::move(request));
}

template void start_websocket_session(plain_stream&&, server_context&, std::unique_ptr<endpoint>,
                                      std::string, std::string, upgrade_request);
template void start_websocket_session(tls_stream&&, server_context&, std::unique_ptr<endpoint>,
                                      std::string, std::string, upgrade_request);

}  // namespace wsclient::demo
