#include "index/codec.h"

#include <array>
#include <cstring>
#include <utility>

#include "index/document.h"

namespace riwaya::index {

void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool GetVarint(const uint8_t*& p, const uint8_t* end, uint64_t& v) {
  uint64_t r = 0;
  for (int shift = 0; shift < 64 && p < end; shift += 7) {
    uint8_t byte = *p++;
    r |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      v = r;
      return true;
    }
  }
  return false;
}

// Doc blocks are bit-packed (frame of reference, one width per stream):
//   [w][deltas-1]  [w][tf_body]  [flags]  ([title bitmap][w][title tfs])  ([nonbare bitmap])
// Readers load 8 bytes at a time; sections are padded so that never leaves the mapping.
namespace {

uint32_t BitsFor(uint32_t v) { return v == 0 ? 0 : 32 - static_cast<uint32_t>(__builtin_clz(v)); }

void Pack(const uint32_t* v, uint32_t n, std::string& out) {
  uint32_t mx = 0;
  for (uint32_t i = 0; i < n; ++i) mx |= v[i];
  const uint32_t w = BitsFor(mx);
  out.push_back(static_cast<char>(w));
  if (w == 0) return;
  uint64_t acc = 0;
  uint32_t have = 0;
  for (uint32_t i = 0; i < n; ++i) {
    acc |= uint64_t(v[i]) << have;
    have += w;
    while (have >= 8) {
      out.push_back(static_cast<char>(acc & 0xff));
      acc >>= 8;
      have -= 8;
    }
  }
  if (have > 0) out.push_back(static_cast<char>(acc & 0xff));
}

inline uint64_t Load64(const uint8_t* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// Width-specialised unpack: every value's byte offset and shift are constants
// inside a group of 8 (8 values of W bits take exactly W bytes), so a group is
// 8 independent unaligned loads. A value starts at most 7 bits into its byte
// and W <= 32, so one 8-byte load always covers it; the load may run up to 7
// bytes past the stream, which the padding covers. With kDelta the values are
// docid gaps (stored minus one) and come out as running docids: `acc` holds
// the previous docid, 64 bits wide so that a wrap shows up as acc > 2^32 - 1.
template <uint32_t W, bool kDelta>
uint64_t UnpackW(const uint8_t* p, uint32_t n, uint64_t acc, uint32_t* out) {
  constexpr uint64_t kMask = W == 32 ? 0xffffffffull : ((uint64_t(1) << W) - 1);
  // Value j of the group starting at q (j < 8 in whole groups: constant offsets).
  auto value = [](const uint8_t* q, uint32_t j) -> uint32_t {
    if constexpr (W == 0) {
      (void)q;
      (void)j;
      return 0;
    } else {
      const uint32_t bit = j * W;
      return static_cast<uint32_t>((Load64(q + (bit >> 3)) >> (bit & 7)) & kMask);
    }
  };
  for (uint32_t g = n / 8; g > 0; --g, p += W, out += 8) {
    uint32_t v[8];
#pragma GCC unroll 8
    for (uint32_t j = 0; j < 8; ++j) v[j] = value(p, j);
    if constexpr (kDelta) {
#pragma GCC unroll 8
      for (uint32_t j = 0; j < 8; ++j) out[j] = static_cast<uint32_t>(acc += uint64_t(v[j]) + 1);
    } else {
#pragma GCC unroll 8
      for (uint32_t j = 0; j < 8; ++j) out[j] = v[j];
    }
  }
  for (uint32_t j = 0; j < n % 8; ++j) {
    if constexpr (kDelta) {
      out[j] = static_cast<uint32_t>(acc += uint64_t(value(p, j)) + 1);
    } else {
      out[j] = value(p, j);
    }
  }
  return acc;
}

using UnpackFn = uint64_t (*)(const uint8_t*, uint32_t, uint64_t, uint32_t*);

template <bool kDelta, size_t... W>
constexpr std::array<UnpackFn, sizeof...(W)> MakeUnpackTable(std::index_sequence<W...>) {
  return {&UnpackW<static_cast<uint32_t>(W), kDelta>...};
}
// Indexed by bit width, 0..32: the width is dispatched once per stream.
constexpr auto kUnpack = MakeUnpackTable<false>(std::make_index_sequence<33>());
constexpr auto kUnpackDelta = MakeUnpackTable<true>(std::make_index_sequence<33>());

// Checks a packed stream of n values at p (its width byte and length) and
// steps p past the width byte; returns the width, or -1 if it does not fit
// before `end`. `bytes` receives the stream's length after the width byte.
inline int CheckStream(const uint8_t*& p, const uint8_t* end, uint32_t n, size_t& bytes) {
  if (p >= end) return -1;
  const uint32_t w = *p++;
  if (w > 32) return -1;
  bytes = (size_t(n) * w + 7) / 8;
  if (static_cast<size_t>(end - p) < bytes) return -1;
  return static_cast<int>(w);
}

// Reads a packed stream of n values at p; false if it does not fit before `end`.
bool Unpack(const uint8_t*& p, const uint8_t* end, uint32_t n, uint32_t* out) {
  size_t bytes;
  const int w = CheckStream(p, end, n, bytes);
  if (w < 0) return false;
  kUnpack[w](p, n, 0, out);
  p += bytes;
  return true;
}

void PutBitmap(const uint32_t* v, uint32_t n, std::string& out) {
  for (uint32_t i = 0; i < n; i += 8) {
    uint8_t byte = 0;
    for (uint32_t k = 0; k < 8 && i + k < n; ++k)
      if (v[i + k]) byte |= uint8_t(1u << k);
    out.push_back(static_cast<char>(byte));
  }
}

}  // namespace

void PackValues(const uint32_t* v, uint32_t n, std::string& out) { Pack(v, n, out); }
bool UnpackValues(const uint8_t*& p, const uint8_t* end, uint32_t n, uint32_t* out) {
  return Unpack(p, end, n, out);
}

void EncodeDocBlock(const uint32_t* docs, const uint32_t* tf_title, const uint32_t* tf_body,
                    const uint8_t* nonbare, uint32_t n, uint32_t prev_doc, std::string& out) {
  uint32_t tmp[kBlockSize];
  uint32_t prev = prev_doc;
  for (uint32_t i = 0; i < n; ++i) {
    tmp[i] = docs[i] - prev - 1;  // prev_doc = kNoPrevDoc before the first block: wraps to docs[0]
    prev = docs[i];
  }
  Pack(tmp, n, out);
  Pack(tf_body, n, out);
  uint32_t titles[kBlockSize], nt = 0, has_title[kBlockSize], nb[kBlockSize];
  bool any_nonbare = false;
  for (uint32_t i = 0; i < n; ++i) {
    has_title[i] = tf_title[i] > 0;
    if (tf_title[i] > 0) titles[nt++] = tf_title[i];
    nb[i] = nonbare && nonbare[i];
    any_nonbare |= nb[i] != 0;
  }
  out.push_back(static_cast<char>((nt > 0 ? 1 : 0) | (any_nonbare ? 2 : 0)));
  if (nt > 0) {
    PutBitmap(has_title, n, out);
    Pack(titles, nt, out);
  }
  if (any_nonbare) PutBitmap(nb, n, out);
}

void EncodePositionBlock(const uint32_t* positions, const uint32_t* tf_title,
                         const uint32_t* tf_body, uint32_t n, std::string& out) {
  // LEB128 per delta: smaller than streamvbyte for these gaps, and one
  // document's positions can be reached by counting terminator bytes.
  size_t k = 0;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t c = tf_title[i] + tf_body[i];
    uint32_t prev = 0;
    for (uint32_t j = 0; j < c; ++j, ++k) {
      // The first body position restarts from kBodyBase: no 4-byte jump.
      if (j == tf_title[i]) prev = kBodyBase;
      PutVarint(out, positions[k] - prev);
      prev = positions[k];
    }
  }
}

