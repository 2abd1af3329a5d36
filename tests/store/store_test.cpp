#include "store/store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>

#include "store/db.h"
#include "store/schema.h"
#include "temp_dir.h"

namespace riwaya::store {
namespace {

namespace fs = std::filesystem;

using riwaya::testing::TempDir;

model::Article MakeArticle(const std::string& key, const std::string& outlet, std::vector<std::string> paras,
                           int64_t epoch = 0) {
  model::Article a;
  a.key = key;
  a.outlet = outlet;
  a.title = "عنوان الخبر " + key;
  a.paragraphs = std::move(paras);
  if (epoch) {
    a.published.known = true;
    a.published.epoch_seconds = epoch;
    a.published.original = "الثلاثاء 26 حزيران 2024";
    a.published.source = model::DateSource::kTextLabel;
  }
  return a;
}

std::unique_ptr<Store> OpenOrDie(const std::string& path, StoreOptions o = {}) {
  auto s = Store::Open(path, o);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(s.value()) : nullptr;
}

TEST(Store, RoundTripsEveryField) {
  TempDir dir;
  auto store = OpenOrDie(dir.Path("riwaya.db"));
  ASSERT_TRUE(store);
  model::Article a = MakeArticle("https://example.net/news/2024/06/26/defence-call", "الحرة",
                                 {"تحدث وزيرا الدفاع في اتصال هاتفي نادر.", "وقال المتحدث: \"الاتصال جاء بطلب من موسكو\".\n\nسطر"},
                                 1719360000);
  a.published.date_only = true;
  a.credit = "أ ف ب";
  a.url = "https://example.net/news/2024/06/26/defence-call";
  a.canonical_url = "https://example.net/a/123";
  a.abstract = "ملخص قصير";
  a.author = "سارة الحسيني";
  a.category = "سياسة";
  a.crawled_epoch = 1719400000;
  a.crawled_original = "2024-06-26 11:06:40";
  a.related_to = "page:main";
  a.links = {{"اقرأ أيضاً: وزير الخارجية يزور القاهرة", "https://example.net/x", "page:other"},
             {"خبر ثان", "", ""}};
  a.origin = {"archive", "/data/ant.trec.gz", 41, 1200, 98765};
  std::vector<model::Article> batch{a};
  auto r = store->AddBatch(batch);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->added, 1);
  ASSERT_EQ(batch[0].seq, 1);
  EXPECT_EQ(batch[0].id, model::IdForKey(a.key));
  EXPECT_EQ(batch[0].fingerprint.size(), 32u);

