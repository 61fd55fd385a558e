// The client's log: the application's sink and its threshold (client_options::log and
// min_log_level). Nothing is printed without a sink.
#pragma once

#include <string>

#include "wsclient/options.hpp"

namespace wsclient::detail {

struct logger {
  log_sink sink;
  log_level min_level = log_level::info;

  /// Worth building the text for: callers check this first for chatty levels.
  bool enabled(log_level level) const {
    return sink && level >= min_level && level != log_level::off;
  }

  void operator()(log_level level, const std::string& text) const {
    if (enabled(level)) {
      sink(level, text);
    }
  }
};

}  // namespace wsclient::detail
