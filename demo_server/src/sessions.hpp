// The per-connection code of the demo server: an HTTP session that serves health checks,
// static files and test hooks, and hands WebSocket upgrades to a WebSocket session.
// Templates over the transport (plain TCP or TLS); instantiated in sessions_plain.cpp and
// sessions_tls.cpp only, because Beast is slow to compile.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "connection.hpp"
#include "endpoints.hpp"
#include "mime_types.hpp"
#include "server_context.hpp"
#include "stallable_stream.hpp"
#include "static_files.hpp"
#include "utf8.hpp"

namespace wsclient::demo {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

inline constexpr std::string_view server_name = "wsclient-demo-server";

/// How long the server waits for a closing handshake (RFC 6455 section 7.1.1) before it drops
/// the TCP connection itself.
inline constexpr std::chrono::seconds close_handshake_timeout{3};

template <class Stream>
inline constexpr bool is_tls_stream =
    !std::is_same_v<typename Stream::next_layer_type, beast::tcp_stream>;

inline std::string remote_address(const beast::tcp_stream& stream) {
  beast::error_code ec;
  const auto ep = stream.socket().remote_endpoint(ec);
  return ec ? std::string("?") : ep.address().to_string() + ":" + std::to_string(ep.port());
}

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

  void start(http::request<http::string_body> request) {
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
    // Whole messages in one frame, written from a 64 KiB buffer (see TOOLCHAIN.md).
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
    ws_.next_layer().set_gate(&ctx_.stall);
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
    do_read();
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
    ws_.next_layer().cancel_stall();
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
    ws_.next_layer().cancel_stall();
    ctx_.registry.remove(id_);
    endpoint_->on_close(*this);
    std::string how;
    if (ec == websocket::error::closed) {
      const auto& peer = ws_.reason();
      how = closing_ ? "closed with " + std::to_string(close_code_)
                     : "closed by peer with " + std::to_string(peer.code);
    } else {
      how = "ended: " + ec.message();
    }
    ctx_.log.write(log_level::info, "ws " + std::to_string(id_) + " " + how);
  }

