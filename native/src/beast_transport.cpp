// The native transport: one WebSocket connection attempt over Boost.Beast, plain or TLS, over
// TCP or TLS to an https:// proxy.
// The only translation unit of the client that instantiates Beast's WebSocket templates
// (they are slow to compile).
#include "beast_transport.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <chrono>
#include <deque>
#include <optional>
#include <type_traits>

#include "address_race.hpp"
#include "client_stream_setup.hpp"
#include "frame_writer.hpp"
#include "mask_keys.hpp"
#include "negotiation_check.hpp"
#include "proxy_tunnel.hpp"
#include "resolve_override.hpp"
#include "retry_after.hpp"
#include "tapped_stream.hpp"
#include "tls_failure.hpp"
#include "utf8.hpp"
#include "wsclient/error.hpp"

namespace wsclient::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

namespace {

// The layers below the WebSocket stream are fixed at compile time, so each combination is a
// stream type of its own, chosen per connection (make_beast_transport()): a connection without
// an https:// proxy has exactly the layers it had before such proxies existed, and pays
// nothing per message for them.
// - plain_stream: ws:// direct or through an http:// or SOCKS proxy;
// - secure_stream: wss:// the same ways, or ws:// through an https:// proxy (the one TLS
//   layer is then the proxy's: no fourth instantiation of Beast's WebSocket templates);
// - nested_stream: wss:// through an https:// proxy, TLS inside TLS. Asio's TLS stream below
//   (Beast's does not show the lowest_layer() Asio's needs of the layer it wraps).
using plain_stream = tapped_stream<tcp::socket>;
using secure_stream = tapped_stream<beast::ssl_stream<tcp::socket>>;
using proxy_tls_link = net::ssl::stream<tcp::socket>;
using nested_stream = tapped_stream<beast::ssl_stream<proxy_tls_link>>;

template <class Stream>
constexpr bool has_tls = !std::is_same_v<Stream, plain_stream>;

/// SNI and host name verification for one TLS session (RFC 6066 section 3: no SNI for IP
/// literals; those are verified against the certificate's IP addresses instead): "" or what
/// could not be set.
std::string configure_tls(SSL* ssl, const std::string& host, bool ip_literal, bool verify) {
  // SSL_set_tlsext_host_name() spelled out: the macro has an old-style cast.
  if (!ip_literal && SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                              const_cast<char*>(host.c_str())) != 1) {
    return "cannot set TLS SNI";
  }
  if (verify) {
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    const int ok = ip_literal ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                              : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
    if (ok != 1) {
      return "cannot set the host name to verify";
    }
  }
  return {};
}

/// Messages read one after another without going back to the event loop, at most: timers,
/// writes and other connections get their turn between batches.
constexpr int max_messages_per_wakeup = 64;

/// Queued messages are gathered into one write up to about this many bytes.
constexpr std::size_t gather_bytes = 256 * 1024;

/// With permessage-deflate negotiated, messages from this size up are compressed (by Beast);
/// smaller ones go out uncompressed, which RFC 7692 section 6 allows for any message and which
/// costs less than it saves (Node's `ws` uses the same threshold).
constexpr std::size_t compress_min_bytes = 1024;

/// Whether an upgrade failed because of what the server answered (not a WebSocket handshake,
/// RFC 6455 section 4.1, or not even HTTP), which the next attempt would get again, rather
/// than because the link failed on the way.
bool answer_was_invalid(const beast::error_code& ec) {
  if (ec == websocket::condition::handshake_failed) {
    return true;
  }
  const auto& http_errors = http::make_error_code(http::error::end_of_stream).category();
  return ec.category() == http_errors && ec != http::error::end_of_stream &&
         ec != http::error::partial_message;
}

/// "127.0.0.1:80" or "[::1]:80": where the socket is connected; empty when it is not.
std::string endpoint_text(const tcp::socket& s) {
  beast::error_code ec;
  const auto e = s.remote_endpoint(ec);
  if (ec) {
    return {};
  }
  const auto a = e.address().to_string();
  return (e.address().is_v6() ? "[" + a + "]" : a) + ":" + std::to_string(e.port());
}

