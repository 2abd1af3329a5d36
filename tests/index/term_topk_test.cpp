// A one-word query's top-k visits the word's blocks best bound first and
// stops at the first block that cannot reach the k-th score: the results must
// be the exhaustive walk's (same documents, same scores, ties to the lower
// seq), wherever the best documents, ties and deletions fall, in one segment
// or several.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "index/index.h"
#include "index/test_analyzer.h"

namespace riwaya::index {
namespace {

constexpr uint32_t kDocs = 3000;
constexpr char kWord[] = "انتخابات";

// Most documents hold the word once in a long body (every 11th in its title
// too); every 97th and 98th twice in a short one, and the last 100 three
// times in a short one: the ten best are in the list's last blocks and tie
// (they go to the lower seqs), and every other block has a lower bound.
std::string Body(uint32_t seq, bool* strong) {
  *strong = seq % 97 == 0 || seq % 97 == 1 || seq > kDocs - 100;
  if (seq > kDocs - 100) return std::string(kWord) + " نتائج " + kWord + " فرز " + kWord;
  if (*strong) return std::string(kWord) + " نتائج " + kWord + " فرز";
  std::string b = std::string("جلسة ") + kWord;
  for (uint32_t i = 0; i < 20 + seq % 37; ++i) b += " تقرير";
  return b;
}

class TermTopKTest : public ::testing::TestWithParam<size_t> {  // documents per segment
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("riwaya_term_topk_" + std::to_string(::getpid()) + "_" + std::to_string(GetParam()));
    std::filesystem::remove_all(dir_);
    IndexOptions opt;
    opt.analyzer = std::make_shared<testing::TestAnalyzer>();
    opt.flush_docs = GetParam();
    opt.merge_factor = 100;  // keep the segments apart
    auto idx = Index::Open(dir_.string(), opt);
    ASSERT_TRUE(idx.ok()) << idx.status().ToString();
    idx_ = std::move(*idx);
    for (uint32_t seq = 1; seq <= kDocs; ++seq) {
      bool strong = false;
      const std::string body = Body(seq, &strong);
      const std::string title = seq % 11 == 0 && !strong ? std::string(kWord) + " اليوم" : "أخبار";
      Document d;  // views: the strings above outlive Add
      d.seq = seq;
      d.body = body;
      d.title = title;
      ASSERT_TRUE(idx_->Add(d).ok());
    }
    // Deleted: some of the best documents, one of each tied pair among them.
    for (uint32_t seq = kDocs - 40; seq <= kDocs; seq += 3) ASSERT_TRUE(idx_->Delete(seq).ok());
    ASSERT_TRUE(idx_->Delete(97 * 5).ok());
    ASSERT_TRUE(idx_->Commit(kDocs).ok());
  }
  void TearDown() override {
    idx_.reset();
    std::filesystem::remove_all(dir_);
  }
  Result<SearchResults> Search(const std::string& q, size_t limit, bool exact) {
    SearchOptions o;
    o.limit = limit;
    o.exact_total = exact;
    return idx_->searcher()->Search(q, o);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Index> idx_;
};

TEST_P(TermTopKTest, BestBlocksFirstEqualsExhaustiveWalk) {
  for (const std::string& q : {std::string(kWord), std::string("title:") + kWord}) {
    for (size_t limit : {size_t(1), size_t(2), size_t(10), size_t(57), size_t(300), size_t(kDocs)}) {
      SCOPED_TRACE(q + " limit " + std::to_string(limit));
      auto all = Search(q, limit, true);
      auto top = Search(q, limit, false);
      ASSERT_TRUE(all.ok() && top.ok());
      ASSERT_EQ(top->hits.size(), all->hits.size());
      for (size_t i = 0; i < all->hits.size(); ++i) {
        EXPECT_EQ(top->hits[i].seq, all->hits[i].seq) << "rank " << i;
        EXPECT_EQ(top->hits[i].score, all->hits[i].score) << "rank " << i;
      }
      for (size_t i = 1; i < all->hits.size(); ++i) {
        const Hit &a = all->hits[i - 1], &b = all->hits[i];
        EXPECT_TRUE(a.score > b.score || (a.score == b.score && a.seq < b.seq)) << "rank " << i;
      }
      EXPECT_LE(top->total, all->total);
    }
  }
  // The top ten are all in the last blocks: in one segment only those are
  // scored (a walk in docid order scores most of the list before they raise
  // the threshold past the other blocks' bounds).
  auto top = Search(kWord, 10, false);
  auto all = Search(kWord, 10, true);
  ASSERT_TRUE(top.ok() && all.ok());
  EXPECT_FALSE(top->total_exact);
  EXPECT_EQ(all->total, kDocs - 15);
  if (GetParam() >= kDocs) {
    EXPECT_LE(top->total, 3 * 128);
  }
}

INSTANTIATE_TEST_SUITE_P(Segments, TermTopKTest, ::testing::Values(size_t(kDocs), size_t(700)));

}  // namespace
}  // namespace riwaya::index
