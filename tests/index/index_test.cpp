// Index lifecycle: commits and last_seq across reopen, deletions, snapshots
// that survive commits and merges, crash leftovers, corrupt files, facets,
// date sort, copy collapsing, MaxScore pruning, and the real analyzer.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "index/index.h"
#include "index/test_analyzer.h"

namespace riwaya::index {
namespace {

namespace fs = std::filesystem;

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("riwaya_index_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    opt_.analyzer = std::make_shared<testing::TestAnalyzer>();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::unique_ptr<Index> Open() {
    auto r = Index::Open(dir_.string(), opt_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(*r) : nullptr;
  }
  static Document Doc(uint32_t seq, std::string_view title, std::string_view body, std::string_view outlet = "سكاي",
                      int64_t date = kNoDate) {
    Document d;
    d.seq = seq;
    d.title = title;
    d.body = body;
    d.outlet = outlet;
    d.category = "سياسة";
    d.date = date;
    return d;
  }
  static std::vector<uint32_t> Seqs(const SearchResults& r) {
    std::vector<uint32_t> v;
    for (auto& h : r.hits) v.push_back(h.seq);
    return v;
  }
  std::vector<uint32_t> Find(const Index& ix, std::string_view q, SearchOptions so = {}) {
    auto r = ix.searcher()->Search(q, so);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
    return r.ok() ? Seqs(*r) : std::vector<uint32_t>{};
  }
  fs::path dir_;
  IndexOptions opt_;
};

TEST_F(IndexTest, CommitMakesVisibleAndDurable) {
  auto ix = Open();
  ASSERT_TRUE(ix->Add(Doc(1, "الحكومة تستقيل", "أعلنت الحكومة استقالتها اليوم")).ok());
  ASSERT_TRUE(ix->Add(Doc(2, "قمة النفط", "اجتماع وزراء النفط في الدوحة")).ok());
  EXPECT_TRUE(Find(*ix, "حكومة").empty()) << "uncommitted documents must not be visible";
  EXPECT_EQ(ix->last_seq(), 0u);
  ASSERT_TRUE(ix->Commit(2).ok());
  EXPECT_EQ(Find(*ix, "حكومة"), std::vector<uint32_t>{1});
  EXPECT_EQ(ix->last_seq(), 2u);
  ix.reset();
  auto again = Open();
  EXPECT_EQ(again->last_seq(), 2u);
  EXPECT_EQ(Find(*again, "النفط"), std::vector<uint32_t>{2});
  EXPECT_EQ(again->stats().docs, 2u);
}

TEST_F(IndexTest, RefusesAnotherAnalyzer) {
  {
    auto ix = Open();
    ASSERT_TRUE(ix->Add(Doc(1, "أ", "نفط")).ok());
    ASSERT_TRUE(ix->Commit(1).ok());
  }
  struct Other : testing::TestAnalyzer {
    std::string_view name() const override { return "other"; }
  };
  opt_.analyzer = std::make_shared<Other>();
  auto r = Index::Open(dir_.string(), opt_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalid);
  EXPECT_NE(r.status().message().find("analyzer 'test'"), std::string::npos) << r.status().message();
}

TEST_F(IndexTest, UncommittedWorkIsLostOnReopenAndLastSeqTellsWhereToResume) {
  auto ix = Open();
  ASSERT_TRUE(ix->Add(Doc(1, "أ", "الحكومة")).ok());
  ASSERT_TRUE(ix->Commit(1).ok());
  ASSERT_TRUE(ix->Add(Doc(2, "ب", "الحكومة الجديدة")).ok());
  ix.reset();  // "crash" before commit
  auto again = Open();
  EXPECT_EQ(again->last_seq(), 1u);
  EXPECT_EQ(Find(*again, "حكومة"), std::vector<uint32_t>{1});
}

TEST_F(IndexTest, DeleteCommittedAndBufferedDocuments) {
  auto ix = Open();
  for (uint32_t s = 1; s <= 4; ++s) ASSERT_TRUE(ix->Add(Doc(s, "خبر", "النفط والغاز")).ok());
  ASSERT_TRUE(ix->Commit(4).ok());
  ASSERT_TRUE(ix->Add(Doc(5, "خبر", "النفط")).ok());
  ASSERT_TRUE(ix->Delete(2).ok());
  ASSERT_TRUE(ix->Delete(5).ok());
  ASSERT_TRUE(ix->Delete(99).ok());  // unknown: ignored
  ASSERT_TRUE(ix->Commit(5).ok());
  auto got = Find(*ix, "نفط");
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<uint32_t>{1, 3, 4}));
  ix.reset();
  auto again = Open();
  got = Find(*again, "نفط");
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<uint32_t>{1, 3, 4}));
  ASSERT_TRUE(again->Merge(1).ok());
  EXPECT_EQ(again->stats().docs, 3u);
  EXPECT_EQ(again->stats().segments, 1u);
}

