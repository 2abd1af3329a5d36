#include "watch/feed_list.h"

#include <gtest/gtest.h>

#include <fstream>

#include "temp_dir.h"

namespace riwaya::watch {
namespace {

TEST(FeedList, ReadsNestedOutlinesOnceEach) {
  riwaya::testing::TempDir dir("feedlist");
  const std::string path = dir.Path("feeds.opml");
  std::ofstream(path) << R"(<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>قائمة</title></head><body>
  <outline text="الخليج">
    <outline type="rss" text="صحيفة الأفق" xmlUrl="https://ufuq.example/rss.xml"/>
    <outline type="rss" text="وكالة الواحة" title="Waha" xmlUrl="https://waha.example/atom.xml"/>
  </outline>
  <outline type="rss" text="مكرر" xmlUrl="https://ufuq.example/rss.xml"/>
  <outline text="بلا رابط"/>
</body></opml>)";
  auto r = ReadFeedList(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].url, "https://ufuq.example/rss.xml");
  EXPECT_EQ((*r)[0].title, "صحيفة الأفق");
  EXPECT_EQ((*r)[1].title, "Waha");
}

TEST(FeedList, EmptyOrMissingIsAnError) {
  riwaya::testing::TempDir dir("feedlist");
  EXPECT_EQ(ReadFeedList(dir.Path("none.opml")).status().code(), Status::Code::kNotFound);
  std::ofstream(dir.Path("junk.opml")) << "\x01\x02 ليس ملف OPML <<<";
  auto r = ReadFeedList(dir.Path("junk.opml"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("junk.opml"), std::string::npos);
}

TEST(FeedList, RepositoryListHasAtLeastFifteenOutlets) {
  const std::string path = std::string(RIWAYA_SOURCE_DIR) + "/config/feeds.opml";
  auto r = ReadFeedList(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_GE(r->size(), 15u);
  for (const FeedSpec& f : *r) {
    EXPECT_TRUE(f.url.rfind("http", 0) == 0) << f.url;
    EXPECT_FALSE(f.title.empty()) << f.url;
  }
}

TEST(FeedList, ExplicitPathWins) { EXPECT_EQ(FindFeedList("/x/y.opml"), "/x/y.opml"); }

}  // namespace
}  // namespace riwaya::watch
