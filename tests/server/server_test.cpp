// End-to-end tests of the HTTP layer: a real Server on an ephemeral loopback
// port over FakeEngine, exercised with an HTTP client.
#include "server/server.h"

#include <httplib.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "server/fake_engine.h"

namespace riwaya::server {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kToken = "test-token-0123456789abcdef";

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("riwaya-server-test-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(root_ / "dist" / "assets");
    std::ofstream(root_ / "dist" / "index.html") << "<!doctype html><html lang=\"ar\" dir=\"rtl\"></html>";
    std::ofstream(root_ / "dist" / "assets" / "app-1a2b.js") << "console.log(1)";
    std::ofstream(root_ / "secret.txt") << "outside the web root";
    fs::create_symlink(root_ / "secret.txt", root_ / "dist" / "leak.txt");

    main_ = &engine_.Add("وزير الخارجية يبحث مع نظيره الأردني تطورات الأوضاع في غزة", "الحرة",
                         "قال وزير الخارجية إن المباحثات تناولت سبل وقف إطلاق النار.", 1719390600);
    main_->credit = "وكالات";
    main_->links.push_back({"ارتفاع أسعار الذهب في الأسواق المحلية", "", "fake:readalso"});
    auto& also = engine_.Add("ارتفاع أسعار الذهب في الأسواق المحلية", "الحرة", "سجلت أسعار الذهب ارتفاعا.", 0);
    also.related_to = main_->key;
    auto& copy = engine_.Add("وزير الخارجية يبحث مع نظيره الأردني تطورات الأوضاع في غزة", "الرأي",
                             "قال وزير الخارجية إن المباحثات تناولت سبل وقف إطلاق النار.", 1719394200);
    copy.fingerprint = "copy-of:" + main_->id;
    main_id_ = main_->id;

    ServerOptions opt;
    opt.port = 0;
    opt.web_root = (root_ / "dist").string();
    opt.api_token = kToken;
    opt.max_body_bytes = 64 * 1024;
    opt.feeds = [] {
      FeedHealth f;
      f.url = "https://example.org/rss";
      f.title = "موجز الأخبار";
      f.last_attempt = 1719390600;
      f.consecutive_failures = 2;
      f.last_error = "HTTP 500";
      return std::vector<FeedHealth>{f};
    };
    server_ = std::make_unique<Server>(&engine_, opt);
    ASSERT_TRUE(server_->Start().ok());
    ASSERT_GT(server_->port(), 0);
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(root_);
  }

  httplib::Client Client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_connection_timeout(5);
    c.set_read_timeout(10);
    return c;
  }
  static json Body(const httplib::Result& r) { return json::parse(r->body); }
  static std::string Enc(const std::string& s) { return httplib::detail::encode_query_param(s); }

  testing::FakeEngine engine_;
  model::Article* main_ = nullptr;
  std::string main_id_;
  fs::path root_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, HealthReportsArticleCount) {
  auto c = Client();
  auto r = c.Get("/api/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->get_header_value("Content-Type").find("application/json"), std::string::npos);
  auto j = Body(r);
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["articles"], 3);
}

TEST_F(ServerTest, SearchReturnsHitsWithUtf16Spans) {
  auto c = Client();
  // Snippet span covering "وزير" (4 Arabic letters = 8 bytes = 4 UTF-16 units) after "قال " (7 bytes, 4 units).
  engine_.set_snippet_spans({{7, 15}, {500, 600}, {9, 9}});
  auto r = c.Get(("/api/search?q=" + Enc("الخارجية") + "&limit=5&sort=date&from=2024-06-01&to=2024-06-30").c_str());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto j = Body(r);
  EXPECT_EQ(j["total"], 2);
  ASSERT_EQ(j["hits"].size(), 2u);
  const auto& hit = j["hits"][0];
  EXPECT_EQ(hit["snippet"]["spans"], json::parse("[[4,8]]"));  // out-of-range and empty spans dropped
  // "وزير " is 5 UTF-16 units before "الخارجية" (8 letters).
  EXPECT_EQ(hit["title_spans"], json::parse("[[5,13]]"));
  EXPECT_EQ(j["facets"]["outlet"].size(), 2u);
  EXPECT_EQ(j["histogram"]["buckets"][0]["start"], "2024-06-01");
  auto req = engine_.last_request();
  EXPECT_EQ(req.limit, 5);
  EXPECT_EQ(req.sort, engine::SearchRequest::Sort::kDate);
  EXPECT_EQ(req.from_epoch, 1717200000);
  EXPECT_EQ(req.to_epoch, 1719791999);
}

