#include "index/codec.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>  // AVX2 kernels: built per function (target attribute), chosen at run time
#define RIWAYA_X86_SIMD 1
#else
#define RIWAYA_X86_SIMD 0
#endif

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

// Doc blocks are patched frame-of-reference streams (PackedStream in codec.h):
//   [docs: gaps-1, flag = title]  [tf_body, flag = nonbare]  ([title bitmap][title tfs])  ([nonbare bitmap])
// Readers load 8 bytes at a time; sections are padded so that never leaves the mapping.
namespace {

uint32_t BitsFor(uint32_t v) { return v == 0 ? 0 : 32 - static_cast<uint32_t>(__builtin_clz(v)); }

// Appends a stream of `bits` bits to a string grown once to its final size,
// values LSB-first, 32 bits stored at a time (the encoders' inner loop:
// no per-byte growth checks). Values must fit their width (w <= 32).
class BitSink {
 public:
  BitSink(std::string& out, uint64_t bits) : out_(out), size_(out.size() + (bits + 7) / 8) {
    out.resize(size_ + 8);  // slack for the last whole-word store
    p_ = reinterpret_cast<uint8_t*>(out.data()) + (size_ - (bits + 7) / 8);
  }
  void Put(uint64_t v, uint32_t w) {
    acc_ |= v << have_;  // have_ < 32 and w <= 32: fits
    have_ += w;
    if (have_ >= 32) {
      Store32(static_cast<uint32_t>(acc_));
      acc_ >>= 32;
      have_ -= 32;
    }
  }
  // Writes the last bits and trims the slack.
  void Finish() {
    Store32(static_cast<uint32_t>(acc_));
    out_.resize(size_);
  }

 private:
  void Store32(uint32_t v) {  // byte stores: the compiler merges them into one
    p_[0] = static_cast<uint8_t>(v);
    p_[1] = static_cast<uint8_t>(v >> 8);
    p_[2] = static_cast<uint8_t>(v >> 16);
    p_[3] = static_cast<uint8_t>(v >> 24);
    p_ += 4;
  }
  std::string& out_;
  size_t size_;
  uint8_t* p_;
  uint64_t acc_ = 0;
  uint32_t have_ = 0;
};

inline uint64_t Mask(uint32_t w) { return (uint64_t(1) << w) - 1; }

// Writes v[0..n) as a patched stream (codec.h: PackedStream) with `flag` in
// the header's top bit. The base width is the one of least total bytes
// (ties: the wider, fewer patches) with at most kMaxPatches patches, from
// a histogram of the values' widths.
void Pack(const uint32_t* v, uint32_t n, bool flag, std::string& out) {
  uint32_t hist[33] = {};
  for (uint32_t i = 0; i < n; ++i) ++hist[BitsFor(v[i])];
  uint32_t w = 32;
  while (w > 0 && hist[w] == 0) --w;
  uint32_t best = w, ne = 0;
  uint64_t best_cost = (uint64_t(n) * w + 7) / 8;
  uint32_t above = 0;  // values wider than b
  for (uint32_t b = w; b-- > 0;) {
    above += hist[b + 1];
    if (above > kMaxPatches) break;
    const uint64_t cost = (uint64_t(n) * b + 7) / 8 + 2 + above + (uint64_t(above) * (w - b) + 7) / 8;
    if (cost < best_cost) {
      best_cost = cost;
      best = b;
      ne = above;
    }
  }
  out.push_back(static_cast<char>(best | (ne ? 0x40 : 0) | (flag ? 0x80 : 0)));
  if (ne > 0) {
    const uint32_t hw = w - best;
    out.push_back(static_cast<char>(ne - 1));
    out.push_back(static_cast<char>(hw - 1));
    for (uint32_t i = 0; i < n; ++i)
      if (v[i] >> best) out.push_back(static_cast<char>(i));
    BitSink bits(out, uint64_t(ne) * hw);
    for (uint32_t i = 0; i < n; ++i)
      if (v[i] >> best) bits.Put(v[i] >> best, hw);
    bits.Finish();
  }
  if (best > 0) {
    BitSink bits(out, uint64_t(n) * best);
    for (uint32_t i = 0; i < n; ++i) bits.Put(v[i] & Mask(best), best);
    bits.Finish();
  }
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

#if RIWAYA_X86_SIMD
// AVX2 unpack, compiled for AVX2 alone (the binary targets baseline x86-64:
// these run only where the CPU has it, see kKernels). A group of 8
// values is W bytes; each value's (at most 4) covering bytes are gathered
// into its 32-bit lane by one byte shuffle, then shifted right by its own
// bit offset and masked. Widths 1..25 only: a value then starts at most 7
// bits into its byte and ends within 4 bytes (7 + 25 <= 32). Wider values
// (26..32 bits: no real docid gap or tf) stay with the scalar kernels.
//
// Loads per group starting at q (all start inside the group, so inside the
// stream): W <= 8: 8 bytes at q (broadcast to every 64-bit lane); W 9..16:
// 16 bytes at q (to both 128-bit lanes); W 17..25: 16 bytes at q (values
// 0..3) and 16 at q + W / 2 (values 4..7). The last byte a group's loads
// touch is q + 7, q + 15 and q + W / 2 + 15: at most 8 - W, 16 - W and
// 16 - ceil(W / 2) bytes past the group's last byte q + W - 1, i.e. never
// more than 7 bytes past the stream's last byte: the same reach as the
// scalar 8-byte loads (codec.h: callers pad 8 bytes past a stream's end).
constexpr uint32_t kMaxSimdWidth = 25;

constexpr uint32_t LoadBytes(uint32_t w) { return w <= 8 ? 8 : 16; }
// Offset of 128-bit lane `lane`'s loaded bytes from the group's start.
constexpr uint32_t LaneBase(uint32_t w, uint32_t lane) { return w <= 16 ? 0 : lane * (w / 2); }

struct GroupLayout {
  alignas(32) uint8_t shuf[32];   // per 128-bit lane: indices into that lane's loaded bytes
  alignas(32) uint32_t shift[8];  // value j's bit offset within its first byte
};

constexpr GroupLayout MakeLayout(uint32_t w) {
  GroupLayout l{};
  for (uint32_t j = 0; j < 8; ++j) {
    const uint32_t bit = j * w - 8 * LaneBase(w, j / 4);
    l.shift[j] = bit % 8;
    for (uint32_t k = 0; k < 4; ++k) {
      const uint32_t idx = bit / 8 + k;
      // Bytes not loaded are not needed (LayoutFits): zeroed, not read.
      l.shuf[j * 4 + k] = static_cast<uint8_t>(idx < LoadBytes(w) ? idx : 0x80);
    }
  }
  return l;
}
// Every value of a group of width w lies in its lane's loaded bytes and in
// the 4 bytes its lane gathers (checked at compile time for every width).
constexpr bool LayoutFits(uint32_t w) {
  for (uint32_t j = 0; j < 8; ++j) {
    const uint32_t bit = j * w - 8 * LaneBase(w, j / 4);
    if ((bit + w - 1) / 8 >= LoadBytes(w) || bit % 8 + w > 32) return false;
  }
  return 8 * LaneBase(w, 1) <= 4 * w && LaneBase(w, 1) < w;
}
constexpr bool AllLayoutsFit() {
  for (uint32_t w = 1; w <= kMaxSimdWidth; ++w)
    if (!LayoutFits(w)) return false;
  return true;
}
static_assert(AllLayoutsFit());
// The delta kernels recover the sum of their values from 32-bit lanes: at
// most kBlockSize values below 2^25 sum to less than 2^32.
static_assert(uint64_t(kBlockSize) * ((uint64_t(1) << kMaxSimdWidth) - 1) <= 0xffffffffull);

template <uint32_t W>
struct Layout {
  static constexpr GroupLayout kValue = MakeLayout(W);
};

template <uint32_t W>
__attribute__((target("avx2"), always_inline)) inline __m256i LoadGroup(const uint8_t* q) {
  if constexpr (W <= 8) {
    return _mm256_set1_epi64x(static_cast<long long>(Load64(q)));
  } else if constexpr (W <= 16) {
    return _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q)));
  } else {
    return _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q))),
                                   _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + LaneBase(W, 1))), 1);
  }
}

