#include "ingest/html_page.h"

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace riwaya::ingest {
namespace {

namespace fs = std::filesystem;

struct Collect : Sink {
  std::vector<model::Article> articles;
  std::vector<Rejection> rejections;
  void Article(model::Article&& a) override { articles.push_back(std::move(a)); }
  void Reject(Rejection&& r) override { rejections.push_back(std::move(r)); }
};

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Iso(const model::PublishedDate& d) {
  std::time_t t = static_cast<std::time_t>(d.epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, d.date_only ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Collect Parse(std::string_view html, std::string url = "") {
  Collect c;
  Source src;
  src.path = "test.html";
  src.url = std::move(url);
  ParseHtmlPage(html, src, c);
  return c;
}

fs::path FixtureDir() { return fs::path(RIWAYA_SOURCE_DIR) / "tests" / "fixtures" / "html"; }

TEST(HtmlPageFixtures, EveryFixtureMatchesItsExpectedFields) {
  std::vector<fs::path> expected_files;
  for (const auto& e : fs::directory_iterator(FixtureDir())) {
    std::string name = e.path().filename().string();
    if (name.size() > 14 && name.substr(name.size() - 14) == ".expected.json") expected_files.push_back(e.path());
  }
  std::sort(expected_files.begin(), expected_files.end());
  ASSERT_GE(expected_files.size(), 30u);
  for (const fs::path& ef : expected_files) {
    std::string stem = ef.filename().string();
    stem = stem.substr(0, stem.size() - 14);
    SCOPED_TRACE(stem);
    nlohmann::json exp = nlohmann::json::parse(ReadFile(ef));
    Collect c = Parse(ReadFile(FixtureDir() / (stem + ".html")));
    if (exp["rejected"].get<bool>()) {
      EXPECT_TRUE(c.articles.empty());
      ASSERT_EQ(c.rejections.size(), 1u);
      EXPECT_FALSE(c.rejections[0].reason.empty());
      continue;
    }
    ASSERT_EQ(c.articles.size(), 1u) << (c.rejections.empty() ? "" : c.rejections[0].ToString());
    const model::Article& a = c.articles[0];
    EXPECT_EQ(a.title, exp["title"].get<std::string>());
    if (exp["published"].is_null()) {
      EXPECT_FALSE(a.published.known) << Iso(a.published) << " from " << a.published.original;
    } else {
      ASSERT_TRUE(a.published.known);
      EXPECT_EQ(Iso(a.published), exp["published"].get<std::string>()) << a.published.original;
      EXPECT_EQ(a.published.date_only, exp["date_only"].get<bool>());
      EXPECT_FALSE(a.published.original.empty());
    }
    EXPECT_EQ(model::DateSourceName(a.published.source), exp["date_source"].get<std::string>());
    EXPECT_EQ(a.author, exp["author"].get<std::string>());
    EXPECT_EQ(a.outlet, exp["outlet"].get<std::string>());
    EXPECT_EQ(a.credit, exp["credit"].get<std::string>());
    EXPECT_EQ(a.canonical_url, exp["canonical_url"].get<std::string>());
    EXPECT_EQ(a.category, exp["category"].get<std::string>());
    EXPECT_EQ(a.language, exp["language"].get<std::string>());
    EXPECT_EQ(a.paragraphs.size(), exp["paragraphs"].get<size_t>()) << a.Body();
    if (!a.paragraphs.empty()) {
      EXPECT_EQ(a.paragraphs.front(), exp["first_paragraph"].get<std::string>());
      EXPECT_EQ(a.paragraphs.back(), exp["last_paragraph"].get<std::string>());
    }
    EXPECT_EQ(a.links.size(), exp["links"].get<size_t>());
    // Identity follows the canonical URL when there is one.
    if (!a.canonical_url.empty()) EXPECT_EQ(a.key, "url:" + a.canonical_url);
    else EXPECT_EQ(a.key.rfind("html:", 0), 0u);
    EXPECT_EQ(a.id, model::IdForKey(a.key));
  }
}

}  // namespace
}  // namespace riwaya::ingest
