#include "routes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "chat_room.hpp"
#include "counter_room.hpp"
#include "file_chat_store.hpp"
#include "temp_dir.hpp"
#include "test_hooks.hpp"

namespace wsclient::demo {
namespace {

TEST(Routes, WebSocketPathsMatchExactlyWithoutTheQuery) {
  for (const std::string_view target : {"/echo", "/time", "/counter", "/echo?x=1"}) {
    const auto& r = find_route(target, false);
    EXPECT_EQ(r.kind, route_kind::websocket) << target;
    EXPECT_NE(r.make_endpoint, nullptr) << target;
  }
  EXPECT_EQ(find_route("/time?", false).path, "/time");
  for (const std::string_view target : {"/echo/", "/echo/x", "/ECHO", "/echoes", "echo", ""}) {
    EXPECT_EQ(find_route(target, false).handler, http_handler::static_files) << target;
  }
}

TEST(Routes, HealthChecks) {
  for (const std::string_view target : {"/healthz", "/health/", "/healthz?probe=1"}) {
    EXPECT_EQ(find_route(target, false).handler, http_handler::health_check) << target;
  }
  EXPECT_EQ(find_route("/health", false).handler, http_handler::static_files);
}

TEST(Routes, TestHooksOnlyWhenEnabled) {
  for (const std::string_view target : {"/_test/drop", "/_test/", "/_test/nope?x=1"}) {
    EXPECT_EQ(find_route(target, true).handler, http_handler::test_hooks) << target;
    EXPECT_EQ(find_route(target, false).handler, http_handler::static_files) << target;
  }
  EXPECT_EQ(find_route("/_test", true).handler, http_handler::static_files);
}

TEST(Routes, EveryWebSocketRouteMakesAnEndpoint) {
  counter_room room;
  const test::temp_dir dir("routes_test");
  logger log(log_level::off);
  std::string error;
  const auto store = open_file_chat_store({.path = dir.file("chat.log")}, log, error);
  ASSERT_TRUE(store) << error;
  chat_room chat(*store, 10);
  const endpoint_settings settings{.counter = &room, .chat = &chat, .time_interval = std::nullopt};
  for (const auto& r : routes()) {
    EXPECT_EQ(r.kind == route_kind::websocket, r.make_endpoint != nullptr) << r.path;
    EXPECT_EQ(r.kind == route_kind::http, r.handler != http_handler::none) << r.path;
    if (r.make_endpoint != nullptr) {
      EXPECT_NE(r.make_endpoint(settings), nullptr) << r.path;
    }
  }
}

TEST(Routes, ExactlyOneFallback) {
  const auto all = routes();
  EXPECT_EQ(std::count_if(all.begin(), all.end(),
                          [](const route& r) { return r.match == route_match::fallback; }),
            1);
}

TEST(Routes, MethodsAreMatchedByName) {
  const auto& health = find_route("/healthz", false);
  EXPECT_TRUE(takes_method(health, "GET"));
  EXPECT_TRUE(takes_method(health, "HEAD"));
  for (const std::string_view method : {"POST", "get", "GE", "", "GET, HEAD"}) {
    EXPECT_FALSE(takes_method(health, method)) << method;
  }
  EXPECT_TRUE(takes_method(find_route("/_test/drop", true), "POST"));
}

TEST(Routes, PrefixRoutesListTheirSubPaths) {
  EXPECT_EQ(display_path(find_route("/_test/drop", true)), "/_test/{drop,close,reject,stall}");
  EXPECT_EQ(display_path(find_route("/echo", false)), "/echo");
}

// README.md's tables, which a reader takes for the truth about the server.

std::string readme() {
  std::ifstream in(WSCLIENT_SOURCE_DIR "/README.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The cells of the rows of the first table after heading (header and separator skipped).
std::vector<std::vector<std::string>> table_after(const std::string& text,
                                                  const std::string& heading) {
  std::vector<std::vector<std::string>> rows;
  const auto at = text.find("\n" + heading + "\n");
  if (at == std::string::npos) {
    ADD_FAILURE() << "README.md has no heading \"" << heading << "\"";
    return rows;
  }
  std::istringstream lines(text.substr(at + heading.size() + 2));
  bool in_table = false;
  std::size_t row = 0;
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("|")) {
      if (in_table) {
        break;
      }
      continue;
    }
    in_table = true;
    if (row++ < 2) {
      continue;
    }
    std::vector<std::string> cells;
    std::istringstream parts(line.substr(1));
    for (std::string cell; std::getline(parts, cell, '|');) {
      const auto first = cell.find_first_not_of(' ');
      const auto last = cell.find_last_not_of(' ');
      cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
    }
    rows.push_back(cells);
  }
  return rows;
}

// Every `quoted` piece of a cell.
std::vector<std::string> code_spans(const std::string& cell) {
  std::vector<std::string> spans;
  for (auto open = cell.find('`'); open != std::string::npos; open = cell.find('`', open + 1)) {
    const auto close = cell.find('`', open + 1);
    if (close == std::string::npos) {
      break;
    }
    spans.push_back(cell.substr(open + 1, close - open - 1));
    open = close;
  }
  return spans;
}

TEST(Routes, ReadmeListsTheSameRoutes) {
  std::set<std::string> in_readme;
  for (const auto& cells : table_after(readme(), "## The demo server")) {
    ASSERT_GE(cells.size(), 2U);
    const auto kind = cells[1].starts_with("HTTP") ? "HTTP" : cells[1];
    const auto paths = code_spans(cells[0]);
    if (paths.empty()) {
      in_readme.insert(cells[0] + " " + kind);
    }
    for (const auto& path : paths) {
      in_readme.insert(path + " " + kind);
    }
  }
  std::set<std::string> in_table;
  for (const auto& r : routes()) {
    if (r.needs_test_hooks) {
      continue;  // in their own table, below
    }
    const std::string kind = r.kind == route_kind::websocket ? "WebSocket" : "HTTP";
    const std::string path(r.match == route_match::fallback ? "anything else" : r.path);
    in_table.insert(path + " " + kind);
  }
  EXPECT_EQ(in_readme, in_table);
}

TEST(Routes, ReadmeListsTheSameTestHooks) {
  const auto& hooks = find_route(test_hook_prefix, true);
  std::set<std::string> in_readme;
  for (const auto& cells : table_after(readme(), "### Test hooks (`--test-hooks` only)")) {
    for (const auto& span : code_spans(cells.at(0))) {
      in_readme.insert(span.substr(0, span.find('?')));
    }
  }
  std::set<std::string> in_table;
  for (const auto& name : test_hook_names) {
    in_table.insert(std::string(hooks.methods) + " " + std::string(test_hook_prefix) +
                    std::string(name));
  }
  EXPECT_EQ(in_readme, in_table);
}

}  // namespace
}  // namespace wsclient::demo
