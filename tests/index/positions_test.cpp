// Positions and variant ids (segment format v7): exact round trips at the
// edges of the encoding and at every Rice parameter, any posting readable in
// any order, the reader agreeing with a plain bit-by-bit decoder on random
// and damaged blocks, and corrupt or truncated bytes refused (never read out
// of bounds: run under ASan).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
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
  // Forward, then in random order (the reader starts over from the block's
  // first posting when asked for an earlier one).
  std::vector<uint32_t> order(b.n());
  for (uint32_t i = 0; i < b.n(); ++i) order[i] = i;
  for (int pass = 0; pass < 2; ++pass) {
    for (uint32_t i : order) {
      ASSERT_TRUE(DecodeInto(r, i, out)) << i;
      EXPECT_EQ(out, b.Expected(i)) << "posting " << i;
    }
    std::shuffle(order.begin(), order.end(), rng);
  }
  EXPECT_FALSE(DecodeInto(r, b.n(), out));
  // The same posting twice in a row (served from the reader's buffer), then
  // its successor, then it again (the reader starts over), and every count
  // right although the buffer only grows.
  for (uint32_t i = 0; i < b.n(); i += 1 + b.n() / 5) {
    ASSERT_TRUE(DecodeInto(r, i, out));
    EXPECT_EQ(out, b.Expected(i));
    ASSERT_TRUE(DecodeInto(r, i, out));
    EXPECT_EQ(out, b.Expected(i));
    if (i + 1 < b.n()) {
      ASSERT_TRUE(DecodeInto(r, i + 1, out));
      EXPECT_EQ(out, b.Expected(i + 1));
      ASSERT_TRUE(DecodeInto(r, i, out));
      EXPECT_EQ(out, b.Expected(i));
    }
  }
  EXPECT_EQ(r.End(), buf.end());
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

// The reference decoder (codec.h, format v7), a bit at a time: every
// posting's positions, or nullopt where the reader must refuse it (its stop
// bits past the bytes, a high part reaching 2^32, a position past 2^32 - 1 or
// a title one at kBodyBase). `ok` is false when the whole block is refused
// (header cut, a posting without positions, fewer bits than values); `end`
// is the byte count up to the last stop bit (0 when it is missing).
struct RefDecoded {
  bool ok = false;
  std::vector<std::optional<std::vector<uint32_t>>> postings;
  size_t end = 0;
};

RefDecoded RefDecode(const std::string& bytes, const std::vector<uint32_t>& tt, const std::vector<uint32_t>& tb) {
  RefDecoded r;
  const uint64_t avail = uint64_t(bytes.size()) * 8;
  auto bit = [&](uint64_t at) { return (static_cast<uint8_t>(bytes[at >> 3]) >> (at & 7)) & 1; };
  auto bits = [&](uint64_t at, uint32_t w) {
    uint64_t v = 0;
    for (uint32_t k = 0; k < w; ++k) v |= uint64_t(bit(at + k)) << k;
    return v;
  };
  const size_t n = tt.size();
  uint64_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    if (uint64_t(tt[i]) + tb[i] == 0) return r;
    total += uint64_t(tt[i]) + tb[i];
  }
  const uint32_t header = total > n ? 10 : 5;
  if (avail < header) return r;
  const uint32_t k1 = static_cast<uint32_t>(bits(0, 5)), k2 = total > n ? static_cast<uint32_t>(bits(5, 5)) : 0;
  const uint64_t unary = header + n * k1 + (total - n) * k2;
  if (unary + total > avail) return r;
  r.ok = true;
  // Every value's high part, while stop bits last.
  std::vector<uint64_t> highs;
  uint64_t at = unary, q = 0;
  for (; at < avail && highs.size() < total; ++at) {
    if (bit(at)) {
      highs.push_back(q);
      q = 0;
    } else {
      ++q;
    }
  }
  if (highs.size() == total) r.end = (at + 7) / 8;
  uint64_t low = header, v = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint64_t c = uint64_t(tt[i]) + tb[i];
    std::vector<uint32_t> out;
    bool good = v + c <= highs.size();
    uint64_t acc = 0;
    for (uint64_t k = 0; k < c; ++k, ++v) {
      const uint32_t kk = k == 0 ? k1 : k2;
      const uint64_t lo = bits(low, kk);
      low += kk;
      if (!good) continue;
      const uint64_t hi = highs[v];
      if (hi >= (uint64_t(1) << (32 - kk))) good = false;
      const uint64_t gap = (hi << kk) | lo;
      acc = k == 0 ? (tt[i] > 0 ? 0 : kBodyBase) + gap : (k == tt[i] ? kBodyBase + gap : acc + gap);
      if (acc > 0xffffffffull || (k < tt[i] && acc >= kBodyBase)) good = false;
      out.push_back(static_cast<uint32_t>(acc));
    }
    r.postings.push_back(good ? std::optional(out) : std::nullopt);
  }
  return r;
}

