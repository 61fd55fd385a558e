#include "client_access.hpp"
#include "native_backend.hpp"
#include "wsclient/asio.hpp"

namespace wsclient {

std::unique_ptr<client> make_client(boost::asio::any_io_executor executor) {
  return make_client(std::move(executor), client_options{});
}

std::unique_ptr<client> make_client(boost::asio::any_io_executor executor, client_options options) {
  auto be = detail::make_native_backend(std::move(executor), options, {});
  return detail::client_access::make(std::move(options), std::move(be));
}

}  // namespace wsclient