TEST_F(IndexTest, SearcherKeepsItsSnapshotAcrossCommitAndMerge) {
  opt_.flush_docs = 3;
  auto ix = Open();
  for (uint32_t s = 1; s <= 7; ++s) ASSERT_TRUE(ix->Add(Doc(s, "عنوان", "النفط")).ok());
  ASSERT_TRUE(ix->Commit(7).ok());
  auto old = ix->searcher();
  EXPECT_EQ(old->num_segments(), 3u);
  ASSERT_TRUE(ix->Delete(1).ok());
  for (uint32_t s = 8; s <= 9; ++s) ASSERT_TRUE(ix->Add(Doc(s, "عنوان", "النفط")).ok());
  ASSERT_TRUE(ix->Commit(9).ok());
  ASSERT_TRUE(ix->Merge(1).ok());
  // The old files are gone from the directory but the old snapshot still answers.
  auto r = old->Search("نفط", SearchOptions{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 7);
  auto now = ix->searcher()->Search("نفط", SearchOptions{});
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->total, 8);
  EXPECT_EQ(ix->searcher()->num_segments(), 1u);
}

TEST_F(IndexTest, ConcurrentSearchesWhileCommitting) {
  auto ix = Open();
  ASSERT_TRUE(ix->Add(Doc(1, "عنوان", "النفط")).ok());
  ASSERT_TRUE(ix->Commit(1).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&] {
      while (!stop) {
        auto s = ix->searcher();
        auto r = s->Search("نفط", SearchOptions{});
        // A snapshot's total equals its committed seq count: never half a commit.
        if (!r.ok() || r->total != static_cast<int64_t>(s->last_seq())) ++bad;
      }
    });
  }
  for (uint32_t s = 2; s <= 40; ++s) {
    ASSERT_TRUE(ix->Add(Doc(s, "عنوان", "النفط")).ok());
    ASSERT_TRUE(ix->Commit(s).ok());
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(bad.load(), 0);
}

TEST_F(IndexTest, CrashLeftoversAreRemovedAndCorruptionReported) {
  {
    auto ix = Open();
    ASSERT_TRUE(ix->Add(Doc(1, "عنوان", "النفط")).ok());
    ASSERT_TRUE(ix->Commit(1).ok());
  }
  std::ofstream(dir_ / "seg_000099.rws.tmp") << "half written";
  std::ofstream(dir_ / "seg_000098.rws") << "never committed";
  {
    auto ix = Open();
    EXPECT_FALSE(fs::exists(dir_ / "seg_000099.rws.tmp"));
    EXPECT_FALSE(fs::exists(dir_ / "seg_000098.rws"));
    EXPECT_EQ(Find(*ix, "نفط"), std::vector<uint32_t>{1});
  }
  // Flip one byte in the committed segment: opening must fail with Corrupt, naming the file.
  fs::path seg;
  for (auto& e : fs::directory_iterator(dir_))
    if (e.path().extension() == ".rws") seg = e.path();
  ASSERT_FALSE(seg.empty());
  {
    std::fstream f(seg, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(fs::file_size(seg) / 2));
    char c = 0;
    f.read(&c, 1);
    f.seekp(static_cast<std::streamoff>(fs::file_size(seg) / 2));
    c = static_cast<char>(c ^ 0x5a);
    f.write(&c, 1);
  }
  auto r = Index::Open(dir_.string(), opt_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCorrupt);
  EXPECT_NE(r.status().message().find(seg.filename().string()), std::string::npos) << r.status().message();
  // A truncated manifest is reported too.
  fs::resize_file(dir_ / "MANIFEST", 10);
  auto m = Index::Open(dir_.string(), opt_);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Status::Code::kCorrupt);
}

