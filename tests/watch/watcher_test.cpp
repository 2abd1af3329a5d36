#include "watch/watcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "temp_dir.h"
#include "watch/feed_server.h"

namespace riwaya::watch {
namespace {

using riwaya::testing::FeedServer;
using riwaya::testing::TempDir;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Harness {
  TempDir dir{"watch"};
  FeedServer server;
  std::unique_ptr<engine::Engine> engine;
  std::vector<std::string> log;
  std::mutex log_mu;

  Harness() {
    engine::Engine::Options eo;
    eo.data_dir = dir.Path("data");
    auto e = engine::Engine::Open(eo);
    if (e.ok()) engine = std::move(e.value());
  }
  WatchOptions Options() {
    WatchOptions o;
    o.state_path = dir.Path("data") + "/feeds-state.json";
    o.per_host_delay_seconds = 0;
    o.interval_seconds = 600;
    o.fetch.connect_timeout_ms = 1000;
    o.fetch.total_timeout_ms = 2000;
    o.fetch.max_body_bytes = 64 * 1024;
    o.fetch.max_redirects = 3;
    o.log = [this](const std::string& line) {
      std::lock_guard<std::mutex> g(log_mu);
      log.push_back(line);
    };
    return o;
  }
  std::unique_ptr<Watcher> Open(std::vector<FeedSpec> feeds, WatchOptions o) {
    auto w = Watcher::Open(engine.get(), std::move(feeds), std::move(o));
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    return w.ok() ? std::move(w.value()) : nullptr;
  }
  // Every stored article by title.
  std::map<std::string, model::Article> Articles() {
    std::map<std::string, model::Article> out;
    Status st = engine->ForEachArticle(0, [&out](const model::Article& a, int64_t) {
      out[a.title] = a;
      return true;
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }
  int LogLinesWith(const std::string& needle) {
    std::lock_guard<std::mutex> g(log_mu);
    return static_cast<int>(std::count_if(log.begin(), log.end(),
                                          [&](const std::string& l) { return l.find(needle) != std::string::npos; }));
  }
};

void ServeGoodSite(FeedServer& s) {
  s.ServeFixture("/ufuq/rss.xml", "rss_good.xml", "application/rss+xml; charset=utf-8");
  s.ServeFixture("/waha/atom.xml", "atom_good.xml", "application/atom+xml; charset=utf-8");
  s.ServeFixture("/ufuq/2025/03/port.html", "page_port.html", "text/html; charset=utf-8");
  s.ServeFixture("/ufuq/2025/03/budget.html", "page_budget.html", "text/html; charset=utf-8");
  s.ServeFixture("/waha/floods-south", "page_floods.html", "text/html; charset=utf-8");
  s.ServeFixture("/waha/schools-remote", "page_schools.html", "text/html; charset=utf-8");
}

TEST(Watcher, FollowsRssAndAtomIngestsPagesAndAddsNothingTheSecondTime) {
  Harness h;
  ASSERT_TRUE(h.engine);
  ServeGoodSite(h.server);
  h.server.Start();
  std::vector<FeedSpec> feeds = {{h.server.Url("/ufuq/rss.xml"), "الأفق"}, {h.server.Url("/waha/atom.xml"), "الواحة"}};
  auto w = h.Open(feeds, h.Options());
  ASSERT_TRUE(w);
  auto reports = w->PollAll();
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_TRUE(reports[0].ok) << reports[0].error;
  EXPECT_TRUE(reports[1].ok) << reports[1].error;
  EXPECT_EQ(reports[0].items, 3);
  EXPECT_EQ(reports[0].new_items, 3);
  EXPECT_EQ(reports[0].added, 3);  // one item with its text, two pages
  EXPECT_EQ(reports[0].pages_fetched, 2);
  EXPECT_EQ(reports[1].added, 2);

  auto arts = h.Articles();
  ASSERT_EQ(arts.size(), 5u);
  const auto& port = arts.at("افتتاح ميناء صيد جديد في مدينة صور بتمويل أوروبي");
  EXPECT_EQ(port.outlet, "صحيفة الأفق");
  EXPECT_EQ(port.url, h.server.Url("/ufuq/2025/03/port.html"));
  EXPECT_EQ(port.published.source, model::DateSource::kMetaTag);  // the page's own date wins
  EXPECT_EQ(port.published.epoch_seconds, 1741590000);           // 2025-03-10T09:00+02:00
  EXPECT_EQ(port.paragraphs.size(), 4u);
  // The floods page names neither outlet nor date: the Atom feed fills both.
  const auto& floods = arts.at("سيول جارفة تقطع الطريق الدولي جنوب الواحة");
  EXPECT_EQ(floods.outlet, "وكالة الواحة للأنباء");
  EXPECT_TRUE(floods.published.known);
  EXPECT_EQ(floods.published.source, model::DateSource::kFeed);
  EXPECT_EQ(floods.published.epoch_seconds, 1743575400);  // 2025-04-02T06:30:00Z
  const auto& football = arts.at("المنتخب الوطني للسيدات يتأهل إلى نهائيات كأس آسيا");
  EXPECT_EQ(football.outlet, "صحيفة الأفق");
  EXPECT_EQ(h.server.Count("/ufuq/2025/03/women-football.html"), 0);  // its text came in the feed

  // Health.
  auto snap = w->Snapshot();
  ASSERT_EQ(snap.size(), 2u);
  EXPECT_EQ(snap[0].title, "صحيفة الأفق");
  EXPECT_EQ(snap[0].outlet, "الأفق");
  EXPECT_EQ(snap[0].items_seen, 3);
  EXPECT_EQ(snap[0].consecutive_failures, 0);
  EXPECT_GT(snap[0].last_success, 0);
  EXPECT_FALSE(snap[0].etag.empty());
  EXPECT_GE(snap[0].next_poll, snap[0].last_attempt + 600);

  // Second pass: feeds answer 304, no page is fetched again, nothing is added.
  auto again = w->PollAll();
  EXPECT_TRUE(again[0].not_modified);
  EXPECT_TRUE(again[1].not_modified);
  EXPECT_EQ(again[0].added + again[1].added, 0);
  EXPECT_EQ(h.server.Count("/ufuq/2025/03/port.html"), 1);
  EXPECT_EQ(h.Articles().size(), 5u);
  EXPECT_EQ(w->totals().added, 5);
  EXPECT_EQ(w->totals().not_modified, 2);
}

TEST(Watcher, RestartKeepsValidatorsAndSeenItems) {
  Harness h;
  ASSERT_TRUE(h.engine);
  ServeGoodSite(h.server);
  h.server.Start();
  std::vector<FeedSpec> feeds = {{h.server.Url("/ufuq/rss.xml"), "الأفق"}};
  {
    auto w = h.Open(feeds, h.Options());
    ASSERT_TRUE(w);
    ASSERT_TRUE(w->PollAll()[0].ok);
  }
  ASSERT_TRUE(std::filesystem::exists(h.dir.Path("data") + "/feeds-state.json"));
  auto w = h.Open(feeds, h.Options());
  ASSERT_TRUE(w);
  auto snap = w->Snapshot();
  ASSERT_EQ(snap.size(), 1u);
  EXPECT_EQ(snap[0].items_seen, 3);  // health survived
  auto r = w->PollAll();
  EXPECT_TRUE(r[0].not_modified);    // the ETag survived
  auto hits = h.server.hits();
  ASSERT_FALSE(hits.empty());
  EXPECT_FALSE(hits.back().if_none_match.empty());
  EXPECT_EQ(h.Articles().size(), 3u);

  // A lost state file costs requests, never duplicates: the store is idempotent by key.
  WatchOptions o = h.Options();
  o.state_path = h.dir.Path("data") + "/other-state.json";
  auto fresh = h.Open(feeds, o);
  auto fr = fresh->PollAll();
  EXPECT_TRUE(fr[0].ok);
  EXPECT_EQ(fr[0].new_items, 3);
  EXPECT_EQ(fr[0].added, 0);
  EXPECT_EQ(h.Articles().size(), 3u);
}

TEST(Watcher, PageThatFailsIsRetriedNotLost) {
  Harness h;
  ASSERT_TRUE(h.engine);
  ServeGoodSite(h.server);
  std::atomic<int> calls{0};
  const std::string page = h.server.Fixture("page_floods.html");
  // Overrides nothing: the Atom feed lists /waha/floods-south; we serve a flaky copy under another feed.
  h.server.http().Get("/flaky/atom.xml", [&h](const httplib::Request&, httplib::Response& res) {
    std::string body = h.server.Fixture("atom_good.xml");
    const std::string from = h.server.Url("/waha/floods-south");
    body.replace(body.find(from), from.size(), h.server.Url("/flaky/floods"));
    res.set_content(body, "application/atom+xml");
  });
  h.server.http().Get("/flaky/floods", [&calls, page](const httplib::Request&, httplib::Response& res) {
    if (calls++ == 0) {
      res.status = 503;
      return;
    }
    res.set_content(page, "text/html; charset=utf-8");
  });
  h.server.Start();
  auto w = h.Open({{h.server.Url("/flaky/atom.xml"), "الواحة"}}, h.Options());
  ASSERT_TRUE(w);
  auto r1 = w->PollAll();
  EXPECT_TRUE(r1[0].ok);  // the feed is fine; one page failed
  EXPECT_EQ(r1[0].pages_failed, 1);
  EXPECT_EQ(r1[0].added, 1);
  ASSERT_EQ(w->pending().size(), 1u);
  EXPECT_EQ(w->pending()[0].attempts, 1);
  EXPECT_NE(w->pending()[0].last_error.find("503"), std::string::npos);
  EXPECT_EQ(h.LogLinesWith("retried next poll"), 1);

  auto r2 = w->PollAll();
  EXPECT_EQ(r2[0].pages_fetched, 1);
  EXPECT_EQ(r2[0].added, 1);
  EXPECT_TRUE(w->pending().empty());
  EXPECT_EQ(h.Articles().count("سيول جارفة تقطع الطريق الدولي جنوب الواحة"), 1u);
  EXPECT_EQ(calls.load(), 2);
}

TEST(Watcher, PageThatAlwaysFailsIsDroppedAfterBoundedAttempts) {
  Harness h;
  ASSERT_TRUE(h.engine);
  h.server.http().Get("/rss", [&h](const httplib::Request&, httplib::Response& res) {
    res.set_content("<rss version=\"2.0\"><channel><title>نشرة الميدان</title><item><title>خبر صفحته معطلة</title><link>" +
                        h.server.Url("/broken") + "</link></item></channel></rss>",
                    "application/rss+xml");
  });
  h.server.http().Get("/broken", [](const httplib::Request&, httplib::Response& res) { res.status = 500; });
  h.server.Start();
  WatchOptions o = h.Options();
  o.max_page_attempts = 2;
  auto w = h.Open({{h.server.Url("/rss"), "الميدان"}}, o);
  ASSERT_TRUE(w);
  w->PollAll();
  EXPECT_EQ(w->pending().size(), 1u);
  auto r = w->PollAll();
  EXPECT_EQ(r[0].pages_dropped, 1);
  EXPECT_TRUE(w->pending().empty());
  w->PollAll();
  EXPECT_EQ(h.server.Count("/broken"), 2);  // not fetched a third time
  EXPECT_EQ(h.LogLinesWith("giving up on"), 1);
}

TEST(Watcher, BrokenFeedsFailAloneAndAreReportedOnce) {
  Harness h;
  ASSERT_TRUE(h.engine);
  ServeGoodSite(h.server);
  h.server.ServeFixture("/malformed.xml", "malformed.xml", "application/rss+xml");
  h.server.http().Get("/500", [](const httplib::Request&, httplib::Response& res) { res.status = 500; });
  h.server.http().Get("/loop", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop"); });
  h.server.http().Get("/slow", [&h](const httplib::Request&, httplib::Response& res) {
    riwaya::testing::SleepUnlessStopping(h.server, 2000);
    res.set_content("<rss/>", "application/rss+xml");
  });
  h.server.http().Get("/endless", [&h](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/rss+xml", [&h](size_t offset, httplib::DataSink& sink) {
      std::string chunk = offset == 0 ? "<rss version=\"2.0\"><channel><title>بلا نهاية</title>" : "";
      chunk += "<item><title>خبر مكرر</title><link>http://127.0.0.1/x</link></item>\n";
      return !h.server.stopping().load() && sink.write(chunk.data(), chunk.size());
    });
  });
  h.server.Start();
  WatchOptions o = h.Options();
  o.fetch.total_timeout_ms = 400;
  const std::string refused = "http://127.0.0.1:1/rss";  // nothing listens on port 1
  std::vector<FeedSpec> feeds = {{h.server.Url("/malformed.xml"), "مبتورة"}, {h.server.Url("/500"), "خمسمئة"},
                                 {h.server.Url("/loop"), "حلقة"},          {h.server.Url("/slow"), "بطيئة"},
                                 {h.server.Url("/endless"), "لا تنتهي"},    {refused, "بلا شبكة"},
                                 {h.server.Url("/ufuq/rss.xml"), "الأفق"}};
  auto w = h.Open(feeds, o);
  ASSERT_TRUE(w);
  auto r = w->PollAll();
  ASSERT_EQ(r.size(), 7u);
  EXPECT_NE(r[0].error.find("not a usable feed"), std::string::npos) << r[0].error;
  EXPECT_EQ(r[1].error_kind, FetchError::kHttpStatus);
  EXPECT_EQ(r[2].error_kind, FetchError::kRedirectLoop);
  EXPECT_EQ(r[3].error_kind, FetchError::kTimeout);
  EXPECT_EQ(r[4].error_kind, FetchError::kTooLarge);
  EXPECT_EQ(r[5].error_kind, FetchError::kNoNetwork);
  EXPECT_TRUE(r[6].ok);  // the good feed still works
  EXPECT_EQ(r[6].added, 3);
  for (int i = 0; i < 6; ++i) EXPECT_FALSE(r[i].ok) << i;

  auto snap = w->Snapshot();
  EXPECT_EQ(snap[5].consecutive_failures, 1);
  EXPECT_NE(snap[5].last_error.find("no network"), std::string::npos);
  EXPECT_EQ(h.LogLinesWith("no network"), 1);

  // Polled again: the failures are counted but not said again.
  w->PollAll();
  snap = w->Snapshot();
  EXPECT_EQ(snap[5].consecutive_failures, 2);
  EXPECT_EQ(h.LogLinesWith("no network"), 1);
  EXPECT_EQ(h.LogLinesWith("HTTP 500"), 1);
  EXPECT_EQ(h.LogLinesWith("timed out"), 1);
  EXPECT_EQ(h.LogLinesWith("not a usable feed"), 1);
}

TEST(Watcher, BackoffGrowsAndResetsOnSuccess) {
  Harness h;
  ASSERT_TRUE(h.engine);
  std::atomic<int> calls{0};
  h.server.http().Get("/rss", [&calls](const httplib::Request&, httplib::Response& res) {
    if (calls++ < 4) {
      res.status = 502;
      return;
    }
    res.set_content("<rss version=\"2.0\"><channel><title>نشرة المساء</title></channel></rss>", "application/rss+xml");
  });
  h.server.Start();
  WatchOptions o = h.Options();
  o.interval_seconds = 1000;
  o.backoff_base_seconds = 60;
  o.backoff_cap_seconds = 200;
  auto w = h.Open({{h.server.Url("/rss"), "المساء"}}, o);
  ASSERT_TRUE(w);
  const int64_t expected[] = {60, 120, 200, 200};
  for (int i = 0; i < 4; ++i) {
    w->PollAll();
    FeedState s = w->Snapshot()[0];
    EXPECT_EQ(s.consecutive_failures, i + 1);
    EXPECT_EQ(s.next_poll - s.last_attempt, expected[i]) << "failure " << i + 1;
    EXPECT_NE(s.last_error.find("HTTP 502"), std::string::npos);
    EXPECT_EQ(s.last_success, 0);
  }
  EXPECT_EQ(h.LogLinesWith("HTTP 502"), 1);
  w->PollAll();
  FeedState s = w->Snapshot()[0];
  EXPECT_EQ(s.consecutive_failures, 0);
  EXPECT_EQ(s.next_poll - s.last_attempt, 1000);
  EXPECT_TRUE(s.last_error.empty());
  EXPECT_GT(s.last_success, 0);
  EXPECT_EQ(h.LogLinesWith("recovered"), 1);
}

TEST(Watcher, OneRequestPerHostPerDelay) {
  Harness h;
  ASSERT_TRUE(h.engine);
  ServeGoodSite(h.server);
  h.server.Start();
  WatchOptions o = h.Options();
  o.per_host_delay_seconds = 0.3;
  auto w = h.Open({{h.server.Url("/ufuq/rss.xml"), "الأفق"}, {h.server.Url("/waha/atom.xml"), "الواحة"}}, o);
  ASSERT_TRUE(w);
  const auto t0 = Clock::now();
  w->PollAll();
  auto hits = h.server.hits();
  ASSERT_EQ(hits.size(), 6u);  // 2 feeds + 4 pages, all on one host
  for (size_t i = 1; i < hits.size(); ++i) {
    const double gap = std::chrono::duration<double>(hits[i].at - hits[i - 1].at).count();
    // Measured where the server sees them: allow for connection set-up jitter.
    EXPECT_GE(gap, 0.25) << hits[i - 1].path << " -> " << hits[i].path;
  }
  EXPECT_GE(Since(t0), 5 * 0.3);
}

TEST(Watcher, StopEndsRunPromptly) {
  Harness h;
  ASSERT_TRUE(h.engine);
  ServeGoodSite(h.server);
  h.server.Start();
  auto w = h.Open({{h.server.Url("/ufuq/rss.xml"), "الأفق"}}, h.Options());
  ASSERT_TRUE(w);
  std::thread runner([&w] { w->Run(); });
  // Run polls the (due) feed, then sleeps until the next poll in 600 s.
  for (int i = 0; i < 1000 && w->totals().polls == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(w->totals().polls, 1);
  const auto t0 = Clock::now();
  w->Stop();
  runner.join();
  EXPECT_LT(Since(t0), 1.0);
  EXPECT_EQ(h.Articles().size(), 3u);
}

TEST(Watcher, CorruptStateFileIsAClearError) {
  Harness h;
  ASSERT_TRUE(h.engine);
  WatchOptions o = h.Options();
  std::ofstream(o.state_path) << "not json";
  auto w = Watcher::Open(h.engine.get(), {{"http://127.0.0.1:1/rss", "x"}}, o);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("feeds-state.json"), std::string::npos);
}

TEST(EngineIngestArticles, StoresOnceAndFillsId) {
  Harness h;
  ASSERT_TRUE(h.engine);
  model::Article a;
  a.key = "url:https://ufuq.example/a";
  a.url = "https://ufuq.example/a";
  a.title = "وزارة الزراعة تطلق حملة لمكافحة الجراد في الجنوب";
  a.outlet = "صحيفة الأفق";
  a.paragraphs = {"أطلقت وزارة الزراعة حملة واسعة لمكافحة أسراب الجراد التي وصلت إلى المحافظات الجنوبية.",
                  "وقال مسؤول في الوزارة إن فرق الرش ستعمل على مدار الساعة طوال الأسبوع."};
  auto r = h.engine->IngestArticles({a}, "test");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->added, 1);
  auto again = h.engine->IngestArticles({a}, "test");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->unchanged, 1);
  auto got = h.engine->GetArticle(model::IdForKey(a.key));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->title, a.title);
  model::Article keyless = a;
  keyless.key.clear();
  auto bad = h.engine->IngestArticles({keyless}, "test");
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->rejected, 1);
}

}  // namespace
}  // namespace riwaya::watch
