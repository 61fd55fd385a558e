// The state the client facade (any thread) and its session (event context) share: the send
// queues, the counters, and the phase that says what a connect() or a send gets. One mutex
// guards it, never held while a handler runs; every member takes it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>
#include <system_error>
#include <vector>

#include "outbox.hpp"
#include "scheduler.hpp"
#include "tracked_store.hpp"
#include "wsclient/error.hpp"
#include "wsclient/events.hpp"

namespace wsclient::detail {

/// What connect() and send_*() get right now. The facade moves it at once, so that connect()
/// and close() take effect before the session has run them; the session moves it as the
/// connection opens and ends. (The session's own state machine is in session.hpp.)
enum class send_phase {
  idle,       ///< before connect(): sends queue in the outbox; connect() starts
  started,    ///< connect() accepted, not open: sends queue; connect() is refused
  open,       ///< sends are handed to the session at once ("sent")
  open_hook,  ///< open, and the open hook runs: what it sends goes ahead of the outbox
  stopping,   ///< close() called, gave up or destroyed: sends refused, connect() too until...
  stopped,    ///< ...the session has finished: closed for good, connect() starts again
};

/// @par Thread Safety  Every member may be called from any thread; "session side" members
/// are called on the event context only.
class shared_state {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  shared_state(const outbox_options& o, const tracking_options& t, std::size_t low_water_mark)
      : box_(o), tracked_(t), low_water_mark_(low_water_mark) {}

  /// What a send got, and whether the session must be asked to flush (once per batch).
  struct admission {
    send_result result;
    bool post_flush = false;
  };

  // Facade side: the caller learns at once whether its call was accepted.
  std::error_code start();  ///< connect(): errc::already_started unless idle or stopped
  void stop();              ///< close() or the destructor: sticky from here
  /// Sent, queued or refused, by the phase and the outbox limits. With a tracking id, the
  /// message is also kept until acknowledge(id) (see tracked_store.hpp); while not open it
  /// waits with the tracked ones, not in the outbox.
  admission admit(message&& m, const scheduler& events,
                  std::optional<std::string_view> track_id = std::nullopt);
  /// The tracked message with this id arrived: forget it. False when none is pending.
  bool acknowledge(std::string_view track_id);
  send_result refuse(errc why);  ///< a send refused before it reached the queues
  std::size_t buffered_amount() const;
  client_stats stats(time_point now) const;
  connection_state state() const noexcept { return state_.load(); }

  // Session side.
  /// Publishes the session's state; returns the one it replaces.
  connection_state publish(connection_state s) noexcept { return state_.exchange(s); }
  void count_attempt();
  void count_received(std::size_t bytes) noexcept {
    // One writer: a relaxed load and store, no read-modify-write.
    messages_received_.store(messages_received_.load(std::memory_order_relaxed) + 1,
                             std::memory_order_relaxed);
    bytes_received_.store(bytes_received_.load(std::memory_order_relaxed) + bytes,
                          std::memory_order_relaxed);
  }
  /// The connection opened: every unacknowledged tracked message, then the outbox (minus what
  /// expired, returned as a count) go out first, ahead of everything sent from now on (the
  /// open hook's sends excepted).
  std::size_t opened(time_point now);
  void open_hook_running(bool running);
  /// Moves what waits to be sent (open-hook messages first) into batch, counted as sent.
  /// Only when can_send; either way the next send posts a flush again.
  void take_ready(std::vector<message>& batch, bool can_send);
  /// A send is waiting for the flush it posted. Without the lock: the session asks after each
  /// message handler, so that what the handler sent goes out before the next message is read.
  bool sends_waiting() const noexcept { return flush_posted_.load(std::memory_order_relaxed); }
  /// A message the session sends by itself (the heartbeat).
  void count_direct_send(std::size_t bytes);
  /// The transport wrote this many payload bytes; true when that took buffered_amount() down
  /// to the low-water mark from above it (on_drain is due).
  bool written(std::size_t bytes);
  /// A pong answered a ping sent `rtt` ago.
  void ping_answered(std::chrono::microseconds rtt);
  /// The connection or attempt ended: what was not sent goes back to the front of the
  /// outbox, oldest first (dropped when the client is stopping).
  void connection_ended(std::vector<message>&& unsent, time_point now);
  /// Retries have stopped: sends are refused from now on; returns the outbox, and the
  /// unacknowledged tracked messages in `unacknowledged`.
  std::vector<message> give_up(std::vector<tracked_message>& unacknowledged);
  /// Closed for good: the queues are emptied and connect() may start again (unless it already
  /// has, after a close() before the client had started).
  void finished();

 private:
  std::size_t buffered_locked() const;  ///< buffered_amount(), the mutex held
  void note_buffered();                 ///< after a send was accepted, the mutex held

  /// A message on its way to the transport; seq: its number in tracked_, 0 if untracked.
  struct pending {
    message m;
    tracked_store::sequence seq = 0;
  };
  static void append(std::vector<message>& to, std::vector<pending>& from);

  mutable std::mutex mutex_;
  send_phase phase_ = send_phase::idle;
  outbox box_;                     ///< sends while not open (bounded)
  tracked_store tracked_;          ///< tracked sends until acknowledged (bounded)
  std::vector<pending> ready_;     ///< sends while open, waiting for the session to take them
  std::vector<pending> priority_;  ///< sends from the open hook: they go before the outbox
  /// Messages handed to this connection's transport so far (what it gives back unsent is the
  /// last of them, so their positions say which were tracked).
  std::uint64_t handed_ = 0;
  std::size_t ready_bytes_ = 0;  ///< payload bytes in ready_ + priority_
  /// A flush is already on its way to the event context (changed under the mutex only).
  std::atomic<bool> flush_posted_{false};
  client_stats stats_;
  std::size_t low_water_mark_;
  std::optional<time_point> opened_at_;  ///< of the current connection
  /// buffered_amount() went above the low-water mark since it was last at or below it.
  std::atomic<bool> above_low_water_{false};

  std::atomic<connection_state> state_{connection_state::idle};
  std::atomic<std::size_t> in_transport_bytes_{0};  ///< given to the transport, not yet written
  // Counted for every message received: written by the event context only, read by stats()
  // from any thread, so atomics rather than the mutex (which costs more than the message).
  std::atomic<std::uint64_t> messages_received_{0};
  std::atomic<std::uint64_t> bytes_received_{0};
};

}  // namespace wsclient::detail
