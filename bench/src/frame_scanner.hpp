// Follows the frames a client sends without unmasking or copying their payloads: the sink and
// push servers only need to count messages and see the close frame, and must cost as little
// as possible so that the client is what gets measured.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace bench {

class frame_scanner {
 public:
  /// Consumes the next `n` bytes of the stream (any split across calls works).
  void feed(const std::uint8_t* data, std::size_t n);
  /// Messages completed so far (frames with FIN set, control frames excluded).
  std::uint64_t messages() const { return messages_; }
  /// A close frame has arrived (its payload is not waited for).
  bool closed() const { return closed_; }

 private:
  struct header {
    std::size_t header_bytes = 0;
    std::uint64_t payload_bytes = 0;
    std::uint8_t opcode = 0;
    bool fin = false;
  };
  static bool parse(const std::uint8_t* p, std::size_t n, header& h);
  void apply(const header& h);

  std::array<std::uint8_t, 14> partial_{};  // a header split across two reads
  std::size_t partial_bytes_ = 0;
  std::uint64_t skip_ = 0;  // payload bytes of the current frame still to pass over
  std::uint64_t messages_ = 0;
  bool closed_ = false;
};

}  // namespace bench
