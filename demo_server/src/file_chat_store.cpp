#include "file_chat_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <utility>

#include "chat_history.hpp"

namespace wsclient::demo {
namespace {

std::string system_error_text(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

// Writes all of data at fd's end; false with errno set on failure.
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const auto written = ::write(fd, data.data(), data.size());
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written <= 0) {
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

// A new or renamed file is durable only once its directory entry is (fsync(2), NOTES).
void sync_directory_of(const std::string& path) {
  auto dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) {
    dir = ".";
  }
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

class file_chat_store final : public chat_store {
 public:
  file_chat_store(file_chat_store_options options, logger& log)
      : options_(std::move(options)), log_(log), history_(options_.max_kept) {}
  ~file_chat_store() override {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  file_chat_store(const file_chat_store&) = delete;
  file_chat_store& operator=(const file_chat_store&) = delete;

  // Reads the log; drops a torn last line from the file. Returns an error text or "".
  std::string load() {
    std::error_code ec;
    if (!std::filesystem::exists(options_.path, ec)) {
      auto dir = std::filesystem::path(options_.path).parent_path();
      if (::access(dir.empty() ? "." : dir.c_str(), W_OK) != 0) {
        return system_error_text("cannot create chat log in the directory of", options_.path);
      }
      return {};
    }
    std::ifstream in(options_.path, std::ios::binary);
    if (!in) {
      return system_error_text("cannot read chat log", options_.path);
    }
    std::size_t line_number = 0;
    std::uint64_t good_end = 0;  // bytes up to the end of the last complete line
    bool damaged = false;
    for (std::string line; std::getline(in, line);) {
      ++line_number;
      if (in.eof()) {
        // No '\n' after it: the process died while writing it (a message never acknowledged,
        // since the ack waits for the whole line). Dropped, and cut from the file so that
        // the next append starts a line of its own.
        log_.write(log_level::warn, "chat log " + options_.path + ": dropping torn last line " +
                                        std::to_string(line_number) + " (" +
                                        std::to_string(line.size()) + " bytes)");
        break;
      }
      good_end += line.size() + 1;
      ++lines_;
      auto message = parse_chat_message(line);
      if (!message || !history_.add(std::move(*message))) {
        log_.write(log_level::warn, "chat log " + options_.path + ": skipping damaged line " +
                                        std::to_string(line_number));
        damaged = true;
      }
    }
    in.close();
    if (auto error = open_for_append(); !error.empty()) {
      return error;
    }
    if (::ftruncate(fd_, static_cast<off_t>(good_end)) != 0) {
      return system_error_text("cannot truncate chat log", options_.path);
    }
    size_ = good_end;
    if (damaged || lines_ > options_.max_kept) {
      compact();
    }
    log_.write(log_level::info,
               "chat log " + options_.path + ": " + std::to_string(history_.kept().size()) +
                   " message(s) loaded, last id " + std::to_string(history_.last_id()));
    return {};
  }

  chat_append_result append(chat_message message) override {
    chat_append_result result;
    if (const auto* stored = history_.find(message.from, message.client_msg_id)) {
      result.message = *stored;
      result.duplicate = true;
      return result;
    }
    message.id = history_.last_id() + 1;
    if (auto error = write_line(to_json_text(message)); !error.empty()) {
      log_.write(log_level::error, error);
      result.error = "the message could not be stored; send it again later";
      return result;
    }
    result.message = message;
    history_.add(std::move(message));
    if (lines_ >= 2 * options_.max_kept) {
      compact();
    }
    return result;
  }

  chat_replay after(std::uint64_t since, std::size_t max) const override {
    return history_.after(since, max);
  }

  std::uint64_t last_id() const override { return history_.last_id(); }

 private:
  std::string open_for_append() {
    if (fd_ >= 0) {
      return {};
    }
    const bool existed = std::filesystem::exists(options_.path);
    fd_ = ::open(options_.path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      return system_error_text("cannot open chat log", options_.path);
    }
    if (!existed && options_.fsync) {
      sync_directory_of(options_.path);
    }
    return {};
  }

  // The line and its '\n' in one write, flushed to the disk (with fsync on) before returning:
  // the caller acknowledges the message after this.
  std::string write_line(const std::string& text) {
    if (auto error = open_for_append(); !error.empty()) {
      return error;
    }
    const auto line = text + "\n";
    if (!write_all(fd_, line) || (options_.fsync && ::fdatasync(fd_) != 0)) {
      auto error = system_error_text("cannot write chat log", options_.path);
      // A partial line would glue the next one to it: cut the file back.
      if (::ftruncate(fd_, static_cast<off_t>(size_)) != 0) {
        error += "; and cannot cut it back to its last complete line";
      }
      return error;
    }
    size_ += line.size();
    ++lines_;
    return {};
  }

  // Rewrites the log with the kept messages only: a new file, flushed, renamed over the old
  // one (rename(2) replaces it atomically: a crash leaves either the old log or the new one).
  void compact() {
    const auto temporary = options_.path + ".compacting";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    std::string text;
    for (const auto& message : history_.kept()) {
      text += to_json_text(message);
      text += '\n';
    }
    bool written = fd >= 0 && write_all(fd, text) && ::fsync(fd) == 0;
    if (fd >= 0 && ::close(fd) != 0) {
      written = false;
    }
    if (!written || ::rename(temporary.c_str(), options_.path.c_str()) != 0) {
      log_.write(log_level::error, system_error_text("cannot compact chat log", options_.path) +
                                       "; it keeps growing");
      ::unlink(temporary.c_str());
      return;
    }
    sync_directory_of(options_.path);
    log_.write(log_level::info, "chat log " + options_.path + " compacted from " +
                                    std::to_string(lines_) + " to " +
                                    std::to_string(history_.kept().size()) + " lines");
    ::close(fd_);
    fd_ = -1;
    lines_ = history_.kept().size();
    size_ = text.size();
    if (auto error = open_for_append(); !error.empty()) {
      log_.write(log_level::error, error);
    }
  }

  file_chat_store_options options_;
  logger& log_;
  chat_history history_;
  int fd_ = -1;
  std::uint64_t size_ = 0;  ///< bytes in the log: where a failed write is cut back to
  std::size_t lines_ = 0;   ///< lines in the log, kept messages or not
};

}  // namespace

std::unique_ptr<chat_store> open_file_chat_store(const file_chat_store_options& options,
                                                 logger& log, std::string& error) {
  auto store = std::make_unique<file_chat_store>(options, log);
  error = store->load();
  if (!error.empty()) {
    return nullptr;
  }
  return store;
}

}  // namespace wsclient::demo
