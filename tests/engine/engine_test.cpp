#include "engine/engine.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "engine/article_json.h"
#include "temp_dir.h"

namespace riwaya::engine {
namespace {

namespace fs = std::filesystem;

using riwaya::testing::TempDir;
using riwaya::testing::WriteFile;


std::string TrecDoc(const std::string& docno, const std::string& outlet, const std::string& title,
                    const std::string& text, const std::string& time = "Tue, 13 Feb 2018 10:22:00 GMT") {
  return "<DOC>\n<DOCNO>" + docno + "</DOCNO>\n<URL>https://news.example/" + docno + "</URL>\n<SRC>" + outlet +
         "</SRC>\n<CAT>سياسة</CAT>\n<TITLE>" + title + "</TITLE>\n<TIME>" + time + "</TIME>\n<AUTHOR></AUTHOR>\n" +
         "<ABSTRACT>\n" + title + "\n</ABSTRACT>\n<TEXT>\n" + text + "\n</TEXT>\n</DOC>\n";
}

// Three articles, one of them a re-formatted copy of the first, then a broken record.
std::string SmallArchive() {
  return TrecDoc("ar-1", "العربية", "البرلمان يقر الموازنة العامة",
                 "أقر البرلمان بأغلبية كبيرة مشروع الموازنة العامة للعام المقبل بعد جلسة مطولة.") +
         TrecDoc("sky-1", "سكاي نيوز عربية", "ارتفاع أسعار الذهب",
                 "ارتفعت أسعار الذهب في الأسواق العالمية مع تراجع الدولار.", "Wed, 14 Mar 2018 08:00:00 GMT") +
         TrecDoc("f24-1", "فرانس 24", "البرلمان يقر الموازنة",
                 "أقر البرلمان، بأغلبية كبيرة، مشروع الموازنة العامة للعام المقبل بعد جلسة مطولة!") +
         "<DOC>\n<DOCNO></DOCNO>\n<TITLE>سجل بلا رقم</TITLE>\n</DOC>\n";
}

std::unique_ptr<Engine> OpenEngine(const std::string& dir, bool read_only = false) {
  Engine::Options o;
  o.data_dir = dir;
  o.read_only = read_only;
  auto e = Engine::Open(o);
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  return e.ok() ? std::move(e.value()) : nullptr;
}

TEST(Engine, IngestsCountsCopiesAndRejections) {
  TempDir dir;
  WriteFile(dir.Path("in/archive.trec"), SmallArchive());
  auto e = OpenEngine(dir.Path("data"));
  ASSERT_TRUE(e);
  int progress_calls = 0;
  IngestOptions opts;
  opts.batch_size = 2;  // several transactions
  opts.on_progress = [&](const Progress& p) {
    ++progress_calls;
    EXPECT_LE(p.bytes_done, p.bytes_total);
  };
  auto r = e->IngestPaths({dir.Path("in")}, opts);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->added, 2);
  EXPECT_EQ(r->copies, 1);
  EXPECT_EQ(r->unchanged, 0);
  EXPECT_EQ(r->rejected, 1);
  ASSERT_EQ(r->rejections.size(), 1u);
  EXPECT_NE(r->rejections[0].input.find("archive.trec"), std::string::npos);
  EXPECT_FALSE(r->rejections[0].position.empty());
  EXPECT_EQ(r->inputs, 1);
  EXPECT_EQ(r->bytes, SmallArchive().size());
  EXPECT_GE(progress_calls, 1);

  auto stats = e->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, 3);
  EXPECT_EQ(stats->copies, 1);
  EXPECT_EQ(stats->last_seq, 3);