TEST_F(IndexTest, BadDocumentsAreRejectedAndTheRestProceeds) {
  auto ix = Open();
  Document bad = Doc(1, "عنوان", "نص \xC3\x28 مكسور");
  auto st = ix->Add(bad);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("document 1: body is not valid UTF-8 at byte"), std::string::npos) << st.message();
  EXPECT_FALSE(ix->Add(Doc(0, "x", "y")).ok());
  ASSERT_TRUE(ix->Add(Doc(2, "عنوان", "النفط")).ok());
  // Binary junk that happens to be valid UTF-8, and a huge document.
  std::string junk;
  std::mt19937 rng(3);
  for (int i = 0; i < 5000; ++i) junk.push_back(static_cast<char>(rng() % 0x7f + 1));
  ASSERT_TRUE(ix->Add(Doc(3, junk, junk)).ok());
  std::string huge;
  for (int i = 0; i < 200000; ++i) huge += "النفط والغاز ";
  ASSERT_TRUE(ix->Add(Doc(4, "", huge)).ok());
  ASSERT_TRUE(ix->Commit(4).ok());
  auto got = Find(*ix, "نفط");
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<uint32_t>{2, 4}));
  EXPECT_EQ(Find(*ix, "\"نفط غاز\""), std::vector<uint32_t>{4});
}

TEST_F(IndexTest, FacetsHistogramAndDateSort) {
  auto ix = Open();
  const int64_t feb1 = 1517443200, day = 86400;
  ASSERT_TRUE(ix->Add(Doc(1, "نفط", "", "سكاي", feb1 + 3600)).ok());             // Thu 2018-02-01
  ASSERT_TRUE(ix->Add(Doc(2, "نفط", "", "سكاي", feb1 + 5 * day)).ok());          // Tue 2018-02-06
  ASSERT_TRUE(ix->Add(Doc(3, "نفط", "", "BBC Arabic", feb1 + 40 * day)).ok());   // 2018-03-13
  ASSERT_TRUE(ix->Add(Doc(4, "نفط", "", "BBC Arabic")).ok());                    // undated
  ASSERT_TRUE(ix->Add(Doc(5, "غاز", "", "سكاي", feb1)).ok());
  ASSERT_TRUE(ix->Commit(5).ok());
  SearchOptions so;
  so.facets = true;
  so.histogram = SearchOptions::Histogram::kMonth;
  auto r = ix->searcher()->Search("نفط", so);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 4);
  ASSERT_EQ(r->outlets.size(), 2u);
  EXPECT_EQ(r->outlets[0].count + r->outlets[1].count, 4);
  ASSERT_EQ(r->histogram.size(), 2u);
  EXPECT_EQ(r->histogram[0].value, "2018-02-01");
  EXPECT_EQ(r->histogram[0].count, 2);
  EXPECT_EQ(r->histogram[1].value, "2018-03-01");
  so.histogram = SearchOptions::Histogram::kWeek;
  r = ix->searcher()->Search("نفط", so);
  ASSERT_EQ(r->histogram.size(), 3u);
  EXPECT_EQ(r->histogram[0].value, "2018-01-29");  // Monday of the week holding Feb 1
  EXPECT_EQ(r->histogram[1].value, "2018-02-05");
  so.sort = SearchOptions::Sort::kDate;
  EXPECT_EQ(Seqs(*ix->searcher()->Search("نفط", so)), (std::vector<uint32_t>{3, 2, 1, 4}));
  so = SearchOptions{};
  so.outlet = "BBC Arabic";
  EXPECT_EQ(Seqs(*ix->searcher()->Search("نفط", so)).size(), 2u);
  EXPECT_EQ(Find(*ix, "نفط date:2018-02-01..2018-02-06").size(), 2u);
  EXPECT_EQ(Find(*ix, "outlet:سكاي date:2018-02").size(), 3u);  // filter-only query
  so = SearchOptions{};
  so.offset = 1;
  so.limit = 2;
  so.sort = SearchOptions::Sort::kDate;
  EXPECT_EQ(Seqs(*ix->searcher()->Search("نفط", so)), (std::vector<uint32_t>{2, 1}));
}

