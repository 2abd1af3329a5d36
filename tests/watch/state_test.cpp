#include "watch/state.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "temp_dir.h"

namespace riwaya::watch {
namespace {

TEST(SeenSet, ForgetsTheOldestBeyondCapacity) {
  SeenSet s(3);
  EXPECT_TRUE(s.Insert("https://ufuq.example/1"));
  EXPECT_FALSE(s.Insert("https://ufuq.example/1"));
  s.Insert("https://ufuq.example/2");
  s.Insert("https://ufuq.example/3");
  s.Insert("https://ufuq.example/4");
  EXPECT_EQ(s.size(), 3u);
  EXPECT_FALSE(s.Contains("https://ufuq.example/1"));
  EXPECT_TRUE(s.Contains("https://ufuq.example/4"));
}

TEST(WatchState, MissingFileIsEmpty) {
  riwaya::testing::TempDir dir("watch-state");
  auto st = WatchState::Load(dir.Path("feeds-state.json"));
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_TRUE(st->feeds.empty());
  EXPECT_EQ(st->seen.size(), 0u);
}

TEST(WatchState, RoundTripsEverything) {
  riwaya::testing::TempDir dir("watch-state");
  const std::string path = dir.Path("feeds-state.json");
  WatchState s;
  FeedState f;
  f.url = "https://waha.example/feed";
  f.title = "وكالة الواحة للأنباء";
  f.outlet = "الواحة";
  f.last_success = 1743575400;
  f.last_attempt = 1743575460;
  f.next_poll = 1743576360;
  f.last_error = "https://waha.example/feed: HTTP 503";
  f.items_seen = 42;
  f.articles_added = 40;
  f.consecutive_failures = 2;
  f.etag = "W/\"abc\"";
  f.last_modified = "Wed, 02 Apr 2025 08:00:00 GMT";
  s.feeds[f.url] = f;
  s.seen.Insert("https://waha.example/a");
  s.seen.Insert("https://waha.example/b");
  PendingPage p;
  p.url = "https://waha.example/c";
  p.feed = f.url;
  p.title = "سيول جارفة";
  p.outlet = "الواحة";
  p.published.known = true;
  p.published.epoch_seconds = 1743575400;
  p.published.original = "2025-04-02T06:30:00Z";
  p.published.source = model::DateSource::kFeed;
  p.attempts = 1;
  p.last_error = "timeout";
  s.pending.push_back(p);
  ASSERT_TRUE(s.Save(path).ok());
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));

  auto r = WatchState::Load(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->feeds.count(f.url), 1u);
  const FeedState& g = r->feeds.at(f.url);
  EXPECT_EQ(g.title, f.title);
  EXPECT_EQ(g.outlet, f.outlet);
  EXPECT_EQ(g.last_success, f.last_success);
  EXPECT_EQ(g.last_attempt, f.last_attempt);
  EXPECT_EQ(g.next_poll, f.next_poll);
  EXPECT_EQ(g.last_error, f.last_error);
  EXPECT_EQ(g.items_seen, 42);
  EXPECT_EQ(g.articles_added, 40);
  EXPECT_EQ(g.consecutive_failures, 2);
  EXPECT_EQ(g.etag, f.etag);
  EXPECT_EQ(g.last_modified, f.last_modified);
  EXPECT_TRUE(r->seen.Contains("https://waha.example/a"));
  EXPECT_TRUE(r->seen.Contains("https://waha.example/b"));
  ASSERT_EQ(r->pending.size(), 1u);
  EXPECT_EQ(r->pending[0].title, p.title);
  EXPECT_EQ(r->pending[0].attempts, 1);
  EXPECT_TRUE(r->pending[0].published.known);
  EXPECT_EQ(r->pending[0].published.epoch_seconds, 1743575400);
  EXPECT_EQ(r->pending[0].published.source, model::DateSource::kFeed);
}

TEST(WatchState, CorruptFileIsAClearError) {
  riwaya::testing::TempDir dir("watch-state");
  const std::string path = dir.Path("feeds-state.json");
  std::ofstream(path) << "{\"version\": 1, \"feeds\": [ {\"url\": ";
  auto r = WatchState::Load(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCorrupt);
  EXPECT_NE(r.status().message().find(path), std::string::npos);

  std::ofstream(path, std::ios::trunc) << "{\"version\": 1, \"feeds\": [ {\"url\": 7} ]}";
  EXPECT_EQ(WatchState::Load(path).status().code(), Status::Code::kCorrupt);
  std::ofstream(path, std::ios::trunc) << "{\"version\": 99}";
  EXPECT_EQ(WatchState::Load(path).status().code(), Status::Code::kUnsupported);
}

TEST(WatchState, InvalidUtf8FromAFeedStillSaves) {
  riwaya::testing::TempDir dir("watch-state");
  WatchState s;
  FeedState f;
  f.url = "https://x.example/rss";
  f.title = std::string("\xff\xfe عنوان");
  s.feeds[f.url] = f;
  ASSERT_TRUE(s.Save(dir.Path("s.json")).ok());
  auto r = WatchState::Load(dir.Path("s.json"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->feeds.at(f.url).title.find("عنوان"), std::string::npos);
}

TEST(WatchState, UnwritableDirectoryIsAnError) {
  WatchState s;
  Status st = s.Save("/nonexistent-riwaya-dir/feeds-state.json");
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("/nonexistent-riwaya-dir"), std::string::npos);
}

}  // namespace
}  // namespace riwaya::watch
