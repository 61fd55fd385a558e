// The native transport: one WebSocket connection attempt over Boost.Beast, plain or TLS.
// The only translation unit of the client that instantiates Beast's WebSocket templates
// (they are slow to compile).
#include "beast_transport.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <chrono>
#include <deque>
#include <optional>
#include <type_traits>

#include "client_stream_setup.hpp"
#include "frame_writer.hpp"
#include "mask_keys.hpp"
#include "retry_after.hpp"
#include "tapped_stream.hpp"
#include "wsclient/error.hpp"

namespace wsclient::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

namespace {

using plain_stream = tapped_stream<tcp::socket>;
using secure_stream = tapped_stream<beast::ssl_stream<tcp::socket>>;

template <class Stream>
constexpr bool is_tls = std::is_same_v<Stream, secure_stream>;

/// Messages read one after another without going back to the event loop, at most: timers,
/// writes and other connections get their turn between batches.
constexpr int max_messages_per_wakeup = 64;

/// Queued messages are gathered into one write up to about this many bytes.
constexpr std::size_t gather_bytes = 256 * 1024;

/// With permessage-deflate negotiated, messages from this size up are compressed (by Beast);
/// smaller ones go out uncompressed, which RFC 7692 section 6 allows for any message and which
/// costs less than it saves (Node's `ws` uses the same threshold).
constexpr std::size_t compress_min_bytes = 1024;

/// One attempt, then (if it opens) one connection.
/// @par Thread Safety  Everything runs on the session's strand.
template <class Stream>
class beast_connection final : public transport,
                               public std::enable_shared_from_this<beast_connection<Stream>> {
 public:
  template <class... Args>
  beast_connection(native_context& ctx, std::weak_ptr<transport_events> events, std::uint64_t epoch,
                   Args&&... stream_args)
      : ctx_(ctx),
        events_(std::move(events)),
        epoch_(epoch),
        resolver_(ctx.strand),
        ws_(std::forward<Args>(stream_args)...) {}

  /// Makes connect() report this failure instead of connecting (e.g. a CA file that does not
  /// load): the session hears of it as of any failed attempt.
  void fail_on_connect(errc e, std::string detail) {
    preset_error_ = e;
    preset_detail_ = std::move(detail);
  }

  void connect(const connect_request& request) override {
    request_ = request;
    if (preset_error_) {
      net::post(ctx_.strand, [self = this->shared_from_this()] {
        self->fail(*self->preset_error_, self->preset_detail_);
      });
      return;
    }
    if (request_.target.host_is_ip_literal()) {
      // No lookup (and so no resolver thread) for an address.
      beast::error_code ec;
      const auto address = net::ip::make_address(request_.target.host, ec);
      if (!ec) {
        socket().async_connect(
            tcp::endpoint(address, request_.target.port),
            [self = this->shared_from_this()](beast::error_code e) { self->on_connect(e); });
        return;
      }
    }
    resolver_.async_resolve(
        request_.target.host, std::to_string(request_.target.port),
        [self = this->shared_from_this()](beast::error_code ec, tcp::resolver::results_type r) {
          self->on_resolve(ec, std::move(r));
        });
  }

  void send(message m) override {
    if (done_) {
      return;
    }
    queue_.push_back(std::move(m));
    if (!writing_ && open_) {
      write_next();
    }
  }

  void ping() override {
    if (!open_ || done_ || pinging_ || close_started_) {
      return;
    }
    pinging_ = true;
    ws_.async_ping({}, [self = this->shared_from_this()](beast::error_code) {
      self->pinging_ = false;  // a failed ping shows up as a failed read
    });
  }

  void close(std::uint16_t code, const std::string& reason) override {
    if (done_ || close_requested_) {
      return;
    }
    close_requested_ = true;
    close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
    if (!open_) {
      abort();
      return;
    }
    // Queued messages go first: nothing may follow a close frame (RFC 6455 section 5.5.1).
    if (!writing_) {
      start_close();
    }
  }

  void abort() override {
    done_ = true;
    resolver_.cancel();
    beast::error_code ignored;
    socket().shutdown(tcp::socket::shutdown_both, ignored);
    socket().close(ignored);
  }

 private:
  void on_resolve(beast::error_code ec, tcp::resolver::results_type results) {
    if (done_) {
      return;
    }
    if (ec) {
      fail(errc::resolve_failed, ec.message());
      return;
    }
    net::async_connect(socket(), results,
                       [self = this->shared_from_this()](
                           beast::error_code e, const tcp::endpoint&) { self->on_connect(e); });
  }

  void on_connect(beast::error_code ec) {
    if (done_) {
      return;
    }
    if (ec) {
      fail(errc::connect_failed, ec.message());
      return;
    }
    beast::error_code ignored;
    socket().set_option(tcp::no_delay(true), ignored);
    // Synchronous operations must never wait: the transport reads synchronously only what is
    // already buffered (see tapped_stream.hpp).
    socket().non_blocking(true, ignored);
    if constexpr (is_tls<Stream>) {
      if (const auto why = configure_tls(); !why.empty()) {
        fail(errc::tls_failed, why);
        return;
      }
      tls_layer().async_handshake(
          net::ssl::stream_base::client,
          [self = this->shared_from_this()](beast::error_code e) { self->on_tls_handshake(e); });
    } else {
      upgrade();
    }
  }

  // SNI and host name verification for this connection (RFC 6066 section 3: no SNI for IP
  // literals; those are verified against the certificate's IP addresses instead).
  std::string configure_tls() {
    SSL* ssl = tls_layer().native_handle();
    const auto& host = request_.target.host;
    // SSL_set_tlsext_host_name() spelled out: the macro has an old-style cast.
    if (!request_.target.host_is_ip_literal() &&
        SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(host.c_str())) != 1) {
      return "cannot set TLS SNI";
    }
    if (!request_.tls.insecure_skip_verify) {
      X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
      X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      const int ok = request_.target.host_is_ip_literal()
                         ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                         : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
      if (ok != 1) {
        return "cannot set the host name to verify";
      }
    }
    return {};
  }