// Running sums of 8 lanes of x plus `carry` (every lane the previous sum).
__attribute__((target("avx2"), always_inline)) inline __m256i PrefixSum8(__m256i x, __m256i carry) {
  x = _mm256_add_epi32(x, _mm256_slli_si256(x, 4));
  x = _mm256_add_epi32(x, _mm256_slli_si256(x, 8));
  // The low 128-bit lane's total onto the high lane (0x08: low lane zeroed).
  const __m256i t = _mm256_shuffle_epi32(x, 0xff);
  x = _mm256_add_epi32(x, _mm256_permute2x128_si256(t, t, 0x08));
  return _mm256_add_epi32(x, carry);
}

// UnpackW's contract, with kDelta only for n <= kBlockSize (the sums).
template <uint32_t W, bool kDelta>
__attribute__((target("avx2"))) uint64_t UnpackAvx2(const uint8_t* p, uint32_t n, uint64_t acc, uint32_t* out) {
  static_assert(W >= 1 && W <= kMaxSimdWidth);
  const __m256i shuf = _mm256_load_si256(reinterpret_cast<const __m256i*>(Layout<W>::kValue.shuf));
  const __m256i shift = _mm256_load_si256(reinterpret_cast<const __m256i*>(Layout<W>::kValue.shift));
  const __m256i mask = _mm256_set1_epi32(static_cast<int32_t>((uint32_t(1) << W) - 1));
  const uint32_t groups = n / 8;
  if constexpr (kDelta) {
    const __m256i one = _mm256_set1_epi32(1), last = _mm256_set1_epi32(7);
    __m256i carry = _mm256_set1_epi32(static_cast<int32_t>(static_cast<uint32_t>(acc)));
    for (uint32_t g = 0; g < groups; ++g, p += W, out += 8) {
      __m256i v = _mm256_srlv_epi32(_mm256_shuffle_epi8(LoadGroup<W>(p), shuf), shift);
      v = PrefixSum8(_mm256_add_epi32(_mm256_and_si256(v, mask), one), carry);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), v);
      carry = _mm256_permutevar8x32_epi32(v, last);
    }
    if (groups > 0) {
      // The lanes kept docids mod 2^32; the values' sum is below 2^32
      // (static_assert above), so it is their difference mod 2^32 and the
      // 64-bit total stays exact (a wrap still shows as acc > 2^32 - 1).
      const uint32_t steps = 8 * groups;
      acc += steps + static_cast<uint32_t>(out[-1] - static_cast<uint32_t>(acc) - steps);
    }
  } else {
    for (uint32_t g = 0; g < groups; ++g, p += W, out += 8) {
      const __m256i v = _mm256_srlv_epi32(_mm256_shuffle_epi8(LoadGroup<W>(p), shuf), shift);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), _mm256_and_si256(v, mask));
    }
  }
  // Clean upper halves before the scalar code: GCC adds no vzeroupper
  // before the tail call below, and SSE code run with dirty upper halves
  // pays for it (measured: without it, phrase queries ran ~4% slower than
  // with the scalar kernels; with it, ~4% faster).
  _mm256_zeroupper();
  // The last n % 8 values: the scalar kernel's partial group.
  return UnpackW<W, kDelta>(p, n % 8, acc, out);
}

template <uint32_t W, bool kDelta>
constexpr UnpackFn Avx2OrScalar() {
  if constexpr (W >= 1 && W <= kMaxSimdWidth) {
    return &UnpackAvx2<W, kDelta>;
  } else {
    return &UnpackW<W, kDelta>;
  }
}
template <bool kDelta, size_t... W>
constexpr std::array<UnpackFn, sizeof...(W)> MakeAvx2Table(std::index_sequence<W...>) {
  return {Avx2OrScalar<static_cast<uint32_t>(W), kDelta>()...};
}
#endif  // RIWAYA_X86_SIMD

// Whether the ne patch positions at idx rise strictly. 16 neighbour pairs
// at a time (SSE2: byte compares, unsigned through the sign bias) while the
// loads, idx[k - 1 .. k + 15], stay inside the ebytes patch bytes and the 8
// bytes of padding past the stream; the rest one at a time.
inline bool RisesStrictly(const uint8_t* idx, uint32_t ne, [[maybe_unused]] size_t ebytes) {
  uint32_t bad = 0, k = 1;
#if defined(__SSE2__)
  const __m128i bias = _mm_set1_epi8(static_cast<char>(0x80));
  for (; k < ne && k + 16 <= ebytes + 8; k += 16) {
    const __m128i prev = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(idx + k - 1)), bias);
    const __m128i cur = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(idx + k)), bias);
    const uint32_t rises = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpgt_epi8(cur, prev)));
    const uint32_t want = ne - k >= 16 ? 0xffffu : (1u << (ne - k)) - 1;
    bad |= (rises & want) ^ want;
  }
#endif
  for (; k < ne; ++k) bad |= idx[k] <= idx[k - 1];
  return bad == 0;
}

