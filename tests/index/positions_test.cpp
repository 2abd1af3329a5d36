// Positions and variant ids (segment format v6): exact round trips at the
// edges of the encoding, any posting readable in any order, and corrupt or
// truncated bytes refused (never read out of bounds: run under ASan).
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

// A block's postings: tfs and ascending positions (title < kBodyBase <= body).
struct Block {
  std::vector<uint32_t> tt, tb, pos;
  uint32_t n() const { return static_cast<uint32_t>(tt.size()); }
  void Add(std::vector<uint32_t> title, std::vector<uint32_t> body) {
    tt.push_back(static_cast<uint32_t>(title.size()));
    tb.push_back(static_cast<uint32_t>(body.size()));
    for (uint32_t p : title) pos.push_back(p);
    for (uint32_t p : body) pos.push_back(kBodyBase + p);
  }
  std::vector<uint32_t> Expected(uint32_t i) const {
    size_t at = 0;
    for (uint32_t j = 0; j < i; ++j) at += tt[j] + tb[j];
    return {pos.begin() + at, pos.begin() + at + tt[i] + tb[i]};
  }
};

Block RandomBlock(std::mt19937& rng, uint32_t n, uint32_t max_gap) {
  Block b;
  for (uint32_t i = 0; i < n; ++i) {
    std::vector<uint32_t> title, body;
    uint32_t ntitle = rng() % 4 == 0 ? 1 + rng() % 3 : 0;
    uint32_t nbody = ntitle > 0 && rng() % 2 ? 0 : 1 + (rng() % 3 == 0 ? rng() % 40 : 0);
    uint32_t p = 0;
    for (uint32_t k = 0; k < ntitle; ++k) title.push_back(p += (k == 0 ? 0 : 1) + rng() % 20);
    p = 0;
    for (uint32_t k = 0; k < nbody; ++k) body.push_back(p += (k == 0 ? 0 : 1) + rng() % max_gap);
    b.Add(title, body);
  }
  return b;
}

void ExpectRoundTrip(const Block& b, std::mt19937& rng) {
  std::string enc;
  EncodePositionBlock(b.pos.data(), b.tt.data(), b.tb.data(), b.n(), enc);
  const Padded buf(enc);
  PositionBlockReader r;
  ASSERT_TRUE(r.Init(buf.begin(), buf.end(), b.tt.data(), b.tb.data(), b.n()));
  EXPECT_EQ(r.End(), buf.end());
  std::vector<uint32_t> out;
  // Forward, then in random order (the reader restarts its sum when asked
  // for an earlier posting).
  std::vector<uint32_t> order(b.n());
  for (uint32_t i = 0; i < b.n(); ++i) order[i] = i;
  for (int pass = 0; pass < 2; ++pass) {
    for (uint32_t i : order) {
      ASSERT_TRUE(r.Decode(i, out)) << i;
      EXPECT_EQ(out, b.Expected(i)) << "posting " << i;
    }
    std::shuffle(order.begin(), order.end(), rng);
  }
  EXPECT_FALSE(r.Decode(b.n(), out));
}

TEST(PositionsTest, RoundTripAtTheEdges) {
  std::mt19937 rng(3);
  Block edge;
  edge.Add({0}, {});                 // title position 0: a zero lead
  edge.Add({}, {0});                 // body position 0
  edge.Add({0}, {0});                // both zero: a zero gap in the rest
  edge.Add({5, 6, 7}, {1, 2, 900});  // title and body
  edge.Add({}, {(1u << 24) - 1});    // the largest body position
  edge.Add({(1u << 24) - 2, (1u << 24) - 1}, {0, (1u << 24) - 1});
  ExpectRoundTrip(edge, rng);
  Block zeros;  // every width zero
  zeros.Add({0}, {});
  zeros.Add({}, {0});
  zeros.Add({0}, {0});
  ExpectRoundTrip(zeros, rng);
  for (uint32_t n : {1u, 2u, 17u, 127u, kBlockSize})
    for (uint32_t max_gap : {1u, 3u, 300u, 70000u}) ExpectRoundTrip(RandomBlock(rng, n, max_gap), rng);
}

