#include "redis_link.hpp"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <random>

#include "redis_asio.hpp"

namespace wsclient::demo {

namespace net = boost::asio;

namespace {

redis_reply copy_reply(const redisReply& r) {
  redis_reply out;
  switch (r.type) {
    case REDIS_REPLY_INTEGER:
      out.type = redis_reply::kind::integer;
      out.integer = r.integer;
      break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      out.type = redis_reply::kind::text;
      out.text.assign(r.str, r.len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = redis_reply::kind::error;
      out.text.assign(r.str, r.len);
      break;
    case REDIS_REPLY_ARRAY:
      out.type = redis_reply::kind::array;
      for (std::size_t i = 0; i < r.elements; ++i) {
        out.elements.push_back(copy_reply(*r.element[i]));
      }
      break;
    default:
      break;
  }
  return out;
}

redis_reply error_reply_of(std::string text) {
  redis_reply r;
  r.type = redis_reply::kind::error;
  r.text = std::move(text);
  return r;
}

std::string random_node_id() {
  std::random_device random;
  std::uniform_int_distribution<std::uint64_t> any;
  constexpr std::string_view digits = "0123456789abcdef";
  std::string id;
  for (auto n = any(random); id.size() < 16; n >>= 4) {
    id += digits[n & 15];
  }
  return id + "-" + std::to_string(::getpid());
}

}  // namespace

struct redis_link::impl {
  impl(net::io_context& io, redis_address a, logger& l)
      : strand(net::make_strand(io)),
        retry_timer(strand),
        tick_timer(strand),
        address(std::move(a)),
        log(l),
        node(random_node_id()) {}

  // The listeners may be gone already: their pending commands get no callback.
  ~impl() {
    discard_replies = true;
    close_both();
  }

  // --- connecting ------------------------------------------------------------------------

  redisAsyncContext* open(std::string& error) {
    redisAsyncContext* c = address.unix_path.empty()
                               ? redisAsyncConnect(address.host.c_str(), address.port)
                               : redisAsyncConnectUnix(address.unix_path.c_str());
    if (c == nullptr) {
      error = "out of memory";
      return nullptr;
    }
    if (c->err != 0) {
      error = c->errstr;
      redisAsyncFree(c);
      return nullptr;
    }
    c->data = this;
    attach_redis_to_asio(*c, strand);
    redisAsyncSetConnectCallback(c, on_connect);
    redisAsyncSetDisconnectCallback(c, on_disconnect);
    return c;
  }

  void connect() {
    if (stopped) {
      return;
    }
    std::string error;
    commands = open(error);
    subscriber = commands != nullptr ? open(error) : nullptr;
    if (subscriber == nullptr) {
      fail("cannot connect to Redis at " + address.display() + ": " + error);
    }
  }

  static impl& of(const redisAsyncContext* c) { return *static_cast<impl*>(c->data); }

  // hiredis frees a context whose connection failed right after this callback: forget it first.
  static void on_connect(const redisAsyncContext* c, int status) {
    auto& self = of(c);
    if (c != self.commands && c != self.subscriber) {
      return;
    }
    if (status != REDIS_OK) {
      self.forget(c);
      self.fail("cannot connect to Redis at " + self.address.display() + ": " + c->errstr);
      return;
    }
    (c == self.commands ? self.commands_connected : self.subscriber_connected) = true;
    if (self.commands_connected && self.subscriber_connected) {
      self.subscribe();
    }
  }

  static void on_disconnect(const redisAsyncContext* c, int) {
    auto& self = of(c);
    if (c != self.commands && c != self.subscriber) {
      return;  // one we are freeing ourselves
    }
    self.forget(c);
    self.fail(std::string("lost the connection to Redis at ") + self.address.display() +
              (c->errstr[0] != '\0' ? std::string(": ") + c->errstr : std::string()));
  }

  void forget(const redisAsyncContext* c) {
    if (c == commands) {
      commands = nullptr;
    } else {
      subscriber = nullptr;
    }
  }

  void subscribe() {
    std::vector<const char*> argv{"SUBSCRIBE"};
    std::vector<std::size_t> lengths{9};
    for (const auto& channel : channels) {
      argv.push_back(channel.c_str());
      lengths.push_back(channel.size());
    }
    subscribed = 0;
    redisAsyncCommandArgv(subscriber, on_published, this, static_cast<int>(argv.size()),
                          argv.data(), lengths.data());
  }

  // SUBSCRIBE's confirmations, then every message of the channels.
  static void on_published(redisAsyncContext* c, void* r, void*) {
    auto& self = of(c);
    const auto* reply = static_cast<const redisReply*>(r);
    if (reply == nullptr || reply->type != REDIS_REPLY_ARRAY || reply->elements < 3 ||
        c != self.subscriber) {
      return;
    }
    const std::string_view kind(reply->element[0]->str, reply->element[0]->len);
    if (kind == "subscribe") {
      if (++self.subscribed == self.channels.size()) {
        self.became_up();
      }
    } else if (kind == "message" && reply->element[2]->type == REDIS_REPLY_STRING) {
      const std::string channel(reply->element[1]->str, reply->element[1]->len);
      const std::string payload(reply->element[2]->str, reply->element[2]->len);
      for (auto* l : self.listeners) {
        l->on_redis_message(channel, payload);
      }
    }
  }