// Checks and locates a patched stream of n values at p (its header, base
// bits, patch positions and high bits) and steps p past it; false if it
// does not fit before `end` or its patches are malformed (positions not
// rising, or past n; a patched value wider than 32 bits). `flag` receives
// the header's top bit.
inline bool CheckStream(const uint8_t*& p, const uint8_t* end, uint32_t n, PackedStream& s, bool& flag) {
  if (p >= end) return false;
  const uint8_t h = *p++;
  s.w = h & 0x3f;
  flag = h & 0x80;
  if (s.w > 32) return false;
  s.ne = 0;
  if (h & 0x40) {
    if (end - p < 2) return false;
    s.ne = uint32_t(p[0]) + 1;
    s.hw = uint32_t(p[1]) + 1;
    if (s.ne > n || s.ne > kMaxPatches || s.w + s.hw > 32) return false;
    p += 2;
    const size_t ebytes = s.ne + (size_t(s.ne) * s.hw + 7) / 8;
    if (static_cast<size_t>(end - p) < ebytes) return false;
    s.idx = p;
    s.high = p + s.ne;
    if (s.idx[s.ne - 1] >= n || !RisesStrictly(s.idx, s.ne, ebytes)) return false;
    p += ebytes;
  }
  const size_t bytes = (size_t(n) * s.w + 7) / 8;
  if (static_cast<size_t>(end - p) < bytes) return false;
  s.low = p;
  p += bytes;
  return true;
}

// The patches of a checked stream, added to its n unpacked base values;
// returns their sum (what they added). Locals: the stores into `out` would
// otherwise reload the stream's fields every patch.
inline uint64_t Patch(const PackedStream& s, uint32_t* out) {
  const uint8_t* idx = s.idx;
  const uint8_t* high = s.high;
  const uint32_t ne = s.ne, hw = s.hw, w = s.w;
  uint64_t added = 0, bit = 0;
  for (uint32_t k = 0; k < ne; ++k, bit += hw) {
    const uint32_t h = BitsAt(high, bit, hw) << w;  // w + hw <= 32
    out[idx[k]] |= h;
    added += h;
  }
  return added;
}

// A position block's running tf sums: prefix[0] = 0 and prefix[j + 1] = the
// sum of tt[0..j] and tb[0..j] (32 bits, wrapping) for j < n; returns every
// tf or-ed (`any`) and the count of postings whose two tfs are zero.
struct TfSums {
  uint32_t any, empty;
};
using PrefixTfsFn = TfSums (*)(const uint32_t* tt, const uint32_t* tb, uint32_t n, uint32_t* prefix);

// From posting j on, one at a time (no early exit).
inline TfSums PrefixTfsTail(const uint32_t* tt, const uint32_t* tb, uint32_t j, uint32_t n, uint32_t* prefix,
                            TfSums r) {
  uint32_t sum = prefix[j];
  for (; j < n; ++j) {
    const uint32_t a = tt[j], b = tb[j];
    sum += a + b;
    prefix[j + 1] = sum;
    r.any |= a | b;
    r.empty += (a | b) == 0;
  }
  return r;
}

TfSums PrefixTfsScalar(const uint32_t* tt, const uint32_t* tb, uint32_t n, uint32_t* prefix) {
  uint32_t j = 0;
  TfSums r{0, 0};
  prefix[0] = 0;
#if defined(__SSE2__)
  // Four postings at a time: an in-register prefix sum, plus the carry.
  const __m128i zero = _mm_setzero_si128();
  __m128i run = zero, anyv = zero, emptyv = zero;
  for (; j + 4 <= n; j += 4) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(tt + j));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(tb + j));
    const __m128i ab = _mm_or_si128(a, b);
    anyv = _mm_or_si128(anyv, ab);
    emptyv = _mm_sub_epi32(emptyv, _mm_cmpeq_epi32(ab, zero));
    __m128i x = _mm_add_epi32(a, b);
    x = _mm_add_epi32(x, _mm_slli_si128(x, 4));
    x = _mm_add_epi32(x, _mm_slli_si128(x, 8));
    x = _mm_add_epi32(x, run);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(prefix + j + 1), x);
    run = _mm_shuffle_epi32(x, 0xff);
  }
  anyv = _mm_or_si128(anyv, _mm_shuffle_epi32(anyv, 0x4e));
  anyv = _mm_or_si128(anyv, _mm_shuffle_epi32(anyv, 0xb1));
  emptyv = _mm_add_epi32(emptyv, _mm_shuffle_epi32(emptyv, 0x4e));
  emptyv = _mm_add_epi32(emptyv, _mm_shuffle_epi32(emptyv, 0xb1));
  r.any = static_cast<uint32_t>(_mm_cvtsi128_si32(anyv));
  r.empty = static_cast<uint32_t>(_mm_cvtsi128_si32(emptyv));
#endif
  return PrefixTfsTail(tt, tb, j, n, prefix, r);
}

using SumPatchedFn = uint64_t (*)(const PackedStream&, uint32_t, uint64_t, uint32_t*);

// The decoders of one instruction set, indexed by bit width (0..32): the
// width is dispatched once per stream.
struct Kernels {
  CodecIsa isa;
  std::array<UnpackFn, 33> unpack, delta;
  SumPatchedFn sum_patched;
  PrefixTfsFn prefix_tfs;
};

// A checked stream's n values, by k's kernels; returns what its patches added.
inline uint64_t Unpack(const Kernels& k, const PackedStream& s, uint32_t n, uint32_t* out) {
  k.unpack[s.w](s.low, n, 0, out);
  return Patch(s, out);
}

// Docids from patched gaps, in `docs` (kBlockSize + 8 long): the gaps
// unpacked (by k's kernels) and patched in place, then summed four lanes at
// a time (no 64-bit chain through the block). Returns the last docid in 64
// bits (start + n + the gaps' sum: > 2^32 - 1 when the docids wrapped).
uint64_t SumPatchedGaps(const Kernels& k, const PackedStream& s, uint32_t n, uint64_t start, uint32_t* docs) {
  Unpack(k, s, n, docs);
#if defined(__SSE2__)
  std::memset(docs + n, 0, 4 * sizeof(uint32_t));  // the last group's spare lanes add nothing
  const __m128i one = _mm_set1_epi32(1), zero = _mm_setzero_si128();
  __m128i carry = _mm_set1_epi32(static_cast<int32_t>(static_cast<uint32_t>(start)));
  __m128i sum = zero;  // the gaps' sum, two 64-bit lanes
  for (uint32_t i = 0; i < n; i += 4) {
    const __m128i g = _mm_loadu_si128(reinterpret_cast<const __m128i*>(docs + i));
    sum = _mm_add_epi64(sum, _mm_add_epi64(_mm_unpacklo_epi32(g, zero), _mm_unpackhi_epi32(g, zero)));
    __m128i x = _mm_add_epi32(g, one);
    x = _mm_add_epi32(x, _mm_slli_si128(x, 4));
    x = _mm_add_epi32(x, _mm_slli_si128(x, 8));
    x = _mm_add_epi32(x, carry);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(docs + i), x);
    carry = _mm_shuffle_epi32(x, 0xff);
  }
  uint64_t lanes[2];
  std::memcpy(lanes, &sum, sizeof(lanes));
  return start + n + lanes[0] + lanes[1];
