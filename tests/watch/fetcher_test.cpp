#include "watch/fetcher.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <thread>

#include "watch/feed_server.h"

namespace riwaya::watch {
namespace {

using riwaya::testing::FeedServer;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

FetcherOptions Fast() {
  FetcherOptions o;
  o.connect_timeout_ms = 1000;
  o.total_timeout_ms = 3000;
  o.max_body_bytes = 64 * 1024;
  o.max_redirects = 3;
  return o;
}

std::string Gzip(const std::string& in) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(static_cast<uLong>(in.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// A port nothing listens on: bound then closed.
int DeadPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

class FetcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_.ServeFixture("/rss", "rss_good.xml", "application/rss+xml; charset=utf-8");
    s_.http().Get("/lm", [](const httplib::Request& req, httplib::Response& res) {
      const std::string lm = "Mon, 10 Mar 2025 09:15:00 GMT";
      res.set_header("Last-Modified", lm);
      if (req.get_header_value("If-Modified-Since") == lm) {
        res.status = 304;
        return;
      }
      res.set_content("<rss version=\"2.0\"><channel><title>نشرة</title></channel></rss>", "application/xml");
    });
    s_.http().Get("/500", [](const httplib::Request&, httplib::Response& res) {
      res.status = 500;
      res.set_content("خطأ داخلي", "text/plain");
    });
    s_.http().Get("/slow", [this](const httplib::Request&, httplib::Response& res) {
      riwaya::testing::SleepUnlessStopping(s_, 3000);
      res.set_content("متأخر", "text/plain");
    });
    s_.http().Get("/loop", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop"); });
    s_.http().Get("/moved", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/rss", 301); });
    s_.http().Get("/endless", [this](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("application/rss+xml", [this](size_t offset, httplib::DataSink& sink) {
        std::string chunk = offset == 0 ? "<rss version=\"2.0\"><channel><title>لا تنتهي</title>" : "";
        chunk += "<item><title>خبر يتكرر بلا نهاية في نشرة لا تنتهي</title></item>\n";
        return !s_.stopping().load() && sink.write(chunk.data(), chunk.size());
      });
    });
    s_.http().Get("/gz", [](const httplib::Request& req, httplib::Response& res) {
      const std::string text = "<rss version=\"2.0\"><channel><title>نشرة مضغوطة</title></channel></rss>";
      if (req.get_header_value("Accept-Encoding").find("gzip") == std::string::npos) {
        res.set_content(text, "application/xml");
        return;
      }
      res.set_header("Content-Encoding", "gzip");
      res.set_content(Gzip(text), "application/xml");
    });
    s_.Start();
  }
  FeedServer s_;
};

TEST_F(FetcherTest, GetsBodyValidatorsAndNamesRiwaya) {
  Fetcher f(Fast());
  FetchResponse r = f.Fetch({s_.Url("/rss"), "", ""});
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("صحيفة الأفق"), std::string::npos);
  EXPECT_FALSE(r.etag.empty());
  EXPECT_NE(r.content_type.find("rss"), std::string::npos);
  ASSERT_EQ(s_.hits().size(), 1u);
  EXPECT_NE(s_.hits()[0].user_agent.find("riwaya"), std::string::npos);
}

TEST_F(FetcherTest, ETagGives304WithoutBody) {
  Fetcher f(Fast());
  FetchResponse first = f.Fetch({s_.Url("/rss"), "", ""});
  ASSERT_TRUE(first.ok());
  FetchResponse again = f.Fetch({s_.Url("/rss"), first.etag, ""});
  ASSERT_TRUE(again.ok()) << again.message;
  EXPECT_TRUE(again.not_modified);
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  FetchResponse stale = f.Fetch({s_.Url("/rss"), "\"old\"", ""});
  EXPECT_FALSE(stale.not_modified);
  EXPECT_FALSE(stale.body.empty());
}

TEST_F(FetcherTest, LastModifiedGives304) {
  Fetcher f(Fast());
  FetchResponse first = f.Fetch({s_.Url("/lm"), "", ""});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.last_modified, "Mon, 10 Mar 2025 09:15:00 GMT");
  FetchResponse again = f.Fetch({s_.Url("/lm"), "", first.last_modified});
  EXPECT_TRUE(again.not_modified);
}

TEST_F(FetcherTest, ServerErrorIsHttpStatus) {
  Fetcher f(Fast());
  FetchResponse r = f.Fetch({s_.Url("/500"), "", ""});
  EXPECT_EQ(r.error, FetchError::kHttpStatus);
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.message.find("HTTP 500"), std::string::npos);
  EXPECT_NE(r.message.find("/500"), std::string::npos);
}

TEST_F(FetcherTest, SlowServerTimesOut) {
  FetcherOptions o = Fast();
  o.total_timeout_ms = 300;
  Fetcher f(o);
  const auto t0 = Clock::now();
  FetchResponse r = f.Fetch({s_.Url("/slow"), "", ""});
  EXPECT_EQ(r.error, FetchError::kTimeout) << r.message;
  EXPECT_LT(Since(t0), 2.5);  // well before the server would answer
}

TEST_F(FetcherTest, RedirectLoopIsReported) {
  Fetcher f(Fast());
  FetchResponse r = f.Fetch({s_.Url("/loop"), "", ""});
  EXPECT_EQ(r.error, FetchError::kRedirectLoop) << r.message;
  EXPECT_NE(r.message.find("redirect loop"), std::string::npos);
  EXPECT_EQ(s_.Count("/loop"), 4);  // the first request and max_redirects=3 more
}

TEST_F(FetcherTest, FollowsRedirect) {
  Fetcher f(Fast());
  FetchResponse r = f.Fetch({s_.Url("/moved"), "", ""});
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.final_url, s_.Url("/rss"));
  EXPECT_NE(r.body.find("صحيفة الأفق"), std::string::npos);
}

