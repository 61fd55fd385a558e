#include "session_strand.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

namespace wsclient::detail {

namespace net = boost::asio;

namespace {
using io_executor = net::io_context::executor_type;
}  // namespace

net::any_io_executor make_session_strand(const net::any_io_executor& executor) {
  if (const auto* io = executor.target<io_executor>()) {
    return net::make_strand(*io);
  }
  return net::make_strand(executor);
}

bool running_in_strand(const net::any_io_executor& strand) noexcept {
  if (const auto* s = strand.target<net::strand<io_executor>>()) {
    return s->running_in_this_thread();
  }
  if (const auto* s = strand.target<net::strand<net::any_io_executor>>()) {
    return s->running_in_this_thread();
  }
  return false;
}

}  // namespace wsclient::detail
