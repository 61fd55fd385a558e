// client_options from a JavaScript object ({reconnect: {initialDelay: 500}, ...}): every key
// checked, so that a typo is an error rather than an option silently ignored.
//
// The reader is one table: each field of client_options with the dotted JavaScript path that
// sets it, or the reason JavaScript does not. The tests hold the table against the fields of
// client_options (tests/unit/wasm) and against the TypeScript declarations, wsclient.d.mts
// (tests/e2e, through Client.optionKeys()).
#pragma once

#include <emscripten/val.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "wsclient/options.hpp"

namespace wsclient::js {

/// One field of client_options, as JavaScript sees it.
struct option_field {
  /// Dotted path: "reconnect.initialDelay" for JavaScript; the C++ name when not read.
  std::string_view path;
  /// Reads value (at path) into the field; "" or what is wrong. Empty: not read from
  /// JavaScript (see not_read_because).
  std::function<std::string(const emscripten::val& value, const std::string& path,
                            client_options& out)>
      read;
  /// The field itself, in a given client_options.
  std::function<const void*(const client_options&)> field;
  std::string_view not_read_because;
};

/// Every field of client_options, read from JavaScript or not.
const std::vector<option_field>& option_fields();

/// The dotted paths options_from_js() accepts, in table order.
std::vector<std::string> option_keys();

/// Fills out from options (undefined: defaults). Returns "" or what is wrong ("unknown
/// option reconnect.initalDelay", "reconnect.maxDelay must be a number").
std::string options_from_js(const emscripten::val& options, client_options& out);

}  // namespace wsclient::js