// The reader on `bytes` (padded with garbage) agrees with RefDecode: the
// same postings refused, the others equal (and equal `want` where given).
void ExpectLikeReference(const std::string& bytes, const std::vector<uint32_t>& tt, const std::vector<uint32_t>& tb,
                         const Block* want = nullptr) {
  const RefDecoded ref = RefDecode(bytes, tt, tb);
  const Padded buf(bytes);
  const uint32_t n = static_cast<uint32_t>(tt.size());
  PositionBlockReader r;
  ASSERT_EQ(r.Init(buf.begin(), buf.end(), tt.data(), tb.data(), n), ref.ok);
  if (!ref.ok) return;
  std::vector<uint32_t> out;
  bool all = true;
  std::vector<uint32_t> joined;
  for (uint32_t i = 0; i < n; ++i) {
    const bool got = DecodeInto(r, i, out);
    ASSERT_EQ(got, ref.postings[i].has_value()) << "posting " << i;
    all &= got;
    if (!got) continue;
    EXPECT_EQ(out, *ref.postings[i]) << "posting " << i;
    if (want) {
      EXPECT_EQ(out, want->Expected(i)) << "posting " << i;
    }
    joined.insert(joined.end(), out.begin(), out.end());
  }
  EXPECT_EQ(r.End(), ref.end == 0 ? nullptr : buf.begin() + ref.end);
  // DecodeAll takes the block whole or not at all (from a fresh reader and after the others).
  for (int fresh = 0; fresh < 2; ++fresh) {
    PositionBlockReader r2;
    PositionBlockReader& rr = fresh ? r2 : r;
    if (fresh) {
      ASSERT_TRUE(r2.Init(buf.begin(), buf.end(), tt.data(), tb.data(), n));
    }
    std::vector<uint32_t> every;
    const uint8_t* end = rr.DecodeAll(every);
    if (all && ref.end != 0) {
      EXPECT_EQ(end, buf.begin() + ref.end);
      EXPECT_EQ(every, joined);
    } else {
      EXPECT_EQ(end, nullptr);
    }
  }
}

// A block with every value's bit length drawn from [lo, hi] (positions stay
// below 2^32: gaps are capped by the room left). With `gaps_only`, leads are
// small and each posting has one body gap, so gaps can take 32 bits.
Block ScaledBlock(std::mt19937& rng, uint32_t n, uint32_t lo, uint32_t hi, bool gaps_only = false) {
  auto value = [&](uint64_t room) {
    const uint32_t len = lo + rng() % (hi - lo + 1);
    uint64_t v = len == 0 ? 0 : (uint64_t(1) << (len - 1)) | (rng() & ((uint64_t(1) << (len - 1)) - 1));
    return static_cast<uint32_t>(std::min<uint64_t>(v, room));
  };
  Block b;
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t nb = gaps_only ? 2 : 1 + rng() % 4, nt = !gaps_only && rng() % 3 == 0 ? 1 + rng() % 2 : 0;
    b.tt.push_back(nt);
    b.tb.push_back(nb);
    uint64_t p = value(kBodyBase - 1);
    for (uint32_t k = 0; k < nt; ++k) {
      if (k > 0) p += value(kBodyBase - 1 - p);
      b.pos.push_back(static_cast<uint32_t>(p));
    }
    p = kBodyBase + (gaps_only ? rng() % 16 : value(0xffffffffull - kBodyBase));
    for (uint32_t k = 0; k < nb; ++k) {
      if (k > 0) p += value(0xffffffffull - p);
      b.pos.push_back(static_cast<uint32_t>(p));
    }
  }
  return b;
}

