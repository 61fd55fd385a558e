#include "tcp_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <stdexcept>

namespace wsclient::test {
namespace {

using steady = std::chrono::steady_clock;

int millis_left(steady::time_point deadline) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - steady::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<decltype(left)>(left, INT_MAX));
}

// Waits until fd is ready for events or the deadline passes.
bool wait_for(int fd, short events, steady::time_point deadline) {
  for (;;) {
    pollfd pfd{fd, events, 0};
    const int ready = ::poll(&pfd, 1, millis_left(deadline));
    if (ready > 0) {
      return true;
    }
    if (ready == 0 || errno != EINTR) {
      return false;
    }
  }
}

}  // namespace

tcp_client::tcp_client(std::uint16_t port, milliseconds timeout) {
  const auto deadline = steady::now() + timeout;
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    throw std::runtime_error(std::string("tcp_client: socket: ") + std::strerror(errno));
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int error = 0;
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    error = errno;
    if (error == EINPROGRESS && wait_for(fd_, POLLOUT, deadline)) {
      socklen_t size = sizeof error;
      ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &size);
    } else if (error == EINPROGRESS) {
      error = ETIMEDOUT;
    }
  }
  if (error != 0) {
    close();
    throw std::runtime_error("tcp_client: connect to port " + std::to_string(port) + ": " +
                             std::strerror(error));
  }
}

tcp_client::~tcp_client() {
  close();
}

bool tcp_client::write(std::string_view bytes, milliseconds timeout) {
  const auto deadline = steady::now() + timeout;
  while (!bytes.empty() && fd_ >= 0) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!wait_for(fd_, POLLOUT, deadline)) {
        return false;
      }
    } else if (n < 0 && errno != EINTR) {
      return false;
    }
  }
  return bytes.empty();
}

const std::string& tcp_client::read_until(const std::function<bool(std::string_view)>& done,
                                          milliseconds timeout) {
  const auto deadline = steady::now() + timeout;
  while (!done(received_) && !eof_ && fd_ >= 0) {
    if (!wait_for(fd_, POLLIN, deadline)) {
      break;
    }
    char chunk[65536];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      received_.append(chunk, static_cast<std::size_t>(n));
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) {
      eof_ = true;
    }
  }
  return received_;
}

void tcp_client::close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace wsclient::test
