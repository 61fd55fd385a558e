// The chat room from a terminal: `chat_terminal NAME URL [URL...]`. Each line typed is said;
// the room's messages print as "[id] name: text", presence and the connection's fate on
// stderr. At end of input it waits until every say is acknowledged (at most 10 s), then leaves.
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <string>
#include <vector>

#include "chat_client.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: chat_terminal NAME URL [URL...]\n";
    return 2;
  }
  std::mutex mutex;
  std::condition_variable acked;
  chat::chat_client::handlers h;
  h.message = [&](const chat::chat_message& m) {
    std::lock_guard lock(mutex);
    std::cout << '[' << m.id << "] " << m.from << ": " << m.text << std::endl;
  };
  h.presence = [&](const std::vector<std::string>& users) {
    std::lock_guard lock(mutex);
    std::cerr << "online:";
    for (const auto& u : users) {
      std::cerr << ' ' << u;
    }
    std::cerr << std::endl;
  };
  h.truncated = [&](std::int64_t oldest) {
    std::lock_guard lock(mutex);
    std::cerr << "(history before message " << oldest << " skipped)" << std::endl;
  };
  h.error = [&](const std::string& why) {
    std::lock_guard lock(mutex);
    std::cerr << "server: " << why << std::endl;
  };
  h.acknowledged = [&](const std::string&, std::int64_t) { acked.notify_all(); };
  chat::chat_client room(argv[1], std::vector<std::string>(argv + 2, argv + argc), std::move(h));
  room.get().on_reconnecting([&](const wsclient::reconnect_info& r) {
    std::lock_guard lock(mutex);
    std::cerr << "reconnecting in " << r.delay.count() << " ms" << std::endl;
  });
  if (const auto ec = room.connect()) {
    std::cerr << "chat_terminal: " << ec.message() << std::endl;
    return 2;
  }
  for (std::string line; std::getline(std::cin, line);) {
    if (!line.empty() && room.say(line).empty()) {
      std::cerr << "chat_terminal: not sent: " << line << std::endl;
    }
  }
  std::unique_lock lock(mutex);
  const bool all =
      acked.wait_for(lock, std::chrono::seconds(10), [&] { return room.pending() == 0; });
  lock.unlock();
  room.close();
  return all ? 0 : 1;
}