TEST(PositionsTest, RoundTripAtEveryRiceParameter) {
  std::mt19937 rng(19);
  bool seen1[32] = {}, seen2[32] = {};
  for (uint32_t lo = 0; lo <= 32; ++lo)
    for (uint32_t spread : {0u, 1u, 3u})
      for (uint32_t n : {1u, 5u, kBlockSize}) {
        const Block b = ScaledBlock(rng, n, lo, std::min(32u, lo + spread), n == 5);
        std::string enc;
        EncodePositionBlock(b.pos.data(), b.tt.data(), b.tb.data(), b.n(), enc);
        ASSERT_GE(enc.size(), 2u);
        const uint32_t k1 = static_cast<uint8_t>(enc[0]) & 31, k2 = (static_cast<uint16_t>(static_cast<uint8_t>(enc[0]) |
                                                                                         (static_cast<uint8_t>(enc[1]) << 8)) >> 5) & 31;
        seen1[k1] = true;
        if (b.pos.size() > b.n()) seen2[k2] = true;
        ExpectRoundTrip(b, rng);
        ExpectLikeReference(enc, b.tt, b.tb, &b);
      }
  for (uint32_t k = 0; k < 32; ++k) {
    EXPECT_TRUE(seen1[k]) << "lead parameter " << k;
    EXPECT_TRUE(seen2[k]) << "gap parameter " << k;
  }
}

TEST(PositionsTest, RandomBlocksAndDamagedOnesMatchTheReferenceDecoder) {
  std::mt19937 rng(31);
  for (int round = 0; round < 300; ++round) {
    const uint32_t n = 1 + rng() % kBlockSize;
    const Block b = round % 2 ? RandomBlock(rng, n, 1 + rng() % 5000) : ScaledBlock(rng, n, rng() % 20, 20 + rng() % 13);
    std::string enc;
    EncodePositionBlock(b.pos.data(), b.tt.data(), b.tb.data(), b.n(), enc);
    ExpectLikeReference(enc, b.tt, b.tb, &b);
    // A few bits flipped, or a run of bytes zeroed or set (unary runs past
    // the stream, high parts past 32 bits, titles into the body).
    std::string bad = enc;
    switch (round % 3) {
      case 0:
        for (int f = 0; f < 1 + round % 4; ++f) {
          const size_t at = rng() % (bad.size() * 8);
          bad[at / 8] = static_cast<char>(bad[at / 8] ^ (1 << (at % 8)));
        }
        break;
      case 1: {
        const size_t at = rng() % bad.size();
        std::fill(bad.begin() + static_cast<std::ptrdiff_t>(at), bad.end(), '\0');
        break;
      }
      default: {
        const size_t at = rng() % bad.size();
        std::fill(bad.begin() + static_cast<std::ptrdiff_t>(at),
                  bad.begin() + static_cast<std::ptrdiff_t>(std::min(bad.size(), at + 1 + rng() % 6)), '\xff');
      }
    }
    ExpectLikeReference(bad, b.tt, b.tb);
    // Random tfs for the same bytes.
    std::vector<uint32_t> tt = b.tt, tb = b.tb;
    tb[rng() % n] += rng() % 4;
    if (rng() % 2) tt[rng() % n] = rng() % 3;
    ExpectLikeReference(enc, tt, tb);
  }
}

// Init's running sums of the tfs by the AVX2 kernel against the scalar/SSE2
// one, both run explicitly: every block length (the 8- and 4-lane loops and
// their tails), the same verdicts on tfs the bytes cannot hold (a posting
// without positions, sums past 2^24 and past 2^32), the same positions.
TEST(PositionsTest, Avx2TfSumsMatchScalar) {
  if (!CodecIsaSupported(CodecIsa::kAvx2)) GTEST_SKIP() << "this CPU has no AVX2: only the scalar sums can run";
  std::mt19937 rng(61);
  std::vector<uint32_t> a, b;
  for (uint32_t n = 1; n <= kBlockSize; ++n) {
    const Block blk = RandomBlock(rng, n, 1 + rng() % 3000);
    std::string enc;
    EncodePositionBlock(blk.pos.data(), blk.tt.data(), blk.tb.data(), n, enc);
    const Padded buf(enc);
    for (int damage = 0; damage < 4; ++damage) {
      std::vector<uint32_t> tt = blk.tt, tb = blk.tb;
      const uint32_t at = rng() % n;
      if (damage == 1) tt[at] = tb[at] = 0;          // no positions
      if (damage == 2) tb[at] = (1u << 24) + 5;      // past 2^24: summed again in 64 bits
      if (damage == 3) tt[at] = tb[at] = 0xffffffffu;  // past 2^32
      PositionBlockReader scalar, avx2;
      const bool ok = scalar.InitWith(CodecIsa::kScalar, buf.begin(), buf.end(), tt.data(), tb.data(), n);
      ASSERT_EQ(avx2.InitWith(CodecIsa::kAvx2, buf.begin(), buf.end(), tt.data(), tb.data(), n), ok)
          << n << " " << damage;
      EXPECT_EQ(ok, damage == 0) << n << " " << damage;
      if (!ok) continue;
      for (uint32_t i = 0; i < n; ++i) {
        ASSERT_TRUE(DecodeInto(scalar, i, a));
        ASSERT_TRUE(DecodeInto(avx2, i, b));
        ASSERT_EQ(a, b) << n << " " << i;
        ASSERT_EQ(a, blk.Expected(i)) << n << " " << i;
      }
    }
  }
}

