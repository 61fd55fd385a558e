// The /chat protocol's input rules (docs/protocol.md, "/chat"), without sockets.
#include "chat_input.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>

namespace wsclient::demo {
namespace {

// The error text of a refused message; "" when it was accepted.
std::string error_of(const std::string& data, bool is_text = true) {
  const auto input = parse_chat_input(data, is_text);
  const auto* error = std::get_if<chat_input_error>(&input);
  return error ? error->message : "";
}

std::string say_with_text(const std::string& text) {
  return R"({"type":"say","text":")" + text + R"(","client_msg_id":"c1"})";
}

TEST(ChatInput, JoinWithNameAndSince) {
  const auto input = parse_chat_input(R"({"type":"join","name":"alice","since":42})", true);
  const auto* join = std::get_if<chat_join>(&input);
  ASSERT_NE(join, nullptr);
  EXPECT_EQ(join->name, "alice");
  EXPECT_EQ(join->since, 42U);
}

TEST(ChatInput, JoinWithoutSinceMeansEverything) {
  const auto input = parse_chat_input(R"({"type":"join","name":"bob"})", true);
  ASSERT_TRUE(std::holds_alternative<chat_join>(input));
  EXPECT_EQ(std::get<chat_join>(input).since, 0U);
}

TEST(ChatInput, SayWithTextAndClientId) {
  const auto input =
      parse_chat_input(R"({"type":"say","text":"hi there","client_msg_id":"m-1","extra":1})", true);
  const auto* say = std::get_if<chat_say>(&input);
  ASSERT_NE(say, nullptr);
  EXPECT_EQ(say->text, "hi there");
  EXPECT_EQ(say->client_msg_id, "m-1");
}

TEST(ChatInput, BadJsonAndShapesAreRefused) {
  EXPECT_EQ(error_of("{\"type\":"), "message is not valid JSON");
  EXPECT_EQ(error_of("[1,2]"), "message is not a JSON object");
  EXPECT_EQ(error_of(R"({"name":"a"})"), R"(message has no string "type")");
  EXPECT_EQ(error_of(R"({"type":7})"), R"(message has no string "type")");
  EXPECT_EQ(error_of(R"({"type":"shout"})"), R"(unknown type "shout" (expected "join" or "say"))");
  EXPECT_EQ(error_of(R"({"type":"join","name":"a"})", false),
            "binary messages are not supported; send JSON text");
}

TEST(ChatInput, WrongFieldTypesAreRefused) {
  EXPECT_EQ(error_of(R"({"type":"join","name":5})"), R"("name" must be a string)");
  EXPECT_EQ(error_of(R"({"type":"join"})"), R"("name" must be a string)");
  for (const auto* since : {R"("3")", "-1", "1.5", "null", "true"}) {
    EXPECT_EQ(error_of(std::string(R"({"type":"join","name":"a","since":)") + since + "}"),
              R"("since" must be an integer of 0 or more)")
        << since;
  }
  EXPECT_EQ(error_of(R"({"type":"say","text":["x"],"client_msg_id":"c"})"),
            R"("text" must be a string)");
  EXPECT_EQ(error_of(R"({"type":"say","text":"x","client_msg_id":12})"),
            R"("client_msg_id" must be a string)");
  EXPECT_EQ(error_of(R"({"type":"say","text":"x"})"), R"("client_msg_id" must be a string)");
}

TEST(ChatInput, NameIsOneToThirtyTwoCharactersNotBytes) {
  EXPECT_EQ(error_of(R"({"type":"join","name":""})"),
            R"("name" must be 1 to 32 characters long (it is 0))");
  EXPECT_EQ(error_of(R"({"type":"join","name":")" + std::string(32, 'n') + R"("})"), "");
  EXPECT_EQ(error_of(R"({"type":"join","name":")" + std::string(33, 'n') + R"("})"),
            R"("name" must be 1 to 32 characters long (it is 33))");
  // 32 characters of three bytes each (U+4E2D): 96 bytes, still a valid name.
  std::string wide;
  for (int i = 0; i < 32; ++i) {
    wide += "\xE4\xB8\xAD";
  }
  EXPECT_EQ(error_of(R"({"type":"join","name":")" + wide + R"("})"), "");
  EXPECT_NE(error_of(R"({"type":"join","name":")" + wide + "\xE4\xB8\xAD" + R"("})"), "");
  // A JSON escape counts as the one character it stands for.
  EXPECT_EQ(error_of(R"({"type":"join","name":"\u00e9"})"), "");
}

TEST(ChatInput, TextIsOneTo4096Bytes) {
  EXPECT_EQ(error_of(say_with_text("")), R"("text" must be 1 to 4096 bytes long (it is 0))");
  EXPECT_EQ(error_of(say_with_text(std::string(4096, 't'))), "");
  EXPECT_EQ(error_of(say_with_text(std::string(4097, 't'))),
            R"("text" must be 1 to 4096 bytes long (it is 4097))");
  // Bytes, not characters: 1366 characters of three bytes are 4098 bytes.
  std::string wide;
  for (int i = 0; i < 1366; ++i) {
    wide += "\xE4\xB8\xAD";
  }
  EXPECT_EQ(error_of(say_with_text(wide)), R"("text" must be 1 to 4096 bytes long (it is 4098))");
}

TEST(ChatInput, ClientMessageIdIsOneToSixtyFourCharacters) {
  const auto say = [](const std::string& cid) {
    return R"({"type":"say","text":"x","client_msg_id":")" + cid + R"("})";
  };
  EXPECT_EQ(error_of(say("")), R"("client_msg_id" must be 1 to 64 characters long (it is 0))");
  EXPECT_EQ(error_of(say(std::string(64, 'c'))), "");
  EXPECT_EQ(error_of(say(std::string(65, 'c'))),
            R"("client_msg_id" must be 1 to 64 characters long (it is 65))");
}

TEST(ChatInput, CharactersAreCodePoints) {
  EXPECT_EQ(utf8_characters(""), 0U);
  EXPECT_EQ(utf8_characters("abc"), 3U);
  EXPECT_EQ(utf8_characters("\xC3\xA9"), 1U);          // U+00E9, two bytes
  EXPECT_EQ(utf8_characters("\xF0\x9F\x98\x80"), 1U);  // U+1F600, four bytes
  EXPECT_EQ(utf8_characters("a\xE4\xB8\xAD"
                            "b"),
            3U);  // U+4E2D between two letters
}

}  // namespace
}  // namespace wsclient::demo
