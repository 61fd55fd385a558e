#include "frame_scanner.hpp"

#include <algorithm>

#include "close_rules.hpp"

namespace wsclient::detail {

namespace {

constexpr unsigned char end_of_headers[4] = {'\r', '\n', '\r', '\n'};

/// What a reader that misjudges a close code is shown instead: codes it judges right, with the
/// same first byte, so that a code split across two reads can still become either.
constexpr std::uint16_t shown_for_valid = 1000;
constexpr std::uint16_t shown_for_invalid = 768;  // 0-999 are never used (section 7.4.2)
static_assert(shown_for_valid >> 8 == shown_for_invalid >> 8);

/// Whether reader judges every code with this first byte as RFC 6455 does.
bool judges_right_whatever_follows(close_code_judge reader, unsigned char high) noexcept {
  for (unsigned low = 0; low < 256; ++low) {
    const auto code = static_cast<std::uint16_t>(high << 8 | low);
    if (reader(code) != is_sendable_close_code(code)) {
      return false;
    }
  }
  return true;
}

}  // namespace

void frame_scanner::feed(unsigned char* data, std::size_t size) noexcept {
  unsigned char* const end = data + size;
  while (data < end) {
    switch (phase_) {
      case phase::http:
        // The 101 response has no body (RFC 6455 section 4.2.2): frames start right after the
        // blank line that ends its headers.
        while (data < end && http_matched_ < 4) {
          ++head_bytes_;
          const unsigned char c = *data++;
          if (c == end_of_headers[http_matched_]) {
            ++http_matched_;
          } else {
            http_matched_ = c == '\r' ? 1 : 0;
          }
        }
        if (http_matched_ == 4) {
          phase_ = phase::header;
        }
        break;
      case phase::header: {
        if (header_size_ == 0) {
          // The usual case: the whole header is here; parse it in place.
          const auto used = parse_header(data, static_cast<std::size_t>(end - data));
          if (used > 0) {
            data += used;
            break;
          }
        }
        // A header split across reads: gather it.
        const auto take = std::min<std::size_t>(header_.size() - header_size_, end - data);
        std::copy_n(data, take, header_.begin() + header_size_);
        const auto used = parse_header(header_.data(), header_size_ + take);
        if (used == 0) {
          header_size_ += static_cast<std::uint8_t>(take);
          data += take;
        } else {
          data += used - header_size_;
          header_size_ = 0;
        }
        break;
      }
      case phase::payload: {
        if (close_code_bytes_ > 0) {
          // The status code opens a close frame's payload (section 5.5.1).
          const auto take = std::min<std::size_t>(close_code_bytes_, end - data);
          take_close_code(data, take);
          data += take;
          payload_left_ -= take;
          if (payload_left_ == 0) {
            frame_complete();
            phase_ = phase::header;
          }
          break;
        }
        const auto take = std::min<std::uint64_t>(payload_left_, end - data);
        payload_left_ -= take;
        data += take;
        if (payload_left_ == 0) {
          frame_complete();
          phase_ = phase::header;
        }
        break;
      }
      case phase::lost:
        return;
    }
  }
}

std::size_t frame_scanner::parse_header(const unsigned char* header,
                                        std::size_t available) noexcept {
  // Section 5.2: 7-bit length, or 126 + 16 bits, or 127 + 64 bits; then a 4-byte mask key
  // when the MASK bit is set (a server must not mask, but Beast is the one that says so).
  if (available < 2) {
    return 0;
  }
  const unsigned len7 = header[1] & 0x7Fu;
  const std::size_t extended = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
  const std::size_t needed = 2 + extended + ((header[1] & 0x80u) ? 4 : 0);
  if (available < needed) {
    return 0;
  }
  std::uint64_t length = len7;
  if (extended != 0) {
    length = 0;
    for (std::size_t i = 0; i < extended; ++i) {
      length = (length << 8) | header[2 + i];
    }
  }
  if (length >> 63) {
    phase_ = phase::lost;  // invalid (section 5.2: the most significant bit must be 0)
    return needed;
  }
  const unsigned opcode = header[0] & 0x0Fu;
  const bool fin = (header[0] & 0x80u) != 0;
  if (opcode == 8 && !close_seen_) {
    close_seen_ = true;
    // A frame masked otherwise than its sender must is refused whatever its code (5.1).
    const bool masked = (header[1] & 0x80u) != 0;
    const bool mask_right = masked == (sender_ == frame_sender::client);
    close_code_bytes_ = mask_right && length >= 2 ? 2 : 0;
    if (masked) {
      std::copy_n(header + 2 + extended, mask_.size(), mask_.begin());
    }
  }
  current_ = opcode >= 3 ? frame_kind::control  // control, or reserved: never read ahead
             : fin       ? frame_kind::data_fin
                         : frame_kind::data_more;
  if (length == 0) {
    frame_complete();
  } else {
    payload_left_ = length;
    phase_ = phase::payload;
  }
  return needed;
}

void frame_scanner::frame_complete() noexcept {
  if (sender_ == frame_sender::client) {
    return;  // close codes only: nobody consumes messages, so none are kept
  }
  if (!runs_.empty() && runs_.back().kind == current_) {
    ++runs_.back().count;
  } else {
    runs_.push_back({current_, 1});
  }
}

void frame_scanner::take_close_code(unsigned char* bytes, std::size_t size) noexcept {
  // The code's two bytes open the payload, so the mask key's first two bytes cover them
  // (section 5.3); an unmasked frame's key is all zeros.
  unsigned char* low = bytes;
  if (close_code_bytes_ == 2) {
    close_code_high_ = static_cast<std::uint8_t>(bytes[0] ^ mask_[0]);
    if (size == 1) {
      // The second byte comes in a later read, after this one has been passed on. If the
      // reader could misjudge a code that starts like this, it is shown the first byte of the
      // codes it judges right, which the second byte completes.
      close_code_bytes_ = 1;
      constexpr unsigned char shown_high = shown_for_valid >> 8;
      if (reader_ != nullptr && close_code_high_ != shown_high &&
          !judges_right_whatever_follows(reader_, close_code_high_)) {
        bytes[0] = static_cast<unsigned char>(shown_high ^ mask_[0]);
        close_code_changed_ = true;
      }
      return;
    }
    low = bytes + 1;
  }
  close_code_bytes_ = 0;
  const auto code = static_cast<std::uint16_t>(close_code_high_ << 8 | (*low ^ mask_[1]));
  close_code_ = code;
  const bool valid = is_sendable_close_code(code);
  if (reader_ == nullptr || (!close_code_changed_ && reader_(code) == valid)) {
    return;
  }
  const auto shown = valid ? shown_for_valid : shown_for_invalid;
  if (low != bytes) {
    bytes[0] = static_cast<unsigned char>((shown >> 8) ^ mask_[0]);
  }
  *low = static_cast<unsigned char>((shown & 0xFF) ^ mask_[1]);
}

std::optional<std::uint16_t> frame_scanner::close_code() const noexcept {
  return close_code_;
}

bool frame_scanner::message_ready() const noexcept {
  for (const auto& r : runs_) {
    if (r.kind == frame_kind::data_fin) {
      return true;
    }
    if (r.kind == frame_kind::control) {
      return false;
    }
  }
  return false;
}

void frame_scanner::message_consumed() noexcept {
  // Beast handled the control frames before and among the message's fragments while reading it.
  while (!runs_.empty()) {
    auto& front = runs_.front();
    const auto kind = front.kind;
    if (--front.count == 0) {
      runs_.pop_front();
    }
    if (kind == frame_kind::data_fin) {
      return;
    }
  }
}

std::size_t frame_scanner::pending_frames() const noexcept {
  std::size_t n = 0;
  for (const auto& r : runs_) {
    n += r.count;
  }
  return n;
}

}  // namespace wsclient::detail
