// Shared fixtures for the codec/segment tests: encoded bytes in a buffer padded
// the way readers may overread, segment builders with plain documents, and
// random posting lists with exact forms.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "index/codec.h"
#include "index/document.h"
#include "index/segment.h"

namespace riwaya::index {

// PositionBlockReader::Decode into a vector: false where it refuses.
inline bool DecodeInto(PositionBlockReader& r, uint32_t i, std::vector<uint32_t>& out) {
  uint32_t n = 0;
  const uint32_t* p = r.Decode(i, n);
  if (!p) return false;
  out.assign(p, p + n);
  return true;
}

// A reference bit writer for layouts written by hand: bits appended one at a
// time, LSB-first, a byte at a time.
struct RefBits {
  std::string out;
  uint64_t n = 0;
  void Put(uint64_t v, uint32_t w) {
    for (uint32_t k = 0; k < w; ++k, ++n) {
      if (n % 8 == 0) out.push_back('\0');
      if ((v >> k) & 1) out.back() = static_cast<char>(out.back() | (1 << (n % 8)));
    }
  }
  // q zeros, then a one (a Rice code's high part).
  void Unary(uint64_t q) {
    for (; q > 0; --q) Put(0, 1);
    Put(1, 1);
  }
};

// Encoded bytes in a buffer of exactly their size plus the 8 bytes readers
// may load past a stream's end (segments pad every section with more),
// filled with garbage that must never leak into a decoded value.
class Padded {
 public:
  explicit Padded(const std::string& s) : size_(s.size()), buf_(new uint8_t[s.size() + kOverread]) {
    std::memcpy(buf_.get(), s.data(), s.size());
    std::memset(buf_.get() + s.size(), 0xa5, kOverread);
  }
  const uint8_t* begin() const { return buf_.get(); }
  const uint8_t* end() const { return buf_.get() + size_; }

 private:
  static constexpr size_t kOverread = 8;
  size_t size_;
  std::unique_ptr<uint8_t[]> buf_;
};

// A segment builder holding `ndocs` documents (seq d + 1), each with these
// field lengths and the one outlet and category.
inline SegmentBuilder BuilderWithDocs(uint32_t ndocs, uint32_t len_title = 0, uint32_t len_body = 0) {
  SegmentBuilder b({"o"}, {"c"});
  for (uint32_t d = 0; d < ndocs; ++d) {
    DocColumns c;
    c.seq = d + 1;
    c.len_title = len_title;
    c.len_body = len_body;
    b.AddDoc(c);
  }
  return b;
}

// A posting for each document d < ndocs that keep(d) accepts: 0–1 title and
// 1–3 body occurrences, position gaps 1..max_gap; half the postings are
// nonbare, their first occurrence written in form form() (an id into the
// caller's form names), the others bare.
template <typename Rng, typename Keep, typename Form>
PostingList RandomPostingList(Rng& rng, uint32_t ndocs, uint32_t max_gap, Keep keep, Form form) {
  PostingList pl;
  for (uint32_t d = 0; d < ndocs; ++d) {
    if (!keep(d)) continue;
    const uint32_t tt = rng() % 2, tb = 1 + rng() % 3;
    pl.docs.push_back(d);
    pl.tf_title.push_back(tt);
    pl.tf_body.push_back(tb);
    const bool nonbare = rng() % 2;
    pl.nonbare.push_back(nonbare);
    uint32_t p = 0;
    for (uint32_t k = 0; k < tt + tb; ++k) {
      if (k == tt) p = kBodyBase;
      pl.positions.push_back(p += 1 + rng() % max_gap);
      pl.forms.push_back(nonbare && k == 0 ? form() : kBareForm);
    }
  }
  return pl;
}

}  // namespace riwaya::index
