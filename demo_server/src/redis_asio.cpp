#include "redis_asio.hpp"

#include <hiredis/async.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <memory>

namespace wsclient::demo {

namespace {

namespace net = boost::asio;

// One context's socket. Handlers keep it alive with a shared_ptr: hiredis may free the context
// (and call cleanup) from inside redisAsyncHandleRead, while a wait for writing is pending.
struct redis_socket : std::enable_shared_from_this<redis_socket> {
  redis_socket(const net::any_io_executor& executor, redisAsyncContext& ctx)
      : descriptor(executor, ctx.c.fd), context(&ctx) {}

  void wait(net::posix::descriptor_base::wait_type type) {
    const bool read = type == net::posix::descriptor_base::wait_read;
    bool& waiting = read ? read_waiting : write_waiting;
    if (waiting || context == nullptr || !(read ? want_read : want_write)) {
      return;
    }
    waiting = true;
    descriptor.async_wait(
        type, [self = shared_from_this(), type, read](const boost::system::error_code& ec) {
          (read ? self->read_waiting : self->write_waiting) = false;
          if (ec || self->context == nullptr || !(read ? self->want_read : self->want_write)) {
            return;
          }
          if (read) {
            redisAsyncHandleRead(self->context);
          } else {
            redisAsyncHandleWrite(self->context);
          }
          self->wait(type);  // hiredis's hooks are level-triggered: wait again while it wants to
        });
  }

  void detach() {
    context = nullptr;
    boost::system::error_code ignored;
    descriptor.cancel(ignored);
    // The descriptor belongs to hiredis, which closes it right after this hook.
    (void)descriptor.release();
  }

  net::posix::stream_descriptor descriptor;
  redisAsyncContext* context;
  bool want_read = false;
  bool want_write = false;
  bool read_waiting = false;
  bool write_waiting = false;
};

using handle = std::shared_ptr<redis_socket>;

redis_socket& socket_of(void* data) {
  return **static_cast<handle*>(data);
}

void add_read(void* data) {
  auto& s = socket_of(data);
  s.want_read = true;
  s.wait(net::posix::descriptor_base::wait_read);
}

void del_read(void* data) {
  socket_of(data).want_read = false;
}

void add_write(void* data) {
  auto& s = socket_of(data);
  s.want_write = true;
  s.wait(net::posix::descriptor_base::wait_write);
}

void del_write(void* data) {
  socket_of(data).want_write = false;
}

void cleanup(void* data) {
  auto* h = static_cast<handle*>(data);
  (*h)->detach();
  delete h;
}

}  // namespace

bool attach_redis_to_asio(redisAsyncContext& context, const net::any_io_executor& executor) {
  if (context.ev.data != nullptr) {
    return false;
  }
  context.ev.data = new handle(std::make_shared<redis_socket>(executor, context));
  context.ev.addRead = add_read;
  context.ev.delRead = del_read;
  context.ev.addWrite = add_write;
  context.ev.delWrite = del_write;
  context.ev.cleanup = cleanup;
  return true;
}

}  // namespace wsclient::demo