  auto got = store->GetById(batch[0].id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  const model::Article& g = *got;
  EXPECT_EQ(g.seq, 1);
  EXPECT_EQ(g.key, a.key);
  EXPECT_EQ(g.outlet, a.outlet);
  EXPECT_EQ(g.credit, a.credit);
  EXPECT_EQ(g.url, a.url);
  EXPECT_EQ(g.canonical_url, a.canonical_url);
  EXPECT_EQ(g.title, a.title);
  EXPECT_EQ(g.abstract, a.abstract);
  EXPECT_EQ(g.paragraphs, a.paragraphs);  // including a paragraph with an inner blank line
  EXPECT_EQ(g.author, a.author);
  EXPECT_EQ(g.category, a.category);
  EXPECT_EQ(g.language, "ar");
  EXPECT_TRUE(g.published.known);
  EXPECT_TRUE(g.published.date_only);
  EXPECT_EQ(g.published.epoch_seconds, 1719360000);
  EXPECT_EQ(g.published.original, a.published.original);
  EXPECT_EQ(g.published.source, model::DateSource::kTextLabel);
  EXPECT_EQ(g.crawled_epoch, 1719400000);
  EXPECT_EQ(g.crawled_original, a.crawled_original);
  EXPECT_EQ(g.related_to, "page:main");
  ASSERT_EQ(g.links.size(), 2u);
  EXPECT_EQ(g.links[0].title, a.links[0].title);
  EXPECT_EQ(g.links[0].url, a.links[0].url);
  EXPECT_EQ(g.links[0].article_key, "page:other");
  EXPECT_EQ(g.links[1].title, "خبر ثان");
  EXPECT_EQ(g.origin.kind, "archive");
  EXPECT_EQ(g.origin.path, "/data/ant.trec.gz");
  EXPECT_EQ(g.origin.record, 41);
  EXPECT_EQ(g.origin.line, 1200);
  EXPECT_EQ(g.origin.byte_offset, 98765);
  EXPECT_GT(g.ingested_at, 0);

  auto by_seq = store->GetBySeq(1);
  ASSERT_TRUE(by_seq.ok());
  EXPECT_EQ(by_seq->key, a.key);
  auto by_key = store->GetByKey(a.key);
  ASSERT_TRUE(by_key.ok());
  EXPECT_EQ(by_key->seq, 1);
  auto missing = store->GetById("ffffffffffffffff");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(store->GetBySeq(99).status().code(), Status::Code::kNotFound);
}

TEST(Store, ParagraphsRoundTripByteForByte) {
  TempDir dir;
  auto store = OpenOrDie(dir.Path("riwaya.db"));
  ASSERT_TRUE(store);
  const std::vector<std::string> paras = {
      "قال: \"نعم\" \\ و/أو", std::string("تبويب\tو\rسطر\nجديد\x01\x1f") + std::string(1, '\0') + "!", "", "\xff\xfe بايتات غير صالحة \xc3",
      "[\"ليس\", \"مصفوفة\"]", "\\u0041 ليس هروباً"};
  std::vector<model::Article> batch{MakeArticle("weird", "x", paras)};
  ASSERT_TRUE(store->AddBatch(batch).ok());
  auto g = store->GetByKey("weird");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->paragraphs, paras);
}

TEST(Store, UnknownDateStaysUnknown) {
  TempDir dir;
  auto store = OpenOrDie(dir.Path("riwaya.db"));
  ASSERT_TRUE(store);
  std::vector<model::Article> batch{MakeArticle("k1", "سبق", {"نص بلا تاريخ."})};
  ASSERT_TRUE(store->AddBatch(batch).ok());
  auto g = store->GetBySeq(batch[0].seq);
  ASSERT_TRUE(g.ok());
  EXPECT_FALSE(g->published.known);
  EXPECT_EQ(g->published.source, model::DateSource::kUnknown);
}

TEST(Store, ReAddingIsIdempotent) {
  TempDir dir;
  auto store = OpenOrDie(dir.Path("riwaya.db"));
  ASSERT_TRUE(store);
  std::vector<model::Article> batch;
  for (int i = 0; i < 50; ++i)
    batch.push_back(MakeArticle("doc-" + std::to_string(i), "العربية", {"خبر رقم " + std::to_string(i) + " عن الطقس."}));
  auto first = store->AddBatch(batch);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->added, 50);
  std::vector<model::Article> again = batch;
  for (auto& a : again) a.seq = 0;
  auto second = store->AddBatch(again);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->added, 0);
  EXPECT_EQ(second->unchanged, 50);
  EXPECT_EQ(second->outcomes[7].outcome, Outcome::kUnchanged);
  EXPECT_EQ(second->outcomes[7].seq, batch[7].seq);
  EXPECT_EQ(*store->LastSeq(), 50);
  // The same key twice within one batch: the second one is unchanged.
  std::vector<model::Article> dup{MakeArticle("twin", "x", {"أ"}), MakeArticle("twin", "x", {"ب"})};
  auto r = store->AddBatch(dup);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->added, 1);
  EXPECT_EQ(r->unchanged, 1);
}

