#include "address_race.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <utility>

namespace wsclient::detail {

namespace net = boost::asio;

std::vector<net::ip::tcp::endpoint> interleave_families(
    const std::vector<net::ip::tcp::endpoint>& endpoints) {
  if (endpoints.empty()) {
    return {};
  }
  const bool first_v6 = endpoints.front().address().is_v6();
  std::vector<net::ip::tcp::endpoint> same;
  std::vector<net::ip::tcp::endpoint> other;
  for (const auto& e : endpoints) {
    (e.address().is_v6() == first_v6 ? same : other).push_back(e);
  }
  std::vector<net::ip::tcp::endpoint> out;
  for (std::size_t i = 0; i < same.size() || i < other.size(); ++i) {
    if (i < same.size()) {
      out.push_back(same[i]);
    }
    if (i < other.size()) {
      out.push_back(other[i]);
    }
  }
  return out;
}

address_race::address_race(net::any_io_executor executor, std::vector<endpoint> endpoints,
                           std::chrono::milliseconds stagger, handler done)
    : executor_(std::move(executor)),
      endpoints_(std::move(endpoints)),
      stagger_(stagger),
      done_(std::move(done)),
      timer_(executor_),
      last_error_(net::error::host_not_found) {}

void address_race::start() {
  if (endpoints_.empty()) {
    net::post(executor_, [self = shared_from_this()] {
      self->finish(self->last_error_, socket(self->executor_), {});
    });
    return;
  }
  launch_next();
}

void address_race::cancel() {
  finished_ = true;
  done_ = nullptr;  // it may hold the owner, which holds this race
  close_all();
}

void address_race::close_all() {
  ++timer_generation_;
  timer_.cancel();
  for (auto& a : attempts_) {
    boost::system::error_code ignored;
    a.s.close(ignored);
  }
}

void address_race::launch_next() {
  auto it = attempts_.emplace(attempts_.end(), executor_, endpoints_[next_++]);
  it->s.async_connect(it->to, [self = shared_from_this(), it](boost::system::error_code ec) {
    self->on_connect(it, ec);
  });
  if (next_ < endpoints_.size()) {
    // RFC 8305 section 5: the next address gets its turn after the delay, not after a
    // failure alone.
    const auto generation = ++timer_generation_;
    timer_.expires_after(stagger_);
    timer_.async_wait([self = shared_from_this(), generation](boost::system::error_code ec) {
      if (!ec && !self->finished_ && generation == self->timer_generation_) {
        self->launch_next();
      }
    });
  }
}

void address_race::on_connect(std::list<attempt>::iterator it,
                              const boost::system::error_code& ec) {
  if (finished_) {
    return;
  }
  if (!ec) {
    auto winner = std::move(it->s);
    const auto to = it->to;
    attempts_.erase(it);
    close_all();  // the losers
    finish(ec, std::move(winner), to);
    return;
  }
  last_error_ = ec;
  attempts_.erase(it);
  if (next_ < endpoints_.size()) {
    ++timer_generation_;  // a failure starts the next address now (section 5)
    timer_.cancel();
    launch_next();
  } else if (attempts_.empty()) {
    finish(last_error_, socket(executor_), {});
  }
}

void address_race::finish(const boost::system::error_code& ec, socket s, const endpoint& to) {
  if (finished_) {
    return;
  }
  finished_ = true;
  auto done = std::move(done_);
  done_ = nullptr;
  done(ec, std::move(s), to);
}

}  // namespace wsclient::detail