const uint8_t* SkipVarints(const uint8_t* p, const uint8_t* end, uint64_t count) {
  while (count >= 8 && end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    uint64_t stops = ~w & 0x8080808080808080ull;
    uint64_t t = static_cast<uint64_t>(Popcount64(stops));
    if (t > count) break;
    p += 8;
    count -= t;
  }
  while (count > 0 && p < end) {
    if (!(*p++ & 0x80)) --count;
  }
  return count == 0 ? p : nullptr;
}

bool DecodeDocs(const uint8_t* p, const uint8_t* end, uint32_t n, uint32_t prev_doc, DocBlock& b) {
  if (n == 0 || n > kBlockSize) return false;
  size_t bytes;
  const int w = CheckStream(p, end, n, bytes);
  if (w < 0) return false;
  // Before the first block, "previous docid" is -1: the first gap is the docid.
  const uint64_t start = prev_doc == kNoPrevDoc ? ~uint64_t(0) : prev_doc;
  // Every step adds at least 1, so the docids rise strictly unless they wrapped.
  if (kUnpackDelta[w](p, n, start, b.docs) > 0xffffffffull) return false;
  b.n = n;
  b.tf_data = p + bytes;
  b.end = end;
  b.tfs_ready = false;
  b.tfs_parsed = false;
  return true;
}