TEST(PositionsTest, TruncatedOrCorruptBlocksAreRefused) {
  std::mt19937 rng(8);
  const Block b = RandomBlock(rng, 100, 500);
  std::string enc;
  EncodePositionBlock(b.pos.data(), b.tt.data(), b.tb.data(), b.n(), enc);
  std::vector<uint32_t> out;
  // Every truncation: the postings whose bits are cut off are refused, the
  // others still decode exactly, and End() says whether the block is whole.
  for (size_t len = 0; len < enc.size(); ++len) {
    const Padded buf(enc.substr(0, len));
    PositionBlockReader r;
    if (!r.Init(buf.begin(), buf.end(), b.tt.data(), b.tb.data(), b.n())) {
      EXPECT_LT(len, 2u);
      continue;
    }
    EXPECT_EQ(r.End(), nullptr) << len;
    bool refused = false;
    for (uint32_t i = 0; i < b.n(); ++i) {
      if (r.Decode(i, out)) {
        EXPECT_EQ(out, b.Expected(i));
      } else {
        refused = true;
      }
    }
    EXPECT_TRUE(refused) << len;
  }
  // Widths over 32 bits are malformed.
  for (size_t at : {size_t(0), size_t(1)}) {
    std::string bad = enc;
    bad[at] = 33;
    const Padded buf(bad);
    PositionBlockReader r;
    EXPECT_FALSE(r.Init(buf.begin(), buf.end(), b.tt.data(), b.tb.data(), b.n()));
  }
  // A corrupt tf asking for more positions than the bytes hold is refused
  // before anything is allocated for them.
  const Padded buf(enc);
  for (uint32_t huge : {1u << 20, 0xffffffffu}) {
    std::vector<uint32_t> tb = b.tb;
    tb[50] = huge;
    PositionBlockReader r;
    ASSERT_TRUE(r.Init(buf.begin(), buf.end(), b.tt.data(), tb.data(), b.n()));
    EXPECT_FALSE(r.Decode(50, out));
    EXPECT_EQ(r.End(), nullptr);
    // Postings before it are untouched by it.
    ASSERT_TRUE(r.Decode(10, out));
    EXPECT_EQ(out, b.Expected(10));
  }
  // A posting without positions cannot exist.
  std::vector<uint32_t> tt = b.tt, tb = b.tb;
  tt[7] = tb[7] = 0;
  PositionBlockReader r;
  ASSERT_TRUE(r.Init(buf.begin(), buf.end(), tt.data(), tb.data(), b.n()));
  EXPECT_FALSE(r.Decode(7, out));
  // Zero-width gaps may repeat a position only once (title 0, body 0).
  Block z;
  z.Add({0}, {0});
  std::string zenc;
  EncodePositionBlock(z.pos.data(), z.tt.data(), z.tb.data(), 1, zenc);
  const Padded zbuf(zenc);
  const uint32_t three = 3, none = 0;
  ASSERT_TRUE(r.Init(zbuf.begin(), zbuf.end(), &none, &three, 1));
  EXPECT_FALSE(r.Decode(0, out));
}

TEST(PositionsTest, VariantIdsRoundTripAndRefuseBadBytes) {
  std::mt19937 rng(21);
  std::vector<uint32_t> ids = {0, 1, 2, 3, 4, 5, 6, 7, 8, 15, 16, 255, 0xffffff, 1, 1, 1, 0};
  for (int i = 0; i < 500; ++i) ids.push_back(rng() % 4 == 0 ? rng() % 5000 : rng() % 4);
  std::string enc;
  EncodeVariantIds(ids.data(), ids.size(), enc);
  // The most frequent written form of a term (id 1) takes one bit.
  std::string ones;
  std::vector<uint32_t> all_one(64, 1);
  EncodeVariantIds(all_one.data(), all_one.size(), ones);
  EXPECT_EQ(ones.size(), 8u);
  const Padded buf(enc);
  std::vector<uint32_t> out(ids.size());
  ASSERT_TRUE(DecodeVariantIds(buf.begin(), buf.end(), ids.size(), out.data()));
  EXPECT_EQ(out, ids);
  // Truncated: refused (or, when only padding bits were cut, still exact).
  for (size_t len = 0; len < enc.size(); ++len) {
    const Padded cut(enc.substr(0, len));
    EXPECT_FALSE(DecodeVariantIds(cut.begin(), cut.end(), ids.size(), out.data())) << len;
  }
  // Zero bytes hold no code at all; ids past 2^24 are malformed.
  std::string zeros(16, '\0');
  const Padded zbuf(zeros);
  EXPECT_FALSE(DecodeVariantIds(zbuf.begin(), zbuf.end(), 1, out.data()));
  std::string big;
  const uint32_t too_big = 1u << 25;
  EncodeVariantIds(&too_big, 1, big);
  const Padded bbuf(big);
  EXPECT_FALSE(DecodeVariantIds(bbuf.begin(), bbuf.end(), 1, out.data()));
}

