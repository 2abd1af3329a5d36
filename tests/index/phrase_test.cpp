// Phrase and proximity queries against a brute force over the token lists,
// on corpora shaped to take every path of the phrase iterator: the pair
// intersection of two plain members, rare against frequent (most of the
// frequent list's blocks skipped) and frequent against frequent (every block
// met), a third member aligned after it, the leapfrog of members that are
// not plain (exact-form views, title-only phrases), lists of many blocks
// (common documents at block edges), repeated words, stopword slots, phrases
// that would straddle the title/body boundary, and proximity. The exact
// search must find the brute force's documents; the pruned top-k (block
// bounds, then exact scores) must equal its first hits.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "index/index.h"
#include "index/query.h"
#include "index/test_analyzer.h"

namespace riwaya::index {
namespace {

using testing::TestAnalyzer;

// Words of the generated corpus: حكومة in nearly every document, رئيس and
// قمة in most; نادر (added below) in about one in ten.
std::string Word(std::mt19937& rng) {
  const int r = static_cast<int>(rng() % 100);
  if (r < 22) return rng() % 3 ? "حكومة" : "والحكومة";
  if (r < 36) return rng() % 4 ? "رئيس" : "الرئيس";
  if (r < 48) return "قمة";
  if (r < 55) return "في";  // a stopword: its position stays reserved
  static const char* const kOther[] = {"نفط", "سوريا", "اقتصاد", "برلمان", "مدرسة", "جامعة", "تونس", "غزة"};
  return kOther[rng() % 8];
}

std::string Text(std::mt19937& rng, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += (i ? " " : "") + Word(rng);
  return s;
}

// One member of a brute-force phrase: a term, or (exact form) a written form.
struct Member {
  std::string key;
  bool form = false;
  bool Is(const text::Token& t) const { return form ? t.form == key : t.term == key; }
};

struct BrutePhrase {
  std::vector<Member> members;
  std::vector<uint32_t> offsets;
  bool prox = false;
  uint32_t slop = 0;
  bool title_only = false;