  void became_up() {
    delay = std::chrono::milliseconds{0};
    reported_down = false;
    is_up.store(true);
    log.write(log_level::info, "connected to Redis at " + address.display() + " as node " + node);
    for (auto* l : listeners) {
      l->on_redis_up();
    }
    schedule_tick();
  }

  void schedule_tick() {
    tick_timer.expires_after(heartbeat_interval);
    tick_timer.async_wait([this](boost::system::error_code ec) {
      if (ec || !is_up.load()) {
        return;
      }
      for (auto* l : listeners) {
        l->on_redis_tick();
      }
      schedule_tick();
    });
  }

  // --- losing it -------------------------------------------------------------------------

  void close_both() {
    commands_connected = subscriber_connected = false;
    for (auto* c : {std::exchange(commands, nullptr), std::exchange(subscriber, nullptr)}) {
      if (c != nullptr) {
        redisAsyncFree(c);  // pending commands get their callbacks with no reply
      }
    }
  }

  void fail(const std::string& reason) {
    const bool was_up = is_up.exchange(false);
    tick_timer.cancel();
    close_both();
    if (stopped) {
      return;
    }
    delay = std::clamp(delay * 2, first_retry, max_retry);
    // One line per outage, not per attempt.
    if (was_up || !reported_down) {
      log.write(log_level::warn,
                reason + "; retrying every " + std::to_string(max_retry.count()) + " ms at most");
      reported_down = true;
      for (auto* l : listeners) {
        l->on_redis_down(reason);
      }
    }
    retry_timer.expires_after(delay);
    retry_timer.async_wait([this](boost::system::error_code ec) {
      if (!ec) {
        connect();
      }
    });
  }

  // --- commands --------------------------------------------------------------------------

  static void on_reply(redisAsyncContext* c, void* r, void* data) {
    const std::unique_ptr<redis_reply_handler> done(static_cast<redis_reply_handler*>(data));
    const auto* reply = static_cast<const redisReply*>(r);
    if (of(c).discard_replies) {
      return;
    }
    (*done)(reply != nullptr ? copy_reply(*reply) : error_reply_of("lost the connection to Redis"));
  }

  void send(const std::vector<std::string>& args, redis_reply_handler done) {
    if (commands == nullptr || !is_up.load()) {
      done(error_reply_of("Redis is unavailable"));
      return;
    }
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    auto handler = std::make_unique<redis_reply_handler>(std::move(done));
    if (redisAsyncCommandArgv(commands, on_reply, handler.get(), static_cast<int>(argv.size()),
                              argv.data(), lengths.data()) == REDIS_OK) {
      (void)handler.release();  // on_reply owns it now
    } else {
      (*handler)(error_reply_of("Redis is unavailable"));
    }
  }

  net::strand<net::io_context::executor_type> strand;
  net::steady_timer retry_timer;
  net::steady_timer tick_timer;
  redis_address address;
  logger& log;
  std::string node;
  std::vector<redis_listener*> listeners;
  std::vector<std::string> channels;

  // On the strand:
  redisAsyncContext* commands = nullptr;
  redisAsyncContext* subscriber = nullptr;
  bool commands_connected = false;
  bool subscriber_connected = false;
  std::size_t subscribed = 0;
  bool stopped = false;
  bool reported_down = false;
  bool discard_replies = false;
  std::chrono::milliseconds delay{0};

  std::atomic<bool> is_up{false};
};

redis_link::redis_link(net::io_context& io, redis_address address, logger& log)
    : impl_(std::make_unique<impl>(io, std::move(address), log)) {}

redis_link::~redis_link() = default;

void redis_link::add_listener(redis_listener& listener, std::vector<std::string> channels) {
  impl_->listeners.push_back(&listener);
  for (auto& c : channels) {
    impl_->channels.push_back(std::move(c));
  }
}

void redis_link::start() {
  net::post(impl_->strand, [d = impl_.get()] { d->connect(); });
}

void redis_link::stop() {
  net::post(impl_->strand, [d = impl_.get()] {
    d->stopped = true;
    d->is_up.store(false);
    d->retry_timer.cancel();
    d->tick_timer.cancel();
    d->close_both();
  });
}

void redis_link::command(std::vector<std::string> args, redis_reply_handler done) {
  net::post(impl_->strand, [d = impl_.get(), args = std::move(args),
                            done = std::move(done)]() mutable { d->send(args, std::move(done)); });
}

bool redis_link::up() const {
  return impl_->is_up.load();
}

const std::string& redis_link::node_id() const {
  return impl_->node;
}

}  // namespace wsclient::demo
