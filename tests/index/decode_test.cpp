// The decode side of the postings codec and the cursor's seeks: the
// width-specialised unpack at every bit width and block size (streams copied
// into buffers padded by exactly what the codec promises, so that ASan sees
// any read past it), docid prefix sums and their wrap check, per-posting tf
// access against the block decode, and SkipTo/Next against a plain search.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

#include "index/codec.h"
#include "index/document.h"
#include "index/postings.h"
#include "index/segment.h"
#include "index/postings_fixtures.h"

namespace riwaya::index {
namespace {

uint32_t MaxOf(uint32_t w) { return w == 32 ? 0xffffffffu : (uint32_t(1) << w) - 1; }

// Values of exactly `w` bits at most, with the widest present (the stream's width is w).
// The docids `n` stored gaps (docid steps minus one) give after `prev`
// (kNoPrevDoc: before the first block); `wraps` set if they pass 2^32 - 1,
// `last` (if given) the last one in 64 bits.
std::vector<uint32_t> DocsFromGaps(uint32_t prev, const std::vector<uint32_t>& gaps, uint32_t n, bool& wraps,
                                   uint64_t* last = nullptr) {
  uint64_t acc = prev == kNoPrevDoc ? ~uint64_t(0) : prev;
  wraps = false;
  std::vector<uint32_t> docs(n);
  for (uint32_t i = 0; i < n; ++i) {
    acc += uint64_t(gaps[i]) + 1;
    wraps |= acc > 0xffffffffull;
    docs[i] = static_cast<uint32_t>(acc);
  }
  if (last) *last = acc;
  return docs;
}

std::vector<uint32_t> RandomValues(std::mt19937& rng, uint32_t w, uint32_t n) {
  std::vector<uint32_t> v(n);
  for (auto& x : v) x = static_cast<uint32_t>(rng()) & MaxOf(w);
  v[rng() % n] = MaxOf(w);
  return v;
}

TEST(DecodeTest, UnpackRoundTripsEveryWidthAndLength) {
  std::mt19937 rng(7);
  for (uint32_t w = 0; w <= 32; ++w) {
    for (uint32_t n = 1; n <= kBlockSize; ++n) {
      const std::vector<uint32_t> v = RandomValues(rng, w, n);
      std::string s;
      PackValues(v.data(), n, s);
      ASSERT_EQ(s.size(), 1 + (size_t(n) * w + 7) / 8);
      ASSERT_EQ(static_cast<uint8_t>(s[0]), w);
      Padded in(s);
      const uint8_t* p = in.begin();
      std::vector<uint32_t> out(n, 12345);
      ASSERT_TRUE(UnpackValues(p, in.end(), n, out.data())) << "w=" << w << " n=" << n;
      EXPECT_EQ(p, in.end()) << "w=" << w << " n=" << n;
      ASSERT_EQ(out, v) << "w=" << w << " n=" << n;
      if (w > 0) {
        // One byte short: rejected, never read as if it were there.
        Padded cut(s.substr(0, s.size() - 1));
        const uint8_t* q = cut.begin();
        EXPECT_FALSE(UnpackValues(q, cut.end(), n, out.data())) << "w=" << w << " n=" << n;
      }
    }
  }
}

TEST(DecodeTest, UnpackRejectsWidthsOver32) {
  std::string s(1, static_cast<char>(33));
  s.append(40, '\0');
  Padded in(s);
  const uint8_t* p = in.begin();
  uint32_t out[1];
  EXPECT_FALSE(UnpackValues(p, in.end(), 1, out));
}

// Docids come out as running sums of (gap + 1) from the previous docid.
TEST(DecodeTest, DecodeDocsSumsGapsAndRejectsWraps) {
  std::mt19937 rng(9);
  for (uint32_t w = 0; w <= 32; ++w) {
    for (uint32_t n : {1u, 2u, 7u, 8u, 9u, 15u, 16u, 64u, 100u, 127u, 128u}) {
      for (uint32_t prev : {kNoPrevDoc, 0u, 1000u, 0xfffff000u}) {
        std::vector<uint32_t> gaps = RandomValues(rng, w, n);
        std::string s;
        PackValues(gaps.data(), n, s);
        Padded in(s);
        DocBlock b;
        const bool ok = DecodeDocs(in.begin(), in.end(), n, prev, b);
        bool wraps = false;
        const std::vector<uint32_t> want = DocsFromGaps(prev, gaps, n, wraps);
        ASSERT_EQ(ok, !wraps) << "w=" << w << " n=" << n << " prev=" << prev;
        if (!ok) continue;
        EXPECT_EQ(b.n, n);
        EXPECT_EQ(b.tf_data, in.end());
        for (uint32_t i = 0; i < n; ++i) ASSERT_EQ(b.docs[i], want[i]) << "w=" << w << " n=" << n << " i=" << i;
      }
    }
  }
  DocBlock b;
  std::string empty;
  PackValues(nullptr, 0, empty);
  Padded in(empty);
  EXPECT_FALSE(DecodeDocs(in.begin(), in.end(), 0, kNoPrevDoc, b));
  EXPECT_FALSE(DecodeDocs(in.begin(), in.end(), kBlockSize + 1, kNoPrevDoc, b));
}

// Every block shape: with and without title occurrences and exact forms, tfs
// of every width; one posting at a time and the whole block agree with the input.
TEST(DecodeTest, TermFrequenciesInPlaceAndDecodedAgree) {
  std::mt19937 rng(13);
  for (uint32_t n = 1; n <= kBlockSize; ++n) {
    for (int shape = 0; shape < 4; ++shape) {
      const bool titles = shape & 1, forms = shape & 2;
      std::vector<uint32_t> docs(n), tt(n), tb(n);
      std::vector<uint8_t> nb(n);
      uint32_t d = rng() % 50;
      const uint32_t wb = rng() % 33, wt = 1 + rng() % 32;
      for (uint32_t i = 0; i < n; ++i) {
        docs[i] = d;
        d += 1 + rng() % 200;
        tb[i] = static_cast<uint32_t>(rng()) & MaxOf(wb);
        tt[i] = titles && rng() % 3 == 0 ? 1 + (static_cast<uint32_t>(rng()) & (MaxOf(wt) >> 1)) : 0;
        nb[i] = forms && rng() % 2;
      }
      std::string s;
      EncodeDocBlock(docs.data(), tt.data(), tb.data(), forms ? nb.data() : nullptr, n, kNoPrevDoc, s);
      Padded in(s);
      DocBlock b;
      ASSERT_TRUE(DecodeDocs(in.begin(), in.end(), n, kNoPrevDoc, b));
      for (uint32_t i = 0; i < n; ++i) ASSERT_EQ(b.docs[i], docs[i]);
      ASSERT_TRUE(ParseTfs(b));
      for (uint32_t i = 0; i < n; ++i) {
        ASSERT_EQ(TfBody(b, i), tb[i]) << "n=" << n << " i=" << i;
        ASSERT_EQ(TfTitle(b, i), tt[i]) << "n=" << n << " i=" << i;
        ASSERT_EQ(NonBare(b, i), nb[i] != 0) << "n=" << n << " i=" << i;
      }
      ASSERT_TRUE(DecodeTfs(b));
      for (uint32_t i = 0; i < n; ++i) {
        ASSERT_EQ(b.tf_body[i], tb[i]);
        ASSERT_EQ(b.tf_title[i], tt[i]);
        ASSERT_EQ(NonBare(b, i), nb[i] != 0);
      }
      // Any cut of the tf streams is caught by ParseTfs (and so by DecodeTfs).
      for (size_t cut = 1; cut <= s.size() - (b.tf_data - in.begin()); ++cut) {
        Padded short_in(s.substr(0, s.size() - cut));
        DocBlock c;
        if (!DecodeDocs(short_in.begin(), short_in.end(), n, kNoPrevDoc, c)) continue;
        // Cutting the trailing bitmap or title stream may still leave a
        // parseable prefix only if nothing was cut; everything else fails.
        EXPECT_FALSE(DecodeTfs(c)) << "n=" << n << " shape=" << shape << " cut=" << cut;
      }
    }
  }
}

// A segment with lists of every density, walked with random mixes of Next
// and SkipTo (short hops inside a block, jumps across many blocks, targets
// past the end), always against std::lower_bound over the input.
TEST(DecodeTest, CursorSeeksMatchLowerBound) {
  std::mt19937 rng(21);
  const uint32_t ndocs = 40000;
  SegmentBuilder sb = BuilderWithDocs(ndocs, 4, 60);
  const std::vector<std::pair<std::string, uint32_t>> terms = {
      {"خبر", 1}, {"رئيس", 2}, {"سفير", 7}, {"مدينة", 40}, {"نهر", 900}, {"وزير", 15000}};
  std::vector<PostingList> lists;
  for (const auto& [term, every] : terms) {
    PostingList pl;
    for (uint32_t d = rng() % every; d < ndocs; d += every == 1 ? 1 : 1 + rng() % (2 * every)) {
      pl.docs.push_back(d);
      pl.tf_title.push_back(rng() % 4 == 0 ? 1 + rng() % 3 : 0);
      pl.tf_body.push_back(1 + rng() % 9);
      for (uint32_t i = 0; i < pl.tf_title.back(); ++i) pl.positions.push_back(i);
      for (uint32_t i = 0; i < pl.tf_body.back(); ++i) pl.positions.push_back(kBodyBase + i);
    }
    lists.push_back(pl);
  }
  // The builder wants terms in order.
  std::vector<size_t> order(terms.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return terms[a].first < terms[b].first; });
  for (size_t i : order) sb.AddTerm(terms[i].first, lists[i]);
  auto r = SegmentReader::FromBytes(sb.Finish(), "mem");
  ASSERT_TRUE(r.ok()) << r.status().ToString();

