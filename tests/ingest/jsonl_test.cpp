// JSON Lines: SaudiNewsNet and generic schemas, bad lines, arrays, the SaudiNewsNet corpus.
#include "ingest/jsonl.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <set>

#include "ingest/content_key.h"
#include "ingest/ingest_path.h"
#include "ingest/ingest_test_util.h"

namespace riwaya::ingest {
namespace {

using testing::CollectingSink;

CollectingSink ParseFixture() {
  CollectingSink sink;
  Source src;
  src.path = testing::FixturePath("archives/mixed.jsonl");
  ParseJsonLines(testing::ReadFile(src.path), src, sink);
  return sink;
}

TEST(JsonLines, SaudiNewsNetSchemaKeepsCrawlTimeApartFromPublication) {
  CollectingSink s = ParseFixture();
  ASSERT_EQ(s.articles.size(), 4u) << s.RejectionsText();
  const model::Article& a = s.articles[0];
  EXPECT_EQ(a.outlet, "alyaum");
  EXPECT_EQ(a.url, "http://example.sa/news/1001");
  EXPECT_EQ(a.key, "url:http://example.sa/news/1001");
  EXPECT_EQ(a.id, model::IdForKey(a.key));
  EXPECT_EQ(a.title, "افتتاح مستشفى جديد في المنطقة الشرقية");
  EXPECT_EQ(a.author, "الدمام - واس");
  ASSERT_EQ(a.paragraphs.size(), 2u);
  EXPECT_EQ(a.paragraphs[1], "ويضم المستشفى أقساما متخصصة في أمراض القلب والأورام.");
  EXPECT_FALSE(a.published.known);
  EXPECT_EQ(a.crawled_original, "2015-07-22 10:15:00");
  EXPECT_EQ(a.crawled_epoch, 1437560100);
  EXPECT_EQ(a.origin.kind, "archive");
  EXPECT_EQ(a.origin.line, 1);
  EXPECT_EQ(a.origin.record, 0);
}

TEST(JsonLines, GenericSchema) {
  CollectingSink s = ParseFixture();
  ASSERT_EQ(s.articles.size(), 4u) << s.RejectionsText();
  const model::Article& g = s.articles[1];
  EXPECT_EQ(g.key, "id:gen-42");
  EXPECT_EQ(g.outlet, "مرصد الأخبار");
  EXPECT_EQ(g.credit, "وكالات");
  EXPECT_EQ(g.abstract, "تتوقع الأرصاد ارتفاعا في درجات الحرارة");
  EXPECT_EQ(g.paragraphs.size(), 2u);
  EXPECT_EQ(g.author, "سارة أحمد، خالد يوسف");
  EXPECT_EQ(g.category, "طقس");
  EXPECT_TRUE(g.published.known);
  EXPECT_EQ(g.published.epoch_seconds, 1719383400);  // 09:30 +03:00 = 06:30 UTC
  EXPECT_EQ(g.published.source, model::DateSource::kArchiveField);
  ASSERT_EQ(g.links.size(), 2u);
  EXPECT_EQ(g.links[0].url, "https://example.org/heat-1");
  EXPECT_EQ(g.links[1].title, "نصائح للوقاية من ضربات الشمس");
  EXPECT_EQ(g.origin.line, 2);

  const model::Article& u = s.articles[2];
  EXPECT_EQ(u.key, "url:https://example.org/sports/77");
  EXPECT_EQ(u.paragraphs.size(), 2u);
  EXPECT_FALSE(u.published.known);  // an unreadable date is unknown, not a rejection
  EXPECT_EQ(u.origin.line, 6);

  const model::Article& h = s.articles[3];
  EXPECT_EQ(h.key, ContentKey("json:", h.title, h.paragraphs));
  EXPECT_EQ(h.published.epoch_seconds, 1719390600);
  EXPECT_EQ(h.origin.line, 8);
}

TEST(JsonLines, BadLinesAreRejectedByLineAndTheRestContinues) {
  CollectingSink s = ParseFixture();
  ASSERT_EQ(s.rejections.size(), 3u) << s.RejectionsText();
  EXPECT_EQ(s.rejections[0].position, "line 3");
  EXPECT_NE(s.rejections[0].reason.find("malformed JSON"), std::string::npos);
  EXPECT_EQ(s.rejections[1].position, "line 4");
  EXPECT_NE(s.rejections[1].reason.find("not a JSON object"), std::string::npos);
  EXPECT_EQ(s.rejections[2].position, "line 7");
  EXPECT_NE(s.rejections[2].reason.find("neither title nor body"), std::string::npos);
}

TEST(JsonLines, InvalidUtf8LineNamesItsBytePosition) {
  std::string text = "{\"url\":\"u1\",\"title\":\"سليم\"}\n";
  const size_t line2 = text.size();
  text += "{\"url\":\"u2\",\"title\":\"\xE2\x28\xA1\"}\n{\"url\":\"u3\",\"title\":\"سليم\"}";
  CollectingSink s;
  ParseJsonLines(text, Source{}, s);
  ASSERT_EQ(s.articles.size(), 2u);
  ASSERT_EQ(s.rejections.size(), 1u);
  EXPECT_EQ(s.rejections[0].position, "line 2");
  EXPECT_NE(s.rejections[0].reason.find("byte " + std::to_string(line2 + 21)), std::string::npos)
      << s.rejections[0].reason;
}

TEST(JsonLines, RecordsWithoutTextKeepTheirUrlHeadlineOrBecomeFetchTasks) {
  CollectingSink s;
  ParseJsonLines(
      "{\"source\": \"almadina\", \"url\": \"http://example.sa/node/9/%D9%85%D8%B7%D8%B1-"
      "\u063a\u0632\u064a\u0631.html\", \"date_extracted\": \"2015-07-21 18:01:03\", "
      "\"title\": \"\", \"author\": \"\", \"content\": \" \"}\n"
      "{\"source\": \"alriyadh\", \"url\": \"http://example.sa/1066761\", \"date_extracted\": "
      "\"2015-07-22 01:00:00\", \"title\": \"\", \"author\": \"\", \"content\": \"\"}\n"
      "{\"url\": \"https://example.org/a/1\", \"title\": \"\"}\n",
      Source{}, s);
  ASSERT_EQ(s.articles.size(), 2u) << s.RejectionsText();
  EXPECT_EQ(s.articles[0].title, "مطر غزير");  // from the URL slug, percent-decoded
  EXPECT_TRUE(s.articles[0].paragraphs.empty());
  EXPECT_TRUE(s.articles[1].title.empty());  // a numeric slug is no headline
  EXPECT_EQ(s.articles[1].key, "url:http://example.sa/1066761");
  ASSERT_EQ(s.fetches.size(), 1u);
  EXPECT_EQ(s.fetches[0].url, "https://example.org/a/1");
  EXPECT_TRUE(s.rejections.empty());
}

TEST(JsonLines, JsonArrayDocument) {
  CollectingSink s;
  ParseJsonLines("[{\"url\":\"a\",\"title\":\"أ\"}, 5, {\"title\":\"ب\",\"body\":\"نص\"}]", Source{}, s);
  ASSERT_EQ(s.articles.size(), 2u);
  ASSERT_EQ(s.rejections.size(), 1u);
  EXPECT_EQ(s.rejections[0].position, "element 2");
  CollectingSink bad;
  ParseJsonLines("[{\"url\":\"a\"", Source{}, bad);
  EXPECT_TRUE(bad.articles.empty());
  EXPECT_EQ(bad.rejections.size(), 1u);
}

TEST(JsonLines, PrettyPrintedSingleObjectDocument) {
  const std::string doc =
      "{\n  \"url\": \"https://example.org/p/5\",\n  \"title\": \"خبر منسق\",\n"
      "  \"paragraphs\": [\"فقرة أولى.\", \"فقرة ثانية.\"]\n}\n";
  CollectingSink s;
  ParseJsonLines(doc, Source{}, s);
  ASSERT_EQ(s.articles.size(), 1u) << s.RejectionsText();
  EXPECT_EQ(s.articles[0].key, "url:https://example.org/p/5");
  EXPECT_EQ(s.articles[0].paragraphs.size(), 2u);
  // The same through a file, where the dispatcher must read it whole.
  testing::ScratchDir dir;
  testing::WriteFile(dir / "one.json", doc);
  CollectingSink f;
  ASSERT_TRUE(IngestPath(dir / "one.json", f).ok());
  EXPECT_EQ(f.articles.size(), 1u) << f.RejectionsText();
}

TEST(JsonLines, WrongFieldTypesDoNotCrash) {
  CollectingSink s;
  ParseJsonLines("{\"title\": 5, \"body\": [1], \"paragraphs\": \"x\", \"url\": null}\n"
                 "{\"title\": \"ت\", \"paragraphs\": [\"أ\", 3]}\n"
                 "{\"title\": \"ت\", \"published\": {\"y\": 1}, \"links\": [1, null, {}]}\n",
                 Source{}, s);
  ASSERT_EQ(s.articles.size(), 1u) << s.RejectionsText();
  EXPECT_FALSE(s.articles[0].published.known);
  EXPECT_TRUE(s.articles[0].links.empty());
  EXPECT_EQ(s.rejections.size(), 2u);
}

TEST(JsonLines, WholeSaudiNewsNetCorpusParses) {
  const std::string path = testing::SharedPath("corpora/saudinewsnet-2015.jsonl.gz");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "SKIP: SaudiNewsNet " << path << " not found";
#ifdef RIWAYA_SANITIZED
  GTEST_SKIP() << "SKIP: corpus scan is run in the optimised build only";
#endif
  struct SnnSink : Sink {
    void Article(model::Article&& a) override {
      ++n;
      if (a.published.known) ++published;
      if (a.crawled_epoch < 1437436800 || a.crawled_epoch > 1439337600) ++crawl_out_of_range;
      if (a.outlet.empty() || a.url.empty()) ++missing;
      keys.insert(a.key);
      outlets.insert(a.outlet);
    }
    void Reject(Rejection&& r) override { rejected.push_back(r.ToString()); }
    int64_t n = 0, published = 0, crawl_out_of_range = 0, missing = 0;
    std::set<std::string> keys, outlets;
    std::vector<std::string> rejected;
  } sink;
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(IngestPath(path, sink).ok());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(sink.n, 31030);
  EXPECT_TRUE(sink.rejected.empty()) << sink.rejected.size() << " first: " << sink.rejected[0];
  EXPECT_EQ(sink.keys.size(), 31030u);
  EXPECT_EQ(sink.published, 0);  // date_extracted is a crawl time
  EXPECT_EQ(sink.crawl_out_of_range, 0);  // 21 Jul – 11 Aug 2015
  EXPECT_EQ(sink.missing, 0);
  EXPECT_EQ(sink.outlets.size(), 14u);
  std::printf("SaudiNewsNet: %lld records in %.2f s (%.0f docs/s)\n",
              static_cast<long long>(sink.n), secs, sink.n / secs);
}

}  // namespace
}  // namespace riwaya::ingest
