// The embedded /chat store: an append-only log file, one JSON message per line, reloaded at
// start (docs/protocol.md, "/chat", "Durability").
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "chat_store.hpp"
#include "log.hpp"

namespace wsclient::demo {

struct file_chat_store_options {
  std::string path = "chat.log";
  /// fdatasync() after every append, before the message is acknowledged: it then survives a
  /// power loss, not only a crash of the process.
  bool fsync = true;
  /// Messages kept in memory, replayable and deduplicated. The log is compacted to them
  /// (rewritten, then renamed over itself) when it holds twice as many lines, and at start
  /// when it holds more.
  std::size_t max_kept = 10'000;
};

/// Opens (reads) the log at options.path; a file that does not exist yet is created by the
/// first append. A torn last line (a crash in the middle of a write) and damaged lines are
/// dropped, each with a warning in log. On failure (unreadable file, directory not writable)
/// returns nullptr and says why in error.
std::unique_ptr<chat_store> open_file_chat_store(const file_chat_store_options& options,
                                                 logger& log, std::string& error);

}  // namespace wsclient::demo
