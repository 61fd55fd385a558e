#include "mime_types.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

namespace wsclient::demo {

namespace {

// Text types carry an explicit charset so that a browser never guesses the encoding of a
// file from its first bytes. JSON (RFC 8259 section 11) and wasm have no charset parameter.
constexpr std::pair<std::string_view, std::string_view> known_types[] = {
    {"avif", "image/avif"},
    {"css", "text/css; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"gif", "image/gif"},
    {"htm", "text/html; charset=utf-8"},
    {"html", "text/html; charset=utf-8"},
    {"ico", "image/x-icon"},
    {"jpeg", "image/jpeg"},
    {"jpg", "image/jpeg"},
    {"js", "text/javascript; charset=utf-8"},
    {"json", "application/json"},
    {"map", "application/json"},  // source maps
    {"md", "text/markdown; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"mp4", "video/mp4"},
    {"otf", "font/otf"},
    {"pdf", "application/pdf"},
    {"png", "image/png"},
    {"svg", "image/svg+xml"},
    // In a web root, .ts is TypeScript source (served next to its source maps), not an MPEG
    // transport stream.
    {"ts", "application/typescript"},
    {"ttf", "font/ttf"},
    {"txt", "text/plain; charset=utf-8"},
    {"wasm", "application/wasm"},  // required by WebAssembly.instantiateStreaming()
    {"webm", "video/webm"},
    {"webp", "image/webp"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"xml", "application/xml"},
    {"zip", "application/zip"},
};

constexpr std::string_view default_type = "application/octet-stream";

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

std::string_view mime_type_for(std::string_view path) {
  const auto slash = path.find_last_of('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const auto dot = name.find_last_of('.');
  // A leading dot marks a hidden file (".htaccess"), not an extension.
  if (dot == std::string_view::npos || dot == 0) {
    return default_type;
  }
  const std::string_view extension = name.substr(dot + 1);
  for (const auto& [known, type] : known_types) {
    if (std::ranges::equal(known, extension, [](char a, char b) { return a == ascii_lower(b); })) {
      return type;
    }
  }
  return default_type;
}

}  // namespace wsclient::demo
