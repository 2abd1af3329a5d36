// Postings codec: blocks of up to 128 postings. Each block holds docid gaps
// and term frequencies as patched frame-of-reference streams (PackedStream:
// one base bit width per stream, the few wider values patched), and, in a
// separate stream, each posting's positions as Rice-coded gaps
// (EncodePositionBlock). Decoding never trusts a length it
// has not checked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace riwaya::index {

inline constexpr uint32_t kBlockSize = 128;
// prev_doc of the first block: docids are stored as (gap - 1), so doc 0 fits.
inline constexpr uint32_t kNoPrevDoc = 0xffffffffu;

// Skip entry for a block of a multi-block postings list (lists of one block
// carry none), as read (SkipTable::Meta). The score bound fields let the
// evaluator bound BM25F for every document of the block under any
// collection statistics.
struct BlockMeta {
  uint32_t last_doc;
  uint32_t doc_offset;    // from the start of the block data area
  uint32_t pos_offset;    // from the start of the term's positions
  uint32_t max_tf_body;   // an upper bound (0xffffffff: unbounded)
  uint16_t max_tf_title;  // saturated: the stored value is an upper bound only if < 65535
  uint16_t min_len_title; // saturated downward: always a lower bound
  uint32_t min_len_body;  // saturated downward: always a lower bound
  // Largest BM25F field-weighted tf in the block under the segment's own
  // statistics and parameters (rounded up, +inf if too large to store): a
  // tight bound when the searcher's statistics are the segment's (one
  // segment, or identical ones).
  float max_w;
};

// The skip table at the start of a multi-block list's postings:
//   [db | pb << 3]  [last_doc: u32 per block]
//   [per block: doc_offset in db bytes, pos_offset in pb bytes, then 8 bytes
//    of bounds: max_w (u16, 11-bit mantissa rounded up), max_tf_body (u16),
//    min_len_body (u16), max_tf_title (u8), min_len_title (u8), each
//    saturated on the safe side]
// db, pb <= 4 are the fewest bytes that hold the list's largest offsets.
// Fields are read alone: the hot paths need one or two of them. Offsets are
// 4-byte loads masked to their width (the bounds after them keep the loads
// inside the table).
class SkipTable {
 public:
  static constexpr uint32_t kBoundBytes = 8;
  // Locates the table of a list of nb > 1 blocks at [p, end); false if its
  // header is malformed or the table does not fit.
  bool Open(const uint8_t* p, const uint8_t* end, uint32_t nb);
  // Fewest bytes a table of nb blocks takes (a cheap check for the lexicon).
  static uint64_t MinBytes(uint32_t nb) { return 1 + uint64_t(nb) * (4 + kBoundBytes); }
  // Bytes of the table (valid after Open).
  size_t bytes() const { return size_; }
  uint32_t last_doc(uint32_t b) const {
    uint32_t v;
    std::memcpy(&v, last_ + size_t(b) * 4, 4);
    return v;
  }
  uint32_t doc_offset(uint32_t b) const { return Load32(rec_ + size_t(b) * stride_) & dmask_; }
  uint32_t pos_offset(uint32_t b) const { return Load32(rec_ + size_t(b) * stride_ + db_) & pmask_; }
  BlockMeta Meta(uint32_t b) const;
  // Writes the table of `metas` (one per block, offsets rising from 0).
  static void Encode(const BlockMeta* metas, uint32_t nb, std::string& out);

 private:
  static uint32_t Load32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }
  const uint8_t* last_ = nullptr;
  const uint8_t* rec_ = nullptr;
  size_t size_ = 0;
  uint32_t stride_ = 0, db_ = 0, dmask_ = 0, pmask_ = 0;
};

// Running byte counts of x (SWAR): byte j of the result holds the number of
// set bits in bytes 0..j of x, so the top byte is its popcount.
inline uint64_t BytePrefixCounts(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
  return x * 0x0101010101010101ull;
}
// Portable popcount: the build targets baseline x86-64, where
// __builtin_popcount becomes a library call in the hottest loops.
inline uint32_t Popcount64(uint64_t x) { return static_cast<uint32_t>(BytePrefixCounts(x) >> 56); }

