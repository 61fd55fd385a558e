// Masking keys for the frames a client writes itself. RFC 6455 section 5.3: each frame gets a
// fresh key from a strong source of entropy, so that a script cannot choose the bytes that a
// proxy sees on the wire. OpenSSL's RAND_bytes is that source; keys are drawn in batches.
#pragma once

#include <openssl/rand.h>

#include <array>
#include <cstddef>
#include <random>

#include "frame_writer.hpp"

namespace wsclient::detail {

/// @par Thread Safety  None: one per connection, used on its strand.
class mask_keys {
 public:
  mask_key next() {
    if (used_ == batch_keys) {
      refill();
    }
    mask_key key;
    for (std::size_t i = 0; i < key.size(); ++i) {
      key[i] = bytes_[used_ * key.size() + i];
    }
    ++used_;
    return key;
  }

 private:
  static constexpr std::size_t batch_keys = 256;

  void refill() {
    if (RAND_bytes(bytes_.data(), static_cast<int>(bytes_.size())) != 1) {
      // OpenSSL's generator failed (it should not once seeded): fall back to the OS's.
      std::random_device os;
      for (auto& b : bytes_) {
        b = static_cast<unsigned char>(os());
      }
    }
    used_ = 0;
  }

  std::array<unsigned char, batch_keys * 4> bytes_{};
  std::size_t used_ = batch_keys;
};

}  // namespace wsclient::detail
