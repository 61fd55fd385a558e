// The two transports a connection runs over, plain TCP and TLS, each under the stall layer of
// the test hooks. The HTTP and WebSocket sessions are compiled for exactly these two.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <type_traits>

#include "stallable_stream.hpp"

namespace wsclient::demo {

using plain_stream = stallable_stream<boost::beast::tcp_stream>;
using tls_stream = stallable_stream<boost::beast::ssl_stream<boost::beast::tcp_stream>>;

template <class Stream>
inline constexpr bool is_tls_stream = std::is_same_v<Stream, tls_stream>;

}  // namespace wsclient::demo
