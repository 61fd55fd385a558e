#include "frame_scanner.hpp"

#include <algorithm>

namespace wsclient::detail {

namespace {

constexpr unsigned char end_of_headers[4] = {'\r', '\n', '\r', '\n'};

}  // namespace

void frame_scanner::feed(const unsigned char* data, std::size_t size) noexcept {
  const unsigned char* const end = data + size;
  while (data < end) {
    switch (phase_) {
      case phase::http:
        // The 101 response has no body (RFC 6455 section 4.2.2): frames start right after the
        // blank line that ends its headers.
        while (data < end && http_matched_ < 4) {
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
        const auto take = std::min<std::size_t>(header_needed_ - header_size_, end - data);
        std::copy_n(data, take, header_.begin() + header_size_);
        header_size_ += static_cast<std::uint8_t>(take);
        data += take;
        if (header_size_ == header_needed_) {
          header_complete();
        }
        break;
      }
      case phase::payload: {
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

void frame_scanner::header_complete() noexcept {
  // Section 5.2: 7-bit length, or 126 + 16 bits, or 127 + 64 bits; then a 4-byte mask key
  // when the MASK bit is set (a server must not mask, but Beast is the one that says so).
  const unsigned len7 = header_[1] & 0x7Fu;
  const std::uint8_t extended = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
  const std::uint8_t needed = 2 + extended + ((header_[1] & 0x80u) ? 4 : 0);
  if (header_size_ < needed) {
    header_needed_ = needed;
    return;
  }
  std::uint64_t length = len7;
  if (extended != 0) {
    length = 0;
    for (std::uint8_t i = 0; i < extended; ++i) {
      length = (length << 8) | header_[2 + i];
    }
  }
  if (length >> 63) {
    phase_ = phase::lost;  // invalid (section 5.2: the most significant bit must be 0)
    return;
  }
  const unsigned opcode = header_[0] & 0x0Fu;
  const bool fin = (header_[0] & 0x80u) != 0;
  current_ = opcode >= 3 ? frame_kind::control  // control, or reserved: never read ahead
             : fin       ? frame_kind::data_fin
                         : frame_kind::data_more;
  header_size_ = 0;
  header_needed_ = 2;
  if (length == 0) {
    frame_complete();
  } else {
    payload_left_ = length;
    phase_ = phase::payload;
  }
}

bool frame_scanner::message_ready() const noexcept {
  for (const auto kind : frames_) {
    if (kind == frame_kind::data_fin) {
      return true;
    }
    if (kind == frame_kind::control) {
      return false;
    }
  }
  return false;
}

void frame_scanner::message_consumed() noexcept {
  // Beast handled the control frames before and among the message's fragments while reading it.
  while (!frames_.empty()) {
    const auto kind = frames_.front();
    frames_.pop_front();
    if (kind == frame_kind::data_fin) {
      return;
    }
  }
}

}  // namespace wsclient::detail