  // By sequence number and by hex id; copies both ways.
  auto third = e->GetArticle("3");
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  EXPECT_EQ(third->outlet, "فرانس 24");
  auto by_id = e->GetArticle(third->id);
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(by_id->seq, 3);
  EXPECT_EQ(*e->CopyOf("3"), 1);
  auto copies = e->Copies("1");
  ASSERT_TRUE(copies.ok());
  ASSERT_EQ(copies->size(), 1u);
  EXPECT_EQ((*copies)[0].seq, 3);
  EXPECT_EQ(e->GetArticle("77").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(e->GetArticle("not-an-id").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(e->GetArticle("ffffffffffffffff").status().code(), Status::Code::kNotFound);
}

TEST(Engine, ReIngestAddsNothing) {
  TempDir dir;
  WriteFile(dir.Path("in/archive.trec"), SmallArchive());
  auto e = OpenEngine(dir.Path("data"));
  ASSERT_TRUE(e);
  ASSERT_TRUE(e->IngestPaths({dir.Path("in")}, {}).ok());
  // Same file again: skipped through the ingest log; its articles count as unchanged.
  auto again = e->IngestPaths({dir.Path("in/archive.trec")}, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->copies, 0);
  EXPECT_EQ(again->unchanged, 3);
  EXPECT_EQ(again->skipped_inputs, 1);
  EXPECT_EQ(again->skipped_articles, 3);
  EXPECT_EQ(again->bytes, 0u);
  // Forced: parsed again, every key already stored.
  IngestOptions force;
  force.force = true;
  auto forced = e->IngestPaths({dir.Path("in")}, force);
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(forced->added, 0);
  EXPECT_EQ(forced->unchanged, 3);
  EXPECT_EQ(forced->rejected, 1);
  // A copied file with another name holds the same keys: unchanged, not added.
  WriteFile(dir.Path("in2/renamed.trec"), SmallArchive());
  auto renamed = e->IngestPaths({dir.Path("in2")}, {});
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(renamed->added, 0);
  EXPECT_EQ(renamed->unchanged, 3);
  EXPECT_EQ(e->GetStats()->articles, 3);
}

TEST(Engine, MissingInputIsRejectedOthersProceed) {
  TempDir dir;
  WriteFile(dir.Path("in/archive.trec"), SmallArchive());
  auto e = OpenEngine(dir.Path("data"));
  ASSERT_TRUE(e);
  auto r = e->IngestPaths({dir.Path("nope.txt"), dir.Path("in")}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->added + r->copies, 3);
  ASSERT_GE(r->rejections.size(), 1u);
  EXPECT_NE(r->rejections[0].input.find("nope.txt"), std::string::npos);
}

TEST(Engine, SecondWriterGetsClearErrorReadersAreFine) {
  TempDir dir;
  auto e = OpenEngine(dir.Path("data"));
  ASSERT_TRUE(e);
  Engine::Options o;
  o.data_dir = dir.Path("data");
  auto second = Engine::Open(o);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("in use"), std::string::npos) << second.status().ToString();
  EXPECT_NE(second.status().message().find(std::to_string(getpid())), std::string::npos);
  auto reader = OpenEngine(dir.Path("data"), /*read_only=*/true);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->GetStats()->articles, 0);
  EXPECT_EQ(reader->IngestBytes("نص", "x.txt").status().code(), Status::Code::kUnsupported);
  e.reset();  // lock released
  EXPECT_TRUE(OpenEngine(dir.Path("data")));
}

TEST(Engine, ReadOnlyStatsReportHowFarTheIndexGot) {
  TempDir dir;
  auto e = OpenEngine(dir.Path("data"));
  ASSERT_TRUE(e);
  auto fresh = OpenEngine(dir.Path("data"), /*read_only=*/true);
  ASSERT_TRUE(fresh);
  auto none = fresh->GetStats();
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(none->indexed_seq, 0);
  ASSERT_TRUE(e->IngestBytes("انقطاع الكهرباء عن أحياء المدينة\n\nعادت الكهرباء بعد ساعتين.\n", "a.txt").ok());
  ASSERT_TRUE(e->IngestBytes("افتتاح معرض الكتاب في دورته الجديدة\n\nيشارك في المعرض ناشرون من عشرين بلداً.\n",
                             "b.txt").ok());
  auto reader = OpenEngine(dir.Path("data"), /*read_only=*/true);
  ASSERT_TRUE(reader);
  auto s = reader->GetStats();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->last_seq, 2);
  EXPECT_EQ(s->indexed_seq, 2);
  e.reset();
  // A damaged MANIFEST is named, not read as "nothing indexed".
  const std::string manifest = dir.Path("data") + "/index/MANIFEST";
  {
    std::fstream f(manifest, std::ios::in | std::ios::out | std::ios::binary);
    ASSERT_TRUE(f);
    f.seekp(0);
    f.put('X');
  }
  auto bad = OpenEngine(dir.Path("data"), /*read_only=*/true)->GetStats();
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kCorrupt);
  EXPECT_NE(bad.status().message().find(manifest), std::string::npos) << bad.status().ToString();
}

TEST(Engine, ReadOnlyWithoutStoreFails) {
  TempDir dir;
  Engine::Options o;
  o.data_dir = dir.Path("empty");
  o.read_only = true;
  auto e = Engine::Open(o);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find(dir.Path("empty")), std::string::npos);
}

TEST(Engine, UnwritableDataDirIsAClearError) {
  if (geteuid() == 0) GTEST_SKIP() << "SKIP: running as root, permissions are not enforced";
  TempDir dir;
  fs::create_directories(dir.Path("ro"));
  ASSERT_EQ(chmod(dir.Path("ro").c_str(), 0500), 0);
  Engine::Options o;
  o.data_dir = dir.Path("ro/data");
  auto e = Engine::Open(o);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), Status::Code::kIoError);
  EXPECT_NE(e.status().message().find(dir.Path("ro/data")), std::string::npos) << e.status().ToString();
}