#else
  uint64_t acc = start;
  for (uint32_t i = 0; i < n; ++i) docs[i] = static_cast<uint32_t>(acc += uint64_t(docs[i]) + 1);
  return acc;
#endif
}

uint64_t SumPatchedScalar(const PackedStream& s, uint32_t n, uint64_t start, uint32_t* docs);
constexpr Kernels kScalarKernels = {CodecIsa::kScalar, MakeUnpackTable<false>(std::make_index_sequence<33>()),
                                    MakeUnpackTable<true>(std::make_index_sequence<33>()), &SumPatchedScalar,
                                    &PrefixTfsScalar};
uint64_t SumPatchedScalar(const PackedStream& s, uint32_t n, uint64_t start, uint32_t* docs) {
  return SumPatchedGaps(kScalarKernels, s, n, start, docs);
}

#if RIWAYA_X86_SIMD
uint64_t SumPatchedAvx2(const PackedStream& s, uint32_t n, uint64_t start, uint32_t* docs);
TfSums PrefixTfsAvx2(const uint32_t* tt, const uint32_t* tb, uint32_t n, uint32_t* prefix);
constexpr Kernels kAvx2Kernels = {CodecIsa::kAvx2, MakeAvx2Table<false>(std::make_index_sequence<33>()),
                                  MakeAvx2Table<true>(std::make_index_sequence<33>()), &SumPatchedAvx2,
                                  &PrefixTfsAvx2};

// PrefixTfsScalar eight postings at a time.
__attribute__((target("avx2"))) TfSums PrefixTfsAvx2(const uint32_t* tt, const uint32_t* tb, uint32_t n,
                                                     uint32_t* prefix) {
  const __m256i zero = _mm256_setzero_si256(), last = _mm256_set1_epi32(7);
  __m256i run = zero, anyv = zero, emptyv = zero;
  uint32_t j = 0;
  prefix[0] = 0;
  for (; j + 8 <= n; j += 8) {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(tt + j));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(tb + j));
    const __m256i ab = _mm256_or_si256(a, b);
    anyv = _mm256_or_si256(anyv, ab);
    emptyv = _mm256_sub_epi32(emptyv, _mm256_cmpeq_epi32(ab, zero));
    const __m256i x = PrefixSum8(_mm256_add_epi32(a, b), run);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(prefix + j + 1), x);
    run = _mm256_permutevar8x32_epi32(x, last);
  }
  alignas(32) uint32_t av[8], ev[8];
  _mm256_store_si256(reinterpret_cast<__m256i*>(av), anyv);
  _mm256_store_si256(reinterpret_cast<__m256i*>(ev), emptyv);
  TfSums r{0, 0};
  for (int k = 0; k < 8; ++k) {
    r.any |= av[k];
    r.empty += ev[k];
  }
  return PrefixTfsTail(tt, tb, j, n, prefix, r);
}

// SumPatchedGaps eight lanes at a time, for base widths the AVX2 unpack
// takes (wider ones: the scalar/SSE2 path). The docids are 32-bit running
// sums; the 64-bit total comes from the exact sum of the patches plus that
// of the base values, which is below 2^32 (at most kBlockSize values below
// 2^25): the difference of the last docid and everything else, mod 2^32.
__attribute__((target("avx2"))) uint64_t SumPatchedAvx2(const PackedStream& s, uint32_t n, uint64_t start,
                                                        uint32_t* docs) {
  if (s.w > kMaxSimdWidth) return SumPatchedScalar(s, n, start, docs);
  const uint64_t added = Unpack(kAvx2Kernels, s, n, docs);
  std::memset(docs + n, 0, 8 * sizeof(uint32_t));  // the last group's spare lanes: harmless sums past n
  const __m256i one = _mm256_set1_epi32(1), last = _mm256_set1_epi32(7);
  __m256i carry = _mm256_set1_epi32(static_cast<int32_t>(static_cast<uint32_t>(start)));
#pragma GCC unroll 2
  for (uint32_t i = 0; i < n; i += 8) {
    const __m256i g = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(docs + i));
    const __m256i x = PrefixSum8(_mm256_add_epi32(g, one), carry);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(docs + i), x);
    carry = _mm256_permutevar8x32_epi32(x, last);
  }
  const uint32_t base_sum = docs[n - 1] - static_cast<uint32_t>(start) - n - static_cast<uint32_t>(added);
  return start + n + added + base_sum;
}
#endif

bool Avx2Supported() {
#if RIWAYA_X86_SIMD
  __builtin_cpu_init();  // may run before libgcc's own constructor (static init)
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

const Kernels& KernelsFor(CodecIsa isa) {
#if RIWAYA_X86_SIMD
  if (isa == CodecIsa::kAvx2) return kAvx2Kernels;
#else
  (void)isa;
#endif
  return kScalarKernels;
}

// Chosen once, at static initialization, ahead of other translation units'
// static objects (init_priority), should one of them ever decode.
const Kernels kKernels __attribute__((init_priority(101))) =
    KernelsFor(Avx2Supported() ? CodecIsa::kAvx2 : CodecIsa::kScalar);

void PutBitmap(const uint32_t* v, uint32_t n, std::string& out) {
  for (uint32_t i = 0; i < n; i += 8) {
    uint8_t byte = 0;
    for (uint32_t k = 0; k < 8 && i + k < n; ++k)
      if (v[i + k]) byte |= uint8_t(1u << k);
    out.push_back(static_cast<char>(byte));
  }
}

}  // namespace

void PackValues(const uint32_t* v, uint32_t n, std::string& out) { Pack(v, n, false, out); }

namespace {

bool UnpackValuesWith(const Kernels& k, const uint8_t*& p, const uint8_t* end, uint32_t n, uint32_t* out) {
  PackedStream s;
  bool flag;
  if (!CheckStream(p, end, n, s, flag) || flag) return false;
  Unpack(k, s, n, out);
  return true;
}

}  // namespace

bool UnpackValues(const uint8_t*& p, const uint8_t* end, uint32_t n, uint32_t* out) {
  return UnpackValuesWith(kKernels, p, end, n, out);
}

void EncodeDocBlock(const uint32_t* docs, const uint32_t* tf_title, const uint32_t* tf_body,
                    const uint8_t* nonbare, uint32_t n, uint32_t prev_doc, std::string& out) {
  uint32_t tmp[kBlockSize];
  uint32_t prev = prev_doc;
  for (uint32_t i = 0; i < n; ++i) {
    tmp[i] = docs[i] - prev - 1;  // prev_doc = kNoPrevDoc before the first block: wraps to docs[0]
    prev = docs[i];
  }
  uint32_t titles[kBlockSize], nt = 0, has_title[kBlockSize], nb[kBlockSize];
  bool any_nonbare = false;
  for (uint32_t i = 0; i < n; ++i) {
    has_title[i] = tf_title[i] > 0;
    if (tf_title[i] > 0) titles[nt++] = tf_title[i];
    nb[i] = nonbare && nonbare[i];
    any_nonbare |= nb[i] != 0;
  }
  // Patched docid gaps save 575 KB on ANT (the index would otherwise be
  // larger than Lucene++'s) for up to ~8% more CPU in AND/OR, which decode
  // many blocks of the long lists to skip through them.
  Pack(tmp, n, nt > 0, out);
  Pack(tf_body, n, any_nonbare, out);
  if (nt > 0) {
    PutBitmap(has_title, n, out);
    Pack(titles, nt, false, out);
  }
  if (any_nonbare) PutBitmap(nb, n, out);
}

