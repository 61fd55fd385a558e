#include "endpoints.hpp"

#include <random>

#include "time_format.hpp"

namespace wsclient::demo {
namespace {

// Every message comes back unchanged: text as text, binary as binary.
class echo_endpoint final : public endpoint {
 public:
  void on_open(const std::shared_ptr<connection>&) override {}
  void on_message(connection& conn, std::string_view data, bool is_text) override {
    conn.send(make_payload(std::string(data)), is_text);
  }
  void on_close(connection&) override {}
};

// Pushes the current UTC time, then waits the interval (fixed, or random 0-3 s like the seed).
// Incoming messages are ignored, as the seed's time server never reads.
class time_endpoint final : public endpoint {
 public:
  explicit time_endpoint(std::optional<std::chrono::milliseconds> interval)
      : interval_(interval), rng_(std::random_device{}()) {}

  void on_open(const std::shared_ptr<connection>& conn) override {
    tick(std::weak_ptr<connection>(conn));
  }
  void on_message(connection&, std::string_view, bool) override {}
  void on_close(connection&) override {}

 private:
  void tick(const std::weak_ptr<connection>& weak) {
    const auto conn = weak.lock();
    if (!conn) {
      return;
    }
    conn->send(make_payload(format_utc_microseconds(std::chrono::system_clock::now())), true);
    conn->run_after(next_delay(), [this, weak] { tick(weak); });
  }

  std::chrono::milliseconds next_delay() {
    if (interval_) {
      return *interval_;
    }
    return std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 3000)(rng_));
  }

  std::optional<std::chrono::milliseconds> interval_;
  std::minstd_rand rng_;
};

// A shared room (/counter, /chat): a connection enters it on opening, hands it every message,
// and leaves it when it ends.
class room_endpoint final : public endpoint {
 public:
  explicit room_endpoint(room& shared) : room_(shared) {}
  void on_open(const std::shared_ptr<connection>& conn) override { room_.enter(conn); }
  void on_message(connection& conn, std::string_view data, bool is_text) override {
    room_.handle(conn, data, is_text);
  }
  void on_close(connection& conn) override { room_.leave(conn); }

 private:
  room& room_;
};

}  // namespace

std::unique_ptr<endpoint> make_echo_endpoint(const endpoint_settings&) {
  return std::make_unique<echo_endpoint>();
}

std::unique_ptr<endpoint> make_time_endpoint(const endpoint_settings& settings) {
  return std::make_unique<time_endpoint>(settings.time_interval);
}

std::unique_ptr<endpoint> make_counter_endpoint(const endpoint_settings& settings) {
  if (settings.counter == nullptr) {
    return nullptr;
  }
  return std::make_unique<room_endpoint>(*settings.counter);
}

std::unique_ptr<endpoint> make_chat_endpoint(const endpoint_settings& settings) {
  if (settings.chat == nullptr) {
    return nullptr;
  }
  return std::make_unique<room_endpoint>(*settings.chat);
}

}  // namespace wsclient::demo
