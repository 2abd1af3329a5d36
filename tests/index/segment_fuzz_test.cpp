// Every byte of a small v6 segment flipped in turn, with the checksum made
// valid again so that the reader's own checks (not the checksum) must catch
// it: opening either fails with a Status or yields a reader whose every term,
// form, posting, position and variant id can be walked without reading out
// of bounds (run under ASan) and without aborting.
#include <gtest/gtest.h>
#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "index/document.h"
#include "index/postings.h"
#include "index/segment.h"
#include "index/postings_fixtures.h"

namespace riwaya::index {
namespace {

// segment.cpp's header: 256 bytes, the XXH64 of the rest at byte 128.
constexpr size_t kHeaderSize = 256;
constexpr size_t kChecksumAt = 128;

void Reseal(std::string& bytes) {
  const uint64_t h = XXH64(bytes.data() + kHeaderSize, bytes.size() - kHeaderSize, 0);
  std::memcpy(bytes.data() + kChecksumAt, &h, sizeof(h));
}

std::string SmallSegment() {
  std::mt19937 rng(4);
  const uint32_t ndocs = 300;
  SegmentBuilder b({"وكالة"}, {"سياسة", "اقتصاد"});
  for (uint32_t d = 0; d < ndocs; ++d) {
    DocColumns c;
    c.seq = d + 1;
    c.len_title = 4;
    c.len_body = 30 + d % 5;
    c.category = d % 2;
    b.AddDoc(c);
  }
  const std::vector<std::string> names = {"والنفط", "بالنفط", "للنفط", "وسوق", "السوق"};
  const char* terms[] = {"سوق", "نفط"};
  for (uint32_t t = 0; t < 2; ++t) {
    const PostingList pl = RandomPostingList(
        rng, ndocs, 9, [&](uint32_t d) { return t == 0 ? d % 9 == 0 : d % 3 != 0; },  // one block and three
        [&] { return t == 0 ? 3 + rng() % 2 : rng() % 3; });
    b.AddTerm(terms[t], pl, &names);
  }
  return b.Finish();
}

// Walks everything the reader serves; returns how much it read.
size_t WalkAll(const SegmentReader& r) {
  size_t seen = 0;
  auto walk = [&](const TermInfo& info) {
    PostingCursor c;
    c.Init(info, r.num_docs());
    for (int guard = 0; c.doc() != kEndDoc && guard < 1000; ++guard) {
      uint32_t n = 0, nv = 0;
      seen += c.tf_title() + c.tf_body();
      c.positions(n);
      c.variants(nv);
      seen += n + nv;
      c.Next();
    }
    c.Init(info, r.num_docs());
    c.SkipTo(150);
    uint32_t n = 0;
    c.positions(n);
  };
  std::vector<std::string> forms;
  r.ForEachTerm([&](std::string_view, const TermInfo& info) { walk(info); });
  r.ForEachForm([&](std::string_view f, uint32_t, uint32_t) { forms.emplace_back(f); });
  for (const auto& f : forms) {
    TermInfo info;
    if (r.Find(std::string(1, kFormPrefix) + f, info)) walk(info);
  }
  for (const char* t : {"سوق", "نفط"}) {
    TermInfo info;
    if (r.Find(t, info)) walk(info);
  }
  return seen;
}

// Every byte of `bytes` from `from` on (the checksum excepted) flipped by each
// of `masks` and resealed: the image is refused as Corrupt, or it opens and
// `read` walks it. Counts both outcomes (a test should see each).
struct Flips {
  size_t refused = 0, opened = 0;
};
template <typename Read>
Flips FlipEveryByte(const std::string& bytes, size_t from, std::initializer_list<uint8_t> masks, Read read) {
  Flips f;
  for (size_t at = from; at < bytes.size(); ++at) {
    if (at >= kChecksumAt && at < kChecksumAt + 8) continue;
    for (uint8_t mask : masks) {
      std::string bad = bytes;
      bad[at] = static_cast<char>(bad[at] ^ mask);
      Reseal(bad);
      auto r = SegmentReader::FromBytes(bad, "flipped");
      if (!r.ok()) {
        EXPECT_EQ(r.status().code(), Status::Code::kCorrupt) << at;
        ++f.refused;
        continue;
      }
      ++f.opened;
      read(**r, at);
    }
  }
  return f;
}

TEST(SegmentFuzzTest, EveryByteFlippedIsRefusedOrReadSafely) {
  const std::string bytes = SmallSegment();
  auto ok = SegmentReader::FromBytes(bytes, "ok");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  const size_t clean = WalkAll(**ok);
  EXPECT_GT(clean, 0u);
  const Flips f = FlipEveryByte(bytes, 0, {uint8_t(0x01), uint8_t(0x80), uint8_t(0xff)},
                                [](const SegmentReader& seg, size_t) { WalkAll(seg); });
  EXPECT_GT(f.refused, 0u);
  EXPECT_GT(f.opened, 0u);
}

// The term table built at open walks the whole lexicon: a lexicon of three
// restarts with every byte flipped in turn is refused or serves lookups that
// stay inside the image (ASan checks the reads).
TEST(SegmentFuzzTest, LexiconOfSeveralRestartsFlipped) {
  SegmentBuilder b({"وكالة"}, {"سياسة"});
  const uint32_t ndocs = 20;
  for (uint32_t d = 0; d < ndocs; ++d) {
    DocColumns c;
    c.seq = d + 1;
    c.len_body = 10;
    b.AddDoc(c);
  }
  std::vector<std::string> terms;
  for (const char* root : {"درس", "كتب", "علم", "سفر", "حكم"})
    for (const char* tail : {"", "ة", "ات", "ين", "ون", "ي", "ه", "ها"}) terms.push_back(std::string(root) + tail);
  std::sort(terms.begin(), terms.end());
  for (uint32_t i = 0; i < terms.size(); ++i) {
    PostingList pl;
    for (uint32_t d = i % 3; d < ndocs; d += 1 + i % 4) {
      pl.docs.push_back(d);
      pl.tf_title.push_back(0);
      pl.tf_body.push_back(1);
      pl.positions.push_back(kBodyBase + 1 + i % 7);
    }
    b.AddTerm(terms[i], pl);
  }
  const std::string bytes = b.Finish();
  auto ok = SegmentReader::FromBytes(bytes, "ok");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  ASSERT_GT((*ok)->num_terms(), 32u);
  for (const auto& t : terms) {
    TermInfo info;
    EXPECT_TRUE((*ok)->Find(t, info)) << t;
  }
  const Flips f = FlipEveryByte(bytes, kHeaderSize, {uint8_t(0x01), uint8_t(0xff)},
                                [&](const SegmentReader& seg, size_t at) {
                                  for (const auto& t : terms) {
                                    TermInfo info;
                                    if (!seg.Find(t, info)) continue;
                                    EXPECT_LE(info.postings, info.postings_end) << at;
                                    EXPECT_LE(info.positions, info.positions_end) << at;
                                    PostingCursor c;
                                    c.Init(info, seg.num_docs());
                                    for (int guard = 0; c.doc() != kEndDoc && guard < 100; ++guard) c.Next();
                                  }
                                });
  EXPECT_GT(f.refused, 0u);
  EXPECT_GT(f.opened, 0u);
}

}  // namespace
}  // namespace riwaya::index