// LEB128 varints.
void PutVarint(std::string& out, uint64_t v);
// Returns false (and leaves `v`) on truncated or overlong input.
bool GetVarint(const uint8_t*& p, const uint8_t* end, uint64_t& v);

// Encodes one block. `docs` ascending, each > `prev_doc` (kNoPrevDoc before
// the first block). `positions` holds, for each
// posting, tf_title + tf_body ascending positions (may be null: no positions).
// `nonbare` (may be null = all bare) flags postings where some occurrence's
// written form differs from the term (see index.h: exact forms).
void EncodeDocBlock(const uint32_t* docs, const uint32_t* tf_title, const uint32_t* tf_body,
                    const uint8_t* nonbare, uint32_t n, uint32_t prev_doc, std::string& out);
// Positions of one block, as Rice codes in one bit stream (LSB-first):
//   [k1: 5 bits] [k2: 5 bits, only if the block has gaps]
//   [low bits: posting after posting, its lead's low k1 bits, then its
//    gaps' low k2 bits each]
//   [high parts: posting after posting, value after value, v >> k as that
//    many zero bits and a one (the stop bit)]
// then zero bits to a byte. A posting's lead is its first position from its
// field's base; its gaps run from the previous position of its field (the
// first body one from kBodyBase). k1 and k2 (<= 31) are each stream's
// cheapest parameter over the block (exact cost). With S the sum of the tfs
// before posting i, its low bits start at bit i * k1 + (S - i) * k2 of that
// section and its high parts after the S-th stop bit: a popcount per 64 bits
// finds them, without decoding any other posting.
void EncodePositionBlock(const uint32_t* positions, const uint32_t* tf_title,
                         const uint32_t* tf_body, uint32_t n, std::string& out);
// Variant ids (segment.h: exact forms) of a block's nonbare occurrences,
// after its positions: Elias-gamma codes of a frequency-ordered remap (most
// occurrences use the term's most frequent written form: one bit).
void EncodeVariantIds(const uint32_t* vids, size_t count, std::string& out);
// Decodes `count` ids at [p, end); false if they do not fit or are malformed.
// Like the reader below, it may load up to 8 bytes past `end`: callers pad.
bool DecodeVariantIds(const uint8_t* p, const uint8_t* end, size_t count, uint32_t* out);

// Instruction sets of the decoders (see UnpackValuesWith below).
enum class CodecIsa { kScalar, kAvx2 };

// Values readable past the last of a decoded posting's positions (so that
// they can be compared several at a time).
inline constexpr uint32_t kPositionsPad = 8;

// Reads one block's positions (EncodePositionBlock). Reading posting i
// counts stop bits from the last posting read (forward), or from the start.
// Never uses a bit outside [p, end), but loads 8 bytes at a time: callers
// pad 8 bytes past `end`.
class PositionBlockReader {
 public:
  // `tf_title` / `tf_body`: the block's n decoded tfs (they must stay put
  // while the reader is used). False if the header is corrupt, a posting has
  // no position, or the tfs ask for more values than the bytes can hold.
  bool Init(const uint8_t* p, const uint8_t* end, const uint32_t* tf_title, const uint32_t* tf_body, uint32_t n);
  // Init with one instruction set's running sums (tests compare them; the
  // set must be supported: CodecIsaSupported).
  bool InitWith(CodecIsa isa, const uint8_t* p, const uint8_t* end, const uint32_t* tf_title,
                const uint32_t* tf_body, uint32_t n);
  // Decodes posting i's tf_title + tf_body positions, ascending (title ones
  // < kBodyBase), into a buffer of the reader's (valid until the next
  // Decode; kPositionsPad values past the last may be read) and sets count.
  // nullptr if i >= n, its codes run past the block's bytes, or a position
  // would pass 2^32 - 1 or a title one reach kBodyBase.
  const uint32_t* Decode(uint32_t i, uint32_t& count);
  // Byte just past the block's positions (its variant ids start there);
  // nullptr if corrupt.
  const uint8_t* End();
  // Every posting's positions at once (merging), concatenated into `out`
  // (resized to the block's tf sum); returns End(), or nullptr (out
  // unspecified) when any posting is refused as Decode refuses it.
  const uint8_t* DecodeAll(std::vector<uint32_t>& out);

