// AND evaluation over lists of very different lengths (the two rarest plain
// lists are intersected a pair of blocks at a time, by a scan or, where one
// is far sparser, a search by group ends; a third list, a title: term, a
// negation or a filter joins through the cursors): every match must be found,
// exactly once, whatever the ratio of the lists and wherever their blocks
// start and end. Checked against a set intersection over the input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "index/index.h"
#include "index/test_analyzer.h"

namespace riwaya::index {
namespace {

struct Word {
  const char* text;
  uint32_t one_in;  // a document holds the word with probability 1/one_in
};
// From every document down to a handful: pairs cover ratios 1:1 .. 1:1000.
const Word kWords[] = {{"سلام", 1}, {"حرب", 2}, {"نفط", 7}, {"قمة", 40}, {"زلزال", 900}};
constexpr size_t kNumWords = sizeof(kWords) / sizeof(kWords[0]);

class AndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("riwaya_and_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::mt19937 rng(17);
    IndexOptions opt;
    opt.analyzer = std::make_shared<testing::TestAnalyzer>();
    auto idx = Index::Open(dir_.string(), opt);
    ASSERT_TRUE(idx.ok()) << idx.status().ToString();
    idx_ = std::move(*idx);
    for (uint32_t seq = 1; seq <= kDocs; ++seq) {
      std::string title, body = "خبر";
      std::vector<bool> has(kNumWords), in_title(kNumWords);
      for (size_t w = 0; w < kNumWords; ++w) {
        has[w] = rng() % kWords[w].one_in == 0;
        if (!has[w]) continue;
        in_title[w] = rng() % 3 == 0;
        (in_title[w] ? title : body) += std::string(" ") + kWords[w].text;
      }
      Document d;
      d.seq = seq;
      d.title = title;
      d.body = body;
      d.outlet = seq % 2 ? "الشرق" : "الغرب";
      ASSERT_TRUE(idx_->Add(d).ok());
      has_.push_back(has);
      in_title_.push_back(in_title);
    }
    ASSERT_TRUE(idx_->Commit(kDocs).ok());
  }
  void TearDown() override {
    idx_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Every match of `query` (seqs), with exact totals.
  std::set<uint32_t> Matches(const std::string& query, int64_t* total) {
    SearchOptions o;
    o.limit = kDocs;
    auto r = idx_->searcher()->Search(query, o);
    EXPECT_TRUE(r.ok()) << query << ": " << r.status().ToString();
    std::set<uint32_t> out;
    if (!r.ok()) return out;
    for (const Hit& h : r->hits) EXPECT_TRUE(out.insert(h.seq).second) << query << ": seq " << h.seq << " twice";
    *total = r->total;
    return out;
  }

  static constexpr uint32_t kDocs = 6000;
  std::filesystem::path dir_;
  std::unique_ptr<Index> idx_;
  std::vector<std::vector<bool>> has_, in_title_;  // [seq - 1][word]
};

TEST_F(AndTest, EveryPairAndTripleFindsExactlyTheIntersection) {
  std::vector<std::vector<size_t>> sets;
  for (size_t a = 0; a < kNumWords; ++a)
    for (size_t b = a + 1; b < kNumWords; ++b) {
      sets.push_back({a, b});
      for (size_t c = b + 1; c < kNumWords; ++c) sets.push_back({a, b, c});
    }
  for (const auto& words : sets) {
    std::string q;
    for (size_t w : words) q += std::string(q.empty() ? "" : " ") + kWords[w].text;
    std::set<uint32_t> want;
    for (uint32_t s = 1; s <= kDocs; ++s)
      if (std::all_of(words.begin(), words.end(), [&](size_t w) { return has_[s - 1][w]; })) want.insert(s);
    int64_t total = -1;
    EXPECT_EQ(Matches(q, &total), want) << q;
    EXPECT_EQ(total, static_cast<int64_t>(want.size())) << q;
  }
}

// A title: term (its list holds postings it must skip), a negation and a
// filter next to the merged pair.
TEST_F(AndTest, TitleTermsNegationsAndFiltersJoinTheMergedPair) {
  for (size_t a = 0; a < kNumWords; ++a)
    for (size_t b = 0; b < kNumWords; ++b) {
      if (a == b) continue;
      for (size_t c = 0; c < kNumWords; ++c) {
        if (c == a || c == b) continue;
        const std::string wa = kWords[a].text, wb = kWords[b].text, wc = kWords[c].text;
        std::set<uint32_t> title, negated, filtered;
        for (uint32_t s = 1; s <= kDocs; ++s) {
          const auto& h = has_[s - 1];
          if (!h[a] || !h[b]) continue;
          if (h[c] && in_title_[s - 1][c]) title.insert(s);
          if (!h[c]) negated.insert(s);
          if (s % 2 == 1) filtered.insert(s);
        }
        int64_t total = -1;
        EXPECT_EQ(Matches(wa + " " + wb + " title:" + wc, &total), title) << wa << " " << wb << " title:" << wc;
        EXPECT_EQ(total, static_cast<int64_t>(title.size()));
        EXPECT_EQ(Matches(wa + " " + wb + " -" + wc, &total), negated) << wa << " " << wb << " -" << wc;
        EXPECT_EQ(total, static_cast<int64_t>(negated.size()));
        EXPECT_EQ(Matches(wa + " " + wb + " outlet:الشرق", &total), filtered) << wa << " " << wb;
        EXPECT_EQ(total, static_cast<int64_t>(filtered.size()));
      }
    }
}

// Relevance order without exact totals (the benchmark's setting) keeps the
// same top hits as the exhaustive run.
TEST_F(AndTest, PrunedTopTenEqualsExhaustiveTopTen) {
  for (size_t a = 0; a < kNumWords; ++a)
    for (size_t b = a + 1; b < kNumWords; ++b) {
      const std::string q = std::string(kWords[a].text) + " " + kWords[b].text;
      SearchOptions exact, pruned;
      exact.limit = pruned.limit = 10;
      pruned.exact_total = false;
      auto x = idx_->searcher()->Search(q, exact);
      auto y = idx_->searcher()->Search(q, pruned);
      ASSERT_TRUE(x.ok() && y.ok()) << q;
      ASSERT_EQ(x->hits.size(), y->hits.size()) << q;
      for (size_t i = 0; i < x->hits.size(); ++i) {
        EXPECT_EQ(x->hits[i].seq, y->hits[i].seq) << q << " rank " << i;
        EXPECT_DOUBLE_EQ(x->hits[i].score, y->hits[i].score) << q << " rank " << i;
      }
    }
}

}  // namespace
}  // namespace riwaya::index
