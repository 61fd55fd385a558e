// The HTTP session: one class template over the transport, compiled here only (Beast is slow to
// compile), for the two transports of session_streams.hpp.
#include "http_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "http_responses.hpp"
#include "mime_types.hpp"
#include "routes.hpp"
#include "session_streams.hpp"
#include "static_files.hpp"
#include "websocket_key.hpp"
#include "ws_session.hpp"

namespace wsclient::demo {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// Limits on what a client may send before it is answered: no route takes a large request.
constexpr std::size_t max_header_bytes = 16 * 1024;
constexpr std::size_t max_body_bytes = 64 * 1024;

std::string remote_address(const beast::tcp_stream& stream) {
  beast::error_code ec;
  const auto ep = stream.socket().remote_endpoint(ec);
  return ec ? std::string("?") : ep.address().to_string() + ":" + std::to_string(ep.port());
}

/// One HTTP connection: requests answered by their route (routes.hpp), 426 for plain requests
/// to WebSocket routes, and the upgrade to a WebSocket session.
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
    parser_->header_limit(max_header_bytes);
    parser_->body_limit(max_body_bytes);
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
      write(http_responses::text(http::status::bad_request, "Bad Request: " + ec.message() + "\n",
                                 {}));
      return;
    }
    auto request = parser_->release();
    if (beast::websocket::is_upgrade(request)) {
      upgrade(std::move(request));
    } else {
      serve(request);
    }
  }

  void upgrade(upgrade_request request) {
    const std::string target(request.target());
    const auto& r = find_route(target, ctx_.options.test_hooks);
    auto ep = r.make_endpoint != nullptr ? r.make_endpoint(ctx_.endpoints) : nullptr;
    if (!ep) {
      write(http_responses::text(http::status::not_found, "Not Found\n",
                                 {.version = request.version()}));
      return;
    }
    // Beast answers the other faults of an upgrade request itself (400, or 426 for a version
    // other than 13) but takes a key of any length up to 24 characters.
    if (!is_websocket_key(request[http::field::sec_websocket_key])) {
      write(http_responses::text(http::status::bad_request,
                                 "Bad Request: Sec-WebSocket-Key must be 16 bytes in base64\n",
                                 {.version = request.version()}));
      return;
    }
    if (auto rejection = ctx_.hooks.take_rejection()) {
      ctx_.log.write(log_level::info, "ws upgrade to " + target + " from " + remote_ +
                                          " rejected with " + std::to_string(rejection->status));
      write(http_responses::upgrade_rejected(*rejection, request.version()));
      return;
    }
    ctx_.registry.remove(id_);
    start_websocket_session(std::move(stream_), ctx_, std::move(ep), target, remote_,
                            std::move(request));
  }

  void serve(const http::request<http::string_body>& request) {
    const auto target = std::string_view(request.target());
    const http_responses::request_facts facts{.version = request.version(),
                                              .keep_alive = request.keep_alive(),
                                              .head = request.method() == http::verb::head};
    const auto& r = find_route(target, ctx_.options.test_hooks);
    if (r.kind == route_kind::websocket) {
      write(http_responses::upgrade_required(facts));
      return;
    }
    // The test hooks check the method themselves: an unknown hook is 404 whatever the method.
    if (r.handler != http_handler::test_hooks && !takes_method(r, request.method_string())) {
      write(http_responses::method_not_allowed(r.methods, facts));
      return;
    }
    switch (r.handler) {
      case http_handler::health_check:
        write(http_responses::text(http::status::ok, "OK\n", facts));
        return;
      case http_handler::test_hooks: {
        const auto result = ctx_.hooks.handle(request.method_string(), target);
        ctx_.log.write(log_level::info, "test hook " + std::string(target) + " -> " +
                                            std::to_string(result.status) + " " + result.body);
        write(http_responses::json(result.status, result.body, facts));
        return;
      }
      case http_handler::static_files:
      case http_handler::none:  // WebSocket routes, answered above
        serve_file(target, facts);
        return;
    }
  }

  void serve_file(std::string_view target, const http_responses::request_facts& facts) {
    const auto found = resolve_static_file(ctx_.options.web_root, target);
    if (found.result == static_lookup::bad_request) {
      write(http_responses::text(http::status::bad_request, "Bad Request\n", facts));
      return;
    }
    http::file_body::value_type file;
    beast::error_code ec;
    if (found.result == static_lookup::found) {
      file.open(found.path.c_str(), beast::file_mode::scan, ec);
    }
    if (found.result != static_lookup::found || ec) {
      write(http_responses::text(http::status::not_found, "Not Found\n", facts));
      return;
    }
    const auto type = mime_type_for(found.path.string());
    if (facts.head) {
      write(http_responses::file_head(type, file.size(), facts));
    } else {
      write(http_responses::file(std::move(file), type, facts));
    }
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

}  // namespace

void start_http_session(net::ip::tcp::socket socket, server_context& ctx) {
  std::make_shared<http_session<plain_stream>>(ctx, std::move(socket))->start();
}

void start_http_session(net::ip::tcp::socket socket, net::ssl::context& tls, server_context& ctx) {
  std::make_shared<http_session<tls_stream>>(ctx, std::move(socket), tls)->start();
}

}  // namespace wsclient::demo
