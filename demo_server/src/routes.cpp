#include "routes.hpp"

#include <array>
#include <string>

#include "test_hooks.hpp"

namespace wsclient::demo {
namespace {

constexpr std::string_view get_or_head = "GET, HEAD";

// A WebSocket route: an exact path, upgraded from a GET (RFC 6455 section 4.1).
constexpr route websocket(std::string_view path, std::string_view description,
                          endpoint_factory make_endpoint) {
  return {.path = path,
          .match = route_match::exact,
          .kind = route_kind::websocket,
          .methods = "GET",
          .description = description,
          .make_endpoint = make_endpoint};
}

constexpr route http(std::string_view path, route_match match, std::string_view methods,
                     std::string_view description, http_handler handler) {
  return {.path = path,
          .match = match,
          .kind = route_kind::http,
          .methods = methods,
          .description = description,
          .handler = handler};
}

constexpr route test_hooks_route() {
  auto r = http(test_hook_prefix, route_match::prefix, "POST",
                "fault injection (--test-hooks only)", http_handler::test_hooks);
  r.needs_test_hooks = true;
  r.sub_paths = test_hook_names;
  return r;
}

const std::array<route, 8> table{{
    websocket("/echo", "echo: every message comes back unchanged", make_echo_endpoint),
    websocket("/time", "time: the current UTC time, every 0-3 s (--time-interval-ms fixes it)",
              make_time_endpoint),
    websocket("/counter", "counter: a shared integer every client sees change",
              make_counter_endpoint),
    websocket("/chat", "chat: the seed's chat room, durable history (--chat-log)",
              make_chat_endpoint),
    http("/healthz", route_match::exact, get_or_head, "health check: 200 OK",
         http_handler::health_check),
    http("/health/", route_match::exact, get_or_head, "health check: 200 OK",
         http_handler::health_check),
    test_hooks_route(),
    http("/", route_match::fallback, get_or_head, "static files from --web-root: the web demo",
         http_handler::static_files),
}};

bool matches(const route& r, std::string_view path, bool test_hooks) {
  if (r.needs_test_hooks && !test_hooks) {
    return false;
  }
  switch (r.match) {
    case route_match::exact:
      return path == r.path;
    case route_match::prefix:
      return path.starts_with(r.path);
    case route_match::fallback:
      return false;
  }
  return false;
}

}  // namespace

std::span<const route> routes() {
  return table;
}

const route& find_route(std::string_view target, bool test_hooks) {
  const auto path = target.substr(0, target.find('?'));
  for (const auto match : {route_match::exact, route_match::prefix}) {
    for (const auto& r : table) {
      if (r.match == match && matches(r, path, test_hooks)) {
        return r;
      }
    }
  }
  for (const auto& r : table) {
    if (r.match == route_match::fallback) {
      return r;
    }
  }
  return table.back();  // not reached: the table has a fallback (routes_test checks it)
}

bool takes_method(const route& route, std::string_view method) {
  for (auto rest = route.methods; !rest.empty();) {
    const auto comma = rest.find(", ");
    if (rest.substr(0, comma) == method) {
      return true;
    }
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 2);
  }
  return false;
}

std::string display_path(const route& route) {
  std::string text(route.path);
  if (route.sub_paths.empty()) {
    return text;
  }
  text += '{';
  for (const auto& sub : route.sub_paths) {
    text += sub;
    text += ',';
  }
  text.back() = '}';
  return text;
}

}  // namespace wsclient::demo