  void on_tls_handshake(beast::error_code ec) {
    if (done_) {
      return;
    }
    if constexpr (is_tls<Stream>) {
      if (ec) {
        const long result = SSL_get_verify_result(tls_layer().native_handle());
        if (result != X509_V_OK && !request_.tls.insecure_skip_verify) {
          fail(errc::tls_verification_failed, X509_verify_cert_error_string(result));
        } else {
          fail(errc::tls_failed, ec.message());
        }
        return;
      }
    }
    upgrade();
  }

  void upgrade() {
    configure_client_stream(ws_, request_, [this](websocket::frame_type kind, beast::string_view) {
      if (kind == websocket::frame_type::pong && !done_) {
        if (auto e = events_.lock()) {
          e->on_transport_pong(epoch_);
        }
      }
    });
    ws_.async_handshake(
        response_, request_.target.host_header(), request_.target.target,
        [self = this->shared_from_this()](beast::error_code ec) { self->on_upgrade(ec); });
  }

  void on_upgrade(beast::error_code ec) {
    if (done_) {
      return;
    }
    if (ec) {
      const int status = response_.result_int();
      if (ec == websocket::error::upgrade_declined && status != 101) {
        transport_closed info;
        info.why.error = errc::handshake_rejected;
        info.why.http_status = status;
        if (const auto it = response_.find(http::field::retry_after); it != response_.end()) {
          info.why.retry_after =
              parse_retry_after(std::string_view(it->value().data(), it->value().size()),
                                std::chrono::system_clock::now());
        }
        // describe() in the session adds the status; the reason phrase says a little more.
        const auto phrase = response_.reason();
        finish(std::move(info), std::string(phrase.data(), phrase.size()));
      } else {
        fail(errc::handshake_failed, ec.message());
      }
      return;
    }
    open_ = true;
    transport_open info;
    const auto proto = response_[http::field::sec_websocket_protocol];
    info.subprotocol.assign(proto.data(), proto.size());
    const auto ext = response_[http::field::sec_websocket_extensions];
    info.extensions.assign(ext.data(), ext.size());
    deflate_ = info.extensions.find("permessage-deflate") != std::string::npos;
    response_ = {};  // headers are no longer needed
    read_next();
    if (!queue_.empty()) {
      write_next();
    }
    if (auto e = events_.lock()) {
      e->on_transport_open(epoch_, std::move(info));
    }
  }

