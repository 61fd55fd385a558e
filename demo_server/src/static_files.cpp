#include "static_files.hpp"

#include <algorithm>
#include <system_error>

#include "percent_decode.hpp"

namespace wsclient::demo {

namespace {

namespace fs = std::filesystem;

// Component-wise, so that "/srv/www2" is not taken to be inside "/srv/www".
bool is_within(const fs::path& root, const fs::path& candidate) {
  const auto [root_end, candidate_end] =
      std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
  return root_end == root.end();
}

}  // namespace

static_file resolve_static_file(const fs::path& web_root, std::string_view target) {
  static_file result;
  if (target.empty() || target.front() != '/') {
    result.result = static_lookup::bad_request;
    return result;
  }
  if (web_root.empty()) {
    return result;
  }
  const auto end_of_path = target.find_first_of("?#");
  const auto decoded = percent_decode(target.substr(0, end_of_path));
  if (!decoded) {
    result.result = static_lookup::bad_request;
    return result;
  }

  // Segments are taken after decoding, so an encoded "%2F" or "%2e%2e" is judged like the
  // character it stands for. Empty segments ("//x", a decoded "%2F" at the start) are dropped,
  // which keeps every path relative to the root.
  fs::path relative;
  std::string_view rest = *decoded;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (segment == "..") {
      return result;
    }
    if (segment.empty() || segment == ".") {
      continue;
    }
    relative /= fs::path(segment);
  }
  const bool wants_directory = decoded->back() == '/';

  std::error_code ec;
  const fs::path root = fs::canonical(web_root, ec);
  if (ec) {
    return result;
  }
  fs::path candidate = root / relative;
  auto status = fs::status(candidate, ec);
  if (ec) {
    return result;
  }
  if (fs::is_directory(status)) {
    candidate /= "index.html";
    status = fs::status(candidate, ec);
    if (ec) {
      return result;
    }
  } else if (wants_directory) {
    return result;  // "/file.txt/" names a directory that does not exist
  }
  if (!fs::is_regular_file(status)) {
    return result;
  }

  // Resolving every symlink and comparing with the resolved root is what catches a link that
  // points outside the root; the lexical checks above cannot see through links.
  fs::path resolved = fs::canonical(candidate, ec);
  if (ec || !is_within(root, resolved)) {
    return result;
  }
  result.result = static_lookup::found;
  result.path = std::move(resolved);
  return result;
}

}  // namespace wsclient::demo
