#include "server/api_json.h"
#include "server/server.h"

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

TEST(ApiJson, FeedHealthStatesAndSchedule) {
  FeedHealth never;
  never.url = "https://example.invalid/rss";
  FeedHealth failing = never;
  failing.last_attempt = 1700000000;
  failing.consecutive_failures = 2;
  failing.next_poll = 1700003600;
  failing.last_error = "no network";
  FeedHealth ok = never;
  ok.last_attempt = ok.last_success = 1700000000;
  ok.items_seen = 12;
  ok.articles_added = 5;
  const auto j = FeedsJson({never, failing, ok})["feeds"];
  ASSERT_EQ(j.size(), 3u);
  EXPECT_EQ(j[0]["state"], "pending");
  EXPECT_TRUE(j[0]["next_poll"].is_null());
  EXPECT_EQ(j[1]["state"], "failing");
  EXPECT_EQ(j[1]["next_poll"], "2023-11-14T23:13:20Z");
  EXPECT_EQ(j[2]["state"], "ok");
  EXPECT_EQ(j[2]["articles_added"], 5);
  EXPECT_EQ(j[2]["items_seen"], 12);
}

}  // namespace
}  // namespace riwaya::server