namespace {

// Rice parameters are stored in 5 bits: 31 covers any 32-bit value.
constexpr uint32_t kRiceBits = 5;
constexpr uint32_t kMaxRice = 31;

// Total Rice bits of values v at parameter k: k low bits, a stop bit and
// v >> k zeros each. `sum` (the values' sum) bounds the high parts' sum:
// 32-bit sums (twice as many per vector) when it fits.
uint64_t RiceCost(const uint32_t* v, size_t n, uint64_t sum, uint32_t k) {
  uint64_t high = 0;
  if (sum <= 0xffffffffull) {
    uint32_t h = 0;
    for (size_t i = 0; i < n; ++i) h += v[i] >> k;
    high = h;
  } else {
    for (size_t i = 0; i < n; ++i) high += v[i] >> k;
  }
  return uint64_t(n) * (k + 1) + high;
}

// The cheapest k (the smallest on a tie) and its cost, found by walking from
// the mean's bit length: the cost is convex in k (cost(k + 1) - cost(k) =
// n - sum of ceil((v >> k) / 2), which never decreases), so a few passes
// over the values suffice. `sum` is the values' sum.
uint32_t BestRice(const uint32_t* v, size_t n, uint64_t sum, uint64_t& cost) {
  uint32_t k = BitsFor(static_cast<uint32_t>(sum / n));
  if (k > kMaxRice) k = kMaxRice;
  cost = RiceCost(v, n, sum, k);
  bool down = false;
  while (k > 0) {
    const uint64_t c = RiceCost(v, n, sum, k - 1);
    if (c > cost) break;
    cost = c;
    --k;
    down = true;
  }
  while (!down && k < kMaxRice) {
    const uint64_t c = RiceCost(v, n, sum, k + 1);
    if (c >= cost) break;
    cost = c;
    ++k;
  }
  return k;
}

// ORs a stream of bits, LSB-first, into zeroed bytes from bit `start` of p,
// 32 bits at a time: two of them fill a block's low bits and its unary
// codes in one pass (where the sections meet, their bits merge in a byte).
// p must have 4 zero bytes of slack past the last bit written.
class OrBits {
 public:
  OrBits(uint8_t* p, uint64_t start) : p_(p + start / 8), have_(static_cast<uint32_t>(start % 8)) {}
  void Put(uint64_t v, uint32_t w) {  // v < 2^w, w <= 32
    acc_ |= v << have_;
    have_ += w;
    if (have_ >= 32) {
      Or32(static_cast<uint32_t>(acc_));
      acc_ >>= 32;
      have_ -= 32;
    }
  }
  void Unary(uint32_t q) {
    for (; q >= 32; q -= 32) Put(0, 32);
    Put(uint64_t(1) << q, q + 1);
  }
  void Finish() { Or32(static_cast<uint32_t>(acc_)); }

 private:
  void Or32(uint32_t v) {
    p_[0] |= static_cast<uint8_t>(v);
    p_[1] |= static_cast<uint8_t>(v >> 8);
    p_[2] |= static_cast<uint8_t>(v >> 16);
    p_[3] |= static_cast<uint8_t>(v >> 24);
    p_ += 4;
  }
  uint8_t* p_;
  uint64_t acc_ = 0;
  uint32_t have_;
};

// kSelectInByte[b * 8 + r]: index of the r-th set bit of byte b (r < its popcount).
constexpr std::array<uint8_t, 256 * 8> MakeSelectInByte() {
  std::array<uint8_t, 256 * 8> t{};
  for (uint32_t b = 0; b < 256; ++b) {
    uint32_t r = 0;
    for (uint32_t k = 0; k < 8; ++k)
      if ((b >> k) & 1) t[b * 8 + r++] = static_cast<uint8_t>(k);
  }
  return t;
}
constexpr auto kSelectInByte = MakeSelectInByte();

// Index (0-based) of the r-th set bit of x (r < its popcount), given
// prefix = BytePrefixCounts(x): the multiply locates the byte, a table the
// bit. No branches: the hop between two postings read varies too much to
// predict.
inline uint32_t SelectInWord(uint64_t x, uint64_t prefix, uint32_t r) {
  // Bytes whose prefix is <= r: their high bit survives 0x80 + r - prefix (no borrows: >= 0x40).
  const uint64_t le = ((uint64_t(r) * 0x0101010101010101ull) | 0x8080808080808080ull) - prefix;
  const uint32_t byte = static_cast<uint32_t>((((le >> 7) & 0x0101010101010101ull) * 0x0101010101010101ull) >> 56);
  const uint32_t before = static_cast<uint32_t>(((prefix << 8) >> (8 * byte)) & 0xff);
  const uint32_t b = static_cast<uint32_t>((x >> (8 * byte)) & 0xff);
  return 8 * byte + kSelectInByte[b * 8 + (r - before)];
}

}  // namespace

void EncodePositionBlock(const uint32_t* positions, const uint32_t* tf_title,
                         const uint32_t* tf_body, uint32_t n, std::string& out) {
  // The values, split by stream: leads (one per posting: a posting without
  // positions, which none is written as, takes a zero lead) and gaps.
  uint32_t leads[kBlockSize];
  thread_local std::vector<uint32_t> rests;
  size_t nr = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t c = tf_title[i] + tf_body[i];
    nr += c > 0 ? c - 1 : 0;
  }
  if (rests.size() < nr) rests.resize(nr);
  uint64_t lead_sum = 0, rest_sum = 0;
  const uint32_t* p = positions;
  uint32_t* r = rests.data();
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t tt = tf_title[i], c = tt + tf_body[i];
    leads[i] = c == 0 ? 0 : p[0] - (tt > 0 ? 0 : kBodyBase);
    lead_sum += leads[i];
    for (uint32_t j = 1; j < c; ++j) rest_sum += *r++ = p[j] - (j == tt ? kBodyBase : p[j - 1]);
    p += c;
  }
  uint64_t cost1, cost2 = 0;
  const uint32_t k1 = BestRice(leads, n, lead_sum, cost1);
  const uint32_t k2 = nr > 0 ? BestRice(rests.data(), nr, rest_sum, cost2) : 0;
  const uint64_t header = nr > 0 ? 2 * kRiceBits : kRiceBits;
  const uint64_t unary = header + uint64_t(n) * k1 + nr * k2;
  const size_t at = out.size(), bytes = (header + cost1 + cost2 + 7) / 8;
  out.resize(at + bytes + 4);  // zeroed, with slack for the last 32-bit ORs
  uint8_t* dst = reinterpret_cast<uint8_t*>(out.data()) + at;
  OrBits low(dst, 0), high(dst, unary);
  low.Put(k1, kRiceBits);
  if (nr > 0) low.Put(k2, kRiceBits);
  // Posting after posting: its lead, then its gaps (tfs of 0 have none).
  const uint32_t m1 = (1u << k1) - 1, m2 = (1u << k2) - 1;
  const uint32_t* g = rests.data();
  for (uint32_t i = 0; i < n; ++i) {
    low.Put(leads[i] & m1, k1);
    high.Unary(leads[i] >> k1);
    const uint32_t c = tf_title[i] + tf_body[i];
    for (const uint32_t* stop = g + (c > 0 ? c - 1 : 0); g < stop; ++g) {
      low.Put(*g & m2, k2);
      high.Unary(*g >> k2);
    }
  }
  low.Finish();
  high.Finish();
  out.resize(at + bytes);
}