  for (size_t ti = 0; ti < terms.size(); ++ti) {
    const PostingList& pl = lists[ti];
    TermInfo info;
    ASSERT_TRUE((*r)->Find(terms[ti].first, info));
    ASSERT_EQ(info.df, pl.docs.size());
    for (int round = 0; round < 40; ++round) {
      PostingCursor c;
      c.Init(info, ndocs);
      uint32_t target = 0;
      for (int step = 0; step < 400 && c.doc() != kEndDoc; ++step) {
        const uint32_t kind = rng() % 6;
        if (kind == 0) {
          const uint32_t was = c.doc();
          c.Next();
          auto it = std::upper_bound(pl.docs.begin(), pl.docs.end(), was);
          ASSERT_EQ(c.doc(), it == pl.docs.end() ? kEndDoc : *it) << terms[ti].first;
          target = c.doc();
        } else {
          const uint32_t hop = kind == 1 ? rng() % 4 : kind == 2 ? rng() % 64 : kind == 3 ? rng() % 1500 : rng() % 20000;
          target += hop;
          c.SkipTo(target);
          auto it = std::lower_bound(pl.docs.begin(), pl.docs.end(), target);
          ASSERT_EQ(c.doc(), it == pl.docs.end() ? kEndDoc : *it) << terms[ti].first << " target " << target;
        }
        if (c.doc() == kEndDoc) break;
        const size_t k = std::lower_bound(pl.docs.begin(), pl.docs.end(), c.doc()) - pl.docs.begin();
        ASSERT_EQ(c.tf_title(), pl.tf_title[k]);
        ASSERT_EQ(c.tf_body(), pl.tf_body[k]);
        // ShallowBlock never moves the cursor.
        const uint32_t at = c.doc();
        const uint32_t sb_idx = c.ShallowBlock(at + 1 + rng() % 5000);
        EXPECT_LE(sb_idx, c.num_blocks());
        ASSERT_EQ(c.doc(), at);
      }
      // Past the end it stays there, whichever way it is moved.
      c.SkipTo(ndocs + 5);
      EXPECT_EQ(c.doc(), kEndDoc);
      c.Next();
      EXPECT_EQ(c.doc(), kEndDoc);
      c.SkipTo(1);
      EXPECT_EQ(c.doc(), kEndDoc);
      EXPECT_FALSE(c.corrupt());
    }
  }
}

// ShallowBlock names the block a target would land in, without decoding.
TEST(DecodeTest, ShallowBlockAgreesWithSkipEntries) {
  const uint32_t ndocs = 5000;
  SegmentBuilder sb = BuilderWithDocs(ndocs, 2, 30);
  PostingList pl;
  for (uint32_t d = 3; d < ndocs; d += 3) {
    pl.docs.push_back(d);
    pl.tf_title.push_back(0);
    pl.tf_body.push_back(1);
    pl.positions.push_back(kBodyBase);
  }
  sb.AddTerm("بحر", pl);
  auto r = SegmentReader::FromBytes(sb.Finish(), "mem");
  ASSERT_TRUE(r.ok());
  TermInfo info;
  ASSERT_TRUE((*r)->Find("بحر", info));
  PostingCursor c;
  c.Init(info, ndocs);
  ASSERT_GT(c.num_blocks(), 5u);
  for (uint32_t target = 0; target < ndocs + 10; target += 7) {
    uint32_t want = 0;
    while (want < c.num_blocks() && c.meta(want).last_doc < target) ++want;
    ASSERT_EQ(c.ShallowBlock(target), want) << target;
  }
}

// Bytes of a patched stream with base width b (codec.h: PackedStream), as
// the encoder's exact cost counts them; SIZE_MAX if b needs too many patches.
size_t PatchedBytes(const std::vector<uint32_t>& v, uint32_t b) {
  uint32_t w = 0, ne = 0;
  for (uint32_t x : v) {
    while (w < 32 && (x >> w) != 0) ++w;
    ne += b < 32 && (x >> b) != 0;
  }
  if (ne > kMaxPatches) return SIZE_MAX;
  const size_t n = v.size();
  return 1 + (n * b + 7) / 8 + (ne ? 2 + ne + (size_t(ne) * (w - b) + 7) / 8 : 0);
}

// n values below 2^b, except `ne` of them (spread at random) of exactly b + hw bits.
std::vector<uint32_t> Outliers(std::mt19937& rng, uint32_t n, uint32_t b, uint32_t hw, uint32_t ne) {
  std::vector<uint32_t> v(n);
  for (auto& x : v) x = b == 0 ? 0 : static_cast<uint32_t>(rng()) & MaxOf(b);
  std::vector<uint32_t> at(n);
  for (uint32_t i = 0; i < n; ++i) at[i] = i;
  std::shuffle(at.begin(), at.end(), rng);
  for (uint32_t k = 0; k < ne; ++k) {
    const uint32_t top = MaxOf(b + hw) ^ (b + hw >= 1 ? MaxOf(b + hw - 1) : 0);  // the highest bit
    v[at[k]] = top | (static_cast<uint32_t>(rng()) & MaxOf(b + hw - 1));
  }
  return v;
}

// Every base width, high-part width and patch count: the stream round-trips
// (whole and one value at a time through the block reader), is exactly as
// small as the best base width allows, and any cut is refused.
TEST(DecodeTest, PatchedStreamsRoundTripEveryWidthAndPatchCount) {
  std::mt19937 rng(31);
  size_t patched = 0;
  for (uint32_t b = 0; b < 32; ++b)
    for (uint32_t hw = 1; b + hw <= 32; hw += (hw < 4 || b + hw + 3 > 32) ? 1 : 3)
      for (uint32_t ne : {1u, 2u, 3u, 7u, 16u, kMaxPatches - 1, kMaxPatches, kMaxPatches + 1})
        for (uint32_t n : {ne, ne + 1, 40u, kBlockSize}) {
          if (n < ne || n > kBlockSize) continue;
          const std::vector<uint32_t> v = Outliers(rng, n, b, hw, ne);
          std::string s;
          PackValues(v.data(), n, s);
          size_t best = SIZE_MAX;
          for (uint32_t c = 0; c <= 32; ++c) {
            bool fits = true;
            for (uint32_t x : v) fits &= c == 32 || (x >> c) == 0 || PatchedBytes(v, c) != SIZE_MAX;
            if (fits) best = std::min(best, PatchedBytes(v, c));
          }
          ASSERT_EQ(s.size(), best) << b << " " << hw << " " << ne << " " << n;
          patched += (static_cast<uint8_t>(s[0]) & 0x40) != 0;
          Padded in(s);
          const uint8_t* p = in.begin();
          std::vector<uint32_t> out(n, 7);
          ASSERT_TRUE(UnpackValues(p, in.end(), n, out.data())) << b << " " << hw << " " << ne << " " << n;
          EXPECT_EQ(p, in.end());
          ASSERT_EQ(out, v) << b << " " << hw << " " << ne << " " << n;
          for (size_t len = 0; len < s.size(); ++len) {
            Padded cut(s.substr(0, len));
            const uint8_t* q = cut.begin();
            ASSERT_FALSE(UnpackValues(q, cut.end(), n, out.data())) << b << " " << hw << " " << ne << " " << len;
          }
        }
  EXPECT_GT(patched, 1000u);  // the outliers do get patched
}

// Hand-made patch sections the encoder never writes: refused, never read
// out of bounds (the buffer is padded by exactly the promised overread).
TEST(DecodeTest, PatchedStreamsRefuseHostilePatches) {
  // n = 4 values: the header, the patches, then base width 4 (2 bytes).
  auto stream = [](uint8_t head, std::vector<uint8_t> patches) {
    std::string s(1, static_cast<char>(head));
    for (uint8_t x : patches) s.push_back(static_cast<char>(x));
    s += "\x21\x43";
    return s;
  };
  uint32_t out[4];
  auto accepts = [&](const std::string& s) {
    Padded in(s);
    const uint8_t* p = in.begin();
    return UnpackValues(p, in.end(), 4, out);
  };
  // Two patches at 1 and 3, high parts of 4 bits: 0x5, 0x6.
  ASSERT_TRUE(accepts(stream(0x44, {1, 3, 1, 3, 0x65})));
  EXPECT_EQ(out[0], 1u);
  EXPECT_EQ(out[1], 0x52u);
  EXPECT_EQ(out[2], 3u);
  EXPECT_EQ(out[3], 0x64u);
  EXPECT_FALSE(accepts(stream(0xc4, {1, 3, 1, 3, 0x65})));   // a block flag on a plain stream
  EXPECT_FALSE(accepts(stream(0x44, {1, 3, 3, 1, 0x65})));   // positions not rising
  EXPECT_FALSE(accepts(stream(0x44, {1, 3, 1, 1, 0x65})));   // a position twice
  EXPECT_FALSE(accepts(stream(0x44, {1, 3, 1, 4, 0x65})));   // past n
  EXPECT_FALSE(accepts(stream(0x44, {4, 0, 0, 1, 2, 3, 3, 0, 0, 0})));  // more patches than values
  EXPECT_FALSE(accepts(stream(0x44, {0, 28, 2, 0xff, 0xff, 0xff, 0xff})));  // wider than 32 bits
  for (size_t len = 0; len < 8; ++len) EXPECT_FALSE(accepts(stream(0x44, {1, 3, 1, 3, 0x65}).substr(0, len))) << len;
  EXPECT_FALSE(accepts(stream(0x61, {1, 3, 1, 3, 0x65})));   // base width over 32
  EXPECT_TRUE(accepts(stream(0x44, {0, 27, 2, 0xff, 0xff, 0xff, 0x0f})));  // exactly 32 bits
  EXPECT_EQ(out[2], 0xfffffff3u);
  // The most patches a stream holds (their positions compared many at a
  // time): any one position not above the one before it is refused.
  {
    std::vector<uint32_t> v(kBlockSize, 1);
    for (uint32_t k = 0; k < kMaxPatches; ++k) v[3 * k + 2] = 0x300 + k;
    std::string good;
    PackValues(v.data(), kBlockSize, good);
    ASSERT_EQ(static_cast<uint8_t>(good[1]) + 1u, kMaxPatches);
    std::vector<uint32_t> o(kBlockSize);
    Padded in(good);
    const uint8_t* p = in.begin();
    ASSERT_TRUE(UnpackValues(p, in.end(), kBlockSize, o.data()));
    ASSERT_EQ(o, v);
    for (uint32_t k = 0; k < kMaxPatches; ++k) {
      for (int how = 0; how < 3; ++how) {
        std::string bad = good;
        uint8_t& at = reinterpret_cast<uint8_t&>(bad[3 + k]);
        const uint8_t before = k > 0 ? static_cast<uint8_t>(bad[2 + k]) : 0;
        if (how == 0 && k == 0) continue;
        at = how == 0 ? before : (how == 1 ? uint8_t(before - 1) : uint8_t(0x80 | at));  // equal, below, or past 127 (below as signed bytes)
        Padded hostile(bad);
        const uint8_t* q = hostile.begin();
        EXPECT_FALSE(UnpackValues(q, hostile.end(), kBlockSize, o.data())) << k << " " << how;
      }
    }
  }
  // More patches than any stream may hold, with every position valid.
  std::string s(1, static_cast<char>(0x41));
  s.push_back(static_cast<char>(kMaxPatches));  // kMaxPatches + 1 patches
  s.push_back(0);
  for (uint32_t k = 0; k <= kMaxPatches; ++k) s.push_back(static_cast<char>(k));
  s.append((kMaxPatches + 1 + 7) / 8, '\xff');
  s.append(kBlockSize / 8, '\xff');  // the base bits
  Padded in(s);
  const uint8_t* p = in.begin();
  std::vector<uint32_t> o(kBlockSize);
  EXPECT_FALSE(UnpackValues(p, in.end(), kBlockSize, o.data()));
}

// Docid gaps with outliers (a term dense in places, then a long jump): the
// patched gaps are summed like any others, and a patch that wraps is refused.
TEST(DecodeTest, PatchedDocGapsSumAndRejectWraps) {
  std::mt19937 rng(37);
  for (uint32_t n : {2u, 9u, 64u, kBlockSize})
    for (uint32_t ne : {1u, 2u, 5u})
      for (uint32_t hw : {3u, 12u, 20u}) {
        std::vector<uint32_t> docs(n);
        uint32_t d = 0;
        const std::vector<uint32_t> gaps = Outliers(rng, n, 2, hw, std::min(ne, n));
        for (uint32_t i = 0; i < n; ++i) docs[i] = d += gaps[i] + 1;
        std::string s;
        PackValues(gaps.data(), n, s);
        if (n >= 64 && hw >= 12) {  // where the patches pay
          ASSERT_TRUE(static_cast<uint8_t>(s[0]) & 0x40) << n << " " << ne << " " << hw;
        }
        Padded in(s);
        DocBlock b;
        ASSERT_TRUE(DecodeDocs(in.begin(), in.end(), n, 0, b));
        for (uint32_t i = 0; i < n; ++i) ASSERT_EQ(b.docs[i], docs[i]) << n << " " << i;
        // The same gaps after a docid so high that the patched sum passes 2^32 - 1.
        DocBlock w;
        EXPECT_FALSE(DecodeDocs(in.begin(), in.end(), n, 0xffffffffu - docs[n - 1] + 1, w));
        EXPECT_TRUE(DecodeDocs(in.begin(), in.end(), n, 0xffffffffu - docs[n - 1], w));
        EXPECT_EQ(w.docs[n - 1], 0xffffffffu);
        // A block's doc stream is that stream (no title: the caller's flag bit
        // is clear), and decodes alike.
        std::vector<uint32_t> ones(n, 1), zeros(n, 0);
        std::string block;
        EncodeDocBlock(docs.data(), zeros.data(), ones.data(), nullptr, n, 0, block);
        EXPECT_EQ(block.substr(0, s.size()), s);
        Padded fin(block);
        DocBlock f;
        ASSERT_TRUE(DecodeDocs(fin.begin(), fin.end(), n, 0, f));
        for (uint32_t i = 0; i < n; ++i) ASSERT_EQ(f.docs[i], docs[i]) << n << " " << i;
      }
}

// The AVX2 decoders against the scalar ones, both run explicitly: every
// width and block length, values with and without patches, docids from
// starts near 2^32 - 1 (the last one exactly there, then one past: a wrap
// both refuse), streams cut short. Equal values, verdicts and stream ends.
TEST(DecodeTest, Avx2DecodersMatchScalar) {
  if (!CodecIsaSupported(CodecIsa::kAvx2)) GTEST_SKIP() << "this CPU has no AVX2: only the scalar decoders can run";
  std::mt19937 rng(53);
  auto same_unpack = [](const std::string& s, uint32_t n) {
    Padded in(s);
    const uint8_t *p = in.begin(), *q = in.begin();
    std::vector<uint32_t> a(n, 1), b(n, 2);
    const bool ok = UnpackValuesWith(CodecIsa::kScalar, p, in.end(), n, a.data());
    EXPECT_EQ(UnpackValuesWith(CodecIsa::kAvx2, q, in.end(), n, b.data()), ok) << n;
    if (!ok) return false;
    EXPECT_EQ(p, q) << n;
    EXPECT_EQ(a, b) << n;
    return true;
  };
  // DecodeDocs from `prev` with either set: both refuse, or both give `want`.
  auto same_docs = [](const std::string& s, uint32_t n, uint32_t prev, const std::vector<uint32_t>& gaps) {
    bool wraps = false;
    uint64_t last = 0;
    const std::vector<uint32_t> want = DocsFromGaps(prev, gaps, n, wraps, &last);
    Padded in(s);
    for (CodecIsa isa : {CodecIsa::kScalar, CodecIsa::kAvx2}) {
      DocBlock b;
      const bool ok = DecodeDocsWith(isa, in.begin(), in.end(), n, prev, b);
      EXPECT_EQ(ok, !wraps) << "isa=" << int(isa) << " n=" << n << " prev=" << prev;
      if (!ok) continue;
      EXPECT_EQ(b.tf_data, in.end());
      EXPECT_TRUE(std::equal(want.begin(), want.end(), b.docs)) << "isa=" << int(isa) << " n=" << n << " prev=" << prev;
    }
    return last;  // the last docid, 64 bits wide (from kNoPrevDoc: 2^64 - 1 + the steps)
  };
  // Starts: the usual ones, then the highest that still fits and one past it.
  auto every_start = [&](const std::string& s, uint32_t n, const std::vector<uint32_t>& gaps) {
    for (uint32_t prev : {kNoPrevDoc, 0u, 1000u, 0xfffff000u}) same_docs(s, n, prev, gaps);
    const uint64_t span = same_docs(s, n, 0, gaps);  // sum of (gap + 1): last docid from 0
    if (span < 0xffffffffull) {
      const uint32_t top = static_cast<uint32_t>(0xffffffffull - span);
      same_docs(s, n, top, gaps);  // the last docid is 2^32 - 1
      if (top + 1 != kNoPrevDoc) same_docs(s, n, top + 1, gaps);  // wraps
    }
  };
  size_t streams = 0, patched = 0;
  for (uint32_t w = 0; w <= 32; ++w) {
    for (uint32_t n = 1; n <= kBlockSize; ++n) {
      const std::vector<uint32_t> v = RandomValues(rng, w, n);
      std::string s;
      PackValues(v.data(), n, s);
      ASSERT_TRUE(same_unpack(s, n)) << "w=" << w << " n=" << n;
      every_start(s, n, v);
      if (w > 0) {
        EXPECT_FALSE(same_unpack(s.substr(0, s.size() - 1), n)) << "w=" << w << " n=" << n;
      }
      ++streams;
    }
  }
  for (uint32_t b = 0; b < 32; ++b)
    for (uint32_t hw : {1u, 3u, 8u, 32u - b})
      for (uint32_t ne : {1u, 3u, kMaxPatches})
        for (uint32_t n : {1u, 7u, 8u, 9u, 33u, 63u, 64u, 65u, 127u, 128u}) {
          if (hw == 0 || b + hw > 32 || ne > n) continue;
          const std::vector<uint32_t> v = Outliers(rng, n, b, hw, ne);
          std::string s;
          PackValues(v.data(), n, s);
          patched += (static_cast<uint8_t>(s[0]) & 0x40) != 0;
          ASSERT_TRUE(same_unpack(s, n)) << b << " " << hw << " " << ne << " " << n;
          every_start(s, n, v);
          ++streams;
        }
  EXPECT_GT(patched, 500u);  // both sums (patched and not) were compared
  EXPECT_GT(streams, 33u * kBlockSize);
}

// Body tfs mostly small with a few large ones (patched): read in place, one
// posting at a time, they agree with the whole-block decode and the input.
TEST(DecodeTest, PatchedTfsInPlaceAndDecodedAgree) {
  std::mt19937 rng(43);
  for (uint32_t n : {1u, 8u, 33u, 100u, kBlockSize})
    for (uint32_t ne : {0u, 1u, 4u, kMaxPatches})
      for (int titles = 0; titles < 2; ++titles) {
        if (ne > n) continue;
        std::vector<uint32_t> docs(n), tt(n), tb = Outliers(rng, n, 1, 9, ne);
        std::vector<uint8_t> nb(n);
        for (uint32_t i = 0; i < n; ++i) {
          docs[i] = 3 * i;
          tt[i] = titles && i % 3 == 0 ? (i % 30 == 0 ? 700 + i : 1) : 0;  // patched title tfs too
          nb[i] = i % 5 == 0;
        }
        std::string s;
        EncodeDocBlock(docs.data(), tt.data(), tb.data(), nb.data(), n, kNoPrevDoc, s);
        Padded in(s);
        DocBlock b;
        ASSERT_TRUE(DecodeDocs(in.begin(), in.end(), n, kNoPrevDoc, b));
        ASSERT_TRUE(ParseTfs(b));
        for (uint32_t i = 0; i < n; ++i) {
          ASSERT_EQ(TfBody(b, i), tb[i]) << n << " " << ne << " " << i;
          ASSERT_EQ(TfTitle(b, i), tt[i]) << n << " " << ne << " " << i;
          ASSERT_EQ(NonBare(b, i), nb[i] != 0);
        }
        ASSERT_TRUE(DecodeTfs(b));
        for (uint32_t i = 0; i < n; ++i) {
          ASSERT_EQ(b.tf_body[i], tb[i]);
          ASSERT_EQ(b.tf_title[i], tt[i]);
        }
      }
}

// The skip table: docids and offsets exact, score bounds on the safe side
// of every stored value (upper bounds up, lower bounds down), max_w within
// 2^-11 of its value; malformed headers and cut tables refused.
TEST(DecodeTest, SkipTableRoundTripsWithSafeBounds) {
  std::mt19937 rng(47);
  for (uint32_t nb : {2u, 3u, 17u, 300u}) {
    for (uint32_t scale : {1u, 300u, 70000u, 1u << 26}) {
      std::vector<BlockMeta> m(nb);
      uint32_t doc = 0, doff = 0, poff = 0;
      for (uint32_t b = 0; b < nb; ++b) {
        m[b].last_doc = doc += 1 + rng() % (scale + 1);
        m[b].doc_offset = doff;
        m[b].pos_offset = scale == 1 ? 0 : poff;
        doff += 1 + rng() % std::min(scale, 1u << 22);
        poff += 1 + rng() % std::min(scale, 1u << 20);
        m[b].max_tf_body = rng() % 4 == 0 ? rng() % (scale + 1) : 1 + rng() % 70000;
        m[b].max_tf_title = static_cast<uint16_t>(rng() % (b % 2 ? 300 : 5));
        m[b].min_len_title = static_cast<uint16_t>(rng() % (b % 2 ? 400 : 20));
        m[b].min_len_body = rng() % (b % 3 ? 100000 : 500);
        const float choices[] = {0.0f, 1e-7f, 0.7f, 3.25f, 1234.567f, 65503.0f, 65536.0f, 1e9f};
        m[b].max_w = rng() % 2 ? choices[rng() % 8] : static_cast<float>(rng() % 100000) / 997.0f;
      }
      std::string s = "x";
      SkipTable::Encode(m.data(), nb, s);
      s += "block data";
      Padded in(s);
      SkipTable t;
      ASSERT_TRUE(t.Open(in.begin() + 1, in.end(), nb));
      ASSERT_EQ(t.bytes(), s.size() - 1 - 10);
      for (uint32_t b = 0; b < nb; ++b) {
        const BlockMeta r = t.Meta(b);
        ASSERT_EQ(t.last_doc(b), m[b].last_doc);
        ASSERT_EQ(r.last_doc, m[b].last_doc);
        ASSERT_EQ(t.doc_offset(b), m[b].doc_offset);
        ASSERT_EQ(r.doc_offset, m[b].doc_offset);
        ASSERT_EQ(t.pos_offset(b), m[b].pos_offset);
        ASSERT_EQ(r.pos_offset, m[b].pos_offset);
        ASSERT_GE(r.max_tf_body, m[b].max_tf_body);
        if (m[b].max_tf_body < 0xffff) {
          ASSERT_EQ(r.max_tf_body, m[b].max_tf_body);
        }
        // Title tfs past a byte read as unbounded (65535).
        ASSERT_EQ(r.max_tf_title, m[b].max_tf_title < 255 ? m[b].max_tf_title : 65535);
        ASSERT_LE(r.min_len_title, m[b].min_len_title);
        ASSERT_EQ(r.min_len_title, std::min<uint32_t>(m[b].min_len_title, 255));
        ASSERT_LE(r.min_len_body, m[b].min_len_body);
        ASSERT_EQ(r.min_len_body, std::min<uint32_t>(m[b].min_len_body, 0xffff));
        ASSERT_GE(r.max_w, m[b].max_w) << m[b].max_w;
        if (m[b].max_w >= 1.0f / 65536 && m[b].max_w < 65000.0f) {
          ASSERT_LE(r.max_w, m[b].max_w * (1 + 1.0f / 2048));
        }
      }
      for (size_t len = 0; len < t.bytes(); len += 1 + len / 3) {
        Padded cut(s.substr(1, len));
        SkipTable c;
        EXPECT_FALSE(c.Open(cut.begin(), cut.end(), nb)) << len;
      }
    }
  }
  for (uint8_t head : {uint8_t(5), uint8_t(5 << 3), uint8_t(0xff)}) {
    std::string s(1, static_cast<char>(head));
    s.append(200, '\0');
    Padded in(s);
    SkipTable t;
    EXPECT_FALSE(t.Open(in.begin(), in.end(), 2)) << int(head);
  }
}

}  // namespace
}  // namespace riwaya::index