TEST_F(FetcherTest, EndlessFeedIsCutAtTheLimit) {
  Fetcher f(Fast());
  const auto t0 = Clock::now();
  FetchResponse r = f.Fetch({s_.Url("/endless"), "", ""});
  EXPECT_EQ(r.error, FetchError::kTooLarge) << r.message;
  EXPECT_NE(r.message.find("65536"), std::string::npos);
  EXPECT_TRUE(r.body.empty());
  EXPECT_LT(Since(t0), 3.0);
}

TEST_F(FetcherTest, GzipIsAcceptedAndDecoded) {
  Fetcher f(Fast());
  FetchResponse r = f.Fetch({s_.Url("/gz"), "", ""});
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_NE(r.body.find("نشرة مضغوطة"), std::string::npos);
}

TEST_F(FetcherTest, StopAbortsATransferPromptly) {
  Fetcher f(Fast());
  std::atomic<bool> stop{false};
  std::thread stopper([&stop] {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    stop = true;
  });
  const auto t0 = Clock::now();
  FetchResponse r = f.Fetch({s_.Url("/slow"), "", ""}, &stop);
  stopper.join();
  EXPECT_EQ(r.error, FetchError::kAborted) << r.message;
  EXPECT_LT(Since(t0), 2.5);  // well before the server would answer
}

TEST(Fetcher, ConnectionRefusedIsNoNetwork) {
  Fetcher f(Fast());
  const std::string url = "http://127.0.0.1:" + std::to_string(DeadPort()) + "/rss";
  FetchResponse r = f.Fetch({url, "", ""});
  EXPECT_EQ(r.error, FetchError::kNoNetwork) << r.message;
  EXPECT_NE(r.message.find("no network"), std::string::npos);
  EXPECT_NE(r.message.find(url), std::string::npos);
}

TEST(Fetcher, UnresolvableHostIsNoNetwork) {
  Fetcher f(Fast());
  FetchResponse r = f.Fetch({"http://akhbar.invalid/rss", "", ""});
  EXPECT_EQ(r.error, FetchError::kNoNetwork) << r.message;
}

TEST(Fetcher, NonHttpSchemeIsRefused) {
  Fetcher f(Fast());
  FetchResponse r = f.Fetch({"file:///etc/passwd", "", ""});
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.body.empty());
}

}  // namespace
}  // namespace riwaya::watch