bool PositionBlockReader::Init(const uint8_t* p, const uint8_t* end, const uint32_t* tf_title,
                               const uint32_t* tf_body, uint32_t n) {
  return InitWith(kKernels.isa, p, end, tf_title, tf_body, n);
}

bool PositionBlockReader::InitWith(CodecIsa isa, const uint8_t* p, const uint8_t* end, const uint32_t* tf_title,
                                   const uint32_t* tf_body, uint32_t n) {
  if (p >= end || n == 0 || n > kBlockSize) return false;
  // Every posting has a position. prefix_ keeps the running sums (Decode
  // finds a posting's values at once); 32-bit ones, exact when the total
  // fits 32 bits, which holds when every tf is below 2^24 (n <= 128) and is
  // checked in 64 bits otherwise.
  const TfSums t = KernelsFor(isa).prefix_tfs(tf_title, tf_body, n, prefix_);
  const uint32_t sum = prefix_[n], any = t.any, empty = t.empty;
  uint64_t total = sum;
  if (any >> 24) {
    total = 0;
    for (uint32_t k = 0; k < n; ++k) total += uint64_t(tf_title[k]) + tf_body[k];
  }
  if (empty > 0 || total > 0xffffffffull) return false;
  avail_bits_ = uint64_t(end - p) * 8;
  const uint64_t rest = total - n;
  const uint32_t header = rest > 0 ? 2 * kRiceBits : kRiceBits;
  if (avail_bits_ < header) return false;
  k1_ = BitsAt(p, 0, kRiceBits);
  k2_ = rest > 0 ? BitsAt(p, kRiceBits, kRiceBits) : 0;
  // Each value needs its stop bit: the unary stream holds `total` of them.
  const uint64_t unary = header + uint64_t(n) * k1_ + rest * k2_;
  if (unary > avail_bits_ || total > avail_bits_ - unary) return false;
  tt_ = tf_title;
  tb_ = tf_body;
  n_ = n;
  data_ = p;
  total_ = total;
  low_bit_ = header;
  unary_bit_ = unary;
  at_ = 0;
  at_bit_ = unary;
  last_ = kBlockSize;
  return true;
}

namespace {

// Reads unary codes (zeros, then a stop bit) from bit `bit` on, a word at a
// time: the word's consumed stop bits are cleared, so the next one is its
// lowest set bit. Every load starts before `avail` (inside the stream or its
// 8 bytes of padding); the caller checks that the last stop bit came before
// `avail`.
class UnaryReader {
 public:
  UnaryReader(const uint8_t* data, uint64_t bit, uint64_t avail) : data_(data), avail_(avail) { Load(bit); }
  // The next code's zeros; false if the stream ends before its stop bit.
  bool Next(uint64_t& q) {
    uint64_t zeros = 0;
    while (word_ == 0) {
      zeros += valid_ - cur_;
      if (base_ + valid_ >= avail_) return false;
      Load(base_ + valid_);
    }
    const uint32_t t = static_cast<uint32_t>(__builtin_ctzll(word_));
    q = zeros + t - cur_;
    cur_ = t + 1;
    word_ &= word_ - 1;
    return true;
  }
  // Steps past the next m codes: whole words counted by popcount, the last
  // one by a select. False if the stream ends first.
  bool Skip(uint64_t m) {
    for (;;) {
      const uint64_t prefix = BytePrefixCounts(word_);
      const uint32_t ones = static_cast<uint32_t>(prefix >> 56);
      if (ones >= m) {
        if (m > 0) {
          cur_ = SelectInWord(word_, prefix, static_cast<uint32_t>(m - 1)) + 1;
          // Clears the bits below cur_ (all zeros or consumed stop bits); cur_ <= 64.
          word_ = cur_ == 64 ? 0 : word_ & (~uint64_t(0) << cur_);
        }
        return true;
      }
      m -= ones;
      if (base_ + valid_ >= avail_) return false;
      Load(base_ + valid_);
    }
  }
  // Where the next code starts; past `avail` if a stop bit came from the padding.
  uint64_t bit() const { return base_ + cur_; }

 private:
  void Load(uint64_t bit) {
    std::memcpy(&word_, data_ + (bit >> 3), 8);
    word_ >>= bit & 7;
    base_ = bit;
    valid_ = 64 - (bit & 7);
    cur_ = 0;
  }
  const uint8_t* data_;
  uint64_t avail_;
  uint64_t word_ = 0, base_ = 0;  // word_: the bits from base_ on, the consumed ones cleared
  // Bits of word_ that are the stream's; bits consumed. 64-bit: stores of
  // decoded positions (uint32_t) cannot alias them.
  uint64_t valid_ = 0, cur_ = 0;
};

// Decodes one posting's c >= 1 positions: lows from bit `low` (the lead in
// k1 bits, then c - 1 gaps in k2 bits), high parts from `u`. Positions rise
// (never past 2^32 - 1; title ones stay below kBodyBase), else false.
inline bool DecodePosting(const uint8_t* data, uint64_t low, uint32_t k1, uint32_t k2, uint32_t tt, uint64_t c,
                          UnaryReader& u, uint32_t* o) {
  uint64_t q;
  if (!u.Next(q) || (q >> (32 - k1)) != 0) return false;
  uint64_t acc = (tt > 0 ? 0 : kBodyBase) + ((q << k1) | BitsAt(data, low, k1));
  uint64_t qor = 0;
  o[0] = static_cast<uint32_t>(acc);
  low += k1;
  for (uint64_t k = 1; k < c; ++k, low += k2) {
    if (k == tt) {
      if (acc >= kBodyBase) return false;  // the title ran into the body
      acc = kBodyBase;
    }
    if (!u.Next(q)) return false;
    qor |= q;
    acc += (q << k2) | BitsAt(data, low, k2);
    o[k] = static_cast<uint32_t>(acc);
  }
  // Each gap < 2^32 (checked once for all) and c < 2^32 gaps: acc cannot wrap 64 bits.
  return (qor >> (32 - k2)) == 0 && acc <= 0xffffffffull && (tt != c || acc < kBodyBase);
}

}  // namespace

