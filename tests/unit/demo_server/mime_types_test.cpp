#include "mime_types.hpp"

#include <gtest/gtest.h>

#include <string>

namespace wsclient::demo {
namespace {

struct mime_case {
  const char* path;
  const char* type;
};

class MimeTypes : public ::testing::TestWithParam<mime_case> {};

TEST_P(MimeTypes, ByExtension) {
  EXPECT_EQ(mime_type_for(GetParam().path), GetParam().type) << GetParam().path;
}

INSTANTIATE_TEST_SUITE_P(
    Table, MimeTypes,
    ::testing::Values(
        mime_case{"/index.html", "text/html; charset=utf-8"},
        mime_case{"/old.htm", "text/html; charset=utf-8"},
        mime_case{"/style.css", "text/css; charset=utf-8"},
        mime_case{"/app.js", "text/javascript; charset=utf-8"},
        mime_case{"/module.mjs", "text/javascript; charset=utf-8"},
        mime_case{"/data.json", "application/json"}, mime_case{"/app.js.map", "application/json"},
        mime_case{"/wsclient.wasm", "application/wasm"}, mime_case{"/a.png", "image/png"},
        mime_case{"/a.jpg", "image/jpeg"}, mime_case{"/a.jpeg", "image/jpeg"},
        mime_case{"/a.gif", "image/gif"}, mime_case{"/a.svg", "image/svg+xml"},
        mime_case{"/favicon.ico", "image/x-icon"},
        mime_case{"/readme.txt", "text/plain; charset=utf-8"}, mime_case{"/a.webp", "image/webp"},
        mime_case{"/f.woff", "font/woff"}, mime_case{"/f.woff2", "font/woff2"},
        mime_case{"/types.d.ts", "application/typescript"},
        mime_case{"/feed.xml", "application/xml"}, mime_case{"/doc.pdf", "application/pdf"},
        // Case-insensitive, relative and directory-qualified paths.
        mime_case{"/UPPER.WASM", "application/wasm"},
        mime_case{"Index.Html", "text/html; charset=utf-8"},
        mime_case{"/a/b.c/app.js", "text/javascript; charset=utf-8"},
        // Unknown or missing extensions.
        mime_case{"/a.unknown", "application/octet-stream"},
        mime_case{"/Makefile", "application/octet-stream"},
        mime_case{"/dir.js/file", "application/octet-stream"},
        mime_case{"/.htaccess", "application/octet-stream"},
        mime_case{"/trailing.", "application/octet-stream"},
        mime_case{"/a.htmlx", "application/octet-stream"},
        mime_case{"", "application/octet-stream"}));

}  // namespace
}  // namespace wsclient::demo
