// The library's version, as the CMake project declares it (the top-level CMakeLists.txt is its
// one home): what the native client sends in its User-Agent and wsclient-cli --version prints.
#pragma once

#include <string_view>

namespace wsclient {

/// "MAJOR.MINOR.PATCH" of the library that is linked (not of the headers compiled against).
std::string_view version() noexcept;

}  // namespace wsclient
