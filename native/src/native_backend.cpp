// The native backend: the session on a strand, either of the client's own I/O thread or of
// an executor the application gives (wsclient/asio.hpp).
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdlib>
#include <memory>
#include <thread>

#include "asio_scheduler.hpp"
#include "backend.hpp"
#include "background_closes.hpp"
#include "beast_transport.hpp"
#include "native_backend.hpp"
#include "session_strand.hpp"

namespace wsclient::detail {

namespace net = boost::asio;

namespace {

/// The client's own I/O thread. It keeps itself alive until its io_context runs out of work,
/// so that a client destroyed on this very thread (from a handler) can let it finish
/// detached instead of joining itself.
struct io_thread : std::enable_shared_from_this<io_thread> {
  net::io_context io{1};
  net::executor_work_guard<net::io_context::executor_type> work{io.get_executor()};
  std::thread thread;
  std::shared_ptr<std::atomic<bool>> finished = std::make_shared<std::atomic<bool>>(false);

  void start() {
    thread = std::thread([self = shared_from_this(), done = finished]() mutable {
      self->io.run();
      self.reset();  // the io_context, and what its handlers held, go before `done` says so
      done->store(true);
    });
  }

  void release(bool wait) {
    // Runs out of work once the session has dropped its connection and timers.
    net::post(io, [self = shared_from_this()] { self->work.reset(); });
    if (thread.get_id() == std::this_thread::get_id()) {
      thread.detach();  // destroyed from its own handler: it cannot join itself
    } else if (!wait) {
      finish_in_background(std::move(thread), finished);
    } else if (thread.joinable()) {
      thread.join();
    }
  }
};

}  // namespace

backend make_native_backend(net::any_io_executor executor, const client_options& options,
                            std::function<void(bool wait)> release) {
  auto strand = make_session_strand(executor);
  auto ctx = std::make_shared<native_context>(strand, options.tls);
  backend be;
  be.events = std::make_shared<asio_scheduler>(strand);
  be.caps = default_capabilities();
  be.check_setup = [tls = options.tls] { return check_tls_files(tls); };
  be.make_transport = [ctx](std::weak_ptr<transport_events> events, std::uint64_t epoch,
                            const connect_request& request) {
    return make_beast_transport(*ctx, std::move(events), epoch, request);
  };
  be.read_proxy_environment = [] { return read_proxy_environment(std::getenv); };
  be.release = std::move(release);
  return be;
}

backend make_default_backend(const client_options& options) {
  auto thread = std::make_shared<io_thread>();
  thread->start();
  return make_native_backend(thread->io.get_executor(), options,
                             [thread](bool wait) { thread->release(wait); });
}

capabilities default_capabilities() noexcept {
  capabilities c;
  c.custom_headers = true;
  c.tls_options = true;
  c.protocol_ping = true;
  c.http_status = true;
  c.compression_options = true;
  c.own_thread = true;
  c.proxy = true;
  c.resolve_overrides = true;
  return c;
}

}  // namespace wsclient::detail
