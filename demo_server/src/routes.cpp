#include "routes.hpp"

#include <array>
#include <string>

#include "test_hooks.hpp"

namespace wsclient::demo {
namespace {

constexpr std::string_view get_or_head = "GET, HEAD";

const std::array<route, 7> table{{
    {.path = "/echo",
     .match = route_match::exact,
     .kind = route_kind::websocket,
     .methods = "GET",
     .description = "echo: every message comes back unchanged",
     .make_endpoint = make_echo_endpoint},
    {.path = "/time",
     .match = route_match::exact,
     .kind = route_kind::websocket,
     .methods = "GET",
     .description = "time: the current UTC time, every 0-3 s (--time-interval-ms fixes it)",
     .make_endpoint = make_time_endpoint},
    {.path = "/counter",
     .match = route_match::exact,
     .kind = route_kind::websocket,
     .methods = "GET",
     .description = "counter: a shared integer every client sees change",
     .make_endpoint = make_counter_endpoint},
    {.path = "/healthz",
     .match = route_match::exact,
     .kind = route_kind::http,
     .methods = get_or_head,
     .description = "health check: 200 OK",
     .handler = http_handler::health_check},
    {.path = "/health/",
     .match = route_match::exact,
     .kind = route_kind::http,
     .methods = get_or_head,
     .description = "health check: 200 OK",
     .handler = http_handler::health_check},
    {.path = test_hook_prefix,
     .match = route_match::prefix,
     .kind = route_kind::http,
     .methods = "POST",
     .description = "fault injection (--test-hooks only)",
     .handler = http_handler::test_hooks,
     .needs_test_hooks = true,
     .sub_paths = test_hook_names},
    {.path = "/",
     .match = route_match::fallback,
     .kind = route_kind::http,
     .methods = get_or_head,
     .description = "static files from --web-root: the web demo",
     .handler = http_handler::static_files},
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
