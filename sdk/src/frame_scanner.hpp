// Follows the bytes a WebSocket client receives (the HTTP response to the upgrade, then frames,
// RFC 6455 section 5.2) without keeping them, so that the transport knows when the next whole
// message is already in Beast's buffer and can be read without waiting for the network.
// Beast does the real parsing and every check; this counts frame boundaries, and corrects the
// one check Beast gets wrong: which close codes are valid (see close_code_judge). The demo
// server uses it for that correction alone, on the frames its clients send.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

namespace wsclient::detail {

/// Whether the parser that reads the bytes after the scanner accepts a received close code.
using close_code_judge = bool (*)(std::uint16_t code) noexcept;

/// Whose bytes are scanned.
enum class frame_sender : std::uint8_t {
  /// A server's, as its client reads them: the HTTP response to the upgrade, then frames,
  /// which a server must not mask (RFC 6455 section 5.1). Messages are followed.
  server,
  /// A client's, as its server reads them once the upgrade is over: frames only, masked
  /// (section 5.3). Only close codes are looked at (the server does not read ahead).
  client,
};

/// @par Thread Safety  None: used on the connection's strand only.
class frame_scanner {
 public:
  frame_scanner() = default;
  /// reader: how the parser after the scanner judges close codes. Where it judges a code of the
  /// server's close frame otherwise than RFC 6455 section 7.4 does (is_sendable_close_code()),
  /// the scanner changes the code in the bytes it is fed, before that parser sees them: to 1000
  /// when the code is valid, to 768 (never valid) when it is not. close_code() keeps the code
  /// the sender sent. (Beast 1.81 refuses 1014 and accepts 5000-65535.) A masked code stays
  /// masked: the change is made under the same mask.
  explicit frame_scanner(close_code_judge reader,
                         frame_sender sender = frame_sender::server) noexcept
      : sender_(sender),
        phase_(sender == frame_sender::server ? phase::http : phase::header),
        reader_(reader) {}

  /// Bytes as they arrive from the network, in order (after TLS). Only the two bytes of a
  /// close code may be changed (see the constructor).
  void feed(unsigned char* data, std::size_t size) noexcept;

  /// Bytes of the HTTP response head (RFC 6455 section 4.1) fed so far, its blank line
  /// included, and whether that line has come (what follows it is frames).
  std::size_t head_bytes() const noexcept { return head_bytes_; }
  bool head_complete() const noexcept { return phase_ != phase::http; }

  /// The code of the sender's first close frame, as it sent it, once both bytes have been fed;
  /// nullopt before that, and for a close frame without a code (or masked otherwise than the
  /// sender must: Beast refuses that frame whatever its code).
  std::optional<std::uint16_t> close_code() const noexcept;

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
  /// Takes the next `size` (1 or 2) bytes of a close code at `bytes`.
  void take_close_code(unsigned char* bytes, std::size_t size) noexcept;

  frame_sender sender_ = frame_sender::server;
  phase phase_ = phase::http;
  std::uint8_t http_matched_ = 0;  ///< bytes of "\r\n\r\n" matched so far
  std::size_t head_bytes_ = 0;
  std::array<unsigned char, 14> header_{};
  std::uint8_t header_size_ = 0;  ///< bytes of a split header gathered in header_
  std::uint64_t payload_left_ = 0;
  frame_kind current_ = frame_kind::control;
  std::deque<run> runs_;
  close_code_judge reader_ = nullptr;
  std::array<unsigned char, 4> mask_{};  ///< the close frame's mask key (zeros: unmasked)
  std::uint8_t close_code_bytes_ = 0;    ///< of the current frame's code still to come (0-2)
  std::uint8_t close_code_high_ = 0;     ///< its first byte, as sent (unmasked)
  bool close_code_changed_ = false;      ///< its first byte was changed on the way
  bool close_seen_ = false;              ///< a close frame's header was parsed
  std::optional<std::uint16_t> close_code_;
};

}  // namespace wsclient::detail
