// The timers of one connection: a slot per purpose, at most one pending in each. They belong to
// the connection they were set for: after forget() none of them runs, even one whose cancel
// lost the race with its firing (natively, a timer's handler can already be queued), and none
// runs after its owner is gone.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

#include "scheduler.hpp"

namespace wsclient::detail {

/// @par Thread Safety  Event context only.
class connection_timers {
 public:
  enum slot : std::size_t { connect, retry, close, liveness, slot_count };

  explicit connection_timers(std::shared_ptr<scheduler> events) : events_(std::move(events)) {}

  /// Runs fn(owner) after delay, replacing what was pending in the slot, unless the slot is
  /// cancelled, the timers are forgotten or the owner is gone first. The timer holds the owner
  /// weakly.
  template <class Owner, class Fn>
  void arm(slot s, milliseconds delay, std::weak_ptr<Owner> owner, Fn fn) {
    cancel(s);
    slots_->ids[s] = events_->schedule(
        delay, [owner = std::move(owner), weak_slots = std::weak_ptr<slots>(slots_),
                generation = slots_->generation, s, fn = std::move(fn)] {
          const auto self = owner.lock();
          const auto live = weak_slots.lock();
          if (self && live && live->generation == generation) {
            live->ids[s].reset();
            fn(*self);
          }
        });
  }

  void cancel(slot s) {
    if (auto& id = slots_->ids[s]) {
      events_->cancel(*id);
      id.reset();
    }
  }

  bool pending(slot s) const { return slots_->ids[s].has_value(); }

  /// Cancels every slot; a timer set before this never runs.
  void forget() {
    for (std::size_t s = 0; s < slot_count; ++s) {
      cancel(static_cast<slot>(s));
    }
    ++slots_->generation;
  }

 private:
  struct slots {
    std::array<std::optional<scheduler::timer_id>, slot_count> ids;
    std::uint64_t generation = 0;
  };

  std::shared_ptr<scheduler> events_;
  std::shared_ptr<slots> slots_ = std::make_shared<slots>();
};

}  // namespace wsclient::detail
