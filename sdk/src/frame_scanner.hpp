// Follows the bytes a WebSocket client receives (the HTTP response to the upgrade, then frames,
// RFC 6455 section 5.2) without keeping them, so that the transport knows when the next whole
// message is already in Beast's buffer and can be read without waiting for the network.
// Beast does the real parsing and every check; this only counts frame boundaries.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>

namespace wsclient::detail {

/// @par Thread Safety  None: used on the connection's strand only.
class frame_scanner {
 public:
  /// Bytes as they arrive from the network, in order (after TLS).
  void feed(const unsigned char* data, std::size_t size) noexcept;

  /// True when the next message is complete in what was fed: only data frames (text, binary,
  /// continuation) up to and including one with FIN set, and no control frame before or
  /// among them (a control frame may need an answer written; RFC 6455 section 5.5).
  bool message_ready() const noexcept;

  /// One message was read: forget its frames and the control frames read before it.
  void message_consumed() noexcept;

  /// Frames seen and not yet consumed (for tests).
  std::size_t pending_frames() const noexcept;

 private:
  enum class frame_kind : std::uint8_t { data_more, data_fin, control };
  enum class phase : std::uint8_t { http, header, payload, lost };

  /// Frames of one kind in a row, in arrival order: small messages arrive by the thousand,
  /// and this keeps them as one entry.
  struct run {
    frame_kind kind;
    std::size_t count;
  };

  /// Parses the header at `header`: the bytes it took, or 0 when `available` is too short.
  std::size_t parse_header(const unsigned char* header, std::size_t available) noexcept;
  void frame_complete() noexcept;

  phase phase_ = phase::http;
  std::uint8_t http_matched_ = 0;  ///< bytes of "\r\n\r\n" matched so far
  std::array<unsigned char, 14> header_{};
  std::uint8_t header_size_ = 0;  ///< bytes of a split header gathered in header_
  std::uint64_t payload_left_ = 0;
  frame_kind current_ = frame_kind::control;
  std::deque<run> runs_;
};

}  // namespace wsclient::detail
