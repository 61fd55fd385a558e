// Every path the demo server answers, in one table: the HTTP session dispatches on it, --help and
// the startup listing print it, and a test holds README's route table to it.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "connection.hpp"
#include "endpoints.hpp"

namespace wsclient::demo {

enum class route_kind { websocket, http };

/// How a route's path matches a request's path (the query is ignored).
enum class route_match {
  exact,     ///< the path itself
  prefix,    ///< any path that starts with it
  fallback,  ///< any path no other route takes
};

/// What answers an HTTP route; the HTTP session implements each.
enum class http_handler { none, health_check, test_hooks, static_files };

/// Makes the per-connection endpoint of a WebSocket route.
using endpoint_factory = std::unique_ptr<endpoint> (*)(const endpoint_settings&);

struct route {
  std::string_view path;  ///< "/echo"; a prefix route's prefix; "/" for the fallback
  route_match match;
  route_kind kind;
  /// The HTTP methods it takes, as an Allow header lists them ("GET, HEAD").
  std::string_view methods;
  std::string_view description;               ///< for --help and the startup listing
  endpoint_factory make_endpoint = nullptr;   ///< WebSocket routes
  http_handler handler = http_handler::none;  ///< HTTP routes
  /// Served only with --test-hooks; without it, its paths fall through to the fallback.
  bool needs_test_hooks = false;
  /// The paths under a prefix route, for listings ("drop", "close"...).
  std::span<const std::string_view> sub_paths = {};
};

/// Every route, in the order listings show them.
std::span<const route> routes();

/// The route that serves target ("/echo?x=1") on a server with or without test hooks: an exact
/// path, else a prefix, else the fallback (static files).
const route& find_route(std::string_view target, bool test_hooks);

/// Whether route takes method ("GET"), by its methods list.
bool takes_method(const route& route, std::string_view method);

/// The route's path as listings show it: "/_test/{drop,close,reject,stall}" for a prefix route
/// with sub-paths, else its path.
std::string display_path(const route& route);

}  // namespace wsclient::demo
