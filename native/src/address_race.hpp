// A TCP connection to the first of several addresses that answers, in the manner of Happy
// Eyeballs (RFC 8305): when a name resolves to several addresses, a slow or dead first one
// (an IPv6 route that black-holes, a server down on one of its addresses) costs a short
// delay instead of the whole connect timeout.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <vector>

namespace wsclient::detail {

/// RFC 8305 section 8: the recommended Connection Attempt Delay.
inline constexpr std::chrono::milliseconds connection_attempt_delay{250};

/// The addresses in the order they are tried (RFC 8305 section 4): the resolver's order (RFC
/// 6724), with the two families interleaved, starting with the family of the first.
std::vector<boost::asio::ip::tcp::endpoint> interleave_families(
    const std::vector<boost::asio::ip::tcp::endpoint>& endpoints);

/// Connects to endpoints in order, starting the next one `stagger` after the last one started
/// (at once when one fails); the first that connects wins and the others are closed.
/// @par Thread Safety  Runs on its executor (a strand); cancel() there too.
class address_race : public std::enable_shared_from_this<address_race> {
 public:
  using socket = boost::asio::ip::tcp::socket;
  using endpoint = boost::asio::ip::tcp::endpoint;
  /// The winner and its address, or the last failure (every address failed; an empty list
  /// gives host_not_found).
  using handler = std::function<void(boost::system::error_code, socket, endpoint)>;

  address_race(boost::asio::any_io_executor executor, std::vector<endpoint> endpoints,
               std::chrono::milliseconds stagger, handler done);

  /// Begins the race; done runs once, on the executor, unless cancel() comes first.
  void start();
  /// Closes every connection under way; done will not run.
  void cancel();

 private:
  struct attempt {
    explicit attempt(boost::asio::any_io_executor e, const endpoint& where)
        : s(std::move(e)), to(where) {}
    socket s;
    endpoint to;
  };

  void launch_next();
  void close_all();
  void on_connect(std::list<attempt>::iterator it, const boost::system::error_code& ec);
  void finish(const boost::system::error_code& ec, socket s, const endpoint& to);

  boost::asio::any_io_executor executor_;
  std::vector<endpoint> endpoints_;
  std::chrono::milliseconds stagger_;
  handler done_;
  boost::asio::steady_timer timer_;
  std::uint64_t timer_generation_ = 0;  ///< a wait that was replaced does nothing
  std::list<attempt> attempts_;         ///< under way (stable iterators)
  std::size_t next_ = 0;
  boost::system::error_code last_error_;
  bool finished_ = false;
};

}  // namespace wsclient::detail
