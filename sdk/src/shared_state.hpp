// The state the client facade (any thread) and its session (event context) share: the send
// queues and the counters. Guarded by one mutex that is never held while a handler runs.
#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <vector>

#include "outbox.hpp"
#include "wsclient/events.hpp"

namespace wsclient::detail {

struct shared_state {
  explicit shared_state(const outbox_options& o) : box(o) {}

  std::mutex mutex;
  outbox box;                     ///< sends while not open (bounded)
  std::vector<message> ready;     ///< sends while open, waiting for the session to take them
  std::vector<message> priority;  ///< sends from the open hook: they go before the outbox
  std::size_t ready_bytes = 0;    ///< payload bytes in ready + priority
  bool open = false;              ///< sends are "sent", not "queued"
  bool in_open_hook = false;
  bool stopped = false;       ///< closed or gave up: sends are refused
  bool active = false;        ///< connect() accepted and the client has not stopped since
  bool flush_posted = false;  ///< a flush is already on its way to the event context
  client_stats stats;

  std::atomic<connection_state> state{connection_state::idle};
  std::atomic<std::size_t> in_transport_bytes{0};  ///< given to the transport, not yet written
};

}  // namespace wsclient::detail