const uint32_t* PositionBlockReader::Decode(uint32_t i, uint32_t& count) {
  if (i >= n_) return nullptr;
  if (i == last_) {  // asked again (a form view, say): still in the buffer
    count = last_count_;
    return buf_.data();
  }
  if (i < at_) {
    at_ = 0;
    at_bit_ = unary_bit_;
  }
  // Posting i's unary parts start after the prefix_[i]-th stop bit (Init
  // bounded the sums: no wrap).
  const uint32_t sum = prefix_[i];
  const uint32_t c = prefix_[i + 1] - sum;
  const uint32_t tt = tt_[i];
  // Locals: the compiler need not reload members after each position stored.
  const uint64_t avail = avail_bits_;
  const uint32_t k1 = k1_, k2 = k2_;
  const uint64_t low = low_bit_ + uint64_t(i) * k1 + uint64_t(sum - i) * k2;
  UnaryReader u(data_, at_bit_, avail);
  if (!u.Skip(sum - prefix_[at_])) return nullptr;
  // Init checked the tfs' sum against the bytes: c values fit, and so do their lows.
  if (buf_.size() < c + kPositionsPad) buf_.resize(c + kPositionsPad);
  if (!DecodePosting(data_, low, k1, k2, tt, c, u, buf_.data()) || u.bit() > avail) return nullptr;
  // The next read starts past this posting: only once its codes are known
  // to lie inside the block.
  at_ = i + 1;
  at_bit_ = u.bit();
  last_ = i;
  last_count_ = count = c;
  return buf_.data();
}

const uint8_t* PositionBlockReader::End() {
  UnaryReader u(data_, at_bit_, avail_bits_);
  if (!u.Skip(total_ - prefix_[at_]) || u.bit() > avail_bits_) return nullptr;
  return data_ + (u.bit() + 7) / 8;
}

const uint8_t* PositionBlockReader::DecodeAll(std::vector<uint32_t>& positions) {
  positions.resize(total_);  // bounded by the bytes: Init checked a stop bit per value
  uint32_t* out = positions.data();
  UnaryReader u(data_, unary_bit_, avail_bits_);
  uint64_t low = low_bit_;
  for (uint32_t i = 0; i < n_; ++i) {
    const uint32_t tt = tt_[i];
    const uint64_t c = uint64_t(tt) + tb_[i];
    if (!DecodePosting(data_, low, k1_, k2_, tt, c, u, out)) return nullptr;
    out += c;
    low += k1_ + (c - 1) * k2_;
  }
  if (u.bit() > avail_bits_) return nullptr;
  return data_ + (u.bit() + 7) / 8;
}

// Remap (occurrence counts over ANT: 1 > 2 > 3 > 0 > 4 > ...), then gamma:
// r + 1 = x written as L zero bits, a one, and the low L bits of x.
void EncodeVariantIds(const uint32_t* vids, size_t count, std::string& out) {
  auto remap = [](uint32_t v) { return uint64_t(v == 0 ? 3 : (v <= 3 ? v - 1 : v)) + 1; };
  uint64_t total = 0;  // 2L + 1 bits per id
  for (size_t i = 0; i < count; ++i) total += 2 * BitsFor(static_cast<uint32_t>(remap(vids[i]))) - 1;
  BitSink bits(out, total);
  for (size_t i = 0; i < count; ++i) {
    const uint64_t x = remap(vids[i]);
    const uint32_t l = BitsFor(static_cast<uint32_t>(x)) - 1;
    const uint64_t low = x & ((uint64_t(1) << l) - 1);
    if (l < 16) {  // the whole code in one write (ids are small: nearly always)
      bits.Put((low << (l + 1)) | (uint64_t(1) << l), 2 * l + 1);
    } else {
      bits.Put(uint64_t(1) << l, l + 1);
      bits.Put(low, l);
    }
  }
  bits.Finish();
}

bool DecodeVariantIds(const uint8_t* p, const uint8_t* end, size_t count, uint32_t* out) {
  if (p > end) return false;
  const uint64_t avail = uint64_t(end - p) * 8;
  uint64_t bit = 0;
  for (size_t i = 0; i < count; ++i) {
    if (bit >= avail) return false;
    uint64_t word;
    std::memcpy(&word, p + (bit >> 3), 8);  // the positions section is padded
    word >>= bit & 7;
    if (word == 0) return false;
    const uint32_t l = static_cast<uint32_t>(__builtin_ctzll(word));
    if (l > 24 || bit + 2 * l + 1 > avail) return false;
    const uint64_t x = (uint64_t(1) << l) | (l ? BitsAt(p, bit + l + 1, l) : 0);
    bit += 2 * l + 1;
    const uint32_t r = static_cast<uint32_t>(x - 1);
    out[i] = r == 3 ? 0 : (r < 3 ? r + 1 : r);
  }
  return true;
}