TEST_F(IndexTest, CopiesCollapseUnderTheFirstArticle) {
  auto ix = Open();
  ASSERT_TRUE(ix->Add(Doc(1, "انفجار في الميناء", "تفاصيل الانفجار")).ok());
  Document c2 = Doc(2, "انفجار في الميناء", "تفاصيل الانفجار", "BBC Arabic");
  c2.copy_of = 1;
  Document c3 = c2;
  c3.seq = 3;
  ASSERT_TRUE(ix->Add(c2).ok());
  ASSERT_TRUE(ix->Add(c3).ok());
  ASSERT_TRUE(ix->Commit(3).ok());
  auto r = ix->searcher()->Search("انفجار", SearchOptions{});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].seq, 1u);
  EXPECT_EQ(r->hits[0].copies, 2u);
  EXPECT_EQ(r->total, 1);
  SearchOptions all;
  all.collapse_copies = false;
  EXPECT_EQ(ix->searcher()->Search("انفجار", all)->total, 3);
  // With the original deleted, the copies stand on their own.
  ASSERT_TRUE(ix->Delete(1).ok());
  ASSERT_TRUE(ix->Commit(3).ok());
  EXPECT_EQ(ix->searcher()->Search("انفجار", SearchOptions{})->total, 2);
}

TEST_F(IndexTest, ExactFormsTitleFieldAndAuthor) {
  auto ix = Open();
  ASSERT_TRUE(ix->Add(Doc(1, "بيان", "قالت والحكومة")).ok());
  ASSERT_TRUE(ix->Add(Doc(2, "الحكومة", "نص")).ok());
  ASSERT_TRUE(ix->Add(Doc(3, "بيان", "حكومة حكومة والحكومة")).ok());  // mixed bare and prefixed forms
  Document a = Doc(4, "تقرير", "نص");
  a.author = "أحمد الريدي";
  ASSERT_TRUE(ix->Add(a).ok());
  ASSERT_TRUE(ix->Commit(4).ok());
  auto sorted = [](std::vector<uint32_t> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(sorted(Find(*ix, "حكومة")), (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_EQ(sorted(Find(*ix, "=والحكومة")), (std::vector<uint32_t>{1, 3}));
  EXPECT_EQ(sorted(Find(*ix, "=حكومة")), (std::vector<uint32_t>{3}));
  EXPECT_EQ(sorted(Find(*ix, "=الحكومة")), (std::vector<uint32_t>{2}));
  EXPECT_EQ(Find(*ix, "title:حكومة"), (std::vector<uint32_t>{2}));
  EXPECT_EQ(Find(*ix, "author:أحمد"), (std::vector<uint32_t>{4}));
  EXPECT_TRUE(Find(*ix, "author:حكومة").empty());
}

// Exact forms live beside their term's positions: segments cut every two
// documents, a deletion and a merge must keep =word answering exactly.
TEST_F(IndexTest, ExactFormsSurviveMergesAndDeletions) {
  opt_.flush_docs = 2;
  auto sorted = [](std::vector<uint32_t> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  {
    auto ix = Open();
    ASSERT_TRUE(ix->Add(Doc(1, "بيان", "قالت والحكومة")).ok());
    ASSERT_TRUE(ix->Add(Doc(2, "الحكومة", "نص")).ok());
    ASSERT_TRUE(ix->Add(Doc(3, "بيان", "حكومة حكومة والحكومة")).ok());
    ASSERT_TRUE(ix->Add(Doc(4, "للحكومة", "والحكومة تقول")).ok());
    ASSERT_TRUE(ix->Add(Doc(5, "خبر", "حكومة جديدة")).ok());
    ASSERT_TRUE(ix->Commit(5).ok());
    EXPECT_EQ(ix->searcher()->num_segments(), 3u);
    EXPECT_EQ(sorted(Find(*ix, "=والحكومة")), (std::vector<uint32_t>{1, 3, 4}));
    EXPECT_EQ(sorted(Find(*ix, "=حكومة")), (std::vector<uint32_t>{3, 5}));
    EXPECT_EQ(Find(*ix, "=للحكومة"), (std::vector<uint32_t>{4}));
    EXPECT_TRUE(Find(*ix, "=وللحكومة").empty());
    ASSERT_TRUE(ix->Delete(3).ok());
    ASSERT_TRUE(ix->Commit(5).ok());
    ASSERT_TRUE(ix->Merge(1).ok());
    EXPECT_EQ(ix->searcher()->num_segments(), 1u);
    EXPECT_EQ(sorted(Find(*ix, "=والحكومة")), (std::vector<uint32_t>{1, 4}));
    EXPECT_EQ(Find(*ix, "=حكومة"), (std::vector<uint32_t>{5}));
    EXPECT_EQ(Find(*ix, "=الحكومة"), (std::vector<uint32_t>{2}));
    EXPECT_EQ(sorted(Find(*ix, "حكومة")), (std::vector<uint32_t>{1, 2, 4, 5}));
    EXPECT_EQ(Find(*ix, "=والحكومة تقول"), (std::vector<uint32_t>{4}));
  }
  auto ix = Open();  // and after reopening the merged segment
  EXPECT_EQ(sorted(Find(*ix, "=والحكومة")), (std::vector<uint32_t>{1, 4}));
  EXPECT_EQ(Find(*ix, "=للحكومة"), (std::vector<uint32_t>{4}));
}

TEST_F(IndexTest, TitleMatchesOutrankBodyMatches) {
  auto ix = Open();
  ASSERT_TRUE(ix->Add(Doc(1, "أخبار", "ارتفاع أسعار النفط مع تراجع المخزون")).ok());
  ASSERT_TRUE(ix->Add(Doc(2, "النفط يرتفع", "ارتفاع الأسعار مع تراجع المخزون")).ok());
  ASSERT_TRUE(ix->Commit(2).ok());
  EXPECT_EQ(Find(*ix, "نفط"), (std::vector<uint32_t>{2, 1}));
}

TEST_F(IndexTest, MaxScorePrunesButReturnsTheExhaustiveTopK) {
  opt_.flush_docs = 700;
  auto ix = Open();
  std::mt19937 rng(9);
  const char* words[] = {"نفط", "غاز", "قطر", "مصر", "تونس", "سوريا", "غزة", "قمة", "رئيس", "برلمان"};
  std::vector<std::string> texts;
  for (uint32_t s = 1; s <= 3000; ++s) {
    std::string t, b;
    for (int i = 0; i < 2; ++i) t += std::string(words[rng() % 10]) + " ";
    size_t n = 5 + rng() % 80;
    for (size_t i = 0; i < n; ++i) b += std::string(words[static_cast<size_t>(std::pow((rng() % 1000) / 1000.0, 2) * 10)]) + " ";
    ASSERT_TRUE(ix->Add(Doc(s, t, b)).ok());
  }
  ASSERT_TRUE(ix->Commit(3000).ok());
  int pruned = 0;
  for (const char* q : {"نفط OR برلمان OR رئيس", "غزة OR قمة", "برلمان OR رئيس OR تونس OR مصر", "قمة"}) {
    SearchOptions fast;
    fast.exact_total = false;
    fast.limit = 5;
    SearchOptions full = fast;
    full.exact_total = true;
    auto a = ix->searcher()->Search(q, fast);
    auto b = ix->searcher()->Search(q, full);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(a->hits.size(), b->hits.size()) << q;
    for (size_t i = 0; i < a->hits.size(); ++i) {
      EXPECT_EQ(a->hits[i].seq, b->hits[i].seq) << q << " rank " << i;
      EXPECT_NEAR(a->hits[i].score, b->hits[i].score, 1e-9);
    }
    if (!a->total_exact) {
      ++pruned;
      EXPECT_LT(a->total, b->total);
    }
  }
  EXPECT_GT(pruned, 0) << "MaxScore never skipped a document: the test corpus is too easy";
}

TEST_F(IndexTest, RealAnalyzerMatchesEveryFormOfAWord) {
  std::shared_ptr<const text::Analyzer> light(text::MakeAnalyzer("light"));
  if (!light) GTEST_SKIP() << "SKIP: light analyzer not available";
  opt_.analyzer = light;
  auto ix = Open();
  ASSERT_TRUE(ix->Add(Doc(1, "اجتماع", "قررت والحكومة عقد جلسة")).ok());
  ASSERT_TRUE(ix->Add(Doc(2, "بيان للحكومة", "نص البيان")).ok());
  ASSERT_TRUE(ix->Add(Doc(3, "الحكومات العربية", "قمة")).ok());
  ASSERT_TRUE(ix->Add(Doc(4, "إسرائيل", "عام ٢٠٢٤")).ok());
  ASSERT_TRUE(ix->Add(Doc(5, "رياضة", "مباراة كرة القدم")).ok());
  ASSERT_TRUE(ix->Commit(5).ok());
  auto got = Find(*ix, "حكومة");
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_EQ(Find(*ix, "اسرائيل"), std::vector<uint32_t>{4});
  EXPECT_EQ(Find(*ix, "2024"), std::vector<uint32_t>{4});
  EXPECT_EQ(Find(*ix, "=والحكومة"), std::vector<uint32_t>{1});
}

}  // namespace
}  // namespace riwaya::index