  bool InField(const std::vector<text::Token>& toks) const {
    const uint32_t max_off = *std::max_element(offsets.begin(), offsets.end());
    auto member_at = [&](size_t m, uint32_t pos) {
      for (const auto& t : toks)
        if (t.position == pos && members[m].Is(t)) return true;
      return false;
    };
    for (const auto& t : toks) {
      if (!prox) {
        if (!members[0].Is(t) || t.position < offsets[0]) continue;
        const uint32_t start = t.position - offsets[0];
        bool ok = true;
        for (size_t m = 1; m < members.size() && ok; ++m) ok = member_at(m, start + offsets[m]);
        if (ok) return true;
        continue;
      }
      // Proximity: some window [p, p + max_off + slop] holds every member.
      bool ok = true;
      for (size_t m = 0; m < members.size() && ok; ++m) {
        ok = false;
        for (const auto& u : toks)
          if (u.position >= t.position && u.position <= t.position + max_off + slop && members[m].Is(u)) ok = true;
      }
      if (ok) return true;
    }
    return false;
  }
};

struct PDoc {
  uint32_t seq;
  std::string title, body;
  std::vector<text::Token> t, b;
};

class PhraseTest : public ::testing::TestWithParam<int> {};

TEST_P(PhraseTest, MatchesBruteForceOnEveryPath) {
  const int seed = GetParam();
  std::mt19937 rng(seed * 6151 + 3);
  auto dir = std::filesystem::temp_directory_path() /
             ("riwaya_phrase_" + std::to_string(::getpid()) + "_" + std::to_string(seed));
  std::filesystem::remove_all(dir);

  TestAnalyzer analyzer;
  std::vector<PDoc> docs;
  const size_t ndocs = 2600 + rng() % 400;  // frequent lists span many blocks
  for (size_t i = 0; i < ndocs; ++i) {
    PDoc d;
    d.seq = static_cast<uint32_t>(i + 1);
    d.title = Text(rng, 1 + rng() % 5);
    d.body = Text(rng, 2 + rng() % 30);
    switch (rng() % 32) {
      case 0: d.body += " نادر حكومة"; break;  // the rare phrase
      case 1: d.body = "نادر حكومة " + d.body; break;
      case 2:  // straddles the title/body boundary: no phrase
        d.title += " نادر";
        d.body = "حكومة " + d.body;
        break;
      case 3:
      case 4: d.body = "رئيس رئيس " + d.body; break;  // a repeated word
      case 5:
      case 6: d.body += " رئيس في حكومة"; break;  // a stopword's slot
      // The phrase at a frequent word's 8th (last compared at once) and 9th
      // (one too many: merged) position.
      case 7: d.body = "حكومة حكومة حكومة حكومة حكومة حكومة حكومة نادر حكومة"; break;
      case 8: d.body = "حكومة حكومة حكومة حكومة حكومة حكومة حكومة حكومة نادر حكومة"; break;
      default: break;
    }
    analyzer.Analyze(d.title, d.t, 0);
    analyzer.Analyze(d.body, d.b, 0);
    docs.push_back(std::move(d));
  }

  IndexOptions opt;
  opt.analyzer = std::make_shared<TestAnalyzer>();
  opt.flush_docs = seed % 2 ? 900 : 100000;  // odd seeds: several segments
  opt.merge_factor = 100;
  auto idx = Index::Open(dir.string(), opt);
  ASSERT_TRUE(idx.ok()) << idx.status().ToString();
  for (const auto& d : docs) {
    Document doc;
    doc.seq = d.seq;
    doc.title = d.title;
    doc.body = d.body;
    ASSERT_TRUE((*idx)->Add(doc).ok());
  }
  ASSERT_TRUE((*idx)->Commit(docs.size()).ok());
  auto searcher = (*idx)->searcher();
  EXPECT_EQ(searcher->num_segments() > 1, seed % 2 == 1);

  struct Case {
    std::string text;  // query language; empty: `node` built directly
    QueryNode node;
    BrutePhrase brute;
  };
  auto phrase = [](std::vector<Member> members, std::vector<uint32_t> offsets, bool prox = false, uint32_t slop = 0,
                   bool title_only = false) {
    return BrutePhrase{std::move(members), std::move(offsets), prox, slop, title_only};
  };
  const Member hukuma{"حكومة"}, rais{"رئيس"}, qimma{"قمة"}, nadir{"نادر"};
  std::vector<Case> cases = {
      {"\"نادر حكومة\"", {}, phrase({nadir, hukuma}, {0, 1})},             // rare against frequent
      {"\"حكومة نادر\"", {}, phrase({hukuma, nadir}, {0, 1})},
      {"\"رئيس حكومة\"", {}, phrase({rais, hukuma}, {0, 1})},             // two frequent lists
      {"\"قمة رئيس\"", {}, phrase({qimma, rais}, {0, 1})},
      {"\"رئيس رئيس\"", {}, phrase({rais, rais}, {0, 1})},               // the same list twice
      {"\"رئيس في حكومة\"", {}, phrase({rais, hukuma}, {0, 2})},          // a stopword's slot
      {"\"قمة رئيس حكومة\"", {}, phrase({qimma, rais, hukuma}, {0, 1, 2})},
      {"\"نادر حكومة\"~0", {}, phrase({nadir, hukuma}, {0, 1}, true, 0)},
      {"\"حكومة رئيس\"~3", {}, phrase({hukuma, rais}, {0, 1}, true, 3)},
      {"title:\"رئيس حكومة\"", {}, phrase({rais, hukuma}, {0, 1}, false, 0, true)},
      {"title:\"قمة حكومة\"~2", {}, phrase({qimma, hukuma}, {0, 1}, true, 2, true)},
  };
  // Exact forms inside a phrase (the query language has no syntax for it,
  // the evaluator does): views of a term's postings, filtered per occurrence.
  auto form_phrase = [&](std::vector<std::pair<std::string, bool>> keys) {
    Case c;
    c.node.kind = QueryNode::Kind::kPhrase;
    for (size_t i = 0; i < keys.size(); ++i) {
      c.node.terms.push_back(keys[i].second ? FormTerm(keys[i].first) : keys[i].first);
      c.node.offsets.push_back(static_cast<uint32_t>(i));
      c.brute.members.push_back({keys[i].first, keys[i].second});
      c.brute.offsets.push_back(static_cast<uint32_t>(i));
    }
    return c;
  };
  cases.push_back(form_phrase({{"والحكومة", true}, {"رئيس", false}}));
  cases.push_back(form_phrase({{"الرئيس", true}, {"حكومة", false}}));
  cases.push_back(form_phrase({{"نادر", false}, {"والحكومة", true}}));

  int nonempty = 0;
  for (const Case& c : cases) {
    Query q;
    if (!c.text.empty()) {
      Result<Query> parsed = searcher->Parse(c.text);
      ASSERT_TRUE(parsed.ok()) << c.text << ": " << parsed.status().ToString();
      q = *parsed;
      ASSERT_EQ(q.root.kind, QueryNode::Kind::kPhrase) << c.text;
    } else {
      q.root = c.node;
    }
    SCOPED_TRACE("seed " + std::to_string(seed) + " query " + (c.text.empty() ? c.node.terms[0] + " ..." : c.text));
    std::set<uint32_t> want;
    for (const auto& d : docs)
      if (c.brute.InField(d.t) || (!c.brute.title_only && c.brute.InField(d.b))) want.insert(d.seq);
    if (!want.empty()) ++nonempty;

    SearchOptions all;
    all.limit = docs.size();
    all.exact_total = true;
    auto full = searcher->Search(q, all);
    ASSERT_TRUE(full.ok()) << full.status().ToString();
    std::set<uint32_t> got;
    for (const Hit& h : full->hits) got.insert(h.seq);
    EXPECT_EQ(got, want);
    EXPECT_EQ(full->total, static_cast<int64_t>(want.size()));

    // Pruned top-k (skip-entry bounds, exact scores, then positions): the
    // exact search's first hits, in order.
    for (size_t limit : {size_t(1), size_t(3), size_t(10)}) {
      SearchOptions top;
      top.limit = limit;
      top.exact_total = false;
      auto res = searcher->Search(q, top);
      ASSERT_TRUE(res.ok()) << res.status().ToString();
      ASSERT_EQ(res->hits.size(), std::min(limit, full->hits.size())) << "limit " << limit;
      for (size_t i = 0; i < res->hits.size(); ++i) {
        EXPECT_EQ(res->hits[i].seq, full->hits[i].seq) << "limit " << limit << " rank " << i;
        EXPECT_DOUBLE_EQ(res->hits[i].score, full->hits[i].score) << "limit " << limit << " rank " << i;
      }
    }
  }
  EXPECT_GE(nonempty, static_cast<int>(cases.size()) - 2) << "the corpus should hold nearly every phrase";
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Seeds, PhraseTest, ::testing::Range(1, 5));

}  // namespace
}  // namespace riwaya::index
