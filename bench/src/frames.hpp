// WebSocket frames built once, before the measured phase (RFC 6455 section 5.2), so that the
// bench's own servers and the raw TCP floor spend nothing per message on framing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bench {

/// Which way a frame travels: a client masks every frame it sends (RFC 6455 section 5.3), a
/// server never does.
enum class direction { to_client, to_server };

/// The length of one binary frame of `size` payload bytes.
std::size_t frame_bytes(std::size_t size, direction dir);

/// A close frame with status 1000 (RFC 6455 section 7.4.1).
std::string close_frame(direction dir);

/// Unfragmented binary frames of one size, about 256 KiB of them back to back (at least one),
/// built at construction: writing them costs one system call per batch and nothing per frame.
class frame_batch {
 public:
  frame_batch(std::size_t size, direction dir);

  /// How many frames one batch holds (at least one).
  std::uint64_t frames() const { return frames_; }

  /// The first `n` frames of the batch back to back (n <= frames()), for writers that keep a
  /// number of messages in flight.
  std::string_view first(std::uint64_t n) const {
    return std::string_view(bytes_).substr(0,
                                           static_cast<std::size_t>(bytes_.size() / frames_ * n));
  }

  /// Calls write(const char* data, std::size_t bytes) until `count` frames went out.
  template <class Write>
  void write(std::uint64_t count, Write&& write) const {
    const auto frame = bytes_.size() / frames_;
    for (auto left = count; left != 0;) {
      const auto n = left < frames_ ? left : frames_;
      write(bytes_.data(), static_cast<std::size_t>(frame * n));
      left -= n;
    }
  }

 private:
  std::uint64_t frames_;
  std::string bytes_;
};

}  // namespace bench
