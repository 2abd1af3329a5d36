#include "server/api_json.h"

#include <gtest/gtest.h>

namespace riwaya::server {
namespace {

TEST(ApiJson, Utf16OffsetsCountArabicAndAstral) {
  const std::string s = "قال 😀 نعم";  // ق ا ل = 6 bytes, space, emoji = 4 bytes / 2 units
  EXPECT_EQ(Utf16Offset(s, 0), 0u);
  EXPECT_EQ(Utf16Offset(s, 6), 3u);
  EXPECT_EQ(Utf16Offset(s, 7), 4u);
  EXPECT_EQ(Utf16Offset(s, 11), 6u);
  EXPECT_EQ(Utf16Offset(s, 9), 4u);  // inside the emoji: moved back to its start
  EXPECT_EQ(Utf16Offset(s, 1000), 10u);  // 3 + 1 + 2 + 1 + 3
}

TEST(ApiJson, SpansDropEmptyAndOutOfRange) {
  const std::string s = "غزة اليوم";
  auto j = SpansJson(s, {{0, 6}, {6, 6}, {100, 200}, {8, 100}, {5, 3}});
  EXPECT_EQ(j, nlohmann::json::parse("[[0,3],[4,9]]"));
}

TEST(ApiJson, IsoUtc) {
  EXPECT_EQ(IsoUtc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(IsoUtc(1719390600), "2024-06-26T08:30:00Z");
  EXPECT_EQ(IsoUtc(951782400), "2000-02-29T00:00:00Z");
}

TEST(ApiJson, InvalidUtf8IsReplacedNotThrown) {
  model::Article a;
  a.title = std::string("عنوان \xFF\xFE مكسور");
  a.id = "abc";
  std::string out;
  EXPECT_NO_THROW(out = Dump(ArticleJson(a, true)));
  EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(ApiJson, UnknownDateHasNoInstant) {
  model::PublishedDate d;
  auto j = DateJson(d);
  EXPECT_FALSE(j["known"].get<bool>());
  EXPECT_FALSE(j.contains("epoch"));
  d.known = true;
  d.date_only = true;
  d.epoch_seconds = 1719360000;
  d.original = "26 يونيو 2024";
  EXPECT_EQ(DateJson(d)["iso"], "2024-06-26");
}

}  // namespace
}  // namespace riwaya::server

namespace riwaya::server {
namespace {

TEST(ApiJson, FullArticleTurnsKeysIntoIds) {
  model::Article a;
  a.key = "page:main";
  a.id = model::IdForKey(a.key);
  a.title = "قمة إقليمية تبحث أزمة المياه";
  a.related_to = "page:other";
  a.links.push_back({"سدود المغرب عند أدنى مستوى", "", "page:readalso"});
  a.links.push_back({"رابط خارجي", "https://example.org/x", ""});
  auto j = ArticleJson(a, true);
  EXPECT_EQ(j["related_to"], model::IdForKey("page:other"));
  ASSERT_EQ(j["links"].size(), 2u);
  EXPECT_EQ(j["links"][0]["article_id"], model::IdForKey("page:readalso"));
  EXPECT_FALSE(j["links"][1].contains("article_id"));
  EXPECT_FALSE(j.contains("crawled"));  // unknown crawl time is left out
  a.related_to.clear();
  a.crawled_epoch = 1437560100;
  j = ArticleJson(a, true);
  EXPECT_TRUE(j["related_to"].is_null());
  EXPECT_EQ(j["crawled"]["iso"], "2015-07-22T10:15:00Z");
  auto summary = ArticleJson(a, false);
  EXPECT_FALSE(summary.contains("paragraphs"));
  EXPECT_EQ(summary["title"], a.title);
}

}  // namespace
}  // namespace riwaya::server
