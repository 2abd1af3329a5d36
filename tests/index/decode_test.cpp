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
        uint64_t acc = prev == kNoPrevDoc ? ~uint64_t(0) : prev;
        bool wraps = false;
        std::vector<uint32_t> want(n);
        for (uint32_t i = 0; i < n; ++i) {
          acc += uint64_t(gaps[i]) + 1;
          wraps |= acc > 0xffffffffull;
          want[i] = static_cast<uint32_t>(acc);
        }
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

}  // namespace
}  // namespace riwaya::index
