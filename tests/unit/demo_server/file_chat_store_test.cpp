// The embedded chat store: the log file it writes, reloads, repairs and compacts.
#include "file_chat_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "temp_dir.hpp"

namespace wsclient::demo {
namespace {

using test::temp_dir;

chat_message draft(const std::string& from, const std::string& cid,
                   const std::string& text = "hi") {
  return {
      .id = 0, .from = from, .text = text, .client_msg_id = cid, .ts = "2026-12-01T21:49:44.586Z"};
}

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

std::string contents_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class FileChatStore : public ::testing::Test {
 protected:
  std::unique_ptr<chat_store> open(std::size_t max_kept = 100) {
    std::string error;
    auto store =
        open_file_chat_store({.path = path_, .fsync = false, .max_kept = max_kept}, log_, error);
    EXPECT_TRUE(store) << error;
    return store;
  }

  temp_dir dir_{"file_chat_store_test"};
  std::string path_ = dir_.file("chat.log");
  logger log_{log_level::off};
};

TEST_F(FileChatStore, AMissingLogIsCreatedByTheFirstMessage) {
  auto store = open();
  EXPECT_EQ(store->last_id(), 0U);
  EXPECT_FALSE(std::filesystem::exists(path_));
  const auto stored = store->append(draft("alice", "c1"));
  EXPECT_EQ(stored.error, "");
  EXPECT_FALSE(stored.duplicate);
  EXPECT_EQ(stored.message.id, 1U);
  EXPECT_EQ(lines_of(path_), std::vector<std::string>{to_json_text(stored.message)});
}

TEST_F(FileChatStore, EachMessageIsOneJsonLineAndIdsIncrease) {
  auto store = open();
  std::vector<std::string> expected;
  for (int i = 1; i <= 3; ++i) {
    // A newline in the text stays inside its JSON string: still one line.
    const auto stored = store->append(draft("bob", "c" + std::to_string(i), "line\nbreak"));
    EXPECT_EQ(stored.message.id, static_cast<std::uint64_t>(i));
    expected.push_back(to_json_text(stored.message));
  }
  EXPECT_EQ(lines_of(path_), expected);
  EXPECT_EQ(store->last_id(), 3U);
}

TEST_F(FileChatStore, ADuplicateClientIdOfTheSameSenderIsNotStoredAgain) {
  auto store = open();
  const auto first = store->append(draft("alice", "same", "first"));
  const auto again = store->append(draft("alice", "same", "second try"));
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.message, first.message);
  // Another sender may use the same client id.
  const auto other = store->append(draft("bob", "same"));
  EXPECT_FALSE(other.duplicate);
  EXPECT_EQ(other.message.id, 2U);
  EXPECT_EQ(lines_of(path_).size(), 2U);
}

TEST_F(FileChatStore, ReopeningReloadsHistoryIdsAndClientIds) {
  chat_message first;
  {
    auto store = open();
    first = store->append(draft("alice", "a1")).message;
    store->append(draft("bob", "b1"));
  }
  auto store = open();
  EXPECT_EQ(store->last_id(), 2U);
  const auto replay = store->after(0, 10);
  ASSERT_EQ(replay.messages.size(), 2U);
  EXPECT_EQ(replay.messages[0], first);
  // The ids continue, and a resend from before the restart is still recognised.
  EXPECT_EQ(store->append(draft("carol", "c1")).message.id, 3U);
  const auto resent = store->append(draft("alice", "a1"));
  EXPECT_TRUE(resent.duplicate);
  EXPECT_EQ(resent.message.id, 1U);
}

TEST_F(FileChatStore, ATornLastLineIsDroppedAndCutFromTheFile) {
  {
    auto store = open();
    store->append(draft("alice", "a1"));
    store->append(draft("alice", "a2"));
  }
  const auto good = contents_of(path_);
  {
    std::ofstream out(path_, std::ios::binary | std::ios::app);
    out << R"({"type":"message","id":3,"from":"ali)";  // the process died here
  }
  auto store = open();
  EXPECT_EQ(store->last_id(), 2U);
  EXPECT_EQ(contents_of(path_), good);
  // The next message starts a line of its own and takes the torn line's id.
  EXPECT_EQ(store->append(draft("bob", "b1")).message.id, 3U);
  const auto lines = lines_of(path_);
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_TRUE(parse_chat_message(lines[2]));
}

TEST_F(FileChatStore, DamagedLinesAreSkippedAndCompactedAway) {
  {
    auto store = open();
    store->append(draft("alice", "a1"));
  }
  {
    std::ofstream out(path_, std::ios::binary | std::ios::app);
    out << "not json at all\n"
        << R"({"type":"message","id":1,"from":"x","text":"t","client_msg_id":"c","ts":"t"})"
        << "\n";  // an id that does not increase
  }
  {
    std::ofstream out(path_, std::ios::binary | std::ios::app);
    out << R"({"type":"message","id":5,"from":"bob","text":"t","client_msg_id":"b","ts":"t"})"
        << "\n";
  }
  auto store = open();
  EXPECT_EQ(store->last_id(), 5U);
  EXPECT_EQ(store->after(0, 10).messages.size(), 2U);
  EXPECT_EQ(lines_of(path_).size(), 2U);
}

TEST_F(FileChatStore, TheLogIsCompactedToTheNewestMessagesWhenItDoubles) {
  auto store = open(3);
  for (int i = 1; i <= 5; ++i) {
    store->append(draft("alice", "c" + std::to_string(i)));
  }
  EXPECT_EQ(lines_of(path_).size(), 5U);
  store->append(draft("alice", "c6"));  // 6 lines: twice the 3 kept
  const auto lines = lines_of(path_);
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(parse_chat_message(lines[0])->id, 4U);
  EXPECT_EQ(parse_chat_message(lines[2])->id, 6U);
  // Appending goes on in the new file.
  EXPECT_EQ(store->append(draft("alice", "c7")).message.id, 7U);
  EXPECT_EQ(lines_of(path_).size(), 4U);
  const auto replay = store->after(0, 10);
  EXPECT_EQ(replay.messages.size(), 3U);
  EXPECT_EQ(replay.truncated_oldest, 5U);
}

TEST_F(FileChatStore, ALogLargerThanTheCapIsCompactedAtStartAndIdsContinue) {
  {
    auto store = open(100);
    for (int i = 1; i <= 10; ++i) {
      store->append(draft("alice", "c" + std::to_string(i)));
    }
  }
  auto store = open(4);
  EXPECT_EQ(lines_of(path_).size(), 4U);
  EXPECT_EQ(store->last_id(), 10U);
  EXPECT_EQ(store->after(0, 100).truncated_oldest, 7U);
  EXPECT_EQ(store->append(draft("bob", "b")).message.id, 11U);
  // Reopened again, the compacted log still counts from where it was.
  store.reset();
  EXPECT_EQ(open(4)->last_id(), 11U);
}

TEST_F(FileChatStore, AnUnusableLogIsAnErrorAtStart) {
  std::string error;
  EXPECT_FALSE(open_file_chat_store({.path = dir_.file("no/such/dir/chat.log")}, log_, error));
  EXPECT_NE(error.find("cannot create chat log"), std::string::npos) << error;
  std::filesystem::create_directory(dir_.file("a_directory"));
  EXPECT_FALSE(open_file_chat_store({.path = dir_.file("a_directory")}, log_, error));
  EXPECT_NE(error.find("a_directory"), std::string::npos) << error;
}

}  // namespace
}  // namespace wsclient::demo