/// What a failed read means.
struct read_failure {
  errc error;
  std::uint16_t close_code;  ///< 1006 when the link itself failed (RFC 6455 section 7.1.5)
  bool beast_closes;         ///< Beast sends the close frame itself (asynchronous reads)
};

read_failure failure_of_read(const beast::error_code& ec) {
  if (ec == websocket::error::message_too_big || ec == websocket::error::buffer_overflow) {
    return {errc::message_too_big, 1009, true};
  }
  if (ec == websocket::error::bad_frame_payload) {
    return {errc::protocol_error, 1007, true};  // invalid UTF-8 (section 8.1)
  }
  if (ec == websocket::condition::protocol_violation) {
    return {errc::protocol_error, 1002, true};
  }
  // A compressed message that does not inflate: the connection fails (RFC 7692 section 8.1),
  // but Beast stops without a close frame.
  if (ec.category() == beast::zlib::make_error_code(beast::zlib::error::general).category()) {
    return {errc::protocol_error, 1007, false};
  }
  return {errc::connection_lost, 1006, false};
}

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
        ws_(std::forward<Args>(stream_args)...),
        failing_timer_(ctx.strand) {}

  /// Makes connect() report this failure instead of connecting (e.g. a CA file that does not
  /// load): the session hears of it as of any failed attempt.
  void fail_on_connect(errc e, std::string detail) {
    preset_error_ = e;
    preset_detail_ = std::move(detail);
  }

  void connect(const connect_request& request) override {
    request_ = request;
    proxy_tls_ = request_.proxy && request_.proxy->scheme == proxy_scheme::https;
    if (preset_error_) {
      net::post(ctx_.strand, [self = this->shared_from_this()] {
        self->fail(*self->preset_error_, self->preset_detail_);
      });
      return;
    }
    // The first hop: the proxy when there is one, else the server.
    const auto& host = request_.proxy ? request_.proxy->host : request_.target.host;
    const auto port = request_.proxy ? request_.proxy->port : request_.target.port;
    beast::error_code ec;
    if (const auto address = net::ip::make_address(host, ec); !ec) {
      // No lookup (and so no resolver thread) for an address.
      socket().async_connect(
          tcp::endpoint(address, port),
          [self = this->shared_from_this()](beast::error_code e) { self->on_connect(e); });
      return;
    }
    if (const auto* given = find_resolve_override(request_.resolve, host, port)) {
      // Addresses the application gave (client_options::resolve): no lookup.
      std::vector<tcp::endpoint> endpoints;
      for (const auto& a : given->addresses) {
        if (const auto address = net::ip::make_address(a, ec); !ec) {
          endpoints.emplace_back(address, port);
        }
      }
      race(std::move(endpoints));
      return;
    }
    resolver_.async_resolve(
        host, std::to_string(port),
        [self = this->shared_from_this()](beast::error_code e, tcp::resolver::results_type r) {
          self->on_resolve(e, std::move(r));
        });
  }

  void send(message m) override {
    if (done_) {
      return;
    }
    queue_.push_back(std::move(m));  // while failing, kept as unsent: the close frame is next
    if (!writing_ && open_ && !failing_) {
      write_next();
    }
  }

  void ping() override {
    if (!open_ || done_ || pinging_ || close_started_ || failing_) {
      return;
    }
    pinging_ = true;
    ws_.async_ping({}, [self = this->shared_from_this()](beast::error_code) {
      self->pinging_ = false;  // a failed ping shows up as a failed read
    });
  }

  void close(std::uint16_t code, const std::string& reason) override {
    if (done_ || close_requested_ || failing_) {
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
    if (race_) {
      race_->cancel();
    }
    failing_timer_.cancel();
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
      fail(errc::resolve_failed, hop() + ec.message());
      return;
    }
    std::vector<tcp::endpoint> endpoints;
    for (const auto& r : results) {
      endpoints.push_back(r.endpoint());
    }
    race(std::move(endpoints));
  }

  // Several addresses (IPv6 and IPv4, say) are raced rather than tried one after another
  // (RFC 8305), within the session's connect timeout.
  void race(std::vector<tcp::endpoint> endpoints) {
    race_ = std::make_shared<address_race>(
        ctx_.strand, interleave_families(endpoints), connection_attempt_delay,
        [self = this->shared_from_this()](beast::error_code e, tcp::socket s,
                                          const tcp::endpoint&) {
          if (!e && !self->done_) {
            self->socket() = std::move(s);
          }
          self->on_connect(e);
        });
    race_->start();
  }

  void on_connect(beast::error_code ec) {
    if (done_) {
      return;
    }
    if (ec) {
      fail(errc::connect_failed, hop() + ec.message());
      return;
    }
    beast::error_code ignored;
    socket().set_option(tcp::no_delay(true), ignored);
    if (proxy_tls_) {
      secure_proxy_link();
      return;
    }
    if (request_.proxy) {
      open_tunnel();
      return;
    }
    secure_and_upgrade();
  }

  /// TLS to an https:// proxy, verified as the server would be (same trust, the proxy's name),
  /// before CONNECT goes through it.
  void secure_proxy_link() {
    if constexpr (has_tls<Stream>) {
      const auto& host = request_.proxy->host;
      beast::error_code not_ip;
      net::ip::make_address(host, not_ip);
      tls_handshake(proxy_link(), host, !not_ip, hop(), &beast_connection::open_tunnel);
    }
  }

  /// The client side of one TLS session on layer (the proxy's or the server's), for host; then
  /// next, or the failure (its detail after prefix).
  template <class Layer>
  void tls_handshake(Layer& layer, const std::string& host, bool ip_literal, std::string prefix,
                     void (beast_connection::*next)()) {
    const bool verify = !request_.tls.insecure_skip_verify;
    if (const auto why = configure_tls(layer.native_handle(), host, ip_literal, verify);
        !why.empty()) {
      fail(errc::tls_failed, prefix + why);
      return;
    }
    layer.async_handshake(net::ssl::stream_base::client, [self = this->shared_from_this(), &layer,
                                                          prefix = std::move(prefix), next,
                                                          verify](beast::error_code ec) {
      if (self->done_) {
        return;
      }
      if (ec) {
        const auto why = classify_tls_failure(layer.native_handle(), ec, verify);
        self->fail(why.error, prefix + why.detail);
        return;
      }
      ((*self).*next)();
    });
  }

  /// TLS to the server (for wss://) and the upgrade, over the link to the server or the
  /// tunnel to it alike.
  void secure_and_upgrade() {
    beast::error_code ignored;
    // Synchronous operations must never wait: the transport reads synchronously only what is
    // already buffered (see tapped_stream.hpp).
    socket().non_blocking(true, ignored);
    if constexpr (has_tls<Stream>) {
      if (request_.target.secure) {
        tls_handshake(tls_layer(), request_.target.host, request_.target.host_is_ip_literal(), {},
                      &beast_connection::upgrade);
        return;
      }
    }
    upgrade();
  }

  /// "proxy http://host:port: " when the first hop is a proxy, for messages.
  std::string hop() const {
    return request_.proxy ? "proxy " + request_.proxy->to_string() + ": " : std::string();
  }

  void open_tunnel() {
    auto done = [self = this->shared_from_this()](tunnel_result r) {
      if (self->done_) {
        return;
      }
      if (r.why.error) {
        transport_closed info;
        info.why = std::move(r.why);
        self->finish(std::move(info), self->hop() + r.detail);
        return;
      }
      self->secure_and_upgrade();
    };
    if (proxy_tls_) {
      if constexpr (has_tls<Stream>) {
        async_open_tunnel(proxy_link(), *request_.proxy, request_.target, std::move(done));
      }
      return;
    }
    // A socks5:// proxy is given the server's address, resolved here: an address given for the
    // name (client_options::resolve) counts as the lookup's.
    auto target = request_.target;
    if (const auto* given =
            find_resolve_override(request_.resolve, request_.target.host, request_.target.port);
        given != nullptr && request_.proxy->scheme == proxy_scheme::socks5) {
      target.host = given->addresses.front();
    }
    async_open_tunnel(socket(), *request_.proxy, target, std::move(done));
  }

  void upgrade() {
    offer_.subprotocols = request_.subprotocols;
    configure_client_stream(ws_, request_, offer_.extensions,
                            [this](websocket::frame_type kind, beast::string_view) {
                              if (kind == websocket::frame_type::close) {
                                close_received_ = true;  // a valid one: Beast checked it first
                              } else if (kind == websocket::frame_type::pong && !done_) {
                                if (auto e = events_.lock()) {
                                  e->on_transport_pong(epoch_);
                                }
                              }
                            });
    ws_.next_layer().teardown_wait(request_.close_timeout);
    ws_.async_handshake(
        response_, request_.target.host_header(), request_.target.target,
        [self = this->shared_from_this()](beast::error_code ec) { self->on_upgrade(ec); });
  }

  void on_upgrade(beast::error_code ec) {
    if (done_) {
      return;
    }
    // Any status but 101 is a refusal, told by the status line and headers alone: the body
    // was not read (tapped_stream.hpp), whatever Beast made of it.
    if (const auto& head = ws_.next_layer().response(); head && head->result_int() != 101) {
      rejected(*head);
      return;
    }
    if (ec) {
      fail(answer_was_invalid(ec) ? errc::handshake_failed : errc::connection_lost, ec.message());
      return;
    }
    const auto proto = response_[http::field::sec_websocket_protocol];
    const auto ext = response_[http::field::sec_websocket_extensions];
    if (const auto why = check_negotiation(offer_, std::string_view(proto.data(), proto.size()),
                                           std::string_view(ext.data(), ext.size()));
        !why.empty()) {
      // Section 4.1: the connection is not established, so no close frame: the link is dropped.
      fail(errc::handshake_failed, why);
      return;
    }
    open_ = true;
    transport_open info;
    info.subprotocol.assign(proto.data(), proto.size());
    info.extensions.assign(ext.data(), ext.size());
    info.address = endpoint_text(socket());
    deflate_ = info.extensions.find("permessage-deflate") != std::string::npos;
    for (const auto& field : response_) {
      info.response_headers.emplace_back(field.name_string(), field.value());
    }
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

  void rejected(const typename Stream::response_head& head) {
    transport_closed info;
    info.why.error = errc::handshake_rejected;
    info.why.http_status = head.result_int();
    if (const auto it = head.find(http::field::retry_after); it != head.end()) {
      info.why.retry_after =
          parse_retry_after(std::string_view(it->value().data(), it->value().size()),
                            std::chrono::system_clock::now());
    }
    if (const auto it = head.find(http::field::location); it != head.end()) {
      info.location.assign(it->value().data(), it->value().size());
    }
    // describe() in the session adds the status; the reason phrase says a little more.
    const auto phrase = head.reason();
    finish(std::move(info), std::string(phrase.data(), phrase.size()));
  }

  void on_read(beast::error_code ec) {
    if (done_) {
      return;
    }
    if (ec) {
      on_read_error(ec, false);
      return;
    }
    // Hold this connection: a handler may close or destroy the client.
    const auto self = this->shared_from_this();
    if (!deliver()) {
      return;
    }
    // Messages already buffered (Beast's buffer, the read-ahead) are read here, without a trip
    // through the event loop for each: one wake-up per network read instead of one per message.
    // Synchronous reads cannot block (the bytes are there) and are not mixed with a message Beast
    // is writing.
    for (int i = 1; i < max_messages_per_wakeup && !beast_writing_ && !close_started_ &&
                    ws_.next_layer().incoming().message_ready();
         ++i) {
      ws_.read(buffer_, ec);
      if (ec) {
        on_read_error(ec, true);
        return;
      }
      if (!deliver()) {
        return;
      }
    }
    read_next();
  }

  /// Hands the message in buffer_ to the session; false when the connection ended (or began
  /// to fail) meanwhile.
  bool deliver() {
    ws_.next_layer().incoming().message_consumed();
    const auto data = buffer_.cdata();
    const std::string_view payload(static_cast<const char*>(data.data()), data.size());
    const bool text = ws_.got_text();
    // RFC 6455 section 8.1: Beast 1.81 does not check that a text message ends on a whole
    // UTF-8 sequence when its last frame is empty (utf8.hpp). Its last bytes tell.
    if (text && ends_inside_utf8_sequence(payload)) {
      buffer_.consume(buffer_.size());
      fail_connection(errc::protocol_error, 1007, "a text message ends inside a UTF-8 sequence");
      return false;
    }
    if (auto e = events_.lock()) {
      e->on_transport_message(
          epoch_, message_view{text ? message_kind::text : message_kind::binary, payload});
    }
    buffer_.consume(buffer_.size());
    return !done_ && !failing_;
  }

  /// synchronous: the read was the transport's own (ws_.read), whose close frame Beast could
  /// not send first (tapped_stream::write_some): the transport sends it.
  void on_read_error(beast::error_code ec, bool synchronous) {
    if (close_started_) {
      return;  // our async_close reads the server's close frame and reports the end
    }
    // The server's close frame came and Beast answered it: the closing handshake is complete
    // (RFC 6455 section 7.1.4), however the TCP connection then ended.
    if (ec == websocket::error::closed || close_received_) {
      finish_clean();
      return;
    }
    const auto why = failure_of_read(ec);
    if (why.close_code != 1006 && (synchronous || !why.beast_closes)) {
      fail_connection(why.error, why.close_code, ec.message());
      return;
    }
    transport_closed info;
    info.why.error = why.error;
    info.why.close_code = why.close_code;
    finish(std::move(info), ec.message());
  }

  /// RFC 6455 section 7.1.7, _Fail the WebSocket Connection_: what the application sent
  /// before the failure (from the handler of the last message, among others) goes out first,
  /// then a close frame with the code, then the link is dropped; close_timeout bounds it all.
  void fail_connection(errc error, std::uint16_t code, const std::string& detail) {
    transport_closed info;
    info.why.error = error;
    info.why.close_code = code;
    info.detail = detail;
    failing_ = std::move(info);
    failing_messages_ = queue_.size();
    // The status code alone (section 5.5.1), in network byte order: it says why.
    const char status[2] = {static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
    close_frame_.clear();
    append_frame(close_frame_, frame_opcode::close, std::string_view(status, 2), masks_.next());
    failing_timer_.expires_after(request_.close_timeout);
    failing_timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (!ec) {
        self->end_failing();
      }
    });
    if (!writing_) {
      write_next();
    }
  }

  void end_failing() {
    if (failing_) {
      auto info = std::move(*failing_);
      failing_.reset();
      const auto detail = info.detail;
      finish(std::move(info), detail);
    }
  }

  /// Compressed messages are Beast's to write; everything else is framed here, so that what
  /// is queued goes out together. While failing, Beast may have failed too: all are framed
  /// here (uncompressed, which RFC 7692 section 6 allows for any message).
  bool beast_writes(const message& m) const {
    return deflate_ && !failing_ && m.data.size() >= compress_min_bytes;
  }

  void write_next() {
    writing_ = true;
    if (failing_ && (failing_messages_ == 0 || queue_.empty())) {
      ws_.next_layer().async_write_raw(
          net::buffer(close_frame_),
          [self = this->shared_from_this()](beast::error_code, std::size_t) {
            self->writing_ = false;
            self->end_failing();
          });
      return;
    }
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
      if (beast_writes(m) || (in_flight_ > 0 && frames_.size() >= gather_bytes) ||
          (failing_ && in_flight_ == failing_messages_)) {
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
    if (failing_) {
      failing_messages_ -= std::min(failing_messages_, in_flight_);
    }
    in_flight_ = 0;
    if (ec) {
      end_failing();  // while failing nothing else will report it; else the read side does
      return;
    }
    if (auto e = events_.lock()) {
      e->on_transport_written(epoch_, in_flight_bytes_);
    }
    if (done_) {
      return;
    }
    if (!queue_.empty() || failing_) {
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
      // Clean once the server's close frame came, however the TCP connection then ended.
      if (ec && !self->close_received_) {
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
  // is the one the server sent (1005 when its close frame had none, section 7.1.5), as the
  // frame scanner kept it where Beast was shown another (section 7.4, frame_scanner.hpp).
  void finish_clean() {
    transport_closed info;
    const auto& reason = ws_.reason();
    info.was_clean = true;
    info.why.error = errc::closed_by_server;
    const auto sent = ws_.next_layer().incoming().close_code();
    info.why.close_code = sent ? *sent
                          : reason.code != websocket::close_code::none
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
  /// The outer TLS layer: the server's, or with one layer and no wss://, the proxy's.
  auto& tls_layer() { return ws_.next_layer().next_layer(); }
  /// The TLS session to an https:// proxy: the link the tunnel is asked for on.
  auto& proxy_link() {
    if constexpr (std::is_same_v<Stream, nested_stream>) {
      return tls_layer().next_layer();
    } else {
      return tls_layer();
    }
  }

  native_context& ctx_;
  std::weak_ptr<transport_events> events_;
  std::uint64_t epoch_;
  connect_request request_;
  tcp::resolver resolver_;
  std::shared_ptr<address_race> race_;  ///< the connections to the resolved addresses
  websocket::stream<Stream> ws_;
  websocket::response_type response_;
  negotiation_offer offer_;  ///< what the upgrade request asked for
  beast::flat_buffer buffer_;
  std::deque<message> queue_;
  websocket::close_reason close_reason_;
  std::optional<errc> preset_error_;
  std::string preset_detail_;
  std::string frames_;  ///< the batch being written (reused: no allocation per write)
  mask_keys masks_;
  std::optional<transport_closed> failing_;  ///< the connection is being failed for this
  std::size_t failing_messages_ = 0;  ///< messages at the front of queue_ before the close frame
  std::string close_frame_;           ///< the close frame that ends a failing connection
  net::steady_timer failing_timer_;
  std::size_t in_flight_ = 0;  ///< messages at the front of queue_ being written
  std::size_t in_flight_bytes_ = 0;
  bool deflate_ = false;  ///< permessage-deflate was negotiated
  bool open_ = false;
  bool writing_ = false;
  bool beast_writing_ = false;  ///< the write in flight is Beast's (a compressed message)
  bool pinging_ = false;
  bool close_requested_ = false;
  bool close_started_ = false;
  bool close_received_ = false;  ///< the server's close frame came (the handshake completed)
  bool done_ = false;
  bool proxy_tls_ = false;  ///< the first hop is TLS to an https:// proxy
};

}  // namespace

std::shared_ptr<transport> make_beast_transport(native_context& ctx,
                                                std::weak_ptr<transport_events> events,
                                                std::uint64_t epoch,
                                                const connect_request& request) {
  using plain = beast_connection<plain_stream>;
  using secure = beast_connection<secure_stream>;
  using nested = beast_connection<nested_stream>;
  const bool proxy_tls = request.proxy && request.proxy->scheme == proxy_scheme::https;
  const int layers = int{request.target.secure} + int{proxy_tls};
  if (layers == 0) {
    return std::make_shared<plain>(ctx, std::move(events), epoch, ctx.strand);
  }
  // One context for the server and the proxy: the same trust and client certificate.
  std::string error;
  if (auto* tls = ctx.tls_context(error)) {
    if (layers == 2) {
      return std::make_shared<nested>(ctx, std::move(events), epoch,
                                      proxy_tls_link(ctx.strand, *tls), *tls);
    }
    return std::make_shared<secure>(ctx, std::move(events), epoch, ctx.strand, *tls);
  }
  auto failed = std::make_shared<plain>(ctx, std::move(events), epoch, ctx.strand);
  failed->fail_on_connect(errc::invalid_option, error);
  return failed;
}

}  // namespace wsclient::detail