TEST(Engine, DataDirThatIsAFileIsAClearError) {
  TempDir dir;
  WriteFile(dir.Path("file"), "x");
  Engine::Options o;
  o.data_dir = dir.Path("file");
  auto e = Engine::Open(o);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find(dir.Path("file")), std::string::npos) << e.status().ToString();
}

// Holds for root too: a data directory cannot be created beneath a file.
TEST(Engine, UncreatableDataDirIsAClearError) {
  TempDir dir;
  WriteFile(dir.Path("file"), "x");
  Engine::Options o;
  o.data_dir = dir.Path("file/data");
  auto e = Engine::Open(o);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), Status::Code::kIoError);
  EXPECT_NE(e.status().message().find(dir.Path("file/data")), std::string::npos) << e.status().ToString();
}

TEST(Engine, IngestBytesPage) {
  TempDir dir;
  auto e = OpenEngine(dir.Path("data"));
  ASSERT_TRUE(e);
  const std::string page =
      "الأمطار الغزيرة تغلق الطرق في شمال البلاد\n"
      "تاريخ النشر: الأحد 3 مارس 2024\n\n"
      "أغلقت السلطات عدداً من الطرق الرئيسية في المحافظات الشمالية بعد هطول أمطار غزيرة طوال الليل.\n\n"
      "ودعت مديرية الدفاع المدني المواطنين إلى تجنب التنقل إلا للضرورة القصوى.\n\n"
      "المصدر: وكالة الأنباء\n";
  auto r = e->IngestBytes(page, "amtar.txt");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->added, 1);
  auto again = e->IngestBytes(page, "amtar.txt");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->unchanged, 1);
  auto a = e->GetArticle("1");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->title, "الأمطار الغزيرة تغلق الطرق في شمال البلاد");
  EXPECT_EQ(a->fingerprint.size(), 32u);
}

TEST(Engine, SnippetFromInsideTheTextIsMarkedWithEllipses) {
  // A long report whose only mention of the dam sits in the middle: the
  // excerpt starts and ends inside the text and must say so on both sides.
  std::string body;
  for (int i = 0; i < 12; ++i) body += "ناقش المجلس البلدي خطة الطرق الجديدة في الأحياء الشرقية للمدينة. ";
  body += "وأكد المهندسون أن للسد الجديد دورا في تخفيف أثر الفيضانات الموسمية. ";
  for (int i = 0; i < 12; ++i) body += "ووعد رئيس البلدية بنشر جدول الأعمال قبل نهاية الشهر المقبل. ";
  TempDir dir;
  WriteFile(dir.Path("in/a.trec"), TrecDoc("long-1", "العربية", "تقرير المجلس البلدي", body) +
                                       TrecDoc("short-1", "العربية", "سد جديد", "افتتح السد أمس."));
  auto e = OpenEngine(dir.Path("data"));
  ASSERT_TRUE(e);
  ASSERT_TRUE(e->IngestPaths({dir.Path("in")}, {}).ok());
  SearchRequest req;
  req.query = "سد";
  auto r = e->Search(req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->hits.size(), 2u);
  for (const SearchHit& h : r->hits) {
    ASSERT_FALSE(h.snippet_highlights.empty()) << h.article.key;
    const Span s = h.snippet_highlights[0];
    const std::string shown = h.snippet.substr(s.begin, s.end - s.begin);
    if (h.article.key == "trec:long-1") {
      EXPECT_EQ(h.snippet.rfind("… ", 0), 0u) << h.snippet;
      EXPECT_EQ(h.snippet.substr(h.snippet.size() - 4), " …") << h.snippet;
      EXPECT_EQ(shown, "للسد");
    } else {
      // The whole text fits: no marks on either side.
      EXPECT_NE(h.snippet.find("افتتح السد أمس."), std::string::npos) << h.snippet;
      EXPECT_EQ(h.snippet.find("…"), std::string::npos) << h.snippet;
      EXPECT_TRUE(shown == "سد" || shown == "السد") << shown;
    }
  }
}

TEST(Engine, SearchFindsEveryFormHighlightsAsWrittenAndCollapsesCopies) {
  TempDir dir;
  WriteFile(dir.Path("in/a.trec"), SmallArchive());
  auto e = OpenEngine(dir.Path("data"));
  ASSERT_TRUE(e);
  ASSERT_TRUE(e->IngestPaths({dir.Path("in")}, {}).ok());
  SearchRequest req;
  req.query = "موازنة";  // written الموازنة in both articles
  auto r = e->Search(req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // The f24 copy collapses under the first article.
  ASSERT_EQ(r->total, 1);
  ASSERT_EQ(r->hits.size(), 1u);
  const SearchHit& h = r->hits[0];
  EXPECT_EQ(h.article.key, "trec:ar-1");
  EXPECT_EQ(h.copies, 1);
  ASSERT_FALSE(h.title_highlights.empty());
  const Span t = h.title_highlights[0];
  EXPECT_EQ(h.article.title.substr(t.begin, t.end - t.begin), "الموازنة");
  ASSERT_FALSE(h.snippet_highlights.empty());
  ASSERT_EQ(r->outlets.size(), 1u);
  EXPECT_EQ(r->outlets[0].value, "العربية");

  req.query = "الذهب";
  req.outlet = "العربية";
  auto none = e->Search(req);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->total, 0);

  auto stats = e->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->indexed_seq, stats->last_seq);
}