TEST(Store, CopiesAreRecordedNotDropped) {
  TempDir dir;
  auto store = OpenOrDie(dir.Path("riwaya.db"));
  ASSERT_TRUE(store);
  std::vector<model::Article> batch{
      MakeArticle("wire", "واس", {"أعلنت الوزارة إطلاق برنامج جديد لدعم المزارعين."}),
      MakeArticle("other", "عكاظ", {"خبر مختلف تماماً عن الرياضة."}),
      MakeArticle("copy1", "الرياض", {"أعلنت  الوزاره اطلاق برنامج جديد", "لدعم المزارعين!"}),
      MakeArticle("empty1", "المدينة", {}),
      MakeArticle("empty2", "اليوم", {"  ", "..."}),
  };
  auto r = store->AddBatch(batch);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->added, 4);  // both empty bodies are new, never copies of each other
  EXPECT_EQ(r->copies, 1);
  EXPECT_EQ(r->outcomes[2].outcome, Outcome::kCopy);
  EXPECT_EQ(r->outcomes[2].copy_of_seq, batch[0].seq);
  EXPECT_EQ(r->outcomes[4].outcome, Outcome::kAdded);

  // A later batch: a third copy points at the first article, not the second.
  std::vector<model::Article> later{MakeArticle("copy2", "الوطن", {"أعلنت الوزارة: إطلاق برنامج جديد لدعم المزارعين"})};
  auto r2 = store->AddBatch(later);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->copies, 1);
  EXPECT_EQ(r2->outcomes[0].copy_of_seq, batch[0].seq);
  EXPECT_EQ(*store->CopyOf(later[0].seq), batch[0].seq);
  EXPECT_EQ(*store->CopyOf(batch[0].seq), 0);

  auto copies = store->Copies(batch[0].seq);
  ASSERT_TRUE(copies.ok());
  ASSERT_EQ(copies->size(), 2u);
  EXPECT_EQ((*copies)[0].key, "copy1");
  EXPECT_EQ((*copies)[1].key, "copy2");
  auto of_copy = store->Copies(batch[2].seq);
  ASSERT_TRUE(of_copy.ok());
  ASSERT_EQ(of_copy->size(), 2u);
  EXPECT_EQ((*of_copy)[0].key, "wire");  // the original comes first
  EXPECT_TRUE(store->Copies(batch[3].seq)->empty());
  EXPECT_TRUE(store->Copies(batch[4].seq)->empty());
  auto stats = store->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->copies, 2);
}

TEST(Store, RelatedArticlesBothWays) {
  TempDir dir;
  auto store = OpenOrDie(dir.Path("riwaya.db"));
  ASSERT_TRUE(store);
  model::Article main = MakeArticle("page:main", "الحرة", {"الخبر الرئيسي."});
  model::Article ra1 = MakeArticle("page:ra1", "الحرة", {"خبر اقرأ أيضاً الأول."});
  model::Article ra2 = MakeArticle("page:ra2", "الحرة", {"خبر اقرأ أيضاً الثاني."});
  ra1.related_to = ra2.related_to = "page:main";
  std::vector<model::Article> batch{main, ra1, ra2, MakeArticle("lonely", "x", {"منفرد"})};
  ASSERT_TRUE(store->AddBatch(batch).ok());
  auto of_main = store->Related(batch[0].seq);
  ASSERT_TRUE(of_main.ok());
  ASSERT_EQ(of_main->size(), 2u);
  EXPECT_EQ((*of_main)[0].key, "page:ra1");
  EXPECT_EQ((*of_main)[1].key, "page:ra2");
  auto of_ra2 = store->Related(batch[2].seq);
  ASSERT_TRUE(of_ra2.ok());
  ASSERT_EQ(of_ra2->size(), 2u);
  EXPECT_EQ((*of_ra2)[0].key, "page:main");  // the page's main article first
  EXPECT_EQ((*of_ra2)[1].key, "page:ra1");
  EXPECT_TRUE(store->Related(batch[3].seq)->empty());
  EXPECT_EQ(store->Stats()->related, 2);
}

