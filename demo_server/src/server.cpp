#include "server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>
#include <vector>

#include "accept_backoff.hpp"
#include "http_session.hpp"
#include "redis_chat_room.hpp"
#include "redis_counter_room.hpp"
#include "redis_link.hpp"
#include "server_context.hpp"
#include "usable_cpus.hpp"

namespace wsclient::demo {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {
// How long a graceful shutdown may take before the server stops regardless of peers that do
// not answer the closing handshake.
constexpr auto shutdown_deadline = std::chrono::milliseconds(800);
}  // namespace

struct server::impl {
  impl(server_options opts, logger& l, chat_store* chat)
      : options(std::move(opts)),
        log(l),
        ctx(options, log, chat),
        threads(options.threads != 0 ? options.threads : usable_cpus()),
        io(static_cast<int>(threads)),
        acceptor(net::make_strand(io)),
        accept_retry(acceptor.get_executor()),
        signals(io, SIGINT, SIGTERM),
        tls(net::ssl::context::tls_server) {
    if (options.redis) {
      redis = std::make_unique<redis_rooms>(io, options, log);
      ctx.endpoints.counter = &redis->counter;
      ctx.endpoints.chat = &redis->chat;
    }
  }

  void accept() {
    acceptor.async_accept(net::make_strand(io),
                          [this](boost::system::error_code ec, tcp::socket socket) {
                            if (ec == net::error::operation_aborted || !acceptor.is_open()) {
                              return;
                            }
                            if (ec) {
                              pause_accepting(ec);
                              return;
                            }
                            if (auto line = backoff.succeeded(accept_backoff::clock::now())) {
                              log.write(log_level::warn, *line);
                            }
                            // Nagle's algorithm (RFC 896) would hold a small write
                            // (the chat's ack after its message) until the peer acknowledges
                            // the one before, which a delayed ACK puts off by up to 40 ms.
                            boost::system::error_code ignored;
                            socket.set_option(tcp::no_delay(true), ignored);
                            if (options.tls()) {
                              start_http_session(std::move(socket), tls, ctx);
                            } else {
                              start_http_session(std::move(socket), ctx);
                            }
                            accept();
                          });
  }

  // Out of file descriptors and the like: the connection stays in the listen queue, so an
  // immediate retry fails again at once. Pause (accept_backoff.hpp), then try again.
  void pause_accepting(boost::system::error_code ec) {
    const auto d = backoff.failed(accept_backoff::clock::now(), ec.message());
    if (d.log) {
      log.write(log_level::error, *d.log);
    }
    accept_retry.expires_after(d.delay);
    accept_retry.async_wait([this](boost::system::error_code wait_ec) {
      if (!wait_ec && acceptor.is_open()) {
        accept();
      }
    });
  }

  void begin_shutdown() {
    if (ctx.stopping.exchange(true)) {
      return;
    }
    log.write(log_level::info, "shutting down");
    {
      std::lock_guard lock(stop_mutex);
      stop_requested = true;
    }
    stop_cv.notify_all();
    net::post(acceptor.get_executor(), [this] {
      boost::system::error_code ignored;
      acceptor.close(ignored);
      accept_retry.cancel();
    });
    signals.cancel();
    if (redis) {
      redis->link.stop();
    }
    for (const auto& session : ctx.registry.all_closables()) {
      session->shutdown();
    }
  }

  // --redis: the link and the rooms over it, which replace the embedded ones.
  struct redis_rooms {
    redis_rooms(net::io_context& io, const server_options& options, logger& log)
        : link(io, *options.redis, log),
          counter(link),
          chat(link, options.chat_replay_max, options.chat_history_max) {}
    redis_link link;
    redis_counter_room counter;
    redis_chat_room chat;
  };

  server_options options;
  logger& log;
  server_context ctx;
  unsigned threads;
  net::io_context io;
  tcp::acceptor acceptor;
  net::steady_timer accept_retry;  ///< on the acceptor's strand
  accept_backoff backoff;          ///< on the acceptor's strand
  net::signal_set signals;
  net::ssl::context tls;
  std::unique_ptr<redis_rooms> redis;

  std::mutex stop_mutex;
  std::condition_variable stop_cv;
  bool stop_requested = false;
  bool finished = false;
};

server::server(server_options options, logger& log, chat_store* chat)
    : impl_(std::make_unique<impl>(std::move(options), log, chat)) {}

server::~server() = default;

std::error_code server::listen(std::string& error_text) {
  auto& d = *impl_;
  boost::system::error_code ec;
  if (d.options.tls()) {
    // TLS 1.2 or newer only.
    d.tls.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                      net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                      net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use);
    d.tls.use_certificate_chain_file(d.options.tls_cert, ec);
    if (ec) {
      error_text = "cannot load TLS certificate " + d.options.tls_cert + ": " + ec.message();
      return ec;
    }
    d.tls.use_private_key_file(d.options.tls_key, net::ssl::context::pem, ec);
    if (ec) {
      error_text = "cannot load TLS key " + d.options.tls_key + ": " + ec.message();
      return ec;
    }
  }
  const auto address = net::ip::make_address(d.options.host, ec);
  if (ec) {
    error_text = "invalid --host " + d.options.host + ": " + ec.message();
    return ec;
  }
  const tcp::endpoint endpoint(address, d.options.port);
  d.acceptor.open(endpoint.protocol(), ec);
  if (!ec) {
    d.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    d.acceptor.bind(endpoint, ec);
  }
  if (!ec) {
    d.acceptor.listen(net::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    error_text = "cannot listen on " + d.options.host + ":" + std::to_string(d.options.port) +
                 ": " + ec.message();
  }
  return ec;
}

std::uint16_t server::port() const {
  boost::system::error_code ec;
  const auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void server::run() {
  auto& d = *impl_;
  d.signals.async_wait([&d](boost::system::error_code ec, int) {
    if (!ec) {
      d.begin_shutdown();
    }
  });
  d.accept();
  if (d.redis) {
    d.redis->link.start();
  }
  d.log.write(log_level::info, "serving with " + std::to_string(d.threads) + " I/O thread(s)");

  // The watchdog: once shutdown starts, give sessions the deadline to finish their closing
  // handshakes, then stop the io_context whatever is left.
  std::thread watchdog([&d] {
    std::unique_lock lock(d.stop_mutex);
    d.stop_cv.wait(lock, [&d] { return d.stop_requested || d.finished; });
    if (d.finished) {
      return;
    }
    if (!d.stop_cv.wait_for(lock, shutdown_deadline, [&d] { return d.finished; })) {
      d.log.write(log_level::info, "shutdown deadline reached: dropping remaining connections");
      d.io.stop();
    }
  });

  std::vector<std::thread> workers;
  for (unsigned i = 1; i < d.threads; ++i) {
    workers.emplace_back([&d] { d.io.run(); });
  }
  d.io.run();
  for (auto& t : workers) {
    t.join();
  }
  {
    std::lock_guard lock(d.stop_mutex);
    d.finished = true;
  }
  d.stop_cv.notify_all();
  watchdog.join();
}

void server::request_stop() {
  auto& d = *impl_;
  net::post(d.io, [&d] { d.begin_shutdown(); });
}

}  // namespace wsclient::demo
