#include "wsclient/version.hpp"

namespace wsclient {

// WSCLIENT_VERSION is defined for this file alone, from project() (sdk/CMakeLists.txt), so that
// a new version rebuilds one translation unit.
std::string_view version() noexcept {
  return WSCLIENT_VERSION;
}

}  // namespace wsclient