TEST(PositionsTest, TruncatedOrCorruptBlocksAreRefused) {
  std::mt19937 rng(8);
  const Block b = RandomBlock(rng, 100, 500);
  std::string enc;
  EncodePositionBlock(b.pos.data(), b.tt.data(), b.tb.data(), b.n(), enc);
  std::vector<uint32_t> out;
  // Every truncation: the block is refused whole (its header or low bits cut)
  // or the postings whose stop bits are cut off are refused while the others
  // still decode exactly; End() and DecodeAll() see the block is not whole.
  size_t opened = 0;
  for (size_t len = 0; len < enc.size(); ++len) {
    const Padded buf(enc.substr(0, len));
    PositionBlockReader r;
    if (!r.Init(buf.begin(), buf.end(), b.tt.data(), b.tb.data(), b.n())) continue;
    ++opened;
    EXPECT_EQ(r.End(), nullptr) << len;
    bool refused = false;
    for (uint32_t i = 0; i < b.n(); ++i) {
      if (DecodeInto(r, i, out)) {
        EXPECT_EQ(out, b.Expected(i));
      } else {
        refused = true;
      }
    }
    EXPECT_TRUE(refused) << len;
    EXPECT_EQ(r.DecodeAll(out), nullptr) << len;
    ExpectLikeReference(enc.substr(0, len), b.tt, b.tb, nullptr);
  }
  EXPECT_GT(opened, 0u);  // cuts inside the unary stream leave earlier postings readable
  // A corrupt tf asking for more positions than the bytes hold is refused
  // before anything is allocated for them.
  const Padded buf(enc);
  for (uint32_t huge : {1u << 20, 0xffffffffu}) {
    std::vector<uint32_t> tb = b.tb;
    tb[50] = huge;
    PositionBlockReader r;
    EXPECT_FALSE(r.Init(buf.begin(), buf.end(), b.tt.data(), tb.data(), b.n()));
  }
  // A posting without positions cannot exist.
  std::vector<uint32_t> tt = b.tt, tb = b.tb;
  tt[7] = tb[7] = 0;
  PositionBlockReader r;
  EXPECT_FALSE(r.Init(buf.begin(), buf.end(), tt.data(), tb.data(), b.n()));
}