TEST_F(ServerTest, SearchFacetFilterIsPassedThrough) {
  auto c = Client();
  auto r = c.Get(("/api/search?q=" + Enc("وزير") + "&outlet=" + Enc("الرأي")).c_str());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto j = Body(r);
  EXPECT_EQ(j["total"], 1);
  EXPECT_EQ(j["hits"][0]["outlet"], "الرأي");
}

TEST_F(ServerTest, BadParameterIs400WithPosition) {
  auto c = Client();
  auto r = c.Get("/api/search?q=x&from=2024-1-05");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  auto j = Body(r);
  EXPECT_EQ(j["error"]["code"], "bad_request");
  EXPECT_EQ(j["error"]["position"], 6);
  EXPECT_EQ(j["error"]["parameter"], "from");

  r = c.Get(("/api/search?q=" + Enc("\"وقف إطلاق")).c_str());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Body(r)["error"]["position"], 0);

  r = c.Get("/api/search?q=x&limit=1000");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  r = c.Get("/api/search?q=%FF%FE");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Body(r)["error"]["position"], 0);
}

TEST_F(ServerTest, EngineQueryErrorIs400BadQuery) {
  auto c = Client();
  auto r = c.Get("/api/search?q=AND%20x");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Body(r)["error"]["code"], "bad_query");
}

TEST_F(ServerTest, UnsupportedSearchIs501) {
  auto c = Client();
  auto r = c.Get(("/api/search?q=" + Enc("غير_مدعوم")).c_str());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 501);
  EXPECT_EQ(Body(r)["error"]["code"], "unsupported");
}

TEST_F(ServerTest, ArticleHasProvenanceRelatedAndCopies) {
  auto c = Client();
  auto r = c.Get(("/api/articles/" + main_id_).c_str());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto a = Body(r)["article"];
  EXPECT_EQ(a["id"], main_id_);
  EXPECT_EQ(a["credit"], "وكالات");
  EXPECT_EQ(a["published"]["source"], model::DateSourceName(model::DateSource::kTextLabel));
  EXPECT_EQ(a["published"]["iso"], "2024-06-26T08:30:00Z");
  EXPECT_EQ(a["published"]["original"], "original-date");
  ASSERT_EQ(a["related"].size(), 1u);
  EXPECT_EQ(a["related"][0]["title"], "ارتفاع أسعار الذهب في الأسواق المحلية");
  ASSERT_EQ(a["copies"].size(), 1u);
  EXPECT_EQ(a["copies"][0]["outlet"], "الرأي");
  ASSERT_EQ(a["links"].size(), 1u);
  EXPECT_EQ(a["links"][0]["article_id"], model::IdForKey("fake:readalso"));
}

TEST_F(ServerTest, UnknownArticleIs404) {
  auto c = Client();
  auto r = c.Get("/api/articles/00000000deadbeef");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(Body(r)["error"]["code"], "not_found");
  r = c.Get("/api/articles/..%2F..%2Fetc");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  r = c.Get("/api/nothing-here");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(Body(r)["error"]["code"], "not_found");
}

TEST_F(ServerTest, OutletsStatsFeedsAndOpenApi) {
  auto c = Client();
  auto r = c.Get("/api/outlets");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(Body(r)["outlets"].size(), 2u);
  r = c.Get("/api/stats");
  ASSERT_TRUE(r);
  EXPECT_EQ(Body(r)["articles"], 3);
  r = c.Get("/api/feeds");
  ASSERT_TRUE(r);
  auto f = Body(r);
  EXPECT_EQ(f["watching"], true);
  EXPECT_EQ(f["feeds"][0]["state"], "failing");
  EXPECT_EQ(f["feeds"][0]["last_success"], nullptr);
  r = c.Get("/api/openapi.json");
  ASSERT_TRUE(r);
  auto o = Body(r);
  EXPECT_EQ(o["openapi"], "3.0.3");
  for (const char* p : {"/api/search", "/api/articles/{id}", "/api/outlets", "/api/stats", "/api/feeds",
                        "/api/health", "/api/ingest", "/api/openapi.json"})
    EXPECT_TRUE(o["paths"].contains(p)) << p;
}

