// The bench's prebuilt frames and its frame scanner agree with each other and with RFC 6455
// section 5.2's length encodings, whatever way the bytes are split.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>

#include "frame_scanner.hpp"
#include "frames.hpp"

namespace {

std::string frames_of(std::size_t size, std::uint64_t count, bench::direction dir) {
  std::string out;
  bench::frame_batch(size, dir).write(
      count, [&](const char* data, std::size_t bytes) { out.append(data, bytes); });
  return out;
}

const auto* bytes(const std::string& s) {
  return reinterpret_cast<const std::uint8_t*>(s.data());
}

TEST(Frames, LengthEncodingsOfSection5_2) {
  using bench::direction;
  EXPECT_EQ(bench::frame_bytes(20, direction::to_client), 22u);
  EXPECT_EQ(bench::frame_bytes(125, direction::to_client), 127u);
  EXPECT_EQ(bench::frame_bytes(126, direction::to_client), 130u);
  EXPECT_EQ(bench::frame_bytes(65535, direction::to_client), 65539u);
  EXPECT_EQ(bench::frame_bytes(65536, direction::to_client), 65546u);
  EXPECT_EQ(bench::frame_bytes(20, direction::to_server), 26u);  // + masking key
}

TEST(Frames, BatchesWriteExactlyTheFramesAskedFor) {
  // Counts below, at and above one batch (about 256 KiB of frames).
  const std::pair<std::size_t, std::uint64_t> cases[] = {{0, 1},      {20, 7},    {20, 20000},
                                                         {1024, 300}, {70000, 5}, {300000, 2}};
  for (const auto& [size, count] : cases) {
    const auto all = frames_of(size, count, bench::direction::to_server);
    EXPECT_EQ(all.size(), count * bench::frame_bytes(size, bench::direction::to_server));
    bench::frame_scanner scanner;
    scanner.feed(bytes(all), all.size());
    EXPECT_EQ(scanner.messages(), count) << size;
    EXPECT_FALSE(scanner.closed());
  }
}

TEST(FrameScanner, FindsEveryFrameAndTheCloseWhateverTheSplit) {
  const auto stream = frames_of(126, 3, bench::direction::to_server) +
                      frames_of(65536, 2, bench::direction::to_server) +
                      bench::close_frame(bench::direction::to_server);
  for (const std::size_t chunk : {1u, 2u, 3u, 13u, 4096u}) {
    bench::frame_scanner scanner;
    for (std::size_t at = 0; at < stream.size() && !scanner.closed(); at += chunk) {
      scanner.feed(bytes(stream) + at, std::min(chunk, stream.size() - at));
    }
    EXPECT_EQ(scanner.messages(), 5u) << chunk;
    EXPECT_TRUE(scanner.closed()) << chunk;
  }
}

}  // namespace