// A segment whose term spans several blocks, with exact forms: every byte of
// the term's positions (and variant ids) flipped in turn, read through a
// cursor. Positions of intact postings come back exactly; damage is either
// reported by corrupt() or confined to values (never an out-of-bounds read).
TEST(PositionsTest, FlippedPositionBytesInASegmentNeverReadOutOfBounds) {
  std::mt19937 rng(77);
  const uint32_t ndocs = 400;
  SegmentBuilder sb = BuilderWithDocs(ndocs, 5, 200);
  const std::vector<std::string> names = {"والمدرسة", "بالمدرسة", "للمدرسة"};
  const PostingList pl = RandomPostingList(
      rng, ndocs, 50, [&](uint32_t) { return rng() % 4 != 0; }, [&] { return rng() % 3; });
  sb.AddTerm("مدرس", pl, &names);
  auto seg = SegmentReader::FromBytes(sb.Finish(), "mem");
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  TermInfo info;
  ASSERT_TRUE((*seg)->Find("مدرس", info));
  ASSERT_GT(info.num_blocks(), 2u);
  const std::string pos(reinterpret_cast<const char*>(info.positions), info.positions_end - info.positions);
  auto walk = [&](const TermInfo& t, bool& corrupt) {
    PostingCursor c;
    c.Init(t, ndocs);
    size_t k = 0, at = 0, exact = 0;
    for (; c.doc() != kEndDoc; c.Next(), ++k) {
      uint32_t n = 0, nv = 0;
      const uint32_t* p = c.positions(n);
      c.variants(nv);
      if (p && n == pl.tf_title[k] + pl.tf_body[k] &&
          std::equal(p, p + n, pl.positions.begin() + static_cast<std::ptrdiff_t>(at)))
        ++exact;
      at += pl.tf_title[k] + pl.tf_body[k];
    }
    corrupt = c.corrupt();
    return exact;
  };
  bool corrupt = false;
  EXPECT_EQ(walk(info, corrupt), pl.docs.size());
  EXPECT_FALSE(corrupt);
  size_t reported = 0;
  for (size_t at = 0; at < pos.size(); ++at) {
    std::string bad = pos;
    bad[at] = static_cast<char>(bad[at] ^ (1 << (at % 8)));
    const Padded buf(bad);
    TermInfo t = info;
    t.positions = buf.begin();
    t.positions_end = buf.end();
    const size_t exact = walk(t, corrupt);
    EXPECT_LE(exact, pl.docs.size());
    reported += corrupt;
  }
  // Width bytes flipped past 32, for one, must be reported.
  EXPECT_GT(reported, 0u);
  // Cut short: the postings past the cut are reported, not read.
  for (size_t len : {size_t(0), size_t(1), pos.size() / 2, pos.size() - 1}) {
    const Padded buf(pos.substr(0, len));
    TermInfo t = info;
    t.positions = buf.begin();
    t.positions_end = buf.end();
    walk(t, corrupt);
    EXPECT_TRUE(corrupt) << len;
  }
}

// Segments of another format version are refused with a Status naming it
// (the engine then rebuilds the index from the store).
TEST(PositionsTest, OlderSegmentVersionIsRejected) {
  SegmentBuilder sb = BuilderWithDocs(1);
  PostingList pl;
  pl.docs = {0};
  pl.tf_title = {0};
  pl.tf_body = {1};
  pl.positions = {kBodyBase + 3};
  sb.AddTerm("كتاب", pl);
  std::string bytes = sb.Finish();
  ASSERT_TRUE(SegmentReader::FromBytes(bytes, "v6").ok());
  const uint32_t v5 = 5;
  std::memcpy(bytes.data() + 8, &v5, sizeof(v5));  // the version follows the 8-byte magic
  auto r = SegmentReader::FromBytes(bytes, "v5");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCorrupt);
  EXPECT_NE(r.status().message().find("version 5"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace riwaya::index