TEST_F(ServerTest, IngestRequiresToken) {
  auto c = Client();
  const std::string page = "مجلس الأمن يعقد جلسة طارئة\nعقد مجلس الأمن جلسة طارئة مساء الأحد.";
  auto r = c.Post("/api/ingest", page, "text/plain; charset=utf-8");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(Body(r)["error"]["code"], "unauthorized");
  EXPECT_FALSE(r->get_header_value("WWW-Authenticate").empty());

  httplib::Headers wrong = {{"Authorization", std::string("Bearer ") + kToken + "x"}};
  r = c.Post("/api/ingest", wrong, page, "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);

  httplib::Headers good = {{"Authorization", std::string("Bearer ") + kToken}};
  r = c.Post("/api/ingest", good, page, "text/html");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(Body(r)["added"], 1);
  EXPECT_EQ(engine_.last_ingest_name(), "api:post.html");
  auto s = c.Get("/api/stats");
  EXPECT_EQ(Body(s)["articles"], 4);

  r = c.Post("/api/ingest", good, "", "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
}

TEST_F(ServerTest, OversizeBodyIs413) {
  auto c = Client();
  httplib::Headers good = {{"Authorization", std::string("Bearer ") + kToken}};
  std::string big(128 * 1024, 'x');
  auto r = c.Post("/api/ingest", good, big, "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(Body(r)["error"]["code"], "payload_too_large");
}

TEST_F(ServerTest, StaticFilesAndTraversal) {
  auto c = Client();
  auto r = c.Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("dir=\"rtl\""), std::string::npos);
  EXPECT_NE(r->get_header_value("Content-Type").find("text/html"), std::string::npos);
  r = c.Get("/assets/app-1a2b.js");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->get_header_value("Cache-Control").find("immutable"), std::string::npos);
  for (const char* bad : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt", "/leak.txt",
                          "/.hidden", "/assets/%5c..%5csecret.txt"}) {
    r = c.Get(bad);
    ASSERT_TRUE(r) << bad;
    EXPECT_TRUE(r->status == 403 || r->status == 404) << bad << " -> " << r->status;
    EXPECT_EQ(r->body.find("outside the web root"), std::string::npos) << bad;
  }
  r = c.Get("/missing.js");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
}

TEST_F(ServerTest, ConcurrentIngestAndSearchLoseNothing) {
  constexpr int kWriters = 4, kPerWriter = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      auto c = Client();
      httplib::Headers good = {{"Authorization", std::string("Bearer ") + kToken}};
      for (int i = 0; i < kPerWriter; ++i) {
        std::string page = "خبر عاجل رقم " + std::to_string(w) + "-" + std::to_string(i) + "\nنص الخبر.";
        auto r = c.Post("/api/ingest", good, page, "text/plain");
        if (!r || r->status != 201) ++failures;
      }
    });
  }
  for (int s = 0; s < 2; ++s) {
    threads.emplace_back([&] {
      auto c = Client();
      for (int i = 0; i < 40; ++i) {
        auto r = c.Get(("/api/search?q=" + Enc("عاجل")).c_str());
        if (!r || r->status != 200) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto c = Client();
  auto r = c.Get(("/api/search?q=" + Enc("خبر عاجل") + "&limit=100").c_str());
  ASSERT_TRUE(r);
  EXPECT_EQ(Body(r)["total"], kWriters * kPerWriter);
}

TEST(ServerBind, PortInUseIsAClearError) {
  testing::FakeEngine engine;
  ServerOptions opt;
  opt.port = 0;
  Server first(&engine, opt);
  ASSERT_TRUE(first.Start().ok());
  opt.port = first.port();
  Server second(&engine, opt);
  auto st = second.Bind();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find(std::to_string(first.port())), std::string::npos);
}

}  // namespace
}  // namespace riwaya::server