// Hand-written blocks (codec.h layout) that a writer never produces.
TEST(PositionsTest, HostileStreamsAreRefused) {
  std::vector<uint32_t> out;
  auto decodes = [&](const std::string& bytes, uint32_t tt, uint32_t tb) {
    const Padded buf(bytes);
    PositionBlockReader r;
    if (!r.Init(buf.begin(), buf.end(), &tt, &tb, 1)) return false;
    const bool one = DecodeInto(r, 0, out);
    PositionBlockReader r2;
    std::vector<uint32_t> all;
    EXPECT_TRUE(r2.Init(buf.begin(), buf.end(), &tt, &tb, 1));
    EXPECT_EQ(r2.DecodeAll(all) != nullptr, one);
    if (one) {
      EXPECT_EQ(all, out);
    }
    ExpectLikeReference(bytes, {tt}, {tb});
    return one;
  };
  // Body lead 5, one gap: k1 = 2, k2 = 31 (low 3, high q).
  auto body = [](uint64_t gap_high, uint32_t lead_low = 1, uint64_t lead_high = 1) {
    RefBits w;
    w.Put(2, 5);
    w.Put(31, 5);
    w.Put(lead_low, 2);
    w.Put(3, 31);
    w.Unary(lead_high);
    w.Unary(gap_high);
    return w.out;
  };
  ASSERT_TRUE(decodes(body(0), 0, 2));
  EXPECT_EQ(out, (std::vector<uint32_t>{kBodyBase + 5, kBodyBase + 8}));
  // 2^31 + 3 still fits above kBodyBase + 5; 2^32 + 3 (q = 2) cannot.
  ASSERT_TRUE(decodes(body(1), 0, 2));
  EXPECT_EQ(out, (std::vector<uint32_t>{kBodyBase + 5, kBodyBase + 8 + (1u << 31)}));
  EXPECT_FALSE(decodes(body(2), 0, 2));
  EXPECT_FALSE(decodes(body(40), 0, 2));
  // The sum passing 2^32 - 1: a lead near the top (q = 1: 2^31 + low),
  // then a gap (q = 0) just too large, or just small enough.
  auto top = [](uint32_t gap) {
    RefBits w;
    w.Put(31, 5);
    w.Put(31, 5);
    w.Put(0x7e000000u, 31);
    w.Put(gap, 31);
    w.Unary(1);
    w.Unary(0);
    return w.out;
  };
  ASSERT_TRUE(decodes(top(0x00ffffff), 0, 2));
  EXPECT_EQ(out, (std::vector<uint32_t>{0xff000000u, 0xffffffffu}));
  EXPECT_FALSE(decodes(top(0x01000000), 0, 2));
  // A lead's high part reaching 2^32 (k1 = 31, q = 2).
  {
    RefBits w;
    w.Put(31, 5);
    w.Put(0, 31);
    w.Unary(2);
    EXPECT_FALSE(decodes(w.out, 1, 0));
    EXPECT_FALSE(decodes(w.out, 0, 1));
  }
  // Title positions must stay below kBodyBase: a title lead of 2^24, or a
  // second title position reaching it.
  {
    RefBits w;
    w.Put(24, 5);
    w.Put(0, 24);
    w.Unary(1);
    EXPECT_FALSE(decodes(w.out, 1, 0));
    ASSERT_TRUE(decodes(w.out, 0, 1));  // as a body lead it is fine
    EXPECT_EQ(out, (std::vector<uint32_t>{2 * kBodyBase}));
    // Title lead 2^24 - 1 + low, then a gap of 1 (k1 = 24, k2 = 0: the gap is its unary part).
    auto title = [](uint32_t lead) {
      RefBits t;
      t.Put(24, 5);
      t.Put(0, 5);
      t.Put(lead, 24);
      t.Unary(0);
      t.Unary(1);
      t.Unary(0);  // a body lead, when tb = 1
      return t.out;
    };
    ASSERT_TRUE(decodes(title(0xfffffe), 2, 0));
    EXPECT_EQ(out, (std::vector<uint32_t>{0xfffffe, 0xffffff}));
    ASSERT_TRUE(decodes(title(0xfffffe), 2, 1));
    EXPECT_EQ(out, (std::vector<uint32_t>{0xfffffe, 0xffffff, kBodyBase}));
    EXPECT_FALSE(decodes(title(0xffffff), 2, 0));
    EXPECT_FALSE(decodes(title(0xffffff), 2, 1));
  }
  // A unary run longer than the stream (only zero bits after the header),
  // with the padding's garbage (set bits) right after it.
  for (size_t zeros : {1u, 7u, 8u, 9u, 40u}) {
    std::string z(zeros, '\0');
    z[0] = 0;  // k1 = 0
    EXPECT_FALSE(decodes(z, 0, 1)) << zeros;
    EXPECT_FALSE(decodes(z, 1, 2)) << zeros;
  }
  // A stop bit only in the slack bits of the last byte is fine; past it is not.
  {
    RefBits w;
    w.Put(0, 5);  // k1 = 0: the value is its unary part
    w.Unary(2);   // bits 5..7: a lead of 2
    ASSERT_EQ(w.out.size(), 1u);
    ASSERT_TRUE(decodes(w.out, 0, 1));
    EXPECT_EQ(out, (std::vector<uint32_t>{kBodyBase + 2}));
    RefBits v;
    v.Put(0, 5);
    v.Unary(3);  // its stop bit is bit 8: cut off at one byte
    EXPECT_FALSE(decodes(v.out.substr(0, 1), 0, 1));
  }
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
  ASSERT_TRUE(SegmentReader::FromBytes(bytes, "v7").ok());
  const uint32_t v6 = 6;  // flat bit-packed positions
  std::memcpy(bytes.data() + 8, &v6, sizeof(v6));  // the version follows the 8-byte magic
  auto r = SegmentReader::FromBytes(bytes, "v6");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCorrupt);
  EXPECT_NE(r.status().message().find("version 6"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace riwaya::index
