#include "static_files.hpp"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace wsclient::demo {
namespace {

namespace fs = std::filesystem;

// tmp/
//   x                 a file outside the root: every traversal attempt aims at it
//   root/
//     index.html, a.txt, "with space.txt", sub/index.html, sub/page.js, empty/
//     link_in -> a.txt, link_out -> ../x, dir_out -> .., sub_link -> sub
class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "static_files_test.XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    tmp_ = pattern;
    root_ = tmp_ / "root";
    fs::create_directories(root_ / "sub");
    fs::create_directories(root_ / "empty");
    write(tmp_ / "x");
    write(root_ / "index.html");
    write(root_ / "a.txt");
    write(root_ / "with space.txt");
    write(root_ / "sub" / "index.html");
    write(root_ / "sub" / "page.js");
    fs::create_symlink("a.txt", root_ / "link_in");
    fs::create_symlink("../x", root_ / "link_out");
    fs::create_directory_symlink("..", root_ / "dir_out");
    fs::create_directory_symlink("sub", root_ / "sub_link");
  }

  void TearDown() override {
    std::error_code ec;
    fs::remove_all(tmp_, ec);
  }

  static void write(const fs::path& path) { std::ofstream(path) << path.filename().string(); }

  static_lookup lookup(std::string_view target) const {
    return resolve_static_file(root_, target).result;
  }

  // The path a found lookup resolved to, relative to the root, for readable failures.
  std::string found(std::string_view target) const {
    const auto file = resolve_static_file(root_, target);
    if (file.result != static_lookup::found) {
      return "<not found>";
    }
    return file.path.lexically_relative(fs::canonical(root_)).generic_string();
  }

  fs::path tmp_;
  fs::path root_;
};

TEST_F(StaticFiles, FindsRegularFiles) {
  EXPECT_EQ(found("/a.txt"), "a.txt");
  EXPECT_EQ(found("/sub/page.js"), "sub/page.js");
  EXPECT_EQ(found("/with%20space.txt"), "with space.txt");
  EXPECT_EQ(found("//sub//./page.js"), "sub/page.js");
}

TEST_F(StaticFiles, FoundPathIsAnAbsoluteRegularFile) {
  const auto file = resolve_static_file(root_, "/a.txt");
  ASSERT_EQ(file.result, static_lookup::found);
  EXPECT_TRUE(file.path.is_absolute());
  EXPECT_TRUE(fs::is_regular_file(file.path));
}

TEST_F(StaticFiles, QueryAndFragmentAreIgnored) {
  EXPECT_EQ(found("/a.txt?x=1"), "a.txt");
  EXPECT_EQ(found("/a.txt?../../x"), "a.txt");
  EXPECT_EQ(found("/a.txt#frag"), "a.txt");
  EXPECT_EQ(found("/?v=2"), "index.html");
}

TEST_F(StaticFiles, DirectoryMapsToItsIndex) {
  EXPECT_EQ(found("/"), "index.html");
  EXPECT_EQ(found("/sub"), "sub/index.html");
  EXPECT_EQ(found("/sub/"), "sub/index.html");
  EXPECT_EQ(lookup("/empty/"), static_lookup::not_found);
  EXPECT_EQ(lookup("/empty"), static_lookup::not_found);
}

TEST_F(StaticFiles, MissingFilesAreNotFound) {
  EXPECT_EQ(lookup("/missing.txt"), static_lookup::not_found);
  EXPECT_EQ(lookup("/sub/missing/deeper"), static_lookup::not_found);
  EXPECT_EQ(lookup("/a.txt/"), static_lookup::not_found);
  EXPECT_EQ(lookup("/a.txt/more"), static_lookup::not_found);
}

TEST_F(StaticFiles, TraversalIsNotFound) {
  ASSERT_TRUE(fs::is_regular_file(root_ / ".." / "x"));
  for (const char* target :
       {"/../x", "/a/../../x", "/sub/../../x", "/%2e%2e/x", "/%2E%2E%2Fx", "/..%2fx", "/.%2e/x",
        "/sub/..", "/sub/../a.txt", "/..", "/%2F..%2Fx"}) {
    EXPECT_EQ(lookup(target), static_lookup::not_found) << target;
  }
}

TEST_F(StaticFiles, EncodedAbsolutePathStaysUnderTheRoot) {
  // "/%2Ftmp..." decodes to "//tmp...": it must be looked up under the root, never at "/tmp".
  // Built with append: GCC 12 at -O3 warns falsely (-Wrestrict) on "/" + std::string.
  std::string absolute_x = "/";
  absolute_x.append((tmp_ / "x").generic_string());
  EXPECT_EQ(lookup(absolute_x), static_lookup::not_found);
  std::string encoded = "/%2F";
  encoded.append((tmp_ / "x").generic_string().substr(1));
  EXPECT_EQ(lookup(encoded), static_lookup::not_found);
}

TEST_F(StaticFiles, SymlinksInsideTheRootAreFollowed) {
  EXPECT_EQ(found("/link_in"), "a.txt");
  EXPECT_EQ(found("/sub_link/page.js"), "sub/page.js");
  EXPECT_EQ(found("/sub_link/"), "sub/index.html");
}

TEST_F(StaticFiles, SymlinksLeavingTheRootAreNotFound) {
  EXPECT_EQ(lookup("/link_out"), static_lookup::not_found);
  EXPECT_EQ(lookup("/dir_out/x"), static_lookup::not_found);
}

TEST_F(StaticFiles, RootGivenThroughASymlinkStillWorks) {
  fs::create_directory_symlink(root_, tmp_ / "root_link");
  const auto file = resolve_static_file(tmp_ / "root_link", "/a.txt");
  EXPECT_EQ(file.result, static_lookup::found);
  EXPECT_EQ(resolve_static_file(tmp_ / "root_link", "/link_out").result, static_lookup::not_found);
}

TEST_F(StaticFiles, SiblingDirectoryWithTheRootAsPrefixIsOutside) {
  // "root2" starts with "root" as a string but is not inside it.
  fs::create_directory(tmp_ / "root2");
  write(tmp_ / "root2" / "secret");
  fs::create_symlink("../root2/secret", root_ / "prefix_link");
  EXPECT_EQ(lookup("/prefix_link"), static_lookup::not_found);
}

TEST_F(StaticFiles, MalformedTargetsAreBadRequests) {
  using namespace std::string_literals;
  for (const std::string& target : {"x"s, "a.txt"s, ""s, "*"s, "http://host/a.txt"s, "/a.txt%00"s,
                                    "/%00/a.txt"s, "/a%4"s, "/a%zz"s, "/a\0b"s}) {
    EXPECT_EQ(lookup(target), static_lookup::bad_request) << target;
  }
}

TEST_F(StaticFiles, EmptyOrMissingRootFindsNothing) {
  EXPECT_EQ(resolve_static_file({}, "/a.txt").result, static_lookup::not_found);
  EXPECT_EQ(resolve_static_file(tmp_ / "nope", "/a.txt").result, static_lookup::not_found);
  EXPECT_EQ(resolve_static_file(root_ / "a.txt", "/").result, static_lookup::not_found);
}

}  // namespace
}  // namespace wsclient::demo
