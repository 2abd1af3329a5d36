// TREC <DOC> archives: field mapping, damaged records, and the whole ANT corpus.
#include "ingest/trec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <set>

#include "ingest/ingest_path.h"
#include "ingest/ingest_test_util.h"

namespace riwaya::ingest {
namespace {

using testing::CollectingSink;

CollectingSink ParseFixture(std::string* path_out = nullptr) {
  const std::string path = testing::FixturePath("archives/mixed.trec");
  if (path_out) *path_out = path;
  CollectingSink sink;
  Source src;
  src.path = path;
  ParseTrec(testing::ReadFile(path), src, sink);
  return sink;
}

TEST(Trec, MapsEveryField) {
  std::string path;
  CollectingSink s = ParseFixture(&path);
  ASSERT_EQ(s.articles.size(), 3u) << s.RejectionsText();
  const model::Article& a = s.articles[0];
  EXPECT_EQ(a.key, "trec:SK-economy-1-20190301");
  EXPECT_EQ(a.id, model::IdForKey(a.key));
  EXPECT_EQ(a.url, "https://example.net/ar/economy/2019/03/01/oil-prices?ref=home&lang=ar");
  EXPECT_EQ(a.outlet, "skynews");
  EXPECT_EQ(a.category, "economy");
  EXPECT_EQ(a.title, "النفط يصعد بعد قرار \"أوبك+\" خفض الإنتاج");
  EXPECT_TRUE(a.published.known);
  EXPECT_FALSE(a.published.date_only);
  EXPECT_EQ(a.published.epoch_seconds, 1551431700);  // 2019-03-01 09:15:00 UTC
  EXPECT_EQ(a.published.source, model::DateSource::kArchiveField);
  EXPECT_EQ(a.published.original, "Fri, 01 Mar 2019 09:15:00 GMT");
  EXPECT_EQ(a.author, "أبوظبي - سكاي نيوز عربية");
  EXPECT_EQ(a.abstract, "ارتفعت أسعار النفط في التعاملات المبكرة بعد إعلان التحالف تمديد خفض الإنتاج");
  ASSERT_EQ(a.paragraphs.size(), 3u);
  EXPECT_EQ(a.paragraphs[0],
            "ارتفعت أسعار النفط في التعاملات المبكرة يوم الجمعة بعد إعلان تحالف \"أوبك+\" تمديد خفض الإنتاج.");
  EXPECT_EQ(a.paragraphs[1], "وقال محللون إن السوق تترقب بيانات المخزونات الأميركية & أرقام الطلب الصيني.");
  EXPECT_EQ(a.paragraphs[2], "وصعد خام برنت بنسبة 1.2% ليصل إلى 66 دولارا للبرميل.");
  EXPECT_EQ(a.origin.kind, "archive");
  EXPECT_EQ(a.origin.path, path);
  EXPECT_EQ(a.origin.record, 0);
  EXPECT_EQ(a.origin.line, 1);
  EXPECT_EQ(a.origin.byte_offset, 0);

  const model::Article& b = s.articles[1];
  EXPECT_EQ(b.key, "trec:BBC-middleEast-3-20190303");
  EXPECT_EQ(b.published.epoch_seconds, 1551610931);  // 14:02:11 +0300 = 11:02:11 UTC
  EXPECT_TRUE(b.author.empty());
  EXPECT_EQ(b.paragraphs.size(), 2u);
  EXPECT_EQ(b.origin.record, 3);

  const model::Article& c = s.articles[2];
  EXPECT_EQ(c.key, "trec:FR-culture-5-20190305");
  EXPECT_FALSE(c.published.known);  // "تاريخ غير معروف" is no date
  ASSERT_EQ(c.paragraphs.size(), 1u);
  EXPECT_NE(c.paragraphs[0].find("<مقتبسة>"), std::string::npos);
}

TEST(Trec, DamagedRecordsAreRejectedWithRecordAndLine) {
  std::string path;
  CollectingSink s = ParseFixture(&path);
  ASSERT_EQ(s.rejections.size(), 4u) << s.RejectionsText();
  EXPECT_EQ(s.rejections[0].position, "record 2 (line 18)");
  EXPECT_NE(s.rejections[0].reason.find("<TITLE>"), std::string::npos);
  EXPECT_EQ(s.rejections[1].position, "record 3 (line 26)");
  EXPECT_NE(s.rejections[1].reason.find("DOCNO"), std::string::npos);
  EXPECT_EQ(s.rejections[2].position, "record 5 (line 50)");
  EXPECT_NE(s.rejections[2].reason.find("unterminated <DOC>"), std::string::npos);
  EXPECT_EQ(s.rejections[3].position, "record 7 (line 69)");
  EXPECT_NE(s.rejections[3].reason.find("end of input"), std::string::npos);
  for (const auto& r : s.rejections) EXPECT_EQ(r.input, path);
}

TEST(Trec, CompactRecordsOnOneLineAndJunkBetween) {
  CollectingSink s;
  Source src;
  src.path = "compact.trec";
  ParseTrec("junk before\n<DOC><DOCNO>a1</DOCNO><TITLE>أول</TITLE></DOC><DOC><DOCNO>a2</DOCNO>"
            "<TEXT>نص ثان</TEXT></DOC> trailing\n<DOC><DOCNO></DOCNO><TITLE>x</TITLE></DOC>",
            src, s);
  ASSERT_EQ(s.articles.size(), 2u) << s.RejectionsText();
  EXPECT_EQ(s.articles[0].title, "أول");
  EXPECT_EQ(s.articles[1].paragraphs.size(), 1u);
  ASSERT_EQ(s.rejections.size(), 1u);
  EXPECT_EQ(s.rejections[0].position, "record 3 (line 3)");
}

TEST(Trec, InvalidUtf8RejectsOnlyThatRecord) {
  std::string text = "<DOC>\n<DOCNO>ok1</DOCNO>\n<TITLE>سليم</TITLE>\n</DOC>\n";
  const size_t second = text.size();
  text += "<DOC>\n<DOCNO>bad</DOCNO>\n<TITLE>\xC3\x28</TITLE>\n</DOC>\n";
  const size_t bad_at = text.find('\xC3', second);
  text += "<DOC>\n<DOCNO>ok2</DOCNO>\n<TITLE>سليم أيضا</TITLE>\n</DOC>\n";
  text += std::string("<DOC><DOCNO>nul</DOCNO><TEXT>a") + '\0' + "b</TEXT></DOC>\n";
  CollectingSink s;
  ParseTrec(text, Source{}, s);
  ASSERT_EQ(s.articles.size(), 2u);
  ASSERT_EQ(s.rejections.size(), 2u);
  EXPECT_EQ(s.rejections[1].position, "record 4 (line 13)");
  EXPECT_NE(s.rejections[1].reason.find("NUL byte"), std::string::npos);
  EXPECT_EQ(s.rejections[0].position, "record 2 (line 5)");
  EXPECT_NE(s.rejections[0].reason.find("byte " + std::to_string(bad_at)), std::string::npos)
      << s.rejections[0].reason;
}

TEST(Trec, OversizedRecordIsRejectedAndTheNextOneIsKept) {
  CollectingSink s;
  Source src;
  src.path = "big.trec";
  TrecParser parser(src, s, /*max_record_bytes=*/4096);
  int64_t line = 0;
  parser.AddLine("<DOC>", ++line, 0);
  parser.AddLine("<DOCNO>huge</DOCNO><TEXT>", ++line, 6);
  for (int i = 0; i < 200; ++i) parser.AddLine("سطر يملأ السجل حتى يتجاوز الحد المسموح به", ++line, 0);
  parser.AddLine("</TEXT></DOC>", ++line, 0);
  parser.AddLine("<DOC><DOCNO>small</DOCNO><TITLE>صغير</TITLE></DOC>", ++line, 0);
  parser.Finish();
  ASSERT_EQ(s.articles.size(), 1u);
  EXPECT_EQ(s.articles[0].key, "trec:small");
  ASSERT_EQ(s.rejections.size(), 1u);
  EXPECT_EQ(s.rejections[0].position, "record 1 (line 1)");
  EXPECT_NE(s.rejections[0].reason.find("larger than 4096 bytes"), std::string::npos);
  EXPECT_EQ(parser.records(), 2);
}

TEST(Trec, WholeAntCorpusParses) {
  const std::string path = testing::SharedPath("corpora/ant-v2.1.trec.gz");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "SKIP: ANT corpus " << path << " not found";
#ifdef RIWAYA_SANITIZED
  GTEST_SKIP() << "SKIP: 111 MB corpus scan is run in the optimised build only";
#endif
  struct AntSink : Sink {
    void Article(model::Article&& a) override {
      ++n;
      if (a.url.empty()) ++no_url;
      if (a.outlet.empty()) ++no_outlet;
      if (a.category.empty()) ++no_cat;
      if (a.title.empty()) ++no_title;
      if (!a.published.known || a.published.source != model::DateSource::kArchiveField) ++no_date;
      if (a.paragraphs.empty()) ++no_text;
      if (a.abstract.empty()) ++no_abstract;
      min_epoch = std::min(min_epoch, a.published.epoch_seconds);
      max_epoch = std::max(max_epoch, a.published.epoch_seconds);
      sum_epoch += a.published.epoch_seconds;
      outlets.insert(a.outlet);
      keys.insert(a.key);
    }
    void Reject(Rejection&& r) override { rejected.push_back(r.ToString()); }
    void Progress(uint64_t done, uint64_t total) override {
      ++progress_calls;
      last_done = done;
      last_total = total;
    }
    int64_t n = 0, no_url = 0, no_outlet = 0, no_cat = 0, no_title = 0, no_date = 0, no_text = 0,
            no_abstract = 0, progress_calls = 0;
    int64_t min_epoch = INT64_MAX, max_epoch = 0, sum_epoch = 0;
    uint64_t last_done = 0, last_total = 0;
    std::set<std::string> outlets, keys;
    std::vector<std::string> rejected;
  } sink;
  const auto t0 = std::chrono::steady_clock::now();
  Status st = IngestPath(path, sink);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(sink.n, 31525);
  EXPECT_TRUE(sink.rejected.empty()) << sink.rejected.size() << " first: " << sink.rejected[0];
  EXPECT_EQ(sink.keys.size(), 31525u);
  EXPECT_EQ(sink.no_url, 0);
  EXPECT_EQ(sink.no_outlet, 0);
  EXPECT_EQ(sink.no_cat, 0);
  EXPECT_EQ(sink.no_date, 0);
  // Reference values computed outside riwaya (Python email.utils over every
  // <TIME>): earliest, latest and the sum of all instants.
  EXPECT_EQ(sink.min_epoch, 1349913840);  // 2012-10-11 00:04:00 UTC
  EXPECT_EQ(sink.max_epoch, 1540022004);  // 2018-10-20 07:53:24 UTC
  EXPECT_EQ(sink.sum_epoch, 48143718322061);
  EXPECT_EQ(sink.outlets, (std::set<std::string>{"BBC", "CNN", "alarabia", "france24", "skynews"}));
  EXPECT_EQ(sink.last_done, sink.last_total);
  EXPECT_GT(sink.progress_calls, 10);
  EXPECT_LT(sink.progress_calls, 100);  // at most ~every MB of the 25 MB file
  std::printf("ANT: %lld records in %.2f s (%.0f docs/s); empty title %lld, empty text %lld, "
              "empty abstract %lld\n",
              static_cast<long long>(sink.n), secs, sink.n / secs,
              static_cast<long long>(sink.no_title), static_cast<long long>(sink.no_text),
              static_cast<long long>(sink.no_abstract));
}

}  // namespace
}  // namespace riwaya::ingest
