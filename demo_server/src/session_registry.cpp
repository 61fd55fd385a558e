#include "session_registry.hpp"

namespace wsclient::demo {

void session_registry::add_websocket(std::uint64_t id, std::weak_ptr<connection> conn) {
  std::lock_guard lock(mutex_);
  entries_[id].websocket = std::move(conn);
}

void session_registry::add_http(std::uint64_t id, std::weak_ptr<closable> session) {
  std::lock_guard lock(mutex_);
  entries_[id].closer = std::move(session);
}

bool session_registry::remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  entries_.erase(id);
  return entries_.empty();
}

template <typename T>
std::vector<std::shared_ptr<T>> session_registry::live(std::weak_ptr<T> entry::*member) const {
  std::vector<std::shared_ptr<T>> out;
  std::lock_guard lock(mutex_);
  for (const auto& [id, e] : entries_) {
    if (auto p = (e.*member).lock()) {
      out.push_back(std::move(p));
    }
  }
  return out;
}

std::vector<std::shared_ptr<connection>> session_registry::websockets() const {
  return live(&entry::websocket);
}

std::vector<std::shared_ptr<closable>> session_registry::all_closables() const {
  return live(&entry::closer);
}

std::size_t session_registry::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace wsclient::demo