TEST(Store, RejectsArticleWithoutKeyButKeepsBatch) {
  TempDir dir;
  auto store = OpenOrDie(dir.Path("riwaya.db"));
  ASSERT_TRUE(store);
  std::vector<model::Article> batch{MakeArticle("a", "x", {"١"}), MakeArticle("", "x", {"٢"}),
                                    MakeArticle("c", "x", {"٣"})};
  auto r = store->AddBatch(batch);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->added, 2);
  EXPECT_EQ(r->rejected, 1);
  EXPECT_EQ(r->outcomes[1].outcome, Outcome::kRejected);
  EXPECT_NE(r->outcomes[1].reason.find("no key"), std::string::npos);
}

TEST(Store, IdClashIsRejectedNotFatal) {
  TempDir dir;
  auto store = OpenOrDie(dir.Path("riwaya.db"));
  ASSERT_TRUE(store);
  model::Article a = MakeArticle("key-a", "x", {"نص أ"});
  model::Article b = MakeArticle("key-b", "x", {"نص ب"});
  a.id = b.id = "0123456789abcdef";  // forced clash
  std::vector<model::Article> batch{a, b};
  auto r = store->AddBatch(batch);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->added, 1);
  EXPECT_EQ(r->rejected, 1);
  EXPECT_NE(r->outcomes[1].reason.find("already used"), std::string::npos);
}

TEST(Store, StatsPerOutletAndMonth) {
  TempDir dir;
  auto store = OpenOrDie(dir.Path("riwaya.db"));
  ASSERT_TRUE(store);
  const int64_t feb = 1518048000;  // 2018-02-08
  const int64_t mar = 1520640000;  // 2018-03-10
  std::vector<model::Article> batch{
      MakeArticle("1", "بي بي سي", {"أ"}, feb), MakeArticle("2", "بي بي سي", {"ب"}, feb),
      MakeArticle("3", "بي بي سي", {"ج"}, mar), MakeArticle("4", "فرانس 24", {"د"}, mar),
      MakeArticle("5", "فرانس 24", {"هـ"}),
  };
  ASSERT_TRUE(store->AddBatch(batch).ok());
  auto s = store->Stats();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->articles, 5);
  EXPECT_EQ(s->undated, 1);
  EXPECT_EQ(s->last_seq, 5);
  ASSERT_EQ(s->outlets.size(), 2u);
  EXPECT_EQ(s->outlets[0].outlet, "بي بي سي");
  EXPECT_EQ(s->outlets[0].articles, 3);
  ASSERT_EQ(s->outlets[0].per_month.size(), 2u);
  EXPECT_EQ(s->outlets[0].per_month[0].month, "2018-02");
  EXPECT_EQ(s->outlets[0].per_month[0].count, 2);
  EXPECT_EQ(s->outlets[0].per_month[1].month, "2018-03");
  EXPECT_EQ(s->outlets[0].per_month[1].count, 1);
  ASSERT_EQ(s->outlets[1].per_month.size(), 2u);
  EXPECT_EQ(s->outlets[1].per_month[0].month, "2018-03");
  EXPECT_EQ(s->outlets[1].per_month[1].month, "unknown");
}

TEST(Store, ForEachSinceStreamsInOrder) {
  TempDir dir;
  auto store = OpenOrDie(dir.Path("riwaya.db"));
  ASSERT_TRUE(store);
  std::vector<model::Article> batch;
  for (int i = 0; i < 20; ++i) batch.push_back(MakeArticle("k" + std::to_string(i), "x", {"نص " + std::to_string(i)}));
  batch.push_back(MakeArticle("dup", "x", {"نص 3"}));
  ASSERT_TRUE(store->AddBatch(batch).ok());
  std::vector<int64_t> seen;
  int64_t copy_seen = -1;
  ASSERT_TRUE(store->ForEachSince(15, [&](const model::Article& a, int64_t copy_of) {
    seen.push_back(a.seq);
    if (a.key == "dup") copy_seen = copy_of;
    return true;
  }).ok());
  EXPECT_EQ(seen, (std::vector<int64_t>{16, 17, 18, 19, 20, 21}));
  EXPECT_EQ(copy_seen, 4);
  int calls = 0;
  ASSERT_TRUE(store->ForEachSince(0, [&](const model::Article&, int64_t) { return ++calls < 3; }).ok());
  EXPECT_EQ(calls, 3);
}