bool ParseTfs(DocBlock& b) {
  const uint8_t* p = b.tf_data;
  const uint8_t* end = b.end;
  if (p >= end) return false;
  b.tf_w = *p++;
  if (b.tf_w > 32) return false;
  size_t bytes = (size_t(b.n) * b.tf_w + 7) / 8;
  if (static_cast<size_t>(end - p) < bytes) return false;
  b.tf_p = p;
  p += bytes;
  if (p >= end) return false;
  const uint8_t flags = *p++;
  const size_t bitmap = (b.n + 7) / 8;
  b.title_bits = b.nonbare_bits = nullptr;
  if (flags & 1) {
    if (static_cast<size_t>(end - p) < bitmap + 1) return false;
    b.title_bits = p;
    uint32_t nt = 0;
    // Bitmaps are padded: whole 8-byte loads, the bytes past the bitmap masked off.
    for (size_t k = 0; k < bitmap; k += 8) {
      const uint64_t word = Load64(p + k);
      nt += Popcount64(bitmap - k >= 8 ? word : word & ((uint64_t(1) << (8 * (bitmap - k))) - 1));
    }
    if (nt > b.n) return false;  // flags past the last posting
    b.title_n = nt;
    p += bitmap;
    b.title_w = *p++;
    if (b.title_w > 32) return false;
    size_t tbytes = (size_t(nt) * b.title_w + 7) / 8;
    if (static_cast<size_t>(end - p) < tbytes) return false;
    b.title_p = p;
    p += tbytes;
  }
  if (flags & 2) {
    if (static_cast<size_t>(end - p) < bitmap) return false;
    b.nonbare_bits = p;
  }
  b.tfs_parsed = true;
  return true;
}

bool DecodeTfs(DocBlock& b) {
  if (!b.tfs_parsed && !ParseTfs(b)) return false;
  kUnpack[b.tf_w](b.tf_p, b.n, 0, b.tf_body);
  std::memset(b.tf_title, 0, sizeof(uint32_t) * b.n);
  if (b.title_bits) {
    uint32_t titles[kBlockSize];
    kUnpack[b.title_w](b.title_p, b.title_n, 0, titles);
    uint32_t k = 0;
    for (uint32_t i = 0; i < b.n; ++i)
      if ((b.title_bits[i >> 3] >> (i & 7)) & 1) b.tf_title[i] = titles[k++];
  }
  b.tfs_ready = true;
  return true;
}

}  // namespace riwaya::index
