#include "server/api_token.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace riwaya::server {
namespace {

namespace fs = std::filesystem;

TEST(ApiToken, CreatedOnceWithMode0600) {
  fs::path dir = fs::temp_directory_path() / ("riwaya-token-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto a = LoadOrCreateApiToken(dir.string(), "");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->size(), 64u);
  struct stat st {};
  ASSERT_EQ(::stat((dir / "api-token").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto b = LoadOrCreateApiToken(dir.string(), "");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);  // stable across restarts
  auto env = LoadOrCreateApiToken(dir.string(), "from-the-environment-123\n");
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(*env, "from-the-environment-123");
  std::ofstream(dir / "api-token", std::ios::trunc) << "short\n";
  EXPECT_FALSE(LoadOrCreateApiToken(dir.string(), "").ok());
  fs::remove_all(dir);
}

TEST(ApiToken, BearerMatching) {
  EXPECT_TRUE(BearerMatches("Bearer abcdef", "abcdef"));
  EXPECT_FALSE(BearerMatches("Bearer abcdeg", "abcdef"));
  EXPECT_FALSE(BearerMatches("Bearer abcdef ", "abcdef"));
  EXPECT_FALSE(BearerMatches("bearer abcdef", "abcdef"));
  EXPECT_FALSE(BearerMatches("abcdef", "abcdef"));
  EXPECT_FALSE(BearerMatches("Bearer ", ""));
  EXPECT_FALSE(BearerMatches("", "abcdef"));
}

}  // namespace
}  // namespace riwaya::server