  websocket::stream<Stream> ws_;
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

/// One HTTP connection: health checks, static files, test hooks, 426 for plain requests to
/// WebSocket routes, and the upgrade to a ws_session.
template <class Stream>
class http_session final : public closable,
                           public std::enable_shared_from_this<http_session<Stream>> {
 public:
  template <class... Args>
  explicit http_session(server_context& ctx, Args&&... args)
      : stream_(std::forward<Args>(args)...), ctx_(ctx), id_(ctx.next_id()) {}

  ~http_session() override { ctx_.registry.remove(id_); }

  void start() {
    remote_ = remote_address(beast::get_lowest_layer(stream_));
    ctx_.registry.add_http(id_, this->weak_from_this());
    if (ctx_.stopping.load()) {
      return;
    }
    if constexpr (is_tls_stream<Stream>) {
      beast::get_lowest_layer(stream_).expires_after(ctx_.options.handshake_timeout);
      stream_.next_layer().async_handshake(
          net::ssl::stream_base::server,
          beast::bind_front_handler(&http_session::on_tls_handshake, this->shared_from_this()));
    } else {
      do_read();
    }
  }

  void shutdown() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      beast::error_code ignored;
      beast::get_lowest_layer(self->stream_).socket().close(ignored);
    });
  }

 private:
  void on_tls_handshake(beast::error_code ec) {
    if (ec) {
      ctx_.log.write(log_level::info, "TLS handshake failed from " + remote_ + ": " + ec.message());
      return;
    }
    do_read();
  }

  void do_read() {
    parser_.emplace();
    parser_->header_limit(16 * 1024);
    parser_->body_limit(64 * 1024);
    // Also the slowloris guard: a request must arrive whole within the handshake timeout.
    beast::get_lowest_layer(stream_).expires_after(ctx_.options.handshake_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&http_session::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) {
      close_gracefully();
      return;
    }
    if (ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::eof || ec == net::error::connection_reset) {
      ctx_.log.write(log_level::debug, "http " + remote_ + ": " + ec.message());
      return;
    }
    if (ec) {
      ctx_.log.write(log_level::warn, "bad HTTP request from " + remote_ + ": " + ec.message());
      respond_text(http::status::bad_request, "Bad Request: " + ec.message() + "\n", 11, false);
      return;
    }
    auto request = parser_->release();
    if (websocket::is_upgrade(request)) {
      upgrade(std::move(request));
    } else {
      serve(request);
    }
  }

  void upgrade(http::request<http::string_body> request) {
    const std::string target(request.target());
    auto ep = make_endpoint(target, ctx_.endpoints);
    if (!ep) {
      respond_text(http::status::not_found, "Not Found\n", request.version(), false);
      return;
    }
    if (auto rejection = ctx_.hooks.take_rejection()) {
      http::response<http::string_body> res{static_cast<http::status>(rejection->status),
                                            request.version()};
      res.set(http::field::server, server_name);
      res.set(http::field::content_type, "text/plain; charset=utf-8");
      if (rejection->retry_after_seconds) {
        res.set(http::field::retry_after, std::to_string(*rejection->retry_after_seconds));
      }
      res.body() = "upgrade rejected by test hook\n";
      res.keep_alive(false);
      res.prepare_payload();
      ctx_.log.write(log_level::info, "ws upgrade to " + target + " from " + remote_ +
                                          " rejected with " + std::to_string(rejection->status));
      write(std::move(res));
      return;
    }
    ctx_.registry.remove(id_);
    std::make_shared<ws_session<Stream>>(std::move(stream_), ctx_, std::move(ep), target, remote_)
        ->start(std::move(request));
  }

  void serve(const http::request<http::string_body>& request) {
    const auto target = std::string_view(request.target());
    const auto path = target.substr(0, target.find('?'));
    const auto method = request.method();
    const bool get_or_head = method == http::verb::get || method == http::verb::head;
    const auto version = request.version();
    const bool keep_alive = request.keep_alive();

    if (path == "/healthz" || path == "/health/") {
      if (!get_or_head) {
        method_not_allowed(version, keep_alive);
        return;
      }
      respond_text(http::status::ok, "OK\n", version, keep_alive, method == http::verb::head);
      return;
    }
    if (ctx_.options.test_hooks && path.starts_with(test_hook_prefix)) {
      const auto result = ctx_.hooks.handle(request.method_string(), target);
      ctx_.log.write(log_level::info, "test hook " + std::string(target) + " -> " +
                                          std::to_string(result.status) + " " + result.body);
      http::response<http::string_body> res{static_cast<http::status>(result.status), version};
      res.set(http::field::server, server_name);
      res.set(http::field::content_type, "application/json");
      res.set(http::field::cache_control, "no-store");
      res.body() = result.body;
      res.keep_alive(keep_alive);
      res.prepare_payload();
      write(std::move(res));
      return;
    }
    if (is_websocket_route(target)) {
      // RFC 7231 section 6.5.15: tell the client which protocol this resource needs.
      http::response<http::string_body> res{http::status::upgrade_required, version};
      res.set(http::field::server, server_name);
      res.set(http::field::upgrade, "websocket");
      res.set(http::field::connection, "Upgrade");
      res.set(http::field::sec_websocket_version, "13");
      res.set(http::field::content_type, "text/plain; charset=utf-8");
      res.body() = "This endpoint speaks WebSocket: connect to it with ws:// or wss://.\n";
      res.keep_alive(keep_alive);
      res.prepare_payload();
      write(std::move(res));
      return;
    }
    if (!get_or_head) {
      method_not_allowed(version, keep_alive);
      return;
    }
    serve_file(target, version, keep_alive, method == http::verb::head);
  }

  void serve_file(std::string_view target, unsigned version, bool keep_alive, bool head) {
    const auto found = resolve_static_file(ctx_.options.web_root, target);
    if (found.result == static_lookup::bad_request) {
      respond_text(http::status::bad_request, "Bad Request\n", version, keep_alive);
      return;
    }
    http::file_body::value_type file;
    beast::error_code ec;
    if (found.result == static_lookup::found) {
      file.open(found.path.c_str(), beast::file_mode::scan, ec);
    }
    if (found.result != static_lookup::found || ec) {
      respond_text(http::status::not_found, "Not Found\n", version, keep_alive, head);
      return;
    }
    const auto size = file.size();
    const auto type = mime_type_for(found.path.string());
    if (head) {
      http::response<http::empty_body> res{http::status::ok, version};
      res.set(http::field::server, server_name);
      res.set(http::field::content_type, type);
      res.content_length(size);
      res.keep_alive(keep_alive);
      write(std::move(res));
      return;
    }
    http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(file)),
                                        std::make_tuple(http::status::ok, version)};
    res.set(http::field::server, server_name);
    res.set(http::field::content_type, type);
    res.set(http::field::cache_control, "no-cache");
    res.content_length(size);
    res.keep_alive(keep_alive);
    write(std::move(res));
  }

  void method_not_allowed(unsigned version, bool keep_alive) {
    http::response<http::string_body> res{http::status::method_not_allowed, version};
    res.set(http::field::server, server_name);
    res.set(http::field::allow, "GET, HEAD");
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.body() = "Method Not Allowed\n";
    res.keep_alive(keep_alive);
    res.prepare_payload();
    write(std::move(res));
  }

  void respond_text(http::status status, std::string body, unsigned version, bool keep_alive,
                    bool head = false) {
    http::response<http::string_body> res{status, version};
    res.set(http::field::server, server_name);
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.body() = std::move(body);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    if (head) {
      res.body().clear();  // Content-Length stays that of the GET answer
    }
    write(std::move(res));
  }

  template <class Body>
  void write(http::response<Body>&& response) {
    auto res = std::make_shared<http::response<Body>>(std::move(response));
    beast::get_lowest_layer(stream_).expires_after(ctx_.options.handshake_timeout);
    http::async_write(stream_, *res,
                      [self = this->shared_from_this(), res](beast::error_code ec, std::size_t) {
                        if (ec) {
                          return;
                        }
                        if (res->need_eof() || self->ctx_.stopping.load()) {
                          self->close_gracefully();
                        } else {
                          self->do_read();
                        }
                      });
  }

  void close_gracefully() {
    beast::error_code ignored;
    if constexpr (is_tls_stream<Stream>) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(1));
      stream_.next_layer().async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
      beast::get_lowest_layer(stream_).socket().shutdown(net::ip::tcp::socket::shutdown_send,
                                                         ignored);
    }
  }

  Stream stream_;
  server_context& ctx_;
  std::uint64_t id_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

}  // namespace wsclient::demo
