#include "redis_process.hpp"

#include <csignal>
#include <fstream>
#include <stdexcept>

namespace wsclient::test {

namespace {
constexpr auto start_timeout = std::chrono::milliseconds{10'000};
}

redis_process::redis_process() : dir_("redis_test"), config_(dir_.file("redis.conf")) {
  std::ofstream conf(config_);
  conf << "port 0\n"
       << "unixsocket " << dir_.file("redis.sock") << "\n"
       << "unixsocketperm 700\n"
       << "dir " << dir_.path().string() << "\n"
       << "save \"\"\n"
       << "appendonly yes\n"
       << "appendfsync always\n"
       << "daemonize no\n"
       << "logfile \"\"\n"
       << "loglevel notice\n";
  conf.close();
  if (!conf) {
    throw std::runtime_error("cannot write " + config_);
  }
  start();
}

redis_process::~redis_process() {
  kill();
}

std::string redis_process::url() const {
  return "unix://" + dir_.file("redis.sock");
}

void redis_process::kill() {
  if (process_) {
    process_->send_signal(SIGKILL);
    (void)process_->wait_exit(start_timeout);
    process_.reset();
  }
}

void redis_process::start() {
  if (process_) {
    return;
  }
  process_ = std::make_unique<child_process>(
      std::vector<std::string>{WSCLIENT_TEST_REDIS_SERVER, config_}, child_stderr::to_stdout);
  const auto deadline = std::chrono::steady_clock::now() + start_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto line = process_->read_line(std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now()));
    if (!line) {
      break;
    }
    // "Ready to accept connections", or "now ready to accept connections" (7.0).
    if (line->find("eady to accept connections") != std::string::npos) {
      return;
    }
  }
  process_.reset();
  throw std::runtime_error("redis-server did not start (" + config_ + ")");
}

}  // namespace wsclient::test