 private:
  const uint32_t* tt_ = nullptr;
  const uint32_t* tb_ = nullptr;
  uint32_t n_ = 0, k1_ = 0, k2_ = 0;
  const uint8_t* data_ = nullptr;
  uint64_t avail_bits_ = 0;
  uint64_t total_ = 0;                     // sum of the block's tfs
  uint64_t low_bit_ = 0, unary_bit_ = 0;   // where the two sections start
  // prefix_[j]: the sum of the tfs before posting j (j <= n).
  uint32_t prefix_[kBlockSize + 1] = {};
  // Where posting at_'s high parts start: the next read goes on from there.
  uint32_t at_ = 0;
  uint64_t at_bit_ = 0;
  // Decode's output (grown, never shrunk: no refill as the counts vary),
  // holding posting last_'s last_count_ positions.
  std::vector<uint32_t> buf_;
  uint32_t last_ = kBlockSize, last_count_ = 0;
};

// Most patches a stream holds (title tfs read in place scan them; a patch
// costs 8 + high bits, so it only pays for outliers anyway: more than 32
// saved 0.2 KB on ANT).
inline constexpr uint32_t kMaxPatches = 32;
static_assert(kBlockSize <= 128, "patch indices are bytes; DocBlock::tf_patched holds 128 bits");

// A patched frame-of-reference stream of n values, as written:
//   [h: base width w (bits 0-5), has patches (bit 6), a flag of the caller (bit 7)]
//   if patches: [ne - 1][hw - 1][ne rising posting indices, a byte each][ne high parts, hw bits each]
//   [n values' low w bits]
// (patches first: a decoder reads them with the header, from one cache
// line, then streams the low bits)
// Value i is its low bits, plus (high part << w) when i is patched
// (w + hw <= 32). The encoder picks the w of fewest bytes.
struct PackedStream {
  const uint8_t* low = nullptr;
  const uint8_t* idx = nullptr;   // patched indices, rising
  const uint8_t* high = nullptr;  // their high parts
  uint32_t w = 0, ne = 0, hw = 0;
};

// Decoded block. Docids are decoded whole; term frequencies only on demand:
// one posting at a time in place (ParseTfs, then TfBody/TfTitle/NonBare), or
// the whole block's tf arrays (DecodeTfs). Nonbare flags stay a bitmap.
// Encoded streams may be read up to 8 bytes past their end: callers pad.
struct DocBlock {
  uint32_t n = 0;
  // Padded (zeroed once) so that 8 docids can be loaded from any index < n.
  uint32_t docs[kBlockSize + 8] = {};
  uint32_t tf_body[kBlockSize];   // valid once tfs_ready
  uint32_t tf_title[kBlockSize];  // valid once tfs_ready
  const uint8_t* tf_data = nullptr;  // where tfs start
  const uint8_t* end = nullptr;
  bool has_title = false;  // the docid stream's flag
  bool tfs_ready = false;
  // The tf streams, located and checked (ParseTfs).
  bool tfs_parsed = false;
  uint32_t title_n = 0;
  PackedStream tf, title;
  uint64_t tf_patched[2] = {};  // which body tfs are patched (bit i: posting i)
  const uint8_t* title_bits = nullptr;  // null: no title occurrences in the block
  const uint8_t* nonbare_bits = nullptr;  // null: every posting is bare
};

