// Postings codec and segment files: round trips, and corrupt or truncated
// bytes rejected with a Status rather than trusted.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <random>

#include "index/document.h"
#include "index/postings.h"
#include "index/segment.h"
#include "index/postings_fixtures.h"

namespace riwaya::index {
namespace {

TEST(CodecTest, VarintRoundTripAndTruncation) {
  std::string s;
  for (uint64_t v : {0ull, 1ull, 127ull, 128ull, 300ull, 1ull << 40, ~0ull}) PutVarint(s, v);
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
  const uint8_t* end = p + s.size();
  for (uint64_t want : {0ull, 1ull, 127ull, 128ull, 300ull, 1ull << 40, ~0ull}) {
    uint64_t v = 0;
    ASSERT_TRUE(GetVarint(p, end, v));
    EXPECT_EQ(v, want);
  }
  std::string cut = "\xff\xff";
  const uint8_t* q = reinterpret_cast<const uint8_t*>(cut.data());
  uint64_t v = 0;
  EXPECT_FALSE(GetVarint(q, q + cut.size(), v));
}

// Builds a one-term segment from random postings and reads it back.
TEST(CodecTest, SegmentRoundTripManyBlocks) {
  std::mt19937 rng(5);
  const uint32_t ndocs = 1000;
  SegmentBuilder b({"o"}, {"c"});
  for (uint32_t d = 0; d < ndocs; ++d) {
    DocColumns c;
    c.seq = d + 1;
    c.len_title = 3;
    c.len_body = 50 + d % 7;
    b.AddDoc(c);
  }
  PostingList pl;
  for (uint32_t d = 0; d < ndocs; ++d) {
    if (rng() % 3) continue;
    uint32_t tt = rng() % 3, tb = 1 + rng() % 5;
    pl.docs.push_back(d);
    pl.tf_title.push_back(tt);
    pl.tf_body.push_back(tb);
    pl.nonbare.push_back(rng() % 2);
    uint32_t p = 0;
    for (uint32_t i = 0; i < tt; ++i) pl.positions.push_back(p += 1 + rng() % 3);
    p = kBodyBase;
    for (uint32_t i = 0; i < tb; ++i) pl.positions.push_back(p += 1 + rng() % 300);
  }
  b.AddTerm("نفط", pl);
  auto r = SegmentReader::FromBytes(b.Finish(), "mem");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  TermInfo info;
  ASSERT_TRUE((*r)->Find("نفط", info));
  EXPECT_FALSE((*r)->Find("غاز", info) && info.df == 0);
  ASSERT_TRUE((*r)->Find("نفط", info));
  EXPECT_EQ(info.df, pl.docs.size());
  EXPECT_GT(info.num_blocks(), 2u);
  PostingCursor c;
  c.Init(info, ndocs);
  size_t k = 0, pos = 0;
  for (; c.doc() != kEndDoc; c.Next(), ++k) {
    ASSERT_LT(k, pl.docs.size());
    EXPECT_EQ(c.doc(), pl.docs[k]);
    EXPECT_EQ(c.tf_title(), pl.tf_title[k]);
    EXPECT_EQ(c.tf_body(), pl.tf_body[k]);
    EXPECT_EQ(c.nonbare(), pl.nonbare[k] != 0);
    uint32_t n = 0;
    const uint32_t* p = c.positions(n);
    ASSERT_EQ(n, pl.tf_title[k] + pl.tf_body[k]);
    for (uint32_t i = 0; i < n; ++i) EXPECT_EQ(p[i], pl.positions[pos + i]);
    pos += n;
  }
  EXPECT_EQ(k, pl.docs.size());
  EXPECT_FALSE(c.corrupt());
  // SkipTo lands on the first doc >= target.
  c.Init(info, ndocs);
  for (uint32_t target : {0u, 5u, 333u, 334u, 998u}) {
    c.SkipTo(target);
    auto it = std::lower_bound(pl.docs.begin(), pl.docs.end(), target);
    EXPECT_EQ(c.doc(), it == pl.docs.end() ? kEndDoc : *it);
  }
}

// Exact forms are views of their term's postings: Find(kFormPrefix + form)
// walks the term's list and keeps the postings (and positions) written that
// way, with their own frequencies; a form written under two terms gets
// postings of its own. Checked against a brute-force count over the input.
TEST(CodecTest, ExactFormViewsMatchABruteForceCount) {
  std::mt19937 rng(11);
  const uint32_t ndocs = 700;
  SegmentBuilder b = BuilderWithDocs(ndocs, 4, 40);
  // Form ids: 0 وبيان 1 البيان 2 لبيان 3 بيانات (also written under the second term).
  const std::vector<std::string> names = {"وبيان", "البيان", "لبيان", "بيانات"};
  struct Want {  // by document
    std::map<uint32_t, uint32_t> tt, tb;
    std::map<uint32_t, std::vector<uint32_t>> pos;
  };
  std::vector<Want> want(names.size() + 1);  // last: the bare form (mixed documents only)
  PostingList lists[2];
  for (int term = 0; term < 2; ++term) {
    PostingList& pl = lists[term];
    for (uint32_t d = 0; d < ndocs; ++d) {
      if (rng() % 3 == 0) continue;
      const uint32_t tt = rng() % 2, tb = 1 + rng() % 4;
      const bool nonbare = rng() % 4 != 0;
      pl.docs.push_back(d);
      pl.tf_title.push_back(tt);
      pl.tf_body.push_back(tb);
      pl.nonbare.push_back(nonbare);
      uint32_t p = 0;
      std::vector<std::array<uint32_t, 3>> counts(want.size(), {0, 0, 0});
      std::vector<std::vector<uint32_t>> where(want.size());
      bool any_form = false;
      for (uint32_t k = 0; k < tt + tb; ++k) {
        if (k == tt) p = kBodyBase;
        p += 1 + rng() % 9;
        pl.positions.push_back(p);
        uint32_t f = kBareForm;
        if (nonbare && (rng() % 3 != 0 || (!any_form && k + 1 == tt + tb))) {
          f = term == 0 ? rng() % 4 : 3;
          any_form = true;
        }
        pl.forms.push_back(f);
        if (f == kBareForm && term == 1) continue;  // the second term's bare form: not checked here
        const size_t w = f == kBareForm ? names.size() : f;
        ++counts[w][k < tt ? 0 : 1];
        where[w].push_back(p);
      }
      if (!nonbare) continue;  // all bare: served by the term's own postings
      for (size_t w = 0; w < want.size(); ++w) {
        if (counts[w][0] + counts[w][1] == 0) continue;
        Want& x = want[w];
        x.tt[d] += counts[w][0];  // the shared form adds up over both terms
        x.tb[d] += counts[w][1];
        x.pos[d].insert(x.pos[d].end(), where[w].begin(), where[w].end());
      }
    }
  }
  b.AddTerm("بيان", lists[0], &names);
  b.AddTerm("بينة", lists[1], &names);
  auto r = SegmentReader::FromBytes(b.Finish(), "mem");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  for (size_t w = 0; w < want.size(); ++w) {
    const std::string form = w < names.size() ? names[w] : "بيان";
    std::vector<uint32_t> docs;
    for (auto& [d, n] : want[w].pos) docs.push_back(d);
    TermInfo info;
    ASSERT_TRUE((*r)->Find(std::string(1, kFormPrefix) + form, info)) << form;
    EXPECT_EQ(info.df, docs.size()) << form;
    EXPECT_EQ(info.variant == kNoVariant, w == 3) << form;  // only the shared form has postings of its own
    PostingCursor c;
    c.Init(info, ndocs);
    size_t k = 0;
    for (; c.doc() != kEndDoc; c.Next(), ++k) {
      ASSERT_LT(k, docs.size()) << form;
      const uint32_t d = docs[k];
      EXPECT_EQ(c.doc(), d) << form;
      EXPECT_EQ(c.tf_title(), want[w].tt[d]) << form;
      EXPECT_EQ(c.tf_body(), want[w].tb[d]) << form;
      if (w != 3) {
        uint32_t n = 0;
        const uint32_t* p = c.positions(n);
        ASSERT_EQ(n, want[w].pos[d].size());
        for (uint32_t i = 0; i < n; ++i) EXPECT_EQ(p[i], want[w].pos[d][i]);
      }
    }
    EXPECT_EQ(k, docs.size()) << form;
    EXPECT_FALSE(c.corrupt());
    // SkipTo on a view lands on the first document holding the form.
    c.Init(info, ndocs);
    c.SkipTo(350);
    auto it = std::lower_bound(docs.begin(), docs.end(), 350u);
    EXPECT_EQ(c.doc(), it == docs.end() ? kEndDoc : *it) << form;
  }
  TermInfo info;
  EXPECT_FALSE((*r)->Find(std::string(1, kFormPrefix) + "بيانكم", info));
  // Merging needs every (form, term, variant): the shared form is listed under both terms.
  size_t pairs = 0, shared = 0;
  ASSERT_TRUE((*r)->ForEachForm([&](std::string_view f, uint32_t, uint32_t) {
    ++pairs;
    shared += f == "بيانات";
  }));
  EXPECT_EQ(shared, 2u);
  // 4 forms + the bare one under the first term; بيانات + the bare بينة under the second.
  EXPECT_EQ(pairs, 7u);
}

// Columns are stored as varint deltas: seqs that fall, missing dates and
// extreme values must come back exactly.
TEST(CodecTest, ColumnsRoundTrip) {
  SegmentBuilder b({"o", "p"}, {"c"});
  std::vector<DocColumns> in(5);
  in[0] = {900, 3, 120, 1, 0, 1700000000, 7, 0};
  in[1] = {12, 0, 0, 0, 0, kNoDate, 0, 900};
  in[2] = {4000000000u, 65536, 4000000, 1, 0, -86400 * 365, 0xffffffffu, 12};
  in[3] = {13, 1, 1, 0, 0, std::numeric_limits<int64_t>::max(), 1, 0};
  in[4] = {14, 2, 2, 0, 0, kNoDate, 2, 13};
  for (auto& c : in) b.AddDoc(c);
  auto r = SegmentReader::FromBytes(b.Finish(), "mem");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ((*r)->num_docs(), in.size());
  for (uint32_t i = 0; i < in.size(); ++i) {
    const DocColumns& d = (*r)->doc(i);
    EXPECT_EQ(d.seq, in[i].seq);
    EXPECT_EQ(d.len_title, in[i].len_title);
    EXPECT_EQ(d.len_body, in[i].len_body);
    EXPECT_EQ(d.outlet, in[i].outlet);
    EXPECT_EQ(d.category, in[i].category);
    EXPECT_EQ(d.date, in[i].date) << i;
    EXPECT_EQ(d.story, in[i].story);
    EXPECT_EQ(d.copy_of, in[i].copy_of);
  }
  EXPECT_EQ((*r)->Local(4000000000u), 2);
  EXPECT_EQ((*r)->Local(15), -1);
}

TEST(CodecTest, CorruptOrTruncatedSegmentsAreRejected) {
  SegmentBuilder b = BuilderWithDocs(1);
  PostingList pl;
  pl.docs = {0};
  pl.tf_title = {0};
  pl.tf_body = {1};
  pl.positions = {kBodyBase};
  b.AddTerm("x", pl);
  std::string bytes = b.Finish();
  ASSERT_TRUE(SegmentReader::FromBytes(bytes, "ok").ok());
  for (size_t at : {size_t(0), size_t(20), bytes.size() / 2, bytes.size() - 70}) {
    std::string bad = bytes;
    bad[at] = static_cast<char>(bad[at] ^ 0x41);
    auto r = SegmentReader::FromBytes(bad, "flipped");
    EXPECT_FALSE(r.ok()) << "flip at " << at;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Status::Code::kCorrupt);
    }
  }
  for (size_t len : {size_t(0), size_t(10), bytes.size() - 1}) {
    auto r = SegmentReader::FromBytes(bytes.substr(0, len), "truncated");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Status::Code::kCorrupt);
    EXPECT_NE(r.status().message().find("truncated"), std::string::npos);
  }
  // Garbage postings behind a valid header are caught by the cursor, not trusted.
  TermInfo t;
  std::string junk(64, '\xff');
  t.df = 200;
  t.postings = reinterpret_cast<const uint8_t*>(junk.data());
  t.postings_end = t.postings + 16;
  PostingCursor cur;
  cur.Init(t, 1000);
  for (int i = 0; i < 300 && cur.doc() != kEndDoc; ++i) cur.Next();
  EXPECT_TRUE(cur.corrupt());
}

}  // namespace
}  // namespace riwaya::index
