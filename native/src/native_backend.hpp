// Builds the native backend over any Asio executor.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <functional>

#include "backend.hpp"

namespace wsclient::detail {

/// The session runs on a strand of executor; release runs when the client is destroyed.
backend make_native_backend(boost::asio::any_io_executor executor, const client_options& options,
                            std::function<void(bool wait)> release);

}  // namespace wsclient::detail