// Decodes the docids of a block of `n` postings at [p, end), checking that
// they rise strictly from `prev_doc` without wrapping. Returns false on corruption.
bool DecodeDocs(const uint8_t* p, const uint8_t* end, uint32_t n, uint32_t prev_doc, DocBlock& b);
// Parses (if not yet) and decodes the tf arrays. Returns false on corruption.
bool DecodeTfs(DocBlock& b);
// Checks and locates the tf streams so single postings can be read (below).
bool ParseTfs(DocBlock& b);
// The w bits (w <= 32) at bit offset `bit` of p: one unaligned 8-byte load
// covers them (they start at most 7 bits into their byte); p must be
// readable 8 bytes past that byte (streams are padded).
inline uint32_t BitsAt(const uint8_t* p, uint64_t bit, uint32_t w) {
  uint64_t word;
  std::memcpy(&word, p + (bit >> 3), 8);
  return static_cast<uint32_t>((word >> (bit & 7)) & ((uint64_t(1) << w) - 1));
}
// Value i of a checked patched stream (nothing is read for w = 0): its low
// bits, then a scan of the (few, rising) patch positions.
inline uint32_t ExtractPacked(const PackedStream& s, uint32_t i) {
  uint32_t v = s.w == 0 ? 0 : BitsAt(s.low, uint64_t(i) * s.w, s.w);
  for (uint32_t k = 0; k < s.ne && s.idx[k] <= i; ++k)
    if (s.idx[k] == i) return v | BitsAt(s.high, uint64_t(k) * s.hw, s.hw) << s.w;
  return v;
}
// One posting's frequencies, once ParseTfs succeeded (inline: scoring reads
// them per match). A patched body tf is found through the block's bitmap of
// patches, ranked (no scan).
__attribute__((always_inline)) inline uint32_t TfBody(const DocBlock& b, uint32_t i) {
  const PackedStream& s = b.tf;
  uint32_t v = s.w == 0 ? 0 : BitsAt(s.low, uint64_t(i) * s.w, s.w);
  const uint64_t m = b.tf_patched[i >> 6];
  if (__builtin_expect((m >> (i & 63)) & 1, 0)) {
    const uint32_t k = Popcount64(m & ((uint64_t(1) << (i & 63)) - 1)) + (i >= 64 ? Popcount64(b.tf_patched[0]) : 0);
    v |= BitsAt(s.high, uint64_t(k) * s.hw, s.hw) << s.w;
  }
  return v;
}
// A posting's title tf when its title bit is set: its rank among the set
// bits picks its value (out of line: titles are rare).
uint32_t RankedTitleTf(const DocBlock& b, uint32_t i);
// Inline: scoring asks every match, and nearly all have no title occurrence.
__attribute__((always_inline)) inline uint32_t TfTitle(const DocBlock& b, uint32_t i) {
  if (!b.title_bits || !((b.title_bits[i >> 3] >> (i & 7)) & 1)) return 0;
  return RankedTitleTf(b, i);
}
inline bool NonBare(const DocBlock& b, uint32_t i) {
  return b.nonbare_bits && ((b.nonbare_bits[i >> 3] >> (i & 7)) & 1);
}
// One patched stream of `n` values (PackedStream, flag 0), as the doc block
// streams are written (public so that tests reach every width's
// specialised decoder and the patches).
void PackValues(const uint32_t* v, uint32_t n, std::string& out);
// Reads such a stream at p and advances p; false if it does not fit before
// `end`, its flag is set or its patches are malformed.
bool UnpackValues(const uint8_t*& p, const uint8_t* end, uint32_t n, uint32_t* out);

// The stream decoders exist per instruction set: scalar/SSE2 (baseline
// x86-64) and, on x86, AVX2, used when the CPU has it (chosen once, at
// start-up). Both give identical values and verdicts and read no further
// past a stream than the other. The hooks below run one set explicitly
// (tests compare them); a set must be supported.
bool CodecIsaSupported(CodecIsa isa);
bool UnpackValuesWith(CodecIsa isa, const uint8_t*& p, const uint8_t* end, uint32_t n, uint32_t* out);
bool DecodeDocsWith(CodecIsa isa, const uint8_t* p, const uint8_t* end, uint32_t n, uint32_t prev_doc, DocBlock& b);

}  // namespace riwaya::index
