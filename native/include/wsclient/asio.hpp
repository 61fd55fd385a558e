// Native only: run clients on an Asio executor the application owns, and await them from
// C++20 coroutines. The rest of the API (wsclient/client.hpp) has no Asio types.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <memory>

#include "wsclient/client.hpp"

namespace wsclient {

/// A client whose events run on a strand of executor (e.g. io_context.get_executor())
/// instead of a thread of its own. The application keeps the executor's context running
/// while the client lives.
std::unique_ptr<client> make_client(boost::asio::any_io_executor executor,
                                    client_options options = {});

}  // namespace wsclient
