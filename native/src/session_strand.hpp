// The strand a client's session and its connections run on, held as an any_io_executor (the
// executor type of the transport's sockets, resolver and timers).
#pragma once

#include <boost/asio/any_io_executor.hpp>

namespace wsclient::detail {

/// A strand over executor. When executor is an io_context's (the client's own I/O thread,
/// make_client(io_context), a coroutine's executor on an io_context), the strand is built over
/// the io_context's own executor type: 24 bytes, which any_io_executor holds in place. A
/// strand over an any_io_executor (72 bytes) does not fit, and Asio and Beast copy, prefer and
/// destroy the socket's executor several times per read: each one a heap allocation (measured
/// with callgrind at 1 KiB messages: ~45 % of the instructions per received message went to
/// any_io_executor and malloc/free). Other executors get the general strand.
boost::asio::any_io_executor make_session_strand(const boost::asio::any_io_executor& executor);

/// Whether the calling thread is running a handler of strand (one make_session_strand made).
bool running_in_strand(const boost::asio::any_io_executor& strand) noexcept;

}  // namespace wsclient::detail
