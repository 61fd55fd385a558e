// client_options from a JavaScript object ({reconnect: {initialDelay: 500}, ...}): every key
// checked, so that a typo is an error rather than an option silently ignored.
#pragma once

#include <emscripten/val.h>

#include <string>

#include "wsclient/options.hpp"

namespace wsclient::js {

/// Fills out from options (undefined: defaults). Returns "" or what is wrong ("unknown
/// option reconnect.initalDelay", "reconnect.maxDelay must be a number").
std::string options_from_js(const emscripten::val& options, client_options& out);

}  // namespace wsclient::js
