// Maps a request target to a file under the web root, never outside it.
#pragma once

#include <filesystem>
#include <string_view>

namespace wsclient::demo {

enum class static_lookup { found, not_found, bad_request };

struct static_file {
  static_lookup result = static_lookup::not_found;
  std::filesystem::path path;  ///< the regular file to serve when result == found
};

/// Resolves a request target ("/a/b.js?x=1") against web_root: the query is ignored, the path
/// is percent-decoded, a directory maps to its index.html, and any path that would leave the
/// root (".." segments, a symlink pointing outside, an absolute path after decoding) is
/// not_found. A malformed target (no leading '/', bad escape, NUL) is bad_request.
/// An empty web_root finds nothing.
static_file resolve_static_file(const std::filesystem::path& web_root, std::string_view target);

}  // namespace wsclient::demo