TEST(Engine, BadQueryIsInvalidWithPosition) {
  TempDir dir;
  auto e = OpenEngine(dir.Path("data"));
  ASSERT_TRUE(e);
  SearchRequest req;
  req.query = "(حكومة OR";
  auto r = e->Search(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalid);
  EXPECT_NE(r.status().message().find("at byte 12"), std::string::npos) << r.status().message();
}

TEST(Engine, IndexCatchesUpFromStoreAfterLossAndReindexRebuilds) {
  TempDir dir;
  WriteFile(dir.Path("in/a.trec"), SmallArchive());
  {
    auto e = OpenEngine(dir.Path("data"));
    ASSERT_TRUE(e);
    ASSERT_TRUE(e->IngestPaths({dir.Path("in")}, {}).ok());
  }
  // Losing the derived index entirely (as after a crash before its commit)
  // must cost nothing: the next open rebuilds it from the store.
  fs::remove_all(dir.Path("data/index"));
  auto e = OpenEngine(dir.Path("data"));
  ASSERT_TRUE(e);
  SearchRequest req;
  req.query = "أسعار";
  auto r = e->Search(req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->total, 1);
  EXPECT_EQ(r->hits[0].article.key, "trec:sky-1");
  ASSERT_TRUE(e->Reindex(nullptr).ok());
  auto again = e->Search(req);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->total, 1);
}

TEST(Engine, ReadOnlyEngineSearchExplainsWhy) {
  TempDir dir;
  { ASSERT_TRUE(OpenEngine(dir.Path("data"))); }
  auto e = OpenEngine(dir.Path("data"), /*read_only=*/true);
  ASSERT_TRUE(e);
  SearchRequest req;
  req.query = "حكومة";
  auto s = e->Search(req);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Status::Code::kUnsupported);
}

TEST(Engine, ArticleJsonHasEveryField) {
  model::Article a;
  a.id = "00000000000000aa";
  a.key = "k";
  a.title = "عنوان";
  a.paragraphs = {"فقرة \xff"};  // invalid byte must not throw
  a.published = {true, true, 1719360000, "26 يونيو 2024", model::DateSource::kTextLabel};
  a.links = {{"اقرأ أيضاً", "https://x", "page:2"}};
  const nlohmann::json j = ArticleToJson(a);
  for (const char* f : {"id", "seq", "key", "outlet", "credit", "url", "canonical_url", "title", "abstract",
                        "paragraphs", "author", "category", "language", "published", "crawled", "links",
                        "related_to", "fingerprint", "ingested_at", "origin"}) {
    EXPECT_TRUE(j.contains(f)) << f;
  }
  EXPECT_EQ(j["published"]["iso"], "2024-06-26");
  EXPECT_EQ(j["published"]["source"], "text-label");
  EXPECT_EQ(j["links"][0]["article_key"], "page:2");
  const std::string s = Dump(j);
  EXPECT_NE(s.find("\xEF\xBF\xBD"), std::string::npos);
}

// The real seed page: two articles, the read-also one related to the main one.
TEST(Engine, SeedPageGivesTwoRelatedArticles) {
  const std::string seed = std::string(RIWAYA_SHARED_DIR) + "/seed/000_d4adefc42975d5a4.txt";
  if (!fs::exists(seed)) GTEST_SKIP() << "SKIP: " << seed << " not found";
  TempDir dir;
  auto e = OpenEngine(dir.Path("data"));
  ASSERT_TRUE(e);
  auto r = e->IngestPaths({seed}, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->added, 2);
  EXPECT_EQ(r->rejected, 0);
  auto first = e->GetArticle("1");
  auto second = e->GetArticle("2");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(second->related_to, first->key);
  EXPECT_TRUE(first->published.known);
  EXPECT_FALSE(second->published.known);
  auto rel = e->Related("1");
  ASSERT_TRUE(rel.ok());
  ASSERT_EQ(rel->size(), 1u);
  EXPECT_EQ((*rel)[0].seq, 2);
  auto rel2 = e->Related(second->id);
  ASSERT_TRUE(rel2.ok());
  ASSERT_EQ(rel2->size(), 1u);
  EXPECT_EQ((*rel2)[0].seq, 1);
}

}  // namespace
}  // namespace riwaya::engine
