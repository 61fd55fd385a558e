// Content types of the static files the demo server serves.
#pragma once

#include <string_view>

namespace wsclient::demo {

/// The Content-Type for a file path, by extension, case-insensitive ("application/wasm" for
/// .wasm, "text/javascript" for .js/.mjs, ...); "application/octet-stream" when unknown.
std::string_view mime_type_for(std::string_view path);

}  // namespace wsclient::demo