TEST(Store, IngestLogRecordedWithBatch) {
  TempDir dir;
  auto store = OpenOrDie(dir.Path("riwaya.db"));
  ASSERT_TRUE(store);
  EXPECT_FALSE(store->FindInput("/in/a.txt")->has_value());
  std::vector<model::Article> batch{MakeArticle("a", "x", {"نص"})};
  InputRecord rec{"/in/a.txt", 1234, 5678, 1};
  ASSERT_TRUE(store->AddBatch(batch, {rec}).ok());
  auto found = store->FindInput("/in/a.txt");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->size, 1234);
  EXPECT_EQ((*found)->mtime_ns, 5678);
  EXPECT_EQ((*found)->articles, 1);
}

TEST(Store, PersistsAcrossReopenAndIntegrityOk) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.Path("riwaya.db"));
    ASSERT_TRUE(store);
    std::vector<model::Article> batch{MakeArticle("a", "x", {"نص أول"}), MakeArticle("b", "y", {"نص ثان"})};
    ASSERT_TRUE(store->AddBatch(batch).ok());
  }
  auto store = OpenOrDie(dir.Path("riwaya.db"));
  ASSERT_TRUE(store);
  EXPECT_EQ(*store->LastSeq(), 2);
  EXPECT_EQ(*store->IntegrityCheck(), "ok");
  std::vector<model::Article> batch{MakeArticle("c", "x", {"نص ثالث"})};
  ASSERT_TRUE(store->AddBatch(batch).ok());
  EXPECT_EQ(batch[0].seq, 3);
}

// Migrations: a database left at version 1 (with data) opens migrated, data intact.
TEST(Store, MigratesOldSchema) {
  TempDir dir;
  const std::string path = dir.Path("riwaya.db");
  {
    auto db = Db::Open(path, false);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(Migrate(*db, 1).ok());
    EXPECT_EQ(*SchemaVersion(*db), 1);
    ASSERT_TRUE(db->Exec("INSERT INTO articles(id, key, outlet, title, paragraphs, pub_known, pub_epoch) "
                         "VALUES ('00000000000000aa', 'old-key', 'الجزيرة', 'خبر قديم', '[\"فقرة\"]', 1, 1520640000)")
                    .ok());
  }
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  auto db = Db::Open(path, true);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*SchemaVersion(*db), LatestSchemaVersion());
  auto a = store->GetByKey("old-key");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->paragraphs, std::vector<std::string>{"فقرة"});
  auto s = store->Stats();
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->outlets.size(), 1u);
  EXPECT_EQ(s->outlets[0].per_month[0].month, "2018-03");  // back-filled by migration 2
  EXPECT_FALSE(store->FindInput("x")->has_value());         // table created by migration 2
}

TEST(Store, RefusesNewerSchema) {
  TempDir dir;
  const std::string path = dir.Path("riwaya.db");
  { ASSERT_TRUE(OpenOrDie(path)); }
  {
    auto db = Db::Open(path, false);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("INSERT INTO schema_version VALUES (999, 0, 'future')").ok());
  }
  auto s = Store::Open(path);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Status::Code::kUnsupported);
  EXPECT_NE(s.status().message().find("999"), std::string::npos);
}