  void read_next() {
    ws_.async_read(buffer_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_read(ec);
    });
  }

  void on_read(beast::error_code ec) {
    if (done_) {
      return;
    }
    if (ec) {
      on_read_error(ec);
      return;
    }
    // Hold this connection: a handler may close or destroy the client.
    const auto self = this->shared_from_this();
    if (!deliver()) {
      return;
    }
    // Messages already in Beast's buffer are read here, without a trip through the event loop
    // for each: one wake-up per network read instead of one per message. Synchronous reads
    // cannot block (the bytes are there) and are not mixed with a message Beast is writing.
    for (int i = 1; i < max_messages_per_wakeup && !beast_writing_ && !close_started_ &&
                    ws_.next_layer().incoming().message_ready();
         ++i) {
      ws_.read(buffer_, ec);
      if (ec) {
        on_read_error(ec);
        return;
      }
      if (!deliver()) {
        return;
      }
    }
    read_next();
  }

  /// Hands the message in buffer_ to the session; false when the connection ended meanwhile.
  bool deliver() {
    ws_.next_layer().incoming().message_consumed();
    const auto data = buffer_.cdata();
    const message_view m{ws_.got_text() ? message_kind::text : message_kind::binary,
                         std::string_view(static_cast<const char*>(data.data()), data.size())};
    if (auto e = events_.lock()) {
      e->on_transport_message(epoch_, m);
    }
    buffer_.consume(buffer_.size());
    return !done_;
  }

  void on_read_error(beast::error_code ec) {
    if (close_started_) {
      return;  // our async_close reads the server's close frame and reports the end
    }
    transport_closed info;
    if (ec == websocket::error::closed) {
      finish_clean();
      return;
    }
    if (ec == websocket::error::message_too_big || ec == websocket::error::buffer_overflow) {
      info.why.error = errc::message_too_big;
      info.why.close_code = 1009;
    } else if (ec == websocket::condition::protocol_violation) {
      info.why.error = errc::protocol_error;
      info.why.close_code = 1002;
    } else {
      info.why.error = errc::connection_lost;
      info.why.close_code = 1006;  // RFC 6455 section 7.1.5: no close frame was received
    }
    finish(std::move(info), ec.message());
  }

  /// Compressed messages are Beast's to write; everything else is framed here, so that what
  /// is queued goes out together.
  bool beast_writes(const message& m) const {
    return deflate_ && m.data.size() >= compress_min_bytes;
  }

  void write_next() {
    writing_ = true;
    if (beast_writes(queue_.front())) {
      auto& next = queue_.front();
      beast_writing_ = true;
      in_flight_ = 1;
      in_flight_bytes_ = next.data.size();
      ws_.text(next.kind == message_kind::text);
      ws_.async_write(net::buffer(next.data),
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                        self->beast_writing_ = false;
                        self->on_write(ec);
                      });
      return;
    }
    // Gather writes: every queued message up to gather_bytes in one system call. A lone
    // message is not held back: it goes at once, and those queued behind it while it is on the
    // wire go together next.
    frames_.clear();
    in_flight_ = 0;
    in_flight_bytes_ = 0;
    for (const auto& m : queue_) {
      if (beast_writes(m) || (in_flight_ > 0 && frames_.size() >= gather_bytes)) {
        break;
      }
      append_frame(frames_, m.kind == message_kind::text, m.data, masks_.next());
      ++in_flight_;
      in_flight_bytes_ += m.data.size();
    }
    ws_.next_layer().async_write_raw(
        net::buffer(frames_), [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
          self->on_write(ec);
        });
  }

  void on_write(beast::error_code ec) {
    writing_ = false;
    if (done_) {
      return;
    }
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(in_flight_));
    in_flight_ = 0;
    if (ec) {
      return;  // the read side reports the failure
    }
    if (auto e = events_.lock()) {
      e->on_transport_written(epoch_, in_flight_bytes_);
    }
    if (done_) {
      return;
    }
    if (!queue_.empty()) {
      write_next();
    } else if (close_requested_) {
      start_close();
    }
  }

  void start_close() {
    if (close_started_) {
      return;
    }
    close_started_ = true;
    // The pending read sees the server's close frame and reports the end (error::closed).
    ws_.async_close(close_reason_, [self = this->shared_from_this()](beast::error_code ec) {
      if (self->done_) {
        return;
      }
      if (ec) {
        transport_closed info;
        info.why.error = errc::connection_lost;
        info.why.close_code = 1006;
        self->finish(std::move(info), ec.message());
      } else {
        self->finish_clean();
      }
    });
  }

  // The closing handshake completed (RFC 6455 section 7.1.4), whoever started it: the code
  // is the one the server sent (1005 when its close frame had none, section 7.1.5).
  void finish_clean() {
    transport_closed info;
    const auto& reason = ws_.reason();
    info.was_clean = true;
    info.why.error = errc::closed_by_server;
    info.why.close_code = reason.code != websocket::close_code::none
                              ? static_cast<std::uint16_t>(reason.code)
                              : std::uint16_t{1005};
    info.why.close_reason = std::string(reason.reason.data(), reason.reason.size());
    finish(std::move(info), "closed");
  }

  void fail(errc e, const std::string& detail) {
    transport_closed info;
    info.why.error = e;
    finish(std::move(info), detail);
  }

  void finish(transport_closed info, const std::string& detail) {
    if (done_) {
      return;
    }
    info.detail = detail;
    // What had not started goes back to the session for the next connection; the messages
    // being written, if any, are lost with the link.
    if (writing_) {
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(in_flight_));
    }
    info.unsent.assign(std::make_move_iterator(queue_.begin()),
                       std::make_move_iterator(queue_.end()));
    queue_.clear();
    abort();
    if (auto e = events_.lock()) {
      e->on_transport_closed(epoch_, std::move(info));
    }
  }

  tcp::socket& socket() { return beast::get_lowest_layer(ws_); }
  auto& tls_layer() { return ws_.next_layer().next_layer(); }

  native_context& ctx_;
  std::weak_ptr<transport_events> events_;
  std::uint64_t epoch_;
  connect_request request_;
  tcp::resolver resolver_;
  websocket::stream<Stream> ws_;
  websocket::response_type response_;
  beast::flat_buffer buffer_;
  std::deque<message> queue_;
  websocket::close_reason close_reason_;
  std::optional<errc> preset_error_;
  std::string preset_detail_;
  std::string frames_;  ///< the batch being written (reused: no allocation per write)
  mask_keys masks_;
  std::size_t in_flight_ = 0;  ///< messages at the front of queue_ being written
  std::size_t in_flight_bytes_ = 0;
  bool deflate_ = false;  ///< permessage-deflate was negotiated
  bool open_ = false;
  bool writing_ = false;
  bool beast_writing_ = false;  ///< the write in flight is Beast's (a compressed message)
  bool pinging_ = false;
  bool close_requested_ = false;
  bool close_started_ = false;
  bool done_ = false;
};

}  // namespace

std::shared_ptr<transport> make_beast_transport(native_context& ctx,
                                                std::weak_ptr<transport_events> events,
                                                std::uint64_t epoch,
                                                const connect_request& request) {
  using plain = beast_connection<plain_stream>;
  using secure = beast_connection<secure_stream>;
  if (!request.target.secure) {
    return std::make_shared<plain>(ctx, std::move(events), epoch, ctx.strand);
  }
  std::string error;
  if (auto* tls = ctx.tls_context(error)) {
    return std::make_shared<secure>(ctx, std::move(events), epoch, ctx.strand, *tls);
  }
  auto failed = std::make_shared<plain>(ctx, std::move(events), epoch, ctx.strand);
  failed->fail_on_connect(errc::invalid_option, error);
  return failed;
}

}  // namespace wsclient::detail
