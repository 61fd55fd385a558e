// I/O threads of destroyed clients that are still finishing a closing handshake (close() then
// destruction). The process's exit waits for them, so that a program that closes and returns
// from main still sends its close frame and hears the answer (each is bounded by
// liveness_options::close_timeout), and frees what they hold before exit.
#pragma once

#include <atomic>
#include <memory>
#include <thread>

namespace wsclient::detail {

/// Hands over a client's I/O thread that ends by itself once its closing handshake is over;
/// `finished` becomes true as its last act. Joined at exit (or earlier, once finished, when
/// another is handed over).
void finish_in_background(std::thread thread, std::shared_ptr<std::atomic<bool>> finished);

}  // namespace wsclient::detail
