// The demo server's fault-injection hooks (only with --test-hooks): they make reconnect and
// liveness tests deterministic. Plain HTTP POSTs on the server's own port:
//   POST /_test/drop                                 drop every WebSocket, no close frame
//   POST /_test/close?code=C&reason=R                close every WebSocket with C and R
//   POST /_test/reject?count=N&status=S&retry_after=T  answer the next N upgrades with S
//   POST /_test/stall?ms=N                           stop reading, writing and answering pings
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "session_registry.hpp"
#include "stall_gate.hpp"

namespace wsclient::demo {

/// The prefix of every hook path.
inline constexpr std::string_view test_hook_prefix = "/_test/";

/// The hooks, by the name that follows the prefix.
inline constexpr std::array<std::string_view, 4> test_hook_names{"drop", "close", "reject",
                                                                 "stall"};

/// What the server answers a WebSocket upgrade it was told to reject.
struct upgrade_rejection {
  unsigned status = 503;
  std::optional<unsigned> retry_after_seconds;
};

/// An HTTP answer from a hook: status and a JSON body.
struct hook_response {
  unsigned status = 200;
  std::string body;
};

/// @par Thread Safety  Every member may be called from any thread.
class test_hooks {
 public:
  test_hooks(session_registry& registry, stall_gate& stall) : registry_(registry), stall_(stall) {}

  /// Runs the hook named by target ("/_test/close?code=4000"). Bad parameters answer 400,
  /// unknown hooks 404, methods other than POST 405; nothing changes then.
  hook_response handle(std::string_view method, std::string_view target);

  /// Called for every WebSocket upgrade: the rejection to answer with, if one is pending.
  std::optional<upgrade_rejection> take_rejection();

 private:
  session_registry& registry_;
  stall_gate& stall_;
  std::mutex mutex_;
  unsigned reject_remaining_ = 0;
  upgrade_rejection rejection_;
};

}  // namespace wsclient::demo
