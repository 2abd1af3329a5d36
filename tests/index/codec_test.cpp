// Postings codec and segment files: round trips, and corrupt or truncated
// bytes rejected with a Status rather than trusted.
#include <gtest/gtest.h>

#include <random>

#include "index/document.h"
#include "index/postings.h"
#include "index/segment.h"

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

TEST(CodecTest, CorruptOrTruncatedSegmentsAreRejected) {
  SegmentBuilder b({"o"}, {"c"});
  DocColumns c;
  c.seq = 1;
  b.AddDoc(c);
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