TEST(Store, UnwritableDirectoryIsAClearError) {
  if (geteuid() == 0) GTEST_SKIP() << "SKIP: running as root, permissions are not enforced";
  TempDir dir;
  ASSERT_EQ(chmod(dir.path().c_str(), 0500), 0);
  auto s = Store::Open(dir.Path("riwaya.db"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Status::Code::kIoError);
  EXPECT_NE(s.status().message().find(dir.Path("riwaya.db")), std::string::npos) << s.status().ToString();
}

TEST(Store, PathBeneathAFileIsAClearError) {
  TempDir dir;
  FILE* f = fopen(dir.Path("plain").c_str(), "wb");
  ASSERT_TRUE(f);
  fclose(f);
  auto s = Store::Open(dir.Path("plain/riwaya.db"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Status::Code::kIoError);
  EXPECT_NE(s.status().message().find(dir.Path("plain/riwaya.db")), std::string::npos) << s.status().ToString();
}

TEST(Store, MissingDirectoryIsAClearError) {
  auto s = Store::Open("/nonexistent-riwaya-dir/sub/riwaya.db");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("/nonexistent-riwaya-dir/sub/riwaya.db"), std::string::npos);
}

TEST(Store, NotADatabaseIsAClearError) {
  TempDir dir;
  const std::string path = dir.Path("riwaya.db");
  FILE* f = fopen(path.c_str(), "wb");
  ASSERT_TRUE(f);
  fputs("this is not sqlite, it is a news page: عاجل", f);
  fclose(f);
  auto s = Store::Open(path);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find(path), std::string::npos) << s.status().ToString();
}

TEST(Store, ReadOnlyOpenOfMissingStoreFails) {
  TempDir dir;
  StoreOptions ro;
  ro.read_only = true;
  EXPECT_FALSE(Store::Open(dir.Path("riwaya.db"), ro).ok());
}

// Readers on another connection see whole batches only (WAL + one transaction per batch).
TEST(Store, ConcurrentReaderSeesWholeBatches) {
  TempDir dir;
  const std::string path = dir.Path("riwaya.db");
  auto writer = OpenOrDie(path);
  ASSERT_TRUE(writer);
  StoreOptions ro;
  ro.read_only = true;
  auto reader = OpenOrDie(path, ro);
  ASSERT_TRUE(reader);
  constexpr int kBatch = 97, kBatches = 30;
  std::atomic<bool> done{false};
  std::atomic<int> bad{0}, reads{0};
  std::thread t([&] {
    while (!done.load()) {
      auto n = reader->LastSeq();
      auto s = reader->Stats();
      if (!n.ok() || !s.ok() || *n % kBatch != 0 || s->articles % kBatch != 0) ++bad;
      ++reads;
    }
  });
  for (int b = 0; b < kBatches; ++b) {
    std::vector<model::Article> batch;
    for (int i = 0; i < kBatch; ++i) {
      const std::string k = std::to_string(b) + "-" + std::to_string(i);
      batch.push_back(MakeArticle(k, "outlet" + std::to_string(i % 3), {"فقرة الخبر " + k}));
    }
    ASSERT_TRUE(writer->AddBatch(batch).ok());
  }
  done = true;
  t.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(*reader->LastSeq(), kBatch * kBatches);
}

// A failing batch leaves nothing behind: a rolled back transaction.
TEST(Store, BatchIsAtomic) {
  TempDir dir;
  const std::string path = dir.Path("riwaya.db");
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  {
    // A trigger that fails on a poisoned title simulates an I/O error mid-batch.
    auto db = Db::Open(path, false);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("CREATE TRIGGER poison BEFORE INSERT ON articles WHEN NEW.title = 'POISON' "
                         "BEGIN SELECT RAISE(FAIL, 'disk on fire'); END")
                    .ok());
  }
  store.reset();
  store = OpenOrDie(path);
  ASSERT_TRUE(store);
  std::vector<model::Article> batch{MakeArticle("a", "x", {"نص أ"}), MakeArticle("b", "x", {"نص ب"}),
                                    MakeArticle("c", "x", {"نص ج"})};
  batch[2].title = "POISON";
  auto r = store->AddBatch(batch);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("disk on fire"), std::string::npos) << r.status().ToString();
  EXPECT_EQ(*store->LastSeq(), 0);
  EXPECT_EQ(store->Stats()->articles, 0);
  EXPECT_EQ(batch[0].seq, 0);  // the caller's batch is untouched
  // The next batch works and gets the sequence numbers the failed one never used.
  std::vector<model::Article> ok{MakeArticle("a", "x", {"نص أ"})};
  ASSERT_TRUE(store->AddBatch(ok).ok());
  EXPECT_EQ(ok[0].seq, 1);
}

}  // namespace
}  // namespace riwaya::store
