// The merge's bulk paths: the encoders write exactly the layout codec.h
// describes (checked against a plain bit-by-bit writer: segments built before
// and after any speed-up must be byte-identical), a block's positions decoded
// at once equal the per-posting reader's, and BlockWalker reads a term's list
// exactly as PostingCursor does, refusing damaged bytes without reading out
// of bounds (run under ASan).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "index/codec.h"
#include "index/document.h"
#include "index/postings.h"
#include "index/segment.h"
#include "index/postings_fixtures.h"

namespace riwaya::index {
namespace {

uint32_t Width(uint32_t v) {
  uint32_t w = 0;
  while (w < 32 && (v >> w) != 0) ++w;
  return w;
}

// codec.h: [k1:5][k2:5 if any gap], then every posting's low bits (its
// lead's k1, its gaps' k2 each), then every value's high part in unary
// (v >> k zeros, then a one); k per stream the cheapest (smallest on a tie),
// its cost summed value by value.
std::string RefPositions(const std::vector<uint32_t>& pos, const std::vector<uint32_t>& tt,
                         const std::vector<uint32_t>& tb) {
  std::vector<uint32_t> leads, rests;
  std::vector<std::vector<uint32_t>> per;
  size_t k = 0;
  for (size_t i = 0; i < tt.size(); ++i) {
    per.emplace_back();
    for (uint32_t j = 0; j < tt[i] + tb[i]; ++j, ++k) {
      const uint32_t base = j == 0 ? (tt[i] > 0 ? 0 : kBodyBase) : (j == tt[i] ? kBodyBase : pos[k - 1]);
      per.back().push_back(pos[k] - base);
      (j == 0 ? leads : rests).push_back(per.back().back());
    }
  }
  auto best = [](const std::vector<uint32_t>& v) {
    uint32_t best_k = 0;
    uint64_t best_cost = UINT64_MAX;
    for (uint32_t r = 0; r < 32; ++r) {
      uint64_t cost = 0;
      for (uint32_t x : v) cost += r + 1 + (x >> r);
      if (cost < best_cost) {
        best_cost = cost;
        best_k = r;
      }
    }
    return best_k;
  };
  const uint32_t k1 = best(leads), k2 = rests.empty() ? 0 : best(rests);
  RefBits bits;
  bits.Put(k1, 5);
  if (!rests.empty()) bits.Put(k2, 5);
  for (const auto& p : per)
    for (size_t j = 0; j < p.size(); ++j) bits.Put(p[j], j == 0 ? k1 : k2);
  for (const auto& p : per)
    for (size_t j = 0; j < p.size(); ++j) bits.Unary(p[j] >> (j == 0 ? k1 : k2));
  return bits.out;
}

// Elias gamma of the remapped id (1 > 2 > 3 > 0 > 4 > ...): L zeros, a one, the low L bits.
std::string RefVariantIds(const std::vector<uint32_t>& ids) {
  RefBits bits;
  for (uint32_t v : ids) {
    const uint32_t x = (v == 0 ? 3 : (v <= 3 ? v - 1 : v)) + 1;
    const uint32_t l = Width(x) - 1;
    bits.Put(0, l);
    bits.Put(1, 1);
    bits.Put(x & ((1u << l) - 1), l);
  }
  return bits.out;
}

struct Block {
  std::vector<uint32_t> tt, tb, pos;
  uint32_t n() const { return static_cast<uint32_t>(tt.size()); }
};

Block RandomBlock(std::mt19937& rng, uint32_t n, uint32_t max_gap) {
  Block b;
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t nt = rng() % 4 == 0 ? 1 + rng() % 3 : 0;
    const uint32_t nb = nt > 0 && rng() % 2 ? 0 : 1 + (rng() % 3 == 0 ? rng() % 40 : 0);
    uint32_t p = rng() % 3 == 0 ? 0 : rng() % max_gap;
    for (uint32_t k = 0; k < nt; ++k) b.pos.push_back(p += (k == 0 ? 0 : 1) + rng() % 20);
    p = rng() % max_gap;
    for (uint32_t k = 0; k < nb; ++k) b.pos.push_back(kBodyBase + (p += (k == 0 ? 0 : 1) + rng() % max_gap));
    b.tt.push_back(nt);
    b.tb.push_back(nb);
  }
  return b;
}

TEST(MergeCodecTest, EncodersWriteTheDocumentedLayout) {
  std::mt19937 rng(41);
  for (uint32_t n : {1u, 2u, 7u, 8u, 9u, 63u, 127u, kBlockSize})
    for (uint32_t max_gap : {1u, 2u, 300u, 70000u, 1u << 23}) {
      const Block b = RandomBlock(rng, n, max_gap);
      std::string enc = "prefix";  // the encoders append
      EncodePositionBlock(b.pos.data(), b.tt.data(), b.tb.data(), b.n(), enc);
      EXPECT_EQ(enc, "prefix" + RefPositions(b.pos, b.tt, b.tb)) << n << " " << max_gap;
    }
  // Widths 0 and 32, and every width in between, for the packed streams:
  // [w] then the values in w bits each.
  for (uint32_t w = 0; w <= 32; ++w)
    for (uint32_t n : {1u, 5u, 8u, 31u, kBlockSize}) {
      std::vector<uint32_t> v(n);
      for (auto& x : v) x = w == 0 ? 0 : static_cast<uint32_t>(rng()) >> (32 - w);
      v[0] = w == 0 ? 0 : (w == 32 ? 0xffffffffu : (1u << w) - 1);  // the width is the largest value's
      std::string enc = "x";
      PackValues(v.data(), n, enc);
      RefBits bits;
      for (uint32_t x : v) bits.Put(x, w);
      EXPECT_EQ(enc, "x" + std::string(1, static_cast<char>(w)) + bits.out) << w << " " << n;
    }
  std::vector<uint32_t> ids = {0, 1, 2, 3, 4, 5, 15, 16, 255, 1 << 20, 1, 0};
  for (int i = 0; i < 300; ++i) ids.push_back(rng() % 4 == 0 ? rng() % 5000 : rng() % 4);
  std::string enc = "ids";
  EncodeVariantIds(ids.data(), ids.size(), enc);
  EXPECT_EQ(enc, "ids" + RefVariantIds(ids));
  enc.clear();
  EncodeVariantIds(ids.data(), 0, enc);
  EXPECT_TRUE(enc.empty());
}

TEST(MergeCodecTest, DecodeAllEqualsPerPostingDecode) {
  std::mt19937 rng(5);
  for (uint32_t n : {1u, 3u, 64u, kBlockSize})
    for (uint32_t max_gap : {1u, 90u, 70000u}) {
      const Block b = RandomBlock(rng, n, max_gap);
      std::string enc;
      EncodePositionBlock(b.pos.data(), b.tt.data(), b.tb.data(), b.n(), enc);
      const Padded buf(enc);
      PositionBlockReader r;
      ASSERT_TRUE(r.Init(buf.begin(), buf.end(), b.tt.data(), b.tb.data(), b.n()));
      std::vector<uint32_t> all = {7, 7, 7}, one;
      EXPECT_EQ(r.DecodeAll(all), buf.end());
      EXPECT_EQ(all, b.pos);
      std::vector<uint32_t> joined;
      for (uint32_t i = 0; i < b.n(); ++i) {
        ASSERT_TRUE(DecodeInto(r, i, one));
        joined.insert(joined.end(), one.begin(), one.end());
      }
      EXPECT_EQ(joined, all);
      // Cut short anywhere: refused as a whole.
      for (size_t len = 0; len < enc.size(); len += 1 + len / 8) {
        const Padded cut(enc.substr(0, len));
        PositionBlockReader rc;
        if (!rc.Init(cut.begin(), cut.end(), b.tt.data(), b.tb.data(), b.n())) continue;
        EXPECT_EQ(rc.DecodeAll(all), nullptr) << len;
      }
    }
  // Corrupt tfs: a posting without positions, or billions of positions from
  // a few bytes, are refused before anything is allocated.
  Block z;
  z.tt = {1, 0};
  z.tb = {1, 1};
  z.pos = {0, kBodyBase, kBodyBase};
  std::string enc;
  EncodePositionBlock(z.pos.data(), z.tt.data(), z.tb.data(), z.n(), enc);
  // Both parameters zero, no low bits, three stop bits.
  ASSERT_EQ(enc, std::string("\0\x1c", 2));
  const Padded buf(enc);
  std::vector<uint32_t> out;
  for (auto [tt, tb] : {std::pair{0u, 0u}, {0u, 0xffffffffu}, {0xffffffffu, 0xffffffffu}}) {
    std::vector<uint32_t> t = z.tt, bb = z.tb;
    t[1] = tt;
    bb[1] = tb;
    PositionBlockReader r;
    EXPECT_FALSE(r.Init(buf.begin(), buf.end(), t.data(), bb.data(), z.n()) && r.DecodeAll(out))
        << tt << " " << tb;
    EXPECT_LT(out.capacity(), 1000u);
  }
}

// A term of several blocks with exact forms, in a segment.
struct Fixture {
  static constexpr uint32_t kDocs = 700;
  PostingList pl;
  std::vector<std::string> names = {"والمدينة", "بالمدينة", "للمدينة", "فالمدينة"};
  std::shared_ptr<SegmentReader> seg;
  TermInfo info;
  explicit Fixture(uint32_t seed) {
    std::mt19937 rng(seed);
    SegmentBuilder sb({"o"}, {"c"});
    for (uint32_t d = 0; d < kDocs; ++d) {
      DocColumns c;
      c.seq = d + 1;
      c.len_title = 3 + d % 5;
      c.len_body = 50 + d % 300;
      sb.AddDoc(c);
    }
    for (uint32_t d = 0; d < kDocs; ++d) {
      if (rng() % 3 == 0) continue;
      const uint32_t tt = rng() % 3 == 0 ? 1 : 0, tb = 1 + (rng() % 5 == 0 ? rng() % 30 : 0);
      pl.docs.push_back(d);
      pl.tf_title.push_back(tt);
      pl.tf_body.push_back(tb);
      const bool nonbare = rng() % 3 == 0;
      pl.nonbare.push_back(nonbare);
      uint32_t p = 0;
      for (uint32_t k = 0; k < tt + tb; ++k) {
        if (k == tt) p = kBodyBase;
        pl.positions.push_back(p += (k == 0 || k == tt ? 0 : 1) + rng() % 400);
        pl.forms.push_back(nonbare && (k == 0 || rng() % 2) ? rng() % 4 : kBareForm);
      }
      if (nonbare && pl.forms[pl.forms.size() - tt - tb] == kBareForm) pl.forms[pl.forms.size() - tt - tb] = 0;
    }
    sb.AddTerm("مدينة", pl, &names);
    auto r = SegmentReader::FromBytes(sb.Finish(), "mem");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return;
    seg = *r;
    EXPECT_TRUE(seg->Find("مدينة", info));
    EXPECT_GT(info.num_blocks(), 3u);
  }
};

// Everything a walk yields, flattened.
struct Walked {
  std::vector<uint32_t> docs, tt, tb, nonbare, pos, vids;
  bool corrupt = false;
  bool operator==(const Walked& o) const {
    return docs == o.docs && tt == o.tt && tb == o.tb && nonbare == o.nonbare && pos == o.pos && vids == o.vids &&
           corrupt == o.corrupt;
  }
};

Walked WalkBlocks(const TermInfo& t, uint32_t ndocs) {
  Walked w;
  BlockWalker bw;
  bw.Init(t, ndocs);
  while (bw.Next(true, true)) {
    const DocBlock& b = bw.block();
    size_t pk = 0, vk = 0;
    for (uint32_t i = 0; i < b.n; ++i) {
      const uint32_t c = b.tf_title[i] + b.tf_body[i];
      w.docs.push_back(b.docs[i]);
      w.tt.push_back(b.tf_title[i]);
      w.tb.push_back(b.tf_body[i]);
      w.nonbare.push_back(NonBare(b, i));
      w.pos.insert(w.pos.end(), bw.positions() + pk, bw.positions() + pk + c);
      pk += c;
      if (NonBare(b, i)) {
        w.vids.insert(w.vids.end(), bw.variants() + vk, bw.variants() + vk + c);
        vk += c;
      }
    }
  }
  w.corrupt = bw.corrupt();
  return w;
}

Walked WalkCursor(const TermInfo& t, uint32_t ndocs) {
  Walked w;
  PostingCursor c;
  c.Init(t, ndocs);
  for (; c.doc() != kEndDoc; c.Next()) {
    w.docs.push_back(c.doc());
    w.tt.push_back(c.tf_title());
    w.tb.push_back(c.tf_body());
    w.nonbare.push_back(c.nonbare());
    uint32_t n = 0, nv = 0;
    const uint32_t* p = c.positions(n);
    if (p) w.pos.insert(w.pos.end(), p, p + n);
    const uint32_t* v = c.variants(nv);
    if (v) w.vids.insert(w.vids.end(), v, v + nv);
  }
  w.corrupt = c.corrupt();
  return w;
}

TEST(MergeCodecTest, BlockWalkerReadsWhatTheCursorReads) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    Fixture f(seed);
    ASSERT_TRUE(f.seg);
    const Walked a = WalkBlocks(f.info, Fixture::kDocs), b = WalkCursor(f.info, Fixture::kDocs);
    EXPECT_FALSE(a.corrupt);
    EXPECT_TRUE(a == b) << seed;
    EXPECT_EQ(a.docs, f.pl.docs);
    EXPECT_EQ(a.pos, f.pl.positions);
    EXPECT_EQ(a.tt, f.pl.tf_title);
    // Without positions asked for, the docs and tfs alone.
    BlockWalker bw;
    bw.Init(f.info, Fixture::kDocs);
    size_t postings = 0;
    while (bw.Next(false, false)) postings += bw.block().n;
    EXPECT_FALSE(bw.corrupt());
    EXPECT_EQ(postings, f.pl.docs.size());
  }
}