namespace {

inline uint32_t ByteMask(uint32_t bytes) { return bytes >= 4 ? 0xffffffffu : (uint32_t(1) << (8 * bytes)) - 1; }
inline uint32_t BytesFor(uint32_t v) { return (BitsFor(v) + 7) / 8; }

// max_w as 16 bits: a float's top bits from 2^-16 (5 exponent bits, 11 of
// mantissa), rounded up; 0xffff is +inf (and anything at or past 2^16).
// (The builder already rounded the exact bound up to `f`.)
constexpr uint32_t kWBase = (127u - 16) << 23;
uint16_t EncodeMaxW(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  if (!(f > 0) || bits <= kWBase) return 0;
  const uint64_t code = (uint64_t(bits - kWBase) + 0xfff) >> 12;
  return static_cast<uint16_t>(code >= 0xffff ? 0xffff : code);
}
float DecodeMaxW(uint16_t code) {
  if (code == 0xffff) return std::numeric_limits<float>::infinity();
  const uint32_t bits = kWBase + (uint32_t(code) << 12);
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

// The low `bytes` bytes of v, little-endian.
void PutLittle(std::string& out, uint32_t v, uint32_t bytes) {
  for (uint32_t k = 0; k < bytes; ++k) out.push_back(static_cast<char>(v >> (8 * k)));
}

}  // namespace

bool SkipTable::Open(const uint8_t* p, const uint8_t* end, uint32_t nb) {
  if (p >= end || nb < 2) return false;
  const uint32_t db = *p & 7, pb = *p >> 3;
  if (db > 4 || pb > 4) return false;
  db_ = db;
  stride_ = db + pb + kBoundBytes;
  dmask_ = ByteMask(db);
  pmask_ = ByteMask(pb);
  size_ = 1 + size_t(nb) * (4 + stride_);
  if (static_cast<size_t>(end - p) < size_) return false;
  last_ = p + 1;
  rec_ = last_ + size_t(nb) * 4;
  return true;
}

BlockMeta SkipTable::Meta(uint32_t b) const {
  BlockMeta m;
  m.last_doc = last_doc(b);
  m.doc_offset = doc_offset(b);
  m.pos_offset = pos_offset(b);
  const uint8_t* q = rec_ + size_t(b) * stride_ + stride_ - kBoundBytes;
  const uint32_t tb = q[2] | uint32_t(q[3]) << 8;
  m.max_w = DecodeMaxW(static_cast<uint16_t>(q[0] | q[1] << 8));
  m.max_tf_body = tb == 0xffff ? 0xffffffffu : tb;
  m.min_len_body = q[4] | uint32_t(q[5]) << 8;
  m.max_tf_title = q[6] == 0xff ? 65535 : q[6];
  m.min_len_title = q[7];
  return m;
}

void SkipTable::Encode(const BlockMeta* metas, uint32_t nb, std::string& out) {
  uint32_t dmax = 0, pmax = 0;
  for (uint32_t b = 0; b < nb; ++b) {
    dmax = std::max(dmax, metas[b].doc_offset);
    pmax = std::max(pmax, metas[b].pos_offset);
  }
  const uint32_t db = BytesFor(dmax), pb = BytesFor(pmax);
  out.push_back(static_cast<char>(db | pb << 3));
  for (uint32_t b = 0; b < nb; ++b) PutLittle(out, metas[b].last_doc, 4);
  for (uint32_t b = 0; b < nb; ++b) {
    const BlockMeta& m = metas[b];
    PutLittle(out, m.doc_offset, db);
    PutLittle(out, m.pos_offset, pb);
    PutLittle(out, EncodeMaxW(m.max_w), 2);
    PutLittle(out, std::min<uint32_t>(m.max_tf_body, 0xffff), 2);
    PutLittle(out, std::min<uint32_t>(m.min_len_body, 0xffff), 2);
    PutLittle(out, std::min<uint32_t>(m.max_tf_title, 0xff), 1);
    PutLittle(out, std::min<uint32_t>(m.min_len_title, 0xff), 1);
  }
}

namespace {

bool DecodeDocsWith(const Kernels& k, const uint8_t* p, const uint8_t* end, uint32_t n, uint32_t prev_doc,
                    DocBlock& b) {
  if (n == 0 || n > kBlockSize) return false;
  PackedStream s;
  bool title;
  if (!CheckStream(p, end, n, s, title)) return false;
  // Before the first block, "previous docid" is -1: the first gap is the docid.
  const uint64_t start = prev_doc == kNoPrevDoc ? ~uint64_t(0) : prev_doc;
  // Every step adds at least 1, so the docids rise strictly unless they wrapped.
  uint64_t last;
  if (s.ne == 0) {
    last = k.delta[s.w](s.low, n, start, b.docs);
  } else {
    last = k.sum_patched(s, n, start, b.docs);
  }
  if (last > 0xffffffffull) return false;
  b.n = n;
  b.tf_data = p;
  b.end = end;
  b.has_title = title;
  b.tfs_ready = false;
  b.tfs_parsed = false;
  return true;
}

}  // namespace

bool DecodeDocs(const uint8_t* p, const uint8_t* end, uint32_t n, uint32_t prev_doc, DocBlock& b) {
  return DecodeDocsWith(kKernels, p, end, n, prev_doc, b);
}

bool CodecIsaSupported(CodecIsa isa) { return isa == CodecIsa::kScalar || Avx2Supported(); }
bool UnpackValuesWith(CodecIsa isa, const uint8_t*& p, const uint8_t* end, uint32_t n, uint32_t* out) {
  return UnpackValuesWith(KernelsFor(isa), p, end, n, out);
}
bool DecodeDocsWith(CodecIsa isa, const uint8_t* p, const uint8_t* end, uint32_t n, uint32_t prev_doc, DocBlock& b) {
  return DecodeDocsWith(KernelsFor(isa), p, end, n, prev_doc, b);
}

uint32_t RankedTitleTf(const DocBlock& b, uint32_t i) {
  // Rank of bit i: whole 8-byte words, then the partial word (bitmaps are
  // padded: reading past the last byte is safe, and masked off).
  uint32_t rank = 0;
  uint32_t k = 0;
  uint64_t w;
  for (; k + 64 <= i; k += 64) {
    std::memcpy(&w, b.title_bits + (k >> 3), 8);
    rank += Popcount64(w);
  }
  std::memcpy(&w, b.title_bits + (k >> 3), 8);
  rank += Popcount64(w & ((uint64_t(1) << (i - k)) - 1));
  return ExtractPacked(b.title, rank);
}

bool ParseTfs(DocBlock& b) {
  const uint8_t* p = b.tf_data;
  const uint8_t* end = b.end;
  bool nonbare;
  if (!CheckStream(p, end, b.n, b.tf, nonbare)) return false;
  b.tf_patched[0] = b.tf_patched[1] = 0;
  for (uint32_t k = 0; k < b.tf.ne; ++k) b.tf_patched[b.tf.idx[k] >> 6] |= uint64_t(1) << (b.tf.idx[k] & 63);
  const size_t bitmap = (b.n + 7) / 8;
  b.title_bits = b.nonbare_bits = nullptr;
  if (b.has_title) {
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
    bool flag;
    if (!CheckStream(p, end, nt, b.title, flag) || flag) return false;
  }
  if (nonbare) {
    if (static_cast<size_t>(end - p) < bitmap) return false;
    b.nonbare_bits = p;
  }
  b.tfs_parsed = true;
  return true;
}

bool DecodeTfs(DocBlock& b) {
  if (!b.tfs_parsed && !ParseTfs(b)) return false;
  Unpack(kKernels, b.tf, b.n, b.tf_body);
  std::memset(b.tf_title, 0, sizeof(uint32_t) * b.n);
  if (b.title_bits) {
    uint32_t titles[kBlockSize];
    Unpack(kKernels, b.title, b.title_n, titles);
    // Only the set bits are visited (titles are rare): no branch per posting.
    // Bits past n are masked off, so at most title_n are set.
    uint32_t k = 0;
    for (uint32_t base = 0; base < b.n; base += 64) {
      uint64_t w = Load64(b.title_bits + (base >> 3));
      if (b.n - base < 64) w &= (uint64_t(1) << (b.n - base)) - 1;
      for (; w != 0; w &= w - 1) b.tf_title[base + static_cast<uint32_t>(__builtin_ctzll(w))] = titles[k++];
    }
  }
  b.tfs_ready = true;
  return true;
}

}  // namespace riwaya::index
