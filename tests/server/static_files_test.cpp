#include "server/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace riwaya::server {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("riwaya-static-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "web" / "assets");
    fs::create_directories(dir_ / "web" / "fonts");
    std::ofstream(dir_ / "web" / "index.html") << "x";
    std::ofstream(dir_ / "web" / "fonts" / "index.html") << "y";
    std::ofstream(dir_ / "web" / "assets" / "a.woff2") << "z";
    std::ofstream(dir_ / "outside.txt") << "secret";
    fs::create_symlink(dir_ / "outside.txt", dir_ / "web" / "link.txt");
    fs::create_directory_symlink(dir_, dir_ / "web" / "up");
    root_ = (dir_ / "web").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string root_;
};

TEST_F(StaticFilesTest, ServesFilesInsideRoot) {
  auto r = ResolveStatic(root_, "/");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(fs::path(r->path).filename(), "index.html");
  EXPECT_EQ(r->content_type, "text/html; charset=utf-8");
  EXPECT_FALSE(r->immutable);
  r = ResolveStatic(root_, "/assets/a.woff2");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->content_type, "font/woff2");
  EXPECT_TRUE(r->immutable);
  r = ResolveStatic(root_, "/fonts/");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(fs::path(r->path).parent_path().filename(), "fonts");
}

TEST_F(StaticFilesTest, RefusesTraversal) {
  for (const char* p : {"/../outside.txt", "/assets/../../outside.txt", "/./index.html", "/.env",
                        "/assets//a.woff2", "/a\\..\\b", "/link.txt", "/up/outside.txt", "relative"}) {
    auto r = ResolveStatic(root_, p);
    ASSERT_FALSE(r.ok()) << p;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalid) << p << ": " << r.status().message();
  }
  auto nul = ResolveStatic(root_, std::string_view("/index.html\0x", 13));
  EXPECT_FALSE(nul.ok());
}

TEST_F(StaticFilesTest, MissingIsNotFound) {
  auto r = ResolveStatic(root_, "/nope.js");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
  r = ResolveStatic((dir_ / "absent").string(), "/index.html");
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace riwaya::server