TEST(MergeCodecTest, BlockWalkerRefusesDamagedBytesWithoutReadingPastThem) {
  Fixture f(9);
  ASSERT_TRUE(f.seg);
  const Walked good = WalkBlocks(f.info, Fixture::kDocs);
  for (int section = 0; section < 2; ++section) {
    const uint8_t* begin = section == 0 ? f.info.postings : f.info.positions;
    const uint8_t* end = section == 0 ? f.info.postings_end : f.info.positions_end;
    const std::string bytes(reinterpret_cast<const char*>(begin), end - begin);
    size_t reported = 0;
    for (size_t at = 0; at < bytes.size(); ++at) {
      std::string bad = bytes;
      bad[at] = static_cast<char>(bad[at] ^ (1 << (at % 8)));
      const Padded buf(bad);
      TermInfo t = f.info;
      (section == 0 ? t.postings : t.positions) = buf.begin();
      (section == 0 ? t.postings_end : t.positions_end) = buf.end();
      const Walked w = WalkBlocks(t, Fixture::kDocs);
      reported += w.corrupt;
      EXPECT_LE(w.docs.size(), good.docs.size());
    }
    EXPECT_GT(reported, 0u) << section;
    // Cut short: the walk ends corrupt.
    for (size_t len : {size_t(0), size_t(1), bytes.size() / 2, bytes.size() - 1}) {
      const Padded buf(bytes.substr(0, len));
      TermInfo t = f.info;
      (section == 0 ? t.postings : t.positions) = buf.begin();
      (section == 0 ? t.postings_end : t.positions_end) = buf.end();
      if (section == 0 && f.info.num_blocks() > 1 && len < SkipTable::MinBytes(f.info.num_blocks())) continue;  // the lexicon refuses these
      EXPECT_TRUE(WalkBlocks(t, Fixture::kDocs).corrupt) << section << " " << len;
    }
  }
}

}  // namespace
}  // namespace riwaya::index
